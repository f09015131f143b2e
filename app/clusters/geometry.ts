import type { MapPolygonFeature, PolygonGeometry } from "../components/map/types";

/*
 * Land parcels are stored as a point and an area, not as surveyed outlines. On the map each is
 * drawn as a square of its true area centred on its point: honest about size and place, and
 * labelled as an approximate footprint wherever it is shown.
 */

const METRES_PER_DEGREE_LAT = 111_320;

export function parcelFootprint(lat: number, lng: number, areaM2: number): PolygonGeometry {
  const half = Math.sqrt(Math.max(areaM2, 1)) / 2;
  const dLat = half / METRES_PER_DEGREE_LAT;
  const dLng = half / (METRES_PER_DEGREE_LAT * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  const round = (value: number) => Math.round(value * 1e7) / 1e7;
  const ring = [
    [round(lng - dLng), round(lat - dLat)],
    [round(lng + dLng), round(lat - dLat)],
    [round(lng + dLng), round(lat + dLat)],
    [round(lng - dLng), round(lat + dLat)],
    [round(lng - dLng), round(lat - dLat)],
  ];
  return { type: "Polygon", coordinates: [ring] };
}

/** A stored boundary that the map can draw, or null (missing or not a polygon). */
export function boundaryGeometry(boundary: unknown): PolygonGeometry | null {
  if (!boundary || typeof boundary !== "object") return null;
  const candidate = boundary as { type?: unknown; coordinates?: unknown };
  if ((candidate.type === "Polygon" || candidate.type === "MultiPolygon") && Array.isArray(candidate.coordinates)) {
    return candidate as PolygonGeometry;
  }
  return null;
}

export function clusterPolygon(cluster: { id: string; slug: string; boundary: unknown; label: string; sublabel?: string }): MapPolygonFeature | null {
  const geometry = boundaryGeometry(cluster.boundary);
  if (!geometry) return null;
  return {
    type: "Feature",
    id: `cluster-${cluster.id}`,
    geometry,
    properties: { kind: "cluster", label: cluster.label, sublabel: cluster.sublabel ?? null, href: `/clusters/${cluster.slug}` },
  };
}

export function parcelPolygon(parcel: { id: string; lat: number; lng: number; area_m2: number; label: string; sublabel?: string; href?: string }): MapPolygonFeature {
  return {
    type: "Feature",
    id: `parcel-${parcel.id}`,
    geometry: parcelFootprint(parcel.lat, parcel.lng, parcel.area_m2),
    properties: { kind: "parcel", label: parcel.label, sublabel: parcel.sublabel ?? null, href: parcel.href ?? null },
  };
}
