import { describe, expect, it } from "vitest";
import { EMPTY_SEARCH, parseSupplierSearch, serializeSupplierSearch, sizeBandOf, withSearch, bboxCentre, type SupplierSearch } from "./query";

function parse(query: string) {
  return parseSupplierSearch(new URLSearchParams(query));
}

function ok(query: string): SupplierSearch {
  const result = parse(query);
  if (!result.success) throw new Error(`expected success for ${query}: ${JSON.stringify(result.fieldErrors)}`);
  return result.search;
}

function errors(query: string) {
  const result = parse(query);
  if (result.success) throw new Error(`expected errors for ${query}`);
  return result.fieldErrors;
}

describe("parseSupplierSearch", () => {
  it("gives the defaults for an empty query", () => {
    expect(ok("")).toEqual(EMPTY_SEARCH);
  });

  it("reads repeated and comma-separated lists, de-duplicated and sorted", () => {
    const search = ok("process=ndt-ut&process=machining-5axis,ndt-ut&cert=as9100d&region=gyeongnam,busan&size=small");
    expect(search.process).toEqual(["machining-5axis", "ndt-ut"]);
    expect(search.cert).toEqual(["as9100d"]);
    expect(search.region).toEqual(["busan", "gyeongnam"]);
    expect(search.size).toEqual(["small"]);
  });

  it("normalises the query text and drops control characters and highlight markers", () => {
    expect(ok("q=%20%20titanium%09%205-axis%E2%80%8B%EE%80%80x ").q).toBe("titanium 5-axis\u200b x");
  });

  it("reads flags in the forms a form or an API client sends", () => {
    const search = ok("designated=1&verified=true&expired=on");
    expect([search.designated, search.verified, search.expired]).toEqual([true, true, true]);
    expect(ok("designated=0").designated).toBe(false);
    expect(errors("designated=yes")).toEqual({ designated: "search.error.flag" });
  });

  it("resolves places and gives radius searches a default radius", () => {
    expect(ok("place=city:sacheon")).toMatchObject({ place: { kind: "city", id: "sacheon" }, radiusKm: 50 });
    expect(ok("place=cluster:changwon&radius_km=25")).toMatchObject({ place: { kind: "cluster", id: "changwon" }, radiusKm: 25 });
    expect(ok("lat=35.1&lng=128.05&radius_km=10")).toMatchObject({ point: { lat: 35.1, lng: 128.05 }, radiusKm: 10 });
    expect(errors("place=city:atlantis")).toEqual({ place: "search.error.place" });
    expect(errors("place=somewhere")).toEqual({ place: "search.error.place" });
  });

  it("rejects inconsistent geography with a message on the right field", () => {
    expect(errors("lat=35")).toEqual({ lng: "search.error.lat_lng_pair" });
    expect(errors("lat=95&lng=128")).toEqual({ lat: "search.error.lat" });
    expect(errors("radius_km=10")).toEqual({ radius_km: "search.error.radius_without_point" });
    expect(errors("place=city:busan&lat=35&lng=129")).toEqual({ place: "search.error.place_and_point" });
    expect(errors("bbox=34,127,36,129&place=city:busan")).toEqual({ bbox: "search.error.bbox_and_point" });
    expect(errors("bbox=36,127,34,129")).toEqual({ bbox: "search.error.bbox" });
    expect(errors("bbox=1,2,3")).toEqual({ bbox: "search.error.bbox" });
    expect(errors("sort=distance")).toEqual({ sort: "search.error.sort_needs_point" });
    expect(ok("sort=distance&bbox=34.5,127.5,35.5,129").sort).toBe("distance");
  });

  it("bounds paging and result sizes", () => {
    expect(ok("page=3&per_page=100")).toMatchObject({ page: 3, perPage: 100 });
    expect(errors("page=0")).toEqual({ page: "search.error.page" });
    expect(errors("page=2.5")).toEqual({ page: "search.error.page" });
    expect(errors("per_page=101")).toEqual({ per_page: "search.error.per_page" });
    expect(errors("per_page=abc")).toEqual({ per_page: "search.error.per_page" });
  });

  it("rejects malformed codes, unknown regions and oversized input", () => {
    expect(errors("process=Machining 5axis")).toEqual({ process: "search.error.code" });
    expect(errors('cert="as9100d" OR 1=1')).toEqual({ cert: "search.error.code" });
    expect(errors("region=tokyo")).toEqual({ region: "search.error.region" });
    expect(errors(`q=${"a".repeat(201)}`)).toEqual({ q: "search.error.query_too_long" });
    expect(errors(`process=${Array.from({ length: 21 }, (_, i) => `p${i}`).join(",")}`)).toEqual({ process: "search.error.too_many_values" });
    expect(errors("q=a&q=b")).toEqual({ q: "search.error.repeated" });
  });
});

describe("serializeSupplierSearch", () => {
  it("round-trips and leaves defaults out", () => {
    for (const query of [
      "",
      "q=titanium&process=machining-5axis&process=ndt-ut&cert=as9100d&verified=1",
      "place=cluster:changwon&radius_km=25&sort=distance&page=2&per_page=50",
      "lat=35.12345&lng=128.5&radius_km=50&expired=1",
      "bbox=34.5,127.5,35.5,129&sort=completeness",
    ]) {
      const search = ok(query);
      const serialized = serializeSupplierSearch(search);
      expect(ok(serialized.toString())).toEqual(search);
    }
    expect(serializeSupplierSearch(EMPTY_SEARCH).toString()).toBe("");
  });

  it("gives equal searches equal URLs whatever the input order", () => {
    const a = serializeSupplierSearch(ok("process=ndt-ut&q=x&process=machining-5axis")).toString();
    const b = serializeSupplierSearch(ok("q=x&process=machining-5axis,ndt-ut")).toString();
    expect(a).toBe(b);
  });
});

describe("withSearch", () => {
  it("returns to page 1 on any change but the page, and keeps the radius consistent", () => {
    const search = ok("place=city:busan&page=3&sort=distance");
    expect(withSearch(search, { verified: true }).page).toBe(1);
    expect(withSearch(search, { page: 4 }).page).toBe(4);
    const cleared = withSearch(search, { place: null });
    expect(cleared).toMatchObject({ radiusKm: null, sort: "relevance" });
  });
});

describe("helpers", () => {
  it("bands company sizes like the database does", () => {
    expect([null, 0, 9, 10, 49, 50, 299, 300].map(sizeBandOf)).toEqual(["unknown", "micro", "micro", "small", "small", "medium", "medium", "large"]);
  });

  it("finds the centre of a box, also across the antimeridian", () => {
    expect(bboxCentre({ south: 34, west: 127, north: 36, east: 129 })).toEqual({ lat: 35, lng: 128 });
    expect(bboxCentre({ south: -10, west: 170, north: 10, east: -170 })).toEqual({ lat: 0, lng: 180 });
  });
});
