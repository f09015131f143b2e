import type { SupabaseClient } from "@supabase/supabase-js";
import { searchTaxonomy, type TaxonomyEntry, type TaxonomyKind } from "~/suppliers/taxonomy-match";

export type TaxonomyRow = TaxonomyEntry & { category: string; sort_order: number };
export type CertificationTypeRow = TaxonomyRow & { issuer: string | null; expires: boolean };

export type Taxonomies = {
  processes: TaxonomyRow[];
  materials: TaxonomyRow[];
  certificationTypes: CertificationTypeRow[];
};

/*
 * The taxonomies are small (about a hundred rows), public, and change only when the platform
 * edits them, so every request shares one copy for a short while instead of reading them again.
 */
const CACHE_MILLISECONDS = 60_000;
let cached: { at: number; value: Promise<Taxonomies> } | null = null;

const COLUMNS = "code, category, label_en, label_ko, synonyms_en, synonyms_ko, sort_order";

async function readTaxonomies(supabase: SupabaseClient): Promise<Taxonomies> {
  const [processes, materials, certificationTypes] = await Promise.all([
    supabase.from("processes").select(COLUMNS).order("sort_order").order("code"),
    supabase.from("materials").select(COLUMNS).order("sort_order").order("code"),
    supabase.from("certification_types").select(`${COLUMNS}, issuer, expires`).order("sort_order").order("code"),
  ]);
  for (const result of [processes, materials, certificationTypes]) {
    if (result.error) throw new Error(`Could not read the taxonomies: ${result.error.message}`);
  }
  return {
    processes: (processes.data ?? []) as TaxonomyRow[],
    materials: (materials.data ?? []) as TaxonomyRow[],
    certificationTypes: (certificationTypes.data ?? []) as CertificationTypeRow[],
  };
}

export function loadTaxonomies(supabase: SupabaseClient): Promise<Taxonomies> {
  const now = Date.now();
  if (!cached || now - cached.at > CACHE_MILLISECONDS) {
    const value = readTaxonomies(supabase);
    cached = { at: now, value };
    // A failed read must not be served to everyone for the next minute.
    value.catch(() => {
      if (cached?.value === value) cached = null;
    });
  }
  return cached.value;
}

/** For tests and after the platform edits a taxonomy. */
export function forgetTaxonomies() {
  cached = null;
}

export function taxonomyOf(taxonomies: Taxonomies, kind: TaxonomyKind): TaxonomyRow[] {
  if (kind === "processes") return taxonomies.processes;
  if (kind === "materials") return taxonomies.materials;
  return taxonomies.certificationTypes;
}

export type TaxonomySuggestion = { code: string; label_en: string; label_ko: string; matched: string; exact: boolean };

/** Taxonomy entries for a search box, by code, label or synonym in either language. */
export async function suggestTaxonomyTerms(
  supabase: SupabaseClient,
  { kind, query, limit = 8, exclude = [] }: { kind: TaxonomyKind; query: string; limit?: number; exclude?: readonly string[] },
): Promise<TaxonomySuggestion[]> {
  const taxonomies = await loadTaxonomies(supabase);
  return searchTaxonomy(taxonomyOf(taxonomies, kind), query.slice(0, 100), { limit, exclude: new Set(exclude) }).map((match) => ({
    code: match.entry.code,
    label_en: match.entry.label_en,
    label_ko: match.entry.label_ko,
    matched: match.matched,
    exact: match.quality === 0,
  }));
}

/** code → entry, for showing labels of stored codes. */
export function byCode<T extends TaxonomyEntry>(entries: readonly T[]): Map<string, T> {
  return new Map(entries.map((entry) => [entry.code, entry]));
}
