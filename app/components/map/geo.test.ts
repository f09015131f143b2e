import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EARTH_RADIUS_KM,
  KOREA_BOUNDS,
  boundsContain,
  circlesToFeatureCollection,
  dataBounds,
  destinationPoint,
  ensureMinimumSpan,
  formatBoundsParam,
  geodesicCircleRing,
  haversineKm,
  normalizeBounds,
  parseBoundsParam,
  pointInGeometry,
  pointsToFeatureCollection,
  polygonsToFeatureCollection,
  ringSignedArea,
  safeHref,
  wrapLng,
} from "./geo";
import type { MapPoint, MapPolygonFeature } from "./types";

const SEOUL = { lat: 37.5665, lng: 126.978 };
const BUSAN = { lat: 35.1796, lng: 129.0756 };
const ONE_DEGREE_KM = (Math.PI * EARTH_RADIUS_KM) / 180;

/** Spherical law of cosines: an independent formula to check haversine against. */
function lawOfCosinesKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = Math.PI / 180;
  const cosine =
    Math.sin(a.lat * rad) * Math.sin(b.lat * rad) + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lng - a.lng) * rad);
  return EARTH_RADIUS_KM * Math.acos(Math.min(1, Math.max(-1, cosine)));
}

describe("haversineKm", () => {
  it("measures known distances", () => {
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 90, lng: 0 })).toBeCloseTo((Math.PI / 2) * EARTH_RADIUS_KM, 6);
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(ONE_DEGREE_KM, 6);
    // Seoul City Hall to Busan City Hall: about 325 km in a straight line.
    expect(haversineKm(SEOUL, BUSAN)).toBeGreaterThan(320);
    expect(haversineKm(SEOUL, BUSAN)).toBeLessThan(330);
    expect(haversineKm(SEOUL, SEOUL)).toBe(0);
  });

  it("agrees with the spherical law of cosines", () => {
    expect(haversineKm(SEOUL, BUSAN)).toBeCloseTo(lawOfCosinesKm(SEOUL, BUSAN), 6);
  });
});

describe("destinationPoint", () => {
  it("moves one degree along a meridian and along the equator", () => {
    const north = destinationPoint({ lat: 0, lng: 0 }, ONE_DEGREE_KM, 0);
    expect(north[0]).toBeCloseTo(0, 9);
    expect(north[1]).toBeCloseTo(1, 9);
    const east = destinationPoint({ lat: 0, lng: 0 }, ONE_DEGREE_KM, 90);
    expect(east[0]).toBeCloseTo(1, 9);
    expect(east[1]).toBeCloseTo(0, 9);
  });

  it("wraps across the antimeridian", () => {
    const [lng] = destinationPoint({ lat: 0, lng: 179.5 }, ONE_DEGREE_KM, 90);
    expect(lng).toBeCloseTo(-179.5, 9);
  });

  it("lands exactly the requested distance away, for any start, bearing and distance", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0.01, max: 3000, noNaN: true }),
        (lat, lng, bearing, distance) => {
          const [toLng, toLat] = destinationPoint({ lat, lng }, distance, bearing);
          expect(Math.abs(haversineKm({ lat, lng }, { lat: toLat, lng: toLng }) - distance)).toBeLessThan(1e-6 * distance + 1e-9);
        },
      ),
    );
  });
});

describe("geodesicCircleRing", () => {
  it("is a closed, counter-clockwise ring whose every vertex is radius km from the centre", () => {
    const ring = geodesicCircleRing(SEOUL, 50, 64);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    expect(ringSignedArea(ring)).toBeGreaterThan(0);
    for (const [lng, lat] of ring) {
      expect(haversineKm(SEOUL, { lat, lng })).toBeCloseTo(50, 6);
    }
  });

  it("is wider than tall in degrees by 1/cos(latitude), not a flat degree circle", () => {
    const ring = geodesicCircleRing(SEOUL, 100, 360);
    const lngs = ring.map(([lng]) => lng);
    const lats = ring.map(([, lat]) => lat);
    const widthDegrees = Math.max(...lngs) - Math.min(...lngs);
    const heightDegrees = Math.max(...lats) - Math.min(...lats);
    const expectedRatio = 1 / Math.cos((SEOUL.lat * Math.PI) / 180);
    expect(widthDegrees / heightDegrees).toBeGreaterThan(expectedRatio * 0.98);
    expect(widthDegrees / heightDegrees).toBeLessThan(expectedRatio * 1.02);
  });

  it("rejects radii that are not positive, too large or not numbers, and invalid centres", () => {
    expect(() => geodesicCircleRing(SEOUL, 0)).toThrow(RangeError);
    expect(() => geodesicCircleRing(SEOUL, -5)).toThrow(RangeError);
    expect(() => geodesicCircleRing(SEOUL, Number.NaN)).toThrow(RangeError);
    expect(() => geodesicCircleRing(SEOUL, 6000)).toThrow(RangeError);
    expect(() => geodesicCircleRing({ lat: 95, lng: 0 }, 5)).toThrow(RangeError);
  });

  it("uses at least 8 segments", () => {
    expect(geodesicCircleRing(SEOUL, 1, 3)).toHaveLength(9);
  });
});

describe("wrapLng", () => {
  it("wraps into [-180, 180]", () => {
    expect(wrapLng(190)).toBe(-170);
    expect(wrapLng(-190)).toBe(170);
    expect(wrapLng(540)).toBe(180);
    expect(wrapLng(180)).toBe(180);
    expect(wrapLng(-180)).toBe(-180);
    expect(wrapLng(127)).toBe(127);
    expect(wrapLng(127 + 720)).toBeCloseTo(127, 9);
  });
});

describe("normalizeBounds", () => {
  it("rounds to 5 decimals and orders latitudes", () => {
    expect(normalizeBounds(126.1234567, 37.9, 127.7654321, 35.1)).toEqual([126.12346, 35.1, 127.76543, 37.9]);
  });

  it("wraps longitudes of a view panned around the world", () => {
    expect(normalizeBounds(126 + 360, 35, 128 + 360, 37)).toEqual([126, 35, 128, 37]);
    expect(normalizeBounds(170, 0, 190, 10)).toEqual([170, 0, -170, 10]);
  });

  it("turns a view wider than the world into the whole world and clamps latitudes", () => {
    expect(normalizeBounds(-300, -95, 300, 95)).toEqual([-180, -90, 180, 90]);
  });

  it("refuses non-numbers", () => {
    expect(normalizeBounds(Number.NaN, 0, 1, 1)).toBeNull();
    expect(normalizeBounds(0, 0, Infinity, 1)).toBeNull();
  });
});

describe("bounds parameter", () => {
  it("round-trips", () => {
    const bounds = [126.12345, 35.5, 129.98765, 37.91] as const;
    expect(parseBoundsParam(formatBoundsParam(bounds))).toEqual([...bounds]);
  });

  it("rejects malformed or out-of-range values", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "1,2,3",
      "1,2,3,4,5",
      "a,b,c,d",
      "1e2,0,1,1",
      "126,38,127,37",
      "181,0,182,1",
      "0,-91,1,1",
      "126,,127,38",
      " ",
    ]) {
      expect(parseBoundsParam(bad)).toBeNull();
    }
    expect(parseBoundsParam("-10.5,-20,10,20.25")).toEqual([-10.5, -20, 10, 20.25]);
  });
});

describe("ensureMinimumSpan", () => {
  it("grows a single point to a box at least 4 km across each way", () => {
    const [west, south, east, north] = ensureMinimumSpan([128.68, 35.23, 128.68, 35.23], 4);
    expect(haversineKm({ lat: 35.23, lng: west }, { lat: 35.23, lng: east })).toBeGreaterThanOrEqual(3.999);
    expect(haversineKm({ lat: south, lng: 128.68 }, { lat: north, lng: 128.68 })).toBeGreaterThanOrEqual(3.999);
    expect((west + east) / 2).toBeCloseTo(128.68, 9);
  });

  it("leaves a large box alone", () => {
    expect(ensureMinimumSpan(KOREA_BOUNDS)).toEqual(KOREA_BOUNDS);
  });
});

const point = (overrides: Partial<MapPoint> = {}): MapPoint => ({
  id: "p1",
  lat: 35.23,
  lng: 128.68,
  label: "Changwon Precision (fictional)",
  sublabel: "Changwon",
  href: "/suppliers/p1",
  kind: "primary",
  ...overrides,
});

const square = (west: number, south: number, east: number, north: number) => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

const polygon = (overrides: Partial<MapPolygonFeature> = {}): MapPolygonFeature => ({
  type: "Feature",
  id: "c1",
  geometry: { type: "Polygon", coordinates: [square(128.5, 35.1, 128.8, 35.4)] },
  properties: { kind: "cluster", label: "Changwon cluster", href: "/clusters/changwon" },
  ...overrides,
});

describe("dataBounds", () => {
  it("covers points, polygons and the full extent of circles", () => {
    const bounds = dataBounds({
      points: [point(), point({ id: "p2", lat: 36.12, lng: 128.34 })],
      polygons: [polygon()],
      circles: [{ id: "n1", lat: 36.35, lng: 127.38, radius_km: 30, label: "Need" }],
    });
    expect(bounds).not.toBeNull();
    const [west, south, east, north] = bounds!;
    expect(east).toBeCloseTo(128.8, 9);
    expect(south).toBeCloseTo(35.1, 9);
    // The circle reaches 30 km west and north of Daejeon.
    expect(haversineKm({ lat: 36.35, lng: 127.38 }, { lat: 36.35, lng: west })).toBeCloseTo(30, 0);
    expect(haversineKm({ lat: 36.35, lng: 127.38 }, { lat: north, lng: 127.38 })).toBeCloseTo(30, 3);
  });

  it("is null when nothing valid is shown", () => {
    expect(dataBounds({})).toBeNull();
    expect(dataBounds({ points: [point({ lat: Number.NaN })] })).toBeNull();
  });

  it("ignores invalid items instead of stretching to them", () => {
    const bounds = dataBounds({ points: [point(), point({ id: "bad", lat: 0, lng: 999 })] });
    expect(bounds).toEqual([128.68, 35.23, 128.68, 35.23]);
  });

  it("contains its inputs", () => {
    const bounds = dataBounds({ points: [point()], polygons: [polygon()] })!;
    expect(boundsContain(bounds, [128.68, 35.23, 128.68, 35.23])).toBe(true);
    expect(boundsContain(bounds, [120, 35.23, 128.68, 35.23])).toBe(false);
  });
});

describe("safeHref", () => {
  it("keeps same-origin paths and http(s) URLs", () => {
    expect(safeHref("/suppliers/abc?lang=ko#sites")).toBe("/suppliers/abc?lang=ko#sites");
    expect(safeHref(" https://example.com/a ")).toBe("https://example.com/a");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
  });

  it("drops script, data and protocol-relative links and junk", () => {
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "//evil.example/x",
      "/\\evil.example",
      "suppliers/relative",
      "",
      "   ",
      null,
      undefined,
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});

describe("pointsToFeatureCollection", () => {
  it("maps points to GeoJSON with lng/lat order and sanitised properties", () => {
    const collection = pointsToFeatureCollection([
      point(),
      point({ id: "p2", href: "javascript:alert(1)", sublabel: null, kind: "secondary", label: "<img src=x onerror=alert(1)>" }),
    ]);
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features).toHaveLength(2);
    expect(collection.features[0]).toEqual({
      type: "Feature",
      geometry: { type: "Point", coordinates: [128.68, 35.23] },
      properties: { id: "p1", label: "Changwon Precision (fictional)", sublabel: "Changwon", href: "/suppliers/p1", kind: "primary" },
    });
    expect(collection.features[1]!.properties).toEqual({
      id: "p2",
      label: "<img src=x onerror=alert(1)>",
      sublabel: "",
      href: "",
      kind: "secondary",
    });
  });

  it("drops points without valid coordinates", () => {
    const collection = pointsToFeatureCollection([
      point({ id: "nan", lat: Number.NaN }),
      point({ id: "far", lat: 91 }),
      point({ id: "string", lng: "128" as unknown as number }),
      point({ id: "ok" }),
    ]);
    expect(collection.features.map((feature) => feature.properties.id)).toEqual(["ok"]);
  });

  it("converts 10,000 points, each one kept (speed is measured by npm run bench, not here)", () => {
    const many = Array.from({ length: 10_000 }, (_, index) =>
      point({ id: String(index), lat: 34 + (index % 400) / 100, lng: 126 + Math.floor(index / 400) / 10 }),
    );
    const collection = pointsToFeatureCollection(many);
    expect(collection.features).toHaveLength(10_000);
    expect(collection.features[9_999]!.properties.id).toBe("9999");
  });
});

describe("polygonsToFeatureCollection", () => {
  it("keeps valid polygons and multipolygons with their kind", () => {
    const collection = polygonsToFeatureCollection([
      polygon(),
      polygon({
        id: "parcels",
        geometry: {
          type: "MultiPolygon",
          coordinates: [[square(128.6, 35.2, 128.61, 35.21)], [[[1, 2]]], [square(128.62, 35.2, 128.63, 35.21)]],
        },
        properties: { kind: "parcel", label: "Lot 7", href: "//evil.example" },
      }),
    ]);
    expect(collection.features).toHaveLength(2);
    expect(collection.features[0]!.properties).toEqual({
      id: "c1",
      kind: "cluster",
      label: "Changwon cluster",
      sublabel: "",
      href: "/clusters/changwon",
    });
    const parcels = collection.features[1]!;
    expect(parcels.properties.kind).toBe("parcel");
    expect(parcels.properties.href).toBe("");
    expect(parcels.geometry.type === "MultiPolygon" && parcels.geometry.coordinates).toHaveLength(2);
  });

  it("drops broken geometries", () => {
    const collection = polygonsToFeatureCollection([
      polygon({ id: "short", geometry: { type: "Polygon", coordinates: [[[1, 1], [2, 2], [1, 1]]] } }),
      polygon({ id: "nan", geometry: { type: "Polygon", coordinates: [square(Number.NaN, 0, 1, 1)] } }),
      polygon({ id: "empty", geometry: { type: "Polygon", coordinates: [] } }),
      polygon({ id: "line", geometry: { type: "LineString", coordinates: [] } as never }),
      polygon({ id: "no-geometry", geometry: null as never }),
    ]);
    expect(collection.features).toEqual([]);
  });
});

describe("circlesToFeatureCollection", () => {
  it("turns each need into a geodesic circle and skips impossible radii", () => {
    const collection = circlesToFeatureCollection(
      [
        { id: "n1", lat: 35.23, lng: 128.68, radius_km: 25, label: "MRO need", href: "/needs/n1" },
        { id: "zero", lat: 35.23, lng: 128.68, radius_km: 0, label: "x" },
        { id: "nan", lat: 35.23, lng: 128.68, radius_km: Number.NaN, label: "x" },
        { id: "bad-centre", lat: 135, lng: 128.68, radius_km: 5, label: "x" },
      ],
      32,
    );
    expect(collection.features).toHaveLength(1);
    const [feature] = collection.features;
    expect(feature!.properties).toEqual({ id: "n1", label: "MRO need", sublabel: "", href: "/needs/n1", radius_km: 25 });
    expect(feature!.geometry.coordinates[0]).toHaveLength(33);
  });
});

describe("pointInGeometry", () => {
  const withHole = {
    type: "Polygon" as const,
    coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)],
  };

  it("tells inside, outside and inside a hole apart", () => {
    expect(pointInGeometry(1, 1, withHole)).toBe(true);
    expect(pointInGeometry(5, 5, withHole)).toBe(false);
    expect(pointInGeometry(11, 5, withHole)).toBe(false);
    expect(pointInGeometry(5, 5, { type: "MultiPolygon", coordinates: [withHole.coordinates, [square(4.5, 4.5, 5.5, 5.5)]] })).toBe(true);
  });
});
