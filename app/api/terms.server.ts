import type { SupabaseClient } from "@supabase/supabase-js";
import { loadTaxonomies, type Taxonomies } from "~/models/taxonomy.server";
import { buildTermIndex, resolveTerm, type TaxonomyEntry, type TaxonomyKind, type TermIndex } from "~/suppliers/taxonomy-match";
import { fieldError, type FieldError } from "./problem.server";

/*
 * Taxonomy terms as API callers write them — codes, English or Korean labels, or synonyms in
 * either language, as in the import format — resolved to codes with the same matcher the import
 * uses (app/suppliers/taxonomy-match.ts). An unknown term is an error naming the field and the
 * position, never silently dropped: a need matched without one of its terms would mislead.
 */

type Indexes = Record<TaxonomyKind, TermIndex<TaxonomyEntry>>;
const indexCache = new WeakMap<Taxonomies, Indexes>();

function indexesFor(taxonomies: Taxonomies): Indexes {
  let indexes = indexCache.get(taxonomies);
  if (!indexes) {
    indexes = {
      processes: buildTermIndex(taxonomies.processes),
      materials: buildTermIndex(taxonomies.materials),
      certification_types: buildTermIndex(taxonomies.certificationTypes),
    };
    indexCache.set(taxonomies, indexes);
  }
  return indexes;
}

const UNKNOWN_KEY = {
  processes: "api.error.unknown_process",
  materials: "api.error.unknown_material",
  certification_types: "api.error.unknown_certification",
} as const;

export type TermRequest<F extends string> = { field: F; kind: TaxonomyKind; terms: readonly string[] | undefined };

export type ResolvedTerms<F extends string> = { ok: true; codes: Record<F, string[]> } | { ok: false; errors: FieldError[] };

/** Codes for each list, in the order given, without repeats; or an error for every unknown term. */
export function resolveTermLists<F extends string>(taxonomies: Taxonomies, requests: ReadonlyArray<TermRequest<F>>): ResolvedTerms<F> {
  const indexes = indexesFor(taxonomies);
  const codes = {} as Record<F, string[]>;
  const errors: FieldError[] = [];
  for (const request of requests) {
    const found: string[] = [];
    (request.terms ?? []).forEach((term, index) => {
      const entry = resolveTerm(indexes[request.kind], term);
      if (!entry) errors.push(fieldError(`${request.field}[${index}]`, UNKNOWN_KEY[request.kind], { term }));
      else if (!found.includes(entry.code)) found.push(entry.code);
    });
    codes[request.field] = found;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, codes };
}

export async function resolveTerms<F extends string>(supabase: SupabaseClient, requests: ReadonlyArray<TermRequest<F>>): Promise<ResolvedTerms<F>> {
  return resolveTermLists(await loadTaxonomies(supabase), requests);
}

/** Code → labels, for answers that show a code with its name. */
export function termLabel(taxonomies: Taxonomies, kind: TaxonomyKind, code: string) {
  const list = kind === "processes" ? taxonomies.processes : kind === "materials" ? taxonomies.materials : taxonomies.certificationTypes;
  const entry = list.find((item) => item.code === code);
  return { code, label_en: entry?.label_en ?? code, label_ko: entry?.label_ko ?? code };
}
