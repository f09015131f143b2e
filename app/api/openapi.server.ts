import * as z from "zod";
import { supplierSearchSchema } from "~/search/query";
import { PROBLEM_KINDS, PROBLEM_TYPES, problemAnchor, type ProblemKind } from "./problem.server";
import {
  clusterMatchSchema,
  doc,
  fieldErrorSchema,
  importIssueSchema,
  importQuerySchema,
  importResponseSchema,
  locationSchema,
  matchRequestSchema,
  matchResponseSchema,
  matchResultSchema,
  needCreateSchema,
  needMatchesQuerySchema,
  needMatchesResponseSchema,
  needSchema,
  needSummarySchema,
  needsListQuerySchema,
  needsListResponseSchema,
  problemSchema,
  resolvedTermsSchema,
  supplierSchema,
  supplierSearchHitSchema,
  supplierSearchResponseSchema,
  taxonomyTermSchema,
} from "./schemas";
import { createTranslator } from "~/i18n";
import { IMPORT_MEDIA_TYPES } from "./import-media";

/*
 * The OpenAPI 3.1 document of API v1. Schemas come from the zod schemas the routes validate with
 * (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as is); paths, parameters and
 * responses are written here. Every text has an English `description` and a Korean
 * `x-description-ko` (summaries: `summary` / `x-summary-ko`) for the /api/docs page.
 */

export type JsonSchema = { [keyword: string]: unknown };
type Operation = { [field: string]: unknown };

const REF = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const requestSchemas: Record<string, z.ZodType> = {
  MatchRequest: matchRequestSchema,
  NeedCreateRequest: needCreateSchema,
  Location: locationSchema,
};

const responseSchemas: Record<string, z.ZodType> = {
  Problem: problemSchema,
  FieldError: fieldErrorSchema,
  TaxonomyTerm: taxonomyTermSchema,
  MatchResult: matchResultSchema,
  ClusterMatch: clusterMatchSchema,
  ResolvedTerms: resolvedTermsSchema,
  MatchResponse: matchResponseSchema,
  Need: needSchema,
  NeedSummary: needSummarySchema,
  NeedList: needsListResponseSchema,
  NeedMatches: needMatchesResponseSchema,
  Supplier: supplierSchema,
  SupplierSearchHit: supplierSearchHitSchema,
  SupplierSearchResponse: supplierSearchResponseSchema,
  ImportIssue: importIssueSchema,
  ImportResponse: importResponseSchema,
};

function stripIdentity(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function componentSchemas(): Record<string, JsonSchema> {
  const build = (schemas: Record<string, z.ZodType>, io: "input" | "output") => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
    const { schemas: out } = z.toJSONSchema(registry, {
      target: "draft-2020-12",
      io,
      uri: (id) => `#/components/schemas/${id}`,
    }) as { schemas: Record<string, JsonSchema> };
    return Object.fromEntries(Object.entries(out).map(([id, schema]) => [id, stripIdentity(schema)]));
  };
  return { ...build(requestSchemas, "input"), ...build(responseSchemas, "output") };
}

/** Query parameters from a strict object schema (input side: what a client writes in the URL). */
function queryParameters(schema: z.ZodType, texts: Record<string, readonly [string, string]> = {}): JsonSchema[] {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as JsonSchema & { properties?: Record<string, JsonSchema> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const {
      description,
      "x-description-ko": descriptionKo,
      ...rest
    } = property as JsonSchema & { description?: string; "x-description-ko"?: string };
    const text = texts[name];
    const isList = rest.type === "array";
    return {
      name,
      in: "query",
      required: false,
      ...(text ? doc(text[0], text[1]) : description ? { description, "x-description-ko": descriptionKo ?? description } : {}),
      schema: rest,
      ...(isList ? { style: "form", explode: true, "x-comma-separated": true } : {}),
    };
  });
}

const ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  ...doc("The id (UUID).", "ID (UUID)."),
  schema: { type: "string", format: "uuid" },
};

const ORGANIZATION_PARAMETER = {
  name: "organization_id",
  in: "query",
  required: false,
  ...doc(
    "Signed-in users who administer several eligible organizations name the one to act for. An API key always acts for its own organization.",
    "자격 있는 조직을 여럿 관리하는 로그인 사용자가 대신할 조직을 지정합니다. API 키는 항상 자기 조직으로 동작합니다.",
  ),
  schema: { type: "string", format: "uuid" },
};

const SEARCH_PARAMETER_TEXTS: Record<string, readonly [string, string]> = {
  q: ["Words to search for, in English or Korean (typos tolerated).", "검색어 (영어 또는 한국어, 오타 허용)."],
  process: ["Process codes; a supplier must have all of them.", "공정 코드. 모두 보유한 업체만."],
  material: ["Material codes; a supplier must work with all of them.", "재료 코드. 모두 다루는 업체만."],
  cert: [
    "Certification type codes; a supplier must hold all of them, unexpired unless `expired=1`.",
    "인증 유형 코드. 모두 보유 (만료 제외, `expired=1`이면 포함).",
  ],
  cluster: ["Cluster slugs; any of them.", "클러스터 슬러그 (하나라도)."],
  region: ["Region codes; any of them.", "지역 코드 (하나라도)."],
  size: ["Company size bands; any of them.", "기업 규모 (하나라도)."],
  designated: ["Only designated defense companies (방산업체 지정).", "방산업체 지정 업체만."],
  verified: ["Only profiles verified by their cluster or the platform.", "검증된 프로필만."],
  expired: ["Let expired certificates count for `cert`.", "`cert` 필터에 만료 인증도 포함."],
  place: ["Centre of a radius search: `city:<id>` or `cluster:<slug>`.", "반경 검색 중심: `city:<id>` 또는 `cluster:<slug>`."],
  lat: ["Latitude of the centre (with `lng`).", "중심 위도 (`lng`와 함께)."],
  lng: ["Longitude of the centre (with `lat`).", "중심 경도 (`lat`와 함께)."],
  radius_km: ["Radius around the centre, in km (default 50).", "중심 기준 반경 km (기본 50)."],
  bbox: ["Only sites inside `south,west,north,east`.", "`south,west,north,east` 영역 안의 사업장만."],
  sort: [
    "`relevance` (default), `distance` (needs a centre or bbox) or `completeness`.",
    "`relevance`(기본), `distance`(중심 필요), `completeness`.",
  ],
  page: ["Page number, from 1.", "페이지 번호 (1부터)."],
  per_page: ["Results per page (1–100, default 20).", "페이지당 결과 수 (1–100, 기본 20)."],
};

const NEEDS_PARAMETER_TEXTS: Record<string, readonly [string, string]> = {
  q: ["Words in the title, description, program or platform.", "제목·설명·사업·플랫폼의 단어."],
  kind: ["Kinds of need; any of them.", "수요 유형 (하나라도)."],
  status: ["Statuses; any of them. Default: every status you may see.", "상태 (하나라도). 기본값: 볼 수 있는 모든 상태."],
  process: ["Process codes the need requires or prefers; all of them.", "수요가 요구·우대하는 공정 코드 (모두)."],
  offset_eligible: ["Only needs that earn offset credit.", "절충교역 실적 인정 수요만."],
  organization_id: ["Only this contractor's needs.", "이 계약업체의 수요만."],
  mine: ["Only your organization's needs.", "내 조직의 수요만."],
  page: ["Page number, from 1.", "페이지 번호 (1부터)."],
  per_page: ["Needs per page (1–100, default 20).", "페이지당 수요 수 (1–100, 기본 20)."],
};

const RESPONSE_TEXTS: Record<ProblemKind, readonly [string, string]> = {
  validation_failed: ["A parameter or field is invalid; `errors` names each.", "매개변수나 필드가 올바르지 않음. `errors`에 각 항목."],
  invalid_json: ["The body is not valid JSON.", "본문이 올바른 JSON이 아님."],
  unauthorized: ["This operation needs an API key or a signed-in session.", "API 키나 로그인이 필요함."],
  invalid_api_key: ["The API key is malformed, unknown or revoked.", "API 키가 형식 오류이거나 없거나 폐기됨."],
  forbidden: ["Your organization may not do this.", "조직에 허용되지 않은 작업."],
  cross_site: ["A cookie-authenticated write came from another site.", "다른 사이트에서 온 쿠키 인증 쓰기 요청."],
  not_found: ["No such resource, or not visible to you.", "리소스가 없거나 볼 권한이 없음."],
  method_not_allowed: ["The method is not supported here; see `Allow`.", "지원하지 않는 메서드 (`Allow` 참조)."],
  conflict: ["The request conflicts with the current state.", "현재 상태와 충돌."],
  payload_too_large: ["The body is larger than this operation accepts.", "본문이 허용 크기보다 큼."],
  unsupported_media_type: ["The body's Content-Type is not accepted here.", "허용되지 않는 Content-Type."],
  unprocessable: ["The request is well-formed but cannot be carried out; `errors` says why.", "형식은 맞지만 처리할 수 없음. `errors` 참조."],
  rate_limited: ["Too many requests; wait `Retry-After` seconds.", "요청이 너무 많음. `Retry-After`초 후 다시 시도."],
  internal_error: ["Unexpected server error.", "예기치 못한 서버 오류."],
  service_unavailable: ["A service the API depends on is unavailable; try again shortly.", "의존 서비스 일시 중단. 잠시 후 다시 시도."],
};

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { ...doc("Requests the bucket holds.", "버킷 용량."), schema: { type: "integer" } },
  "RateLimit-Remaining": { ...doc("Requests left right now.", "남은 요청 수."), schema: { type: "integer" } },
  "RateLimit-Reset": { ...doc("Seconds until the bucket is full again.", "버킷이 다시 찰 때까지 초."), schema: { type: "integer" } },
};

function problemResponse(kinds: ProblemKind[]) {
  const [first] = kinds;
  const texts = kinds.map((kind) => RESPONSE_TEXTS[kind]);
  return {
    description: texts.map((text) => text[0]).join(" / "),
    "x-description-ko": texts.map((text) => text[1]).join(" / "),
    "x-problem-types": kinds.map((kind) => problemAnchor(kind)),
    ...(first === "rate_limited"
      ? { headers: { ...RATE_LIMIT_HEADERS, "Retry-After": { ...doc("Seconds to wait.", "기다릴 초."), schema: { type: "integer" } } } }
      : first === "method_not_allowed"
      ? { headers: { Allow: { ...doc("Methods this path supports.", "지원하는 메서드."), schema: { type: "string" } } } }
      : {}),
    content: { "application/problem+json": { schema: REF("Problem") } },
  };
}

function jsonResponse(schemaName: string, en: string, ko: string, extra: Record<string, unknown> = {}) {
  return { ...doc(en, ko), headers: RATE_LIMIT_HEADERS, content: { "application/json": { schema: REF(schemaName) } }, ...extra };
}

const commonErrors = {
  "401": problemResponse(["invalid_api_key", "unauthorized"]),
  "405": problemResponse(["method_not_allowed"]),
  "429": problemResponse(["rate_limited"]),
  "500": problemResponse(["internal_error"]),
  "503": problemResponse(["service_unavailable"]),
};

const bodyErrors = {
  "400": problemResponse(["validation_failed", "invalid_json"]),
  "403": problemResponse(["forbidden", "cross_site"]),
  "413": problemResponse(["payload_too_large"]),
  "415": problemResponse(["unsupported_media_type"]),
};

const PUBLIC_SECURITY = [{ apiKey: [] }, { session: [] }, {}];
const AUTHENTICATED_SECURITY = [{ apiKey: [] }, { session: [] }];

function op(summary: [string, string], description: [string, string], rest: Operation): Operation {
  return { summary: summary[0], "x-summary-ko": summary[1], description: description[0], "x-description-ko": description[1], ...rest };
}

function paths(): Record<string, Record<string, Operation>> {
  return {
    "/suppliers": {
      get: op(
        ["Search suppliers", "공급업체 검색"],
        [
          "Full-text and faceted search over published supplier profiles, in English and Korean, with filters by process, material, certification, cluster, region, size and distance. Open to anonymous callers.",
          "공개된 공급업체 프로필을 영어·한국어로 검색합니다. 공정·재료·인증·클러스터·지역·규모·거리로 필터링할 수 있습니다. 익명 호출 가능.",
        ],
        {
          operationId: "searchSuppliers",
          tags: ["suppliers"],
          security: PUBLIC_SECURITY,
          parameters: queryParameters(supplierSearchSchema, SEARCH_PARAMETER_TEXTS),
          responses: {
            "200": jsonResponse("SupplierSearchResponse", "One page of results with facet counts.", "결과 한 페이지와 필터별 개수."),
            "400": problemResponse(["validation_failed"]),
            ...commonErrors,
          },
        }
      ),
    },
    "/suppliers/{id}": {
      get: op(
        ["Get a supplier", "공급업체 조회"],
        [
          "A supplier's whole capability profile: processes, materials, certifications with expiry and verification, equipment and sites. Unpublished profiles are visible only to those RLS lets see them.",
          "공급업체의 전체 역량 프로필 (공정, 재료, 인증 및 만료·검증 상태, 설비, 사업장). 비공개 프로필은 권한이 있는 경우에만 보입니다.",
        ],
        {
          operationId: "getSupplier",
          tags: ["suppliers"],
          security: PUBLIC_SECURITY,
          parameters: [ID_PARAMETER],
          responses: {
            "200": jsonResponse("Supplier", "The supplier.", "공급업체."),
            "404": problemResponse(["not_found"]),
            ...commonErrors,
          },
        }
      ),
    },
    "/match": {
      post: op(
        ["Match suppliers to a need", "수요에 맞는 공급업체 찾기"],
        [
          "Ranks suppliers for a need described in the body, without saving it. Terms may be codes, labels or synonyms in either language; unknown terms are a 422 naming each. Suppliers missing a required certification are not hidden but rank below all who hold them. Needs an API key or a session.",
          "본문에 설명한 수요(저장하지 않음)에 맞는 공급업체 순위를 매깁니다. 용어는 코드, 영문·국문 명칭, 동의어 모두 가능하며 알 수 없는 용어는 422로 알려줍니다. 필수 인증이 없는 업체도 숨기지 않고 보유 업체 아래에 둡니다. API 키나 로그인 필요.",
        ],
        {
          operationId: "matchSuppliers",
          tags: ["matching"],
          security: AUTHENTICATED_SECURITY,
          requestBody: { required: true, content: { "application/json": { schema: REF("MatchRequest") } } },
          responses: {
            "200": jsonResponse("MatchResponse", "Ranked suppliers with scores and reasons.", "점수와 근거가 포함된 공급업체 순위."),
            ...bodyErrors,
            "422": problemResponse(["unprocessable"]),
            ...commonErrors,
          },
        }
      ),
    },
    "/needs": {
      get: op(
        ["List needs", "수요 목록"],
        [
          "Needs visible to the caller, newest first: public open needs for everyone; needs for registered users to any signed-in caller; invited-only and export-controlled needs only to their owner and invited SMEs; drafts only to their owner.",
          "호출자가 볼 수 있는 수요 (최신순). 공개 수요는 누구나, 회원 공개는 로그인 사용자, 초청·수출통제 수요는 소유자와 초청된 중소기업만, 초안은 소유자만 볼 수 있습니다.",
        ],
        {
          operationId: "listNeeds",
          tags: ["needs"],
          security: PUBLIC_SECURITY,
          parameters: queryParameters(needsListQuerySchema, NEEDS_PARAMETER_TEXTS),
          responses: {
            "200": jsonResponse("NeedList", "One page of needs.", "수요 한 페이지."),
            "400": problemResponse(["validation_failed"]),
            ...commonErrors,
          },
        }
      ),
      post: op(
        ["Post a need", "수요 등록"],
        [
          "Creates a need for the API key's contractor organization (as a draft unless `status` is `open`). Terms may be codes, labels or synonyms in either language.",
          "API 키의 계약업체 조직으로 수요를 등록합니다 (`status`가 `open`이 아니면 초안). 용어는 코드, 명칭, 동의어 모두 가능합니다.",
        ],
        {
          operationId: "createNeed",
          tags: ["needs"],
          security: AUTHENTICATED_SECURITY,
          parameters: [ORGANIZATION_PARAMETER],
          requestBody: { required: true, content: { "application/json": { schema: REF("NeedCreateRequest") } } },
          responses: {
            "201": jsonResponse("Need", "The need as stored; `Location` names it.", "저장된 수요. `Location` 헤더에 주소.", {
              headers: { ...RATE_LIMIT_HEADERS, Location: { ...doc("The need's page.", "수요 페이지."), schema: { type: "string" } } },
            }),
            ...bodyErrors,
            "422": problemResponse(["unprocessable"]),
            ...commonErrors,
          },
        }
      ),
    },
    "/needs/{id}/matches": {
      get: op(
        ["Match suppliers to a saved need", "등록된 수요의 공급업체 매칭"],
        [
          "Ranked suppliers (and clusters, for localization and division hosting) for one of your organization's needs.",
          "내 조직 수요에 대한 공급업체 순위 (국산화·사업부 유치는 클러스터 포함).",
        ],
        {
          operationId: "getNeedMatches",
          tags: ["needs", "matching"],
          security: AUTHENTICATED_SECURITY,
          parameters: [ID_PARAMETER, ...queryParameters(needMatchesQuerySchema)],
          responses: {
            "200": jsonResponse("NeedMatches", "Ranked suppliers with scores and reasons.", "점수와 근거가 포함된 공급업체 순위."),
            "400": problemResponse(["validation_failed"]),
            "403": problemResponse(["forbidden"]),
            "404": problemResponse(["not_found"]),
            ...commonErrors,
          },
        }
      ),
    },
    "/import": {
      post: op(
        ["Import suppliers", "공급업체 가져오기"],
        [
          "Creates or updates supplier profiles from the interchange format, one supplier per JSON line (the same format as the file import). Re-importing the same data changes nothing. With `dry_run=true` the file is checked and reported, nothing is written. For cluster authority and platform organizations.",
          "교환 형식(한 줄에 공급업체 하나인 JSON Lines)으로 공급업체 프로필을 만들거나 갱신합니다. 같은 데이터를 다시 가져오면 아무것도 바뀌지 않습니다. `dry_run=true`이면 검사·보고만 하고 저장하지 않습니다. 클러스터 관리기관과 플랫폼 조직용.",
        ],
        {
          operationId: "importSuppliers",
          tags: ["import"],
          security: AUTHENTICATED_SECURITY,
          parameters: [...queryParameters(importQuerySchema), ORGANIZATION_PARAMETER],
          requestBody: {
            required: true,
            ...doc("JSON Lines: one interchange-format object per line.", "JSON Lines: 줄마다 교환 형식 객체 하나."),
            content: Object.fromEntries(IMPORT_MEDIA_TYPES.map((type) => [type, { schema: { type: "string" } }])),
          },
          responses: {
            "200": jsonResponse(
              "ImportResponse",
              "The run's counts and every issue, in English and Korean.",
              "실행 결과 건수와 모든 문제 (영어·한국어)."
            ),
            ...bodyErrors,
            ...commonErrors,
          },
        }
      ),
    },
    "/openapi.json": {
      get: op(["This document", "이 문서"], ["The OpenAPI 3.1 description of API v1.", "API v1의 OpenAPI 3.1 명세."], {
        operationId: "getOpenApiDocument",
        tags: ["meta"],
        security: [{}],
        responses: {
          "200": {
            ...doc("The document.", "문서."),
            content: { "application/json": { schema: { type: "object", required: ["openapi", "info", "paths"] } } },
          },
          ...commonErrors,
        },
      }),
    },
  };
}

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: Record<string, unknown>;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  tags: Array<Record<string, string>>;
  "x-problem-types": Array<{ anchor: string; kind: ProblemKind; status: number; title_en: string; title_ko: string; type: string }>;
};

const cache = new Map<string, OpenApiDocument>();

export function buildOpenApiDocument(siteUrl: string): OpenApiDocument {
  const cached = cache.get(siteUrl);
  if (cached) return cached;
  const en = createTranslator("en");
  const ko = createTranslator("ko");
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: "ClusterMatch API",
      version: "1.0.0",
      ...doc(
        "Find Korean defense suppliers, match them to offset work, post needs and import supplier data. JSON over HTTPS; errors are RFC 9457 problem details; requests are rate-limited per API key and per client address.",
        "한국 방산 공급업체 검색, 절충교역 작업 매칭, 수요 등록, 공급업체 데이터 가져오기. HTTPS 위의 JSON이며 오류는 RFC 9457 문제 세부정보로 응답하고, API 키와 클라이언트 주소별로 요청 수를 제한합니다."
      ),
    },
    servers: [{ url: new URL("/api/v1", siteUrl).href }],
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "cm_live_<id>_<secret>",
          ...doc(
            "An organization's API key, created by an admin under Settings → API keys: `Authorization: Bearer cm_live_…`. The key acts with the organization's visibility.",
            "조직 관리자가 설정 → API 키에서 만든 키: `Authorization: Bearer cm_live_…`. 키는 조직의 권한으로 동작합니다."
          ),
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "sb-auth-token",
          ...doc("The site's own sign-in session (for the site's pages).", "사이트 로그인 세션 (사이트 자체 요청용)."),
        },
      },
    },
    tags: [
      { name: "suppliers", ...doc("Supplier profiles.", "공급업체 프로필.") },
      { name: "matching", ...doc("Ranking suppliers for work.", "작업에 맞는 공급업체 순위.") },
      { name: "needs", ...doc("Contractors' needs.", "계약업체 수요.") },
      { name: "import", ...doc("Bulk supplier data.", "공급업체 일괄 데이터.") },
      { name: "meta", ...doc("About the API.", "API 정보.") },
    ] as Array<Record<string, string>>,
    "x-problem-types": PROBLEM_KINDS.map((kind) => ({
      anchor: problemAnchor(kind),
      kind,
      status: PROBLEM_TYPES[kind].status,
      title_en: en(PROBLEM_TYPES[kind].title),
      title_ko: ko(PROBLEM_TYPES[kind].title),
      type: new URL(`/api/docs#${problemAnchor(kind)}`, siteUrl).href,
    })),
  };
  cache.set(siteUrl, document);
  return document;
}
