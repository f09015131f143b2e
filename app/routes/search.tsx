import { defer, json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Await, Form, Link, useFetcher, useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { Suspense, useCallback, useEffect, useId, useMemo, useRef, type ChangeEvent, type FormEvent } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import type { Bounds, MapPoint } from "~/components/map/types";
import { FacetGroup, facetOptions } from "~/components/search/facet-group";
import { Pagination } from "~/components/search/pagination";
import { ResultCard } from "~/components/search/result-card";
import { formatNumber } from "~/components/supplier/format";
import searchStylesheet from "~/components/search/search.css";
import { translateLoose } from "~/i18n";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  CITIES,
  EMPTY_SEARCH,
  hasActiveFilters,
  parseSupplierSearch,
  RADIUS_CHOICES_KM,
  REGION_CODES,
  REGIONS,
  SIZE_BANDS,
  serializeSupplierSearch,
  withSearch,
  type SearchPlaceOption,
  type SupplierSearch,
  type SupplierSearchResult,
} from "~/search/query";
import { getReferenceData } from "~/search/reference.server";
import { SearchFieldError, searchSuppliers, SearchUnavailableError, validateSearchPlace } from "~/search/suppliers.server";
import type { MapPointsData } from "./search_.map-points";
import { createSupabaseServerClient } from "~/utils/supabase.server";

type LoaderData = {
  status: "ok" | "invalid" | "unavailable";
  search: SupplierSearch;
  result: SupplierSearchResult | null;
  /** Translated, by parameter name. */
  fieldErrors: Record<string, string>;
  places: SearchPlaceOption[];
};

type SearchOutcome = { status: "ok"; result: SupplierSearchResult } | { status: "unavailable"; result: null };

/** A valid search: its outcome, or (when it takes longer than STREAM_AFTER_MS) a promise of it. */
type RouteData = Omit<LoaderData, "status" | "result"> &
  ({ status: "invalid"; outcome: null } | { status: "ok"; outcome: SearchOutcome | Promise<SearchOutcome> });

/**
 * How long a page waits for its search before it sends the page without results and streams them
 * in the same response when they are ready. A search normally takes well under this, and then the
 * whole page goes out at once with its true status (503 when no engine answered), readable without
 * JavaScript. Under load the visitor sees the page and the search form at once instead of nothing.
 */
const STREAM_AFTER_MS = 80;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const { locale, t } = getServerT(request);
  const url = new URL(request.url);
  const reference = await getReferenceData(supabase);
  const places: SearchPlaceOption[] = [
    ...[...reference.clustersBySlug.values()].map((cluster) => ({
      value: `cluster:${cluster.slug}`,
      label: cluster.name,
      lat: cluster.lat,
      lng: cluster.lng,
      group: "cluster" as const,
    })),
    ...Object.entries(CITIES).map(([id, city]) => ({
      value: `city:${id}`,
      label: { en: city.en, ko: city.ko },
      lat: city.lat,
      lng: city.lng,
      group: "city" as const,
    })),
  ];
  const invalid = (search: SupplierSearch, fieldErrors: Record<string, string>) =>
    json<RouteData>({ status: "invalid", search, outcome: null, fieldErrors, places }, { status: 400, headers });
  const parsed = parseSupplierSearch(url.searchParams);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(Object.entries(parsed.fieldErrors).map(([field, key]) => [field, translateLoose(t, key)]));
    return invalid({ ...EMPTY_SEARCH, q: (url.searchParams.get("q") ?? "").slice(0, 200) }, fieldErrors);
  }
  try {
    await validateSearchPlace(supabase, parsed.search);
  } catch (error) {
    if (!(error instanceof SearchFieldError)) throw error;
    return invalid({ ...parsed.search, place: null }, { [error.field]: translateLoose(t, error.messageKey) });
  }

  // The map's markers come from /search/map-points once the page has rendered.
  const outcome = searchSuppliers({ supabase, locale }, parsed.search).then(
    (result): SearchOutcome => ({ status: "ok", result }),
    (error: unknown): SearchOutcome => {
      if (!(error instanceof SearchUnavailableError)) console.error("[search] unexpected error", error);
      return { status: "unavailable", result: null };
    }
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([outcome, new Promise<null>((resolve) => (timer = setTimeout(resolve, STREAM_AFTER_MS, null)))]);
  clearTimeout(timer);
  const base = { status: "ok" as const, search: parsed.search, fieldErrors: {}, places };
  if (!settled) return defer({ ...base, outcome }, { headers });
  if (settled.result) headers.set("X-Search-Mode", settled.result.mode);
  return json<RouteData>({ ...base, outcome: settled }, { status: settled.status === "unavailable" ? 503 : 200, headers });
}

const TYPING_DEBOUNCE_MS = 250;

const FACET_LEGENDS = {
  process: "search.facet.process",
  material: "search.facet.material",
  cert: "search.facet.cert",
  cluster: "search.facet.cluster",
} as const;
const SIZE_LABELS = {
  micro: "search.size.micro",
  small: "search.size.small",
  medium: "search.size.medium",
  large: "search.size.large",
  unknown: "search.size.unknown",
} as const;
const FLAG_LABELS = { verified: "search.flag.verified", designated: "search.flag.designated", expired: "search.flag.expired" } as const;

function hrefFor(search: SupplierSearch) {
  const query = serializeSupplierSearch(search).toString();
  return query ? `/search?${query}` : "/search";
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>() as unknown as RouteData;
  const view = (outcome: SearchOutcome | null): LoaderData => ({
    search: data.search,
    fieldErrors: data.fieldErrors,
    places: data.places,
    status: data.status === "invalid" ? "invalid" : outcome?.status ?? "ok",
    result: outcome?.result ?? null,
  });
  if (data.status === "invalid") return <SearchView data={view(null)} />;
  const unavailable: SearchOutcome = { status: "unavailable", result: null };
  return (
    <Suspense fallback={<SearchView data={view(null)} streaming />}>
      <Await resolve={data.outcome} errorElement={<SearchView data={view(unavailable)} />}>
        {(outcome) => <SearchView data={view(outcome as SearchOutcome)} />}
      </Await>
    </Suspense>
  );
}

function SearchView({ data, streaming = false }: { data: LoaderData; streaming?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const location = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  const queryRef = useRef<HTMLInputElement>(null);
  const resultsHeadingRef = useRef<HTMLHeadingElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  const focusResultsNext = useRef(false);
  const ids = { query: useId(), hint: useId(), results: useId(), place: useId(), radius: useId(), sort: useId() };

  // While a search is loading, show the choices it was made with (checkboxes respond at once).
  const pending = navigation.location?.pathname === "/search" ? parseSupplierSearch(new URLSearchParams(navigation.location.search)) : null;
  const shown: SupplierSearch = pending?.success ? pending.search : data.search;
  const busy = streaming || (navigation.state !== "idle" && navigation.location?.pathname === "/search");
  const { result, fieldErrors } = data;

  const go = useCallback(
    (next: SupplierSearch, options: { replace: boolean }) => {
      navigate(hrefFor(next), { replace: options.replace, preventScrollReset: true });
    },
    [navigate]
  );

  const searchFromForm = useCallback((): SupplierSearch | null => {
    const form = formRef.current;
    if (!form) return null;
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === "string") params.append(name, value);
    const parsed = parseSupplierSearch(params);
    return parsed.success ? { ...parsed.search, page: 1 } : null;
  }, []);

  const onChange = (event: ChangeEvent<HTMLFormElement>) => {
    const target = event.target as unknown as HTMLInputElement;
    const typing = target.type === "search";
    clearTimeout(typingTimer.current);
    const run = () => {
      const next = searchFromForm();
      if (next) go(next, { replace: typing });
      else formRef.current?.requestSubmit();
    };
    if (typing) typingTimer.current = setTimeout(run, TYPING_DEBOUNCE_MS);
    else run();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const next = searchFromForm();
    if (!next) return; // let the browser submit; the server explains what is wrong
    event.preventDefault();
    clearTimeout(typingTimer.current);
    go(next, { replace: false });
  };

  useEffect(() => () => clearTimeout(typingTimer.current), []);

  // Back/forward or a cleared filter changes q without typing: keep the box in step, unless it has focus.
  useEffect(() => {
    const input = queryRef.current;
    if (input && document.activeElement !== input && input.value !== data.search.q) input.value = data.search.q;
  }, [data.search.q]);

  useEffect(() => {
    if (focusResultsNext.current && navigation.state === "idle") {
      focusResultsNext.current = false;
      resultsHeadingRef.current?.focus();
    }
  }, [navigation.state, location.key]);

  const onSearchArea = useCallback(
    (bounds: Bounds) => {
      const [west, south, east, north] = bounds;
      go(withSearch(data.search, { bbox: { south, west, north, east }, place: null, point: null, radiusKm: null }), { replace: false });
    },
    [data.search, go]
  );

  const pointsFetcher = useFetcher<MapPointsData>();
  const pointsQuery = result && result.total > 0 ? serializeSupplierSearch({ ...data.search, page: 1 }).toString() : null;
  const requestedPoints = useRef<string | null>(null);
  useEffect(() => {
    if (pointsQuery === null || requestedPoints.current === pointsQuery) return;
    requestedPoints.current = pointsQuery;
    pointsFetcher.load(`/search/map-points?${pointsQuery}`);
  }, [pointsQuery, pointsFetcher]);
  const loadedPoints = pointsQuery !== null ? pointsFetcher.data?.points : undefined;
  const mapPoints: MapPoint[] = useMemo(
    () =>
      (loadedPoints ?? []).map((point) => ({
        id: point.id,
        lat: point.lat,
        lng: point.lng,
        label: point.name[locale],
        href: `/suppliers/${point.id}`,
        kind: "primary" as const,
      })),
    [loadedPoints, locale]
  );

  const placeValue = shown.place ? `${shown.place.kind}:${shown.place.id}` : "";
  const hasCentre = Boolean(shown.place || shown.point);
  const from = result && result.total > 0 ? (result.page - 1) * result.perPage + 1 : 0;
  const to = result ? Math.min(result.total, result.page * result.perPage) : 0;
  const activeChips = activeFilterChips(data.search, data, locale, t);

  return (
    <div className="container page search-page">
      <h1>{t("search.title")}</h1>
      <p className="lead">{t("search.lead")}</p>

      <Form method="get" action="/search" role="search" ref={formRef} onChange={onChange} onSubmit={onSubmit} className="search-form" noValidate>
        <div className="search-form__query">
          <label htmlFor={ids.query} className="field__label">
            {t("search.query_label")}
          </label>
          <div className="search-form__row">
            <input
              ref={queryRef}
              id={ids.query}
              type="search"
              name="q"
              defaultValue={data.search.q}
              placeholder={t("search.query_placeholder")}
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={[ids.hint, fieldErrors.q ? `${ids.query}-error` : ""].filter(Boolean).join(" ")}
              aria-invalid={fieldErrors.q ? true : undefined}
              className="field__input search-form__input"
            />
            <button type="submit" className="button button--primary">
              {t("search.submit")}
            </button>
          </div>
          <p id={ids.hint} className="field__hint">
            {t("search.query_hint")}
          </p>
          {fieldErrors.q ? (
            <p id={`${ids.query}-error`} className="field__error">
              {fieldErrors.q}
            </p>
          ) : null}
        </div>

        {shown.point ? (
          <>
            <input type="hidden" name="lat" value={shown.point.lat} />
            <input type="hidden" name="lng" value={shown.point.lng} />
          </>
        ) : null}
        {shown.bbox ? (
          <input type="hidden" name="bbox" value={[shown.bbox.south, shown.bbox.west, shown.bbox.north, shown.bbox.east].join(",")} />
        ) : null}
        {shown.perPage !== EMPTY_SEARCH.perPage ? <input type="hidden" name="per_page" value={shown.perPage} /> : null}

        <div className="search-layout">
          <aside className="search-filters" aria-labelledby={`${ids.results}-filters`}>
            <h2 id={`${ids.results}-filters`} className="search-filters__title">
              {t("search.filters_title")}
            </h2>

            <fieldset className="facet">
              <legend className="facet__legend">{t("search.location_title")}</legend>
              <label htmlFor={ids.place} className="field__label">
                {t("search.place_label")}
              </label>
              <select
                id={ids.place}
                name="place"
                value={placeValue}
                onChange={noop}
                className="field__input"
                aria-invalid={fieldErrors.place ? true : undefined}
              >
                <option value="">
                  {shown.point ? t("search.place_point", { lat: shown.point.lat, lng: shown.point.lng }) : t("search.place_anywhere")}
                </option>
                <optgroup label={t("search.place_group_clusters")}>
                  {data.places
                    .filter((place) => place.group === "cluster")
                    .map((place) => (
                      <option key={place.value} value={place.value}>
                        {place.label[locale]}
                      </option>
                    ))}
                </optgroup>
                <optgroup label={t("search.place_group_cities")}>
                  {data.places
                    .filter((place) => place.group === "city")
                    .map((place) => (
                      <option key={place.value} value={place.value}>
                        {place.label[locale]}
                      </option>
                    ))}
                </optgroup>
              </select>
              {fieldErrors.place ? <p className="field__error">{fieldErrors.place}</p> : null}
              <label htmlFor={ids.radius} className="field__label">
                {t("search.radius_label")}
              </label>
              <select
                id={ids.radius}
                name="radius_km"
                value={hasCentre ? String(shown.radiusKm ?? 50) : ""}
                onChange={noop}
                disabled={!hasCentre}
                className="field__input"
              >
                {hasCentre ? null : <option value="">—</option>}
                {RADIUS_CHOICES_KM.map((km) => (
                  <option key={km} value={km}>
                    {t("search.radius_option", { km })}
                  </option>
                ))}
              </select>
              {shown.bbox ? (
                <p className="search-filters__bbox">
                  {t("search.bbox_active")}{" "}
                  <Link to={hrefFor(withSearch(data.search, { bbox: null }))} preventScrollReset>
                    {t("search.bbox_clear")}
                  </Link>
                </p>
              ) : null}
            </fieldset>

            <fieldset className="facet">
              <legend className="facet__legend">{t("search.flags_title")}</legend>
              <ul className="facet__options">
                {(
                  [
                    ["verified", t("search.flag.verified"), result?.facets.verified],
                    ["designated", t("search.flag.designated"), result?.facets.designated],
                    ["expired", t("search.flag.expired"), undefined],
                  ] as const
                ).map(([name, label, count]) => (
                  <li key={name} className="facet__option">
                    <input type="checkbox" id={`${ids.results}-${name}`} name={name} value="1" checked={shown[name]} onChange={noop} />
                    <label htmlFor={`${ids.results}-${name}`}>
                      <span className="facet__label">{label}</span>
                      {count !== undefined ? <span className="facet__count">{count}</span> : null}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>

            {(["process", "material", "cert", "cluster"] as const).map((facet) => (
              <FacetGroup
                key={facet}
                name={facet}
                legend={t(FACET_LEGENDS[facet])}
                options={facetOptions(result?.facets[facet] ?? {}, result?.labels[facet] ?? {}, shown[facet], locale)}
                selected={shown[facet]}
                noOptionsText={t("search.facet.none")}
                moreText={(count) => t("search.facet.more", { count })}
              />
            ))}
            <FacetGroup
              name="region"
              legend={t("search.facet.region")}
              options={facetOptions(
                result?.facets.region ?? {},
                Object.fromEntries(REGION_CODES.map((code) => [code, REGIONS[code]])),
                shown.region,
                locale
              )}
              selected={shown.region}
              noOptionsText={t("search.facet.none")}
              moreText={(count) => t("search.facet.more", { count })}
            />
            <FacetGroup
              name="size"
              legend={t("search.facet.size")}
              options={SIZE_BANDS.map((band) => ({ value: band, label: t(SIZE_LABELS[band]), count: result?.facets.size[band] ?? 0 })).filter(
                (option) => option.count > 0 || shown.size.includes(option.value)
              )}
              selected={shown.size}
              noOptionsText={t("search.facet.none")}
              moreText={(count) => t("search.facet.more", { count })}
            />
            <noscript>
              <button type="submit" className="button button--secondary">
                {t("search.apply_filters")}
              </button>
            </noscript>
          </aside>

          <section
            className="search-results"
            aria-labelledby={ids.results}
            aria-busy={busy || undefined}
            data-search-mode={result?.mode ?? (streaming ? "pending" : data.status)}
          >
            <div className="search-results__bar">
              <h2 id={ids.results} ref={resultsHeadingRef} tabIndex={-1} className="search-results__title">
                {result
                  ? result.total === 1
                    ? t("search.results_count_one")
                    : t("search.results_count", { count: formatNumber(result.total, locale) })
                  : t("search.results_heading")}
              </h2>
              <div className="search-results__sort">
                <label htmlFor={ids.sort}>{t("search.sort_label")}</label>
                <select
                  id={ids.sort}
                  name="sort"
                  value={shown.sort}
                  onChange={noop}
                  className="field__input"
                  aria-describedby={hasCentre || shown.bbox ? undefined : `${ids.sort}-hint`}
                >
                  <option value="relevance">{t("search.sort.relevance")}</option>
                  <option value="distance" disabled={!hasCentre && !shown.bbox}>
                    {t("search.sort.distance")}
                  </option>
                  <option value="completeness">{t("search.sort.completeness")}</option>
                </select>
                {hasCentre || shown.bbox ? null : (
                  <p id={`${ids.sort}-hint`} className="visually-hidden">
                    {t("search.sort_distance_hint")}
                  </p>
                )}
              </div>
            </div>
            <p className="visually-hidden" role="status" aria-live="polite">
              {busy ? t("search.searching") : result ? t("search.live_status", { count: result.total }) : ""}
            </p>
            {busy ? (
              <p className="search-results__busy" aria-hidden="true">
                {t("search.searching")}
              </p>
            ) : null}
            {streaming ? (
              <noscript>
                <p>
                  {t("search.streaming_noscript")} <a href={hrefFor(data.search)}>{t("search.streaming_reload")}</a>
                </p>
              </noscript>
            ) : null}

            {data.status === "invalid" ? (
              <Alert tone="error" title={t("search.invalid_title")}>
                <p>{t("search.invalid_body")}</p>
                <ul>
                  {Object.entries(fieldErrors).map(([field, message]) => (
                    <li key={field}>
                      <code>{field}</code>: {message}
                    </li>
                  ))}
                </ul>
                <p>
                  <Link to="/search">{t("search.clear_filters")}</Link>
                </p>
              </Alert>
            ) : null}
            {data.status === "unavailable" ? (
              <Alert tone="error" title={t("search.unavailable_title")}>
                <p>{t("search.unavailable_body")}</p>
              </Alert>
            ) : null}
            {result?.mode === "reduced" ? (
              <Alert tone="warning" title={t("search.reduced_title")}>
                <p>{t("search.reduced_body")}</p>
              </Alert>
            ) : null}

            {activeChips.length > 0 ? (
              <div className="active-filters">
                <h3 className="visually-hidden">{t("search.active_filters")}</h3>
                <ul className="chip-list">
                  {activeChips.map((chip) => (
                    <li key={chip.key}>
                      <Link
                        to={chip.href}
                        preventScrollReset
                        className="chip chip--removable"
                        aria-label={t("search.remove_filter", { label: chip.label })}
                      >
                        {chip.label} <span aria-hidden="true">×</span>
                      </Link>
                    </li>
                  ))}
                  <li>
                    <Link
                      to={hrefFor({ ...EMPTY_SEARCH, q: data.search.q, sort: data.search.sort === "distance" ? "relevance" : data.search.sort })}
                      preventScrollReset
                      className="active-filters__clear"
                    >
                      {t("search.clear_filters")}
                    </Link>
                  </li>
                </ul>
              </div>
            ) : null}

            {result ? (
              <>
                {result.total > 0 || shown.bbox ? (
                  <MapPanel
                    points={mapPoints}
                    label={t("search.map.title")}
                    height={360}
                    onSearchArea={onSearchArea}
                    externalListId={`${ids.results}-list`}
                    fitTo={data.search.bbox ? [data.search.bbox.west, data.search.bbox.south, data.search.bbox.east, data.search.bbox.north] : "data"}
                    headingLevel={3}
                    className="search-results__map"
                  />
                ) : null}
                {result.total > 0 ? (
                  <>
                    <p className="search-results__range">{t("search.results_range", { from, to, total: result.total })}</p>
                    <ol id={`${ids.results}-list`} className="result-list" tabIndex={-1}>
                      {result.hits.map((hit, index) => (
                        <li key={hit.id}>
                          <ResultCard hit={hit} headingId={`${ids.results}-hit-${index}`} />
                        </li>
                      ))}
                    </ol>
                    <div onClickCapture={() => (focusResultsNext.current = true)}>
                      <Pagination page={result.page} totalPages={result.totalPages} hrefFor={(page) => hrefFor({ ...data.search, page })} />
                    </div>
                  </>
                ) : (
                  <div className="search-empty" role="status">
                    <h3>{t("search.empty_title")}</h3>
                    <p>{t("search.empty_body")}</p>
                    {hasActiveFilters(data.search) ? (
                      <p>
                        <Link to={hrefFor({ ...EMPTY_SEARCH, q: data.search.q })}>{t("search.clear_filters")}</Link>
                      </p>
                    ) : null}
                  </div>
                )}
              </>
            ) : null}
          </section>
        </div>
      </Form>
    </div>
  );
}

function noop() {}

type Translate = ReturnType<typeof useT>;

/** One removable chip per active filter value, each a link to the same search without it. */
function activeFilterChips(search: SupplierSearch, data: LoaderData, locale: "en" | "ko", t: Translate) {
  const chips: Array<{ key: string; label: string; href: string }> = [];
  const labels = data.result?.labels;
  for (const facet of ["process", "material", "cert", "cluster"] as const) {
    for (const code of search[facet]) {
      chips.push({
        key: `${facet}:${code}`,
        label: labels?.[facet][code]?.[locale] ?? code,
        href: hrefFor(withSearch(search, { [facet]: search[facet].filter((value) => value !== code) })),
      });
    }
  }
  for (const region of search.region) {
    chips.push({
      key: `region:${region}`,
      label: REGIONS[region][locale],
      href: hrefFor(withSearch(search, { region: search.region.filter((value) => value !== region) })),
    });
  }
  for (const band of search.size) {
    chips.push({
      key: `size:${band}`,
      label: t(SIZE_LABELS[band]),
      href: hrefFor(withSearch(search, { size: search.size.filter((value) => value !== band) })),
    });
  }
  for (const flag of ["verified", "designated", "expired"] as const) {
    if (search[flag]) chips.push({ key: flag, label: t(FLAG_LABELS[flag]), href: hrefFor(withSearch(search, { [flag]: false })) });
  }
  if (search.place || search.point) {
    const placeLabel = search.place
      ? data.places.find((place) => place.value === `${search.place!.kind}:${search.place!.id}`)?.label[locale] ?? search.place.id
      : t("search.place_point", { lat: search.point!.lat, lng: search.point!.lng });
    chips.push({
      key: "near",
      label: t("search.near_summary", { km: search.radiusKm ?? 50, place: placeLabel }),
      href: hrefFor(withSearch(search, { place: null, point: null })),
    });
  }
  if (search.bbox) chips.push({ key: "bbox", label: t("search.bbox_active"), href: hrefFor(withSearch(search, { bbox: null })) });
  return chips;
}

export const links: LinksFunction = () => [...mapPanelLinks(), { rel: "stylesheet", href: searchStylesheet }];

// Which engine answered ("full" Meilisearch or "reduced" PostgreSQL), as the API says it: for
// monitoring and the benchmark, which must not count a fallback page as a search page served.
export const headers: HeadersFunction = ({ loaderHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const mode = loaderHeaders.get("X-Search-Mode");
  if (mode) headers.set("X-Search-Mode", mode);
  return headers;
};

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "search.meta_title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
