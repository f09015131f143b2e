/**
 * Meilisearch synonyms from groups of interchangeable terms (every taxonomy entry's labels and
 * synonyms in both languages, plus the curated glossary in public.search_synonyms).
 * Every member of a group maps to every other member, so titanium ↔ 티타늄 and
 * NDT ↔ 비파괴검사 ↔ non-destructive testing work whichever side the query and the text are on.
 */

export type TaxonomyTerms = {
  label_en: string;
  label_ko: string;
  synonyms_en: string[];
  synonyms_ko: string[];
};

export function termsOf(entry: TaxonomyTerms): string[] {
  return [entry.label_en, entry.label_ko, ...entry.synonyms_en, ...entry.synonyms_ko];
}

/** Lower-cased, whitespace collapsed: how Meilisearch compares synonym keys. */
export function normalizeTerm(term: string): string {
  return term.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Terms Meilisearch would tokenize to nothing (punctuation only) are useless as synonyms. */
function isUsable(term: string): boolean {
  return /[\p{L}\p{N}]/u.test(term) && term.length <= 100;
}

export function buildSynonyms(groups: string[][]): Record<string, string[]> {
  const related = new Map<string, Set<string>>();
  for (const group of groups) {
    const members = [...new Set(group.map(normalizeTerm).filter(isUsable))];
    if (members.length < 2) continue;
    for (const member of members) {
      let set = related.get(member);
      if (!set) related.set(member, (set = new Set()));
      for (const other of members) if (other !== member) set.add(other);
    }
  }
  const synonyms: Record<string, string[]> = {};
  for (const key of [...related.keys()].sort()) synonyms[key] = [...related.get(key)!].sort();
  return synonyms;
}
