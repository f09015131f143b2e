/**
 * The map as pages use it. Server-rendered and always present: the list alternative (the same
 * items as links) and the legend. After hydration, in browsers with WebGL 2, the interactive map
 * (Map.client.tsx and its library, separate chunks) loads lazily above the list.
 *
 * Routes that render a MapPanel add its stylesheet: `export const links = () => [...mapPanelLinks()]`.
 */
import { Link, useNavigate } from "@remix-run/react";
import { Component, lazy, Suspense, useCallback, useId, useMemo, useState, type ReactNode } from "react";
import { createTranslator, type Translate } from "~/i18n";
import { useLocale } from "~/i18n/react";
import { useRootData } from "~/utils/root-data";
import { safeHref } from "./geo";
import mapPanelStylesheet from "./map-panel.css";
import type { Bounds, MapCircle, MapFailure, MapFitTo, MapLocale, MapPoint, MapPolygonFeature } from "./types";
import { useHydrated } from "./use-hydrated";
import { supportsWebGL2 } from "./webgl";
import { numberFormat } from "~/utils/intl-format";

const MapClient = lazy(() => import("./Map.client"));

// Stable empty defaults: a fresh [] per render would make the map re-send its data every render.
const NO_POLYGONS: readonly MapPolygonFeature[] = [];
const NO_CIRCLES: readonly MapCircle[] = [];

export function mapPanelLinks() {
  return [{ rel: "stylesheet", href: mapPanelStylesheet }];
}

export interface MapPanelProps {
  points: readonly MapPoint[];
  polygons?: readonly MapPolygonFeature[];
  circles?: readonly MapCircle[];
  fitTo?: MapFitTo;
  /** Accessible name of the map, e.g. "Map of the search results". */
  label: string;
  height?: number | string;
  /** Defaults to the MAPBOX_TOKEN the root loader exposes; null forces the offline map. */
  mapboxToken?: string | null;
  /** Shows a "Search this area" button that hands over the visible bounds [west, south, east, north]. */
  onSearchArea?: (bounds: Bounds) => void;
  onBoundsChange?: (bounds: Bounds) => void;
  /** Heading above the list alternative; defaults to "Places on this map". */
  listHeading?: string;
  headingLevel?: 2 | 3 | 4;
  /** At most this many sites are listed (a page of search results, not 10,000 links). */
  listLimit?: number;
  /**
   * When the page already lists the same items (the search results), the id of that list: the
   * panel then renders no list of its own and the "skip map" link goes there.
   */
  externalListId?: string;
  className?: string;
}

type Status = { state: "loading" } | { state: "ready" } | { state: "failed"; failure: MapFailure };

class MapErrorBoundary extends Component<{ onError: () => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.error("Map failed", error);
    this.props.onError();
  }

  render() {
    return this.state.failed ? null : this.props.children;
  }
}

export function MapPanel(props: MapPanelProps) {
  const { points, label, onSearchArea } = props;
  const polygons = props.polygons ?? NO_POLYGONS;
  const circles = props.circles ?? NO_CIRCLES;
  const locale: MapLocale = useLocale();
  const t = useMemo(() => createTranslator(locale), [locale]);
  const rootData = useRootData();
  const mapboxToken = props.mapboxToken !== undefined ? props.mapboxToken : (rootData?.env.MAPBOX_TOKEN ?? null);
  const hydrated = useHydrated();
  const navigate = useNavigate();
  const generatedId = useId();
  const listId = props.externalListId ?? `map-list-${generatedId.replace(/:/g, "")}`;
  const height = props.height ?? 420;

  const [status, setStatus] = useState<Status>({ state: "loading" });
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const webgl = useMemo(() => (hydrated ? supportsWebGL2() : true), [hydrated]);
  const failure: MapFailure | null = status.state === "failed" ? status.failure : hydrated && !webgl ? "webgl" : null;
  const showMap = hydrated && webgl && status.state !== "failed";
  const loading = showMap && status.state !== "ready";

  const { onBoundsChange } = props;
  const handleBounds = useCallback(
    (next: Bounds) => {
      setBounds(next);
      onBoundsChange?.(next);
    },
    [onBoundsChange],
  );
  const handleReady = useCallback(() => setStatus({ state: "ready" }), []);
  const handleError = useCallback((reason: MapFailure) => setStatus({ state: "failed", failure: reason }), []);
  const handleNavigate = useCallback((href: string) => navigate(href), [navigate]);

  const headingLevel = props.headingLevel ?? 2;

  return (
    <div className={["map-panel", props.className ?? ""].join(" ").trim()}>
      <a className="map-panel__skip" href={`#${listId}`}>
        {t("map.skip")}
      </a>
      <div className="map-panel__stage" style={{ height }}>
        {onSearchArea && status.state === "ready" ? (
          <button
            type="button"
            className="map-panel__search-area"
            disabled={!bounds}
            onClick={() => {
              if (bounds) onSearchArea(bounds);
            }}
          >
            {t("map.search_area")}
          </button>
        ) : null}
        {showMap ? (
          <MapErrorBoundary onError={() => handleError("load")}>
            <Suspense fallback={null}>
              <MapClient
                points={points}
                polygons={polygons}
                circles={circles}
                fitTo={props.fitTo}
                onBoundsChange={handleBounds}
                mapboxToken={mapboxToken}
                locale={locale}
                label={label}
                height="100%"
                onReady={handleReady}
                onError={handleError}
                onNavigate={handleNavigate}
              />
            </Suspense>
          </MapErrorBoundary>
        ) : null}
        {!hydrated ? (
          <noscript>
            <p className="map-panel__notice">{t("map.noscript")}</p>
          </noscript>
        ) : null}
        {loading ? (
          <p className="map-panel__notice" role="status">
            {t("map.loading")}
          </p>
        ) : null}
        {failure ? (
          <div className="map-panel__notice map-panel__notice--error" role="alert">
            <p>{t("map.unavailable")}</p>
            {failure === "webgl" ? <p className="map-panel__detail">{t("map.unavailable_webgl")}</p> : null}
          </div>
        ) : null}
      </div>
      <MapLegend points={points} polygons={polygons} circles={circles} t={t} />
      {props.externalListId ? null : (
        <MapList
          id={listId}
          points={points}
          polygons={polygons}
          circles={circles}
          t={t}
          locale={locale}
          heading={props.listHeading ?? t("map.list.heading")}
          headingLevel={headingLevel}
          limit={props.listLimit ?? 200}
        />
      )}
    </div>
  );
}

function MapLegend({
  points,
  polygons,
  circles,
  t,
}: {
  points: readonly MapPoint[];
  polygons: readonly MapPolygonFeature[];
  circles: readonly MapCircle[];
  t: Translate;
}) {
  const items: Array<{ key: string; label: string }> = [];
  if (points.some((point) => point.kind !== "secondary")) items.push({ key: "supplier", label: t("map.legend.supplier") });
  if (points.some((point) => point.kind === "secondary")) items.push({ key: "secondary", label: t("map.legend.secondary") });
  if (points.length > 1) items.push({ key: "group", label: t("map.legend.group") });
  if (polygons.some((polygon) => polygon.properties.kind !== "parcel")) items.push({ key: "cluster", label: t("map.legend.cluster") });
  if (polygons.some((polygon) => polygon.properties.kind === "parcel")) items.push({ key: "parcel", label: t("map.legend.parcel") });
  if (circles.length > 0) items.push({ key: "need", label: t("map.legend.need") });
  if (items.length === 0) return null;
  return (
    <div className="map-panel__legend">
      <p className="map-panel__legend-title">{t("map.legend.heading")}</p>
      <ul className="map-panel__legend-list">
        {items.map((item) => (
          <li key={item.key} className="map-panel__legend-item">
            <span className={`map-panel__swatch map-panel__swatch--${item.key}`} aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ItemLink({ href, children }: { href: string | null | undefined; children: ReactNode }) {
  const safe = safeHref(href);
  if (!safe) return <span className="map-panel__item-label">{children}</span>;
  return safe.startsWith("/") ? (
    <Link to={safe} className="map-panel__item-label">
      {children}
    </Link>
  ) : (
    <a href={safe} className="map-panel__item-label" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function MapList({
  id,
  points,
  polygons,
  circles,
  t,
  locale,
  heading,
  headingLevel,
  limit,
}: {
  id: string;
  points: readonly MapPoint[];
  polygons: readonly MapPolygonFeature[];
  circles: readonly MapCircle[];
  t: Translate;
  locale: MapLocale;
  heading: string;
  headingLevel: 2 | 3 | 4;
  limit: number;
}) {
  const Heading = `h${headingLevel}` as "h2";
  const SubHeading = `h${Math.min(6, headingLevel + 1)}` as "h3";
  const clusters = polygons.filter((polygon) => polygon.properties.kind !== "parcel");
  const parcels = polygons.filter((polygon) => polygon.properties.kind === "parcel");
  const listedPoints = points.slice(0, Math.max(0, limit));
  const empty = points.length === 0 && polygons.length === 0 && circles.length === 0;
  const kilometres = numberFormat(locale === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 1 });

  const polygonGroup = (items: MapPolygonFeature[], titleKey: "map.list.clusters" | "map.list.parcels") =>
    items.length > 0 ? (
      <div className="map-panel__group">
        <SubHeading className="map-panel__group-title">{t(titleKey, { count: items.length })}</SubHeading>
        <ul className="map-panel__items">
          {items.map((polygon) => (
            <li key={polygon.id} className="map-panel__item">
              <ItemLink href={polygon.properties.href}>{polygon.properties.label || t("map.popup.untitled")}</ItemLink>
              {polygon.properties.sublabel ? <span className="map-panel__item-sub">{polygon.properties.sublabel}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    ) : null;

  return (
    <div id={id} className="map-panel__list" tabIndex={-1}>
      <Heading className="map-panel__list-title">{heading}</Heading>
      {empty ? <p className="map-panel__empty">{t("map.list.empty")}</p> : null}
      {points.length > 0 ? (
        <div className="map-panel__group">
          <SubHeading className="map-panel__group-title">{t("map.list.suppliers", { count: points.length })}</SubHeading>
          <ul className="map-panel__items">
            {listedPoints.map((point) => (
              <li key={point.id} className="map-panel__item">
                <ItemLink href={point.href}>{point.label || t("map.popup.untitled")}</ItemLink>
                {point.sublabel ? <span className="map-panel__item-sub">{point.sublabel}</span> : null}
                {point.kind === "secondary" ? <span className="map-panel__item-sub">{t("map.point.secondary")}</span> : null}
              </li>
            ))}
          </ul>
          {points.length > listedPoints.length ? (
            <p className="map-panel__more">{t("map.list.more", { count: points.length - listedPoints.length })}</p>
          ) : null}
        </div>
      ) : null}
      {polygonGroup(clusters, "map.list.clusters")}
      {polygonGroup(parcels, "map.list.parcels")}
      {circles.length > 0 ? (
        <div className="map-panel__group">
          <SubHeading className="map-panel__group-title">{t("map.list.needs", { count: circles.length })}</SubHeading>
          <ul className="map-panel__items">
            {circles.map((circle) => (
              <li key={circle.id} className="map-panel__item">
                <ItemLink href={circle.href}>{circle.label || t("map.popup.untitled")}</ItemLink>
                <span className="map-panel__item-sub">{t("map.circle.radius", { km: kilometres.format(circle.radius_km) })}</span>
                {circle.sublabel ? <span className="map-panel__item-sub">{circle.sublabel}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
