import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { getEnv } from "~/env.server";
import { wsTransport } from "~/utils/ws-transport.server";

/**
 * Service-role client: bypasses row-level security. Only for server jobs and scripts that act on
 * behalf of the platform (search sync, imports, seeding), never with a user's request data
 * deciding what it may touch.
 */
export function createSupabaseAdminClient(): SupabaseClient {
  const env = getEnv();
  if (!env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new Error("SUPABASE_SERVICE_ROLE_KEY is not set; server jobs need it (Project settings → API → service_role key).");
  }
  return createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: wsTransport },
  });
}
