/**
 * Loads the map library: mapbox-gl when a token is configured, otherwise MapLibre GL on the
 * offline basemap in public/basemap. Each library is a dynamic import(), so the compiler puts it
 * in its own chunk and a page downloads only the one it uses, and only when it shows a map.
 *
 * Both libraries share an API (MapLibre is a fork of mapbox-gl 1.x); the component talks to the
 * small common subset below, so the layers are written once.
 */
import mapboxStylesheet from "mapbox-gl/dist/mapbox-gl.css";
import maplibreStylesheet from "maplibre-gl/dist/maplibre-gl.css";
import type { Bounds } from "./types";

export type EngineKind = "maplibre" | "mapbox";

export interface LngLatBoundsLike {
  getWest(): number;
  getSouth(): number;
  getEast(): number;
  getNorth(): number;
}

export interface RenderedFeature {
  id?: string | number;
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates?: unknown };
  layer?: { id: string };
}

export interface MapPointerEvent {
  point: { x: number; y: number };
  lngLat: { lng: number; lat: number };
  originalEvent?: Event;
}

export interface StyleImageMissingEvent {
  id: string | { toString(): string };
}

export interface GeoJsonSourceLike {
  setData(data: unknown): unknown;
  getClusterExpansionZoom(clusterId: number, callback?: (error: Error | null, zoom: number) => void): unknown;
  getClusterLeaves(
    clusterId: number,
    limit: number,
    offset: number,
    callback?: (error: Error | null, features: RenderedFeature[]) => void,
  ): unknown;
}

/** The part of mapbox-gl's and MapLibre's Map that the component uses. */
export interface MapLike {
  on(type: string, listener: (event: never) => void): unknown;
  off(type: string, listener: (event: never) => void): unknown;
  once(type: string, listener: (event: never) => void): unknown;
  addSource(id: string, source: Record<string, unknown>): unknown;
  getSource(id: string): unknown;
  addLayer(layer: Record<string, unknown>, beforeId?: string): unknown;
  getLayer(id: string): unknown;
  getStyle(): { layers?: Array<{ id: string; type: string }> } | undefined;
  setLayoutProperty(layerId: string, name: string, value: unknown): unknown;
  addImage(id: string, image: ImageData, options?: { pixelRatio?: number }): unknown;
  hasImage(id: string): boolean;
  /** MapLibre ≥ 6 only; mapbox-gl and older MapLibre fire `styleimagemissing` instead. */
  setMissingStyleImageResolver?(resolver: ((id: string) => void) | null): unknown;
  addControl(control: unknown, position?: string): unknown;
  fitBounds(bounds: [[number, number], [number, number]], options?: Record<string, unknown>): unknown;
  getBounds(): LngLatBoundsLike | null;
  getZoom(): number;
  getMaxZoom(): number;
  easeTo(options: Record<string, unknown>): unknown;
  getCanvas(): HTMLCanvasElement;
  getCanvasContainer(): HTMLElement;
  queryRenderedFeatures(point: [number, number] | { x: number; y: number }, options?: { layers?: string[] }): RenderedFeature[];
  queryRenderedFeatures(options: { layers?: string[] }): RenderedFeature[];
  project(lngLat: [number, number]): { x: number; y: number };
  resize(): unknown;
  remove(): void;
  loaded(): boolean;
  touchZoomRotate: { disableRotation(): void };
}

export interface PopupLike {
  setLngLat(lngLat: [number, number]): PopupLike;
  setDOMContent(node: Node): PopupLike;
  addTo(map: MapLike): PopupLike;
  remove(): unknown;
}

export interface EngineMapOptions {
  container: HTMLElement;
  bounds: Bounds;
  fitPadding: number;
  /** Strings of the library's own controls (zoom buttons, attribution toggle, canvas label). */
  controlStrings: Record<string, string>;
}

export interface MapEngine {
  kind: EngineKind;
  createMap(options: EngineMapOptions): MapLike;
  createPopup(options: { closeButton: boolean; maxWidth: string; offset: number; className: string }): PopupLike;
  createNavigationControl(): unknown;
  createScaleControl(): unknown;
  createAttributionControl(): unknown;
  /** Where the offline style names its city labels; null when the basemap brings its own. */
  cityLabelLayer: string | null;
  /** First layer the data's polygons go beneath (so basemap labels stay on top), if any. */
  polygonsBeforeLayer(map: MapLike): string | undefined;
}

const loadedStylesheets = new Map<string, Promise<void>>();

/** Adds the library's stylesheet once; resolves when it applied (or failed: the map still works). */
function loadStylesheet(href: string): Promise<void> {
  const existing = loadedStylesheets.get(href);
  if (existing) return existing;
  const loading = new Promise<void>((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true });
    document.head.append(link);
  });
  loadedStylesheets.set(href, loading);
  return loading;
}

interface OfflineStyle {
  sources: Record<string, { type: string; data?: unknown; attribution?: string }>;
  metadata?: Record<string, unknown>;
  layers: Array<{ id: string; type: string }>;
}

async function fetchOfflineStyle(url: string, attribution: string): Promise<OfflineStyle> {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`offline basemap style: HTTP ${response.status}`);
  const style = (await response.json()) as OfflineStyle;
  for (const source of Object.values(style.sources)) {
    // GeoJSON URLs are resolved against the page, never a remote host.
    if (typeof source.data === "string") source.data = new URL(source.data, window.location.href).href;
    // The credit in the page's language.
    if (typeof source.attribution === "string") source.attribution = attribution;
  }
  return style;
}

function maxBoundsOf(style: OfflineStyle): [[number, number], [number, number]] | undefined {
  const value = style.metadata?.["clustermatch:maxBounds"];
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === "number")) return undefined;
  const [west, south, east, north] = value as number[];
  return [
    [west!, south!],
    [east!, north!],
  ];
}

const toLngLatPair = (bounds: Bounds): [[number, number], [number, number]] => [
  [bounds[0], bounds[1]],
  [bounds[2], bounds[3]],
];

function firstSymbolLayer(map: MapLike): string | undefined {
  return map.getStyle()?.layers?.find((layer) => layer.type === "symbol")?.id;
}

export const MAPBOX_STYLE = "mapbox://styles/mapbox/light-v11";

/**
 * `basemapAttribution` replaces the offline style's credit line (Natural Earth) with the page's
 * language; Mapbox styles bring their own.
 */
export async function loadEngine(mapboxToken: string | null, basemapStyleUrl: string, basemapAttribution: string): Promise<MapEngine> {
  if (mapboxToken) {
    const [module] = await Promise.all([import("mapbox-gl"), loadStylesheet(mapboxStylesheet)]);
    const mapboxgl = (module as unknown as { default?: typeof module.default }).default ?? (module as unknown as typeof module.default);
    mapboxgl.accessToken = mapboxToken;
    return {
      kind: "mapbox",
      cityLabelLayer: null,
      createMap: ({ container, bounds, fitPadding, controlStrings }) =>
        new mapboxgl.Map({
          container,
          style: MAPBOX_STYLE,
          bounds: toLngLatPair(bounds),
          fitBoundsOptions: { padding: fitPadding },
          projection: "mercator",
          attributionControl: false,
          dragRotate: false,
          pitchWithRotate: false,
          touchPitch: false,
          locale: controlStrings,
        }) as unknown as MapLike,
      createPopup: (options) => new mapboxgl.Popup({ ...options, focusAfterOpen: true }) as unknown as PopupLike,
      createNavigationControl: () => new mapboxgl.NavigationControl({ showCompass: false }),
      createScaleControl: () => new mapboxgl.ScaleControl({ unit: "metric" }),
      createAttributionControl: () => new mapboxgl.AttributionControl({ compact: true }),
      polygonsBeforeLayer: firstSymbolLayer,
    };
  }

  const [maplibregl, style] = await Promise.all([
    import("maplibre-gl"),
    fetchOfflineStyle(basemapStyleUrl, basemapAttribution),
    loadStylesheet(maplibreStylesheet),
  ]);
  // MapLibre finds its worker next to its own file; bundled, that file is gone, so the worker is
  // served by the app (routes/maplibre-worker[.]mjs.ts) from the installed package.
  maplibregl.setWorkerUrl(`/maplibre-worker.mjs?v=${encodeURIComponent(maplibregl.getVersion())}`);
  const maxBounds = maxBoundsOf(style);
  return {
    kind: "maplibre",
    cityLabelLayer: style.layers.some((layer) => layer.id === "city-labels") ? "city-labels" : null,
    createMap: ({ container, bounds, fitPadding, controlStrings }) =>
      new maplibregl.Map({
        container,
        style: style as unknown as ConstructorParameters<typeof maplibregl.Map>[0]["style"],
        bounds: toLngLatPair(bounds),
        fitBoundsOptions: { padding: fitPadding },
        maxBounds,
        minZoom: 4,
        maxZoom: 17,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        locale: controlStrings,
      }) as unknown as MapLike,
    createPopup: (options) => new maplibregl.Popup({ ...options, focusAfterOpen: true }) as unknown as PopupLike,
    createNavigationControl: () => new maplibregl.NavigationControl({ showCompass: false }),
    createScaleControl: () => new maplibregl.ScaleControl({ unit: "metric" }),
    createAttributionControl: () => new maplibregl.AttributionControl({ compact: true }),
    polygonsBeforeLayer: (map) => (map.getLayer("city-dots") ? "city-dots" : firstSymbolLayer(map)),
  };
}
