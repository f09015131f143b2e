import type { SupabaseClient } from "@supabase/supabase-js";
import { generateApiKey } from "~/api/keys.server";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";

/*
 * API keys of an organization, managed by its admins in settings. Runs as the signed-in admin:
 * row-level security limits every call to organizations they administer, and the database
 * writes the audit entries for creation and revocation itself (20261124005000_api.sql).
 */

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_by_name: string | null;
};

export type ApiKeyActivity = {
  id: number;
  occurred_at: string;
  action: string;
  key_name: string | null;
  key_prefix: string | null;
  actor_name: string | null;
};

export async function listApiKeys(supabase: SupabaseClient, { organizationId }: { organizationId: string }): Promise<ApiKeySummary[]> {
  const { data, error } = await supabase
    .from("api_keys")
    .select("id, name, prefix, created_at, revoked_at, last_used_at, created_by")
    .eq("organization_id", organizationId)
    .order("revoked_at", { ascending: false, nullsFirst: true })
    .order("created_at", { ascending: false });
  if (error) throw new Error(`Could not read API keys: ${error.message}`);
  const rows = (data ?? []) as Array<Omit<ApiKeySummary, "created_by_name"> & { created_by: string | null }>;
  const names = await displayNames(
    supabase,
    rows.map((row) => row.created_by)
  );
  return rows.map(({ created_by, ...row }) => ({ ...row, created_by_name: created_by ? names.get(created_by) ?? null : null }));
}

async function displayNames(supabase: SupabaseClient, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  // Profiles of co-members are visible; anyone else's name simply stays unknown.
  const { data } = await supabase.from("profiles").select("user_id, display_name").in("user_id", wanted);
  return new Map(((data ?? []) as Array<{ user_id: string; display_name: string }>).map((row) => [row.user_id, row.display_name]));
}

export async function listApiKeyActivity(
  supabase: SupabaseClient,
  { organizationId, limit = 20 }: { organizationId: string; limit?: number }
): Promise<ApiKeyActivity[]> {
  const { data, error } = await supabase
    .from("audit_log")
    .select("id, occurred_at, action, details, actor_user_id")
    .eq("organization_id", organizationId)
    .eq("entity_type", "api_keys")
    .order("occurred_at", { ascending: false })
    .order("id", { ascending: false })
    .limit(limit);
  if (error) throw new Error(`Could not read API key activity: ${error.message}`);
  const rows = (data ?? []) as Array<{
    id: number;
    occurred_at: string;
    action: string;
    details: Record<string, unknown>;
    actor_user_id: string | null;
  }>;
  const names = await displayNames(
    supabase,
    rows.map((row) => row.actor_user_id)
  );
  return rows.map((row) => ({
    id: row.id,
    occurred_at: row.occurred_at,
    action: row.action,
    key_name: typeof row.details.name === "string" ? row.details.name : typeof row.details.to === "string" ? row.details.to : null,
    key_prefix: typeof row.details.prefix === "string" ? row.details.prefix : null,
    actor_name: row.actor_user_id ? names.get(row.actor_user_id) ?? null : null,
  }));
}

export type CreatedApiKey = { id: string; name: string; prefix: string; key: string };

/** Creates a key; the secret is in the result only, never stored or logged. */
export async function createApiKey(
  supabase: SupabaseClient,
  { organizationId, name }: { organizationId: string; name: string }
): Promise<Result<CreatedApiKey>> {
  // A prefix collision (62⁸ possibilities) is all but impossible; one retry covers it anyway.
  for (let attempt = 0; attempt < 2; attempt++) {
    const generated = generateApiKey();
    const { data, error } = await supabase
      .from("api_keys")
      .insert({ organization_id: organizationId, name, prefix: generated.prefix, key_hash: generated.hash })
      .select("id")
      .single();
    if (!error) return ok({ id: (data as { id: string }).id, name, prefix: generated.prefix, key: generated.key });
    const classified = classifyPostgrestError(error);
    if (classified.code !== "conflict") return { ok: false, error: classified };
  }
  return fail("conflict");
}

export async function revokeApiKey(
  supabase: SupabaseClient,
  { organizationId, keyId }: { organizationId: string; keyId: string }
): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("api_keys")
    .update({ revoked_at: new Date().toISOString() })
    .eq("id", keyId)
    .eq("organization_id", organizationId)
    .is("revoked_at", null)
    .select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("not_found");
  return ok(null);
}
