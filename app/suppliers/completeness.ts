import { isHeld, type CertificationLike } from "./expiry";

/*
 * Profile completeness: how much of what contractors look for a profile shows. The weights say
 * what matters most to a contractor shortlisting suppliers (capabilities and held certifications),
 * and add up to 100. The search index and matching use the same score.
 */

export const COMPLETENESS_ITEMS = [
  { key: "name_ko", weight: 5, section: "details" },
  { key: "description_en", weight: 10, section: "details" },
  { key: "description_ko", weight: 10, section: "details" },
  { key: "employees", weight: 5, section: "details" },
  { key: "founded_year", weight: 5, section: "details" },
  { key: "contact", weight: 5, section: "details" },
  { key: "capabilities", weight: 15, section: "capabilities" },
  { key: "materials", weight: 5, section: "capabilities" },
  { key: "certifications", weight: 15, section: "certifications" },
  { key: "certificate_documents", weight: 5, section: "certifications" },
  { key: "sites", weight: 10, section: "sites" },
  { key: "equipment", weight: 5, section: "equipment" },
  { key: "brochure", weight: 5, section: "details" },
] as const;

export type CompletenessItemKey = (typeof COMPLETENESS_ITEMS)[number]["key"];
export type CompletenessSection = (typeof COMPLETENESS_ITEMS)[number]["section"];

export type CompletenessInput = {
  name_ko: string | null;
  description_en: string | null;
  description_ko: string | null;
  employees: number | null;
  founded_year: number | null;
  website: string | null;
  contact_email: string | null;
  capability_count: number;
  material_count: number;
  certifications: ReadonlyArray<CertificationLike & { document_path: string | null }>;
  site_count: number;
  equipment_count: number;
  brochure_path: string | null;
};

export type Completeness = {
  /** 0 to 100. */
  score: number;
  items: Array<{ key: CompletenessItemKey; weight: number; section: CompletenessSection; done: boolean }>;
  /** Keys of what is missing, heaviest first: the order to fix them in. */
  missing: CompletenessItemKey[];
};

const filled = (value: string | null | undefined) => typeof value === "string" && value.trim() !== "";

export function computeCompleteness(input: CompletenessInput, today: string): Completeness {
  const held = input.certifications.filter((certification) => isHeld(certification, today));
  const done: Record<CompletenessItemKey, boolean> = {
    name_ko: filled(input.name_ko),
    description_en: filled(input.description_en),
    description_ko: filled(input.description_ko),
    employees: input.employees !== null && input.employees > 0,
    founded_year: input.founded_year !== null,
    contact: filled(input.website) || filled(input.contact_email),
    capabilities: input.capability_count > 0,
    materials: input.material_count > 0,
    // Expired and rejected certificates are listed on the profile but do not count as held.
    certifications: held.length > 0,
    certificate_documents: held.length > 0 && held.every((certification) => filled(certification.document_path)),
    sites: input.site_count > 0,
    equipment: input.equipment_count > 0,
    brochure: filled(input.brochure_path),
  };
  const items = COMPLETENESS_ITEMS.map((item) => ({ key: item.key, weight: item.weight, section: item.section, done: done[item.key] }));
  const score = items.reduce((sum, item) => sum + (item.done ? item.weight : 0), 0);
  const missing = items
    .filter((item) => !item.done)
    .sort((a, b) => b.weight - a.weight)
    .map((item) => item.key);
  return { score, items, missing };
}

export type PublishBlocker = "description" | "capabilities" | "sites";

/**
 * What a profile needs before contractors may see it: something to read, something it does, and
 * somewhere it is. Everything else only lowers the completeness score.
 */
export function publishBlockers(input: Pick<CompletenessInput, "description_en" | "description_ko" | "capability_count" | "site_count">): PublishBlocker[] {
  const blockers: PublishBlocker[] = [];
  if (!filled(input.description_en) && !filled(input.description_ko)) blockers.push("description");
  if (input.capability_count === 0) blockers.push("capabilities");
  if (input.site_count === 0) blockers.push("sites");
  return blockers;
}
