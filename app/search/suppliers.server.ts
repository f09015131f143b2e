/**
 * Supplier search for the search page and GET /api/v1/suppliers. Meilisearch answers when it
 * can (search-only key, short timeout); otherwise the same search runs in PostgreSQL through
 * public.search_suppliers_fallback() as the caller, and the result says mode "reduced".
 * Only published SME profiles exist in either, and the filter says so once more.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { MeilisearchRequestTimeOutError, type Meilisearch, type MultiSearchQuery, type SearchResponse } from "meilisearch";
import { getEnv } from "~/env.server";
import { epochDay, type SupplierDocument } from "./documents.server";
import { createSearchClient } from "./meili.server";
import {
  bboxCentre,
  CITIES,
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  MAP_POINT_LIMIT,
  REGIONS,
  SIZE_BANDS,
  type Bilingual,
  type FacetCounts,
  type FacetName,
  type GeoPoint,
  type MapSupplierPoint,
  type MarkedText,
  type RegionCode,
  type SizeBand,
  type SupplierHit,
  type SupplierSearch,
  type SupplierSearchResult,
} from "./query";
import { getReferenceData, labelOf, type ReferenceData } from "./reference.server";

export class SearchFieldError extends Error {
  constructor(readonly field: string, readonly messageKey: string) {
    super(`${field}: ${messageKey}`);
  }
}

export class SearchUnavailableError extends Error {}

type FilterGroup = FacetName | "designated" | "verified";

const FACET_ATTRIBUTE: Record<Exclude<FilterGroup, "cert">, string> = {
  process: "process_codes",
  material: "material_codes",
  cluster: "cluster_slugs",
  region: "regions",
  size: "size_band",
  designated: "defense_designated",
  verified: "verified",
};

function certAttribute(search: SupplierSearch) {
  return search.expired ? "certification_codes" : "valid_certification_codes";
}

function attributeOf(group: FilterGroup, search: SupplierSearch) {
  return group === "cert" ? certAttribute(search) : FACET_ATTRIBUTE[group];
}

const GROUPS: FilterGroup[] = ["process", "material", "cert", "cluster", "region", "size", "designated", "verified"];

function list(values: readonly string[]) {
  return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
}

/**
 * Meilisearch filter expressions per group (null when the group is not filtered) plus the parts
 * every query carries. Certificates: unless expired ones are included, a supplier matches only
 * while its certificate's expiry day is today or later, checked at query time, not index time.
 */
export function supplierFilterParts(search: SupplierSearch, centre: GeoPoint | null, now: Date = new Date()) {
  const today = epochDay(now);
  const groups: Record<FilterGroup, string | null> = {
    process: search.process.length ? `process_codes IN ${list(search.process)}` : null,
    material: search.material.length ? `material_codes IN ${list(search.material)}` : null,
    cert: search.cert.length
      ? search.expired
        ? `certification_codes IN ${list(search.cert)}`
        : `(${search.cert.map((code) => `cert_expiry.${code} >= ${today}`).join(" OR ")})`
      : null,
    cluster: search.cluster.length ? `cluster_slugs IN ${list(search.cluster)}` : null,
    region: search.region.length ? `regions IN ${list(search.region)}` : null,
    size: search.size.length ? `size_band IN ${list(search.size)}` : null,
    designated: search.designated ? "defense_designated = true" : null,
    verified: search.verified ? "verified = true" : null,
  };
  const always = ["published = true"];
  if (centre && search.radiusKm !== null) always.push(`_geoRadius(${centre.lat}, ${centre.lng}, ${Math.round(search.radiusKm * 1000)})`);
  if (search.bbox) {
    const { south, west, north, east } = search.bbox;
    always.push(`_geoBoundingBox([${north}, ${east}], [${south}, ${west}])`);
  }
  return { groups, always };
}

function combine(parts: Array<string | null>) {
  return parts.filter((part): part is string => part !== null).join(" AND ");
}

/**
 * Stored fields a result card needs as they are. Names and texts come from `_formatted` alone
 * (highlighted, cropped): asking for them here as well would send every one of them twice.
 */
const RETRIEVE = [
  "id",
  "slug",
  "is_fictional",
  "process_codes",
  "certifications",
  "region",
  "cluster_id",
  "employees",
  "size_band",
  "defense_designated",
  "security_assessment_passed",
  "verified",
  "completeness",
  "_geo",
];
const CROPPED = ["description_en", "description_ko", "capability_text_en", "capability_text_ko"];

/** Single-checkbox groups: their one count is the number of results with the box ticked. */
const BOOLEAN_GROUPS: ReadonlySet<FilterGroup> = new Set(["designated", "verified"]);

/** The filtered groups whose counts need a query of their own, in the order the queries are sent. */
function groupsWithOwnQuery(groups: Record<FilterGroup, string | null>): FilterGroup[] {
  return GROUPS.filter((group) => groups[group] !== null && !BOOLEAN_GROUPS.has(group));
}

/**
 * The multi-search: the page of hits with facets, plus one query per filtered group without that
 * group's own filter, so its options show how many results choosing them would give. Every query
 * repeats the text search, so only what changes a count is asked for: a ticked checkbox group
 * needs no query of its own (with the box ticked, every result counts; the main query's facet
 * says how many, uncapped by maxTotalHits), and the main query leaves out the facets that the
 * group queries answer.
 */
export function buildSupplierQueries(
  search: SupplierSearch,
  centre: GeoPoint | null,
  origin: GeoPoint | null,
  now: Date = new Date(),
  options: { mapPoints?: boolean } = {}
): MultiSearchQuery[] {
  const { groups, always } = supplierFilterParts(search, centre, now);
  const ownQuery = groupsWithOwnQuery(groups);
  const sort =
    search.sort === "distance" && origin
      ? [`_geoPoint(${origin.lat}, ${origin.lng}):asc`]
      : search.sort === "completeness"
      ? ["completeness:desc"]
      : undefined;
  const main: MultiSearchQuery = {
    indexUid: "suppliers",
    q: search.q,
    filter: combine([...always, ...GROUPS.map((group) => groups[group])]),
    facets: GROUPS.filter((group) => !ownQuery.includes(group)).map((group) => attributeOf(group, search)),
    page: search.page,
    hitsPerPage: search.perPage,
    attributesToRetrieve: RETRIEVE,
    // Cropping alone does not mark matches; highlighting the cropped fields does.
    attributesToHighlight: ["name_en", "name_ko", ...CROPPED],
    attributesToCrop: CROPPED,
    cropLength: 28,
    cropMarker: "…",
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    ...(sort ? { sort } : {}),
  };
  const disjunctive = ownQuery.map(
    (group): MultiSearchQuery => ({
      indexUid: "suppliers",
      q: search.q,
      filter: combine([...always, ...GROUPS.filter((other) => other !== group).map((other) => groups[other])]),
      facets: [attributeOf(group, search)],
      limit: 0,
    })
  );
  const mapPoints: MultiSearchQuery[] = options.mapPoints
    ? [
        {
          indexUid: "suppliers",
          q: search.q,
          filter: main.filter,
          limit: MAP_POINT_LIMIT,
          attributesToRetrieve: ["id", "slug", "name_en", "name_ko", "_geo"],
        },
      ]
    : [];
  return [main, ...disjunctive, ...mapPoints];
}

// Places and distances --------------------------------------------------------------------------

export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** The centre of a radius search (a place or a point) and the origin distances are measured from. */
export function resolveCentre(search: SupplierSearch, reference: ReferenceData): { centre: GeoPoint | null; origin: GeoPoint | null } {
  let centre: GeoPoint | null = search.point;
  if (search.place) {
    if (search.place.kind === "city") {
      const city = CITIES[search.place.id as keyof typeof CITIES];
      centre = { lat: city.lat, lng: city.lng };
    } else {
      const cluster = reference.clustersBySlug.get(search.place.id);
      if (!cluster) throw new SearchFieldError("place", "search.error.place");
      centre = { lat: cluster.lat, lng: cluster.lng };
    }
  }
  return { centre, origin: centre ?? (search.bbox ? bboxCentre(search.bbox) : null) };
}

// Results ----------------------------------------------------------------------------------------

function emptyFacets(): FacetCounts {
  return { process: {}, material: {}, cert: {}, cluster: {}, region: {}, size: {}, designated: 0, verified: 0 };
}

function unmarked(text: string) {
  return text.replaceAll(HIGHLIGHT_PRE, "").replaceAll(HIGHLIGHT_POST, "");
}

/** A text with a match, else the start of the description (cropped by Meilisearch either way). */
function pickSnippet(formatted: Record<string, unknown> | undefined, locale: "en" | "ko"): MarkedText | null {
  const languages: Array<"en" | "ko"> = locale === "ko" ? ["ko", "en"] : ["en", "ko"];
  const candidates: MarkedText[] = [];
  for (const lang of languages) {
    for (const field of [`description_${lang}`, `capability_text_${lang}`]) {
      const value = formatted?.[field];
      const texts = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
      for (const text of texts) if (typeof text === "string" && text.trim() !== "") candidates.push({ text, lang });
    }
  }
  const matched = candidates.find((candidate) => candidate.text.includes(HIGHLIGHT_PRE));
  if (matched) return matched;
  for (const lang of languages) {
    const description = formatted?.[`description_${lang}`];
    if (typeof description === "string" && description.trim() !== "") return { text: description, lang };
  }
  return null;
}

type CertificationLike = { code: string; verified: boolean; expired?: boolean; expires_on: string | null };

function toHit(
  raw: {
    id: string;
    slug: string;
    name_en: string;
    name_ko: string | null;
    is_fictional: boolean;
    process_codes: string[];
    certifications: CertificationLike[];
    region: string | null;
    cluster_id: string | null;
    employees: number | null;
    size_band: string;
    defense_designated: boolean;
    security_assessment_passed: boolean;
    verified: boolean;
    completeness: number;
    geo: GeoPoint | null;
  },
  extras: { markedEn: string | null; markedKo: string | null; snippet: MarkedText | null },
  reference: ReferenceData,
  origin: GeoPoint | null,
  today: number
): SupplierHit {
  const cluster = raw.cluster_id ? reference.clustersById.get(raw.cluster_id) : undefined;
  return {
    id: raw.id,
    slug: raw.slug,
    name: { en: raw.name_en, ko: raw.name_ko ?? raw.name_en, markedEn: extras.markedEn, markedKo: extras.markedKo },
    isFictional: raw.is_fictional,
    snippet: extras.snippet,
    processes: raw.process_codes.map((code) => ({ code, label: labelOf(reference.process, code) })),
    certifications: raw.certifications.map((certification) => ({
      code: certification.code,
      label: labelOf(reference.cert, certification.code),
      verified: certification.verified,
      // Recomputed for today: a document built before the expiry still answers correctly.
      expired: certification.expires_on !== null && epochDay(certification.expires_on) < today,
      expiresOn: certification.expires_on,
    })),
    region: raw.region && Object.prototype.hasOwnProperty.call(REGIONS, raw.region) ? (raw.region as RegionCode) : null,
    cluster: cluster ? { slug: cluster.slug, name: cluster.name } : null,
    employees: raw.employees,
    sizeBand: (SIZE_BANDS as readonly string[]).includes(raw.size_band) ? (raw.size_band as SizeBand) : "unknown",
    designated: raw.defense_designated,
    securityAssessed: raw.security_assessment_passed,
    verified: raw.verified,
    completeness: raw.completeness,
    geo: raw.geo,
    distanceKm: origin && raw.geo ? Math.round(distanceKm(origin, raw.geo) * 10) / 10 : null,
  };
}

function labelsFor(facets: FacetCounts, hits: SupplierHit[], search: SupplierSearch, reference: ReferenceData) {
  const pick = (map: Map<string, Bilingual>, codes: Iterable<string>) => {
    const out: Record<string, Bilingual> = {};
    for (const code of codes) out[code] = labelOf(map, code);
    return out;
  };
  const clusterLabels: Record<string, Bilingual> = {};
  for (const slug of new Set([...Object.keys(facets.cluster), ...search.cluster])) {
    clusterLabels[slug] = reference.clustersBySlug.get(slug)?.name ?? { en: slug, ko: slug };
  }
  return {
    process: pick(
      reference.process,
      new Set([...Object.keys(facets.process), ...search.process, ...hits.flatMap((hit) => hit.processes.map((p) => p.code))])
    ),
    material: pick(reference.material, new Set([...Object.keys(facets.material), ...search.material])),
    cert: pick(reference.cert, new Set([...Object.keys(facets.cert), ...search.cert])),
    cluster: clusterLabels,
  };
}

type FacetDistribution = Record<string, Record<string, number>> | undefined;

function facetsFromMeili(search: SupplierSearch, main: FacetDistribution, disjunctive: Map<FilterGroup, FacetDistribution>): FacetCounts {
  const facets = emptyFacets();
  for (const group of GROUPS) {
    const attribute = attributeOf(group, search);
    const distribution = (disjunctive.get(group) ?? main)?.[attribute] ?? {};
    if (group === "designated" || group === "verified") facets[group] = distribution["true"] ?? 0;
    else facets[group] = { ...distribution };
  }
  return facets;
}

let meiliClient: Meilisearch | null = null;
let meiliRetryAt = 0;
let meiliWasDown = false;
/** After Meilisearch was found down, queries go straight to the fallback for this long instead of waiting on it. */
const MEILI_RETRY_MS = 3_000;
/**
 * PostgreSQL searches running at once in this process. A fallback search costs about ten times
 * the CPU of a Meilisearch one (docs/benchmarks.md); past this many, a search is answered
 * "unavailable, try again" at once rather than queued behind searches that are already too slow.
 */
const MAX_FALLBACK_SEARCHES = 4;
let fallbackSearches = 0;
/**
 * A stopped Meilisearch refuses the connection at once; this only bounds a hung or overloaded one.
 * It was 1 s: on two cores with 20 concurrent search pages a busy Meilisearch passed that now and
 * then, and every page then went to the PostgreSQL fallback, which costs ten times more CPU per
 * search and turned a busy machine into a collapsed one (3.5 pages/s, timeouts, a 503).
 */
const MEILI_TIMEOUT_MS = 2_500;

function searchClient() {
  if (!meiliClient) {
    const env = getEnv();
    meiliClient = createSearchClient({ url: env.MEILI_URL, masterKey: env.MEILI_MASTER_KEY }, MEILI_TIMEOUT_MS);
  }
  return meiliClient;
}

function mapPointsOf(documents: readonly Pick<SupplierDocument, "id" | "slug" | "name_en" | "name_ko" | "_geo">[]): MapSupplierPoint[] {
  return documents.flatMap((document) =>
    document._geo ? [{ id: document.id, slug: document.slug, name: { en: document.name_en, ko: document.name_ko ?? document.name_en }, ...document._geo }] : []
  );
}

async function searchWithMeili(
  search: SupplierSearch,
  centre: GeoPoint | null,
  origin: GeoPoint | null,
  reference: ReferenceData,
  locale: "en" | "ko",
  withMapPoints: boolean
) {
  const now = new Date();
  const queries = buildSupplierQueries(search, centre, origin, now, { mapPoints: withMapPoints });
  const { results } = await searchClient().multiSearch({ queries });
  const responses = results as unknown as Array<SearchResponse<Omit<SupplierDocument, "name_en" | "name_ko"> & { _formatted?: Record<string, unknown> }>>;
  const main = responses[0];
  const activeGroups = groupsWithOwnQuery(supplierFilterParts(search, centre, now).groups);
  const rest = responses.slice(1, 1 + activeGroups.length);
  const pointsResponse = responses[1 + activeGroups.length] as unknown as SearchResponse<SupplierDocument> | undefined;
  const mapPoints: MapSupplierPoint[] = withMapPoints ? mapPointsOf(pointsResponse?.hits ?? []) : [];
  const disjunctive = new Map<FilterGroup, FacetDistribution>(activeGroups.map((group, index) => [group, rest[index]?.facetDistribution]));
  const today = epochDay(now);
  const hits = main!.hits.map((document) => {
    const formatted = document._formatted;
    const nameEn = typeof formatted?.name_en === "string" ? formatted.name_en : document.slug;
    const nameKo = typeof formatted?.name_ko === "string" ? formatted.name_ko : null;
    return toHit(
      { ...document, name_en: unmarked(nameEn), name_ko: nameKo === null ? null : unmarked(nameKo), geo: document._geo ?? null },
      {
        markedEn: nameEn.includes(HIGHLIGHT_PRE) ? nameEn : null,
        markedKo: nameKo?.includes(HIGHLIGHT_PRE) ? nameKo : null,
        snippet: pickSnippet(formatted, locale),
      },
      reference,
      origin,
      today
    );
  });
  const facets = facetsFromMeili(search, main!.facetDistribution, disjunctive);
  const total = main!.totalHits ?? hits.length;
  return { total, totalPages: main!.totalPages ?? Math.ceil(total / search.perPage), hits, facets, mapPoints };
}

// Fallback ---------------------------------------------------------------------------------------

type FallbackHit = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string | null;
  description_en: string | null;
  description_ko: string | null;
  employees: number | null;
  size_band: string;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  verified: boolean;
  is_fictional: boolean;
  completeness: number;
  region: string | null;
  cluster_id: string | null;
  geo: GeoPoint | null;
  process_codes: string[];
  certifications: CertificationLike[];
};

type FallbackResponse = {
  total: number;
  hits: FallbackHit[];
  facets: Record<string, Record<string, number>>;
};

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Marks the query's words in a text and crops around the first one; null when none occurs. */
export function markTerms(text: string, terms: string[], maxLength = 220): string | null {
  const words = terms.map((term) => term.trim()).filter((term) => term.length >= 2);
  if (words.length === 0) return null;
  const pattern = new RegExp(
    words
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|"),
    "giu"
  );
  const first = pattern.exec(text);
  if (!first) return null;
  const start = Math.max(0, first.index - 60);
  const end = Math.min(text.length, start + maxLength);
  const window = text.slice(start, end);
  const marked = window.replace(pattern, (match) => `${HIGHLIGHT_PRE}${match}${HIGHLIGHT_POST}`);
  return `${start > 0 ? "…" : ""}${marked}${end < text.length ? "…" : ""}`;
}

function fallbackFilters(search: SupplierSearch, centre: GeoPoint | null, origin: GeoPoint | null) {
  return {
    processes: search.process,
    materials: search.material,
    certifications: search.cert,
    include_expired: search.expired,
    clusters: search.cluster,
    regions: search.region,
    sizes: search.size,
    designated: search.designated,
    verified: search.verified,
    ...(centre && search.radiusKm !== null ? { geo: { lat: centre.lat, lng: centre.lng, radius_km: search.radiusKm } } : {}),
    ...(search.bbox ? { bbox: search.bbox } : {}),
    ...(origin ? { origin } : {}),
  };
}

async function searchWithPostgres(
  supabase: SupabaseClient,
  search: SupplierSearch,
  centre: GeoPoint | null,
  origin: GeoPoint | null,
  reference: ReferenceData,
  locale: "en" | "ko"
) {
  const { data, error } = await supabase.rpc("search_suppliers_fallback", {
    q: search.q,
    filters: fallbackFilters(search, centre, origin),
    sort: search.sort,
    page_number: search.page,
    page_size: search.perPage,
  });
  if (error || !data) throw new SearchUnavailableError(`Fallback search failed: ${error?.message ?? "no data"}`);
  const response = data as FallbackResponse;
  const today = epochDay(new Date());
  const words = search.q.split(/\s+/).filter(Boolean);
  const hits = response.hits.map((hit) => {
    const order: Array<"en" | "ko"> = locale === "ko" ? ["ko", "en"] : ["en", "ko"];
    let snippet: MarkedText | null = null;
    for (const lang of order) {
      const text = hit[`description_${lang}`];
      const marked = text ? markTerms(text, words) : null;
      if (marked) {
        snippet = { text: marked, lang };
        break;
      }
    }
    if (!snippet) {
      for (const lang of order) {
        const text = hit[`description_${lang}`];
        if (text) {
          snippet = { text: text.length > 220 ? `${text.slice(0, 220).trimEnd()}…` : text, lang };
          break;
        }
      }
    }
    return toHit(
      hit,
      { markedEn: markTerms(hit.name_en, words, 200), markedKo: hit.name_ko ? markTerms(hit.name_ko, words, 200) : null, snippet },
      reference,
      origin,
      today
    );
  });
  const source = response.facets;
  const facets: FacetCounts = {
    process: source.process_codes ?? {},
    material: source.material_codes ?? {},
    cert: source.certification_codes ?? {},
    cluster: source.cluster_slugs ?? {},
    region: source.regions ?? {},
    size: source.size_band ?? {},
    designated: source.defense_designated?.["true"] ?? 0,
    verified: source.verified?.["true"] ?? 0,
  };
  // Reduced mode maps the page of results only.
  const mapPoints: MapSupplierPoint[] = hits.flatMap((hit) =>
    hit.geo ? [{ id: hit.id, slug: hit.slug, name: { en: hit.name.en, ko: hit.name.ko }, ...hit.geo }] : []
  );
  return { total: response.total, totalPages: Math.ceil(response.total / search.perPage), hits, facets, mapPoints };
}

/**
 * Only the map's markers for a search: one Meilisearch query instead of the page's whole
 * multi-search. While Meilisearch is down this is the reduced search's page of results, as on the page.
 */
export async function searchSupplierMapPoints(
  context: { supabase: SupabaseClient; locale: "en" | "ko"; log?: SearchLogger },
  search: SupplierSearch
): Promise<MapSupplierPoint[]> {
  if (Date.now() >= meiliRetryAt) {
    const reference = await getReferenceData(context.supabase);
    const known = search.place?.kind !== "cluster" || reference.clustersBySlug.has(search.place.id);
    if (known) {
      const { centre } = resolveCentre(search, reference);
      const pointsQuery = buildSupplierQueries(search, centre, null, new Date(), { mapPoints: true }).at(-1)!;
      try {
        const { results } = await searchClient().multiSearch({ queries: [pointsQuery] });
        const response = results[0] as unknown as SearchResponse<SupplierDocument>;
        return mapPointsOf(response.hits);
      } catch {
        // searchSuppliers below notices the outage, logs it once and answers from PostgreSQL.
      }
    }
  }
  const result = await searchSuppliers({ ...context, mapPoints: true }, search);
  return result.mapPoints;
}

export type SearchLogger = (line: string) => void;
const defaultLog: SearchLogger = (line) => console.warn(`[search] ${line}`);

async function referenceFor(supabase: SupabaseClient, search: SupplierSearch) {
  const reference = await getReferenceData(supabase);
  // A cluster registered since the labels were cached: look again before calling the place unknown.
  if (search.place?.kind === "cluster" && !reference.clustersBySlug.has(search.place.id)) return getReferenceData(supabase, { fresh: true });
  return reference;
}

/** Throws SearchFieldError when the search names a place that does not exist (before running it). */
export async function validateSearchPlace(supabase: SupabaseClient, search: SupplierSearch) {
  resolveCentre(search, await referenceFor(supabase, search));
}

/**
 * Runs a validated search. Throws SearchFieldError for a search that names an unknown cluster
 * and SearchUnavailableError when neither Meilisearch nor PostgreSQL answers.
 */
export async function searchSuppliers(
  context: { supabase: SupabaseClient; locale: "en" | "ko"; log?: SearchLogger; mapPoints?: boolean },
  search: SupplierSearch
): Promise<SupplierSearchResult> {
  const log = context.log ?? defaultLog;
  const reference = await referenceFor(context.supabase, search);
  const { centre, origin } = resolveCentre(search, reference);
  const finish = (mode: "full" | "reduced", result: Awaited<ReturnType<typeof searchWithMeili>>): SupplierSearchResult => ({
    mode,
    total: result.total,
    page: search.page,
    perPage: search.perPage,
    totalPages: result.totalPages,
    hits: result.hits,
    facets: result.facets,
    labels: labelsFor(result.facets, result.hits, search, reference),
    origin,
    mapPoints: context.mapPoints ? result.mapPoints : [],
  });

  if (Date.now() >= meiliRetryAt) {
    try {
      const result = await searchWithMeili(search, centre, origin, reference, context.locale, Boolean(context.mapPoints));
      if (meiliWasDown) log("Meilisearch answers again; full search restored");
      meiliWasDown = false;
      return finish("full", result);
    } catch (error) {
      // A Meilisearch that is merely slow (busy machine) still answers the next search: only one
      // that is gone sends every search to PostgreSQL for a while. Sending them all there because
      // one search timed out turned a busy machine into a collapsed one.
      if (!isTimeout(error)) {
        meiliRetryAt = Date.now() + MEILI_RETRY_MS;
        if (!meiliWasDown) log(`Meilisearch did not answer (${describeError(error)}); using the PostgreSQL fallback`);
        meiliWasDown = true;
      }
    }
  }
  if (fallbackSearches >= MAX_FALLBACK_SEARCHES) throw new SearchUnavailableError("Too many fallback searches at once");
  fallbackSearches++;
  try {
    return finish("reduced", await searchWithPostgres(context.supabase, search, centre, origin, reference, context.locale));
  } catch (error) {
    log(`fallback search failed too: ${String((error as Error)?.message ?? error)}`);
    throw error instanceof SearchUnavailableError ? error : new SearchUnavailableError(String(error));
  } finally {
    fallbackSearches--;
  }
}

/** An error and what caused it, four deep at most. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current && chain.length < 4; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** The error and what caused it (a refused or reset connection says which), for the log. */
function describeError(error: unknown): string {
  const parts = causeChain(error).flatMap((current) => {
    const { message, code } = current as { message?: unknown; code?: unknown };
    return typeof message === "string" && message ? [typeof code === "string" ? `${message} [${code}]` : message] : [];
  });
  return parts.length ? parts.join(": ") : String(error);
}

/** The client reports a timeout as a failed request caused by a timeout. */
function isTimeout(error: unknown) {
  return causeChain(error).some((current) => current instanceof MeilisearchRequestTimeOutError);
}

/** For tests: forget a remembered outage so the next search tries Meilisearch at once. */
export function resetSearchCircuit() {
  meiliRetryAt = 0;
  meiliWasDown = false;
  meiliClient = null;
}
