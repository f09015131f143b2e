import ExcelJS from "exceljs";
import Papa from "papaparse";
import { FIELD_DOCS, INTERCHANGE_FIELDS, LIST_SEPARATOR, PART_SEPARATOR, type InterchangeField } from "./interchange";

/*
 * Writing suppliers in the interchange format: JSON Lines, CSV and XLSX with the same columns as
 * the import reads, so an export can be edited and imported again unchanged.
 */

export type InterchangeRecord = {
  external_id: string;
  name_en: string;
  name_ko?: string | null;
  description_en?: string | null;
  description_ko?: string | null;
  website?: string | null;
  contact_email?: string | null;
  employees?: number | null;
  founded_year?: number | null;
  defense_designated?: boolean;
  security_clearance?: boolean;
  processes: string[];
  materials: string[];
  certifications: Array<{ type: string; number?: string | null; expires_on?: string | null }>;
  sites: Array<{ lat: number; lng: number; name?: string | null; address?: string | null }>;
  cluster?: string | null;
  capacity_note?: string | null;
  tags: string[];
  fictional?: boolean;
  published?: boolean;
};

export const EXPORT_FORMATS = {
  csv: { mime: "text/csv; charset=utf-8", extension: "csv" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  jsonl: { mime: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Keys in the format's order, empty values left out. */
export function toJsonObject(record: InterchangeRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of INTERCHANGE_FIELDS) {
    const value = record[field as keyof InterchangeRecord];
    if (value === null || value === undefined || value === "") continue;
    if (field === "certifications") {
      out[field] = (value as InterchangeRecord["certifications"]).map((c) => ({
        type: c.type,
        ...(c.number ? { number: c.number } : {}),
        ...(c.expires_on ? { expires_on: c.expires_on } : {}),
      }));
    } else if (field === "sites") {
      out[field] = (value as InterchangeRecord["sites"]).map((s) => ({
        lat: s.lat,
        lng: s.lng,
        ...(s.name ? { name: s.name } : {}),
        ...(s.address ? { address: s.address } : {}),
      }));
    } else {
      out[field] = value;
    }
  }
  return out;
}

export function toJsonLines(records: readonly InterchangeRecord[]): string {
  return records.map((record) => JSON.stringify(toJsonObject(record))).join("\n") + (records.length > 0 ? "\n" : "");
}

/** TYPE|NUMBER|EXPIRES_ON with empty trailing parts left off. */
export function certificationCell(certification: InterchangeRecord["certifications"][number]): string {
  const parts = [certification.type, certification.number ?? "", certification.expires_on ?? ""];
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts.join(PART_SEPARATOR);
}

export function siteCell(site: InterchangeRecord["sites"][number]): string {
  const parts = [String(site.lat), String(site.lng), site.name ?? "", site.address ?? ""];
  while (parts.length > 2 && parts[parts.length - 1] === "") parts.pop();
  return parts.join(PART_SEPARATOR);
}

/**
 * Text a spreadsheet would run as a formula (=, +, @, tab, CR at the start) gets a leading ' that
 * spreadsheets hide and the import removes again: opening an export never runs anything.
 */
export function guardCell(text: string): string {
  return /^[=+@\t\r]/.test(text) ? `'${text}` : text;
}

/** One spreadsheet cell per field; numbers and booleans stay typed for XLSX. */
export function toCells(record: InterchangeRecord): Record<InterchangeField, string | number | boolean | null> {
  const cells = {} as Record<InterchangeField, string | number | boolean | null>;
  for (const field of INTERCHANGE_FIELDS) {
    const value = record[field as keyof InterchangeRecord];
    if (value === null || value === undefined) cells[field] = null;
    else if (field === "certifications") cells[field] = record.certifications.map(certificationCell).join(LIST_SEPARATOR);
    else if (field === "sites") cells[field] = record.sites.map(siteCell).join(LIST_SEPARATOR);
    else if (Array.isArray(value)) cells[field] = value.join(LIST_SEPARATOR);
    else if (typeof value === "string") cells[field] = guardCell(value);
    else cells[field] = value as number | boolean;
  }
  return cells;
}

export function toCsv(records: readonly InterchangeRecord[]): string {
  const rows = records.map((record) => {
    const cells = toCells(record);
    return INTERCHANGE_FIELDS.map((field) => {
      const value = cells[field];
      return value === null ? "" : String(value);
    });
  });
  // The BOM makes Excel open the file as UTF-8 (Korean text intact); the import strips it.
  return `\uFEFF${Papa.unparse({ fields: [...INTERCHANGE_FIELDS], data: rows }, { newline: "\r\n" })}\r\n`;
}

export async function toXlsx(records: readonly InterchangeRecord[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ClusterMatch";
  const sheet = workbook.addWorksheet("suppliers", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = INTERCHANGE_FIELDS.map((field) => ({ header: field, key: field, width: Math.max(12, Math.min(48, field.length + 6)) }));
  sheet.getRow(1).font = { bold: true };
  for (const record of records) sheet.addRow(toCells(record));
  // Read by people, ignored by the import (it reads the first sheet only).
  const guide = workbook.addWorksheet("format");
  guide.columns = [
    { header: "field", key: "field", width: 22 },
    { header: "type", key: "type", width: 30 },
    { header: "rule", key: "rule", width: 100 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const field of INTERCHANGE_FIELDS) guide.addRow({ field, type: FIELD_DOCS[field].type, rule: FIELD_DOCS[field].rule });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export async function serialize(records: readonly InterchangeRecord[], format: ExportFormat): Promise<Uint8Array> {
  if (format === "xlsx") return toXlsx(records);
  const text = format === "csv" ? toCsv(records) : toJsonLines(records);
  return new TextEncoder().encode(text);
}
