import { describe, expect, it } from "vitest";
import { epochDay } from "./documents.server";
import { HIGHLIGHT_POST as POST, HIGHLIGHT_PRE as PRE, parseSupplierSearch, type SupplierSearch } from "./query";
import { buildSupplierQueries, distanceKm, markTerms, resolveCentre, SearchFieldError, supplierFilterParts } from "./suppliers.server";
import type { ReferenceData } from "./reference.server";

function search(query: string): SupplierSearch {
  const parsed = parseSupplierSearch(new URLSearchParams(query));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.search;
}

const NOW = new Date("2026-06-15T12:00:00Z");
const TODAY = epochDay(NOW);

const reference: ReferenceData = {
  process: new Map(),
  material: new Map(),
  cert: new Map(),
  clustersBySlug: new Map([
    ["changwon", { id: "c1", slug: "changwon", name: { en: "Changwon", ko: "창원" }, lat: 35.23, lng: 128.68, region: "gyeongnam" }],
  ]),
  clustersById: new Map(),
};

describe("supplierFilterParts", () => {
  it("only ever searches published profiles", () => {
    expect(supplierFilterParts(search(""), null, NOW)).toEqual({
      groups: { process: null, material: null, cert: null, cluster: null, region: null, size: null, designated: null, verified: null },
      always: ["published = true"],
    });
  });

  it("filters certificates by expiry day at query time unless expired ones are wanted", () => {
    const parts = supplierFilterParts(search("cert=as9100d&cert=nadcap-ndt"), null, NOW);
    expect(parts.groups.cert).toBe(`(cert_expiry.as9100d >= ${TODAY} OR cert_expiry.nadcap-ndt >= ${TODAY})`);
    expect(supplierFilterParts(search("cert=as9100d&expired=1"), null, NOW).groups.cert).toBe('certification_codes IN ["as9100d"]');
  });

  it("combines lists with IN and flags with equality, and adds geography", () => {
    const parts = supplierFilterParts(
      search("process=machining-5axis&process=ndt-ut&region=gyeongnam&size=small&designated=1&verified=1&place=city:sacheon&radius_km=25"),
      { lat: 35.0037, lng: 128.0642 },
      NOW
    );
    expect(parts.groups).toMatchObject({
      process: 'process_codes IN ["machining-5axis", "ndt-ut"]',
      region: 'regions IN ["gyeongnam"]',
      size: 'size_band IN ["small"]',
      designated: "defense_designated = true",
      verified: "verified = true",
    });
    expect(parts.always).toEqual(["published = true", "_geoRadius(35.0037, 128.0642, 25000)"]);
    const box = supplierFilterParts(search("bbox=34.5,127.5,35.5,129"), null, NOW);
    expect(box.always).toEqual(["published = true", "_geoBoundingBox([35.5, 129], [34.5, 127.5])"]);
  });
});

describe("buildSupplierQueries", () => {
  it("asks for every facet once, and again without its own filter for each filtered list group", () => {
    const queries = buildSupplierQueries(search("q=titanium&process=ndt-ut&verified=1"), null, null, NOW);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      indexUid: "suppliers",
      q: "titanium",
      filter: 'published = true AND process_codes IN ["ndt-ut"] AND verified = true',
      page: 1,
      hitsPerPage: 20,
      highlightPreTag: PRE,
      highlightPostTag: POST,
    });
    // The process counts come from the query without the process filter; the ticked checkbox's
    // count is the main query's own (every result is verified).
    expect(queries[0]!.facets).toEqual(expect.arrayContaining(["valid_certification_codes", "verified", "defense_designated"]));
    expect(queries[0]!.facets).not.toContain("process_codes");
    expect(queries[1]).toMatchObject({ filter: "published = true AND verified = true", facets: ["process_codes"], limit: 0 });
  });

  it("asks for every facet in the main query when nothing is filtered", () => {
    const queries = buildSupplierQueries(search("q=titanium"), null, null, NOW);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.facets).toHaveLength(8);
  });

  it("sorts by distance from the origin or by completeness", () => {
    const origin = { lat: 35, lng: 128 };
    expect(buildSupplierQueries(search("place=city:busan&sort=distance"), origin, origin, NOW)[0]!.sort).toEqual(["_geoPoint(35, 128):asc"]);
    expect(buildSupplierQueries(search("sort=completeness"), null, null, NOW)[0]!.sort).toEqual(["completeness:desc"]);
    expect(buildSupplierQueries(search(""), null, null, NOW)[0]!.sort).toBeUndefined();
  });

  it("adds a map query with the same filter when asked", () => {
    const queries = buildSupplierQueries(search("region=busan"), null, null, NOW, { mapPoints: true });
    expect(queries.at(-1)).toMatchObject({ filter: queries[0]!.filter, attributesToRetrieve: ["id", "slug", "name_en", "name_ko", "_geo"] });
  });
});

describe("resolveCentre", () => {
  it("turns places into coordinates and a map area into an origin", () => {
    expect(resolveCentre(search("place=cluster:changwon"), reference)).toEqual({
      centre: { lat: 35.23, lng: 128.68 },
      origin: { lat: 35.23, lng: 128.68 },
    });
    expect(resolveCentre(search("place=city:gumi"), reference).centre).toEqual({ lat: 36.1195, lng: 128.3446 });
    expect(resolveCentre(search("bbox=34,127,36,129"), reference)).toEqual({ centre: null, origin: { lat: 35, lng: 128 } });
    expect(() => resolveCentre(search("place=cluster:nowhere"), reference)).toThrow(SearchFieldError);
  });
});

describe("distanceKm", () => {
  it("agrees with known distances", () => {
    // Changwon city hall to Busan city hall is about 35 km in a straight line.
    expect(distanceKm({ lat: 35.228, lng: 128.6811 }, { lat: 35.1796, lng: 129.0756 })).toBeCloseTo(36.2, 0);
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 0, lng: 0 })).toBe(0);
  });
});

describe("markTerms", () => {
  it("marks the query's words, case-insensitively, around the first match", () => {
    expect(markTerms("We machine Titanium parts; titanium only.", ["titanium"])).toBe(
      `We machine ${PRE}Titanium${POST} parts; ${PRE}titanium${POST} only.`
    );
    expect(markTerms("티타늄 부품 5축 가공", ["5축", "티타늄"])).toBe(`${PRE}티타늄${POST} 부품 ${PRE}5축${POST} 가공`);
  });

  it("treats the words as text, not patterns, and gives null without a match", () => {
    expect(markTerms("a (b) c", ["(b)"])).toBe(`a ${PRE}(b)${POST} c`);
    expect(markTerms("nothing here", ["titanium"])).toBeNull();
    expect(markTerms("x", [])).toBeNull();
  });

  it("crops long texts around the match", () => {
    const text = `${"lorem ".repeat(40)}titanium${" ipsum".repeat(40)}`;
    const marked = markTerms(text, ["titanium"], 120)!;
    expect(marked.startsWith("…")).toBe(true);
    expect(marked.endsWith("…")).toBe(true);
    expect(marked).toContain(`${PRE}titanium${POST}`);
  });
});
