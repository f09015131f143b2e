import type { IncomingMessage } from "node:http";
import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type pg from "pg";
import { apiKeyOf, bearerToken, type GatewayContext } from "./http.ts";
import { StorageError, StorageErrors, storageErrorFromPg } from "./storage-errors.ts";

export const DATABASE_ROLES = ["anon", "authenticated", "service_role"] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/** Who is calling, as Storage's jwt plugin decides it. */
export type Caller = {
  role: DatabaseRole;
  claims: JWTPayload & { role?: string };
  /** The token's `sub`, stored as the object's owner (as Storage does). */
  owner: string | undefined;
  /** False when no valid token was presented (only some routes allow that). */
  isAuthenticated: boolean;
  jwt: string;
};

const encoder = new TextEncoder();

function isDatabaseRole(role: unknown): role is DatabaseRole {
  return typeof role === "string" && (DATABASE_ROLES as readonly string[]).includes(role);
}

function joseMessage(error: unknown): string {
  if (error instanceof joseErrors.JOSEError) return error.message;
  return "Invalid JWT";
}

/**
 * Resolves the caller from the bearer token, falling back to the API key (hosted Supabase's API
 * gateway does the same). Routes Storage marks `allowInvalidJwt` treat a bad token as anonymous;
 * every other route refuses it with Storage's AccessDenied.
 */
export async function resolveCaller(
  req: IncomingMessage,
  url: URL,
  ctx: GatewayContext,
  options: { allowInvalidJwt: boolean },
): Promise<Caller> {
  const jwt = bearerToken(req) ?? apiKeyOf(req, url) ?? "";
  const anonymous = anonymousCaller();
  if (!jwt && options.allowInvalidJwt) return anonymous;
  let claims: JWTPayload & { role?: string };
  try {
    ({ payload: claims } = await jwtVerify(jwt, encoder.encode(ctx.config.jwtSecret), { algorithms: ["HS256"] }));
  } catch (error) {
    if (options.allowInvalidJwt) return anonymous;
    throw StorageErrors.accessDenied(joseMessage(error));
  }
  const role = claims.role ?? "anon";
  // Storage would hand an unknown role to `set role` and fail inside PostgreSQL; refuse it up front.
  if (!isDatabaseRole(role)) throw StorageErrors.accessDenied("Access denied: Invalid role");
  return { role, claims, owner: typeof claims.sub === "string" ? claims.sub : undefined, isAuthenticated: true, jwt };
}

/** A caller without a (valid) token: Storage's `{ role: "anon" }` payload. */
export function anonymousCaller(): Caller {
  return { role: "anon", claims: { role: "anon" }, owner: undefined, isAuthenticated: false, jwt: "" };
}

export function requireServiceRole(caller: Caller) {
  if (!caller.isAuthenticated) throw StorageErrors.accessDenied("Access denied: JWT is not authenticated", 403);
  if (caller.role !== "service_role") throw StorageErrors.accessDenied("Access denied: Invalid role", 403);
}

/**
 * One transaction with the caller's identity in place, as Storage runs its queries:
 * `asCaller` statements run under `set local role <role>` with the request.jwt.* settings, so
 * row-level security on storage.objects and storage.buckets decides; `asSuperuser` statements play
 * Storage's own privileged lookups (bucket limits, locks, existing versions).
 */
export class StorageTransaction {
  private currentRole: DatabaseRole | "superuser" = "superuser";
  private readonly rollbackActions: Array<() => Promise<void>> = [];
  private readonly commitActions: Array<() => Promise<void>> = [];

  constructor(
    private readonly client: pg.PoolClient,
    readonly caller: Caller,
  ) {}

  async asCaller<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []) {
    if (this.currentRole !== this.caller.role) {
      // The role name comes from the closed DATABASE_ROLES list, never from the request.
      await this.client.query(`set local role ${this.caller.role}`);
      this.currentRole = this.caller.role;
    }
    return this.client.query<Row>(text, values);
  }

  async asSuperuser<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []) {
    if (this.currentRole !== "superuser") {
      await this.client.query("set local role none");
      this.currentRole = "superuser";
    }
    return this.client.query<Row>(text, values);
  }

  /** Serialises writers of one object for the rest of the transaction (Storage's waitObjectLock). */
  async lockObject(bucketId: string, name: string) {
    await this.asSuperuser("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`storage:${bucketId}/${name}`]);
  }

  /** Undo for a filesystem change made inside the transaction, run if it does not commit. */
  onRollback(action: () => Promise<void>) {
    this.rollbackActions.push(action);
  }

  /** Cleanup that is only safe once the transaction has committed (old versions, removed files). */
  afterCommit(action: () => Promise<void>) {
    this.commitActions.push(action);
  }

  /** @internal */
  async runRollbackActions() {
    for (const action of this.rollbackActions.reverse()) await action().catch(() => undefined);
  }

  /** @internal */
  async runCommitActions() {
    for (const action of this.commitActions) await action().catch(() => undefined);
  }
}

export async function withStorageTransaction<T>(
  ctx: GatewayContext,
  caller: Caller,
  request: { method: string; path: string },
  work: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  const client = await ctx.pool.connect();
  const tx = new StorageTransaction(client, caller);
  let broken = false;
  try {
    await client.query("begin");
    await client.query(
      `select set_config('request.jwt.claims', $1, true),
              set_config('request.jwt.claim.sub', $2, true),
              set_config('request.jwt.claim.role', $3, true),
              set_config('request.jwt', $4, true),
              set_config('request.method', $5, true),
              set_config('request.path', $6, true),
              set_config('statement_timeout', '30s', true)`,
      [JSON.stringify(caller.claims), caller.owner ?? "", caller.role, caller.jwt, request.method, request.path],
    );
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      await client.query("rollback").catch(() => {
        broken = true;
      });
      await tx.runRollbackActions();
      throw error;
    }
    try {
      await client.query("commit");
    } catch (error) {
      broken = true;
      await tx.runRollbackActions();
      throw error;
    }
    await tx.runCommitActions();
    return result;
  } catch (error) {
    throw mapDatabaseError(error);
  } finally {
    client.release(broken);
  }
}

function mapDatabaseError(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  return storageErrorFromPg(error) ?? error;
}
