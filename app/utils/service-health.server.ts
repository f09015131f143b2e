import { getEnv } from "~/env.server";

/*
 * Whether the services a page needs answer right now. /healthz reports all of them; the error
 * handling in entry.server asks about the database API after a page failed, to tell a visitor
 * "temporarily unavailable" (503) instead of "something went wrong" (500) during an outage.
 */

const CHECK_TIMEOUT_MS = 2_000;
/** Many failing requests during an outage share one probe instead of each sending their own. */
const DATABASE_PROBE_REUSE_MS = 2_000;

export type CheckResult = "ok" | "error";
export type ServiceChecks = Record<"database" | "search" | "gateway", CheckResult>;

async function answersOk(url: string, headers: Record<string, string> = {}): Promise<CheckResult> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    // The body is not needed; draining it frees the connection.
    await response.body?.cancel();
    return response.ok ? "ok" : "error";
  } catch {
    return "error";
  }
}

function probeDatabaseApi(): Promise<CheckResult> {
  const env = getEnv();
  // The REST root lists the schema; some projects refuse it to the anon key, so prefer the service key.
  const restKey = env.SUPABASE_SERVICE_ROLE_KEY ?? env.SUPABASE_ANON_KEY;
  return answersOk(`${env.SUPABASE_URL}/rest/v1/`, { apikey: restKey, Authorization: `Bearer ${restKey}` });
}

/** PostgREST (and the database behind it), Auth through the Supabase gateway, and Meilisearch. Never throws. */
export async function checkServices(): Promise<ServiceChecks> {
  try {
    const env = getEnv();
    const [database, gateway, search] = await Promise.all([
      probeDatabaseApi(),
      answersOk(`${env.SUPABASE_URL}/auth/v1/health`, { apikey: env.SUPABASE_ANON_KEY }),
      answersOk(`${env.MEILI_URL}/health`),
    ]);
    return { database, search, gateway };
  } catch {
    return { database: "error", search: "error", gateway: "error" };
  }
}

let lastProbe: { at: number; result: Promise<CheckResult> } | null = null;

/** Whether the database API answers, probed at most every couple of seconds. Never throws. */
export function databaseApiAnswers(now = Date.now()): Promise<boolean> {
  if (!lastProbe || now - lastProbe.at > DATABASE_PROBE_REUSE_MS) {
    let result: Promise<CheckResult>;
    try {
      result = probeDatabaseApi();
    } catch {
      result = Promise.resolve("error");
    }
    lastProbe = { at: now, result };
  }
  return lastProbe.result.then((result) => result === "ok");
}
