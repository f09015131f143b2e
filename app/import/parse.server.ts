import ExcelJS from "exceljs";
import Papa from "papaparse";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./limits";
import type { ImportIssue, ParsedFile, ParsedRecord } from "./validate";

/*
 * Reading an uploaded supplier file into records (column → raw cell value) with their row
 * numbers. No judgement of the values here: the interchange schema does that for every format
 * alike. The format is decided by content where it can be (XLSX is a ZIP, JSON Lines starts
 * with "{"), by the file name otherwise.
 */

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };

export type ImportFormat = ParsedFile["format"];

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function extensionOf(fileName: string) {
  const match = /\.([a-z0-9]+)$/i.exec(fileName.trim());
  return match ? match[1]!.toLowerCase() : "";
}

export function detectImportFormat(fileName: string, bytes: Uint8Array): ImportFormat | null {
  const extension = extensionOf(fileName);
  const isZip = ZIP_SIGNATURE.every((value, index) => bytes[index] === value);
  if (isZip) return extension === "xlsx" || extension === "" ? "xlsx" : null;
  if (extension === "xlsx") return "xlsx"; // not a ZIP: reported as unreadable
  if (["jsonl", "ndjson", "json"].includes(extension)) return "jsonl";
  if (["csv", "txt"].includes(extension)) return "csv";
  if (extension !== "") return null;
  const text = decodeText(bytes.subarray(0, 4096)).trimStart();
  return text.startsWith("{") ? "jsonl" : "csv";
}

/**
 * UTF-8 (with or without BOM); files that are not valid UTF-8 are read as EUC-KR/CP949, which is
 * what Korean Excel writes when it saves "CSV" without choosing UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("euc-kr").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function normalizeHeader(value: unknown): string {
  return String(value ?? "")
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();
}

/** Spreadsheet exports prefix formula-like text with ' (see serialize.server.ts); take it off again. */
function unguardCell(value: string): string {
  return /^'[=+@\t\r]/.test(value) ? value.slice(1) : value;
}

function tooManyRows(): ImportIssue {
  return { row: 0, field: "", severity: "error", code: "import.file.too_many_rows", params: { maximum: MAX_IMPORT_ROWS } };
}

function unreadable(format: string): ParsedFile {
  return {
    format: format === "XLSX" ? "xlsx" : format === "JSON Lines" ? "jsonl" : "csv",
    records: [],
    columns: [],
    issues: [{ row: 0, field: "", severity: "error", code: "import.file.unreadable", params: { format } }],
  };
}

export function parseCsv(text: string): ParsedFile {
  // The delimiter is fixed: `;` separates list entries inside a cell and must never split columns.
  const result = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: false });
  const rows = result.data;
  const issues: ImportIssue[] = [];
  const header = rows[0];
  if (!header || header.every((cell) => cell.trim() === "")) {
    return { format: "csv", records: [], columns: [], issues };
  }
  const columns = header.map(normalizeHeader);
  const brokenRows = new Set<number>();
  for (const error of result.errors) {
    // Papa counts data rows from 0 at the first line: row number = index + 1.
    if (typeof error.row === "number" && error.code !== "UndetectableDelimiter") {
      const row = error.row + 1;
      if (!brokenRows.has(row)) {
        brokenRows.add(row);
        issues.push({ row, field: "", severity: "error", code: "import.error.csv_row", params: {} });
      }
    }
  }
  const records: ParsedRecord[] = [];
  for (let index = 1; index < rows.length; index++) {
    const cells = rows[index]!;
    const row = index + 1;
    if (brokenRows.has(row) || cells.every((cell) => cell.trim() === "")) continue;
    if (records.length >= MAX_IMPORT_ROWS) return { format: "csv", records: [], columns, issues: [tooManyRows()] };
    const data: Record<string, unknown> = {};
    columns.forEach((column, position) => {
      if (column !== "" && cells[position] !== undefined) data[column] = unguardCell(cells[position]!);
    });
    records.push({ row, data });
  }
  return { format: "csv", records, columns, issues };
}

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string") return unguardCell(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("formula" in value || "sharedFormula" in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ("hyperlink" in value) return (value as { text?: unknown }).text;
    if ("error" in value) return undefined;
  }
  return undefined;
}

export async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return unreadable("XLSX");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return unreadable("XLSX");
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1) return { format: "xlsx", records: [], columns: [], issues: [tooManyRows()] };
  const headerRow = sheet.getRow(1);
  const columns: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, column) => {
    columns[column - 1] = normalizeHeader(cellValue(cell.value));
  });
  for (let index = 0; index < columns.length; index++) columns[index] ??= "";
  const records: ParsedRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const data: Record<string, unknown> = {};
    let hasValue = false;
    columns.forEach((column, position) => {
      if (column === "") return;
      const value = cellValue(row.getCell(position + 1).value);
      if (value !== undefined && !(typeof value === "string" && value.trim() === "")) hasValue = true;
      if (value !== undefined) data[column] = value;
    });
    if (hasValue) records.push({ row: rowNumber, data });
  });
  return { format: "xlsx", records, columns: columns.filter((column) => column !== ""), issues: [] };
}

export function parseJsonLines(text: string): ParsedFile {
  const lines = text.split(/\r?\n/);
  const records: ParsedRecord[] = [];
  const issues: ImportIssue[] = [];
  const columns = new Set<string>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "") continue;
    const row = index + 1;
    if (records.length + issues.length >= MAX_IMPORT_ROWS) return { format: "jsonl", records: [], columns: [], issues: [tooManyRows()] };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      issues.push({ row, field: "", severity: "error", code: "import.error.invalid_json", params: {} });
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      issues.push({ row, field: "", severity: "error", code: "import.error.not_object", params: {} });
      continue;
    }
    const data = value as Record<string, unknown>;
    for (const key of Object.keys(data)) columns.add(key);
    records.push({ row, data });
  }
  // Unknown keys in JSON lines are reported once per file, like unknown CSV columns.
  return { format: "jsonl", records, columns: [...columns], issues };
}

/**
 * PostgreSQL text and jsonb cannot hold the NUL character, so a row carrying one (a binary paste,
 * a "\u0000" escape in JSON) is refused here with its own message instead of failing the run's
 * write.
 */
export function refuseNulCharacters(file: ParsedFile): ParsedFile {
  const flagged = file.records.filter((record) => JSON.stringify(record.data).includes("\\u0000"));
  if (flagged.length === 0) return file;
  const rows = new Set(flagged.map((record) => record.row));
  return {
    ...file,
    records: file.records.filter((record) => !rows.has(record.row)),
    issues: [...file.issues, ...flagged.map((record): ImportIssue => ({ row: record.row, field: "", severity: "error", code: "import.error.nul_character", params: {} }))].sort(
      (a, b) => a.row - b.row,
    ),
  };
}

/** Reads any supported file; problems come back as issues, never as exceptions. */
export async function parseImportFile({ fileName, bytes }: { fileName: string; bytes: Uint8Array }): Promise<ParsedFile | { error: ImportIssue }> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { error: { row: 0, field: "", severity: "error", code: "import.file.too_large", params: { maximum: MAX_IMPORT_BYTES / 1024 / 1024 } } };
  }
  const format = detectImportFormat(fileName, bytes);
  if (!format) return { error: { row: 0, field: "", severity: "error", code: "import.file.unknown_format", params: {} } };
  if (format === "xlsx") return refuseNulCharacters(await parseXlsx(bytes));
  const text = decodeText(bytes);
  return refuseNulCharacters(format === "jsonl" ? parseJsonLines(text) : parseCsv(text));
}
