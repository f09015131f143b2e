/**
 * The taxonomies (processes, materials, certification types), read once a minute at most: they
 * change only by migration or platform edits, and every match and every need form needs them.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { TaxonomyEntry } from "~/suppliers/taxonomy-match";
import { indexTaxonomy, type ProcessEntry, type TaxonomyIndexes } from "./terms";

const TTL_MS = 60_000;
let cached: { at: number; value: Promise<TaxonomyIndexes> } | null = null;

const COLUMNS = "code, label_en, label_ko, synonyms_en, synonyms_ko, sort_order";

async function load(supabase: SupabaseClient): Promise<TaxonomyIndexes> {
  const [processes, materials, certificationTypes] = await Promise.all([
    supabase.from("processes").select(`${COLUMNS}, parent_code`).order("sort_order"),
    supabase.from("materials").select(COLUMNS).order("sort_order"),
    supabase.from("certification_types").select(COLUMNS).order("sort_order"),
  ]);
  const failed = processes.error ?? materials.error ?? certificationTypes.error;
  if (failed) throw new Error(`Could not read the taxonomies: ${failed.message}`);
  return indexTaxonomy({
    processes: (processes.data ?? []) as ProcessEntry[],
    materials: (materials.data ?? []) as TaxonomyEntry[],
    certification_types: (certificationTypes.data ?? []) as TaxonomyEntry[],
  });
}

/** Taxonomies are public (readable by anon), so any client will do. */
export function loadTaxonomy(supabase: SupabaseClient): Promise<TaxonomyIndexes> {
  const now = Date.now();
  if (!cached || now - cached.at > TTL_MS) {
    const value = load(supabase);
    cached = { at: now, value };
    // A failed read must not stick for a minute.
    value.catch(() => {
      if (cached?.value === value) cached = null;
    });
  }
  return cached.value;
}
