import { json } from "@remix-run/node";
import { getEnv } from "~/env.server";

const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = "ok" | "error";

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

/**
 * Liveness of what a page needs: PostgREST (and the database behind it) and Auth through the
 * Supabase gateway, and Meilisearch. 200 when all answer, 503 otherwise; never throws.
 */
export async function loader() {
  let checks: Record<"database" | "search" | "gateway", CheckResult>;
  try {
    const env = getEnv();
    // The REST root lists the schema; some projects refuse it to the anon key, so prefer the service key.
    const restKey = env.SUPABASE_SERVICE_ROLE_KEY ?? env.SUPABASE_ANON_KEY;
    const [database, gateway, search] = await Promise.all([
      answersOk(`${env.SUPABASE_URL}/rest/v1/`, { apikey: restKey, Authorization: `Bearer ${restKey}` }),
      answersOk(`${env.SUPABASE_URL}/auth/v1/health`, { apikey: env.SUPABASE_ANON_KEY }),
      answersOk(`${env.MEILI_URL}/health`),
    ]);
    checks = { database, search, gateway };
  } catch {
    checks = { database: "error", search: "error", gateway: "error" };
  }
  const healthy = Object.values(checks).every((result) => result === "ok");
  return json(
    { status: healthy ? "ok" : "degraded", checks },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
