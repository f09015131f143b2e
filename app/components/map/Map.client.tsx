/**
 * The interactive map. Browser-only (.client): MapPanel loads it with React.lazy after
 * hydration, so neither this module nor the map library is part of any page's initial
 * JavaScript. Use MapPanel, not this, in routes.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { createTranslator, type Translate } from "~/i18n";
import { loadEngine, type MapEngine, type MapLike } from "./engine.client";
import { boundsEqual, dataBounds, ensureMinimumSpan, KOREA_BOUNDS, normalizeBounds } from "./geo";
import {
  LAYER,
  addDataLayers,
  installInteractions,
  installTextImages,
  prefersReducedMotion,
  setCircles,
  setCityLabelLanguage,
  setPoints,
  setPolygons,
} from "./layers.client";
import type { Bounds, MapCircle, MapClientProps, MapFitTo, MapPoint, MapPolygonFeature } from "./types";

const NO_POLYGONS: readonly MapPolygonFeature[] = [];
const NO_CIRCLES: readonly MapCircle[] = [];
/** Generous: software WebGL (no GPU) can take several seconds for the first frame. */
const LOAD_TIMEOUT_MS = 30_000;
const FIT_MAX_ZOOM = 14;

function fitTarget(fitTo: MapFitTo | undefined, points: readonly MapPoint[], polygons: readonly MapPolygonFeature[], circles: readonly MapCircle[]): Bounds {
  if (fitTo && fitTo !== "data") return fitTo;
  const bounds = dataBounds({ points, polygons, circles });
  return bounds ? ensureMinimumSpan(bounds, 4) : KOREA_BOUNDS;
}

function fitPadding(container: HTMLElement | null): number {
  const height = container?.clientHeight ?? 400;
  const width = container?.clientWidth ?? 600;
  return Math.max(8, Math.min(48, Math.floor(Math.min(height, width) / 6)));
}

function controlStrings(t: Translate): Record<string, string> {
  return {
    "Map.Title": t("map.control.canvas"),
    "NavigationControl.ZoomIn": t("map.control.zoom_in"),
    "NavigationControl.ZoomOut": t("map.control.zoom_out"),
    "NavigationControl.ResetBearing": t("map.control.reset_bearing"),
    "AttributionControl.ToggleAttribution": t("map.control.attribution"),
    "Popup.Close": t("map.control.close_popup"),
    "ScaleControl.Kilometers": "km",
    "ScaleControl.Meters": "m",
  };
}

export default function MapClient(props: MapClientProps) {
  const { points, locale, mapboxToken, label, height } = props;
  const polygons = props.polygons ?? NO_POLYGONS;
  const circles = props.circles ?? NO_CIRCLES;
  const basemapStyleUrl = props.basemapStyleUrl ?? "/basemap/style.json";

  const containerRef = useRef<HTMLDivElement>(null);
  const instance = useRef<{ map: MapLike; engine: MapEngine } | null>(null);
  const [ready, setReady] = useState(false);
  // Callbacks change on every parent render; the map's listeners read the latest through this.
  const latest = useRef(props);
  latest.current = props;

  const target = useMemo(() => fitTarget(props.fitTo, points, polygons, circles), [props.fitTo, points, polygons, circles]);
  // Explicit bounds are shown exactly (no padding): after "search this area" the view stays put.
  const exactTarget = Boolean(props.fitTo && props.fitTo !== "data");
  const targetKey = `${exactTarget ? "exact" : "data"}:${target.join(",")}`;
  const exactRef = useRef(exactTarget);
  exactRef.current = exactTarget;
  const fittedKey = useRef<string | null>(null);
  const initialTarget = useRef(target);
  initialTarget.current = target;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let teardown: (() => void) | undefined;
    const fail = (failure: Parameters<NonNullable<MapClientProps["onError"]>>[0]) => {
      if (!cancelled) latest.current.onError?.(failure);
    };

    void (async () => {
      const t = createTranslator(locale);
      let engine: MapEngine;
      try {
        engine = await loadEngine(mapboxToken, basemapStyleUrl, t("map.attribution.basemap"));
      } catch (error) {
        console.error("Map library or basemap failed to load", error);
        fail("load");
        return;
      }
      if (cancelled) return;
      const startBounds = initialTarget.current;
      let map: MapLike;
      try {
        map = engine.createMap({
          container,
          bounds: startBounds,
          fitPadding: exactRef.current ? 0 : fitPadding(container),
          controlStrings: controlStrings(t),
        });
      } catch (error) {
        console.error("Map could not start (WebGL 2 unavailable?)", error);
        fail("webgl");
        return;
      }
      fittedKey.current = `${exactRef.current ? "exact" : "data"}:${startBounds.join(",")}`;
      installTextImages(map);
      map.touchZoomRotate.disableRotation();
      map.addControl(engine.createNavigationControl(), "top-right");
      map.addControl(engine.createScaleControl(), "bottom-left");
      map.addControl(engine.createAttributionControl(), "bottom-right");

      let loaded = false;
      let removeInteractions: (() => void) | undefined;
      const timeout = window.setTimeout(() => {
        if (!loaded) fail("load");
      }, LOAD_TIMEOUT_MS);

      map.on("error", ((event: { error?: unknown }) => {
        console.error("Map error", event.error ?? event);
        if (!loaded) fail("load");
      }) as (event: never) => void);
      map.on("webglcontextlost", (() => fail("context-lost")) as (event: never) => void);
      const reportBounds = () => {
        const visible = map.getBounds();
        if (!visible) return;
        const bounds = normalizeBounds(visible.getWest(), visible.getSouth(), visible.getEast(), visible.getNorth());
        if (bounds) latest.current.onBoundsChange?.(bounds);
      };
      map.on("moveend", reportBounds as (event: never) => void);
      // What the map shows right now, for tests and tooling that cannot look inside the canvas.
      map.on("idle", (() => {
        if (!loaded) return;
        const layers = [LAYER.groups, LAYER.points].filter((id) => map.getLayer(id));
        const rendered = map.queryRenderedFeatures({ layers });
        container.dataset.renderedGroups = String(rendered.filter((feature) => feature.layer?.id === LAYER.groups).length);
        container.dataset.renderedSites = String(rendered.filter((feature) => feature.layer?.id === LAYER.points).length);
        const largest = rendered
          .filter((feature) => feature.layer?.id === LAYER.groups)
          .sort((a, b) => Number(b.properties?.point_count ?? 0) - Number(a.properties?.point_count ?? 0))[0];
        const coordinates = largest?.geometry.coordinates as [number, number] | undefined;
        if (coordinates) {
          const { x, y } = map.project(coordinates);
          container.dataset.largestGroupAt = `${Math.round(x)},${Math.round(y)}`;
        } else delete container.dataset.largestGroupAt;
      }) as (event: never) => void);
      map.once("load", () => {
        if (cancelled) return;
        loaded = true;
        window.clearTimeout(timeout);
        addDataLayers(map, engine);
        setCityLabelLanguage(map, engine, locale);
        removeInteractions = installInteractions(map, {
          engine,
          locale,
          onNavigate: (href) => {
            if (latest.current.onNavigate) latest.current.onNavigate(href);
            else window.location.assign(href);
          },
        });
        instance.current = { map, engine };
        setReady(true);
        latest.current.onReady?.();
        // The first view comes from the constructor, which fires no moveend in every library.
        reportBounds();
      });

      const resizeObserver = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => map.resize());
      resizeObserver?.observe(container);

      teardown = () => {
        window.clearTimeout(timeout);
        resizeObserver?.disconnect();
        removeInteractions?.();
        map.remove();
      };
    })();

    return () => {
      cancelled = true;
      teardown?.();
      instance.current = null;
      setReady(false);
    };
  }, [mapboxToken, locale, basemapStyleUrl]);

  useEffect(() => {
    if (ready && instance.current) setPoints(instance.current.map, points);
  }, [ready, points]);

  useEffect(() => {
    if (ready && instance.current) setPolygons(instance.current.map, polygons);
  }, [ready, polygons]);

  useEffect(() => {
    if (ready && instance.current) setCircles(instance.current.map, circles);
  }, [ready, circles]);

  useEffect(() => {
    const current = instance.current;
    if (!ready || !current || fittedKey.current === targetKey) return;
    fittedKey.current = targetKey;
    const [mode = "data", corners = ""] = targetKey.split(":");
    const [west, south, east, north] = corners.split(",").map(Number) as [number, number, number, number];
    if (mode === "exact") {
      const visible = current.map.getBounds();
      const view = visible && normalizeBounds(visible.getWest(), visible.getSouth(), visible.getEast(), visible.getNorth());
      // Already showing it (the bounds came from this view): moving would only nudge the zoom.
      if (view && boundsEqual(view, [west, south, east, north], 1e-4)) return;
    }
    current.map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      {
        padding: mode === "exact" ? 0 : fitPadding(containerRef.current),
        maxZoom: FIT_MAX_ZOOM,
        duration: prefersReducedMotion() ? 0 : 600,
      },
    );
  }, [ready, targetKey]);

  return (
    <div
      ref={containerRef}
      className="cm-map"
      role="region"
      aria-label={label}
      data-map-engine={mapboxToken ? "mapbox" : "maplibre"}
      data-map-ready={ready ? "true" : "false"}
      style={{ height }}
    />
  );
}
