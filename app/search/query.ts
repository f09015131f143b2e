/**
 * The supplier search query: one schema for the search page's URL and for GET /api/v1/suppliers,
 * so a shared link, the page's own fetches and API clients all mean the same thing.
 * Plain module: the browser uses it to build URLs, the server to validate them.
 */
import * as z from "zod";
import { MIN_RADIUS_KM, roundDegrees } from "~/utils/coordinates";

export const SORTS = ["relevance", "distance", "completeness"] as const;
export type SearchSort = (typeof SORTS)[number];

export const SIZE_BANDS = ["micro", "small", "medium", "large", "unknown"] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** Employees → band; mirrors private.company_size_band() in the search migration. */
export function sizeBandOf(employees: number | null | undefined): SizeBand {
  if (employees === null || employees === undefined) return "unknown";
  if (employees < 10) return "micro";
  if (employees < 50) return "small";
  if (employees < 300) return "medium";
  return "large";
}

export const REGIONS = {
  seoul: { en: "Seoul", ko: "서울" },
  busan: { en: "Busan", ko: "부산" },
  daegu: { en: "Daegu", ko: "대구" },
  incheon: { en: "Incheon", ko: "인천" },
  gwangju: { en: "Gwangju", ko: "광주" },
  daejeon: { en: "Daejeon", ko: "대전" },
  ulsan: { en: "Ulsan", ko: "울산" },
  sejong: { en: "Sejong", ko: "세종" },
  gyeonggi: { en: "Gyeonggi", ko: "경기" },
  gangwon: { en: "Gangwon", ko: "강원" },
  chungbuk: { en: "North Chungcheong", ko: "충북" },
  chungnam: { en: "South Chungcheong", ko: "충남" },
  jeonbuk: { en: "North Jeolla", ko: "전북" },
  jeonnam: { en: "South Jeolla", ko: "전남" },
  gyeongbuk: { en: "North Gyeongsang", ko: "경북" },
  gyeongnam: { en: "South Gyeongsang", ko: "경남" },
  jeju: { en: "Jeju", ko: "제주" },
} as const satisfies Record<string, { en: string; ko: string }>;
export type RegionCode = keyof typeof REGIONS;
export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

/**
 * Places a user can pick as the centre of a radius search without knowing coordinates: the
 * industrial anchors named in the domain primer. Clusters come from the database as
 * `cluster:<slug>`; these are `city:<id>`.
 */
export const CITIES = {
  seoul: { en: "Seoul", ko: "서울", lat: 37.5665, lng: 126.978 },
  busan: { en: "Busan", ko: "부산", lat: 35.1796, lng: 129.0756 },
  daegu: { en: "Daegu", ko: "대구", lat: 35.8714, lng: 128.6014 },
  incheon: { en: "Incheon", ko: "인천", lat: 37.4563, lng: 126.7052 },
  gwangju: { en: "Gwangju", ko: "광주", lat: 35.1595, lng: 126.8526 },
  daejeon: { en: "Daejeon", ko: "대전", lat: 36.3504, lng: 127.3845 },
  ulsan: { en: "Ulsan", ko: "울산", lat: 35.5384, lng: 129.3114 },
  changwon: { en: "Changwon", ko: "창원", lat: 35.228, lng: 128.6811 },
  sacheon: { en: "Sacheon", ko: "사천", lat: 35.0037, lng: 128.0642 },
  jinju: { en: "Jinju", ko: "진주", lat: 35.18, lng: 128.1076 },
  gimhae: { en: "Gimhae", ko: "김해", lat: 35.2285, lng: 128.8894 },
  geoje: { en: "Geoje", ko: "거제", lat: 34.8806, lng: 128.6211 },
  gumi: { en: "Gumi", ko: "구미", lat: 36.1195, lng: 128.3446 },
  pohang: { en: "Pohang", ko: "포항", lat: 36.019, lng: 129.3435 },
  nonsan: { en: "Nonsan", ko: "논산", lat: 36.1872, lng: 127.0987 },
  cheongju: { en: "Cheongju", ko: "청주", lat: 36.6424, lng: 127.489 },
  jeonju: { en: "Jeonju", ko: "전주", lat: 35.8242, lng: 127.148 },
} as const satisfies Record<string, { en: string; ko: string; lat: number; lng: number }>;
export type CityId = keyof typeof CITIES;

export const RADIUS_CHOICES_KM = [10, 25, 50, 100, 200] as const;
export const DEFAULT_RADIUS_KM = 50;
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
export const MAX_PAGE = 250;
export const MAX_QUERY_LENGTH = 200;
const MAX_VALUES_PER_FILTER = 20;

/** Every message is an i18n key; the page and the API translate it for the requester. */
const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const codeList = (message: string) =>
  z.array(z.string().max(60).regex(CODE, { error: message })).max(MAX_VALUES_PER_FILTER, { error: "search.error.too_many_values" });

const flag = z
  .enum(["1", "0", "true", "false", "on", ""], { error: "search.error.flag" })
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "on");

/** A number given as text; anything that is not one gets the field's own message. */
const optionalNumber = (schema: z.ZodNumber, message: string) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === "") return undefined;
      const parsed = Number(value);
      const checked = schema.safeParse(parsed);
      if (!Number.isFinite(parsed) || !checked.success) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return checked.data;
    });

const bboxSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === "") return undefined;
    const parts = value.split(",").map((part) => roundDegrees(Number(part.trim())));
    const [south, west, north, east] = parts;
    if (
      parts.length !== 4 ||
      parts.some((part) => !Number.isFinite(part)) ||
      south! < -90 ||
      north! > 90 ||
      south! >= north! ||
      west! < -180 ||
      west! > 180 ||
      east! < -180 ||
      east! > 180
    ) {
      context.addIssue({ code: "custom", message: "search.error.bbox" });
      return z.NEVER;
    }
    return { south: south!, west: west!, north: north!, east: east! };
  });

const placeSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value === "") return undefined;
    const match = /^(city|cluster):([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)$/.exec(value);
    if (!match || (match[1] === "city" && !Object.prototype.hasOwnProperty.call(CITIES, match[2]!))) {
      context.addIssue({ code: "custom", message: "search.error.place" });
      return z.NEVER;
    }
    return { kind: match[1] as "city" | "cluster", id: match[2]! };
  });

export const supplierSearchSchema = z
  .object({
    q: z
      .string()
      .max(MAX_QUERY_LENGTH, { error: "search.error.query_too_long" })
      .optional()
      .transform((value) =>
        (value ?? "")
          .replace(/[\u0000-\u001f\u007f\uE000\uE001]/g, " ")
          .replace(/\s+/g, " ")
          .trim()
      ),
    process: codeList("search.error.code"),
    material: codeList("search.error.code"),
    cert: codeList("search.error.code"),
    cluster: codeList("search.error.code"),
    region: z.array(z.enum(REGION_CODES as [RegionCode, ...RegionCode[]], { error: "search.error.region" })).max(MAX_VALUES_PER_FILTER, {
      error: "search.error.too_many_values",
    }),
    size: z.array(z.enum(SIZE_BANDS, { error: "search.error.size" })).max(SIZE_BANDS.length, { error: "search.error.too_many_values" }),
    designated: flag,
    verified: flag,
    expired: flag,
    place: placeSchema,
    lat: optionalNumber(z.number().min(-90).max(90).overwrite(roundDegrees), "search.error.lat"),
    lng: optionalNumber(z.number().min(-180).max(180).overwrite(roundDegrees), "search.error.lng"),
    radius_km: optionalNumber(z.number().min(MIN_RADIUS_KM).max(1000), "search.error.radius"),
    bbox: bboxSchema,
    sort: z.enum(SORTS, { error: "search.error.sort" }).optional(),
    page: optionalNumber(z.number().int().min(1).max(MAX_PAGE), "search.error.page"),
    per_page: optionalNumber(z.number().int().min(1).max(MAX_PER_PAGE), "search.error.per_page"),
  })
  .superRefine((value, context) => {
    if ((value.lat === undefined) !== (value.lng === undefined)) {
      context.addIssue({ code: "custom", path: [value.lat === undefined ? "lat" : "lng"], message: "search.error.lat_lng_pair" });
    }
    if (value.place && value.lat !== undefined) {
      context.addIssue({ code: "custom", path: ["place"], message: "search.error.place_and_point" });
    }
    if (value.bbox && (value.place || value.lat !== undefined)) {
      context.addIssue({ code: "custom", path: ["bbox"], message: "search.error.bbox_and_point" });
    }
    if (value.radius_km !== undefined && !value.place && value.lat === undefined) {
      context.addIssue({ code: "custom", path: ["radius_km"], message: "search.error.radius_without_point" });
    }
    if (value.sort === "distance" && !value.place && value.lat === undefined && !value.bbox) {
      context.addIssue({ code: "custom", path: ["sort"], message: "search.error.sort_needs_point" });
    }
  });

export type GeoPoint = { lat: number; lng: number };
export type BoundingBox = { south: number; west: number; north: number; east: number };
export type Place = { kind: "city" | "cluster"; id: string };

/** A validated search, normalised: defaults filled, lists de-duplicated and sorted. */
export type SupplierSearch = {
  q: string;
  process: string[];
  material: string[];
  cert: string[];
  cluster: string[];
  region: RegionCode[];
  size: SizeBand[];
  designated: boolean;
  verified: boolean;
  expired: boolean;
  place: Place | null;
  point: GeoPoint | null;
  radiusKm: number | null;
  bbox: BoundingBox | null;
  sort: SearchSort;
  page: number;
  perPage: number;
};

export type FieldErrors = Record<string, string>;
export type ParseResult = { success: true; search: SupplierSearch } | { success: false; fieldErrors: FieldErrors };

const LIST_FIELDS = ["process", "material", "cert", "cluster", "region", "size"] as const;
const SCALAR_FIELDS = ["q", "designated", "verified", "expired", "place", "lat", "lng", "radius_km", "bbox", "sort", "page", "per_page"] as const;

function uniqueSorted<T extends string>(values: T[]): T[] {
  return [...new Set(values)].sort();
}

/** Parses URL search parameters (page URL or API). Unknown parameters are ignored. */
export function parseSupplierSearch(params: URLSearchParams): ParseResult {
  const raw: Record<string, unknown> = {};
  for (const field of LIST_FIELDS) {
    // Both `process=a&process=b` and `process=a,b` (friendlier for API clients).
    raw[field] = params
      .getAll(field)
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter((value) => value !== "");
  }
  const fieldErrors: FieldErrors = {};
  for (const field of SCALAR_FIELDS) {
    const values = params.getAll(field);
    if (values.length > 1) fieldErrors[field] = "search.error.repeated";
    if (values.length > 0) raw[field] = values[0];
  }
  const parsed = supplierSearchSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "query");
      fieldErrors[field] ??= issue.message.startsWith("search.error.") ? issue.message : "search.error.invalid";
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { success: false, fieldErrors };
  const value = parsed.data;
  const point = value.lat !== undefined && value.lng !== undefined ? { lat: value.lat, lng: value.lng } : null;
  const hasCentre = Boolean(point || value.place);
  return {
    success: true,
    search: {
      q: value.q,
      process: uniqueSorted(value.process),
      material: uniqueSorted(value.material),
      cert: uniqueSorted(value.cert),
      cluster: uniqueSorted(value.cluster),
      region: uniqueSorted(value.region),
      size: uniqueSorted(value.size),
      designated: value.designated,
      verified: value.verified,
      expired: value.expired,
      place: value.place ?? null,
      point,
      radiusKm: hasCentre ? value.radius_km ?? DEFAULT_RADIUS_KM : null,
      bbox: value.bbox ?? null,
      sort: value.sort ?? "relevance",
      page: value.page ?? 1,
      perPage: value.per_page ?? DEFAULT_PER_PAGE,
    },
  };
}

export const EMPTY_SEARCH: SupplierSearch = {
  q: "",
  process: [],
  material: [],
  cert: [],
  cluster: [],
  region: [],
  size: [],
  designated: false,
  verified: false,
  expired: false,
  place: null,
  point: null,
  radiusKm: null,
  bbox: null,
  sort: "relevance",
  page: 1,
  perPage: DEFAULT_PER_PAGE,
};

function roundCoordinate(value: number) {
  return String(Math.round(value * 1e5) / 1e5);
}

/**
 * The canonical URL parameters of a search: defaults left out, lists in a stable order, so equal
 * searches have equal URLs (shareable, cacheable) and parse back to the same search.
 */
export function serializeSupplierSearch(search: SupplierSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  for (const field of LIST_FIELDS) for (const value of uniqueSorted([...search[field]] as string[])) params.append(field, value);
  if (search.designated) params.set("designated", "1");
  if (search.verified) params.set("verified", "1");
  if (search.expired) params.set("expired", "1");
  if (search.place) params.set("place", `${search.place.kind}:${search.place.id}`);
  if (search.point) {
    params.set("lat", roundCoordinate(search.point.lat));
    params.set("lng", roundCoordinate(search.point.lng));
  }
  if ((search.place || search.point) && search.radiusKm !== null) params.set("radius_km", String(search.radiusKm));
  if (search.bbox) {
    params.set("bbox", [search.bbox.south, search.bbox.west, search.bbox.north, search.bbox.east].map(roundCoordinate).join(","));
  }
  if (search.sort !== "relevance") params.set("sort", search.sort);
  if (search.page !== 1) params.set("page", String(search.page));
  if (search.perPage !== DEFAULT_PER_PAGE) params.set("per_page", String(search.perPage));
  return params;
}

/** A changed copy; any change other than the page returns to page 1. */
export function withSearch(search: SupplierSearch, change: Partial<SupplierSearch>): SupplierSearch {
  const next = { ...search, ...change };
  if (!("page" in change)) next.page = 1;
  if (next.sort === "distance" && !next.place && !next.point && !next.bbox) next.sort = "relevance";
  if (!next.place && !next.point) next.radiusKm = null;
  else if (next.radiusKm === null) next.radiusKm = DEFAULT_RADIUS_KM;
  return next;
}

export function hasActiveFilters(search: SupplierSearch): boolean {
  return (
    LIST_FIELDS.some((field) => search[field].length > 0) ||
    search.designated ||
    search.verified ||
    search.expired ||
    Boolean(search.place || search.point || search.bbox)
  );
}

export function bboxCentre(bbox: BoundingBox): GeoPoint {
  const west = bbox.west;
  const east = bbox.east >= west ? bbox.east : bbox.east + 360;
  const lng = (west + east) / 2;
  return { lat: (bbox.south + bbox.north) / 2, lng: lng > 180 ? lng - 360 : lng };
}

// Results ------------------------------------------------------------------------------------

export type FacetName = "process" | "material" | "cert" | "cluster" | "region" | "size";
export type FacetCounts = Record<FacetName, Record<string, number>> & { designated: number; verified: number };

export type Bilingual = { en: string; ko: string };

export type SupplierCertification = {
  code: string;
  label: Bilingual;
  verified: boolean;
  expired: boolean;
  expiresOn: string | null;
};

/** Text with highlight markers (HIGHLIGHT_PRE/POST), split safely by the page. */
export type MarkedText = { text: string; lang: "en" | "ko" };

export type SupplierHit = {
  id: string;
  slug: string;
  name: Bilingual & { markedEn: string | null; markedKo: string | null };
  isFictional: boolean;
  snippet: MarkedText | null;
  processes: Array<{ code: string; label: Bilingual }>;
  certifications: SupplierCertification[];
  region: RegionCode | null;
  cluster: { slug: string; name: Bilingual } | null;
  employees: number | null;
  sizeBand: SizeBand;
  designated: boolean;
  securityAssessed: boolean;
  verified: boolean;
  completeness: number;
  geo: GeoPoint | null;
  distanceKm: number | null;
};

export type SearchPlaceOption = { value: string; label: Bilingual; lat: number; lng: number; group: "cluster" | "city" };

export type SupplierSearchResult = {
  /** "full": Meilisearch; "reduced": the PostgreSQL fallback. */
  mode: "full" | "reduced";
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  hits: SupplierHit[];
  facets: FacetCounts;
  /** Labels for every facet value shown, in both languages. */
  labels: Record<"process" | "material" | "cert" | "cluster", Record<string, Bilingual>>;
  /** The centre used for distances, when there is one. */
  origin: GeoPoint | null;
  /** Primary sites of all matching suppliers (up to MAP_POINT_LIMIT), when asked for: the map. */
  mapPoints: MapSupplierPoint[];
};

export type MapSupplierPoint = { id: string; slug: string; name: Bilingual; lat: number; lng: number };
export const MAP_POINT_LIMIT = 1000;

/** Private-use characters: they never occur in indexed text (the indexer strips them). */
export const HIGHLIGHT_PRE = "\uE000";
export const HIGHLIGHT_POST = "\uE001";
