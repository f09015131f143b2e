import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import * as z from "zod";
import { getEnv } from "~/env.server";
import { getUser } from "~/utils/supabase.server";
import { wsTransport } from "~/utils/ws-transport.server";
import { looksLikeApiKey, parseApiKey } from "./keys.server";
import { ApiProblem } from "./problem.server";

/*
 * Who is calling the public API, and a Supabase client that acts as them, so row-level security
 * decides every read and write (docs/decisions/002-api-keys.md):
 *   - `Authorization: Bearer cm_live_…`: an organization's API key. The database verifies it
 *     (public.authenticate_api_key) and names the organization's API principal, an admin member
 *     that cannot sign in; the client sends a JWT for that principal, valid for one minute and
 *     minted here, so PostgREST applies the same policies as for a person of that organization.
 *   - the site's session cookie: the signed-in user, for the site's own fetches.
 *   - nothing: anonymous, public data only.
 * A presented key that is wrong never falls back to anonymous: it is a 401.
 */

export type OrganizationKind = "contractor" | "sme" | "cluster_authority" | "government_reviewer" | "platform";

export type ApiKeyCaller = {
  kind: "api_key";
  supabase: SupabaseClient;
  apiKeyId: string;
  keyPrefix: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  principalUserId: string;
  /** Headers to add to the response (none for keys; kept for a uniform shape). */
  headers: Headers;
};

export type SessionCaller = { kind: "session"; supabase: SupabaseClient; userId: string; headers: Headers };
export type AnonymousCaller = { kind: "anonymous"; supabase: SupabaseClient; headers: Headers };
export type ApiCaller = ApiKeyCaller | SessionCaller | AnonymousCaller;

const PRINCIPAL_TOKEN_SECONDS = 60;
const PRINCIPAL_TOKEN_RENEW_MARGIN_SECONDS = 15;
const principalSecretSchema = z.string().min(32);

let anonClient: SupabaseClient | null = null;

function serverClientOptions() {
  return {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: wsTransport },
  } as const;
}

/** A client without any session: anonymous reads and the key lookup. */
export function anonymousClient(): SupabaseClient {
  if (!anonClient) {
    const env = getEnv();
    anonClient = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, serverClientOptions());
  }
  return anonClient;
}

let warnedMissingSecret = false;

/**
 * The project's JWT secret (hosted Supabase: Project settings → API → JWT secret). Without it the
 * API still serves anonymous and session callers, and answers API keys with 503.
 */
function principalSecret(): Uint8Array | null {
  const parsed = principalSecretSchema.safeParse(process.env.SUPABASE_JWT_SECRET);
  if (!parsed.success) {
    if (!warnedMissingSecret) {
      console.warn("[api] SUPABASE_JWT_SECRET is not set (or shorter than 32 characters): API keys are refused with 503.");
      warnedMissingSecret = true;
    }
    return null;
  }
  return new TextEncoder().encode(parsed.data);
}

export async function mintPrincipalToken(args: { principalUserId: string; organizationId: string; apiKeyId: string; secret: Uint8Array }) {
  return new SignJWT({
    role: "authenticated",
    aal: "aal1",
    is_anonymous: false,
    app_metadata: { provider: "api_key", organization_id: args.organizationId, api_key_id: args.apiKeyId },
    user_metadata: {},
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(args.principalUserId)
    .setAudience("authenticated")
    .setIssuer("clustermatch-api")
    .setIssuedAt()
    .setExpirationTime(`${PRINCIPAL_TOKEN_SECONDS}s`)
    .sign(args.secret);
}

/**
 * The principal's token lives one minute so a revoked key stops working at once, yet one request
 * (a large import) can run for longer: hand out the token held, and mint a fresh one whenever it is
 * within a few seconds of expiring, instead of failing halfway through with an expired JWT.
 */
export function renewingToken(mint: () => Promise<string>, now: () => number = Date.now): () => Promise<string> {
  let current: { token: string; renewAt: number } | null = null;
  return async () => {
    if (!current || now() >= current.renewAt) {
      const mintedAt = now();
      current = { token: await mint(), renewAt: mintedAt + (PRINCIPAL_TOKEN_SECONDS - PRINCIPAL_TOKEN_RENEW_MARGIN_SECONDS) * 1000 };
    }
    return current.token;
  };
}

function principalClient(mint: () => Promise<string>): SupabaseClient {
  const env = getEnv();
  return createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    ...serverClientOptions(),
    accessToken: renewingToken(mint),
  });
}

const lookupRowSchema = z.object({
  api_key_id: z.string(),
  organization_id: z.string(),
  organization_kind: z.enum(["contractor", "sme", "cluster_authority", "government_reviewer", "platform"]),
  principal_user_id: z.string(),
});

export type AuthorizationHeader = { scheme: "none" } | { scheme: "api_key"; token: string } | { scheme: "other" };

export function readAuthorization(request: Request): AuthorizationHeader {
  const header = request.headers.get("Authorization");
  if (header === null || header.trim() === "") return { scheme: "none" };
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (match && looksLikeApiKey(match[1]!)) return { scheme: "api_key", token: match[1]! };
  return { scheme: "other" };
}

async function authenticateKey(token: string): Promise<ApiKeyCaller> {
  const parsed = parseApiKey(token);
  if (!parsed) throw new ApiProblem("invalid_api_key");
  const secret = principalSecret();
  if (!secret) throw new ApiProblem("service_unavailable", { detail: "api.problem.keys_not_configured" });
  const { data, error } = await anonymousClient().rpc("authenticate_api_key", { p_key: token });
  if (error) throw new ApiProblem("service_unavailable");
  const rows = z.array(lookupRowSchema).safeParse(data);
  if (!rows.success) throw new ApiProblem("service_unavailable");
  const row = rows.data[0];
  if (!row) throw new ApiProblem("invalid_api_key");
  const mint = () =>
    mintPrincipalToken({
      principalUserId: row.principal_user_id,
      organizationId: row.organization_id,
      apiKeyId: row.api_key_id,
      secret,
    });
  return {
    kind: "api_key",
    supabase: principalClient(mint),
    apiKeyId: row.api_key_id,
    keyPrefix: parsed.prefix,
    organizationId: row.organization_id,
    organizationKind: row.organization_kind,
    principalUserId: row.principal_user_id,
    headers: new Headers(),
  };
}

/** Supabase Auth keeps the session in cookies named sb-<project>-auth-token(.N). */
function hasSessionCookie(request: Request): boolean {
  const cookie = request.headers.get("Cookie");
  return cookie !== null && /(?:^|;\s*)sb-[^=]*-auth-token/.test(cookie);
}

/**
 * Identifies the caller. Throws ApiProblem: 401 for a malformed, unknown or revoked key or an
 * Authorization header that is not an API key; 503 when keys cannot be checked right now.
 */
export async function authenticateApiRequest(request: Request): Promise<ApiCaller> {
  const authorization = readAuthorization(request);
  if (authorization.scheme === "api_key") return authenticateKey(authorization.token);
  if (authorization.scheme === "other") throw new ApiProblem("invalid_api_key", { detail: "api.problem.bearer_only" });
  if (!hasSessionCookie(request)) return { kind: "anonymous", supabase: anonymousClient(), headers: new Headers() };
  const { user, supabase, headers } = await getUser(request);
  if (user) return { kind: "session", supabase, userId: user.id, headers };
  return { kind: "anonymous", supabase, headers };
}

/** The caller must be signed in or use a key: anonymous callers get 401. */
export function requireAuthenticated(caller: ApiCaller): asserts caller is ApiKeyCaller | SessionCaller {
  if (caller.kind === "anonymous") throw new ApiProblem("unauthorized");
}
