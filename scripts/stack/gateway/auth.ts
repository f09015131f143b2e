/**
 * The part of Supabase Auth's (GoTrue's) HTTP API the app uses, with GoTrue's request and response
 * shapes, status codes and error codes, so the unmodified supabase-js client works against it.
 *
 * Behaves like `supabase start` with e-mail confirmations off (mailer autoconfirm): sign-up returns a
 * session at once. Mails (recovery, magic link, e-mail change) go to the local outbox.
 *
 * Reference: github.com/supabase/auth, internal/api/*.go (read for shapes; nothing copied).
 */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import bcrypt from "bcryptjs";
import { errors as joseErrors, jwtVerify } from "jose";
import type pg from "pg";
import { z } from "zod";
import { renderAuthMail, type AuthMailKind } from "./auth-mail.ts";
import { bearerToken, HttpError, readJson, sendJson, type GatewayContext, type ServiceHandler } from "./http.ts";
import { signJwt, type SupabaseClaims } from "./jwt.ts";

// ---------------------------------------------------------------------------------------------
// Settings. The values a `supabase start` project would have in supabase/config.toml.

/** [auth.password] minimum_password_length. GoTrue counts bytes, as we do. */
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt ignores everything past 72 bytes, so GoTrue refuses longer passwords. */
const PASSWORD_MAX_LENGTH = 72;
/** [auth] jwt_expiry */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/**
 * [auth] refresh_token_reuse_interval. A revoked refresh token may still be exchanged this long
 * after it was rotated (two tabs refreshing at once); afterwards its reuse counts as theft.
 */
export const REFRESH_TOKEN_REUSE_INTERVAL_SECONDS = 10;
/** [auth.email] otp_expiry: links and codes in mails. */
export const OTP_TTL_SECONDS = 3600;
/** [auth.email] max_frequency: minimum gap between two mails of one kind to one user. */
const EMAIL_MIN_INTERVAL_SECONDS = 1;
/** Auth requests are small; anything bigger is refused before parsing. */
const AUTH_BODY_LIMIT_BYTES = 64 * 1024;

const AUDIENCE = "authenticated";
const DEFAULT_ROLE = "authenticated";
const ADMIN_ROLES = new Set(["service_role", "supabase_admin"]);
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const BCRYPT_COST = 10;
const OTP_DIGITS = 6;

// ---------------------------------------------------------------------------------------------
// Errors, rendered as GoTrue renders them.

/** GoTrue answers a weak password with a 422 carrying the reasons. */
class WeakPasswordError extends HttpError {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(422, "weak_password", message);
  }
}

/** A few refresh-token errors use the OAuth2 error shape `{ error, error_description }`. */
class OAuthError extends HttpError {
  constructor(
    readonly oauthError: string,
    description: string,
  ) {
    super(400, oauthError, description);
  }
}

const invalidLogin = () => new HttpError(400, "invalid_credentials", "Invalid login credentials");
const otpExpired = (message = "Email link is invalid or has expired") => new HttpError(403, "otp_expired", message);

/** True when the client asked for API version 2024-01-01 or later (supabase-js always does). */
function wantsVersionedErrors(req: IncomingMessage) {
  const raw = req.headers["x-supabase-api-version"];
  if (typeof raw !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const time = Date.parse(`${raw}T00:00:00Z`);
  return Number.isFinite(time) && time >= Date.UTC(2024, 0, 1);
}

/**
 * Renders an Auth error: `{ code, message }` for API version 2024-01-01 clients (echoing the
 * version header, which tells supabase-js to read `code`), else the legacy `{ code, error_code, msg }`.
 */
export function sendAuthError(
  req: IncomingMessage,
  res: ServerResponse,
  error: HttpError,
  headers: Record<string, string> = {},
) {
  if (error instanceof OAuthError) {
    sendJson(res, error.status, { error: error.oauthError, error_description: error.message }, headers);
    return;
  }
  const versioned = wantsVersionedErrors(req);
  const responseHeaders: Record<string, string> = { ...headers, "x-sb-error-code": error.code };
  const weakPassword = error instanceof WeakPasswordError ? { weak_password: { reasons: error.reasons } } : {};
  if (versioned) {
    responseHeaders["x-supabase-api-version"] = "2024-01-01";
    sendJson(res, error.status, { code: error.code, message: error.message, ...weakPassword }, responseHeaders);
  } else {
    sendJson(res, error.status, { code: error.status, error_code: error.code, msg: error.message, ...weakPassword }, responseHeaders);
  }
}

// ---------------------------------------------------------------------------------------------
// Request parsing and validation.

async function readAuthBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return await readJson(req, AUTH_BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw new HttpError(413, "request_entity_too_large", `Request body too large (max ${AUTH_BODY_LIMIT_BYTES} bytes)`);
    }
    if (error instanceof HttpError && error.code === "bad_json") {
      const prefix = "Could not parse request body as JSON";
      throw new HttpError(400, "bad_json", error.message.startsWith(prefix) ? error.message : `${prefix}: ${error.message}`);
    }
    throw error;
  }
}

/** GoTrue decodes into typed structs, so a value of the wrong type is a `bad_json` error. */
function parseBody<T extends z.ZodType>(schema: T, body: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `field ${issue.path.join(".")}: ` : "";
  throw new HttpError(400, "bad_json", `Could not parse request body as JSON: ${where}${issue?.message ?? "invalid value"}`);
}

const optionalString = z.string().nullish();
const metadataObject = z.record(z.string(), z.unknown()).nullish();
const pkceFields = { code_challenge: optionalString, code_challenge_method: optionalString };

// badoux/checkmail's format check, which GoTrue uses.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function validateEmail(email: string | null | undefined): string {
  if (!email) throw new HttpError(400, "validation_failed", "An email address is required");
  if (email.length > 255) throw new HttpError(400, "validation_failed", "An email address is too long");
  if (!EMAIL_FORMAT.test(email)) {
    throw new HttpError(400, "validation_failed", "Unable to validate email address: invalid format");
  }
  return email.toLowerCase();
}

function validatePhone(phone: string): string {
  const formatted = phone.replace(/^\+/, "").replaceAll(" ", "");
  if (!/^[1-9]\d{1,14}$/.test(formatted)) {
    throw new HttpError(400, "validation_failed", "Invalid phone number format (E.164 required)");
  }
  return formatted;
}

function checkPasswordStrength(password: string) {
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_LENGTH) {
    throw new HttpError(400, "validation_failed", `Password cannot be longer than ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (Buffer.byteLength(password, "utf8") < PASSWORD_MIN_LENGTH) {
    throw new WeakPasswordError(`Password should be at least ${PASSWORD_MIN_LENGTH} characters.`, ["length"]);
  }
}

function validatePkce(method: string | null | undefined, challenge: string | null | undefined) {
  if (!method && !challenge) return;
  if (!method || !challenge) {
    throw new HttpError(400, "validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  if (!["s256", "plain"].includes(method.toLowerCase())) {
    throw new HttpError(400, "validation_failed", `code challenge method not supported: ${method}`);
  }
  if (challenge.length < 43 || challenge.length > 128) {
    throw new HttpError(400, "validation_failed", "code challenge has to be between 43 and 128 characters");
  }
}

/**
 * Where mails and /verify may send people back to: the site itself (any port on localhost), or a
 * loopback address, as GoTrue's redirect check allows; anything else falls back to the site URL.
 */
function redirectTarget(ctx: GatewayContext, requested: string | null | undefined): string {
  if (requested) {
    try {
      const site = new URL(ctx.config.siteUrl);
      const target = new URL(requested);
      const sameSite =
        site.hostname === target.hostname &&
        site.protocol === target.protocol &&
        (site.port === target.port || target.hostname === "localhost");
      const loopback =
        (target.protocol === "http:" || target.protocol === "https:") &&
        (target.hostname === "localhost" || target.hostname === "127.0.0.1" || target.hostname === "[::1]");
      if (sameSite || loopback) return requested;
    } catch {
      // not a URL: fall through to the site URL
    }
  }
  return ctx.config.siteUrl;
}

// ---------------------------------------------------------------------------------------------
// Database rows and their JSON shapes.

type Queryable = Pick<pg.PoolClient, "query">;

type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_token_new: string | null;
  email_change_token_current: string | null;
  email_change_sent_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
  is_sso_user: boolean;
};

type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
};

type SessionRow = { id: string; user_id: string; created_at: Date | null };

type RefreshTokenRow = {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  updated_at: Date | null;
};

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, phone,
  phone_confirmed_at, confirmation_token, confirmation_sent_at, confirmed_at, recovery_token, recovery_sent_at,
  email_change, email_change_token_new, email_change_token_current, email_change_sent_at, phone_change,
  phone_change_sent_at, reauthentication_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, banned_until, deleted_at, is_anonymous, is_sso_user`;

/** Go's zero time, which GoTrue prints for a timestamp a row never had. */
const GO_ZERO_TIME = "0001-01-01T00:00:00Z";
const iso = (value: Date | null) => (value ? value.toISOString() : GO_ZERO_TIME);

function identityJson(identity: IdentityRow) {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    ...(identity.last_sign_in_at ? { last_sign_in_at: identity.last_sign_in_at.toISOString() } : {}),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    ...(identity.email ? { email: identity.email } : {}),
  };
}

/** GoTrue's `models.User` as JSON: optional timestamps are left out when unset. */
function userJson(user: UserRow, identities: IdentityRow[]) {
  const optional = (key: string, value: Date | null) => (value ? { [key]: value.toISOString() } : {});
  return {
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    ...optional("email_confirmed_at", user.email_confirmed_at),
    ...optional("invited_at", user.invited_at),
    phone: user.phone ?? "",
    ...optional("phone_confirmed_at", user.phone_confirmed_at),
    ...optional("confirmation_sent_at", user.confirmation_sent_at),
    ...optional("confirmed_at", user.confirmed_at),
    ...optional("recovery_sent_at", user.recovery_sent_at),
    ...(user.email_change ? { new_email: user.email_change } : {}),
    ...optional("email_change_sent_at", user.email_change_sent_at),
    ...(user.phone_change ? { new_phone: user.phone_change } : {}),
    ...optional("phone_change_sent_at", user.phone_change_sent_at),
    ...optional("reauthentication_sent_at", user.reauthentication_sent_at),
    ...optional("last_sign_in_at", user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    ...optional("banned_until", user.banned_until),
    ...optional("deleted_at", user.deleted_at),
    is_anonymous: user.is_anonymous,
  };
}

async function findUserById(db: Queryable, id: string, lock = false): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

async function findUserByEmail(db: Queryable, email: string, lock = false): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = $1 and aud = $2 and is_sso_user = false
      order by created_at limit 1${lock ? " for update" : ""}`,
    [email.toLowerCase(), AUDIENCE],
  );
  return rows[0] ?? null;
}

async function identitiesOf(db: Queryable, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const byUser = new Map<string, IdentityRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [userIds],
  );
  for (const row of rows) byUser.get(row.user_id)?.push(row);
  return byUser;
}

async function loadUserJson(db: Queryable, id: string) {
  const user = await findUserById(db, id);
  if (!user) throw new HttpError(404, "user_not_found", "User not found");
  const identities = await identitiesOf(db, [id]);
  return userJson(user, identities.get(id) ?? []);
}

/** Updates the listed columns (names come from this file, never from input) and updated_at. */
async function updateUserColumns(db: Queryable, id: string, columns: Record<string, unknown>) {
  const names = Object.keys(columns);
  const assignments = names.map((name, index) => `${name} = $${index + 2}`);
  await db.query(`update auth.users set ${[...assignments, "updated_at = now()"].join(", ")} where id = $1`, [
    id,
    ...names.map((name) => columns[name]),
  ]);
}

/** GoTrue's metadata update: keys set to null are removed, others replaced. */
function mergeMetadata(current: Record<string, unknown> | null, updates: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

const isBanned = (user: UserRow) => user.banned_until !== null && user.banned_until.getTime() > Date.now();

async function withTransaction<T>(ctx: GatewayContext, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await ctx.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

function isPgError(error: unknown): error is { code: string; constraint?: string; message: string } {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string" && "severity" in error;
}

/**
 * A database failure GoTrue reports as a 500 with a fixed message; the detail goes to the log.
 * Data exceptions (class 22, e.g. a NUL character in metadata) come from the caller's values, so
 * they are a 400 instead.
 */
function databaseError(message: string, error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isPgError(error) && error.code.startsWith("22")) {
    return new HttpError(400, "validation_failed", "The request contains a value that cannot be stored (for example a NUL character)");
  }
  console.error(`[auth] ${message}:`, error);
  return new HttpError(500, "unexpected_failure", message);
}

// ---------------------------------------------------------------------------------------------
// Tokens and sessions.

const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);

/** The e-mail link token: sha224 over address and one-time code, as GoTrue stores it. */
const tokenHash = (emailOrPhone: string, otp: string) => createHash("sha224").update(emailOrPhone + otp).digest("hex");
const newOtp = () => randomInt(0, 10 ** OTP_DIGITS).toString().padStart(OTP_DIGITS, "0");
const newRefreshToken = () => randomBytes(16).toString("base64url");

type AuthenticationMethod = "password" | "otp";

function clientAddress(req: IncomingMessage): string | null {
  const address = req.socket.remoteAddress;
  return address && /^[0-9a-fA-F:.]+$/.test(address) ? address : null;
}

async function amrOf(db: Queryable, sessionId: string) {
  const { rows } = await db.query<{ authentication_method: string; ts: string }>(
    `select authentication_method, floor(extract(epoch from updated_at))::bigint as ts
       from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
    [sessionId],
  );
  return rows.map((row) => ({ method: row.authentication_method, timestamp: Number(row.ts) }));
}

async function mintAccessToken(ctx: GatewayContext, db: Queryable, user: UserRow, sessionId: string) {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
  const claims: SupabaseClaims = {
    iss: `${ctx.config.supabaseUrl}/auth/v1`,
    sub: user.id,
    aud: user.aud ?? AUDIENCE,
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: "aal1",
    amr: await amrOf(db, sessionId),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
  return { token: await signJwt(claims, ctx.config.jwtSecret), expiresAt };
}

async function sessionResponse(ctx: GatewayContext, db: Queryable, userId: string, sessionId: string, refreshToken: string) {
  const user = await findUserById(db, userId);
  if (!user) throw new HttpError(404, "user_not_found", "User not found");
  const identities = await identitiesOf(db, [userId]);
  const { token, expiresAt } = await mintAccessToken(ctx, db, user, sessionId);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: Math.max(0, expiresAt - Math.floor(Date.now() / 1000)),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user, identities.get(userId) ?? []),
  };
}

async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string | null) {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [NIL_UUID, token, userId, parent, sessionId],
  );
  return token;
}

/** A new session with its first refresh token; the caller's transaction keeps them together. */
async function issueSession(ctx: GatewayContext, db: Queryable, req: IncomingMessage, userId: string, method: AuthenticationMethod) {
  const sessionId = randomUUID();
  const userAgent = req.headers["user-agent"] ?? null;
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4)`,
    [sessionId, userId, userAgent, clientAddress(req)],
  );
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)`,
    [randomUUID(), sessionId, method],
  );
  const refreshToken = await insertRefreshToken(db, userId, sessionId, null);
  await db.query(`update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1`, [userId]);
  return sessionResponse(ctx, db, userId, sessionId, refreshToken);
}

type Caller = { claims: SupabaseClaims; user: UserRow; session: SessionRow | null };

async function verifyAccessToken(ctx: GatewayContext, req: IncomingMessage): Promise<SupabaseClaims> {
  const token = bearerToken(req);
  if (!token) throw new HttpError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(ctx.config.jwtSecret), { algorithms: ["HS256"] });
    return payload as SupabaseClaims;
  } catch (error) {
    const reason =
      error instanceof joseErrors.JWTExpired
        ? "token has invalid claims: token is expired"
        : error instanceof joseErrors.JWSSignatureVerificationFailed
          ? "token signature is invalid: signature is invalid"
          : error instanceof joseErrors.JOSEAlgNotAllowed
            ? "token is unverifiable: signing method is invalid"
            : error instanceof joseErrors.JWTClaimValidationFailed
              ? `token has invalid claims: ${error.message}`
              : "token is malformed";
    throw new HttpError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}

const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GoTrue's requireAuthentication: a valid token for an existing user whose session still exists. */
async function loadSessionOf(ctx: GatewayContext, claims: SupabaseClaims): Promise<SessionRow | null> {
  const sessionId = claims.session_id;
  if (!sessionId || sessionId === NIL_UUID) return null;
  if (!UUID_FORMAT.test(sessionId)) {
    throw new HttpError(403, "bad_jwt", "invalid claim: session_id claim must be a UUID");
  }
  const { rows } = await ctx.pool.query<SessionRow>(`select id, user_id, created_at from auth.sessions where id = $1`, [sessionId]);
  if (!rows[0]) throw new HttpError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
  return rows[0];
}

async function requireUser(ctx: GatewayContext, req: IncomingMessage): Promise<Caller> {
  const claims = await verifyAccessToken(ctx, req);
  if (!claims.sub) throw new HttpError(403, "bad_jwt", "invalid claim: missing sub claim");
  if (!UUID_FORMAT.test(claims.sub)) throw new HttpError(400, "bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(ctx.pool, claims.sub);
  if (!user) throw new HttpError(403, "user_not_found", "User from sub claim in JWT does not exist");
  const session = await loadSessionOf(ctx, claims);
  if (isBanned(user)) throw new HttpError(403, "user_banned", "User is banned");
  return { claims, user, session };
}

/** GoTrue's requireAdminCredentials: a service_role (or supabase_admin) token. */
async function requireAdmin(ctx: GatewayContext, req: IncomingMessage) {
  const claims = await verifyAccessToken(ctx, req);
  if (claims.session_id && claims.session_id !== NIL_UUID) {
    if (claims.sub && UUID_FORMAT.test(claims.sub) && !(await findUserById(ctx.pool, claims.sub))) {
      throw new HttpError(403, "user_not_found", "User from sub claim in JWT does not exist");
    }
    await loadSessionOf(ctx, claims);
  }
  if (!claims.role || !ADMIN_ROLES.has(claims.role)) throw new HttpError(403, "not_admin", "User not allowed");
  return claims;
}

// ---------------------------------------------------------------------------------------------
// Mail.

/** GoTrue's per-user mail frequency limit, keyed on the `*_sent_at` column of the mail kind. */
function assertMailInterval(sentAt: Date | null) {
  if (!sentAt) return;
  const waitMs = sentAt.getTime() + EMAIL_MIN_INTERVAL_SECONDS * 1000 - Date.now();
  if (waitMs > 0) {
    throw new HttpError(
      429,
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${Math.ceil(waitMs / 1000)} seconds.`,
    );
  }
}

/**
 * Sends the mail for a fresh token. The main link leads to the app's callback (redirect_to with
 * token_hash and type, for verifyOtp) when the client named one; the auth server's own /verify link
 * (implicit flow: the session arrives in the URL fragment) is always included too.
 */
async function sendTokenMail(
  ctx: GatewayContext,
  options: { kind: AuthMailKind; to: string; hash: string; otp: string; redirectTo: string | null },
) {
  const target = redirectTarget(ctx, options.redirectTo);
  const verifyLink = new URL(`${ctx.config.supabaseUrl}/auth/v1/verify`);
  verifyLink.searchParams.set("token", options.hash);
  verifyLink.searchParams.set("type", options.kind);
  verifyLink.searchParams.set("redirect_to", target);
  let primaryLink = verifyLink.toString();
  if (options.redirectTo && target === options.redirectTo) {
    const appLink = new URL(target);
    appLink.hash = "";
    appLink.searchParams.set("token_hash", options.hash);
    appLink.searchParams.set("type", options.kind);
    primaryLink = appLink.toString();
  }
  const mail = renderAuthMail({
    kind: options.kind,
    to: options.to,
    primaryLink,
    verifyLink: verifyLink.toString(),
    code: options.otp,
    validMinutes: Math.round(OTP_TTL_SECONDS / 60),
  });
  try {
    await ctx.sendMail(mail);
  } catch (error) {
    throw databaseError("Error sending email", error);
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints.

const signupSchema = z.object({
  email: optionalString,
  phone: optionalString,
  password: optionalString,
  data: metadataObject,
  channel: optionalString,
  ...pkceFields,
});

/**
 * Creates a confirmed e-mail user with its identity, in the caller's transaction, in GoTrue's order:
 * the insert (which fires the project's `on auth.users insert` triggers) carries only the sign-up
 * data, then the identity, then the metadata GoTrue adds and the confirmation.
 */
async function createEmailUser(
  db: Queryable,
  options: { email: string; passwordHash: string; data: Record<string, unknown> },
): Promise<string> {
  const userId = randomUUID();
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data,
       created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change, is_sso_user, is_anonymous)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), '', '', '', '', false, false)`,
    [
      NIL_UUID,
      userId,
      AUDIENCE,
      DEFAULT_ROLE,
      options.email,
      options.passwordHash,
      { provider: "email", providers: ["email"] },
      options.data,
    ],
  );
  const identityData = { ...options.data, sub: userId, email: options.email, email_verified: false, phone_verified: false };
  await db.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2::text, $2::uuid, $3, 'email', now(), now(), now())`,
    [randomUUID(), userId, identityData],
  );
  // Autoconfirm: GoTrue replaces the metadata with the identity's and marks the address verified.
  await updateUserColumns(db, userId, {
    raw_user_meta_data: { ...identityData, email_verified: true },
    email_confirmed_at: new Date(),
  });
  return userId;
}

function isUniqueEmailViolation(error: unknown) {
  return isPgError(error) && error.code === "23505" && (error.constraint ?? "").includes("email");
}

async function signup(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const params = parseBody(signupSchema, await readAuthBody(req));
  if (!params.email && !params.phone) {
    throw new HttpError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  }
  if (!params.password) throw new HttpError(400, "validation_failed", "Signup requires a valid password");
  checkPasswordStrength(params.password);
  if (params.email && params.phone) {
    throw new HttpError(400, "validation_failed", "Only an email address or phone number should be provided on signup.");
  }
  validatePkce(params.code_challenge_method, params.code_challenge);
  if (!params.email) throw new HttpError(400, "phone_provider_disabled", "Phone signups are disabled");
  const email = validateEmail(params.email);

  if (await findUserByEmail(ctx.pool, email)) {
    throw new HttpError(422, "user_already_exists", "User already registered");
  }
  const passwordHash = await hashPassword(params.password);
  let session;
  try {
    session = await withTransaction(ctx, async (db) => {
      const userId = await createEmailUser(db, { email, passwordHash, data: params.data ?? {} });
      return issueSession(ctx, db, req, userId, "password");
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw new HttpError(422, "user_already_exists", "User already registered");
    throw databaseError("Database error saving new user", error);
  }
  sendJson(res, 200, session);
}

const passwordGrantSchema = z.object({ email: optionalString, phone: optionalString, password: optionalString });
const refreshGrantSchema = z.object({ refresh_token: optionalString });

async function passwordGrant(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext) {
  const params = parseBody(passwordGrantSchema, await readAuthBody(req));
  if (params.email && params.phone) {
    throw new HttpError(400, "validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (params.phone) throw new HttpError(422, "phone_provider_disabled", "Phone logins are disabled");
  if (!params.email) throw new HttpError(400, "validation_failed", "missing email or phone");

  const user = await findUserByEmail(ctx.pool, params.email);
  if (!user || !user.encrypted_password) throw invalidLogin();
  if (isBanned(user)) throw new HttpError(400, "user_banned", "User is banned");
  const password = params.password ?? "";
  const valid = await bcrypt.compare(password, user.encrypted_password).catch(() => false);
  if (!valid) throw invalidLogin();
  if (!user.email_confirmed_at) throw new HttpError(400, "email_not_confirmed", "Email not confirmed");

  // GoTrue signs the user in but tells the client when the password no longer meets the rules.
  let weakPassword: { message: string; reasons: string[] } | undefined;
  try {
    checkPasswordStrength(password);
  } catch (error) {
    if (error instanceof WeakPasswordError) weakPassword = { message: error.message, reasons: error.reasons };
  }
  const session = await withTransaction(ctx, (db) => issueSession(ctx, db, req, user.id, "password"));
  sendJson(res, 200, weakPassword ? { ...session, weak_password: weakPassword } : session);
}

/**
 * Refresh-token rotation, following GoTrue:
 * - an active token is revoked and replaced by a child (parent = the old token) in the same session;
 * - a revoked token whose child is still the session's active token returns that child again (the
 *   client lost the previous response);
 * - any other revoked token is accepted within REFRESH_TOKEN_REUSE_INTERVAL_SECONDS of its rotation
 *   (concurrent refreshes) and gets a new child;
 * - later reuse is treated as a stolen token: the whole session is ended (all its refresh tokens and,
 *   because /user checks the session, its access tokens too) and the request fails with
 *   `refresh_token_already_used`.
 */
async function refreshGrant(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext) {
  const params = parseBody(refreshGrantSchema, await readAuthBody(req));
  const presented = params.refresh_token;
  if (!presented) throw new OAuthError("invalid_request", "refresh_token required");

  const notFound = () => new HttpError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  const outcome = await withTransaction(ctx, async (db) => {
    const located = await db.query<{ session_id: string | null }>(
      `select session_id from auth.refresh_tokens where token = $1`,
      [presented],
    );
    if (!located.rows[0]) throw notFound();
    const sessionId = located.rows[0].session_id;
    // Session first, then token, the order in which deleting a session (sign-out) locks them; the
    // session lock also serializes concurrent refreshes, so the second one sees the first's child.
    if (sessionId) await db.query(`select id from auth.sessions where id = $1 for update`, [sessionId]);
    const { rows } = await db.query<RefreshTokenRow>(
      `select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens where token = $1 for update`,
      [presented],
    );
    const token = rows[0];
    if (!token) throw notFound();
    const user = await findUserById(db, token.user_id);
    if (!user) throw notFound();
    if (isBanned(user)) throw new HttpError(400, "user_banned", "Invalid Refresh Token: User Banned");
    if (!token.session_id || token.session_id !== sessionId) {
      if (!token.session_id) await db.query(`delete from auth.refresh_tokens where id = $1`, [token.id]);
      return { error: new HttpError(400, "session_not_found", "Invalid Refresh Token: No Valid Session Found") };
    }

    let issued: string;
    if (!token.revoked) {
      await db.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1`, [token.id]);
      issued = await insertRefreshToken(db, user.id, token.session_id, token.token);
    } else {
      const active = await db.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1`,
        [token.session_id],
      );
      const reuseUntil = (token.updated_at?.getTime() ?? 0) + REFRESH_TOKEN_REUSE_INTERVAL_SECONDS * 1000;
      if (active.rows[0] && active.rows[0].parent === token.token) {
        issued = active.rows[0].token;
      } else if (Date.now() <= reuseUntil) {
        issued = await insertRefreshToken(db, user.id, token.session_id, token.token);
      } else {
        await db.query(`delete from auth.sessions where id = $1`, [token.session_id]);
        return { error: new HttpError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used") };
      }
    }
    await db.query(
      `update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now(), user_agent = $2, ip = $3 where id = $1`,
      [token.session_id, req.headers["user-agent"] ?? null, clientAddress(req)],
    );
    return { session: await sessionResponse(ctx, db, user.id, token.session_id, issued) };
  });
  // Errors returned (not thrown) above are decided after their writes were committed.
  if ("error" in outcome && outcome.error) throw outcome.error;
  if ("session" in outcome) sendJson(res, 200, outcome.session);
}

async function token(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  switch (url.searchParams.get("grant_type")) {
    case "password":
      return passwordGrant(req, res, ctx);
    case "refresh_token":
      return refreshGrant(req, res, ctx);
    case "pkce":
      // Mails here carry token_hash links for verifyOtp, so no PKCE flow state is ever created.
      throw new HttpError(404, "flow_state_not_found", "invalid flow state, no valid flow state found");
    default:
      throw new HttpError(400, "invalid_credentials", "unsupported_grant_type");
  }
}

async function getUser(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const { claims, user } = await requireUser(ctx, req);
  const audience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (audience !== AUDIENCE) {
    throw new HttpError(400, "validation_failed", "Token audience doesn't match request audience");
  }
  const identities = await identitiesOf(ctx.pool, [user.id]);
  sendJson(res, 200, userJson(user, identities.get(user.id) ?? []));
}

const userUpdateSchema = z.object({
  email: optionalString,
  phone: optionalString,
  password: optionalString,
  current_password: optionalString,
  nonce: optionalString,
  data: metadataObject,
  app_metadata: metadataObject,
  channel: optionalString,
  ...pkceFields,
});

async function updateUser(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const { user, session } = await requireUser(ctx, req);
  const params = parseBody(userUpdateSchema, await readAuthBody(req));
  const email = params.email ? validateEmail(params.email) : null;
  if (params.phone) {
    validatePhone(params.phone);
    throw new HttpError(400, "phone_provider_disabled", "Unsupported phone provider");
  }
  if (typeof params.password === "string") checkPasswordStrength(params.password);
  if (params.app_metadata && !ADMIN_ROLES.has(user.role ?? "")) {
    throw new HttpError(403, "not_admin", "Updating app_metadata requires admin privileges");
  }
  validatePkce(params.code_challenge_method, params.code_challenge);
  const changesEmail = email !== null && email !== (user.email ?? "").toLowerCase();
  if (changesEmail) {
    const other = await findUserByEmail(ctx.pool, email);
    if (other && other.id !== user.id) {
      throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
    }
    assertMailInterval(user.email_change_sent_at);
  }
  let passwordHash: string | null = null;
  if (params.password) {
    if (user.encrypted_password && (await bcrypt.compare(params.password, user.encrypted_password).catch(() => false))) {
      throw new HttpError(422, "same_password", "New password should be different from the old password.");
    }
    passwordHash = await hashPassword(params.password);
  }

  try {
    await withTransaction(ctx, async (db) => {
      const current = await findUserById(db, user.id, true);
      if (!current) throw new HttpError(404, "user_not_found", "User not found");
      if (passwordHash) {
        // A new password voids outstanding links and every other session, as in GoTrue.
        await updateUserColumns(db, user.id, {
          encrypted_password: passwordHash,
          confirmation_token: "",
          confirmation_sent_at: null,
          recovery_token: "",
          recovery_sent_at: null,
          email_change_token_current: "",
          email_change_token_new: "",
          email_change_sent_at: null,
        });
        if (session) await db.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [user.id, session.id]);
        else await db.query(`delete from auth.sessions where user_id = $1`, [user.id]);
      }
      if (params.data) {
        await updateUserColumns(db, user.id, { raw_user_meta_data: mergeMetadata(current.raw_user_meta_data, params.data) });
      }
      if (params.app_metadata) {
        await updateUserColumns(db, user.id, { raw_app_meta_data: mergeMetadata(current.raw_app_meta_data, params.app_metadata) });
      }
      if (changesEmail) {
        const otp = newOtp();
        const hash = tokenHash(email, otp);
        await updateUserColumns(db, user.id, {
          email_change: email,
          email_change_token_new: hash,
          email_change_token_current: "",
          email_change_confirm_status: 0,
          email_change_sent_at: new Date(),
        });
        await sendTokenMail(ctx, { kind: "email_change", to: email, hash, otp, redirectTo: url.searchParams.get("redirect_to") });
      }
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) {
      throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
    }
    throw databaseError("Error updating user", error);
  }
  sendJson(res, 200, await loadUserJson(ctx.pool, user.id));
}

async function logout(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const scope = url.searchParams.get("scope") ?? "global";
  if (!["", "global", "local", "others"].includes(scope)) {
    throw new HttpError(400, "validation_failed", `Unsupported logout scope "${scope}"`);
  }
  const { user, session } = await requireUser(ctx, req);
  // Deleting sessions cascades to their refresh tokens and authentication records.
  if (session && scope === "local") {
    await ctx.pool.query(`delete from auth.sessions where id = $1`, [session.id]);
  } else if (session && scope === "others") {
    await ctx.pool.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [user.id, session.id]);
  } else {
    await withTransaction(ctx, async (db) => {
      await db.query(`delete from auth.sessions where user_id = $1`, [user.id]);
      await db.query(`delete from auth.refresh_tokens where user_id = $1`, [user.id]);
    });
  }
  res.writeHead(204);
  res.end();
}

const recoverSchema = z.object({ email: optionalString, ...pkceFields });

async function recover(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const params = parseBody(recoverSchema, await readAuthBody(req));
  if (!params.email) throw new HttpError(400, "validation_failed", "Password recovery requires an email");
  const email = validateEmail(params.email);
  validatePkce(params.code_challenge_method, params.code_challenge);
  const user = await findUserByEmail(ctx.pool, email);
  // Unknown addresses get the same answer, so the endpoint does not reveal who has an account.
  if (user) await sendRecoveryMail(ctx, user.id, "recovery", url.searchParams.get("redirect_to"));
  sendJson(res, 200, {});
}

/** Recovery and magic-link mails share the recovery token, as in GoTrue. */
async function sendRecoveryMail(ctx: GatewayContext, userId: string, kind: "recovery" | "magiclink", redirectTo: string | null) {
  try {
    await withTransaction(ctx, async (db) => {
      const user = await findUserById(db, userId, true);
      if (!user?.email) return;
      assertMailInterval(user.recovery_sent_at);
      const otp = newOtp();
      const hash = tokenHash(user.email, otp);
      await updateUserColumns(db, user.id, { recovery_token: hash, recovery_sent_at: new Date() });
      await sendTokenMail(ctx, { kind, to: user.email, hash, otp, redirectTo });
    });
  } catch (error) {
    throw databaseError(kind === "recovery" ? "Error sending recovery email" : "Error sending magic link email", error);
  }
}

const otpSchema = z.object({
  email: optionalString,
  phone: optionalString,
  create_user: z.boolean().nullish(),
  data: metadataObject,
  channel: optionalString,
  ...pkceFields,
});

/** Magic link (POST /otp and the older POST /magiclink): signs new addresses up first. */
async function otp(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext, legacyMagicLink = false) {
  const params = parseBody(otpSchema, await readAuthBody(req));
  if (params.email && params.phone) {
    throw new HttpError(400, "validation_failed", "Only an email address or phone number should be provided");
  }
  if (params.email && params.channel) {
    throw new HttpError(400, "validation_failed", "Channel should only be specified with Phone OTP");
  }
  validatePkce(params.code_challenge_method, params.code_challenge);
  if (params.phone) throw new HttpError(400, "phone_provider_disabled", "Unsupported phone provider");
  if (!params.email) {
    throw legacyMagicLink
      ? new HttpError(422, "validation_failed", "Password recovery requires an email")
      : new HttpError(400, "validation_failed", "One of email or phone must be set");
  }
  const email = validateEmail(params.email);
  const createUser = legacyMagicLink ? true : (params.create_user ?? true);

  let user = await findUserByEmail(ctx.pool, email);
  if (!user && !createUser) throw new HttpError(422, "otp_disabled", "Signups not allowed for otp");
  if (!user) {
    // A random password nobody knows: the account is reachable through mailed links until the
    // user sets one.
    const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
    try {
      const userId = await withTransaction(ctx, (db) => createEmailUser(db, { email, passwordHash, data: params.data ?? {} }));
      user = await findUserById(ctx.pool, userId);
    } catch (error) {
      if (!isUniqueEmailViolation(error)) throw databaseError("Database error saving new user", error);
      user = await findUserByEmail(ctx.pool, email);
    }
  } else if (!user.email_confirmed_at) {
    // Autoconfirm: proving control of the mailbox is what confirmation means.
    await updateUserColumns(ctx.pool, user.id, {
      email_confirmed_at: new Date(),
      raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email_verified: true }),
    });
  }
  if (!user) throw new HttpError(500, "unexpected_failure", "Database error finding user");
  await sendRecoveryMail(ctx, user.id, "magiclink", url.searchParams.get("redirect_to"));
  sendJson(res, 200, {});
}

const VERIFY_TYPES = ["signup", "invite", "magiclink", "recovery", "email_change", "email"] as const;
type VerifyType = (typeof VERIFY_TYPES)[number];

const verifyBodySchema = z.object({
  type: optionalString,
  token: optionalString,
  token_hash: optionalString,
  email: optionalString,
  phone: optionalString,
  redirect_to: optionalString,
});

function verificationType(type: string): VerifyType {
  if ((VERIFY_TYPES as readonly string[]).includes(type)) return type as VerifyType;
  if (type === "sms" || type === "phone_change") throw new HttpError(400, "phone_provider_disabled", "Unsupported phone provider");
  throw new HttpError(400, "validation_failed", "Unsupported verification type");
}

/**
 * Consumes a mailed token and signs the user in, in one transaction: the token is cleared, so a
 * second use fails with otp_expired. Returns the session.
 */
async function consumeToken(ctx: GatewayContext, req: IncomingMessage, type: VerifyType, hash: string, invalidMessage: string) {
  return withTransaction(ctx, async (db) => {
    const column = {
      signup: "confirmation_token",
      invite: "confirmation_token",
      magiclink: "recovery_token",
      recovery: "recovery_token",
      email_change: "email_change_token_new",
      email: null,
    }[type];
    const where = column ? `${column} = $1` : `(confirmation_token = $1 or recovery_token = $1)`;
    const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where ${where} limit 1 for update`, [hash]);
    const user = rows[0];
    if (!user) throw otpExpired(invalidMessage);
    if (isBanned(user)) throw new HttpError(403, "user_banned", "User is banned");
    const effectiveType: VerifyType =
      type === "email" ? (user.recovery_token === hash ? "magiclink" : "signup") : type;
    const sentAt = {
      signup: user.confirmation_sent_at,
      invite: user.confirmation_sent_at,
      magiclink: user.recovery_sent_at,
      recovery: user.recovery_sent_at,
      email_change: user.email_change_sent_at,
      email: null,
    }[effectiveType];
    if (!sentAt || Date.now() > sentAt.getTime() + OTP_TTL_SECONDS * 1000) throw otpExpired(invalidMessage);

    const confirmation = user.email_confirmed_at
      ? {}
      : { email_confirmed_at: new Date(), raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email_verified: true }) };
    if (effectiveType === "signup" || effectiveType === "invite") {
      await updateUserColumns(db, user.id, { confirmation_token: "", ...confirmation });
    } else if (effectiveType === "magiclink" || effectiveType === "recovery") {
      await updateUserColumns(db, user.id, { recovery_token: "", ...confirmation });
    } else {
      const newEmail = user.email_change ?? "";
      if (!newEmail) throw otpExpired(invalidMessage);
      const taken = await findUserByEmail(db, newEmail);
      if (taken && taken.id !== user.id) {
        throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
      }
      await updateUserColumns(db, user.id, {
        email: newEmail,
        email_change: "",
        email_change_token_new: "",
        email_change_token_current: "",
        email_change_sent_at: null,
        email_change_confirm_status: 0,
        email_confirmed_at: new Date(),
      });
      await db.query(
        `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', true),
           updated_at = now() where user_id = $1 and provider = 'email'`,
        [user.id, newEmail],
      );
    }
    return issueSession(ctx, db, req, user.id, "otp");
  });
}

async function verifyPost(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const params = parseBody(verifyBodySchema, await readAuthBody(req));
  if (!params.type) throw new HttpError(400, "validation_failed", "Verify requires a verification type");
  if ((!params.token && !params.token_hash) || (params.token && params.token_hash)) {
    throw new HttpError(400, "validation_failed", "Verify requires either a token or a token hash");
  }
  const type = verificationType(params.type);
  let hash: string;
  let invalidMessage = "Email link is invalid or has expired";
  if (params.token) {
    if (params.phone && !params.email) throw new HttpError(400, "phone_provider_disabled", "Unsupported phone provider");
    if (!params.email || params.phone) {
      throw new HttpError(400, "validation_failed", "Only an email address or phone number should be provided on verify");
    }
    // For an e-mail change the code was mailed to, and hashed with, the new address.
    hash = tokenHash(validateEmail(params.email), params.token);
    invalidMessage = "Token has expired or is invalid";
  } else {
    if (params.email || params.phone || params.redirect_to) {
      throw new HttpError(400, "validation_failed", "Only the token_hash and type should be provided");
    }
    hash = params.token_hash!;
  }
  try {
    sendJson(res, 200, await consumeToken(ctx, req, type, hash, invalidMessage));
  } catch (error) {
    throw databaseError("Database error updating user", error);
  }
}

/**
 * The link in the mail (implicit flow): on success, a 303 to redirect_to with the session in the
 * fragment; on a bad or used token, a 303 carrying the error in the fragment, as GoTrue does.
 */
async function verifyGet(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const rawType = url.searchParams.get("type") ?? "";
  const token = url.searchParams.get("token") ?? "";
  if (!rawType) throw new HttpError(400, "validation_failed", "Verify requires a verification type");
  if (!token) throw new HttpError(400, "validation_failed", "Verify requires a token or a token hash");
  const redirectTo = redirectTarget(ctx, url.searchParams.get("redirect_to"));
  const fragment = new URLSearchParams();
  try {
    const type = verificationType(rawType);
    const session = await consumeToken(ctx, req, type, token, "Email link is invalid or has expired");
    fragment.set("access_token", session.access_token);
    fragment.set("expires_at", String(session.expires_at));
    fragment.set("expires_in", String(session.expires_in));
    fragment.set("refresh_token", session.refresh_token);
    fragment.set("sb", "");
    fragment.set("token_type", session.token_type);
    fragment.set("type", type);
  } catch (error) {
    const httpError = databaseError("Database error updating user", error);
    const oauthCode = { 400: "invalid_request", 401: "unauthorized_client", 403: "access_denied", 500: "server_error" }[
      httpError.status
    ];
    if (oauthCode) fragment.set("error", oauthCode);
    fragment.set("error_code", httpError.code);
    fragment.set("error_description", httpError.message);
    fragment.set("sb", "");
  }
  const target = new URL(redirectTo);
  target.hash = fragment.toString();
  res.writeHead(303, { location: target.toString() });
  res.end();
}

// --- Admin -------------------------------------------------------------------------------------

const adminUserSchema = z.object({
  id: optionalString,
  aud: optionalString,
  role: optionalString,
  email: optionalString,
  phone: optionalString,
  password: optionalString,
  password_hash: optionalString,
  email_confirm: z.boolean().nullish(),
  phone_confirm: z.boolean().nullish(),
  user_metadata: metadataObject,
  app_metadata: metadataObject,
  ban_duration: optionalString,
});

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, which GoTrue uses for ban_duration ("24h", "90m", "none"). */
function banUntil(value: string): Date | null {
  if (value === "none") return null;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of value.matchAll(pattern)) {
    total += Number(match[1]) * GO_DURATION_UNITS[match[2]!]!;
    consumed += match[0].length;
  }
  // Go's durations stop at about 292 years.
  if (consumed === 0 || consumed !== value.length || !Number.isFinite(total) || total > 9.2e12) {
    throw new HttpError(400, "validation_failed", `invalid format for ban duration: time: invalid duration "${value}"`);
  }
  return total === 0 ? null : new Date(Date.now() + total);
}

function adminUserId(raw: string) {
  if (!UUID_FORMAT.test(raw)) throw new HttpError(404, "validation_failed", "user_id must be an UUID");
  return raw.toLowerCase();
}

async function adminCreateUser(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext) {
  const params = parseBody(adminUserSchema, await readAuthBody(req));
  if (!params.email && !params.phone) {
    throw new HttpError(400, "validation_failed", "Cannot create a user without either an email or phone");
  }
  const email = params.email ? validateEmail(params.email) : null;
  const phone = params.phone ? validatePhone(params.phone) : null;
  if (email && (await findUserByEmail(ctx.pool, email))) {
    throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
  }
  if (phone) {
    const { rowCount } = await ctx.pool.query(`select 1 from auth.users where phone = $1`, [phone]);
    if (rowCount) throw new HttpError(422, "phone_exists", "Phone number already registered by another user");
  }
  if (params.password && params.password_hash) {
    throw new HttpError(400, "validation_failed", "Only a password or a password hash should be provided");
  }
  let passwordHash: string;
  if (params.password_hash) {
    if (!/^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(params.password_hash)) {
      throw new HttpError(400, "validation_failed", "Invalid password hash: only bcrypt hashes are supported");
    }
    passwordHash = params.password_hash;
  } else {
    // Admin-created users skip the strength rules in GoTrue; bcrypt's length limit still holds.
    const password = params.password || randomBytes(32).toString("base64url");
    if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_LENGTH) {
      throw new HttpError(400, "validation_failed", "bcrypt: password length exceeds 72 bytes");
    }
    passwordHash = await hashPassword(password);
  }
  let userId: string = randomUUID();
  if (params.id) {
    if (!UUID_FORMAT.test(params.id)) throw new HttpError(400, "validation_failed", "ID must conform to the uuid v4 format");
    if (params.id === NIL_UUID) throw new HttpError(400, "validation_failed", "ID cannot be a nil uuid");
    userId = params.id.toLowerCase();
  }
  const bannedUntil = params.ban_duration ? banUntil(params.ban_duration) : null;
  const providers = [...(email ? ["email"] : []), ...(phone ? ["phone"] : [])];
  const userMetadata = params.user_metadata ?? {};

  try {
    await withTransaction(ctx, async (db) => {
      await db.query(
        `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data, raw_user_meta_data,
           created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change, is_sso_user, is_anonymous)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), now(), '', '', '', '', false, false)`,
        [
          NIL_UUID,
          userId,
          params.aud || AUDIENCE,
          params.role || DEFAULT_ROLE,
          email,
          phone,
          passwordHash,
          mergeMetadata({ provider: providers[0], providers }, params.app_metadata ?? {}),
          userMetadata,
        ],
      );
      if (email) {
        await db.query(
          `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
           values ($1, $2::text, $2::uuid, $3, 'email', now(), now(), now())`,
          [randomUUID(), userId, { sub: userId, email, email_verified: false, phone_verified: false }],
        );
      }
      if (phone) {
        await db.query(
          `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
           values ($1, $2::text, $2::uuid, $3, 'phone', now(), now(), now())`,
          [randomUUID(), userId, { sub: userId, phone, email_verified: false, phone_verified: false }],
        );
      }
      const confirmed: Record<string, unknown> = {};
      if (params.email_confirm) {
        confirmed.email_confirmed_at = new Date();
        confirmed.raw_user_meta_data = mergeMetadata(userMetadata, { email_verified: true });
      }
      if (params.phone_confirm) confirmed.phone_confirmed_at = new Date();
      if (bannedUntil) confirmed.banned_until = bannedUntil;
      if (Object.keys(confirmed).length > 0) await updateUserColumns(db, userId, confirmed);
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) {
      throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
    }
    if (isPgError(error) && error.code === "23505" && error.constraint === "users_pkey") {
      throw new HttpError(422, "validation_failed", "A user with this ID already exists");
    }
    if (isPgError(error) && error.code === "23505" && (error.constraint ?? "").includes("phone")) {
      throw new HttpError(422, "phone_exists", "Phone number already registered by another user");
    }
    throw databaseError("Database error creating new user", error);
  }
  sendJson(res, 200, await loadUserJson(ctx.pool, userId));
}

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 1000;

function pageNumber(raw: string | null, fallback: number) {
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new HttpError(400, "validation_failed", `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`);
  }
  return Number(raw);
}

async function adminListUsers(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) {
  const page = Math.max(1, pageNumber(url.searchParams.get("page"), 1));
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, pageNumber(url.searchParams.get("per_page"), DEFAULT_PER_PAGE)));
  let direction = "desc";
  const sort = url.searchParams.get("sort");
  if (sort) {
    const match = /^created_at(?:\s+(asc|desc))?$/i.exec(sort.trim());
    if (!match) throw new HttpError(400, "validation_failed", `Bad Sort Parameters: ${sort} is not a valid sort field`);
    direction = (match[1] ?? "desc").toLowerCase();
  }
  const filter = url.searchParams.get("filter");
  const conditions = ["aud = $1"];
  const values: unknown[] = [AUDIENCE];
  if (filter) {
    values.push(`%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`(email ilike $2 or raw_user_meta_data ->> 'full_name' ilike $2)`);
  }
  const where = conditions.join(" and ");
  const [{ rows: countRows }, { rows: users }] = await Promise.all([
    ctx.pool.query<{ count: string }>(`select count(*) from auth.users where ${where}`, values),
    ctx.pool.query<UserRow>(
      `select ${USER_COLUMNS} from auth.users where ${where}
        order by created_at ${direction} nulls last, id ${direction}
        limit $${values.length + 1} offset $${values.length + 2}`,
      [...values, perPage, ((BigInt(page) - 1n) * BigInt(perPage)).toString()],
    ),
  ]);
  const total = Number(countRows[0]?.count ?? 0);
  const identities = await identitiesOf(
    ctx.pool,
    users.map((user) => user.id),
  );

  // GoTrue re-encodes the request's query (keys sorted, as Go's url.Values does) for each link.
  const totalPages = Math.ceil(total / perPage);
  const linkFor = (target: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("page", String(target));
    query.sort();
    return `</admin/users?${query.toString()}>`;
  };
  const links = [...(totalPages > page ? [`${linkFor(page + 1)}; rel="next"`] : []), `${linkFor(totalPages)}; rel="last"`];
  sendJson(
    res,
    200,
    { users: users.map((user) => userJson(user, identities.get(user.id) ?? [])), aud: AUDIENCE },
    { link: links.join(", "), "x-total-count": String(total) },
  );
}

async function adminGetUser(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, id: string) {
  sendJson(res, 200, await loadUserJson(ctx.pool, adminUserId(id)));
}

async function adminUpdateUser(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, rawId: string) {
  const id = adminUserId(rawId);
  const params = parseBody(adminUserSchema, await readAuthBody(req));
  const existing = await findUserById(ctx.pool, id);
  if (!existing) throw new HttpError(404, "user_not_found", "User not found");
  const email = params.email ? validateEmail(params.email) : null;
  const phone = params.phone ? validatePhone(params.phone) : null;
  if (email) {
    const other = await findUserByEmail(ctx.pool, email);
    if (other && other.id !== id) {
      throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
    }
  }
  const bannedUntil = params.ban_duration ? banUntil(params.ban_duration) : undefined;
  let passwordHash: string | null = null;
  if (typeof params.password === "string") {
    checkPasswordStrength(params.password);
    passwordHash = await hashPassword(params.password);
  }

  try {
    await withTransaction(ctx, async (db) => {
      const user = await findUserById(db, id, true);
      if (!user) throw new HttpError(404, "user_not_found", "User not found");
      let userMetadata = user.raw_user_meta_data ?? {};
      let appMetadata = user.raw_app_meta_data ?? {};
      const columns: Record<string, unknown> = {};
      if (params.role) columns.role = params.role;
      if (params.email_confirm) {
        columns.email_confirmed_at = new Date();
        columns.confirmation_token = "";
        userMetadata = mergeMetadata(userMetadata, { email_verified: true });
      }
      if (params.phone_confirm) columns.phone_confirmed_at = new Date();
      if (passwordHash) {
        Object.assign(columns, {
          encrypted_password: passwordHash,
          confirmation_token: "",
          recovery_token: "",
          recovery_sent_at: null,
          email_change_token_current: "",
          email_change_token_new: "",
          email_change_sent_at: null,
        });
        // Without a session of its own, the admin's password change ends all of the user's sessions.
        await db.query(`delete from auth.sessions where user_id = $1`, [id]);
      }
      if (email) {
        columns.email = email;
        const identity = await db.query(`select id from auth.identities where user_id = $1 and provider = 'email'`, [id]);
        if (identity.rowCount) {
          await db.query(
            `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', $3::boolean),
               updated_at = now() where user_id = $1 and provider = 'email'`,
            [id, email, Boolean(params.email_confirm)],
          );
        } else {
          await db.query(
            `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
             values ($1, $2::text, $2::uuid, $3, 'email', now(), now(), now())`,
            [randomUUID(), id, { sub: id, email, email_verified: Boolean(params.email_confirm), phone_verified: false }],
          );
          const providers = new Set([...((appMetadata.providers as string[] | undefined) ?? []), "email"]);
          appMetadata = { ...appMetadata, provider: appMetadata.provider ?? "email", providers: [...providers] };
        }
      }
      if (phone) columns.phone = phone;
      if (params.app_metadata) appMetadata = mergeMetadata(appMetadata, params.app_metadata);
      if (params.user_metadata) userMetadata = mergeMetadata(userMetadata, params.user_metadata);
      columns.raw_user_meta_data = userMetadata;
      columns.raw_app_meta_data = appMetadata;
      if (bannedUntil !== undefined) columns.banned_until = bannedUntil;
      await updateUserColumns(db, id, columns);
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) {
      throw new HttpError(422, "email_exists", "A user with this email address has already been registered");
    }
    if (isPgError(error) && error.code === "23505" && (error.constraint ?? "").includes("phone")) {
      throw new HttpError(422, "phone_exists", "Phone number already registered by another user");
    }
    throw databaseError("Error updating user", error);
  }
  sendJson(res, 200, await loadUserJson(ctx.pool, id));
}

const adminDeleteSchema = z.object({ should_soft_delete: z.boolean().nullish() });

async function adminDeleteUser(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, rawId: string) {
  const id = adminUserId(rawId);
  const params = parseBody(adminDeleteSchema, await readAuthBody(req));
  try {
    await withTransaction(ctx, async (db) => {
      const user = await findUserById(db, id, true);
      if (!user) throw new HttpError(404, "user_not_found", "User not found");
      if (!params.should_soft_delete) {
        // Identities, sessions and refresh tokens go with the user (foreign keys cascade).
        await db.query(`delete from auth.refresh_tokens where user_id = $1`, [id]);
        await db.query(`delete from auth.users where id = $1`, [id]);
        return;
      }
      if (user.deleted_at) return;
      // Soft delete keeps the row for references but makes the account unusable and anonymous.
      const obfuscate = (value: string | null) =>
        value ? createHash("sha256").update(`${id}${value}`).digest("hex") : null;
      await updateUserColumns(db, id, {
        email: obfuscate(user.email),
        phone: obfuscate(user.phone),
        email_change: obfuscate(user.email_change) ?? "",
        encrypted_password: null,
        confirmation_token: "",
        recovery_token: "",
        email_change_token_current: "",
        email_change_token_new: "",
        raw_user_meta_data: {},
        deleted_at: new Date(),
      });
      await db.query(
        `update auth.identities set provider_id = encode(sha256(convert_to(user_id::text || provider_id, 'UTF8')), 'hex'),
           identity_data = '{}'::jsonb, updated_at = now() where user_id = $1`,
        [id],
      );
      await db.query(`delete from auth.sessions where user_id = $1`, [id]);
      await db.query(`delete from auth.refresh_tokens where user_id = $1`, [id]);
    });
  } catch (error) {
    throw databaseError("Database error deleting user", error);
  }
  sendJson(res, 200, {});
}

// --- Public settings and health ------------------------------------------------------------------

const EXTERNAL_PROVIDERS = [
  "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "snapchat", "figma", "fly", "github",
  "gitlab", "google", "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc",
  "workos", "twitch", "twitter", "email", "phone", "zoom",
];

function settings(req: IncomingMessage, res: ServerResponse) {
  sendJson(res, 200, {
    external: Object.fromEntries(EXTERNAL_PROVIDERS.map((name) => [name, name === "email"])),
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
}

function health(req: IncomingMessage, res: ServerResponse) {
  sendJson(res, 200, {
    version: "clustermatch-local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  });
}

// ---------------------------------------------------------------------------------------------
// Routing. The gateway has already checked the API key (except for GET /verify and /health).

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: GatewayContext) => Promise<void> | void;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/health": { GET: health },
  "/settings": { GET: settings },
  "/.well-known/jwks.json": { GET: (req, res) => sendJson(res, 200, { keys: [] }) },
  "/signup": { POST: signup },
  "/token": { POST: token },
  "/verify": { GET: verifyGet, POST: verifyPost },
  "/recover": { POST: recover },
  "/otp": { POST: (req, res, url, ctx) => otp(req, res, url, ctx) },
  "/magiclink": { POST: (req, res, url, ctx) => otp(req, res, url, ctx, true) },
  "/user": { GET: getUser, PUT: updateUser },
  "/logout": { POST: logout },
  "/admin/users": {
    GET: async (req, res, url, ctx) => {
      await requireAdmin(ctx, req);
      await adminListUsers(req, res, url, ctx);
    },
    POST: async (req, res, url, ctx) => {
      await requireAdmin(ctx, req);
      await adminCreateUser(req, res, ctx);
    },
  },
};

const ADMIN_USER_PATH = /^\/admin\/users\/([^/]+)\/?$/;

export const handleAuth: ServiceHandler = async (req, res, url, ctx) => {
  const method = req.method ?? "GET";
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
  const routes = ROUTES[path];
  if (routes) {
    const handler = routes[method];
    if (!handler) throw new HttpError(405, "method_not_allowed", "Method Not Allowed");
    await handler(req, res, url, ctx);
    return;
  }
  const adminUser = ADMIN_USER_PATH.exec(path);
  if (adminUser) {
    let id: string;
    try {
      id = decodeURIComponent(adminUser[1]!);
    } catch {
      throw new HttpError(404, "validation_failed", "user_id must be an UUID");
    }
    const action = { GET: adminGetUser, PUT: adminUpdateUser, DELETE: adminDeleteUser }[method];
    if (!action) throw new HttpError(405, "method_not_allowed", "Method Not Allowed");
    await requireAdmin(ctx, req);
    await action(req, res, ctx, id);
    return;
  }
  throw new HttpError(404, "not_found", "Not Found");
};
