/**
 * Input schemas for needs, EOIs, decisions, messages, invitations and saved searches: one
 * definition for the pages' form actions and the public API. Plain module (no server imports).
 *
 * Messages are message keys (app/i18n/features/needs.ts); routes translate them per field.
 * Taxonomy terms arrive as typed text in forms and as arrays in the API; both resolve through
 * app/matching/terms.ts to codes before they reach needInputSchema, which holds codes only.
 */
import * as z from "zod";
import type { MessageKey } from "~/i18n";
import { resolveTermList, splitTermList, type TaxonomyIndexes } from "~/matching/terms";
import { NEED_KINDS } from "~/matching/types";
import { placeByKey } from "./places";
import { DECLINE_REASONS, EOI_DECISIONS, EOI_SCOPES, NEED_STATUSES, NEED_VISIBILITIES } from "./types";
import { roundDegrees } from "~/utils/coordinates";

const key = (messageKey: MessageKey) => ({ error: messageKey });

export const MAX_TERMS = 30;
export const MAX_ATTACHMENTS = 20;
export const ALERT_FREQUENCIES = ["off", "instant", "daily", "weekly"] as const;

const optionalText = (max: number) =>
  z
    .string()
    .max(max, key("needs.validation.text_length"))
    .transform((value) => value.trim())
    .transform((value) => (value === "" ? null : value))
    .nullish()
    .transform((value) => value ?? null);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, key("needs.validation.date"))
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), key("needs.validation.date"))
  .nullish()
  .transform((value) => value ?? null);

const codeList = z.array(z.string().min(1).max(60)).max(MAX_TERMS, key("needs.validation.too_many_terms")).default([]);

/** The fields of a need, each checked on its own. */
const needFieldsSchema = z.object({
  kind: z.enum(NEED_KINDS, key("needs.validation.kind")),
  title_en: optionalText(200).pipe(z.string().max(200, key("needs.validation.title_length")).nullable()),
  title_ko: optionalText(200).pipe(z.string().max(200, key("needs.validation.title_length")).nullable()),
  description_en: optionalText(20000),
  description_ko: optionalText(20000),
  program: optionalText(200),
  platform: optionalText(200),
  required_process_codes: codeList,
  preferred_process_codes: codeList,
  required_material_codes: codeList,
  preferred_material_codes: codeList,
  required_certification_codes: codeList,
  preferred_certification_codes: codeList,
  location_name: optionalText(200),
  location_lat: z.number(key("needs.validation.lat")).min(-90, key("needs.validation.lat")).max(90, key("needs.validation.lat")).overwrite(roundDegrees).nullish().transform((v) => v ?? null),
  location_lng: z.number(key("needs.validation.lng")).min(-180, key("needs.validation.lng")).max(180, key("needs.validation.lng")).overwrite(roundDegrees).nullish().transform((v) => v ?? null),
  radius_km: z.number(key("needs.validation.radius")).min(1, key("needs.validation.radius")).max(2000, key("needs.validation.radius")).nullish().transform((v) => v ?? null),
  quantity: z.number(key("needs.validation.quantity")).int(key("needs.validation.quantity")).min(0, key("needs.validation.quantity")).max(2_000_000_000, key("needs.validation.quantity")).nullish().transform((v) => v ?? null),
  quantity_unit: optionalText(50),
  capacity_note: optionalText(2000),
  timeline_start: isoDate,
  timeline_end: isoDate,
  response_deadline: isoDate,
  estimated_value: z.number(key("needs.validation.value")).min(0, key("needs.validation.value")).max(1e15, key("needs.validation.value")).nullish().transform((v) => v ?? null),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, key("needs.validation.currency"))
    .default("USD"),
  offset_eligible: z.boolean().default(false),
  visibility: z.enum(NEED_VISIBILITIES, key("needs.validation.visibility")).default("registered"),
  export_controlled: z.boolean().default(false),
});

type CrossFieldInput = {
  title_en?: unknown;
  title_ko?: unknown;
  description_en?: unknown;
  description_ko?: unknown;
  location_lat?: unknown;
  location_lng?: unknown;
  radius_km?: unknown;
  timeline_start?: unknown;
  timeline_end?: unknown;
};

const present = (value: unknown) => value !== null && value !== undefined && !(typeof value === "string" && value.trim() === "");

/** Rules between fields; run on raw values too, so they are reported with the field errors. */
export function crossFieldIssues(need: CrossFieldInput): Array<{ field: string; key: MessageKey }> {
  const issues: Array<{ field: string; key: MessageKey }> = [];
  if (!present(need.title_en) && !present(need.title_ko)) issues.push({ field: "title_en", key: "needs.validation.title_required" });
  if (!present(need.description_en) && !present(need.description_ko)) issues.push({ field: "description_en", key: "needs.validation.description_required" });
  if (present(need.location_lat) !== present(need.location_lng)) {
    issues.push({ field: present(need.location_lat) ? "location_lng" : "location_lat", key: "needs.validation.coordinates_pair" });
  }
  if (present(need.radius_km) && !present(need.location_lat)) issues.push({ field: "radius_km", key: "needs.validation.radius_needs_location" });
  if (typeof need.timeline_start === "string" && typeof need.timeline_end === "string" && need.timeline_start !== "" && need.timeline_end !== "" && need.timeline_end < need.timeline_start) {
    issues.push({ field: "timeline_end", key: "needs.validation.timeline_order" });
  }
  return issues;
}

/** A need as stored: taxonomy codes, numbers as numbers. The API's POST /needs body after term resolution. */
export const needInputSchema = needFieldsSchema.superRefine((need, context) => {
  for (const issue of crossFieldIssues(need)) context.addIssue({ code: "custom", path: [issue.field], message: issue.key });
});

export type NeedInput = z.infer<typeof needInputSchema>;

export type FieldIssue = { key: MessageKey; params?: Record<string, string | number> };
export type FieldIssues = Partial<Record<string, FieldIssue>>;

export function issuesFromZod(error: z.ZodError): FieldIssues {
  const issues: FieldIssues = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (issues[field]) continue;
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(issue)) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
      if (typeof value === "bigint") params[name] = value.toString();
    }
    issues[field] = { key: issue.message as MessageKey, params };
  }
  return issues;
}

/** Form field that holds the typed list for each code column. */
export const TERM_FIELDS = {
  required_process_codes: { field: "required_processes", taxonomy: "processes" },
  preferred_process_codes: { field: "preferred_processes", taxonomy: "processes" },
  required_material_codes: { field: "required_materials", taxonomy: "materials" },
  preferred_material_codes: { field: "preferred_materials", taxonomy: "materials" },
  required_certification_codes: { field: "required_certifications", taxonomy: "certification_types" },
  preferred_certification_codes: { field: "preferred_certifications", taxonomy: "certification_types" },
} as const;

type TermColumn = keyof typeof TERM_FIELDS;

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** A number typed in a form ("1,200" allowed); "" is null; anything else NaN so zod reports it. */
function numberField(formData: FormData, name: string): number | null {
  const raw = text(formData, name).trim().replace(/[,\s]/g, "");
  if (raw === "") return null;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
}

export type NeedFormResult = { ok: true; input: NeedInput } | { ok: false; issues: FieldIssues };

/**
 * The need form: terms in either language to codes, the chosen place to coordinates, then
 * needInputSchema. Every problem is reported on its own field, all at once.
 */
export function parseNeedForm(formData: FormData, taxonomy: TaxonomyIndexes): NeedFormResult {
  const issues: FieldIssues = {};
  const codes = {} as Record<TermColumn, string[]>;
  for (const [column, { field, taxonomy: kind }] of Object.entries(TERM_FIELDS) as Array<[TermColumn, (typeof TERM_FIELDS)[TermColumn]]>) {
    const terms = splitTermList(text(formData, field));
    if (terms.length > MAX_TERMS) {
      issues[field] = { key: "needs.validation.too_many_terms", params: { maximum: MAX_TERMS } };
      codes[column] = [];
      continue;
    }
    const resolved = resolveTermList(taxonomy[kind], terms);
    if (resolved.unknown.length > 0) {
      issues[field] = { key: "needs.validation.unknown_terms", params: { terms: resolved.unknown.map((item) => item.term).join(", ") } };
    }
    codes[column] = resolved.codes;
  }

  const placeKey = text(formData, "place");
  let lat: number | null = null;
  let lng: number | null = null;
  let locationName = text(formData, "location_name");
  if (placeKey === "custom") {
    lat = numberField(formData, "location_lat");
    lng = numberField(formData, "location_lng");
    if (lat === null && lng === null) issues.location_lat = { key: "needs.validation.coordinates_pair" };
  } else if (placeKey !== "") {
    const place = placeByKey(placeKey);
    if (!place) issues.place = { key: "needs.validation.place" };
    else {
      lat = place.lat;
      lng = place.lng;
      if (locationName.trim() === "") locationName = place.en;
    }
  }

  const raw = {
    kind: text(formData, "kind"),
    title_en: text(formData, "title_en"),
    title_ko: text(formData, "title_ko"),
    description_en: text(formData, "description_en"),
    description_ko: text(formData, "description_ko"),
    program: text(formData, "program"),
    platform: text(formData, "platform"),
    ...codes,
    location_name: locationName,
    location_lat: lat,
    location_lng: lng,
    radius_km: numberField(formData, "radius_km"),
    quantity: numberField(formData, "quantity"),
    quantity_unit: text(formData, "quantity_unit"),
    capacity_note: text(formData, "capacity_note"),
    timeline_start: text(formData, "timeline_start") || null,
    timeline_end: text(formData, "timeline_end") || null,
    response_deadline: text(formData, "response_deadline") || null,
    estimated_value: numberField(formData, "estimated_value"),
    currency: text(formData, "currency") || "USD",
    offset_eligible: formData.get("offset_eligible") === "on",
    visibility: text(formData, "visibility"),
    export_controlled: formData.get("export_controlled") === "on",
  };
  const parsed = needInputSchema.safeParse(raw);
  if (!parsed.success) {
    // A field error stops zod before the rules between fields; run those on the raw values.
    for (const issue of crossFieldIssues(raw)) {
      if (!issues[issue.field]) issues[issue.field] = { key: issue.key };
    }
    for (const [field, issue] of Object.entries(issuesFromZod(parsed.error))) {
      // Coordinates are typed only for "Other"; a preset place never fails them.
      if (!issues[field]) issues[field] = issue;
    }
  }
  if (Object.keys(issues).length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, input: parsed.data };
}

// Lists ------------------------------------------------------------------------------------------

export const needListQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  kind: z.enum(NEED_KINDS).optional().catch(undefined),
  /** Omitted: open needs (all of one's own with "mine"); "all": every status one may see. */
  status: z.enum([...NEED_STATUSES, "all"]).optional().catch(undefined),
  process: z.string().trim().max(120).catch(""),
  offset: z
    .enum(["1", "on", "true"])
    .optional()
    .catch(undefined)
    .transform((value) => value !== undefined),
  mine: z
    .enum(["1", "on", "true"])
    .optional()
    .catch(undefined)
    .transform((value) => value !== undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type NeedListQuery = z.infer<typeof needListQuerySchema>;

export function parseNeedListQuery(searchParams: URLSearchParams): NeedListQuery {
  return needListQuerySchema.parse(Object.fromEntries(searchParams));
}

// EOIs -----------------------------------------------------------------------------------------

export const eoiFormSchema = z
  .object({
    scope: z.enum(EOI_SCOPES, key("eois.validation.scope")),
    scope_note: z.string().trim().max(5000, key("eois.validation.note_length")).default(""),
    message: z.string().trim().max(10000, key("eois.validation.message_length")).default(""),
    certification_ids: z.array(z.uuid(key("eois.validation.certifications"))).max(50, key("eois.validation.certifications")).default([]),
    submit: z.boolean().default(false),
  })
  .superRefine((eoi, context) => {
    if (eoi.scope === "partial" && eoi.scope_note === "") {
      context.addIssue({ code: "custom", path: ["scope_note"], message: "eois.validation.scope_note" });
    }
    if (eoi.submit && eoi.message === "") {
      context.addIssue({ code: "custom", path: ["message"], message: "eois.validation.message" });
    }
  });
export type EoiInput = z.infer<typeof eoiFormSchema>;

export function parseEoiForm(formData: FormData): { ok: true; input: EoiInput } | { ok: false; issues: FieldIssues } {
  const parsed = eoiFormSchema.safeParse({
    scope: text(formData, "scope"),
    scope_note: text(formData, "scope_note"),
    message: text(formData, "message"),
    certification_ids: formData.getAll("certification_ids").filter((value): value is string => typeof value === "string"),
    submit: text(formData, "intent") === "submit_eoi",
  });
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, issues: issuesFromZod(parsed.error) };
}

export const decisionSchema = z
  .object({
    decision: z.enum(EOI_DECISIONS, key("eois.validation.decision")),
    reason: z.enum(DECLINE_REASONS, key("eois.validation.reason")).nullish().transform((value) => value ?? null),
    comment: z.string().trim().max(5000, key("eois.validation.comment_length")).default(""),
    decline_others: z.boolean().default(false),
  })
  .superRefine((decision, context) => {
    if (decision.decision === "declined" && !decision.reason) {
      context.addIssue({ code: "custom", path: ["reason"], message: "eois.validation.reason" });
    }
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

export function parseDecisionForm(formData: FormData): { ok: true; input: DecisionInput } | { ok: false; issues: FieldIssues } {
  const reason = text(formData, "reason");
  const parsed = decisionSchema.safeParse({
    decision: text(formData, "decision"),
    reason: reason === "" ? null : reason,
    comment: text(formData, "comment"),
    decline_others: formData.get("decline_others") === "on",
  });
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, issues: issuesFromZod(parsed.error) };
}

export const messageSchema = z.object({
  body: z.string().trim().min(1, key("eois.error.message_length")).max(10000, key("eois.error.message_length")),
});

export const invitationSchema = z.object({
  sme_organization_ids: z.array(z.uuid(key("needs.error.not_an_sme"))).min(1, key("needs.error.invite_count")).max(200, key("needs.error.invite_count")),
  message: z.string().trim().max(5000, key("needs.error.invite_message_too_long")).default(""),
});

export const savedNeedSearchSchema = z.object({
  name: z.string().trim().min(1, key("needs.saved.name_required")).max(200, key("needs.saved.name_required")),
  alert_frequency: z.enum(ALERT_FREQUENCIES, key("needs.validation.invalid")).default("instant"),
});

/** Filters a saved needs search keeps (private.need_matches_saved_search reads the same keys). */
export type SavedNeedFilters = { kinds?: string[]; processes?: string[]; offset_eligible?: boolean; status?: string };

export function savedFiltersFromQuery(query: NeedListQuery, processCode: string | null): SavedNeedFilters {
  const filters: SavedNeedFilters = {};
  if (query.kind) filters.kinds = [query.kind];
  if (processCode) filters.processes = [processCode];
  if (query.offset) filters.offset_eligible = true;
  return filters;
}

/** The list URL a saved search stands for ("Show matching needs"). */
export function listUrlForSavedSearch(query: string, filters: Record<string, unknown>): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  const kinds = Array.isArray(filters.kinds) ? filters.kinds : [];
  if (typeof kinds[0] === "string") params.set("kind", kinds[0]);
  const processes = Array.isArray(filters.processes) ? filters.processes : [];
  if (typeof processes[0] === "string") params.set("process", processes[0]);
  if (filters.offset_eligible === true) params.set("offset", "1");
  const search = params.toString();
  return search ? `/needs?${search}` : "/needs";
}
