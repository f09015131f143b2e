import { createClient } from "@supabase/supabase-js";
import { getEnv } from "~/env.server";
import { wsTransport } from "~/utils/ws-transport.server";
import { processImportRun } from "./commit.server";

/*
 * Writes a commit run after the page has answered, so a large file shows progress instead of a
 * request that hangs. The work runs as the user who started it (their access token, so row-level
 * security and the database's own checks apply), not as the service role. If this process dies,
 * the run stays resumable: the report page offers "Resume", which calls this again.
 */

const active = new Set<string>();

export function isProcessingHere(runId: string) {
  return active.has(runId);
}

export function processInBackground({ runId, accessToken }: { runId: string; accessToken: string }) {
  if (active.has(runId)) return;
  active.add(runId);
  const env = getEnv();
  const supabase = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
    realtime: { transport: wsTransport },
  });
  void processImportRun(supabase, { runId })
    .catch((error: unknown) => {
      // The run keeps its pending rows; the page shows it as interrupted once the heartbeat is old.
      console.error(`[import] run ${runId} stopped: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(() => active.delete(runId));
}
