/**
 * The data layers, popups and text images of the map, written once for both libraries.
 *
 * Text on the map (group counts, offline city names) is drawn into images on demand when the
 * map asks for a missing image (`styleimagemissing`), instead of as symbol text: symbol text
 * needs glyph files (PBF) from a server, which the offline map must not request and which would
 * need every Hangul syllable; a canvas uses the fonts the browser already has.
 */
import { createTranslator, type Translate } from "~/i18n";
import type { GeoJsonSourceLike, MapEngine, MapLike, MapPointerEvent, PopupLike, RenderedFeature, StyleImageMissingEvent } from "./engine.client";
import { circleCentersToFeatureCollection, circlesToFeatureCollection, pointsToFeatureCollection, polygonsToFeatureCollection, safeHref } from "./geo";
import { GROUP_STEPS, MAP_COLORS, MAP_OPACITY } from "./palette";
import type { MapCircle, MapLocale, MapPoint, MapPolygonFeature } from "./types";
import { numberFormat } from "~/utils/intl-format";

export const SOURCE = {
  points: "cm-points",
  polygons: "cm-polygons",
  circles: "cm-circles",
  circleCenters: "cm-circle-centers",
} as const;

export const LAYER = {
  polygonFill: "cm-polygons-fill",
  polygonLine: "cm-polygons-line",
  circleFill: "cm-circles-fill",
  circleLine: "cm-circles-line",
  circleCenter: "cm-circle-centers",
  groups: "cm-groups",
  groupCounts: "cm-group-counts",
  points: "cm-points",
} as const;

/** Zoom beyond which sites are no longer grouped: at street level every site is its own marker. */
export const GROUP_MAX_ZOOM = 13;
const COUNT_IMAGE_PREFIX = "cm-count:";
const LABEL_IMAGE_PREFIX = "cm-label:";
const LEAVES_IN_POPUP = 8;

const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", sans-serif';

const emptyCollection = { type: "FeatureCollection", features: [] };

export function addDataLayers(map: MapLike, engine: MapEngine) {
  map.addSource(SOURCE.polygons, { type: "geojson", data: emptyCollection });
  map.addSource(SOURCE.circles, { type: "geojson", data: emptyCollection });
  map.addSource(SOURCE.circleCenters, { type: "geojson", data: emptyCollection });
  map.addSource(SOURCE.points, {
    type: "geojson",
    data: emptyCollection,
    cluster: true,
    clusterRadius: 48,
    clusterMaxZoom: GROUP_MAX_ZOOM,
  });

  // Areas under the basemap's labels, so city names stay readable over a cluster boundary.
  const beneathLabels = engine.polygonsBeforeLayer(map);
  const isParcel = ["==", ["get", "kind"], "parcel"];
  map.addLayer(
    {
      id: LAYER.polygonFill,
      type: "fill",
      source: SOURCE.polygons,
      paint: {
        "fill-color": ["case", isParcel, MAP_COLORS.parcel, MAP_COLORS.cluster],
        "fill-opacity": ["case", isParcel, MAP_OPACITY.parcelFill, MAP_OPACITY.clusterFill],
      },
    },
    beneathLabels,
  );
  map.addLayer(
    {
      id: LAYER.polygonLine,
      type: "line",
      source: SOURCE.polygons,
      layout: { "line-join": "round" },
      paint: {
        "line-color": ["case", isParcel, MAP_COLORS.parcelOutline, MAP_COLORS.clusterOutline],
        "line-width": ["case", isParcel, 1.5, 2.5],
      },
    },
    beneathLabels,
  );
  map.addLayer(
    {
      id: LAYER.circleFill,
      type: "fill",
      source: SOURCE.circles,
      paint: { "fill-color": MAP_COLORS.need, "fill-opacity": MAP_OPACITY.needFill },
    },
    beneathLabels,
  );
  map.addLayer(
    {
      id: LAYER.circleLine,
      type: "line",
      source: SOURCE.circles,
      layout: { "line-join": "round" },
      paint: { "line-color": MAP_COLORS.needOutline, "line-width": 2, "line-dasharray": [3, 2] },
    },
    beneathLabels,
  );

  // Markers on top of everything, basemap labels included.
  map.addLayer({
    id: LAYER.circleCenter,
    type: "circle",
    source: SOURCE.circleCenters,
    paint: {
      "circle-radius": 6,
      "circle-color": MAP_COLORS.needOutline,
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: LAYER.groups,
    type: "circle",
    source: SOURCE.points,
    filter: ["has", "point_count"],
    paint: {
      "circle-color": [
        "step",
        ["get", "point_count"],
        MAP_COLORS.group[0],
        GROUP_STEPS[0],
        MAP_COLORS.group[1],
        GROUP_STEPS[1],
        MAP_COLORS.group[2],
        GROUP_STEPS[2],
        MAP_COLORS.group[3],
      ],
      "circle-radius": ["step", ["get", "point_count"], 15, GROUP_STEPS[0], 19, GROUP_STEPS[1], 24, GROUP_STEPS[2], 30],
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: LAYER.groupCounts,
    type: "symbol",
    source: SOURCE.points,
    filter: ["has", "point_count"],
    layout: {
      "icon-image": ["concat", COUNT_IMAGE_PREFIX, ["get", "point_count_abbreviated"]],
      "icon-allow-overlap": true,
      "icon-ignore-placement": true,
    },
  });
  const isSecondary = ["==", ["get", "kind"], "secondary"];
  map.addLayer({
    id: LAYER.points,
    type: "circle",
    source: SOURCE.points,
    filter: ["!", ["has", "point_count"]],
    paint: {
      "circle-radius": ["case", isSecondary, 5, 6.5],
      "circle-color": ["case", isSecondary, "#ffffff", MAP_COLORS.supplier],
      "circle-stroke-color": ["case", isSecondary, MAP_COLORS.supplier, MAP_COLORS.supplierStroke],
      "circle-stroke-width": ["case", isSecondary, 2.5, 2],
    },
  });
}

function setSourceData(map: MapLike, id: string, data: unknown) {
  const source = map.getSource(id) as GeoJsonSourceLike | undefined;
  source?.setData(data);
}

export function setPoints(map: MapLike, points: readonly MapPoint[]) {
  setSourceData(map, SOURCE.points, pointsToFeatureCollection(points));
}

export function setPolygons(map: MapLike, polygons: readonly MapPolygonFeature[]) {
  setSourceData(map, SOURCE.polygons, polygonsToFeatureCollection(polygons));
}

export function setCircles(map: MapLike, circles: readonly MapCircle[]) {
  setSourceData(map, SOURCE.circles, circlesToFeatureCollection(circles));
  setSourceData(map, SOURCE.circleCenters, circleCentersToFeatureCollection(circles));
}

/** Shows the offline basemap's city names in the page's language. */
export function setCityLabelLanguage(map: MapLike, engine: MapEngine, locale: MapLocale) {
  if (!engine.cityLabelLayer || !map.getLayer(engine.cityLabelLayer)) return;
  map.setLayoutProperty(engine.cityLabelLayer, "icon-image", ["concat", LABEL_IMAGE_PREFIX, ["get", locale === "ko" ? "name_ko" : "name_en"]]);
}

interface TextStyle {
  fontSize: number;
  fontWeight: number;
  color: string;
  halo?: string;
  haloWidth: number;
}

/** Renders one line of text into an image the map can place; null where a 2D canvas is missing. */
export function drawText(text: string, style: TextStyle, pixelRatio: number): ImageData | null {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  if (!context) return null;
  const font = `${style.fontWeight} ${style.fontSize * pixelRatio}px ${FONT_STACK}`;
  context.font = font;
  const textWidth = context.measureText(text).width;
  const margin = (style.haloWidth + 1) * pixelRatio;
  canvas.width = Math.max(1, Math.ceil(textWidth + 2 * margin));
  canvas.height = Math.max(1, Math.ceil(style.fontSize * 1.35 * pixelRatio + 2 * margin));
  // Resizing a canvas resets its state.
  context.font = font;
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.lineJoin = "round";
  const x = canvas.width / 2;
  const y = canvas.height / 2;
  if (style.halo) {
    context.strokeStyle = style.halo;
    context.lineWidth = style.haloWidth * 2 * pixelRatio;
    context.strokeText(text, x, y);
  }
  context.fillStyle = style.color;
  context.fillText(text, x, y);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

const COUNT_STYLE: TextStyle = { fontSize: 12.5, fontWeight: 700, color: "#ffffff", haloWidth: 0 };
const CITY_STYLE: TextStyle = { fontSize: 12.5, fontWeight: 600, color: "#1f2937", halo: "rgba(255,255,255,0.92)", haloWidth: 2 };

/** Draws group counts and city names the first time the map needs them. */
export function installTextImages(map: MapLike) {
  const resolve = (id: string) => {
    const style = id.startsWith(COUNT_IMAGE_PREFIX) ? COUNT_STYLE : id.startsWith(LABEL_IMAGE_PREFIX) ? CITY_STYLE : null;
    if (!style || map.hasImage(id)) return;
    const text = id.slice(id.indexOf(":") + 1);
    const pixelRatio = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const image = drawText(text, style, pixelRatio);
    if (image) map.addImage(id, image, { pixelRatio });
  };
  // MapLibre 6 asks a resolver (its event only reports what stayed missing); mapbox-gl fires the
  // event early enough for a synchronous addImage to count.
  if (typeof map.setMissingStyleImageResolver === "function") {
    map.setMissingStyleImageResolver(resolve);
  } else {
    map.on("styleimagemissing", ((event: StyleImageMissingEvent) => resolve(String(event.id))) as (event: never) => void);
  }
}

const stringProperty = (feature: RenderedFeature, name: string) => {
  const value = feature.properties?.[name];
  return typeof value === "string" ? value : "";
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  // textContent, never innerHTML: labels are user-written.
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface InteractionOptions {
  engine: MapEngine;
  locale: MapLocale;
  /** Same-origin links go through the app's router when given (no full page load). */
  onNavigate?: (href: string) => void;
}

function link(href: string, text: string, options: InteractionOptions): HTMLAnchorElement | null {
  const safe = safeHref(href);
  if (!safe) return null;
  const anchor = element("a", "cm-map-card__link", text);
  anchor.href = safe;
  if (safe.startsWith("/") && options.onNavigate) {
    const navigate = options.onNavigate;
    anchor.addEventListener("click", (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(safe);
    });
  }
  return anchor;
}

export function featureCard(feature: RenderedFeature, t: Translate, options: InteractionOptions): HTMLElement {
  const layerId = feature.layer?.id;
  const card = element("div", "cm-map-card");
  let kindText: string;
  let linkText: string;
  if (layerId === LAYER.points) {
    kindText = stringProperty(feature, "kind") === "secondary" ? t("map.point.secondary") : t("map.point.primary");
    linkText = t("map.popup.view_supplier");
  } else if (layerId === LAYER.polygonFill) {
    kindText = stringProperty(feature, "kind") === "parcel" ? t("map.legend.parcel") : t("map.legend.cluster");
    linkText = t("map.popup.view_details");
  } else {
    const radius = Number(feature.properties?.radius_km);
    kindText = Number.isFinite(radius) ? t("map.circle.radius", { km: formatKm(radius, options.locale) }) : t("map.legend.need");
    linkText = t("map.popup.view_need");
  }
  card.append(element("p", "cm-map-card__kind", kindText));
  card.append(element("p", "cm-map-card__title", stringProperty(feature, "label") || t("map.popup.untitled")));
  const sublabel = stringProperty(feature, "sublabel");
  if (sublabel) card.append(element("p", "cm-map-card__sub", sublabel));
  const anchor = link(stringProperty(feature, "href"), linkText, options);
  if (anchor) card.append(anchor);
  return card;
}

export function formatKm(value: number, locale: MapLocale): string {
  return numberFormat(locale === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 1 }).format(value);
}

function groupCard(leaves: RenderedFeature[], total: number, t: Translate, options: InteractionOptions): HTMLElement {
  const card = element("div", "cm-map-card");
  card.append(element("p", "cm-map-card__title", t("map.popup.group_title", { count: total })));
  const list = element("ul", "cm-map-card__list");
  for (const leaf of leaves) {
    const item = element("li", "cm-map-card__item");
    const label = stringProperty(leaf, "label") || t("map.popup.untitled");
    const anchor = link(stringProperty(leaf, "href"), label, options);
    item.append(anchor ?? element("span", "", label));
    const sublabel = stringProperty(leaf, "sublabel");
    if (sublabel) item.append(element("span", "cm-map-card__sub", ` · ${sublabel}`));
    list.append(item);
  }
  card.append(list);
  if (total > leaves.length) card.append(element("p", "cm-map-card__more", t("map.popup.group_more", { count: total - leaves.length })));
  return card;
}

/** Calls a method that returns a Promise (MapLibre) or takes a Node-style callback (mapbox-gl). */
function callbackOrPromise<T>(invoke: (callback: (error: Error | null, value: T) => void) => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(value as T);
    };
    const returned = invoke((error, value) => settle(error, value));
    if (returned && typeof (returned as Promise<T>).then === "function") {
      (returned as Promise<T>).then(
        (value) => settle(null, value),
        (error: unknown) => settle(error ?? new Error("map source request failed")),
      );
    }
  });
}

const INTERACTIVE_LAYERS = [LAYER.groups, LAYER.points, LAYER.circleCenter, LAYER.circleFill, LAYER.polygonFill];

function pointCoordinates(feature: RenderedFeature): [number, number] | null {
  if (feature.geometry.type !== "Point" || !Array.isArray(feature.geometry.coordinates)) return null;
  const [lng, lat] = feature.geometry.coordinates as number[];
  return typeof lng === "number" && typeof lat === "number" ? [lng, lat] : null;
}

/** Click: a group zooms in (or lists its sites when it cannot split); anything else opens its card. */
export function installInteractions(map: MapLike, options: InteractionOptions): () => void {
  const t = createTranslator(options.locale);
  let popup: PopupLike | null = null;

  const openPopup = (at: [number, number], content: HTMLElement) => {
    popup?.remove();
    popup = options.engine
      .createPopup({ closeButton: true, maxWidth: "300px", offset: 12, className: "cm-map-popup" })
      .setLngLat(at)
      .setDOMContent(content)
      .addTo(map);
  };

  const onClick = (event: MapPointerEvent) => {
    const features = map.queryRenderedFeatures(event.point, { layers: INTERACTIVE_LAYERS.filter((id) => map.getLayer(id)) });
    // Markers before areas; the order of INTERACTIVE_LAYERS is the priority.
    const feature = INTERACTIVE_LAYERS.map((id) => features.find((candidate) => candidate.layer?.id === id)).find(Boolean);
    if (!feature) return;
    const at = pointCoordinates(feature) ?? [event.lngLat.lng, event.lngLat.lat];
    if (feature.layer?.id === LAYER.groups) {
      void openGroup(feature, at);
      return;
    }
    const card = featureCard(feature.layer?.id === LAYER.circleCenter ? { ...feature, layer: { id: LAYER.circleFill } } : feature, t, options);
    openPopup(at, card);
  };

  const openGroup = async (feature: RenderedFeature, at: [number, number]) => {
    const source = map.getSource(SOURCE.points) as GeoJsonSourceLike | undefined;
    const clusterId = Number(feature.properties?.cluster_id);
    const total = Number(feature.properties?.point_count) || 0;
    if (!source || !Number.isFinite(clusterId)) return;
    try {
      const zoom = await callbackOrPromise<number>((callback) => source.getClusterExpansionZoom(clusterId, callback));
      if (zoom <= GROUP_MAX_ZOOM && zoom <= map.getMaxZoom() && zoom > map.getZoom()) {
        map.easeTo({ center: at, zoom, duration: prefersReducedMotion() ? 0 : 500 });
        return;
      }
      // Sites at (nearly) the same place never split: list them instead.
      const leaves = await callbackOrPromise<RenderedFeature[]>((callback) =>
        source.getClusterLeaves(clusterId, LEAVES_IN_POPUP, 0, callback),
      );
      openPopup(at, groupCard(leaves, total, t, options));
    } catch {
      map.easeTo({ center: at, zoom: Math.min(map.getZoom() + 2, GROUP_MAX_ZOOM + 1) });
    }
  };

  let lastCursor = "";
  const onMove = (event: MapPointerEvent) => {
    const hit = map.queryRenderedFeatures(event.point, { layers: INTERACTIVE_LAYERS.filter((id) => map.getLayer(id)) }).length > 0;
    const cursor = hit ? "pointer" : "";
    if (cursor !== lastCursor) {
      map.getCanvas().style.cursor = cursor;
      lastCursor = cursor;
    }
  };

  map.on("click", onClick as (event: never) => void);
  map.on("mousemove", onMove as (event: never) => void);
  return () => {
    popup?.remove();
    map.off("click", onClick as (event: never) => void);
    map.off("mousemove", onMove as (event: never) => void);
  };
}

export function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
}
