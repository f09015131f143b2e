import * as z from "zod";

/*
 * The lists on a cluster page live in jsonb columns of public.clusters (incentives,
 * infrastructure, anchor_companies, success_stories, contact). This module is their one
 * definition: the edit form validates against it and the page reads stored data through it,
 * dropping items that do not fit instead of failing the whole page.
 */

export const INCENTIVE_KINDS = ["tax", "subsidy", "land", "hiring", "programme", "other"] as const;
export type IncentiveKind = (typeof INCENTIVE_KINDS)[number];

export const INFRASTRUCTURE_KINDS = ["test", "certification", "laboratory", "support_centre", "other"] as const;
export type InfrastructureKind = (typeof INFRASTRUCTURE_KINDS)[number];

/** What a contractor can ask a cluster for; the same kinds a cluster offers, plus infrastructure. */
export const SOUGHT_INCENTIVE_KINDS = ["tax", "subsidy", "land", "hiring", "programme", "infrastructure", "other"] as const;
export type SoughtIncentiveKind = (typeof SOUGHT_INCENTIVE_KINDS)[number];

export const LIMITS = {
  title: 200,
  text: 2000,
  focusAreas: 12,
  focusArea: 80,
  items: 30,
  email: 320,
  phone: 40,
  url: 500,
} as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

export const incentiveSchema = z.object({
  kind: z.enum(INCENTIVE_KINDS),
  title_en: optionalText(LIMITS.title),
  title_ko: optionalText(LIMITS.title),
  description_en: optionalText(LIMITS.text),
  description_ko: optionalText(LIMITS.text),
});
export type Incentive = z.infer<typeof incentiveSchema>;

export const infrastructureSchema = z.object({
  kind: z.enum(INFRASTRUCTURE_KINDS),
  name_en: optionalText(LIMITS.title),
  name_ko: optionalText(LIMITS.title),
  description_en: optionalText(LIMITS.text),
  description_ko: optionalText(LIMITS.text),
});
export type Infrastructure = z.infer<typeof infrastructureSchema>;

export const anchorCompanySchema = z.object({
  name_en: optionalText(LIMITS.title),
  name_ko: optionalText(LIMITS.title),
  /** Set when the anchor is a member organization on the platform (links to its profile). */
  organization_id: z.uuid().optional(),
  description_en: optionalText(LIMITS.text),
  description_ko: optionalText(LIMITS.text),
});
export type AnchorCompany = z.infer<typeof anchorCompanySchema>;

export const successStorySchema = z.object({
  title_en: optionalText(LIMITS.title),
  title_ko: optionalText(LIMITS.title),
  year: z.number().int().min(1950).max(2100).optional(),
  body_en: optionalText(LIMITS.text),
  body_ko: optionalText(LIMITS.text),
});
export type SuccessStory = z.infer<typeof successStorySchema>;

export const contactSchema = z.object({
  name_en: optionalText(LIMITS.title),
  name_ko: optionalText(LIMITS.title),
  email: optionalText(LIMITS.email),
  phone: optionalText(LIMITS.phone),
});
export type ClusterContact = z.infer<typeof contactSchema>;

export type ClusterContent = {
  incentives: Incentive[];
  infrastructure: Infrastructure[];
  anchorCompanies: AnchorCompany[];
  successStories: SuccessStory[];
  contact: ClusterContact;
};

/** Items that parse; the rest (written by other tools, older shapes) are left out. */
function parseItems<T>(schema: z.ZodType<T>, value: unknown): T[] {
  if (!Array.isArray(value)) return [];
  const items: T[] = [];
  for (const item of value) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
  }
  return items;
}

/** Whether a bilingual item says anything at all in either language. */
export function hasText(...values: Array<string | undefined | null>): boolean {
  return values.some((value) => typeof value === "string" && value.trim() !== "");
}

export function parseClusterContent(row: {
  incentives: unknown;
  infrastructure: unknown;
  anchor_companies: unknown;
  success_stories: unknown;
  contact: unknown;
}): ClusterContent {
  const contact = contactSchema.safeParse(row.contact ?? {});
  return {
    incentives: parseItems(incentiveSchema, row.incentives).filter((item) => hasText(item.title_en, item.title_ko, item.description_en, item.description_ko)),
    infrastructure: parseItems(infrastructureSchema, row.infrastructure).filter((item) => hasText(item.name_en, item.name_ko)),
    anchorCompanies: parseItems(anchorCompanySchema, row.anchor_companies).filter((item) => hasText(item.name_en, item.name_ko)),
    successStories: parseItems(successStorySchema, row.success_stories).filter((item) => hasText(item.title_en, item.title_ko)),
    contact: contact.success ? contact.data : { name_en: undefined, name_ko: undefined, email: undefined, phone: undefined },
  };
}

/** Picks the text in the reader's language, falling back to the other one. */
export function localized(locale: "ko" | "en", en: string | null | undefined, ko: string | null | undefined): string {
  const first = locale === "ko" ? ko : en;
  const second = locale === "ko" ? en : ko;
  return (first && first.trim()) || (second && second.trim()) || "";
}

/** Items grouped by kind, in the order of `kinds`; empty groups left out. */
export function groupByKind<K extends string, T extends { kind: K }>(items: readonly T[], kinds: readonly K[]): Array<{ kind: K; items: T[] }> {
  return kinds
    .map((kind) => ({ kind, items: items.filter((item) => item.kind === kind) }))
    .filter((group) => group.items.length > 0);
}
