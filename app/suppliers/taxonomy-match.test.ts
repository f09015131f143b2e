import { describe, expect, it } from "vitest";
import { buildTermIndex, normalizeTerm, resolveTerm, searchTaxonomy, type TaxonomyEntry } from "./taxonomy-match";

const processes: TaxonomyEntry[] = [
  { code: "machining-5axis", label_en: "5-axis machining", label_ko: "5축 가공", synonyms_en: ["five-axis milling", "5 axis CNC"], synonyms_ko: ["5축 머시닝"], sort_order: 100 },
  { code: "turning-precision", label_en: "Precision turning", label_ko: "정밀 선삭", synonyms_en: ["CNC lathe"], synonyms_ko: ["선반 가공"], sort_order: 101 },
  { code: "ndt", label_en: "Non-destructive testing", label_ko: "비파괴검사", synonyms_en: ["NDT", "NDI"], synonyms_ko: ["비파괴 시험"], sort_order: 600 },
  { code: "ndt-ut", label_en: "Ultrasonic testing", label_ko: "초음파 탐상", synonyms_en: ["UT", "phased array"], synonyms_ko: ["초음파검사"], sort_order: 601 },
];

const materials: TaxonomyEntry[] = [
  { code: "ti-6al-4v", label_en: "Titanium Ti-6Al-4V", label_ko: "티타늄 Ti-6Al-4V", synonyms_en: ["titanium", "Ti64"], synonyms_ko: ["티타늄", "티타늄 합금"], sort_order: 200 },
  { code: "ti-cp", label_en: "Commercially pure titanium", label_ko: "순수 티타늄", synonyms_en: ["CP titanium"], synonyms_ko: ["순티타늄"], sort_order: 201 },
];

describe("normalizeTerm", () => {
  it("ignores case, spacing, punctuation and full-width forms", () => {
    expect(normalizeTerm("5-Axis  Machining")).toBe("5axismachining");
    expect(normalizeTerm("５ＡＸＩＳ")).toBe("5axis");
    expect(normalizeTerm("5축 가공")).toBe(normalizeTerm("5축가공"));
    expect(normalizeTerm("AS 9100 (rev. D)")).toBe("as9100revd");
    expect(normalizeTerm("  ")).toBe("");
  });
});

describe("resolveTerm", () => {
  const index = buildTermIndex(processes);

  it("finds entries by code, label or synonym in either language", () => {
    expect(resolveTerm(index, "machining-5axis")?.code).toBe("machining-5axis");
    expect(resolveTerm(index, "5-axis machining")?.code).toBe("machining-5axis");
    expect(resolveTerm(index, "5축가공")?.code).toBe("machining-5axis");
    expect(resolveTerm(index, "Five Axis Milling")?.code).toBe("machining-5axis");
    expect(resolveTerm(index, "선반 가공")?.code).toBe("turning-precision");
    expect(resolveTerm(index, "ndt")?.code).toBe("ndt");
    expect(resolveTerm(index, "초음파검사")?.code).toBe("ndt-ut");
  });

  it("also knows a label without its trailing aside in brackets", () => {
    const certifications = buildTermIndex<TaxonomyEntry>([
      { code: "iso-17025", label_en: "ISO/IEC 17025 (KOLAS)", label_ko: "ISO/IEC 17025 (KOLAS 공인시험기관)", synonyms_en: ["KOLAS"], synonyms_ko: [] },
    ]);
    expect(resolveTerm(certifications, "ISO/IEC 17025")?.code).toBe("iso-17025");
    expect(resolveTerm(certifications, "ISO/IEC 17025 (KOLAS)")?.code).toBe("iso-17025");
  });

  it("answers null for unknown or empty terms instead of guessing", () => {
    expect(resolveTerm(index, "laser engraving")).toBeNull();
    expect(resolveTerm(index, "5축")).toBeNull();
    expect(resolveTerm(index, " - ")).toBeNull();
  });

  it("prefers a code over a label over a synonym when two entries share a term", () => {
    const clash = buildTermIndex<TaxonomyEntry>([
      { code: "b", label_en: "Alpha", label_ko: "알파", synonyms_en: ["shared"], synonyms_ko: [], sort_order: 1 },
      { code: "shared", label_en: "Beta", label_ko: "베타", synonyms_en: [], synonyms_ko: [], sort_order: 2 },
      { code: "c", label_en: "Gamma", label_ko: "감마", synonyms_en: ["alpha"], synonyms_ko: [], sort_order: 0 },
    ]);
    expect(resolveTerm(clash, "shared")?.code).toBe("shared");
    expect(resolveTerm(clash, "alpha")?.code).toBe("b");
  });

  it("breaks remaining ties by sort order, independent of input order", () => {
    const first = buildTermIndex(materials);
    const reversed = buildTermIndex([...materials].reverse());
    expect(resolveTerm(first, "titanium")?.code).toBe("ti-6al-4v");
    expect(resolveTerm(reversed, "titanium")?.code).toBe("ti-6al-4v");
  });
});

describe("searchTaxonomy", () => {
  it("ranks exact matches, then prefixes, then substrings", () => {
    const results = searchTaxonomy(materials, "titanium");
    expect(results.map((r) => r.entry.code)).toEqual(["ti-6al-4v", "ti-cp"]);
    expect(results[0]?.quality).toBe(0);
    expect(results[1]?.quality).toBe(2);
  });

  it("finds Korean and English terms and reports which term matched", () => {
    const korean = searchTaxonomy(processes, "5축");
    expect(korean[0]?.entry.code).toBe("machining-5axis");
    expect(korean[0]?.matched).toBe("5축 가공");
    const synonym = searchTaxonomy(processes, "phased");
    expect(synonym[0]).toMatchObject({ entry: { code: "ndt-ut" }, matched: "phased array", quality: 1 });
  });

  it("excludes codes already chosen and respects the limit", () => {
    expect(searchTaxonomy(processes, "ndt", { exclude: new Set(["ndt"]) }).map((r) => r.entry.code)).toEqual(["ndt-ut"]);
    expect(searchTaxonomy(processes, "a", { limit: 2 })).toHaveLength(2);
    expect(searchTaxonomy(processes, "   ")).toEqual([]);
  });
});
