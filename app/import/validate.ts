import type { z } from "zod";
import { createTranslator, isMessageKey, type MessageKey } from "../i18n";
import { containsHangul, regionFromAddress, type KoreanRegion } from "../suppliers/regions";
import { buildTermIndex, resolveTerm, type TaxonomyEntry, type TermIndex } from "../suppliers/taxonomy-match";
import { INTERCHANGE_FIELDS, interchangeRowSchema, REQUIRED_COLUMNS, type InterchangeRow } from "./interchange";

/*
 * From parsed records to rows ready to write: the zod schema checks each record, then taxonomy
 * terms are resolved to codes, clusters are checked against what the importer may use, and
 * duplicates within the file are caught. Pure: everything it needs from the database arrives in
 * the ImportContext, so the dry run and the commit judge a file exactly the same way.
 */

export type IssueSeverity = "error" | "warning";
export type IssueParams = Record<string, string | number>;

export type ImportIssue = {
  /** Row number in the file: the spreadsheet row (header = 1) or the JSON Lines line; 0 = the whole file. */
  row: number;
  /** "sites[1].lat" style, 1-based; "" when the issue is about the row or file as a whole. */
  field: string;
  severity: IssueSeverity;
  code: MessageKey;
  params: IssueParams;
};

export type ParsedRecord = { row: number; data: Record<string, unknown> };

export type ParsedFile = {
  format: "csv" | "xlsx" | "jsonl";
  records: ParsedRecord[];
  /** Problems with the file as a whole (unreadable, missing columns) or with single lines (bad JSON). */
  issues: ImportIssue[];
  /** Column names as found (CSV/XLSX) or the union of keys (JSON Lines). */
  columns: string[];
};

/** What the write path stores per supplier: every term resolved, the row as the whole truth. */
export type ResolvedSupplier = {
  external_id: string;
  name_en: string;
  name_ko: string | null;
  description_en: string | null;
  description_ko: string | null;
  website: string | null;
  contact_email: string | null;
  employees: number | null;
  founded_year: number | null;
  defense_designated: boolean;
  security_clearance: boolean;
  process_codes: string[];
  material_codes: string[];
  tags: string[];
  certifications: Array<{ type_code: string; number: string | null; expires_on: string | null }>;
  sites: Array<{
    name_en: string | null;
    name_ko: string | null;
    address_en: string | null;
    address_ko: string | null;
    lat: number;
    lng: number;
    region: KoreanRegion | null;
  }>;
  cluster_slug: string | null;
  capacity_note: string | null;
  fictional: boolean;
  published: boolean;
};

export type ImportContext = {
  processes: readonly TaxonomyEntry[];
  materials: readonly TaxonomyEntry[];
  certificationTypes: readonly TaxonomyEntry[];
  /** Every cluster slug that exists. */
  clusterSlugs: ReadonlySet<string>;
  /** Slugs the importer may assign suppliers to; null means any (the platform). */
  allowedClusterSlugs: ReadonlySet<string> | null;
  /** Used for rows without a cluster: the one cluster an authority manages, else null. */
  defaultClusterSlug: string | null;
};

export type ValidatedRow = {
  row: number;
  external_id: string | null;
  valid: boolean;
  payload: ResolvedSupplier | null;
  issues: ImportIssue[];
};

export type ValidationResult = {
  rows: ValidatedRow[];
  /** Issues not tied to a supplier row (row 0) plus those on unparseable lines. */
  fileIssues: ImportIssue[];
  valid: number;
  invalid: number;
  warnings: number;
};

type Indexes = { processes: TermIndex<TaxonomyEntry>; materials: TermIndex<TaxonomyEntry>; certificationTypes: TermIndex<TaxonomyEntry> };

const indexCache = new WeakMap<ImportContext, Indexes>();

function indexesFor(context: ImportContext): Indexes {
  let indexes = indexCache.get(context);
  if (!indexes) {
    indexes = {
      processes: buildTermIndex(context.processes),
      materials: buildTermIndex(context.materials),
      certificationTypes: buildTermIndex(context.certificationTypes),
    };
    indexCache.set(context, indexes);
  }
  return indexes;
}

/** ["sites", 0, "lat"] → "sites[1].lat": 1-based, as people count entries in a cell. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part + 1}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

function issueFromZod(row: number, issue: z.core.$ZodIssue): ImportIssue {
  const params: IssueParams = {};
  for (const [name, value] of Object.entries(issue)) {
    if ((typeof value === "number" || typeof value === "string") && !["message", "code", "origin", "expected", "format", "pattern"].includes(name)) {
      params[name] = value;
    }
  }
  const extra = (issue as { params?: Record<string, unknown> }).params;
  if (extra) {
    for (const [name, value] of Object.entries(extra)) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
    }
  }
  return {
    row,
    field: formatFieldPath(issue.path),
    severity: "error",
    code: isMessageKey(issue.message) ? issue.message : "import.error.invalid_value",
    params,
  };
}

function splitByScript(text: string | undefined): { en: string | null; ko: string | null } {
  if (!text) return { en: null, ko: null };
  return containsHangul(text) ? { en: null, ko: text } : { en: text, ko: null };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function resolveRow(row: number, data: InterchangeRow, context: ImportContext): { payload: ResolvedSupplier; issues: ImportIssue[] } {
  const indexes = indexesFor(context);
  const issues: ImportIssue[] = [];
  const tags: string[] = [...data.tags];

  const resolveList = (terms: readonly string[], index: TermIndex<TaxonomyEntry>, field: "processes" | "materials") => {
    const codes: string[] = [];
    terms.forEach((term, position) => {
      const entry = resolveTerm(index, term);
      if (entry) {
        codes.push(entry.code);
      } else {
        tags.push(term);
        issues.push({
          row,
          field: formatFieldPath([field, position]),
          severity: "warning",
          code: field === "processes" ? "import.warning.unknown_process" : "import.warning.unknown_material",
          params: { term },
        });
      }
    });
    return unique(codes);
  };

  const process_codes = resolveList(data.processes, indexes.processes, "processes");
  let material_codes = resolveList(data.materials, indexes.materials, "materials");
  // Materials are stored with the supplier's processes; without any, they can only be tags.
  if (process_codes.length === 0 && material_codes.length > 0) {
    tags.push(...data.materials.filter((term) => resolveTerm(indexes.materials, term)));
    issues.push({ row, field: "materials", severity: "warning", code: "import.warning.materials_without_process", params: {} });
    material_codes = [];
  }

  const certifications: ResolvedSupplier["certifications"] = [];
  const seenCertifications = new Set<string>();
  data.certifications.forEach((certification, position) => {
    const entry = resolveTerm(indexes.certificationTypes, certification.type);
    if (!entry) {
      issues.push({
        row,
        field: formatFieldPath(["certifications", position, "type"]),
        severity: "error",
        code: "import.error.unknown_certification_type",
        params: { term: certification.type },
      });
      return;
    }
    const identity = `${entry.code}\u0000${certification.number ?? ""}`;
    if (seenCertifications.has(identity)) {
      issues.push({ row, field: formatFieldPath(["certifications", position]), severity: "error", code: "import.error.duplicate_certification", params: {} });
      return;
    }
    seenCertifications.add(identity);
    certifications.push({ type_code: entry.code, number: certification.number ?? null, expires_on: certification.expires_on ?? null });
  });

  let cluster_slug = data.cluster ?? context.defaultClusterSlug;
  if (data.cluster) {
    if (!context.clusterSlugs.has(data.cluster)) {
      issues.push({ row, field: "cluster", severity: "error", code: "import.error.unknown_cluster", params: { cluster: data.cluster } });
      cluster_slug = null;
    } else if (context.allowedClusterSlugs && !context.allowedClusterSlugs.has(data.cluster)) {
      issues.push({ row, field: "cluster", severity: "error", code: "import.error.cluster_not_managed", params: { cluster: data.cluster } });
      cluster_slug = null;
    }
  }

  const sites = data.sites.map((site) => {
    const name = splitByScript(site.name);
    const address = splitByScript(site.address);
    return {
      name_en: name.en,
      name_ko: name.ko,
      address_en: address.en,
      address_ko: address.ko,
      lat: site.lat,
      lng: site.lng,
      region: regionFromAddress(site.address),
    };
  });

  return {
    issues,
    payload: {
      external_id: data.external_id,
      name_en: data.name_en,
      name_ko: data.name_ko ?? null,
      description_en: data.description_en ?? null,
      description_ko: data.description_ko ?? null,
      website: data.website ?? null,
      contact_email: data.contact_email ?? null,
      employees: data.employees ?? null,
      founded_year: data.founded_year ?? null,
      defense_designated: data.defense_designated ?? false,
      security_clearance: data.security_clearance ?? false,
      process_codes,
      material_codes,
      tags: unique(tags.map((tag) => tag.trim()).filter((tag) => tag !== "")),
      certifications,
      sites,
      cluster_slug,
      capacity_note: data.capacity_note ?? null,
      fictional: data.fictional ?? false,
      published: data.published ?? true,
    },
  };
}

/** Column-level checks for tabular files: required columns present, unknown ones reported. */
export function checkColumns(columns: readonly string[]): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const known = new Set<string>(INTERCHANGE_FIELDS);
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    issues.push({ row: 0, field: "", severity: "error", code: "import.file.missing_columns", params: { columns: missing.join(", ") } });
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === "") continue;
    if (seen.has(column)) {
      issues.push({ row: 0, field: column, severity: "error", code: "import.file.duplicate_column", params: { column } });
    }
    seen.add(column);
    if (!known.has(column)) {
      issues.push({ row: 0, field: column, severity: "warning", code: "import.warning.unknown_column", params: { column } });
    }
  }
  return issues;
}

export function validateRecords(records: readonly ParsedRecord[], context: ImportContext): ValidatedRow[] {
  const firstRowOfExternalId = new Map<string, number>();
  return records.map(({ row, data }) => {
    const parsed = interchangeRowSchema.safeParse(data);
    const externalId = typeof data.external_id === "string" || typeof data.external_id === "number" ? String(data.external_id).trim() || null : null;
    const issues: ImportIssue[] = [];

    if (externalId) {
      const first = firstRowOfExternalId.get(externalId);
      if (first !== undefined) {
        issues.push({ row, field: "external_id", severity: "error", code: "import.error.duplicate_external_id", params: { external_id: externalId, first_row: first } });
      } else {
        firstRowOfExternalId.set(externalId, row);
      }
    }

    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((issue) => issueFromZod(row, issue)));
      return { row, external_id: externalId, valid: false, payload: null, issues };
    }

    const resolved = resolveRow(row, parsed.data, context);
    issues.push(...resolved.issues);
    const valid = !issues.some((issue) => issue.severity === "error");
    return { row, external_id: parsed.data.external_id, valid, payload: valid ? resolved.payload : null, issues };
  });
}

/** The whole judgement of a parsed file. */
export function validateFile(file: ParsedFile, context: ImportContext): ValidationResult {
  const fileIssues = [...file.issues];
  // JSON lines may leave out optional keys, so only unknown keys are reported for them.
  const columnIssues = checkColumns(file.columns);
  fileIssues.push(...(file.format === "jsonl" ? columnIssues.filter((issue) => issue.code === "import.warning.unknown_column") : columnIssues));
  const blocking = fileIssues.some((issue) => issue.row === 0 && issue.severity === "error");
  if (!blocking && file.records.length === 0 && !fileIssues.some((issue) => issue.row > 0)) {
    fileIssues.push({ row: 0, field: "", severity: "error", code: "import.file.empty", params: {} });
  }
  // A file whose columns are wrong would give a misleading error on every row; report the file.
  const rows = blocking ? [] : validateRecords(file.records, context);
  // Unparseable lines (bad JSON) count as invalid rows.
  const lineErrors = new Set(fileIssues.filter((issue) => issue.row > 0 && issue.severity === "error").map((issue) => issue.row));
  const invalidRows = rows.filter((row) => !row.valid).length + lineErrors.size;
  return {
    rows,
    fileIssues,
    valid: rows.filter((row) => row.valid).length,
    invalid: invalidRows,
    warnings: rows.filter((row) => row.issues.some((issue) => issue.severity === "warning")).length,
  };
}

export type RenderedIssue = ImportIssue & { message_en: string; message_ko: string };

const translators = { en: createTranslator("en"), ko: createTranslator("ko") };

/** An issue with its message in both languages, as reports and the API hand it out. */
export function renderIssue(issue: ImportIssue): RenderedIssue {
  return { ...issue, message_en: translators.en(issue.code, issue.params), message_ko: translators.ko(issue.code, issue.params) };
}
