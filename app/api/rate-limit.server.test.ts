import { describe, expect, it } from "vitest";
import { rateLimitHeaders, rateLimitsFrom, TokenBucketLimiter } from "./rate-limit.server";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("token bucket", () => {
  it("allows a burst, then refuses with the wait until the next token", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ burst: 3, perMinute: 60 }, { now: time.now });
    expect([1, 2, 3].map(() => limiter.take("k").allowed)).toEqual([true, true, true]);
    const refused = limiter.take("k");
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 3, retryAfterSeconds: 1 });
    time.advance(999);
    expect(limiter.take("k").allowed).toBe(false);
    time.advance(1);
    expect(limiter.take("k")).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("refills at the configured rate and never beyond the burst", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ burst: 5, perMinute: 30 }, { now: time.now });
    for (let index = 0; index < 5; index++) limiter.take("k");
    time.advance(10_000); // 30/min = one per 2 s → 5 tokens
    expect(limiter.take("k").remaining).toBe(4);
    time.advance(3_600_000);
    expect(limiter.take("k").remaining).toBe(4);
  });

  it("keeps separate buckets per key", () => {
    const limiter = new TokenBucketLimiter({ burst: 1, perMinute: 1 }, { now: clock().now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("says how long a refused request must wait, rounded up to whole seconds", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ burst: 1, perMinute: 2 }, { now: time.now });
    limiter.take("k");
    expect(limiter.take("k").retryAfterSeconds).toBe(30);
    time.advance(29_500);
    expect(limiter.take("k").retryAfterSeconds).toBe(1);
  });

  it("does not charge refused requests", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ burst: 1, perMinute: 60 }, { now: time.now });
    limiter.take("k");
    for (let index = 0; index < 100; index++) limiter.take("k");
    time.advance(1000);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("stays bounded in memory, forgetting idle buckets first", () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ burst: 2, perMinute: 60 }, { now: time.now, maxBuckets: 100 });
    limiter.take("busy");
    limiter.take("busy");
    for (let index = 0; index < 1000; index++) limiter.take(`ip-${index}`);
    expect(limiter.size).toBeLessThanOrEqual(101);
    // A bucket forgotten while full loses nothing; the recently used ones are kept.
    expect(limiter.take("ip-999").remaining).toBe(0);
  });

  it("rejects nonsense policies", () => {
    expect(() => new TokenBucketLimiter({ burst: 0, perMinute: 10 })).toThrow();
    expect(() => new TokenBucketLimiter({ burst: 1, perMinute: 0 })).toThrow();
  });
});

describe("rate limit settings and headers", () => {
  it("has defaults and takes overrides from the environment", () => {
    expect(rateLimitsFrom({})).toEqual({ key: { burst: 120, perMinute: 600 }, ip: { burst: 60, perMinute: 300 } });
    expect(rateLimitsFrom({ API_RATE_LIMIT_KEY_BURST: "5", API_RATE_LIMIT_IP_PER_MINUTE: "10", API_RATE_LIMIT_IP_BURST: "" })).toEqual({
      key: { burst: 5, perMinute: 600 },
      ip: { burst: 60, perMinute: 10 },
    });
    expect(() => rateLimitsFrom({ API_RATE_LIMIT_KEY_BURST: "lots" })).toThrow(/API_RATE_LIMIT_KEY_BURST/);
    expect(() => rateLimitsFrom({ API_RATE_LIMIT_IP_BURST: "0" })).toThrow();
  });

  it("adds Retry-After only to refusals", () => {
    const allowed = rateLimitHeaders({ allowed: true, remaining: 4, limit: 5, retryAfterSeconds: 0, resetSeconds: 2 });
    expect(allowed).toEqual({ "RateLimit-Limit": "5", "RateLimit-Remaining": "4", "RateLimit-Reset": "2" });
    const refused = rateLimitHeaders({ allowed: false, remaining: 0, limit: 5, retryAfterSeconds: 3, resetSeconds: 10 });
    expect(refused["Retry-After"]).toBe("3");
  });
});
