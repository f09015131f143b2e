/**
 * The signed-in user's notifications. Written only by the database (triggers of the needs
 * workflow); users read them, mark them read and dismiss them.
 *
 *   listNotifications(supabase, { limit? }) → NotificationRow[] (newest first)
 *   countUnread(supabase) → number
 *   markRead(supabase, { ids } | { all: true })
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { isUuid } from "./needs.server";
import { UnexpectedDataError } from "./workflow-errors";

export type NotificationRow = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  link_path: string | null;
  read_at: string | null;
  created_at: string;
};

export async function listNotifications(supabase: SupabaseClient, args: { limit?: number } = {}): Promise<NotificationRow[]> {
  const { data, error } = await supabase
    .from("notifications")
    .select("id, kind, payload, link_path, read_at, created_at")
    .order("created_at", { ascending: false })
    .order("id")
    .limit(Math.min(200, Math.max(1, args.limit ?? 100)));
  if (error) throw new UnexpectedDataError("Listing notifications", error);
  return (data ?? []) as NotificationRow[];
}

export async function countUnread(supabase: SupabaseClient): Promise<number> {
  const { count, error } = await supabase.from("notifications").select("id", { count: "exact", head: true }).is("read_at", null);
  if (error) throw new UnexpectedDataError("Counting notifications", error);
  return count ?? 0;
}

export async function markRead(supabase: SupabaseClient, args: { ids: string[] } | { all: true }): Promise<number> {
  let query = supabase.from("notifications").update({ read_at: new Date().toISOString() }).is("read_at", null);
  if ("ids" in args) {
    const ids = args.ids.filter(isUuid);
    if (ids.length === 0) return 0;
    query = query.in("id", ids);
  }
  const { data, error } = await query.select("id");
  if (error) throw new UnexpectedDataError("Marking notifications read", error);
  return data?.length ?? 0;
}

/** For the header on every page: a failure shows no count rather than breaking the page. */
export async function countUnreadForHeader(supabase: SupabaseClient): Promise<number> {
  try {
    return await countUnread(supabase);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 0;
  }
}
