import { createHmac } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Supabase CLI's well-known local JWT secret: local-only, never used with a hosted project. */
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const LOCAL_DB_PASSWORD = "postgres";
const LOCAL_MEILI_MASTER_KEY = "clustermatch-local-meili-master-key-0123456789";

export type StackPorts = {
  app: number;
  gateway: number;
  postgres: number;
  postgrest: number;
  meili: number;
};

export type StackConfig = {
  dataDir: string;
  ports: StackPorts;
  /** Which parts run locally; false when the environment points at hosted services. */
  local: { supabase: boolean; meili: boolean };
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  supabaseUrl: string;
  /** Superuser connection, for migrations, seed and the local gateway. */
  databaseUrl: string;
  /** PostgREST's login role; the password is set by the launcher on every start. */
  authenticatorPassword: string;
  dbPassword: string;
  meiliUrl: string;
  meiliMasterKey: string;
  siteUrl: string;
  outboxDir: string;
  storageDir: string;
};

export const DEFAULT_PORTS: StackPorts = {
  app: 3000,
  gateway: 54321,
  postgres: 54322,
  postgrest: 54323,
  meili: 7700,
};

/** Ports the test suites use, so tests never touch a running `npm start`. */
export const TEST_PORTS: StackPorts = {
  app: 3100,
  gateway: 55321,
  postgres: 55322,
  postgrest: 55323,
  meili: 7701,
};

function base64url(input: Buffer | string) {
  return Buffer.from(input).toString("base64url");
}

/** HS256 JWT, synchronous so the config can be computed without awaiting. */
export function signHs256(payload: Record<string, unknown>, secret: string) {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}

/** The same long-lived API keys the Supabase CLI derives for a local project. */
export function apiKeysFor(jwtSecret: string) {
  const exp = 1983812996; // 2032-11-12, as in the Supabase CLI's demo keys
  return {
    anonKey: signHs256({ iss: "supabase-demo", role: "anon", exp }, jwtSecret),
    serviceRoleKey: signHs256({ iss: "supabase-demo", role: "service_role", exp }, jwtSecret),
  };
}

type Env = Record<string, string | undefined>;

export function resolveStackConfig(
  env: Env = process.env,
  overrides: { dataDir?: string; ports?: Partial<StackPorts> } = {},
): StackConfig {
  const ports: StackPorts = {
    app: Number(env.PORT ?? DEFAULT_PORTS.app),
    gateway: Number(env.GATEWAY_PORT ?? DEFAULT_PORTS.gateway),
    postgres: Number(env.POSTGRES_PORT ?? DEFAULT_PORTS.postgres),
    postgrest: Number(env.POSTGREST_PORT ?? DEFAULT_PORTS.postgrest),
    meili: Number(env.MEILI_PORT ?? DEFAULT_PORTS.meili),
    ...overrides.ports,
  };
  const dataDir = path.resolve(overrides.dataDir ?? env.DATA_DIR ?? path.join(projectRoot, ".data"));
  const hostedSupabase = Boolean(env.SUPABASE_URL);
  const hostedMeili = Boolean(env.MEILI_URL);
  const jwtSecret = hostedSupabase ? env.SUPABASE_JWT_SECRET ?? "" : LOCAL_JWT_SECRET;
  const localKeys = apiKeysFor(LOCAL_JWT_SECRET);
  const dbPassword = LOCAL_DB_PASSWORD;
  return {
    dataDir,
    ports,
    local: { supabase: !hostedSupabase, meili: !hostedMeili },
    jwtSecret,
    anonKey: hostedSupabase ? env.SUPABASE_ANON_KEY ?? "" : localKeys.anonKey,
    serviceRoleKey: hostedSupabase ? env.SUPABASE_SERVICE_ROLE_KEY ?? "" : localKeys.serviceRoleKey,
    supabaseUrl: hostedSupabase ? env.SUPABASE_URL! : `http://127.0.0.1:${ports.gateway}`,
    databaseUrl: hostedSupabase
      ? env.DATABASE_URL ?? ""
      : `postgresql://postgres:${dbPassword}@127.0.0.1:${ports.postgres}/postgres`,
    authenticatorPassword: dbPassword,
    dbPassword,
    meiliUrl: hostedMeili ? env.MEILI_URL! : `http://127.0.0.1:${ports.meili}`,
    meiliMasterKey: hostedMeili ? env.MEILI_MASTER_KEY ?? "" : LOCAL_MEILI_MASTER_KEY,
    siteUrl: env.SITE_URL ?? `http://localhost:${ports.app}`,
    outboxDir: path.join(dataDir, "outbox"),
    storageDir: path.join(dataDir, "storage"),
  };
}

/** The environment the Remix server process receives from the launcher. */
export function appEnvFor(config: StackConfig, nodeEnv = "production"): Record<string, string> {
  return {
    NODE_ENV: nodeEnv,
    PORT: String(config.ports.app),
    SITE_URL: config.siteUrl,
    SUPABASE_URL: config.supabaseUrl,
    SUPABASE_ANON_KEY: config.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: config.serviceRoleKey,
    SUPABASE_JWT_SECRET: config.jwtSecret,
    DATABASE_URL: config.databaseUrl,
    MEILI_URL: config.meiliUrl,
    MEILI_MASTER_KEY: config.meiliMasterKey,
    MAIL_OUTBOX_DIR: config.outboxDir,
    DEV_TOOLS: config.local.supabase ? "true" : "false",
  };
}
