/*
 * Finding taxonomy entries (processes, materials, certification types) from what people type:
 * codes, English or Korean labels, or synonyms in either language. Used by the profile editor's
 * search box and by the bulk import, so a term means the same thing in both places.
 */

export type TaxonomyEntry = {
  code: string;
  label_en: string;
  label_ko: string;
  synonyms_en: readonly string[];
  synonyms_ko: readonly string[];
  sort_order?: number;
};

export type TaxonomyKind = "processes" | "materials" | "certification_types";

/**
 * The comparison form of a term: Unicode-normalised (full-width letters, compatibility Hangul),
 * lower-cased, with spaces and punctuation removed, so "5-axis", "5 Axis" and "５axis" compare
 * equal, as do "5축 가공" and "5축가공".
 */
export function normalizeTerm(term: string): string {
  return term
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

type MatchSource = "code" | "label_en" | "label_ko" | "synonym_en" | "synonym_ko";

const SOURCE_RANK: Record<MatchSource, number> = { code: 0, label_en: 1, label_ko: 1, synonym_en: 2, synonym_ko: 2 };

/** "ISO/IEC 17025 (KOLAS)" is also written "ISO/IEC 17025": the label without its trailing aside. */
function withoutAside(label: string): string | null {
  const stripped = label.replace(/\s*\([^()]*\)\s*$/, "").trim();
  return stripped !== "" && stripped !== label ? stripped : null;
}

function termsOf<T extends TaxonomyEntry>(entry: T): Array<{ text: string; source: MatchSource }> {
  const shortEn = withoutAside(entry.label_en);
  const shortKo = withoutAside(entry.label_ko);
  return [
    { text: entry.code, source: "code" },
    { text: entry.label_en, source: "label_en" },
    { text: entry.label_ko, source: "label_ko" },
    ...(shortEn ? [{ text: shortEn, source: "label_en" as const }] : []),
    ...(shortKo ? [{ text: shortKo, source: "label_ko" as const }] : []),
    ...entry.synonyms_en.map((text) => ({ text, source: "synonym_en" as const })),
    ...entry.synonyms_ko.map((text) => ({ text, source: "synonym_ko" as const })),
  ];
}

export type TermIndex<T extends TaxonomyEntry> = {
  entries: readonly T[];
  exact: ReadonlyMap<string, T>;
};

/**
 * Exact-match index. When two entries share a term, the one where it is the code wins over a
 * label, a label over a synonym, then the lower sort order: the result never depends on row order.
 */
export function buildTermIndex<T extends TaxonomyEntry>(entries: readonly T[]): TermIndex<T> {
  const best = new Map<string, { entry: T; rank: number; order: number }>();
  for (const entry of entries) {
    for (const { text, source } of termsOf(entry)) {
      const key = normalizeTerm(text);
      if (key === "") continue;
      const candidate = { entry, rank: SOURCE_RANK[source], order: entry.sort_order ?? 0 };
      const current = best.get(key);
      if (
        !current ||
        candidate.rank < current.rank ||
        (candidate.rank === current.rank && (candidate.order < current.order || (candidate.order === current.order && entry.code < current.entry.code)))
      ) {
        best.set(key, candidate);
      }
    }
  }
  return { entries, exact: new Map([...best].map(([key, value]) => [key, value.entry])) };
}

/** The entry a term names exactly (code, label or synonym, either language), or null. */
export function resolveTerm<T extends TaxonomyEntry>(index: TermIndex<T>, term: string): T | null {
  const key = normalizeTerm(term);
  if (key === "") return null;
  return index.exact.get(key) ?? null;
}

export type TaxonomyMatch<T extends TaxonomyEntry> = {
  entry: T;
  /** The label or synonym that matched, so the UI can say why an entry was suggested. */
  matched: string;
  source: MatchSource;
  /** 0 exact, 1 prefix, 2 contains; lower is better. */
  quality: 0 | 1 | 2;
};

/**
 * Entries ranked for a search box: exact matches first, then prefixes, then substrings; within a
 * quality, codes and labels before synonyms, then the taxonomy's own order.
 */
export function searchTaxonomy<T extends TaxonomyEntry>(
  entries: readonly T[],
  query: string,
  options: { limit?: number; exclude?: ReadonlySet<string> } = {},
): Array<TaxonomyMatch<T>> {
  const needle = normalizeTerm(query);
  if (needle === "") return [];
  const results: Array<TaxonomyMatch<T>> = [];
  for (const entry of entries) {
    if (options.exclude?.has(entry.code)) continue;
    let best: TaxonomyMatch<T> | null = null;
    for (const { text, source } of termsOf(entry)) {
      const key = normalizeTerm(text);
      const quality = key === needle ? 0 : key.startsWith(needle) ? 1 : key.includes(needle) ? 2 : null;
      if (quality === null) continue;
      if (!best || quality < best.quality || (quality === best.quality && SOURCE_RANK[source] < SOURCE_RANK[best.source])) {
        best = { entry, matched: text, source, quality };
      }
    }
    if (best) results.push(best);
  }
  results.sort(
    (a, b) =>
      a.quality - b.quality ||
      SOURCE_RANK[a.source] - SOURCE_RANK[b.source] ||
      (a.entry.sort_order ?? 0) - (b.entry.sort_order ?? 0) ||
      a.entry.code.localeCompare(b.entry.code),
  );
  return results.slice(0, options.limit ?? 10);
}

/** The label in the reader's language. */
export function labelOf(entry: Pick<TaxonomyEntry, "label_en" | "label_ko">, locale: "en" | "ko"): string {
  return locale === "ko" ? entry.label_ko : entry.label_en;
}
