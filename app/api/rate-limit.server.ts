import * as z from "zod";

/*
 * Token buckets kept in this process's memory, one per API key and one per client address.
 * A bucket holds up to `burst` tokens and refills at `perMinute` per minute; each request takes
 * one. In-memory is enough for one app process; several processes each enforce the limit on
 * their share (documented in docs/decisions/002-api-keys.md).
 */

export type BucketPolicy = { burst: number; perMinute: number };

export type TakeResult = {
  allowed: boolean;
  /** Whole tokens left after this request (0 when refused). */
  remaining: number;
  limit: number;
  /** Seconds until a refused request would succeed (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
};

type Bucket = { tokens: number; updatedAt: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(readonly policy: BucketPolicy, private readonly options: { now?: () => number; maxBuckets?: number } = {}) {
    if (!(policy.burst >= 1) || !(policy.perMinute > 0)) throw new Error("A rate limit needs burst ≥ 1 and perMinute > 0");
    this.refillPerMs = policy.perMinute / 60_000;
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.policy.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.refillPerMs);
  }

  take(key: string, cost = 1): TakeResult {
    const now = this.now();
    const existing = this.buckets.get(key);
    const tokens = existing ? this.refilled(existing, now) : this.policy.burst;
    const allowed = tokens >= cost;
    const left = allowed ? tokens - cost : tokens;
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: left, updatedAt: now });
    this.evict(now);
    const missing = allowed ? 0 : cost - left;
    return {
      allowed,
      remaining: Math.floor(left),
      limit: this.policy.burst,
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(missing / this.refillPerMs / 1000)),
      resetSeconds: Math.ceil((this.policy.burst - left) / this.refillPerMs / 1000),
    };
  }

  /** Forgets full buckets (they carry no state) and, past the cap, the least recently used. */
  private evict(now: number) {
    const maxBuckets = this.options.maxBuckets ?? 50_000;
    if (this.buckets.size <= maxBuckets) return;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.policy.burst) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= maxBuckets) break;
      this.buckets.delete(key);
    }
  }

  get size() {
    return this.buckets.size;
  }
}

const positive = z.coerce.number().int().min(1).max(1_000_000);

/** Overridable per deployment (and by the benchmark, which must not be throttled). */
const limitsSchema = z.object({
  API_RATE_LIMIT_KEY_BURST: positive.default(120),
  API_RATE_LIMIT_KEY_PER_MINUTE: positive.default(600),
  API_RATE_LIMIT_IP_BURST: positive.default(60),
  API_RATE_LIMIT_IP_PER_MINUTE: positive.default(300),
});

export type RateLimits = { key: BucketPolicy; ip: BucketPolicy };

export function rateLimitsFrom(env: Record<string, string | undefined>): RateLimits {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith("API_RATE_LIMIT_") && value !== ""));
  const parsed = limitsSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid API rate limit settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  return {
    key: { burst: parsed.data.API_RATE_LIMIT_KEY_BURST, perMinute: parsed.data.API_RATE_LIMIT_KEY_PER_MINUTE },
    ip: { burst: parsed.data.API_RATE_LIMIT_IP_BURST, perMinute: parsed.data.API_RATE_LIMIT_IP_PER_MINUTE },
  };
}

let limiters: { key: TokenBucketLimiter; ip: TokenBucketLimiter } | null = null;

function getLimiters() {
  if (!limiters) {
    const limits = rateLimitsFrom(process.env);
    limiters = { key: new TokenBucketLimiter(limits.key), ip: new TokenBucketLimiter(limits.ip) };
  }
  return limiters;
}

export function takeForApiKey(apiKeyId: string): TakeResult {
  return getLimiters().key.take(apiKeyId);
}

export function takeForAddress(address: string): TakeResult {
  return getLimiters().ip.take(address);
}

/** Draft IETF RateLimit fields, plus Retry-After when refused. */
export function rateLimitHeaders(result: TakeResult): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(result.resetSeconds),
  };
  if (!result.allowed) headers["Retry-After"] = String(result.retryAfterSeconds);
  return headers;
}
