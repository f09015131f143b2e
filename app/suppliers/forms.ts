import * as z from "zod";
import type { MessageKey } from "~/i18n";
import { KOREAN_REGIONS, regionFromAddress } from "./regions";
import { roundDegrees } from "~/utils/coordinates";

/*
 * Validation of the profile editor's and the cluster authority's forms: shared by the actions
 * (which decide) and the pages (limits shown as hints). Messages are message keys, translated by
 * the action into the user's language; form values arrive as strings, empty meaning "not given".
 */

const key = (messageKey: MessageKey) => ({ error: messageKey });

export const REVENUE_BANDS = ["under_1b_krw", "1b_10b_krw", "10b_50b_krw", "50b_100b_krw", "over_100b_krw"] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number];

export const LIMITS = {
  name: 200,
  description: 10_000,
  capacity: 2000,
  phone: 40,
  email: 320,
  website: 500,
  tag: 60,
  tags: 50,
  equipmentName: 200,
  specs: 2000,
  address: 500,
  certificateNumber: 100,
  issuer: 200,
  scope: 2000,
  reason: 2000,
  message: 2000,
} as const;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "") || value === null || value === undefined;
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : value);

/** Optional text: empty → null. */
const optionalText = (max: number) =>
  z.preprocess((value) => (blank(value) ? null : trimmed(value)), z.string().max(max, key("supplier_form.too_long")).nullable());

const requiredText = (max: number) =>
  z.preprocess(trimmed, z.string(key("supplier_form.required")).min(1, key("supplier_form.required")).max(max, key("supplier_form.too_long")));

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

function optionalNumber(schema: z.ZodNumber, message: MessageKey) {
  return z.preprocess((value) => {
    if (blank(value)) return null;
    const text = String(value).trim().replace(/,/g, "");
    return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  }, schema.refine((number) => Number.isFinite(number), key(message)).nullable());
}

function currentYear() {
  return new Date().getFullYear();
}

const yearField = (minimum: number) =>
  optionalNumber(z.number(key("supplier_form.integer")).int(key("supplier_form.integer")), "supplier_form.integer").superRefine((year, context) => {
    if (year !== null && (year < minimum || year > currentYear())) {
      context.addIssue({ code: "custom", message: "supplier_form.year_range" satisfies MessageKey, params: { minimum, maximum: currentYear() } });
    }
  });

const websiteField = z.preprocess(
  (value) => {
    if (blank(value)) return null;
    const text = String(value).trim();
    return /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  },
  z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "supplier_form.url" satisfies MessageKey }).max(LIMITS.website, key("supplier_form.too_long")).nullable(),
);

const emailField = z.preprocess(
  (value) => (blank(value) ? null : String(value).trim().toLowerCase()),
  z.email(key("supplier_form.email")).max(LIMITS.email, key("supplier_form.too_long")).nullable(),
);

const dateField = z.preprocess((value) => (blank(value) ? null : trimmed(value)), z.iso.date(key("supplier_form.date")).nullable());

export const detailsSchema = z.object({
  name_en: requiredText(LIMITS.name),
  name_ko: optionalText(LIMITS.name),
  website: websiteField,
  contact_email: emailField,
  contact_phone: z.preprocess(
    (value) => (blank(value) ? null : trimmed(value)),
    z.string().max(LIMITS.phone, key("supplier_form.too_long")).regex(/^\+?[0-9()\-.\s]{6,}$/, key("supplier_form.phone")).nullable(),
  ),
  description_en: optionalText(LIMITS.description),
  description_ko: optionalText(LIMITS.description),
  employees: optionalNumber(
    z.number(key("supplier_form.integer")).int(key("supplier_form.integer")).min(0, key("supplier_form.not_negative")).max(1_000_000, key("supplier_form.too_large")),
    "supplier_form.integer",
  ),
  founded_year: yearField(1900),
  revenue_band: z.preprocess((value) => (blank(value) ? null : value), z.enum(REVENUE_BANDS, key("supplier_form.choose")).nullable()),
  defense_designated: checkbox,
  security_assessment_passed: checkbox,
  export_experience: checkbox,
  export_countries: z.preprocess(
    (value) =>
      blank(value)
        ? []
        : [...new Set(String(value).split(/[,;\s]+/).map((code) => code.trim().toUpperCase()).filter(Boolean))],
    z.array(z.string().regex(/^[A-Z]{2}$/, key("supplier_form.country_codes"))).max(60, key("supplier_form.too_many")),
  ),
  capacity_note: optionalText(LIMITS.capacity),
});
export type DetailsInput = z.infer<typeof detailsSchema>;

export const codeSchema = z.string(key("supplier_form.choose")).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, key("supplier_form.choose")).max(60);
export const uuidSchema = z.uuid(key("supplier_form.invalid"));

const positiveMillimetres = (message: MessageKey) =>
  optionalNumber(z.number(key("supplier_form.number")).gt(0, key("supplier_form.positive")).max(100_000, key("supplier_form.too_large")), message);

export const capabilityUpdateSchema = z.object({
  capability_id: uuidSchema,
  material_codes: z.array(codeSchema).max(60, key("supplier_form.too_many")),
  envelope_x_mm: positiveMillimetres("supplier_form.number"),
  envelope_y_mm: positiveMillimetres("supplier_form.number"),
  envelope_z_mm: positiveMillimetres("supplier_form.number"),
  tolerance_mm: optionalNumber(z.number(key("supplier_form.number")).gt(0, key("supplier_form.positive")).max(100, key("supplier_form.too_large")), "supplier_form.number"),
  capacity_note: optionalText(LIMITS.capacity),
  description_en: optionalText(5000),
  description_ko: optionalText(5000),
});

export const tagSchema = z.object({
  tag: z.preprocess(trimmed, z.string(key("supplier_form.required")).min(1, key("supplier_form.required")).max(LIMITS.tag, key("supplier_form.too_long"))),
});

export const equipmentSchema = z.object({
  name: requiredText(LIMITS.equipmentName),
  manufacturer: optionalText(200),
  model: optionalText(200),
  quantity: z.preprocess(
    (value) => (blank(value) ? 1 : value),
    optionalNumber(z.number(key("supplier_form.integer")).int(key("supplier_form.integer")).min(1, key("supplier_form.at_least_one")).max(10_000, key("supplier_form.too_large")), "supplier_form.integer"),
  ),
  year_installed: yearField(1950),
  process_code: z.preprocess((value) => (blank(value) ? null : value), codeSchema.nullable()),
  specs_en: optionalText(LIMITS.specs),
  specs_ko: optionalText(LIMITS.specs),
});

const coordinate = (minimum: number, maximum: number, message: MessageKey) =>
  z.preprocess(
    (value) => {
      if (blank(value)) return undefined;
      const text = String(value).trim();
      return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    },
    z.number(key(message)).min(minimum, key(message)).max(maximum, key(message)).refine(Number.isFinite, key(message)).overwrite(roundDegrees),
  );

export const siteSchema = z
  .object({
    name_en: optionalText(LIMITS.name),
    name_ko: optionalText(LIMITS.name),
    address_en: optionalText(LIMITS.address),
    address_ko: optionalText(LIMITS.address),
    region: z.preprocess((value) => (blank(value) ? null : value), z.enum(KOREAN_REGIONS, key("supplier_form.choose")).nullable()),
    lat: coordinate(-90, 90, "supplier_form.latitude"),
    lng: coordinate(-180, 180, "supplier_form.longitude"),
  })
  // A site nobody can find on the list is useless: it needs a name or an address.
  .refine((site) => Boolean(site.name_en || site.name_ko || site.address_en || site.address_ko), {
    path: ["name_en"],
    error: "supplier_form.site_name_or_address" satisfies MessageKey,
    when: () => true,
  })
  .transform((site) => ({ ...site, region: site.region ?? regionFromAddress(site.address_ko ?? site.address_en) }));

export const certificationSchema = z
  .object({
    certification_type_code: codeSchema,
    certificate_number: optionalText(LIMITS.certificateNumber),
    issuer: optionalText(LIMITS.issuer),
    scope_note: optionalText(LIMITS.scope),
    issued_on: dateField,
    expires_on: dateField,
  })
  .refine((value) => !value.issued_on || !value.expires_on || value.expires_on >= value.issued_on, {
    path: ["expires_on"],
    error: "supplier_form.expiry_before_issue" satisfies MessageKey,
  });

export const decisionSchema = z
  .object({
    decision: z.enum(["verified", "rejected"], key("supplier_form.choose")),
    reason: optionalText(LIMITS.reason),
  })
  .refine((value) => value.decision !== "rejected" || Boolean(value.reason), {
    path: ["reason"],
    error: "supplier_form.reason_required" satisfies MessageKey,
  });

export const inviteSchema = z.object({
  cluster_id: uuidSchema,
  email: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
    z.email(key("supplier_form.email")).max(LIMITS.email, key("supplier_form.too_long")),
  ),
  message: optionalText(LIMITS.message),
});

/** Form data → plain object; fields that repeat (checkbox groups) become arrays. */
export function formObject(formData: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue;
    if (arrays.includes(name)) out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else out[name] = value;
  }
  for (const name of arrays) out[name] ??= [];
  return out;
}
