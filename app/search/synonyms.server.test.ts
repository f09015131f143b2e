import { describe, expect, it } from "vitest";
import { buildSynonyms, normalizeTerm, termsOf } from "./synonyms.server";

describe("buildSynonyms", () => {
  it("maps every member of a group to every other member, in both directions", () => {
    const synonyms = buildSynonyms([["Non-destructive testing", "비파괴검사", "NDT"]]);
    expect(synonyms).toEqual({
      ndt: ["non-destructive testing", "비파괴검사"],
      "non-destructive testing": ["ndt", "비파괴검사"],
      비파괴검사: ["ndt", "non-destructive testing"],
    });
  });

  it("merges groups that share a term without chaining them further", () => {
    const synonyms = buildSynonyms([
      ["titanium", "티타늄"],
      ["Titanium Ti-6Al-4V", "티타늄 Ti-6Al-4V", "titanium", "Ti64"],
    ]);
    expect(synonyms["titanium"]).toEqual(["ti64", "titanium ti-6al-4v", "티타늄", "티타늄 ti-6al-4v"]);
    expect(synonyms["티타늄"]).toEqual(["titanium"]);
    expect(synonyms["ti64"]).toEqual(["titanium", "titanium ti-6al-4v", "티타늄 ti-6al-4v"]);
  });

  it("normalises case and whitespace, and ignores duplicates, blanks and punctuation-only terms", () => {
    const synonyms = buildSynonyms([["5-axis", "5축", " 5-AXIS ", "", "---"], ["only-one"]]);
    expect(synonyms).toEqual({ "5-axis": ["5축"], "5축": ["5-axis"] });
    expect(normalizeTerm("  Five\tAxis  ")).toBe("five axis");
  });

  it("turns a taxonomy entry into one group", () => {
    expect(termsOf({ label_en: "Welding", label_ko: "용접", synonyms_en: ["weld fabrication"], synonyms_ko: ["용접 가공"] })).toEqual([
      "Welding",
      "용접",
      "weld fabrication",
      "용접 가공",
    ]);
  });
});
