import { describe, expect, it } from "vitest";
import { indexSettings, settingsDiff, TYPO_STRICT_ATTRIBUTES } from "./settings.server";

describe("index settings", () => {
  const synonyms = { titanium: ["티타늄"], 티타늄: ["titanium"] };

  it("turns typos off for codes and part numbers, and on elsewhere", () => {
    const settings = indexSettings("suppliers", synonyms);
    expect(settings.typoTolerance).toMatchObject({ enabled: true, disableOnAttributes: TYPO_STRICT_ATTRIBUTES, disableOnNumbers: true });
    expect(TYPO_STRICT_ATTRIBUTES).toEqual(expect.arrayContaining(["certification_labels_en", "certificate_numbers", "equipment_models"]));
    for (const attribute of TYPO_STRICT_ATTRIBUTES) expect(settings.searchableAttributes).toContain(attribute);
  });

  it("can filter every facet the search page offers and sort by distance and completeness", () => {
    const settings = indexSettings("suppliers", synonyms);
    for (const attribute of [
      "process_codes",
      "material_codes",
      "certification_codes",
      "valid_certification_codes",
      "cert_expiry",
      "cluster_slugs",
      "regions",
      "size_band",
      "defense_designated",
      "verified",
      "published",
      "_geo",
    ]) {
      expect(settings.filterableAttributes).toContain(attribute);
    }
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(["_geo", "completeness"]));
    expect(settings.synonyms).toBe(synonyms);
  });

  it("lets the needs index filter on every visibility field", () => {
    expect(indexSettings("needs", synonyms).filterableAttributes).toEqual(
      expect.arrayContaining(["visibility", "export_controlled", "organization_id", "invited_organization_ids", "status"])
    );
  });
});

describe("settingsDiff", () => {
  const wanted = indexSettings("suppliers", { a: ["b"], b: ["a"] });

  it("is empty when Meilisearch already has the settings, whatever its ordering", () => {
    const current = {
      ...wanted,
      filterableAttributes: [...(wanted.filterableAttributes as string[])].reverse(),
      synonyms: { b: ["a"], a: ["b"] },
      typoTolerance: {
        enabled: true,
        minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
        disableOnWords: [],
        disableOnAttributes: [...TYPO_STRICT_ATTRIBUTES].reverse(),
        disableOnNumbers: true,
      },
      pagination: { maxTotalHits: 5000 },
      faceting: { maxValuesPerFacet: 300, sortFacetValuesBy: { "*": "alpha" as const } },
    };
    expect(settingsDiff(current, wanted)).toEqual({});
  });

  it("names what differs, and ranking order matters", () => {
    const current = { ...wanted, rankingRules: ["typo", "words", "proximity", "attribute", "sort", "exactness", "completeness:desc"], synonyms: {} };
    expect(Object.keys(settingsDiff(current, wanted)).sort()).toEqual(["rankingRules", "synonyms"]);
  });
});
