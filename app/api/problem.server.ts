import type { z } from "zod";
import { createTranslator, isMessageKey, type Locale, type MessageKey, type MessageParams } from "~/i18n";

/*
 * Errors of the public API as RFC 9457 problem details (application/problem+json):
 *   { type, title, status, detail, instance, errors?: [{ field, message_en, message_ko }] }
 * `type` points at the problem's section of the API documentation; `title` and `detail` are in
 * the caller's language (Accept-Language, English by default; Content-Language says which);
 * field messages come in both languages so an integration can show either.
 */

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

export const PROBLEM_TYPES = {
  validation_failed: { status: 400, title: "api.problem.validation_failed.title", detail: "api.problem.validation_failed.detail" },
  invalid_json: { status: 400, title: "api.problem.invalid_json.title", detail: "api.problem.invalid_json.detail" },
  unauthorized: { status: 401, title: "api.problem.unauthorized.title", detail: "api.problem.unauthorized.detail" },
  invalid_api_key: { status: 401, title: "api.problem.invalid_api_key.title", detail: "api.problem.invalid_api_key.detail" },
  forbidden: { status: 403, title: "api.problem.forbidden.title", detail: "api.problem.forbidden.detail" },
  cross_site: { status: 403, title: "api.problem.cross_site.title", detail: "api.problem.cross_site.detail" },
  not_found: { status: 404, title: "api.problem.not_found.title", detail: "api.problem.not_found.detail" },
  method_not_allowed: { status: 405, title: "api.problem.method_not_allowed.title", detail: "api.problem.method_not_allowed.detail" },
  conflict: { status: 409, title: "api.problem.conflict.title", detail: "api.problem.conflict.detail" },
  payload_too_large: { status: 413, title: "api.problem.payload_too_large.title", detail: "api.problem.payload_too_large.detail" },
  unsupported_media_type: { status: 415, title: "api.problem.unsupported_media_type.title", detail: "api.problem.unsupported_media_type.detail" },
  unprocessable: { status: 422, title: "api.problem.unprocessable.title", detail: "api.problem.unprocessable.detail" },
  rate_limited: { status: 429, title: "api.problem.rate_limited.title", detail: "api.problem.rate_limited.detail" },
  internal_error: { status: 500, title: "api.problem.internal_error.title", detail: "api.problem.internal_error.detail" },
  service_unavailable: { status: 503, title: "api.problem.service_unavailable.title", detail: "api.problem.service_unavailable.detail" },
} as const satisfies Record<string, { status: number; title: MessageKey; detail: MessageKey }>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;
export const PROBLEM_KINDS = Object.keys(PROBLEM_TYPES) as ProblemKind[];

/** The anchor of a problem type on /api/docs, e.g. "problem-rate-limited". */
export function problemAnchor(kind: ProblemKind): string {
  return `problem-${kind.replaceAll("_", "-")}`;
}

export function problemTypeUri(kind: ProblemKind, siteUrl: string): string {
  return new URL(`/api/docs#${problemAnchor(kind)}`, siteUrl).href;
}

/** `code` is the message key: stable, for programs; the messages are for people. */
export type FieldError = { field: string; code: string; message_en: string; message_ko: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
};

const translators = { en: createTranslator("en"), ko: createTranslator("ko") };

/** A message key rendered in both languages; unknown keys become the generic "invalid" message. */
export function fieldError(field: string, key: string, params?: MessageParams): FieldError {
  const known: MessageKey = isMessageKey(key) ? key : "api.error.invalid";
  return { field, code: known, message_en: translators.en(known, params), message_ko: translators.ko(known, params) };
}

/** An expected refusal: thrown anywhere below a route and turned into a problem response. */
export class ApiProblem extends Error {
  readonly kind: ProblemKind;
  readonly status: number;
  readonly detailKey: MessageKey;
  readonly detailParams: MessageParams | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Headers;

  constructor(kind: ProblemKind, options: { detail?: MessageKey; params?: MessageParams; errors?: FieldError[]; headers?: HeadersInit } = {}) {
    super(`${kind}${options.errors?.length ? `: ${options.errors.map((error) => `${error.field} ${error.message_en}`).join("; ")}` : ""}`);
    this.name = "ApiProblem";
    this.kind = kind;
    this.status = PROBLEM_TYPES[kind].status;
    this.detailKey = options.detail ?? PROBLEM_TYPES[kind].detail;
    this.detailParams = options.params;
    this.errors = options.errors;
    this.headers = new Headers(options.headers);
  }
}

export function problemBody(problem: ApiProblem, options: { locale: Locale; instance: string; siteUrl: string }): ProblemBody {
  const t = translators[options.locale];
  const body: ProblemBody = {
    type: problemTypeUri(problem.kind, options.siteUrl),
    title: t(PROBLEM_TYPES[problem.kind].title),
    status: problem.status,
    detail: t(problem.detailKey, problem.detailParams),
    instance: options.instance,
  };
  if (problem.errors && problem.errors.length > 0) body.errors = problem.errors;
  return body;
}

export function problemResponse(
  problem: ApiProblem,
  options: { locale: Locale; instance: string; siteUrl: string; headers?: HeadersInit }
): Response {
  const headers = new Headers(options.headers);
  problem.headers.forEach((value, name) => headers.set(name, value));
  headers.set("Content-Type", PROBLEM_CONTENT_TYPE);
  headers.set("Content-Language", options.locale);
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(problemBody(problem, options)), { status: problem.status, headers });
}

/** A name that reads unambiguously after a dot; anything else (empty, "a.b", "x[0]") is quoted. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * "location.lat", "processes[2]", "certifications[0].type": the field as a client names it. A key
 * that is not a plain name is written as a quoted index (`[""]`, `meta["a.b"]`), so every field
 * is non-empty and no two paths read alike.
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && PLAIN_NAME.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function joinField(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  const rest = formatPath(path);
  if (prefix === "") return rest;
  if (rest === "") return prefix;
  return rest.startsWith("[") ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

type AnyIssue = z.core.$ZodIssue;

function describeValues(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(", ");
}

function originOf(issue: AnyIssue): string {
  return "origin" in issue && typeof issue.origin === "string" ? issue.origin : "";
}

/** One issue → message key and parameters. Schemas may name their own keys; zod's defaults get generic ones. */
function messageFor(issue: AnyIssue): { key: MessageKey; params: MessageParams } {
  if (isMessageKey(issue.message)) {
    const params: MessageParams = {};
    for (const [name, value] of Object.entries(issue)) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
      if (typeof value === "bigint") params[name] = value.toString();
    }
    return { key: issue.message, params };
  }
  switch (issue.code) {
    case "invalid_type":
      // Parsed with reportInput (see parseWithInput), a missing value has input undefined.
      if (issue.input === undefined) return { key: "api.error.required", params: {} };
      if (issue.expected === "int") return { key: "api.error.integer", params: {} };
      return { key: "api.error.invalid_type", params: { expected: issue.expected } };
    case "too_small": {
      const minimum = Number(issue.minimum);
      const origin = originOf(issue);
      if (origin === "string") return { key: minimum <= 1 ? "api.error.empty" : "api.error.too_short", params: { minimum } };
      if (origin === "array" || origin === "set") return { key: "api.error.too_few", params: { minimum } };
      return { key: issue.inclusive === false ? "api.error.must_exceed" : "api.error.too_small", params: { minimum } };
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      const origin = originOf(issue);
      if (origin === "string") return { key: "api.error.too_long", params: { maximum } };
      if (origin === "array" || origin === "set") return { key: "api.error.too_many", params: { maximum } };
      return { key: "api.error.too_big", params: { maximum } };
    }
    case "invalid_value":
      return { key: "api.error.invalid_value", params: { values: describeValues(issue.values) } };
    case "invalid_format":
      return { key: "api.error.invalid_format", params: { format: issue.format } };
    case "not_multiple_of":
      return { key: "api.error.not_multiple_of", params: { divisor: Number(issue.divisor) } };
    case "invalid_union":
      return { key: "api.error.invalid", params: {} };
    default:
      return { key: "api.error.invalid", params: {} };
  }
}

/**
 * safeParse that keeps each issue's input, so a missing field reads "Required" rather than "wrong
 * type". The input is only inspected, never echoed back to the client.
 */
export function parseWithInput<T extends z.ZodType>(schema: T, value: unknown) {
  return schema.safeParse(value, { reportInput: true });
}

/** Every issue of a failed zod parse as field errors; unknown keys get one error each. */
export function fieldErrorsFromZod(error: z.ZodError, prefix = ""): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const push = (entry: FieldError) => {
    const id = `${entry.field}\u0000${entry.message_en}`;
    if (seen.has(id)) return;
    seen.add(id);
    errors.push(entry);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const name of issue.keys) push(fieldError(joinField(prefix, [...issue.path, name]), "api.error.unknown_field"));
      continue;
    }
    const { key, params } = messageFor(issue);
    push(fieldError(joinField(prefix, issue.path) || prefix || "body", key, params));
  }
  return errors;
}

/** Field errors from a module that reports { field: messageKey } (e.g. the search query parser). */
export function fieldErrorsFromKeys(errors: Readonly<Record<string, string>>): FieldError[] {
  return Object.entries(errors).map(([field, key]) => fieldError(field, key));
}

export function validationProblem(errors: FieldError[]): ApiProblem {
  return new ApiProblem("validation_failed", { errors });
}
