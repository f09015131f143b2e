/**
 * Needs (contractors' work packages): reading, writing and state changes. Every function runs as
 * the caller's supabase client, so row-level security decides what it may see and do; state
 * changes go through SQL functions (20261124004000_needs_workflow.sql) that check, audit and
 * notify in one transaction.
 *
 * PUBLIC CONTRACT:
 *
 *   type NeedInput = z.infer<typeof needInputSchema>      // app/needs/schema.ts (codes, not labels)
 *
 *   listNeeds(supabase, args: {
 *     q?: string; kinds?: NeedKind[]; statuses?: NeedStatus[]; processCodes?: string[];
 *     offsetEligible?: boolean; organizationId?: string;   // only this contractor's needs
 *     page?: number; pageSize?: number                       // 1-based; pageSize ≤ 100, default 20
 *   }): Promise<{ needs: NeedSummary[]; total: number; page: number; pageSize: number }>
 *     — what the caller may see (RLS): drafts only to their owner; invited-only and
 *       export-controlled needs only to the owner and invited SMEs.
 *
 *   getNeed(supabase, { id }): Promise<NeedRecord | null>     // null when not visible or absent
 *
 *   createNeed(supabase, { organizationId, input: NeedInput, status?: "draft" | "open" })
 *     : Promise<{ ok: true; id: string } | { ok: false; error: NeedWriteError }>
 *   updateNeed(supabase, { id, input: NeedInput })
 *     : Promise<{ ok: true } | { ok: false; error: NeedWriteError }>
 *   transitionNeed(supabase, { id, to: "open" | "closed" | "draft" })   // publish / close / unpublish
 *     : Promise<{ ok: true; status: NeedStatus } | { ok: false; error: NeedWriteError }>
 *   (awarding happens through decideEoi(..., decision: "awarded") in eois.server.ts)
 *
 *   inviteSmes(supabase, { needId, smeOrganizationIds: string[], message?: string })
 *   withdrawInvitation(supabase, { needId, smeOrganizationId })
 *   listInvitations(supabase, { needId })
 *   addToShortlist / removeFromShortlist(supabase, { needId, smeOrganizationId, note? }), listShortlist
 *
 *   NeedWriteError = { code: "not_found" | "forbidden" | "invalid" | "conflict"; messageKey: MessageKey;
 *                      field?: string }   — map to 404/403/422/409; never a 500 for caller mistakes.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { NeedInput } from "~/needs/schema";
import type { NeedKind, NeedRecord, NeedStatus, NeedSummary } from "~/needs/types";
import { NEED_COLUMNS, NEED_SUMMARY_COLUMNS } from "./need-columns";
import { UnexpectedDataError, workflowError, workflowErrorFrom, type Result, type WorkflowError } from "./workflow-errors";

export type NeedWriteError = WorkflowError;

const NEED_FALLBACK = { notFound: "needs.error.not_found", forbidden: "needs.error.forbidden", invalid: "needs.error.transition" } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

export type ListNeedsArgs = {
  q?: string;
  kinds?: NeedKind[];
  /** Empty or omitted: every status the caller may see. */
  statuses?: NeedStatus[];
  processCodes?: string[];
  offsetEligible?: boolean;
  organizationId?: string;
  page?: number;
  pageSize?: number;
};

export type NeedList = { needs: NeedSummary[]; total: number; page: number; pageSize: number };

/** Characters that would break a PostgREST filter expression, or act as wildcards. */
function searchWords(q: string): string[] {
  return q
    .replace(/[,()"'\\*%:.]/g, " ")
    .split(/\s+/)
    .filter((word) => word !== "")
    .slice(0, 5);
}

export async function listNeeds(supabase: SupabaseClient, args: ListNeedsArgs = {}): Promise<NeedList> {
  const pageSize = Math.min(100, Math.max(1, Math.floor(args.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(args.page ?? 1));
  let query = supabase.from("needs").select(NEED_SUMMARY_COLUMNS, { count: "exact" });
  for (const word of searchWords(args.q ?? "")) {
    const pattern = `*${word}*`;
    query = query.or(
      ["title_en", "title_ko", "description_en", "description_ko", "program", "platform"].map((column) => `${column}.ilike.${pattern}`).join(","),
    );
  }
  if (args.kinds && args.kinds.length > 0) query = query.in("kind", args.kinds);
  if (args.statuses && args.statuses.length > 0) query = query.in("status", args.statuses);
  for (const code of args.processCodes ?? []) {
    query = query.or(`required_process_codes.cs.{${code}},preferred_process_codes.cs.{${code}}`);
  }
  if (args.offsetEligible) query = query.eq("offset_eligible", true);
  if (args.organizationId) query = query.eq("organization_id", args.organizationId);
  const from = (page - 1) * pageSize;
  const { data, error, count } = await query
    .order("opened_at", { ascending: false, nullsFirst: false })
    .order("created_at", { ascending: false })
    .order("id")
    .range(from, from + pageSize - 1);
  // Asking for a page past the end is an empty page, not an error.
  if (error && error.code === "PGRST103") return { needs: [], total: count ?? 0, page, pageSize };
  if (error) throw new UnexpectedDataError("Listing needs", error);
  return { needs: (data ?? []) as unknown as NeedSummary[], total: count ?? 0, page, pageSize };
}

export async function getNeed(supabase: SupabaseClient, args: { id: string }): Promise<NeedRecord | null> {
  if (!isUuid(args.id)) return null;
  const { data, error } = await supabase.from("needs").select(NEED_COLUMNS).eq("id", args.id).maybeSingle();
  if (error) throw new UnexpectedDataError("Reading a need", error);
  return (data as unknown as NeedRecord | null) ?? null;
}

function rowFrom(input: NeedInput) {
  return { ...input };
}

/**
 * Creates a need. It is always written as a draft first and published (status "open") by
 * set_need_status, so a need is announced (invitations, saved-search alerts) only once whole.
 */
export async function createNeed(
  supabase: SupabaseClient,
  args: { organizationId: string; input: NeedInput; status?: "draft" | "open"; attachmentPaths?: string[]; id?: string },
): Promise<Result<{ id: string }>> {
  const { data, error } = await supabase
    .from("needs")
    .insert({ ...rowFrom(args.input), ...(args.id ? { id: args.id } : {}), organization_id: args.organizationId, status: "draft", attachment_paths: args.attachmentPaths ?? [] })
    .select("id")
    .single();
  if (error) {
    const refusal = workflowErrorFrom(error, { ...NEED_FALLBACK, invalid: "needs.validation.invalid" });
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Creating a need", error);
  }
  const id = (data as { id: string }).id;
  if (args.status === "open") {
    const published = await transitionNeed(supabase, { id, to: "open" });
    if (!published.ok) {
      // Nothing half-done: the draft that could not be published goes again.
      await supabase.from("needs").delete().eq("id", id);
      return { ok: false, error: published.error };
    }
  }
  return { ok: true, id };
}

export async function updateNeed(
  supabase: SupabaseClient,
  args: { id: string; input: NeedInput; attachmentPaths?: string[] },
): Promise<Result> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase
    .from("needs")
    .update({ ...rowFrom(args.input), ...(args.attachmentPaths ? { attachment_paths: args.attachmentPaths } : {}) })
    .eq("id", args.id)
    .select("id");
  if (error) {
    const refusal = workflowErrorFrom(error, { ...NEED_FALLBACK, invalid: "needs.validation.invalid" });
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Updating a need", error);
  }
  // RLS hides what the caller may not change: no row updated means not found or not theirs.
  if (!data || data.length === 0) return { ok: false, error: workflowError("forbidden", "needs.error.forbidden") };
  return { ok: true };
}

export async function setNeedAttachments(supabase: SupabaseClient, args: { id: string; paths: string[] }): Promise<Result> {
  const { data, error } = await supabase.from("needs").update({ attachment_paths: args.paths }).eq("id", args.id).select("id");
  if (error) {
    const refusal = workflowErrorFrom(error, NEED_FALLBACK);
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Saving need attachments", error);
  }
  if (!data || data.length === 0) return { ok: false, error: workflowError("forbidden", "needs.error.forbidden") };
  return { ok: true };
}

/** Publish (draft → open), close, reopen (closed → open) or unpublish (open → draft). */
export async function transitionNeed(
  supabase: SupabaseClient,
  args: { id: string; to: "open" | "closed" | "draft" },
): Promise<Result<{ status: NeedStatus }>> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase.rpc("set_need_status", { p_need_id: args.id, p_status: args.to });
  if (error) {
    const refusal = workflowErrorFrom(error, NEED_FALLBACK);
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Changing a need's status", error);
  }
  return { ok: true, status: data as NeedStatus };
}

/** Only drafts are deleted; a published need is closed instead, keeping its history. */
export async function deleteDraftNeed(supabase: SupabaseClient, args: { id: string }): Promise<Result<{ attachmentPaths: string[] }>> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase.from("needs").delete().eq("id", args.id).eq("status", "draft").select("id, attachment_paths");
  if (error) throw new UnexpectedDataError("Deleting a draft need", error);
  if (!data || data.length === 0) return { ok: false, error: workflowError("forbidden", "needs.error.forbidden") };
  return { ok: true, attachmentPaths: (data[0] as { attachment_paths: string[] }).attachment_paths ?? [] };
}

// Invitations ----------------------------------------------------------------------------------

export type NeedInvitation = {
  id: string;
  need_id: string;
  sme_organization_id: string;
  message: string | null;
  created_at: string;
  sme: { id: string; name_en: string; name_ko: string | null; slug: string } | null;
};

export async function inviteSmes(
  supabase: SupabaseClient,
  args: { needId: string; smeOrganizationIds: string[]; message?: string },
): Promise<Result<{ created: number }>> {
  if (!isUuid(args.needId)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  if (!args.smeOrganizationIds.every(isUuid)) return { ok: false, error: workflowError("invalid", "needs.error.not_an_sme") };
  const { data, error } = await supabase.rpc("invite_smes", {
    p_need_id: args.needId,
    p_sme_organization_ids: args.smeOrganizationIds,
    p_message: args.message ?? null,
  });
  if (error) {
    const refusal = workflowErrorFrom(error, { ...NEED_FALLBACK, invalid: "needs.error.not_an_sme" });
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Inviting SMEs", error);
  }
  return { ok: true, created: Number(data ?? 0) };
}

export async function withdrawInvitation(supabase: SupabaseClient, args: { needId: string; smeOrganizationId: string }): Promise<Result> {
  if (!isUuid(args.needId) || !isUuid(args.smeOrganizationId)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { data, error } = await supabase
    .from("need_invitations")
    .delete()
    .eq("need_id", args.needId)
    .eq("sme_organization_id", args.smeOrganizationId)
    .select("id");
  if (error) throw new UnexpectedDataError("Withdrawing an invitation", error);
  if (!data || data.length === 0) return { ok: false, error: workflowError("forbidden", "needs.error.forbidden") };
  return { ok: true };
}

export async function listInvitations(supabase: SupabaseClient, args: { needId: string }): Promise<NeedInvitation[]> {
  if (!isUuid(args.needId)) return [];
  const { data, error } = await supabase
    .from("need_invitations")
    .select("id, need_id, sme_organization_id, message, created_at, sme:organizations!need_invitations_sme_organization_id_fkey(id, name_en, name_ko, slug)")
    .eq("need_id", args.needId)
    .order("created_at");
  if (error) throw new UnexpectedDataError("Listing invitations", error);
  return (data ?? []) as unknown as NeedInvitation[];
}

/** Whether the given SME was invited to the need (as the SME sees its own invitations). */
export async function isInvited(supabase: SupabaseClient, args: { needId: string; smeOrganizationId: string }): Promise<boolean> {
  const { count, error } = await supabase
    .from("need_invitations")
    .select("id", { count: "exact", head: true })
    .eq("need_id", args.needId)
    .eq("sme_organization_id", args.smeOrganizationId);
  if (error) throw new UnexpectedDataError("Reading an invitation", error);
  return (count ?? 0) > 0;
}

// Shortlist ------------------------------------------------------------------------------------

export type ShortlistEntry = {
  id: string;
  need_id: string;
  sme_organization_id: string;
  note: string | null;
  created_at: string;
  sme: { id: string; name_en: string; name_ko: string | null; slug: string } | null;
};

export async function listShortlist(supabase: SupabaseClient, args: { needId: string }): Promise<ShortlistEntry[]> {
  if (!isUuid(args.needId)) return [];
  const { data, error } = await supabase
    .from("need_shortlist_entries")
    .select("id, need_id, sme_organization_id, note, created_at, sme:organizations!need_shortlist_entries_sme_organization_id_fkey(id, name_en, name_ko, slug)")
    .eq("need_id", args.needId)
    .order("created_at");
  if (error) throw new UnexpectedDataError("Reading the shortlist", error);
  return (data ?? []) as unknown as ShortlistEntry[];
}

export async function addToShortlist(
  supabase: SupabaseClient,
  args: { needId: string; smeOrganizationId: string; note?: string },
): Promise<Result> {
  if (!isUuid(args.needId) || !isUuid(args.smeOrganizationId)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { error } = await supabase
    .from("need_shortlist_entries")
    .upsert({ need_id: args.needId, sme_organization_id: args.smeOrganizationId, note: args.note?.trim() || null }, { onConflict: "need_id,sme_organization_id", ignoreDuplicates: true });
  if (error) {
    const refusal = workflowErrorFrom(error, NEED_FALLBACK);
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Adding to the shortlist", error);
  }
  return { ok: true };
}

export async function removeFromShortlist(supabase: SupabaseClient, args: { needId: string; smeOrganizationId: string }): Promise<Result> {
  if (!isUuid(args.needId) || !isUuid(args.smeOrganizationId)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const { error } = await supabase
    .from("need_shortlist_entries")
    .delete()
    .eq("need_id", args.needId)
    .eq("sme_organization_id", args.smeOrganizationId);
  if (error) throw new UnexpectedDataError("Removing from the shortlist", error);
  return { ok: true };
}

/** SMEs the caller can see (published profiles) whose name contains the words, for inviting. */
export async function findSmesByName(supabase: SupabaseClient, args: { q: string; limit?: number }): Promise<Array<{ id: string; name_en: string; name_ko: string | null; slug: string }>> {
  const words = searchWords(args.q);
  if (words.length === 0) return [];
  let query = supabase.from("organizations").select("id, name_en, name_ko, slug").eq("kind", "sme");
  for (const word of words) query = query.or(`name_en.ilike.*${word}*,name_ko.ilike.*${word}*`);
  const { data, error } = await query.order("name_en").limit(Math.min(50, Math.max(1, args.limit ?? 10)));
  if (error) throw new UnexpectedDataError("Finding SMEs", error);
  return (data ?? []) as Array<{ id: string; name_en: string; name_ko: string | null; slug: string }>;
}
