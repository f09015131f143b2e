import * as z from "zod";
import type { MessageKey } from "../i18n";
import {
  lineList,
  messageKey,
  optionalDate,
  optionalEmail,
  optionalNumber,
  optionalText,
  optionalUrl,
  requiredNumber,
  requiredText,
  stringList,
} from "../utils/form-fields";
import { hasText, INCENTIVE_KINDS, INFRASTRUCTURE_KINDS, LIMITS } from "./content";

/*
 * What the cluster edit form and the land-parcel form accept. Shared by the routes (HTML limits,
 * hints) and the actions (validation). Row fields are named "<list>.<index>.<field>" in the form;
 * see app/clusters/form-data.ts.
 */

export const INCENTIVE_FIELDS = ["kind", "title_en", "title_ko", "description_en", "description_ko"] as const;
export const INFRASTRUCTURE_FIELDS = ["kind", "name_en", "name_ko", "description_en", "description_ko"] as const;
export const ANCHOR_FIELDS = ["organization_id", "name_en", "name_ko", "description_en", "description_ko"] as const;
export const STORY_FIELDS = ["title_en", "title_ko", "year", "body_en", "body_ko"] as const;

export const CLUSTER_LIST_FIELDS = ["focus_process_codes"] as const;

/** A row that says nothing (only its kind select left at the default) is not an item. */
function dropBlank<T extends Record<string, unknown>>(rows: T[], textFields: readonly (keyof T)[]): T[] {
  return rows.filter((row) => textFields.some((field) => hasText(row[field] as string | undefined)));
}

function requireOneLanguage(fields: readonly [string, string], key: MessageKey) {
  return (row: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const anyText = Object.entries(row).some(([name, value]) => name !== "kind" && name !== "organization_id" && typeof value === "string" && value.trim() !== "");
    if (anyText && !hasText(row[fields[0]] as string | undefined, row[fields[1]] as string | undefined)) {
      ctx.addIssue({ code: "custom", path: [fields[0]], message: key });
    }
  };
}

const incentiveRow = z
  .object({
    kind: z.enum(INCENTIVE_KINDS, messageKey("clusters.validation.kind_invalid")),
    title_en: optionalText(LIMITS.title),
    title_ko: optionalText(LIMITS.title),
    description_en: optionalText(LIMITS.text),
    description_ko: optionalText(LIMITS.text),
  })
  .superRefine(requireOneLanguage(["title_en", "title_ko"], "clusters.validation.title_required"));

const infrastructureRow = z
  .object({
    kind: z.enum(INFRASTRUCTURE_KINDS, messageKey("clusters.validation.kind_invalid")),
    name_en: optionalText(LIMITS.title),
    name_ko: optionalText(LIMITS.title),
    description_en: optionalText(LIMITS.text),
    description_ko: optionalText(LIMITS.text),
  })
  .superRefine(requireOneLanguage(["name_en", "name_ko"], "clusters.validation.name_required"));

const anchorRow = z
  .object({
    organization_id: z.preprocess((value) => (value === "" ? undefined : value), z.uuid(messageKey("clusters.validation.reference_invalid")).optional()),
    name_en: optionalText(LIMITS.title),
    name_ko: optionalText(LIMITS.title),
    description_en: optionalText(LIMITS.text),
    description_ko: optionalText(LIMITS.text),
  })
  .superRefine(requireOneLanguage(["name_en", "name_ko"], "clusters.validation.name_required"));

const storyRow = z
  .object({
    title_en: optionalText(LIMITS.title),
    title_ko: optionalText(LIMITS.title),
    year: optionalNumber({ min: 1950, max: 2100, integer: true, invalidKey: "clusters.validation.year_invalid" }),
    body_en: optionalText(LIMITS.text),
    body_ko: optionalText(LIMITS.text),
  })
  .superRefine(requireOneLanguage(["title_en", "title_ko"], "clusters.validation.title_required"));

const rows = <T extends z.ZodType>(row: T) => z.array(row).max(LIMITS.items, messageKey("clusters.form.too_many"));

export const clusterContentSchema = z
  .object({
    name_en: requiredText(LIMITS.title, "clusters.validation.name_en_required"),
    name_ko: requiredText(LIMITS.title, "clusters.validation.name_ko_required"),
    description_en: optionalText(10000),
    description_ko: optionalText(10000),
    focus_areas_en: lineList(LIMITS.focusAreas, LIMITS.focusArea),
    focus_areas_ko: lineList(LIMITS.focusAreas, LIMITS.focusArea),
    focus_process_codes: stringList(20),
    website: optionalUrl(),
    incentives: rows(incentiveRow),
    infrastructure: rows(infrastructureRow),
    anchors: rows(anchorRow),
    stories: rows(storyRow),
    contact: z.object({
      name_en: optionalText(LIMITS.title),
      name_ko: optionalText(LIMITS.title),
      email: optionalEmail(),
      phone: optionalText(LIMITS.phone),
    }),
  })
  .transform((input) => ({
    ...input,
    incentives: dropBlank(input.incentives, ["title_en", "title_ko", "description_en", "description_ko"]),
    infrastructure: dropBlank(input.infrastructure, ["name_en", "name_ko", "description_en", "description_ko"]),
    anchors: dropBlank(input.anchors, ["name_en", "name_ko", "description_en", "description_ko"]),
    stories: dropBlank(input.stories, ["title_en", "title_ko", "body_en", "body_ko"]),
  }));
export type ClusterContentInput = z.infer<typeof clusterContentSchema>;

/** Only the platform changes a cluster's designation (DAPA designates; the authority cannot). */
export const clusterDesignationSchema = z
  .object({
    designation: z.enum(["designated", "candidate"], messageKey("clusters.validation.designation_invalid")),
    designation_year: optionalNumber({ min: 2000, max: 2100, integer: true, invalidKey: "clusters.validation.year_invalid" }),
  })
  .superRefine((value, ctx) => {
    if (value.designation === "designated" && value.designation_year === undefined) {
      ctx.addIssue({ code: "custom", path: ["designation_year"], message: "clusters.validation.designation_year_required" satisfies MessageKey });
    }
  });

// Land parcels --------------------------------------------------------------------------------

export const PARCEL_STATUSES = ["available", "reserved", "sold"] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** Zoning categories of Korean industrial land; stored as these codes, labelled in both languages. */
export const ZONING_CODES = [
  "national_industrial_complex",
  "general_industrial_complex",
  "urban_high_tech_complex",
  "agro_industrial_complex",
  "research_development_zone",
  "free_economic_zone",
  "other",
] as const;
export type ZoningCode = (typeof ZONING_CODES)[number];

export const CURRENCIES = ["KRW", "USD", "EUR"] as const;

/** South Korea with a margin (Jeju, Ulleungdo and Dokdo included). */
export const KOREA_LAT = { min: 33, max: 38.7 } as const;
export const KOREA_LNG = { min: 124.5, max: 132 } as const;

export const landParcelSchema = z
  .object({
    name_en: optionalText(LIMITS.title),
    name_ko: optionalText(LIMITS.title),
    address_en: optionalText(500),
    address_ko: optionalText(500),
    area_m2: requiredNumber("clusters.validation.area_required", { exclusiveMin: 0, max: 100_000_000 }),
    price_per_m2: optionalNumber({ min: 0, max: 1_000_000_000_000 }),
    currency: z.enum(CURRENCIES, messageKey("clusters.validation.currency_invalid")),
    zoning: z.enum(ZONING_CODES, messageKey("clusters.validation.zoning_required")),
    status: z.enum(PARCEL_STATUSES, messageKey("clusters.validation.parcel_status_invalid")),
    available_from: optionalDate(),
    lat: requiredNumber("clusters.validation.lat_required", { min: KOREA_LAT.min, max: KOREA_LAT.max }),
    lng: requiredNumber("clusters.validation.lng_required", { min: KOREA_LNG.min, max: KOREA_LNG.max }),
    description_en: optionalText(5000),
    description_ko: optionalText(5000),
  })
  // Checked even when other fields fail, so every missing piece is reported at once.
  .refine((value) => hasText((value as { name_en?: string }).name_en, (value as { name_ko?: string }).name_ko), {
    path: ["name_en"],
    error: "clusters.validation.parcel_name_required" satisfies MessageKey,
    when: () => true,
  })
  // The database keeps both names; one given serves for both languages.
  .transform((value) => ({
    ...value,
    name_en: (value.name_en ?? value.name_ko) as string,
    name_ko: (value.name_ko ?? value.name_en) as string,
  }));
export type LandParcelInput = z.infer<typeof landParcelSchema>;

