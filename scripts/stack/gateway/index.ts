import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { handleAuth, sendAuthError } from "./auth.ts";
import { handleStorage } from "./storage.ts";
import { apiKeyOf, bearerToken, HttpError, sendJson, type GatewayContext } from "./http.ts";
import { verifyJwt } from "./jwt.ts";

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers":
    "authorization, x-client-info, apikey, content-type, content-profile, accept-profile, prefer, range, x-upsert, x-metadata, cache-control, x-supabase-api-version",
  "access-control-expose-headers": "content-range, content-disposition, etag, x-supabase-api-version",
  "access-control-max-age": "86400",
};

/** Paths a browser reaches from a link or <img>, which carry no API key (as on hosted Supabase). */
function isKeylessPath(pathname: string, method: string) {
  if (method !== "GET" && method !== "HEAD") return false;
  return (
    pathname === "/auth/v1/verify" ||
    pathname === "/auth/v1/health" ||
    pathname.startsWith("/storage/v1/object/public/") ||
    pathname.startsWith("/storage/v1/object/sign/") ||
    pathname.startsWith("/storage/v1/render/image/public/")
  );
}

async function requireApiKey(req: IncomingMessage, url: URL, ctx: GatewayContext) {
  const apiKey = apiKeyOf(req, url);
  if (!apiKey) throw new HttpError(401, "no_api_key", "No API key found in request");
  const claims = await verifyJwt(apiKey, ctx.config.jwtSecret);
  if (!claims || (claims.role !== "anon" && claims.role !== "service_role")) {
    throw new HttpError(401, "invalid_api_key", "Invalid API key");
  }
  return apiKey;
}

function proxyToPostgrest(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext, apiKey: string) {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.apikey;
  // Kong on hosted Supabase forwards the API key as the bearer token when the client sends none.
  if (!bearerToken(req)) headers.authorization = `Bearer ${apiKey}`;
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: ctx.config.ports.postgrest,
      method: req.method,
      path: url.pathname.slice("/rest/v1".length) + url.search || "/",
      headers,
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...CORS_HEADERS });
      upstreamRes.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) {
      sendJson(res, 503, { code: "PGRST000", message: "The database API is unavailable", details: null, hint: null }, CORS_HEADERS);
    } else {
      res.destroy();
    }
  });
  req.pipe(upstream);
}

function sendGatewayError(req: IncomingMessage, res: ServerResponse, url: URL, error: unknown) {
  const httpError =
    error instanceof HttpError ? error : new HttpError(500, "unexpected_failure", "Unexpected gateway failure");
  if (!(error instanceof HttpError)) console.error("[gateway]", error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (url.pathname.startsWith("/storage/v1")) {
    sendJson(
      res,
      httpError.status,
      { statusCode: String(httpError.status), error: httpError.code, message: httpError.message },
      CORS_HEADERS,
    );
  } else if (url.pathname.startsWith("/auth/v1")) {
    sendAuthError(req, res, httpError, CORS_HEADERS);
  } else {
    sendJson(res, httpError.status, { message: httpError.message }, CORS_HEADERS);
  }
}

/*
 * How long an idle client connection stays open. Node's default (5 s) is shorter than the pauses
 * of a client whose event loop is busy (an import validating a large file between two requests):
 * undici cannot notice the server's close while its loop is blocked, reuses the closed socket for
 * its next request and fails with "fetch failed: other side closed". Hosted Supabase's gateway
 * keeps idle connections for about a minute; so does this one. Headers may take a moment longer
 * than that, as Node asks, so a request arriving just as the idle timer ends is not cut off.
 */
export const GATEWAY_KEEP_ALIVE_MS = 65_000;

export function createGateway(ctx: GatewayContext) {
  const server = http.createServer(async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://gateway.local");
    } catch {
      sendJson(res, 400, { message: "Malformed request URL" });
      return;
    }
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS_HEADERS);
        res.end();
        return;
      }
      const method = req.method ?? "GET";
      const apiKey = isKeylessPath(url.pathname, method) ? null : await requireApiKey(req, url, ctx);
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      if (url.pathname === "/rest/v1" || url.pathname.startsWith("/rest/v1/")) {
        proxyToPostgrest(req, res, url, ctx, apiKey!);
        return;
      }
      if (url.pathname.startsWith("/auth/v1/")) {
        await handleAuth(req, res, new URL(url.pathname.slice("/auth/v1".length) + url.search, url), ctx);
        return;
      }
      if (url.pathname.startsWith("/storage/v1/")) {
        await handleStorage(req, res, new URL(url.pathname.slice("/storage/v1".length) + url.search, url), ctx);
        return;
      }
      throw new HttpError(404, "not_found", "No route matched with those values");
    } catch (error) {
      sendGatewayError(req, res, url, error);
    }
  });
  server.keepAliveTimeout = GATEWAY_KEEP_ALIVE_MS;
  server.headersTimeout = GATEWAY_KEEP_ALIVE_MS + 1_000;
  return server;
}
