import { describe, expect, it } from "vitest";
import { addressedHost, checkMutationOrigin, contentSecurityPolicy, createCspNonce, crossSiteRefusal, securityHeaders } from "./headers.server";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name as string, values];
  }));
}

describe("content security policy", () => {
  it("allows inline script only with this response's nonce", () => {
    const nonce = createCspNonce();
    const policy = directives(contentSecurityPolicy({ nonce, mapbox: false }));
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("script-src-attr")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("opens connect-src to Mapbox only when a token is configured", () => {
    const offline = directives(contentSecurityPolicy({ nonce: "abc=", mapbox: false }));
    expect(offline.get("connect-src")).toEqual(["'self'"]);
    const mapbox = directives(contentSecurityPolicy({ nonce: "abc=", mapbox: true }));
    expect(mapbox.get("connect-src")).toEqual(expect.arrayContaining(["'self'", "https://api.mapbox.com", "https://events.mapbox.com"]));
  });

  it("makes a fresh, unguessable nonce per response and refuses one that could break out of the header", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createCspNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *", mapbox: false })).toThrow();
  });
});

describe("security headers", () => {
  const base = { nonce: "abc=", mapbox: false };

  it("sends nosniff, the referrer policy and no framing everywhere", () => {
    const headers = securityHeaders({ ...base, nodeEnv: "development", siteUrl: "http://localhost:3000" });
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });

  it("sends HSTS only in production behind https", () => {
    expect(securityHeaders({ ...base, nodeEnv: "production", siteUrl: "https://clustermatch.example" })["Strict-Transport-Security"]).toMatch(/max-age=31536000/);
    expect(securityHeaders({ ...base, nodeEnv: "production", siteUrl: "http://localhost:3100" })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ ...base, nodeEnv: "development", siteUrl: "https://clustermatch.example" })).not.toHaveProperty("Strict-Transport-Security");
  });
});

describe("cross-site mutation check", () => {
  const site = "https://clustermatch.example";
  const post = (headers: Record<string, string>, path = "/needs/new") => ({ method: "POST", path, headers: { host: "clustermatch.example", ...headers } });

  it("lets reads through whatever their origin", () => {
    expect(checkMutationOrigin({ method: "GET", path: "/", headers: { origin: "https://evil.example" } }, site).allowed).toBe(true);
    expect(checkMutationOrigin({ method: "HEAD", path: "/", headers: { "sec-fetch-site": "cross-site" } }, site).allowed).toBe(true);
  });

  it("accepts posts from the site itself", () => {
    expect(checkMutationOrigin(post({ origin: site }), site).allowed).toBe(true);
    expect(checkMutationOrigin(post({ "sec-fetch-site": "same-origin" }), site).allowed).toBe(true);
    // Reached by another name for the same server (e.g. 127.0.0.1 in development): the Host it was sent to.
    expect(checkMutationOrigin({ method: "POST", path: "/sign-in", headers: { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" } }, site).allowed).toBe(true);
  });

  it("refuses the site's own origin sent to another host, as Remix would (403 here rather than its 500)", () => {
    const verdict = checkMutationOrigin({ method: "POST", path: "/clusters/x/parcels/y", headers: { host: "127.0.0.1:3100", origin: "http://localhost:3100" } }, "http://localhost:3100");
    expect(verdict).toMatchObject({ allowed: false, proxyMisconfigured: true });
    expect(checkMutationOrigin({ method: "POST", path: "/sign-in", headers: { origin: site } }, site).allowed).toBe(false);
  });

  it("compares Origin with X-Forwarded-Host when a (trusted) proxy set it, like Remix", () => {
    const behindProxy = { host: "127.0.0.1:3000", "x-forwarded-host": "clustermatch.example, 10.0.0.1" };
    expect(checkMutationOrigin({ method: "POST", path: "/sign-in", headers: { ...behindProxy, origin: site } }, site).allowed).toBe(true);
    expect(checkMutationOrigin({ method: "POST", path: "/sign-in", headers: { ...behindProxy, origin: "http://127.0.0.1:3000" } }, site).allowed).toBe(false);
    expect(addressedHost({ host: "a.example", "x-forwarded-host": "" })).toBe("a.example");
    expect(addressedHost({ host: "a.example", "x-forwarded-host": " b.example ,c" })).toBe("b.example");
  });

  it("refuses posts, puts and deletes from another site", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(checkMutationOrigin({ ...post({ origin: "https://evil.example" }), method }, site).allowed).toBe(false);
    }
    expect(checkMutationOrigin(post({ origin: "https://clustermatch.example.evil.example" }), site).allowed).toBe(false);
    expect(checkMutationOrigin(post({ origin: "null" }), site).allowed).toBe(false);
    expect(checkMutationOrigin(post({ origin: "not a url" }), site).allowed).toBe(false);
    expect(checkMutationOrigin(post({ "sec-fetch-site": "cross-site" }), site).allowed).toBe(false);
    expect(checkMutationOrigin(post({ "sec-fetch-site": "same-site" }), site).allowed).toBe(false);
  });

  it("leaves the public API to its own key-aware check", () => {
    expect(checkMutationOrigin(post({ origin: "https://partner.example" }, "/api/v1/match"), site).allowed).toBe(true);
    expect(checkMutationOrigin(post({ origin: "https://partner.example" }, "/api/v1x"), site).allowed).toBe(false);
  });

  it("lets non-browser clients (no Origin, no Sec-Fetch-Site) through: they carry no victim's cookies", () => {
    expect(checkMutationOrigin(post({}), site).allowed).toBe(true);
  });

  it("explains the refusal in both languages", () => {
    const html = crossSiteRefusal(true);
    expect(html.contentType).toMatch(/text\/html/);
    expect(html.body).toContain("another website");
    expect(html.body).toContain("다른 웹사이트");
    const problem = JSON.parse(crossSiteRefusal(false).body) as { status: number; detail_ko: string };
    expect(problem.status).toBe(403);
    expect(problem.detail_ko).toContain("다른 웹사이트");
  });
});
