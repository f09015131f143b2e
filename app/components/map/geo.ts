/**
 * Geometry helpers of the map component: no DOM, no map library, so they run (and are tested)
 * in Node and can be used by loaders too (e.g. to parse a "search this area" bounds parameter).
 */
import type { Bounds, MapCircle, MapPoint, MapPointKind, MapPolygonFeature, MapPolygonKind, PolygonGeometry } from "./types";

/** Mean Earth radius (IUGG), the sphere haversine and Meilisearch's _geoRadius assume. */
export const EARTH_RADIUS_KM = 6371.0088;

/** The whole of South Korea, Jeju and Ulleungdo included: the view when there is nothing to show. */
export const KOREA_BOUNDS: Bounds = [124.6, 33.1, 130.95, 38.65];

export type LngLat = [lng: number, lat: number];
type Position = number[];

export interface FeatureCollection<G, P> {
  type: "FeatureCollection";
  features: Array<{ type: "Feature"; id?: string | number; geometry: G; properties: P }>;
}

export type PointGeometry = { type: "Point"; coordinates: LngLat };

export interface PointProperties {
  id: string;
  label: string;
  sublabel: string;
  href: string;
  kind: MapPointKind;
}

export interface PolygonProperties {
  id: string;
  kind: MapPolygonKind;
  label: string;
  sublabel: string;
  href: string;
}

export interface CircleProperties {
  id: string;
  label: string;
  sublabel: string;
  href: string;
  radius_km: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

export function isValidLngLat(lng: unknown, lat: unknown): boolean {
  return (
    typeof lng === "number" &&
    typeof lat === "number" &&
    Number.isFinite(lng) &&
    Number.isFinite(lat) &&
    lng >= -180 &&
    lng <= 180 &&
    lat >= -90 &&
    lat <= 90
  );
}

/** Great-circle distance on the mean-radius sphere. */
export function haversineKm(from: { lat: number; lng: number }, to: { lat: number; lng: number }): number {
  const dLat = toRadians(to.lat - from.lat);
  const dLng = toRadians(to.lng - from.lng);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Wraps a longitude into [-180, 180]. */
export function wrapLng(lng: number): number {
  if (lng >= -180 && lng <= 180) return lng;
  const wrapped = ((((lng + 180) % 360) + 360) % 360) - 180;
  return wrapped === -180 && lng > 0 ? 180 : wrapped;
}

/** The point reached from `origin` after `distanceKm` along the initial bearing (degrees clockwise from north). */
export function destinationPoint(origin: { lat: number; lng: number }, distanceKm: number, bearingDegrees: number): LngLat {
  const angularDistance = distanceKm / EARTH_RADIUS_KM;
  const bearing = toRadians(bearingDegrees);
  const lat1 = toRadians(origin.lat);
  const lng1 = toRadians(origin.lng);
  const sinLat2 =
    Math.sin(lat1) * Math.cos(angularDistance) + Math.cos(lat1) * Math.sin(angularDistance) * Math.cos(bearing);
  const lat2 = Math.asin(Math.max(-1, Math.min(1, sinLat2)));
  const lng2 =
    lng1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angularDistance) * Math.cos(lat1),
      Math.cos(angularDistance) - Math.sin(lat1) * Math.sin(lat2),
    );
  return [wrapLng(toDegrees(lng2)), toDegrees(lat2)];
}

/** Largest radius drawn: a need's radius is tens to hundreds of km; beyond this the circle means nothing. */
export const MAX_CIRCLE_RADIUS_KM = 5000;

/**
 * The closed ring of points exactly `radiusKm` (geodesic, on the sphere) from `center`,
 * counter-clockwise as RFC 7946 wants for exterior rings. A flat circle in degrees would be an
 * ellipse squashed by about cos(latitude) — 20 % too wide at Korea's latitudes.
 */
export function geodesicCircleRing(center: { lat: number; lng: number }, radiusKm: number, steps = 64): LngLat[] {
  if (!isValidLngLat(center.lng, center.lat)) throw new RangeError("circle centre is not a valid coordinate");
  if (!(radiusKm > 0 && radiusKm <= MAX_CIRCLE_RADIUS_KM)) {
    throw new RangeError(`circle radius must be more than 0 and at most ${MAX_CIRCLE_RADIUS_KM} km`);
  }
  const segmentCount = Math.max(8, Math.floor(steps));
  const ring: LngLat[] = [];
  for (let index = 0; index < segmentCount; index += 1) {
    // Decreasing bearing walks the circle anticlockwise as seen on a north-up map.
    ring.push(destinationPoint(center, radiusKm, -(360 * index) / segmentCount));
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/** Twice the signed planar area of a ring in degrees: positive when counter-clockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    const [x1 = 0, y1 = 0] = ring[index]!;
    const [x2 = 0, y2 = 0] = ring[index + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function clampLat(lat: number) {
  return Math.max(-90, Math.min(90, lat));
}

/**
 * Turns a map view's raw edges into Bounds: latitudes clamped, longitudes wrapped into
 * [-180, 180] (west > east then means the view crosses the antimeridian), a view wider than
 * the world becomes the whole world. Rounded to 5 decimals (about 1 m) so URLs stay short.
 */
export function normalizeBounds(west: number, south: number, east: number, north: number): Bounds | null {
  if (![west, south, east, north].every(Number.isFinite)) return null;
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  const lowLat = clampLat(Math.min(south, north));
  const highLat = clampLat(Math.max(south, north));
  if (east - west >= 360) return [-180, round(lowLat), 180, round(highLat)];
  return [round(wrapLng(west)), round(lowLat), round(wrapLng(east)), round(highLat)];
}

export function isValidBounds(bounds: unknown): bounds is Bounds {
  if (!Array.isArray(bounds) || bounds.length !== 4) return false;
  const [west, south, east, north] = bounds as unknown[];
  return isValidLngLat(west, south) && isValidLngLat(east, north) && (south as number) <= (north as number);
}

export function boundsEqual(a: Bounds, b: Bounds, toleranceDegrees = 1e-6): boolean {
  return a.every((value, index) => Math.abs(value - b[index]!) <= toleranceDegrees);
}

/** True when `inner` lies within `outer` (neither crossing the antimeridian). */
export function boundsContain(outer: Bounds, inner: Bounds): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/**
 * Grows a degenerate box (one point, or points a few metres apart) to at least `minSpanKm` on
 * each side, so fitting the view to it does not zoom to street level.
 */
export function ensureMinimumSpan(bounds: Bounds, minSpanKm = 4): Bounds {
  const [west, south, east, north] = bounds;
  const centerLat = (south + north) / 2;
  const kmPerDegreeLat = (Math.PI * EARTH_RADIUS_KM) / 180;
  const kmPerDegreeLng = kmPerDegreeLat * Math.max(0.01, Math.cos(toRadians(centerLat)));
  const halfLat = Math.max(0, minSpanKm / kmPerDegreeLat - (north - south)) / 2;
  const halfLng = Math.max(0, minSpanKm / kmPerDegreeLng - (east - west)) / 2;
  return [Math.max(-180, west - halfLng), clampLat(south - halfLat), Math.min(180, east + halfLng), clampLat(north + halfLat)];
}

class BoundsAccumulator {
  west = Infinity;
  south = Infinity;
  east = -Infinity;
  north = -Infinity;

  add(lng: number, lat: number) {
    if (!isValidLngLat(lng, lat)) return;
    this.west = Math.min(this.west, lng);
    this.south = Math.min(this.south, lat);
    this.east = Math.max(this.east, lng);
    this.north = Math.max(this.north, lat);
  }

  addRing(ring: readonly Position[]) {
    for (const [lng, lat] of ring) this.add(lng as number, lat as number);
  }

  result(): Bounds | null {
    return Number.isFinite(this.west) ? [this.west, this.south, this.east, this.north] : null;
  }
}

/** The box around everything the map shows (circles by their full extent), or null when empty. */
export function dataBounds(input: {
  points?: readonly MapPoint[];
  polygons?: readonly MapPolygonFeature[];
  circles?: readonly MapCircle[];
}): Bounds | null {
  const accumulator = new BoundsAccumulator();
  for (const point of input.points ?? []) accumulator.add(point.lng, point.lat);
  for (const feature of polygonsToFeatureCollection(input.polygons ?? []).features) {
    for (const ring of polygonRings(feature.geometry)) accumulator.addRing(ring);
  }
  for (const feature of circlesToFeatureCollection(input.circles ?? []).features) {
    for (const ring of feature.geometry.coordinates) accumulator.addRing(ring);
  }
  return accumulator.result();
}

function polygonRings(geometry: PolygonGeometry): Position[][] {
  return geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
}

/** "west,south,east,north" for a URL parameter, 5 decimals. */
export function formatBoundsParam(bounds: Bounds): string {
  return bounds.map((value) => String(Math.round(value * 1e5) / 1e5)).join(",");
}

/** Parses formatBoundsParam's output; null for anything malformed or out of range. */
export function parseBoundsParam(value: string | null | undefined): Bounds | null {
  if (typeof value !== "string") return null;
  const parts = value.split(",");
  if (parts.length !== 4 || parts.some((part) => !/^\s*-?\d+(\.\d+)?\s*$/.test(part))) return null;
  const numbers = parts.map(Number) as [number, number, number, number];
  return isValidBounds(numbers) ? numbers : null;
}

/**
 * Links from data end up in popups: only same-origin paths and http(s) URLs pass; javascript:,
 * data:, protocol-relative and other schemes are dropped.
 */
export function safeHref(href: string | null | undefined): string | null {
  if (typeof href !== "string") return null;
  const trimmed = href.trim();
  if (trimmed === "") return null;
  if (trimmed.startsWith("/")) {
    return trimmed.startsWith("//") || trimmed.startsWith("/\\") ? null : trimmed;
  }
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const text = (value: string | null | undefined) => (typeof value === "string" ? value : "");

export function pointsToFeatureCollection(points: readonly MapPoint[]): FeatureCollection<PointGeometry, PointProperties> {
  const features: FeatureCollection<PointGeometry, PointProperties>["features"] = [];
  for (const point of points) {
    if (!isValidLngLat(point.lng, point.lat)) continue;
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [point.lng, point.lat] },
      properties: {
        id: point.id,
        label: text(point.label),
        sublabel: text(point.sublabel),
        href: safeHref(point.href) ?? "",
        kind: point.kind === "secondary" ? "secondary" : "primary",
      },
    });
  }
  return { type: "FeatureCollection", features };
}

function isValidRing(ring: unknown): ring is Position[] {
  return (
    Array.isArray(ring) &&
    ring.length >= 4 &&
    ring.every((position) => Array.isArray(position) && isValidLngLat(position[0], position[1]))
  );
}

function isValidPolygonCoordinates(coordinates: unknown): coordinates is Position[][] {
  return Array.isArray(coordinates) && coordinates.length > 0 && coordinates.every(isValidRing);
}

function validGeometry(geometry: PolygonGeometry | null | undefined): PolygonGeometry | null {
  if (!geometry) return null;
  if (geometry.type === "Polygon") return isValidPolygonCoordinates(geometry.coordinates) ? geometry : null;
  if (geometry.type === "MultiPolygon") {
    const parts = Array.isArray(geometry.coordinates) ? geometry.coordinates.filter(isValidPolygonCoordinates) : [];
    return parts.length > 0 ? { type: "MultiPolygon", coordinates: parts } : null;
  }
  return null;
}

export function polygonsToFeatureCollection(
  polygons: readonly MapPolygonFeature[],
): FeatureCollection<PolygonGeometry, PolygonProperties> {
  const features: FeatureCollection<PolygonGeometry, PolygonProperties>["features"] = [];
  for (const polygon of polygons) {
    const geometry = validGeometry(polygon.geometry);
    if (!geometry) continue;
    features.push({
      type: "Feature",
      geometry,
      properties: {
        id: polygon.id,
        kind: polygon.properties.kind === "parcel" ? "parcel" : "cluster",
        label: text(polygon.properties.label),
        sublabel: text(polygon.properties.sublabel),
        href: safeHref(polygon.properties.href) ?? "",
      },
    });
  }
  return { type: "FeatureCollection", features };
}

export function circlesToFeatureCollection(
  circles: readonly MapCircle[],
  steps = 96,
): FeatureCollection<{ type: "Polygon"; coordinates: LngLat[][] }, CircleProperties> {
  const features: FeatureCollection<{ type: "Polygon"; coordinates: LngLat[][] }, CircleProperties>["features"] = [];
  for (const circle of circles) {
    if (!isValidLngLat(circle.lng, circle.lat)) continue;
    if (!(circle.radius_km > 0 && circle.radius_km <= MAX_CIRCLE_RADIUS_KM)) continue;
    features.push({
      type: "Feature",
      geometry: { type: "Polygon", coordinates: [geodesicCircleRing(circle, circle.radius_km, steps)] },
      properties: {
        id: circle.id,
        label: text(circle.label),
        sublabel: text(circle.sublabel),
        href: safeHref(circle.href) ?? "",
        radius_km: circle.radius_km,
      },
    });
  }
  return { type: "FeatureCollection", features };
}

/** The centre points of the circles, drawn as a small marker so a tiny radius is still visible. */
export function circleCentersToFeatureCollection(
  circles: readonly MapCircle[],
): FeatureCollection<PointGeometry, CircleProperties> {
  const features: FeatureCollection<PointGeometry, CircleProperties>["features"] = [];
  for (const circle of circles) {
    if (!isValidLngLat(circle.lng, circle.lat)) continue;
    if (!(circle.radius_km > 0 && circle.radius_km <= MAX_CIRCLE_RADIUS_KM)) continue;
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [circle.lng, circle.lat] },
      properties: {
        id: circle.id,
        label: text(circle.label),
        sublabel: text(circle.sublabel),
        href: safeHref(circle.href) ?? "",
        radius_km: circle.radius_km,
      },
    });
  }
  return { type: "FeatureCollection", features };
}

/** Ray-casting point-in-polygon on one polygon's rings (first exterior, the rest holes). */
export function pointInPolygon(lng: number, lat: number, rings: readonly (readonly Position[])[]): boolean {
  let inside = false;
  rings.forEach((ring) => {
    let crossings = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi = 0, yi = 0] = ring[i]!;
      const [xj = 0, yj = 0] = ring[j]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) crossings = !crossings;
    }
    if (crossings) inside = !inside;
  });
  return inside;
}

export function pointInGeometry(lng: number, lat: number, geometry: PolygonGeometry): boolean {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => pointInPolygon(lng, lat, rings));
}
