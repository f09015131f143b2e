import { describe, expect, it } from "vitest";
import { AuthRateLimiter, authRateLimitsFrom } from "./auth-rate-limit.server";

describe("auth rate limits", () => {
  it("has generous defaults and reads AUTH_RATE_LIMIT_* overrides", () => {
    expect(authRateLimitsFrom({})).toEqual({ ip: { burst: 60, perMinute: 30 }, email: { burst: 10, perMinute: 5 } });
    expect(authRateLimitsFrom({ AUTH_RATE_LIMIT_EMAIL_BURST: "3", AUTH_RATE_LIMIT_IP_PER_MINUTE: "" }).email.burst).toBe(3);
    expect(() => authRateLimitsFrom({ AUTH_RATE_LIMIT_IP_BURST: "0" })).toThrow(/AUTH_RATE_LIMIT_IP_BURST/);
  });

  it("refuses an e-mail address tried too often, from any number of addresses, until tokens refill", () => {
    let now = 0;
    const limiter = new AuthRateLimiter({ ip: { burst: 100, perMinute: 100 }, email: { burst: 3, perMinute: 6 } }, { now: () => now });
    for (let attempt = 0; attempt < 3; attempt++) expect(limiter.take("sign_in", `10.0.0.${attempt}`, "SME@Example.test").allowed).toBe(true);
    const refused = limiter.take("sign_in", "10.0.0.9", " sme@example.test ");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(10);
    // Another account, and the same account on another form, are unaffected.
    expect(limiter.take("sign_in", "10.0.0.9", "other@example.test").allowed).toBe(true);
    expect(limiter.take("password_reset", "10.0.0.9", "sme@example.test").allowed).toBe(true);
    now += 10_000;
    expect(limiter.take("sign_in", "10.0.0.9", "sme@example.test").allowed).toBe(true);
  });

  it("refuses one address trying many accounts", () => {
    const limiter = new AuthRateLimiter({ ip: { burst: 5, perMinute: 1 }, email: { burst: 100, perMinute: 100 } }, { now: () => 0 });
    for (let attempt = 0; attempt < 5; attempt++) expect(limiter.take("sign_up", "203.0.113.7", `user${attempt}@example.test`).allowed).toBe(true);
    expect(limiter.take("sign_up", "203.0.113.7", "user99@example.test").allowed).toBe(false);
    expect(limiter.take("sign_up", "203.0.113.8", "user99@example.test").allowed).toBe(true);
  });
});
