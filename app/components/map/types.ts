/**
 * Props and data shapes of the map component. A plain module (no browser or server code) so
 * loaders, routes, MapPanel and the lazily loaded Map.client can all share it.
 */

/** [west, south, east, north] in degrees (WGS 84), the order GeoJSON and Meilisearch use. */
export type Bounds = readonly [west: number, south: number, east: number, north: number];

export type MapLocale = "ko" | "en";

/**
 * "primary" is a supplier's main site (filled marker); "secondary" any other site of the same
 * supplier (hollow marker). The search page shows primaries; a profile page shows both.
 */
export type MapPointKind = "primary" | "secondary";

/** One supplier site. `label` is the company name, `sublabel` e.g. the city or main processes. */
export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  label: string;
  sublabel?: string | null;
  /** Same-origin path ("/suppliers/…") or an http(s) URL; anything else is dropped. */
  href?: string | null;
  kind: MapPointKind;
}

export type PolygonGeometry =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };

/** "cluster" = a defense innovation cluster's boundary; "parcel" = available industrial land. */
export type MapPolygonKind = "cluster" | "parcel";

/** A GeoJSON Feature (as PostGIS ST_AsGeoJSON geometry plus these properties). */
export interface MapPolygonFeature {
  type: "Feature";
  id: string;
  geometry: PolygonGeometry;
  properties: {
    kind: MapPolygonKind;
    label: string;
    sublabel?: string | null;
    href?: string | null;
  };
}

/** A need's location and the radius within which the contractor wants suppliers. */
export interface MapCircle {
  id: string;
  lat: number;
  lng: number;
  radius_km: number;
  label: string;
  sublabel?: string | null;
  href?: string | null;
}

/**
 * "data": fit everything shown (again whenever the items change).
 * Bounds: show exactly this area, e.g. the area a "search this area" just searched, so the view
 * does not jump to the results.
 */
export type MapFitTo = "data" | Bounds;

/** Why the map could not be shown; the panel then points to the list alternative. */
export type MapFailure = "webgl" | "load" | "context-lost";

export interface MapClientProps {
  points: readonly MapPoint[];
  polygons?: readonly MapPolygonFeature[];
  circles?: readonly MapCircle[];
  fitTo?: MapFitTo;
  /** Called with the visible area after every pan or zoom, and once when the map is ready. */
  onBoundsChange?: (bounds: Bounds) => void;
  /** Public Mapbox token (pk.…); null = MapLibre on the offline basemap, no outside requests. */
  mapboxToken: string | null;
  locale: MapLocale;
  /** Accessible name of the map region, e.g. "Map of 12 suppliers". */
  label: string;
  /** CSS height of the map, e.g. 420 or "60vh". */
  height: number | string;
  onReady?: () => void;
  onError?: (failure: MapFailure) => void;
  /** Follows same-origin links in popups through the app's router instead of a full page load. */
  onNavigate?: (href: string) => void;
  /** Where the offline style lives; only for tests. */
  basemapStyleUrl?: string;
}
