/** Limits of bulk import files, shared by the parser (which enforces them) and the page (which states them). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
