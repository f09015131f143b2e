/**
 * Taxonomy terms for needs and match requests: lists typed by people or API clients (codes,
 * labels or synonyms in English or Korean, as in the import format) resolved to codes with
 * app/suppliers/taxonomy-match.ts, and terms found in free text when a request names none.
 * Pure: the taxonomy arrives as data (taxonomy.server.ts loads it).
 */
import { buildTermIndex, normalizeTerm, resolveTerm, type TaxonomyEntry, type TermIndex } from "~/suppliers/taxonomy-match";
import type { TermLabel, TermLabels } from "./types";

export type ProcessEntry = TaxonomyEntry & { parent_code: string | null };

export type Taxonomy = {
  processes: readonly ProcessEntry[];
  materials: readonly TaxonomyEntry[];
  certification_types: readonly TaxonomyEntry[];
};

export type TaxonomyIndexes = {
  processes: TermIndex<ProcessEntry>;
  materials: TermIndex<TaxonomyEntry>;
  certification_types: TermIndex<TaxonomyEntry>;
  labels: TermLabels;
  processParents: ReadonlyMap<string, string | null>;
};

function labelMap(entries: readonly TaxonomyEntry[]): ReadonlyMap<string, TermLabel> {
  return new Map(entries.map((entry) => [entry.code, { code: entry.code, label_en: entry.label_en, label_ko: entry.label_ko }]));
}

export function indexTaxonomy(taxonomy: Taxonomy): TaxonomyIndexes {
  return {
    processes: buildTermIndex(taxonomy.processes),
    materials: buildTermIndex(taxonomy.materials),
    certification_types: buildTermIndex(taxonomy.certification_types),
    labels: {
      processes: labelMap(taxonomy.processes),
      materials: labelMap(taxonomy.materials),
      certification_types: labelMap(taxonomy.certification_types),
    },
    processParents: new Map(taxonomy.processes.map((entry) => [entry.code, entry.parent_code])),
  };
}

/** Splits a typed list on commas, semicolons and line breaks (also the full-width and Korean ones). */
export function splitTermList(value: string): string[] {
  return value
    .split(/[,;\n\r，；、]+/)
    .map((term) => term.trim())
    .filter((term) => term !== "");
}

export type ResolvedTerms = { codes: string[]; unknown: Array<{ index: number; term: string }> };

/** Each term to its code; order kept, duplicates dropped, unknown terms reported with their position. */
export function resolveTermList<T extends TaxonomyEntry>(index: TermIndex<T>, terms: readonly string[]): ResolvedTerms {
  const codes: string[] = [];
  const unknown: ResolvedTerms["unknown"] = [];
  terms.forEach((term, position) => {
    const entry = resolveTerm(index, term);
    if (!entry) unknown.push({ index: position, term });
    else if (!codes.includes(entry.code)) codes.push(entry.code);
  });
  return { codes, unknown };
}

const HANGUL = /[\uac00-\ud7a3]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Lower-cased, compatibility-normalised, with runs of spaces, hyphens and slashes as one space. */
function simplify(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s\-\u2010-\u2015_/]+/g, " ").trim();
}

type Needle = { code: string; text: string; korean: boolean };
const needleCache = new WeakMap<readonly TaxonomyEntry[], Needle[]>();

function needlesOf(entries: readonly TaxonomyEntry[]): Needle[] {
  let needles = needleCache.get(entries);
  if (!needles) {
    needles = entries.flatMap((entry) =>
      [entry.label_en, entry.label_ko, ...entry.synonyms_en, ...entry.synonyms_ko]
        .map((term) => {
          const text = simplify(term);
          const korean = HANGUL.test(text);
          return { code: entry.code, text, korean };
        })
        // Short terms ("PT", "RT", "UT") would match inside unrelated words and abbreviations.
        .filter((needle) => (needle.korean ? needle.text.replace(/\s/g, "").length >= 2 : normalizeTerm(needle.text).length >= 4)),
    );
    needleCache.set(entries, needles);
  }
  return needles;
}

function occursAsWord(haystack: string, needle: Needle): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle.text, from);
    if (at === -1) return false;
    const before = at === 0 ? "" : haystack.charAt(at - 1);
    const after = haystack.charAt(at + needle.text.length);
    // Korean particles attach to the end of a word ("5축 가공을"): only the start needs a boundary.
    if (!WORD_CHAR.test(before) && (needle.korean || !WORD_CHAR.test(after))) return true;
    from = at + 1;
  }
}

/**
 * Taxonomy entries a free text names: labels and synonyms of at least four characters (two or
 * more Hangul syllables for Korean) found as whole words, in either language.
 */
export function findTermsInText<T extends TaxonomyEntry>(entries: readonly T[], text: string): string[] {
  const haystack = simplify(text);
  if (haystack === "") return [];
  const found = new Set<string>();
  for (const needle of needlesOf(entries)) {
    if (!found.has(needle.code) && occursAsWord(haystack, needle)) found.add(needle.code);
  }
  return entries.filter((entry) => found.has(entry.code)).map((entry) => entry.code);
}
