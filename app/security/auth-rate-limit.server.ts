import * as z from "zod";
import { TokenBucketLimiter, type BucketPolicy, type TakeResult } from "~/api/rate-limit.server";

/*
 * Slows password guessing, account-creation floods and reset-mail bombing. Two buckets per form:
 * one per client address (a single machine trying many accounts) and one per e-mail address
 * (many machines trying one account, or flooding one inbox). In memory, like the API limits.
 */

export type AuthAction = "sign_in" | "sign_up" | "password_reset";

const positive = z.coerce.number().int().min(1).max(1_000_000);

/** Generous enough for the e2e and load runs from one address; tighten per deployment. */
const limitsSchema = z.object({
  AUTH_RATE_LIMIT_IP_BURST: positive.default(60),
  AUTH_RATE_LIMIT_IP_PER_MINUTE: positive.default(30),
  AUTH_RATE_LIMIT_EMAIL_BURST: positive.default(10),
  AUTH_RATE_LIMIT_EMAIL_PER_MINUTE: positive.default(5),
});

export type AuthRateLimits = { ip: BucketPolicy; email: BucketPolicy };

export function authRateLimitsFrom(env: Record<string, string | undefined>): AuthRateLimits {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith("AUTH_RATE_LIMIT_") && value !== ""));
  const parsed = limitsSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid auth rate limit settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  return {
    ip: { burst: parsed.data.AUTH_RATE_LIMIT_IP_BURST, perMinute: parsed.data.AUTH_RATE_LIMIT_IP_PER_MINUTE },
    email: { burst: parsed.data.AUTH_RATE_LIMIT_EMAIL_BURST, perMinute: parsed.data.AUTH_RATE_LIMIT_EMAIL_PER_MINUTE },
  };
}

export class AuthRateLimiter {
  private readonly byAddress: TokenBucketLimiter;
  private readonly byEmail: TokenBucketLimiter;

  constructor(limits: AuthRateLimits, options: { now?: () => number } = {}) {
    this.byAddress = new TokenBucketLimiter(limits.ip, options);
    this.byEmail = new TokenBucketLimiter(limits.email, options);
  }

  /** Takes a token for the address, then (if given) for the e-mail; the first refusal wins. */
  take(action: AuthAction, address: string, email?: string): TakeResult {
    const byAddress = this.byAddress.take(`${action}:${address || "unknown"}`);
    if (!byAddress.allowed) return byAddress;
    const normalized = email?.trim().toLowerCase();
    if (!normalized) return byAddress;
    return this.byEmail.take(`${action}:${normalized}`);
  }
}

let shared: AuthRateLimiter | null = null;

function clientAddress(context: unknown): string {
  if (context && typeof context === "object" && "clientIp" in context && typeof context.clientIp === "string") return context.clientIp;
  return "";
}

/**
 * For the auth actions: null when the attempt may go ahead, else the headers of a 429
 * (Retry-After tells the browser and scripts when to come back).
 */
export function refuseAuthAttempt(action: AuthAction, context: unknown, formData: FormData): Headers | null {
  shared ??= new AuthRateLimiter(authRateLimitsFrom(process.env));
  const email = formData.get("email");
  const result = shared.take(action, clientAddress(context), typeof email === "string" ? email.slice(0, 320) : undefined);
  if (result.allowed) return null;
  return new Headers({ "Retry-After": String(result.retryAfterSeconds) });
}
