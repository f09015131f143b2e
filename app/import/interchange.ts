import * as z from "zod";
import type { MessageKey } from "../i18n";
import { roundDegrees } from "../utils/coordinates";

/*
 * The supplier interchange format: one supplier per JSON line, or one per row of a CSV file or
 * the first sheet of an XLSX workbook, with the same column names. This schema is the single
 * source of truth for import, export, the CLI and the API: docs/import-format.md is checked
 * against FIELD_DOCS below by a unit test.
 *
 * It accepts both shapes a value arrives in: typed JSON (arrays, numbers, booleans, objects) and
 * the text of a spreadsheet cell (`;`-separated lists, `TYPE|NUMBER|EXPIRES_ON` certifications,
 * `LAT|LNG|NAME|ADDRESS` sites, yes/no words). Error messages are message keys, rendered in
 * Korean and English by the report.
 */

const key = (messageKey: MessageKey) => ({ error: messageKey });

export const LIST_SEPARATOR = ";";
export const PART_SEPARATOR = "|";
export const MAX_LIST_ENTRIES = 100;
export const MAX_SITES = 50;
export const MAX_CERTIFICATIONS = 50;
export const MAX_TERM_LENGTH = 120;
export const FOUNDED_YEAR_MIN = 1900;

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "예", "네", "o"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "아니오", "아니요", "x"]);

function isBlank(value: unknown) {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function blankToUndefined(value: unknown) {
  if (isBlank(value)) return undefined;
  return typeof value === "string" ? value.trim() : value;
}

/** Spreadsheets hand over ids and codes as numbers; they are text in the format. */
function toText(value: unknown) {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return blankToUndefined(value);
}

function toBoolean(value: unknown) {
  if (isBlank(value)) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : value;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return value;
}

/** "1,200" and "1 200" as spreadsheets write thousands; anything else that is not a number stays text and fails. */
function toInteger(value: unknown) {
  if (isBlank(value)) return undefined;
  if (typeof value === "string") {
    const compact = value.trim().replace(/[,\s]/g, "");
    if (/^[+-]?\d+(\.0+)?$/.test(compact)) return Number(compact);
    return value;
  }
  return value;
}

function toNumber(value: unknown) {
  if (typeof value === "string" && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) return Number(value);
  return value;
}

/** A list from a JSON array or a `;`-separated cell; blank entries are dropped. */
function toList(value: unknown) {
  if (isBlank(value)) return [];
  const items = typeof value === "string" ? value.split(LIST_SEPARATOR) : value;
  if (!Array.isArray(items)) return value;
  return items
    .map((item) => (typeof item === "number" ? String(item) : typeof item === "string" ? item.trim() : item))
    .filter((item) => !isBlank(item));
}

/** The first `count - 1` parts split at `|`; the last part keeps any further `|` as written. */
function splitParts(value: string, count: number): Array<string | undefined> {
  const parts: Array<string | undefined> = [];
  let rest: string | undefined = value;
  for (let index = 0; index < count - 1 && rest !== undefined; index++) {
    const at = rest.indexOf(PART_SEPARATOR);
    parts.push((at === -1 ? rest : rest.slice(0, at)).trim());
    rest = at === -1 ? undefined : rest.slice(at + 1);
  }
  parts.push(rest?.trim());
  return parts;
}

function toCertification(value: unknown) {
  if (typeof value !== "string") return value;
  const [type, number, expires_on] = splitParts(value, 3);
  return { type, number, expires_on };
}

function toSite(value: unknown) {
  if (typeof value !== "string") return value;
  const [lat, lng, name, address] = splitParts(value, 4);
  return { lat, lng, name, address };
}

const optionalText = (max: number) =>
  z.preprocess(toText, z.string(key("import.error.text")).max(max, key("import.error.too_long")).optional());

const termList = z.preprocess(
  toList,
  z
    .array(z.string(key("import.error.text")).max(MAX_TERM_LENGTH, key("import.error.term_too_long")), key("import.error.list"))
    .max(MAX_LIST_ENTRIES, key("import.error.too_many")),
);

const optionalBoolean = z.preprocess(toBoolean, z.boolean(key("import.error.boolean")).optional());

const latitude = z.preprocess(
  toNumber,
  z.number(key("import.error.latitude")).min(-90, key("import.error.latitude")).max(90, key("import.error.latitude")).overwrite(roundDegrees),
);
const longitude = z.preprocess(
  toNumber,
  z.number(key("import.error.longitude")).min(-180, key("import.error.longitude")).max(180, key("import.error.longitude")).overwrite(roundDegrees),
);

export const certificationSchema = z.preprocess(
  toCertification,
  z.object(
    {
      type: z.preprocess(
        toText,
        z
          .string(key("import.error.certification_type_required"))
          .max(MAX_TERM_LENGTH, key("import.error.term_too_long")),
      ),
      number: optionalText(100),
      expires_on: z.preprocess(blankToUndefined, z.iso.date(key("import.error.date")).optional()),
    },
    key("import.error.certification_format"),
  ),
);

export const siteSchema = z.preprocess(
  toSite,
  z.object(
    {
      lat: latitude,
      lng: longitude,
      name: optionalText(200),
      address: optionalText(500),
    },
    key("import.error.site_format"),
  ),
);

function currentYear() {
  return new Date().getFullYear();
}

export const interchangeRowSchema = z
  .object({
    external_id: z.preprocess(
      toText,
      z.string(key("import.error.external_id_required")).min(1, key("import.error.external_id_required")).max(100, key("import.error.too_long")),
    ),
    name_en: z.preprocess(toText, z.string(key("import.error.name_en_required")).max(200, key("import.error.too_long"))),
    name_ko: optionalText(200),
    description_en: optionalText(10_000),
    description_ko: optionalText(10_000),
    website: z.preprocess(
      (value) => {
        const text = toText(value);
        // People write "www.example.co.kr"; the format stores full URLs.
        if (typeof text === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(text) && /^[^\s/]+\.[^\s]+$/.test(text)) return `https://${text}`;
        return text;
      },
      z
        .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "import.error.url" satisfies MessageKey })
        .max(500, key("import.error.too_long"))
        .optional(),
    ),
    contact_email: z.preprocess(
      (value) => (typeof toText(value) === "string" ? (toText(value) as string).toLowerCase() : toText(value)),
      z.email(key("import.error.email")).max(320, key("import.error.too_long")).optional(),
    ),
    employees: z.preprocess(
      toInteger,
      z.number(key("import.error.integer")).int(key("import.error.integer")).min(0, key("import.error.not_negative")).max(10_000_000, key("import.error.integer")).optional(),
    ),
    founded_year: z
      .preprocess(toInteger, z.number(key("import.error.integer")).int(key("import.error.integer")).optional())
      .superRefine((year, context) => {
        const latest = currentYear();
        if (year !== undefined && (year < FOUNDED_YEAR_MIN || year > latest)) {
          context.addIssue({
            code: "custom",
            message: "import.error.founded_year_range" satisfies MessageKey,
            params: { minimum: FOUNDED_YEAR_MIN, maximum: latest },
          });
        }
      }),
    defense_designated: optionalBoolean,
    security_clearance: optionalBoolean,
    processes: termList,
    materials: termList,
    certifications: z.preprocess(
      toList,
      z.array(certificationSchema, key("import.error.list")).max(MAX_CERTIFICATIONS, key("import.error.too_many")),
    ),
    sites: z.preprocess(
      toList,
      z
        .array(siteSchema, key("import.error.list"))
        .min(1, key("import.error.sites_required"))
        .max(MAX_SITES, key("import.error.too_many")),
    ),
    cluster: z.preprocess(
      (value) => (typeof toText(value) === "string" ? (toText(value) as string).toLowerCase() : toText(value)),
      z
        .string(key("import.error.cluster_slug"))
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, key("import.error.cluster_slug"))
        .optional(),
    ),
    capacity_note: optionalText(2000),
    tags: termList,
    fictional: optionalBoolean,
    published: optionalBoolean,
  })
  // `when` runs the check even when other fields failed, so one pass reports every problem.
  .refine((row) => !isBlank(row.description_en) || !isBlank(row.description_ko), {
    path: ["description_en"],
    error: "import.error.description_required" satisfies MessageKey,
    when: () => true,
  });

export type InterchangeRow = z.output<typeof interchangeRowSchema>;
export type InterchangeInput = z.input<typeof interchangeRowSchema>;
export type InterchangeField = keyof typeof interchangeRowSchema.shape;

/** Column order for CSV and XLSX files and key order for JSON lines. */
export const INTERCHANGE_FIELDS = Object.keys(interchangeRowSchema.shape) as InterchangeField[];
export const REQUIRED_COLUMNS: readonly InterchangeField[] = ["external_id", "name_en", "sites"];

/**
 * What each field means, for docs/import-format.md (a unit test checks the document lists every
 * field) and for the format guide. `extension` marks fields the platform adds to the format in
 * the issue.
 */
export const FIELD_DOCS: Record<InterchangeField, { type: string; rule: string; rule_ko: string; extension?: true }> = {
  external_id: {
    type: "string",
    rule: "required, 1–100 characters, unique per importing organization; the key that makes re-imports update instead of duplicate",
    rule_ko: "필수, 1~100자, 가져오는 기관 안에서 고유. 다시 가져올 때 중복 대신 갱신되게 하는 키",
  },
  name_en: { type: "string", rule: "required, up to 200 characters", rule_ko: "필수, 200자 이하" },
  name_ko: { type: "string", rule: "optional, up to 200 characters", rule_ko: "선택, 200자 이하" },
  description_en: {
    type: "string",
    rule: "up to 10,000 characters; description_en or description_ko (at least one) is required",
    rule_ko: "10,000자 이하. description_en과 description_ko 중 하나 이상 필수",
  },
  description_ko: {
    type: "string",
    rule: "up to 10,000 characters; description_en or description_ko (at least one) is required",
    rule_ko: "10,000자 이하. description_en과 description_ko 중 하나 이상 필수",
  },
  website: {
    type: "string",
    rule: "optional http(s) URL; a bare host such as www.example.co.kr gets https:// added",
    rule_ko: "선택, http(s) 주소. www.example.co.kr처럼 쓰면 https://를 붙임",
  },
  contact_email: { type: "string", rule: "optional e-mail address, stored in lower case", rule_ko: "선택, 이메일 주소(소문자로 저장)" },
  employees: { type: "integer", rule: "optional, ≥ 0; 1,200 and 1 200 are read as 1200", rule_ko: "선택, 0 이상. 1,200과 1 200은 1200으로 읽음" },
  founded_year: { type: "integer", rule: "optional, 1900 to the current year", rule_ko: "선택, 1900년부터 올해까지" },
  defense_designated: { type: "boolean", rule: "optional (방산업체 지정); absent means false", rule_ko: "선택(방산업체 지정). 없으면 false" },
  security_clearance: { type: "boolean", rule: "optional (보안측정 passed); absent means false", rule_ko: "선택(보안측정 통과). 없으면 false" },
  processes: {
    type: "string[]",
    rule: "taxonomy codes, or labels or synonyms in Korean or English; unknown ones are kept as free tags and reported as warnings",
    rule_ko: "분류 코드 또는 한국어·영어 명칭이나 동의어. 모르는 용어는 자유 태그로 저장하고 경고로 알림",
  },
  materials: {
    type: "string[]",
    rule: "same rule as processes; stored with each of the supplier's processes",
    rule_ko: "processes와 같은 규칙. 업체의 각 공정과 함께 저장",
  },
  certifications: {
    type: "{type, number?, expires_on?}[]",
    rule: "type as code, label or synonym (unknown types are errors); number up to 100 characters; expires_on YYYY-MM-DD; at most 50",
    rule_ko: "type은 코드·명칭·동의어(모르는 종류는 오류), number는 100자 이하, expires_on은 YYYY-MM-DD, 최대 50개",
  },
  sites: {
    type: "{lat, lng, name?, address?}[]",
    rule: "at least one, at most 50; lat −90..90, lng −180..180; the first is the primary site",
    rule_ko: "1~50개. 위도 −90~90, 경도 −180~180. 첫 번째가 대표 사업장",
  },
  cluster: {
    type: "string",
    rule: "optional cluster slug; a cluster authority may only use clusters it manages, and rows without one join its cluster when it manages exactly one",
    rule_ko: "선택, 클러스터 슬러그. 클러스터 관리기관은 자기 클러스터만 쓸 수 있고, 클러스터를 하나만 관리하면 비워 둔 행은 그 클러스터에 들어감",
  },
  capacity_note: { type: "string", rule: "optional, up to 2,000 characters", rule_ko: "선택, 2,000자 이하" },
  tags: { type: "string[]", rule: "optional free tags, up to 120 characters each", rule_ko: "선택, 자유 태그(각 120자 이하)", extension: true },
  fictional: {
    type: "boolean",
    rule: "optional; marks demonstration companies as fictional (shown on the profile)",
    rule_ko: "선택. 데모용 가상 기업 표시(프로필에 표시됨)",
    extension: true,
  },
  published: {
    type: "boolean",
    rule: "optional; absent means true (the profile is visible to contractors)",
    rule_ko: "선택. 없으면 true(방산업체에 공개)",
    extension: true,
  },
};
