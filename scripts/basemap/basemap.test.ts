/**
 * Checks the committed offline basemap (public/basemap), which the map serves as is: size,
 * extent, content, the style's references, and that it matches what the build script makes now.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pointInGeometry } from "../../app/components/map/geo";
import type { PolygonGeometry } from "../../app/components/map/types";
import { BASEMAP_EXTENT, buildBasemap, OUTPUT_DIRECTORY } from "../build-basemap";
import { CITIES, KOREAN_PROVINCES } from "./places";

const read = (name: string) => readFileSync(path.join(OUTPUT_DIRECTORY, name), "utf8");

interface Collection {
  features: Array<{ properties: Record<string, string | number>; geometry: { type: string; coordinates: unknown } }>;
}
const land = JSON.parse(read("land.geojson")) as Collection;
const boundaries = JSON.parse(read("boundaries.geojson")) as Collection;
const cities = JSON.parse(read("cities.geojson")) as Collection;
const style = JSON.parse(read("style.json")) as {
  version: number;
  glyphs?: string;
  sprite?: string;
  sources: Record<string, { type: string; data: string }>;
  layers: Array<{ id: string; source?: string }>;
};

function* positions(value: unknown): Generator<[number, number]> {
  if (Array.isArray(value) && typeof value[0] === "number") {
    yield value as [number, number];
    return;
  }
  if (Array.isArray(value)) for (const item of value) yield* positions(item);
}

/** Shortest distance from a point to a polygon's outline, on a local equirectangular projection. */
function distanceToBoundaryKm(lng: number, lat: number, geometry: PolygonGeometry): number {
  const kmPerDegree = 111.195;
  const scale = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (let index = 0; index < ring.length - 1; index += 1) {
      const [ax = 0, ay = 0] = ring[index]!;
      const [bx = 0, by = 0] = ring[index + 1]!;
      const px = (lng - ax) * scale;
      const py = lat - ay;
      const dx = (bx - ax) * scale;
      const dy = by - ay;
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(px - t * dx, py - t * dy) * kmPerDegree);
    }
  }
  return best;
}

describe("offline basemap", () => {
  it("is what scripts/build-basemap.ts builds from the installed data (npm run basemap:build)", () => {
    const built = buildBasemap();
    for (const [name, content] of Object.entries(built)) expect(read(name), name).toBe(content);
  });

  it("stays well under 1 MB", () => {
    const total = ["land.geojson", "boundaries.geojson", "cities.geojson", "style.json"].reduce(
      (sum, name) => sum + Buffer.byteLength(read(name)),
      0,
    );
    expect(total).toBeLessThan(700 * 1024);
  });

  it("has every South Korean province once, with ko/en names, and the neighbours' land", () => {
    const provinces = land.features.filter((feature) => feature.properties.code);
    expect(provinces.map((feature) => feature.properties.code).sort()).toEqual(
      Object.values(KOREAN_PROVINCES)
        .map((province) => province.code)
        .sort(),
    );
    for (const province of provinces) {
      expect(province.properties.name_ko).toMatch(/[가-힣]/);
      expect(province.properties.name_en).toMatch(/^[A-Z]/);
    }
    expect(new Set(land.features.map((feature) => feature.properties.c))).toEqual(new Set(["KOR", "PRK", "JPN", "CHN", "RUS"]));
  });

  it("keeps every coordinate inside the extent", () => {
    const [west, south, east, north] = BASEMAP_EXTENT;
    for (const collection of [land, boundaries, cities]) {
      for (const feature of collection.features) {
        for (const [lng, lat] of positions(feature.geometry.coordinates)) {
          expect(lng >= west && lng <= east && lat >= south && lat <= north, `${lng},${lat}`).toBe(true);
        }
      }
    }
  });

  it("draws coast, land borders (the inter-Korean line among them) and province boundaries", () => {
    const kinds = Object.fromEntries(boundaries.features.map((feature) => [feature.properties.kind, feature.geometry.coordinates as number[][][]]));
    expect(Object.keys(kinds).sort()).toEqual(["border", "coast", "province"]);
    expect(kinds.coast!.length).toBeGreaterThan(100);
    expect(kinds.province!.length).toBeGreaterThan(10);
    // Some border vertex lies on the line between the Koreas, near Panmunjom (126.7 E, 37.95 N).
    const nearPanmunjom = [...positions(kinds.border)].some(([lng, lat]) => Math.abs(lng - 126.7) < 0.2 && Math.abs(lat - 37.95) < 0.15);
    expect(nearPanmunjom).toBe(true);
  });

  it("places every South Korean city in (or, for Natural Earth's coarse outlines, within 3 km of) its own province", () => {
    const provinceByCode = new Map(
      land.features.filter((feature) => feature.properties.code).map((feature) => [feature.properties.code, feature.geometry as PolygonGeometry]),
    );
    for (const city of CITIES.filter((entry) => entry.country === "KOR")) {
      const province = provinceByCode.get(city.province!);
      expect(province, city.name_en).toBeDefined();
      const inside = pointInGeometry(city.lng, city.lat, province!);
      // Natural Earth draws Gwangju with 11 vertices; its city hall lies just outside that outline.
      const distance = inside ? 0 : distanceToBoundaryKm(city.lng, city.lat, province!);
      expect(distance, `${city.name_en} is ${distance.toFixed(1)} km from ${city.province}`).toBeLessThan(3);
    }
  });

  it("tells a mistyped city position apart (the check above can fail)", () => {
    const busan = land.features.find((feature) => feature.properties.code === "KR-26")!.geometry as PolygonGeometry;
    // Seoul's coordinates filed under Busan.
    expect(pointInGeometry(126.978, 37.566, busan)).toBe(false);
    expect(distanceToBoundaryKm(126.978, 37.566, busan)).toBeGreaterThan(200);
  });

  it("lists the cities the domain needs, in Korean and English", () => {
    const names = cities.features.map((feature) => feature.properties.name_en);
    for (const name of ["Seoul", "Busan", "Daegu", "Incheon", "Gwangju", "Daejeon", "Ulsan", "Sejong", "Changwon", "Gumi", "Sacheon", "Jinju", "Geoje", "Gimhae", "Nonsan", "Jeonju", "Pohang"]) {
      expect(names).toContain(name);
    }
    for (const feature of cities.features) expect(feature.properties.name_ko).toMatch(/^[가-힣]+$/);
  });

  it("has a style that requests nothing from outside: no glyphs, no sprite, only local GeoJSON", () => {
    expect(style.version).toBe(8);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe("geojson");
      expect(source.data).toMatch(/^\/basemap\/[a-z]+\.geojson$/);
      expect(() => read(path.basename(source.data))).not.toThrow();
    }
    for (const layer of style.layers) {
      if (layer.source) expect(Object.keys(style.sources)).toContain(layer.source);
      expect(layer).not.toHaveProperty("layout.text-field");
    }
  });
});
