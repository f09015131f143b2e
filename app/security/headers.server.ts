import { randomBytes } from "node:crypto";

/*
 * Response headers that harden every page, and the cross-site check for form posts. Kept free of
 * Express so the rules are unit-tested here and the server (scripts/stack/app-server.ts) only wires
 * them in. What each header defends is in docs/security.md ("Threat model").
 */

/** 128 random bits per response: an attacker who injects markup cannot guess it. */
export function createCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Where Mapbox GL fetches styles, tiles and telemetry when a token is configured. */
const MAPBOX_ORIGINS = ["https://api.mapbox.com", "https://events.mapbox.com", "https://*.tiles.mapbox.com"];

export type CspOptions = {
  nonce: string;
  /** With a Mapbox token the map talks to Mapbox; without one, nothing leaves the site. */
  mapbox: boolean;
};

export function contentSecurityPolicy({ nonce, mapbox }: CspOptions): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be base64");
  const connect = ["'self'", ...(mapbox ? MAPBOX_ORIGINS : [])];
  const directives: Array<[string, string[]]> = [
    ["default-src", ["'self'"]],
    // Remix's inline context and module scripts carry the nonce; nothing else inline may run.
    ["script-src", ["'self'", `'nonce-${nonce}'`]],
    ["script-src-attr", ["'none'"]],
    // The map panel and charts position elements with style attributes; styles cannot run code.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", connect],
    // MapLibre's worker is served by the app; Mapbox GL builds its worker from a blob.
    ["worker-src", ["'self'", "blob:"]],
    ["child-src", ["'self'", "blob:"]],
    ["frame-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
    ["manifest-src", ["'self'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

export type SecurityHeaderOptions = CspOptions & {
  nodeEnv: string;
  siteUrl: string;
};

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
  // Only where the site is really served over https: HSTS on a plain-http host would lock users out.
  if (options.nodeEnv === "production" && new URL(options.siteUrl).protocol === "https:") {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type MutationRequest = {
  method: string;
  path: string;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
};

export type OriginVerdict = { allowed: true } | { allowed: false; reason: string; proxyMisconfigured?: boolean };

function header(request: MutationRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * The host the browser addressed, read exactly as Remix reads it before running an action: the
 * first X-Forwarded-Host entry, else Host. The server drops X-Forwarded-Host from peers that are
 * not trusted proxies before this runs, so a client cannot pick the host it is compared with.
 */
export function addressedHost(headers: MutationRequest["headers"]): string | undefined {
  const request = { method: "", path: "", headers };
  const forwarded = header(request, "x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || header(request, "host") || undefined;
}

/**
 * CSRF defence for cookie-authenticated form posts (Remix actions). A browser names the page that
 * sent a POST in `Origin` (and says how it relates in `Sec-Fetch-Site`); a post from another site
 * is refused before any action runs. Requests with neither header come from non-browser clients,
 * which cannot carry a victim's cookies. /api/v1 is left to its own handler: it accepts API keys
 * from anywhere and applies the same check to its cookie callers (app/api/handler.server.ts).
 *
 * Origin must name the host the request addressed, compared as Remix compares them: Remix
 * refuses any other action post itself, but with a bare 500. So the site URL alone is not enough:
 * a post from the site's origin to another host name (a proxy that rewrites Host without setting
 * X-Forwarded-Host) is refused here with a 403, and flagged so the server can say what to fix.
 */
export function checkMutationOrigin(request: MutationRequest, siteUrl: string): OriginVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { allowed: true };
  if (request.path === "/api/v1" || request.path.startsWith("/api/v1/")) return { allowed: true };

  const origin = header(request, "origin");
  if (origin !== undefined) {
    const originHost = origin === "null" ? null : hostOf(origin);
    const host = addressedHost(request.headers);
    if (originHost !== null && originHost === host) return { allowed: true };
    const reason = `Origin ${origin} is not the addressed host ${host ?? "(none)"}`;
    if (originHost !== null && originHost === hostOf(siteUrl)) return { allowed: false, reason, proxyMisconfigured: true };
    return { allowed: false, reason };
  }
  const fetchSite = header(request, "sec-fetch-site");
  if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") {
    return { allowed: false, reason: `Sec-Fetch-Site ${fetchSite}` };
  }
  return { allowed: true };
}

/** The refusal: bilingual, since no session or language is trusted yet. */
export function crossSiteRefusal(acceptsHtml: boolean): { contentType: string; body: string } {
  const en = "This form was sent from another website, so it was refused. Go back to ClusterMatch and submit it there.";
  const ko = "다른 웹사이트에서 보낸 요청이라 거부되었습니다. ClusterMatch로 돌아가 다시 제출하세요.";
  if (!acceptsHtml) {
    return {
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "about:blank", title: "Cross-site request refused", status: 403, detail: en, detail_ko: ko }),
    };
  }
  return {
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>403 · ClusterMatch</title></head>
<body><main>
<h1>Request refused</h1><p>${en}</p>
<h1 lang="ko">요청 거부</h1><p lang="ko">${ko}</p>
<p><a href="/">ClusterMatch</a></p>
</main></body></html>`,
  };
}
