/**
 * Saved searches for needs (saved_searches.target = 'needs') with their alert frequency. The
 * database sends the alerts (private.alert_saved_searches, when a need opens); this module only
 * keeps the user's list. Runs as the user: RLS limits every call to their own searches.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { SavedNeedFilters } from "~/needs/schema";
import { isUuid } from "./needs.server";
import { UnexpectedDataError, workflowError, type Result } from "./workflow-errors";

export type AlertFrequency = "off" | "instant" | "daily" | "weekly";

export type SavedNeedSearch = {
  id: string;
  name: string;
  query: string;
  filters: Record<string, unknown>;
  alert_frequency: AlertFrequency;
  last_alerted_at: string | null;
  created_at: string;
};

export async function listSavedNeedSearches(supabase: SupabaseClient): Promise<SavedNeedSearch[]> {
  const { data, error } = await supabase
    .from("saved_searches")
    .select("id, name, query, filters, alert_frequency, last_alerted_at, created_at")
    .eq("target", "needs")
    .order("created_at", { ascending: false });
  if (error) throw new UnexpectedDataError("Listing saved searches", error);
  return (data ?? []) as SavedNeedSearch[];
}

export async function createSavedNeedSearch(
  supabase: SupabaseClient,
  args: { userId: string; name: string; query: string; filters: SavedNeedFilters; alertFrequency: AlertFrequency },
): Promise<Result<{ id: string }>> {
  const { data, error } = await supabase
    .from("saved_searches")
    .insert({ user_id: args.userId, name: args.name, target: "needs", query: args.query.slice(0, 500), filters: args.filters, alert_frequency: args.alertFrequency })
    .select("id")
    .single();
  if (error) {
    if (error.code === "42501") return { ok: false, error: workflowError("forbidden", "eois.error.forbidden") };
    if (error.code === "23514") return { ok: false, error: workflowError("invalid", "needs.saved.name_required", "name") };
    throw new UnexpectedDataError("Saving a search", error);
  }
  return { ok: true, id: (data as { id: string }).id };
}

export async function updateSavedNeedSearch(supabase: SupabaseClient, args: { id: string; alertFrequency: AlertFrequency }): Promise<Result> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase.from("saved_searches").update({ alert_frequency: args.alertFrequency }).eq("id", args.id).eq("target", "needs").select("id");
  if (error) throw new UnexpectedDataError("Updating a saved search", error);
  if (!data || data.length === 0) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  return { ok: true };
}

export async function deleteSavedNeedSearch(supabase: SupabaseClient, args: { id: string }): Promise<Result> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase.from("saved_searches").delete().eq("id", args.id).eq("target", "needs").select("id");
  if (error) throw new UnexpectedDataError("Deleting a saved search", error);
  if (!data || data.length === 0) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  return { ok: true };
}
