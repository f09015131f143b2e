/**
 * Every input and output of the public API v1 as zod schemas. Routes validate with them, and
 * the OpenAPI document (openapi.server.ts) is generated from them with z.toJSONSchema, so the
 * document cannot drift from what the code accepts; the contract tests check that what the code
 * answers fits it. Descriptions carry an English text and a Korean one (x-description-ko) for the
 * /api/docs page. Plain module: no server imports.
 */
import * as z from "zod";
import { NEED_KINDS } from "~/matching/types";
import { MAX_TERMS } from "~/needs/schema";
import { NEED_STATUSES, NEED_VISIBILITIES } from "~/needs/types";
import { MAX_PER_PAGE, REGION_CODES, SIZE_BANDS, type RegionCode } from "~/search/query";
import { MIN_RADIUS_KM, roundDegrees } from "~/utils/coordinates";

export const doc = (en: string, ko: string) => ({ description: en, "x-description-ko": ko });

export const VERIFICATION_STATUSES = ["unverified", "pending", "verified", "rejected"] as const;
export const MAX_TERM_LENGTH = 120;

// Shared pieces ------------------------------------------------------------------------------

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character, no half of a surrogate pair (JSON can carry both). */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/** A trimmed string of at most `max` characters that the database can store. */
const text = (max: number, { required = false }: { required?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(required ? 1 : 0, { error: "api.error.empty" })
    .max(max, { error: "api.error.too_long" })
    .refine(isStorableText, { error: "api.error.unstorable_text" });

export const fieldErrorSchema = z
  .strictObject({
    field: z
      .string()
      .min(1)
      .meta(
        doc(
          "The request field, e.g. `location.lat` or `processes[2]`; a name that is not a plain identifier is quoted, e.g. `[\"a.b\"]`; `body` for the body as a whole.",
          "요청 필드 (예: `location.lat`, `processes[2]`). 일반 식별자가 아닌 이름은 따옴표로 묶습니다 (예: `[\"a.b\"]`). 본문 전체는 `body`."
        )
      ),
    code: z.string().meta(doc("Stable identifier of the message, for programs.", "프로그램용 메시지 식별자.")),
    message_en: z.string(),
    message_ko: z.string(),
  })
  .meta(doc("One problem with one field, in English and Korean.", "필드 하나의 문제. 영어와 한국어 메시지."));

export const problemSchema = z
  .strictObject({
    type: z
      .url()
      .meta(doc("Identifies the problem type; opens its section of the API documentation.", "문제 유형 식별자. API 문서의 해당 절을 가리킵니다.")),
    title: z.string().meta(doc("Short summary of the problem type, in the caller's language.", "문제 유형 요약 (요청 언어).")),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta(doc("What went wrong this time, in the caller's language.", "이번 오류의 설명 (요청 언어).")),
    instance: z.string().meta(doc("The request path.", "요청 경로.")),
    errors: z.array(fieldErrorSchema).optional().meta(doc("Field-level problems (validation).", "필드별 문제 (검증 오류).")),
  })
  .meta(doc("RFC 9457 problem details (application/problem+json).", "RFC 9457 문제 세부정보 (application/problem+json)."));

const term = z
  .string({ error: "api.error.term_text" })
  .trim()
  .min(1, { error: "api.error.empty" })
  .max(MAX_TERM_LENGTH, { error: "api.error.term_too_long" })
  .refine(isStorableText, { error: "api.error.unstorable_text" });

const termList = (en: string, ko: string) =>
  z
    .array(term, { error: "api.error.term_list" })
    .max(MAX_TERMS, { error: "api.error.too_many" })
    .meta(
      doc(
        `${en} Codes, English or Korean labels, or synonyms in either language (as in the import format).`,
        `${ko} 코드, 영문·국문 명칭 또는 동의어 (가져오기 형식과 같음).`
      )
    );

export const locationSchema = z
  .strictObject({
    lat: z.number({ error: "api.error.latitude" }).min(-90, { error: "api.error.latitude" }).max(90, { error: "api.error.latitude" }).overwrite(roundDegrees),
    lng: z.number({ error: "api.error.longitude" }).min(-180, { error: "api.error.longitude" }).max(180, { error: "api.error.longitude" }).overwrite(roundDegrees),
  })
  .meta(doc("A point (WGS 84).", "지점 (WGS 84)."));

const radiusKm = z
  .number({ error: "api.error.radius" })
  .min(MIN_RADIUS_KM, { error: "api.error.radius" })
  .max(2000, { error: "api.error.radius" })
  .meta(doc("Search radius around `location`, in km.", "`location` 기준 반경 (km)."));

export const taxonomyTermSchema = z.strictObject({ code: z.string(), label_en: z.string(), label_ko: z.string() });

const isoDateTime = z.string().meta({ format: "date-time" });
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Cross-field checks run even when single fields failed, so one answer lists every problem; the
 * values they read may then be raw input, hence the type checks inside them.
 */
const isObjectPayload = (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value);
const isoDate = z.iso.date();

// POST /api/v1/match -------------------------------------------------------------------------

export const matchRequestSchema = z
  .strictObject({
    title: text(200, { required: true })
      .optional()
      .meta(doc("A short name for the work; its words also count as terms.", "작업의 짧은 이름. 단어도 용어로 쓰입니다.")),
    description: text(20_000, { required: true }).meta(
      doc("What the work is, in English or Korean; its words also count as terms.", "작업 내용 (영어 또는 한국어).")
    ),
    kind: z
      .enum(NEED_KINDS, { error: "api.error.need_kind" })
      .meta(
        doc(
          "What kind of work: localization, MRO, parts supply, technology transfer or division hosting.",
          "작업 유형: 국산화, 정비(MRO), 부품 공급, 기술 이전, 사업부 유치."
        )
      ),
    processes: termList("Processes the work needs.", "필요한 공정.").optional(),
    materials: termList("Materials the work uses.", "사용 재료.").optional(),
    required_certifications: termList("Certifications a supplier must hold.", "필수 인증.").optional(),
    preferred_certifications: termList("Certifications that count in a supplier's favour.", "우대 인증.").optional(),
    location: locationSchema.optional(),
    radius_km: radiusKm.optional(),
    limit: z
      .number({ error: "api.error.limit" })
      .int({ error: "api.error.limit" })
      .min(1, { error: "api.error.limit" })
      .max(100, { error: "api.error.limit" })
      .default(20)
      .meta(doc("How many suppliers to return (1–100).", "반환할 공급업체 수 (1–100).")),
  })
  .superRefine(
    (body, context) => {
      const raw = body as Record<string, unknown>;
      if (raw.radius_km !== undefined && raw.location === undefined) {
        context.addIssue({ code: "custom", path: ["radius_km"], message: "api.error.radius_without_location" });
      }
    },
    { when: isObjectPayload }
  )
  .meta(doc("A need described inline, to be matched without saving it.", "저장하지 않고 바로 매칭할 수요 설명."));

export const matchResultSchema = z
  .strictObject({
    supplier_id: z.guid(),
    external_id: z.string().nullable().meta(doc("The importer's id of the supplier, when it was imported.", "가져오기 시 지정한 외부 ID.")),
    name_en: z.string(),
    name_ko: z.string().nullable(),
    score: z.number().min(0).max(100).meta(doc("0–100; see the scoring weights in the documentation.", "0–100점.")),
    distance_km: z
      .number()
      .min(0)
      .nullable()
      .meta(doc("From the need's location to the supplier's nearest site.", "수요 위치에서 가장 가까운 사업장까지 거리.")),
    meets_required: z
      .boolean()
      .meta(doc("Holds every required certification; those who do not rank below all who do.", "필수 인증을 모두 보유했는지 여부.")),
    reasons: z.array(z.string()).meta(doc("Why the supplier ranks here, naming the matched terms.", "순위 근거 (일치한 용어 포함).")),
    gaps: z.array(z.string()).meta(doc("What is missing, e.g. a required certification.", "부족한 점 (예: 필수 인증).")),
  })
  .meta(doc("One ranked supplier.", "순위가 매겨진 공급업체 하나."));

export const clusterMatchSchema = z.strictObject({
  cluster_id: z.guid(),
  slug: z.string(),
  name_en: z.string(),
  name_ko: z.string(),
  score: z.number().min(0).max(100),
  distance_km: z.number().min(0).nullable(),
  reasons: z.array(z.string()),
});

export const resolvedTermsSchema = z
  .strictObject({
    processes: z.array(z.string()),
    materials: z.array(z.string()),
    required_certifications: z.array(z.string()),
    preferred_certifications: z.array(z.string()),
  })
  .meta(doc("The taxonomy codes the given terms were read as.", "입력한 용어가 해석된 분류 코드."));

export const matchResponseSchema = z.strictObject({
  results: z.array(matchResultSchema),
  clusters: z
    .array(clusterMatchSchema)
    .meta(
      doc("Clusters ranked for localization and division hosting; empty otherwise.", "국산화·사업부 유치 수요의 클러스터 순위. 그 외에는 빈 목록.")
    ),
  terms: resolvedTermsSchema,
});

// Needs --------------------------------------------------------------------------------------

const flagParam = z.enum(["true", "false", "1", "0"], { error: "api.error.boolean" }).transform((value) => value === "true" || value === "1");

const positiveIntParam = (max: number, key: "api.error.page" | "api.error.per_page") =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: key })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: key }).max(max, { error: key }));

export const needsListQuerySchema = z.strictObject({
  q: z.string().trim().max(200, { error: "api.error.too_long" }).optional().meta(doc("Words in the title or description.", "제목·설명의 단어.")),
  kind: z
    .array(z.enum(NEED_KINDS, { error: "api.error.need_kind" }))
    .max(NEED_KINDS.length)
    .optional(),
  status: z
    .array(z.enum(NEED_STATUSES, { error: "api.error.need_status" }))
    .max(NEED_STATUSES.length)
    .optional(),
  process: z
    .array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "api.error.code" }))
    .max(20, { error: "api.error.too_many" })
    .optional(),
  offset_eligible: flagParam.optional(),
  organization_id: z.guid({ error: "api.error.uuid" }).optional().meta(doc("Only this contractor's needs.", "이 계약업체의 수요만.")),
  mine: flagParam.optional().meta(doc("Only your organization's needs (API keys).", "내 조직의 수요만 (API 키).")),
  page: positiveIntParam(10_000, "api.error.page").optional(),
  per_page: positiveIntParam(MAX_PER_PAGE, "api.error.per_page").optional(),
});

export const needCreateSchema = z
  .strictObject({
    kind: z
      .enum(NEED_KINDS, { error: "api.error.need_kind" })
      .meta(
        doc(
          "What kind of work: localization, MRO, parts supply, technology transfer or division hosting.",
          "작업 유형: 국산화, 정비(MRO), 부품 공급, 기술 이전, 사업부 유치."
        )
      ),
    title_en: text(200, { required: true }).optional(),
    title_ko: text(200, { required: true }).optional(),
    description_en: text(20_000, { required: true }).optional(),
    description_ko: text(20_000, { required: true }).optional(),
    program: text(200).optional(),
    platform: text(200).optional().meta(doc("The weapon system or platform.", "무기체계·플랫폼.")),
    required_processes: termList("Processes a supplier must have.", "필수 공정.").optional(),
    preferred_processes: termList("Processes that count in a supplier's favour.", "우대 공정.").optional(),
    required_materials: termList("Materials a supplier must work with.", "필수 재료.").optional(),
    preferred_materials: termList("Materials that count in a supplier's favour.", "우대 재료.").optional(),
    required_certifications: termList("Certifications a supplier must hold.", "필수 인증.").optional(),
    preferred_certifications: termList("Certifications that count in a supplier's favour.", "우대 인증.").optional(),
    location: locationSchema.extend({ name: text(200).optional() }).optional(),
    radius_km: z
      .number({ error: "api.error.radius" })
      .min(1, { error: "api.error.radius" })
      .max(2000, { error: "api.error.radius" })
      .optional()
      .meta(doc("Radius around `location` within which suppliers count as near, in km (1–2000).", "`location` 기준 반경 km (1–2000).")),
    quantity: z
      .number({ error: "api.error.integer" })
      .int({ error: "api.error.integer" })
      .min(0, { error: "api.error.not_negative" })
      .max(2_000_000_000, { error: "api.error.integer" })
      .optional(),
    quantity_unit: text(50).optional(),
    capacity_note: text(2000).optional(),
    timeline_start: isoDate.optional(),
    timeline_end: isoDate.optional(),
    response_deadline: isoDate.optional(),
    estimated_value: z
      .number({ error: "api.error.number" })
      .min(0, { error: "api.error.not_negative" })
      .max(1e15, { error: "api.error.number" })
      .optional(),
    currency: z
      .string({ error: "api.error.currency" })
      .regex(/^[A-Z]{3}$/, { error: "api.error.currency" })
      .default("USD")
      .meta(doc("ISO 4217 code of `estimated_value`.", "`estimated_value`의 ISO 4217 통화 코드.")),
    offset_eligible: z
      .boolean({ error: "api.error.boolean" })
      .default(false)
      .meta(doc("The work earns offset credit.", "절충교역 실적으로 인정되는 작업.")),
    visibility: z
      .enum(NEED_VISIBILITIES, { error: "api.error.visibility" })
      .default("registered")
      .meta(
        doc(
          "`public`: anyone; `registered`: signed-in users; `invited`: only SMEs you invite.",
          "`public`: 누구나, `registered`: 로그인 사용자, `invited`: 초청한 중소기업만."
        )
      ),
    export_controlled: z
      .boolean({ error: "api.error.boolean" })
      .default(false)
      .meta(
        doc(
          "ITAR/EAR-controlled: shown only to your organization and invited SMEs, never in search.",
          "ITAR/EAR 통제 대상: 내 조직과 초청된 중소기업에만 보이며 검색에 나오지 않음."
        )
      ),
    status: z
      .enum(["draft", "open"], { error: "api.error.create_status" })
      .default("draft")
      .meta(
        doc(
          "`open` publishes the need at once (and notifies those it concerns); `draft` keeps it to your organization.",
          "`open`은 즉시 게시(관련자에게 알림), `draft`는 조직 내부에만 둡니다."
        )
      ),
  })
  .superRefine(
    (body, context) => {
      const raw = body as Record<string, unknown>;
      if (raw.title_en === undefined && raw.title_ko === undefined) {
        context.addIssue({ code: "custom", path: ["title_en"], message: "api.error.title_required" });
      }
      if (raw.description_en === undefined && raw.description_ko === undefined) {
        context.addIssue({ code: "custom", path: ["description_en"], message: "api.error.description_required" });
      }
      if (raw.radius_km !== undefined && raw.location === undefined) {
        context.addIssue({ code: "custom", path: ["radius_km"], message: "api.error.radius_without_location" });
      }
      const start = raw.timeline_start;
      const end = raw.timeline_end;
      if (typeof start === "string" && typeof end === "string" && ISO_DAY.test(start) && ISO_DAY.test(end) && end < start) {
        context.addIssue({ code: "custom", path: ["timeline_end"], message: "api.error.timeline_order" });
      }
    },
    { when: isObjectPayload }
  )
  .meta(doc("A need to post for your organization (API keys of contractors).", "조직 이름으로 게시할 수요 (계약업체 API 키)."));

export const needSchema = z
  .strictObject({
    id: z.guid(),
    organization: z.strictObject({ id: z.guid(), name_en: z.string(), name_ko: z.string().nullable() }).nullable(),
    kind: z.enum(NEED_KINDS),
    status: z.enum(NEED_STATUSES),
    visibility: z.enum(NEED_VISIBILITIES),
    export_controlled: z.boolean(),
    offset_eligible: z.boolean(),
    title_en: z.string().nullable(),
    title_ko: z.string().nullable(),
    description_en: z.string().nullable(),
    description_ko: z.string().nullable(),
    program: z.string().nullable(),
    platform: z.string().nullable(),
    required_processes: z.array(taxonomyTermSchema),
    preferred_processes: z.array(taxonomyTermSchema),
    required_materials: z.array(taxonomyTermSchema),
    preferred_materials: z.array(taxonomyTermSchema),
    required_certifications: z.array(taxonomyTermSchema),
    preferred_certifications: z.array(taxonomyTermSchema),
    location: z.strictObject({ lat: z.number(), lng: z.number(), name: z.string().nullable() }).nullable(),
    radius_km: z.number().nullable(),
    quantity: z.number().int().nullable(),
    quantity_unit: z.string().nullable(),
    timeline_start: isoDate.nullable(),
    timeline_end: isoDate.nullable(),
    response_deadline: isoDate.nullable(),
    estimated_value: z.number().nullable(),
    currency: z.string(),
    opened_at: isoDateTime.nullable(),
    created_at: isoDateTime,
    url: z.url().meta(doc("The need's page on the site.", "사이트의 수요 페이지.")),
  })
  .meta(doc("A contractor's need (work package).", "계약업체의 수요 (작업 패키지)."));

export const needSummarySchema = z
  .strictObject({
    id: z.guid(),
    organization: z.strictObject({ id: z.guid(), name_en: z.string(), name_ko: z.string().nullable() }).nullable(),
    kind: z.enum(NEED_KINDS),
    status: z.enum(NEED_STATUSES),
    visibility: z.enum(NEED_VISIBILITIES),
    export_controlled: z.boolean(),
    offset_eligible: z.boolean(),
    title_en: z.string().nullable(),
    title_ko: z.string().nullable(),
    location_name: z.string().nullable(),
    required_processes: z.array(taxonomyTermSchema),
    preferred_processes: z.array(taxonomyTermSchema),
    response_deadline: isoDate.nullable(),
    opened_at: isoDateTime.nullable(),
    created_at: isoDateTime,
    url: z.url(),
  })
  .meta(doc("A need in a list; the full need is on its page (`url`).", "목록의 수요. 전체 내용은 `url` 페이지에."));

export const needsListResponseSchema = z.strictObject({
  needs: z.array(needSummarySchema),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  per_page: z.number().int().min(1),
});

export const needMatchesQuerySchema = z.strictObject({
  limit: positiveIntParam(100, "api.error.per_page")
    .optional()
    .meta(doc("How many suppliers to return (1–100, default 20).", "반환할 공급업체 수 (1–100, 기본 20).")),
});

export const needMatchesResponseSchema = z.strictObject({
  need_id: z.guid(),
  results: z.array(matchResultSchema),
  clusters: z.array(clusterMatchSchema),
});

// GET /api/v1/suppliers/{id} -----------------------------------------------------------------

export const supplierSchema = z
  .strictObject({
    id: z.guid(),
    slug: z.string(),
    name_en: z.string(),
    name_ko: z.string().nullable(),
    is_fictional: z.boolean().meta(doc("Demonstration company.", "데모용 가상 기업.")),
    country: z.string(),
    website: z.string().nullable(),
    contact_email: z.string().nullable(),
    description_en: z.string().nullable(),
    description_ko: z.string().nullable(),
    employees: z.number().int().nullable(),
    founded_year: z.number().int().nullable(),
    defense_designated: z.boolean().meta(doc("Designated defense company (방산업체 지정).", "방산업체 지정 여부.")),
    security_assessment_passed: z.boolean().meta(doc("Passed the security assessment (보안측정).", "보안측정 통과 여부.")),
    verification_status: z.enum(VERIFICATION_STATUSES),
    external_id: z.string().nullable(),
    cluster: z.strictObject({ id: z.guid(), slug: z.string(), name_en: z.string(), name_ko: z.string() }).nullable(),
    processes: z.array(taxonomyTermSchema.extend({ materials: z.array(z.string()) })),
    materials: z.array(taxonomyTermSchema),
    certifications: z.array(
      taxonomyTermSchema.extend({
        number: z.string().nullable(),
        issuer: z.string().nullable(),
        issued_on: isoDate.nullable(),
        expires_on: isoDate.nullable(),
        expired: z.boolean(),
        verification_status: z.enum(VERIFICATION_STATUSES),
      })
    ),
    equipment: z.array(
      z.strictObject({
        name: z.string(),
        manufacturer: z.string().nullable(),
        model: z.string().nullable(),
        quantity: z.number().int(),
        year_installed: z.number().int().nullable(),
        process: z.string().nullable(),
      })
    ),
    sites: z.array(
      z.strictObject({
        name_en: z.string().nullable(),
        name_ko: z.string().nullable(),
        address_en: z.string().nullable(),
        address_ko: z.string().nullable(),
        region: z.string().nullable(),
        lat: z.number(),
        lng: z.number(),
        is_primary: z.boolean(),
      })
    ),
    tags: z.array(z.string()),
    completeness: z.number().int().min(0).max(100),
    updated_at: isoDateTime,
    url: z.url(),
  })
  .meta(doc("A supplier's capability profile.", "공급업체 역량 프로필."));

// GET /api/v1/suppliers (search; the route belongs to the search module) ------------------------
// Describes what app/routes/api.v1.suppliers.ts answers; the contract tests hold the two together.

const counts = z.record(z.string(), z.number().int().min(0));

export const supplierSearchHitSchema = z
  .strictObject({
    id: z.guid(),
    slug: z.string(),
    name_en: z.string(),
    name_ko: z.string().nullable(),
    is_fictional: z.boolean(),
    verified: z.boolean(),
    defense_designated: z.boolean(),
    security_assessment_passed: z.boolean(),
    employees: z.number().int().nullable(),
    size_band: z.enum(SIZE_BANDS),
    completeness: z.number().min(0).max(100),
    region: z.enum(REGION_CODES as [RegionCode, ...RegionCode[]]).nullable(),
    cluster: z.strictObject({ slug: z.string(), name_en: z.string(), name_ko: z.string() }).nullable(),
    processes: z.array(taxonomyTermSchema),
    certifications: z.array(taxonomyTermSchema.extend({ verified: z.boolean(), expired: z.boolean(), expires_on: isoDate.nullable() })),
    location: z.strictObject({ lat: z.number(), lng: z.number() }).nullable(),
    distance_km: z.number().min(0).nullable(),
    snippet: z
      .strictObject({
        lang: z.enum(["en", "ko"]),
        segments: z.array(z.strictObject({ text: z.string(), highlighted: z.boolean() })),
      })
      .nullable()
      .meta(doc("Matching text with the matched words marked.", "검색어가 표시된 본문 일부.")),
  })
  .meta(doc("One supplier in search results.", "검색 결과의 공급업체 하나."));

export const supplierSearchResponseSchema = z.strictObject({
  mode: z
    .enum(["full", "reduced"])
    .meta(
      doc(
        "`reduced`: the search engine is away and PostgreSQL answered (no typo tolerance).",
        "`reduced`: 검색 엔진 대신 PostgreSQL이 응답 (오타 허용 없음)."
      )
    ),
  query: z.string().meta(doc("The search in canonical form (query string).", "정규화된 검색 조건 (쿼리 문자열).")),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  per_page: z.number().int().min(1),
  total_pages: z.number().int().min(0),
  results: z.array(supplierSearchHitSchema),
  facets: z.strictObject({
    process: counts,
    material: counts,
    cert: counts,
    cluster: counts,
    region: counts,
    size: counts,
    designated: z.number().int().min(0),
    verified: z.number().int().min(0),
  }),
});

// POST /api/v1/import ------------------------------------------------------------------------

export const importQuerySchema = z.strictObject({
  dry_run: flagParam.optional().meta(doc("`true`: check the file and report, write nothing.", "`true`: 파일을 검사해 보고만 하고 저장하지 않음.")),
});

export const importIssueSchema = z.strictObject({
  row: z
    .number()
    .int()
    .min(0)
    .meta(doc("Line of the JSON Lines body (1-based); 0 for the file as a whole.", "JSON Lines 본문의 줄 번호 (1부터). 파일 전체 문제는 0.")),
  field: z.string(),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message_en: z.string(),
  message_ko: z.string(),
});

export const importResponseSchema = z.strictObject({
  run_id: z.guid(),
  dry_run: z.boolean(),
  status: z.enum(["preparing", "running", "completed", "failed"]),
  counts: z.strictObject({
    total: z.number().int().min(0),
    valid: z.number().int().min(0),
    invalid: z.number().int().min(0),
    warnings: z.number().int().min(0),
    would_create: z
      .number()
      .int()
      .min(0)
      .meta(doc("Dry run: valid rows that would create a supplier rather than update one.", "시험 실행: 새로 생성될 행 수.")),
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    skipped: z.number().int().min(0),
    failed: z.number().int().min(0),
  }),
  issues: z.array(importIssueSchema),
  issues_truncated: z
    .boolean()
    .meta(doc("More issues exist than the response lists (at most 1,000).", "응답에 모두 담지 못한 문제가 더 있음 (최대 1,000개).")),
});
