/** Media types POST /api/v1/import accepts for its JSON Lines body. */
export const IMPORT_MEDIA_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines"] as const;
