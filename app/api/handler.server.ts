import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { getEnv } from "~/env.server";
import type { Locale } from "~/i18n";
import { getLocale } from "~/i18n/i18n.server";
import { authenticateApiRequest, readAuthorization, type ApiCaller } from "./auth.server";
import { ApiProblem, fieldError, fieldErrorsFromZod, formatPath, parseWithInput, problemResponse, validationProblem, type FieldError } from "./problem.server";
import { rateLimitHeaders, takeForAddress, takeForApiKey, type TakeResult } from "./rate-limit.server";

/*
 * The frame every /api/v1 route runs in: method check, rate limits (per client address before
 * authentication, per key after), authentication, a same-origin check for cookie-authenticated
 * writes, and one place that turns every failure into problem+json — an unexpected exception
 * becomes a logged 500, never a stack trace, and bad input never gets that far.
 */

export type ApiMethod = "GET" | "POST";

export type ApiContext = {
  request: Request;
  params: Record<string, string | undefined>;
  url: URL;
  caller: ApiCaller;
  locale: Locale;
};

export type ApiHandler = (context: ApiContext) => Promise<Response>;

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * The client's address, from the server adapter's load context (`clientIp`, set from Express's
 * req.ip, which honours the proxy settings). Without it, the last X-Forwarded-For hop.
 */
export function clientAddress(request: Request, context: unknown): string {
  if (context && typeof context === "object" && "clientIp" in context && typeof context.clientIp === "string" && context.clientIp !== "") {
    return context.clientIp;
  }
  const forwarded = request.headers.get("X-Forwarded-For");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? "unknown";
}

function rateLimited(result: TakeResult): ApiProblem {
  return new ApiProblem("rate_limited", { params: { seconds: result.retryAfterSeconds }, headers: rateLimitHeaders(result) });
}

function siteOrigin(): string {
  return new URL(getEnv().SITE_URL).origin;
}

/** Cookie-authenticated writes must come from the site itself (a browser always sends Origin on POST). */
function assertSameOrigin(request: Request, url: URL) {
  const origin = request.headers.get("Origin");
  if (origin === null) return;
  if (origin !== siteOrigin() && origin !== url.origin) throw new ApiProblem("cross_site");
}

export function apiJson(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", JSON_CONTENT_TYPE);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
  return new Response(JSON.stringify(data), { status: init.status ?? 200, headers });
}

type RouteOptions = { anyMethod?: ApiHandler };

async function run(
  handlers: Partial<Record<ApiMethod, ApiHandler>>,
  options: RouteOptions,
  args: LoaderFunctionArgs | ActionFunctionArgs
): Promise<Response> {
  const { request, params, context } = args;
  const url = new URL(request.url);
  const locale = getLocale(request);
  const responseHeaders = new Headers({ Vary: "Authorization, Cookie, Accept-Language" });
  const method = request.method.toUpperCase() === "HEAD" ? "GET" : (request.method.toUpperCase() as ApiMethod);
  try {
    const handler = handlers[method] ?? options.anyMethod;
    if (!handler) {
      throw new ApiProblem("method_not_allowed", {
        params: { method: request.method.toUpperCase(), allowed: Object.keys(handlers).join(", ") },
        headers: { Allow: Object.keys(handlers).join(", ") },
      });
    }
    const address = clientAddress(request, context);
    const applyLimit = (result: TakeResult) => {
      for (const [name, value] of Object.entries(rateLimitHeaders(result))) responseHeaders.set(name, value);
      if (!result.allowed) throw rateLimited(result);
    };

    let caller: ApiCaller;
    if (readAuthorization(request).scheme === "api_key") {
      try {
        caller = await authenticateApiRequest(request);
      } catch (error) {
        // Failed keys count against the address, so guessing is throttled like anonymous traffic.
        if (error instanceof ApiProblem && error.kind === "invalid_api_key") applyLimit(takeForAddress(address));
        throw error;
      }
      if (caller.kind === "api_key") applyLimit(takeForApiKey(caller.apiKeyId));
    } else {
      applyLimit(takeForAddress(address));
      caller = await authenticateApiRequest(request);
    }
    caller.headers.forEach((value, name) => responseHeaders.append(name, value));
    if (caller.kind === "session" && method !== "GET") assertSameOrigin(request, url);

    const response = await handler({ request, params, url, caller, locale });
    responseHeaders.forEach((value, name) => {
      if (name.toLowerCase() === "set-cookie") response.headers.append(name, value);
      else if (!response.headers.has(name)) response.headers.set(name, value);
    });
    return response;
  } catch (error) {
    let problem: ApiProblem;
    if (error instanceof ApiProblem) {
      problem = error;
    } else {
      console.error(`[api] ${request.method} ${url.pathname} failed:`, error);
      problem = new ApiProblem("internal_error");
    }
    return problemResponse(problem, { locale, instance: url.pathname, siteUrl: getEnv().SITE_URL, headers: responseHeaders });
  }
}

/**
 * Loader and action for an API resource route. GET (and HEAD) go to the loader, every other
 * method to the action, so an unsupported method is a 405 problem rather than Remix's HTML page.
 */
export function apiRoute(handlers: Partial<Record<ApiMethod, ApiHandler>>, options: RouteOptions = {}) {
  return {
    loader: (args: LoaderFunctionArgs) => run(handlers, options, args),
    action: (args: ActionFunctionArgs) => run(handlers, options, args),
  };
}

// Input --------------------------------------------------------------------------------------

/** Reads at most maxBytes of the body; more is a 413 without reading the rest. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiProblem("payload_too_large", { params: { limit: maxBytes } });
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ApiProblem("payload_too_large", { params: { limit: maxBytes } });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiProblem("validation_failed", { errors: [fieldError("body", "api.error.not_utf8")] });
  }
}

function mediaTypeOf(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function requireMediaType(request: Request, accepted: readonly string[]) {
  const type = mediaTypeOf(request);
  if (!accepted.includes(type)) {
    throw new ApiProblem("unsupported_media_type", { params: { accepted: accepted.join(", ") }, headers: { "Accept-Post": accepted.join(", ") } });
  }
}

export const MAX_JSON_BODY_BYTES = 256 * 1024;

/** A JSON body checked by a schema: 415 for another media type, 400 for bad JSON or bad fields. */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_JSON_BODY_BYTES): Promise<z.output<T>> {
  requireMediaType(request, ["application/json"]);
  const text = await readBodyText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiProblem("invalid_json", { errors: [fieldError("body", "api.error.invalid_json")] });
  }
  const parsed = parseWithInput(schema, value);
  if (!parsed.success) throw validationProblem(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/**
 * Query parameters checked by a strict object schema. Parameters named in `lists` may repeat or
 * hold comma-separated values; any other repeated parameter is an error, as is an unknown one.
 */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T, lists: readonly string[] = []): z.output<T> {
  const raw: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (lists.includes(name)) {
      raw[name] = values
        .flatMap((value) => value.split(","))
        .map((value) => value.trim())
        .filter((value) => value !== "");
    } else if (values.length > 1) {
      errors.push(fieldError(formatPath([name]), "api.error.repeated"));
    } else {
      raw[name] = values[0];
    }
  }
  const parsed = parseWithInput(schema, raw);
  if (!parsed.success) errors.push(...fieldErrorsFromZod(parsed.error));
  if (errors.length > 0 || !parsed.success) throw validationProblem(errors);
  return parsed.data;
}

/** A path parameter that must be a UUID; anything else cannot name a row, so it is a 404. */
export function uuidParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name] ?? "";
  if (!z.guid().safeParse(value).success) throw new ApiProblem("not_found");
  return value.toLowerCase();
}
