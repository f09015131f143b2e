/*
 * CSV exports of the analytics tables. RFC 4180 (CRLF, fields quoted when needed, quotes
 * doubled), UTF-8 with a byte-order mark so that spreadsheet programs read Korean correctly, and
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) defused with
 * a leading apostrophe: exported names are user-written text.
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value);
  if (typeof value === "string" && FORMULA_START.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  const lines = [header.map(csvCell).join(","), ...rows.map((row) => row.map(csvCell).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A file name safe in a Content-Disposition header (ASCII letters, digits, dots and dashes). */
export function csvFileName(parts: readonly string[]): string {
  const base = parts
    .map((part) => part.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""))
    .filter(Boolean)
    .join("-");
  return `${base || "export"}.csv`;
}
