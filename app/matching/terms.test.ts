import { describe, expect, it } from "vitest";
import { TAXONOMY } from "./taxonomy.fixture";
import { findTermsInText, indexTaxonomy, resolveTermList, splitTermList } from "./terms";

const indexes = indexTaxonomy(TAXONOMY);

describe("splitTermList", () => {
  it("splits on commas, semicolons, line breaks and their full-width forms", () => {
    expect(splitTermList("5-axis machining, 정밀 선삭；NDT\nFPI、 ")).toEqual(["5-axis machining", "정밀 선삭", "NDT", "FPI"]);
    expect(splitTermList("  ")).toEqual([]);
  });
});

describe("resolveTermList", () => {
  it("accepts codes, labels and synonyms in either language, dropping duplicates", () => {
    expect(resolveTermList(indexes.processes, ["machining-5axis", "5축 가공", "Five-Axis Milling", "침투 탐상", "ndt"])).toEqual({
      codes: ["machining-5axis", "ndt-pt", "ndt"],
      unknown: [],
    });
    expect(resolveTermList(indexes.certification_types, ["as 9100"]).codes).toEqual(["as9100d"]);
  });

  it("reports unknown terms with their position", () => {
    expect(resolveTermList(indexes.processes, ["5축 가공", "basket weaving"])).toEqual({ codes: ["machining-5axis"], unknown: [{ index: 1, term: "basket weaving" }] });
  });
});

describe("findTermsInText", () => {
  it("finds labels and synonyms in English and Korean, with Korean particles attached", () => {
    expect(findTermsInText(TAXONOMY.processes, "We need 5축 가공을 and landing gear overhaul capacity")).toEqual(["machining-5axis", "landing-gear-overhaul"]);
    expect(findTermsInText(TAXONOMY.materials, "티타늄 부품")).toEqual(["ti-6al-4v"]);
    expect(findTermsInText(TAXONOMY.processes, "비파괴검사 포함")).toEqual(["ndt"]);
  });

  it("ignores short abbreviations and words inside other words", () => {
    // "PT" is too short to trust; "aging" inside "packaging" is not heat treatment.
    expect(findTermsInText(TAXONOMY.processes, "PT boat packaging and managing")).toEqual([]);
    expect(findTermsInText(TAXONOMY.processes, "")).toEqual([]);
  });
});

describe("indexTaxonomy", () => {
  it("keeps labels for reasons and the process hierarchy", () => {
    expect(indexes.labels.processes.get("ndt-pt")).toEqual({ code: "ndt-pt", label_en: "Penetrant testing", label_ko: "침투 탐상" });
    expect(indexes.processParents.get("ndt-pt")).toBe("ndt");
  });
});
