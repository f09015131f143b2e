/**
 * Expressions of interest: the SME's answer to a need, and the contractor's decision on it.
 * State changes go through SQL functions (20261124004000_needs_workflow.sql) so that the status,
 * the audit entry and the notifications are written together or not at all.
 *
 * PUBLIC CONTRACT:
 *
 *   getEoi(supabase, { id }): Promise<EoiRecord | null>
 *   listEoisForNeed(supabase, { needId }): Promise<EoiRecord[]>          // owner: submitted and later
 *   listEoisForSme(supabase, { smeOrganizationId }): Promise<EoiSummary[]>
 *   saveEoi(supabase, { needId, smeOrganizationId, input: EoiInput, submit: boolean })
 *     : Promise<{ ok: true; id: string } | { ok: false; error: EoiWriteError }>
 *   withdrawEoi(supabase, { id }): Promise<{ ok: true } | { ok: false; error: EoiWriteError }>
 *   decideEoi(supabase, { id, decision: "shortlisted" | "declined" | "awarded",
 *                         reason?: DeclineReason, comment?: string })
 *     : Promise<{ ok: true } | { ok: false; error: EoiWriteError }>
 *     — "awarded" also marks the need awarded.
 *   postMessage(supabase, { eoiId, body }): Promise<{ ok: true } | { ok: false; error: EoiWriteError }>
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { DecisionInput, EoiInput } from "~/needs/schema";
import type { DeclineReason, EoiScope, EoiStatus, NeedKind, NeedStatus } from "~/needs/types";
import { removeObjects, uploadAll, type CheckedUpload } from "./attachments.server";
import { isUuid } from "./needs.server";
import { UnexpectedDataError, workflowError, workflowErrorFrom, type Result, type WorkflowError } from "./workflow-errors";

export type EoiWriteError = WorkflowError;

const EOI_FALLBACK = { notFound: "eois.error.not_found", forbidden: "eois.error.forbidden", invalid: "eois.error.invalid_decision" } as const;

type OrgRef = { id: string; name_en: string; name_ko: string | null; slug: string };

export type SharedCertification = {
  id: string;
  certification_type_code: string;
  certificate_number: string | null;
  verification_status: "unverified" | "pending" | "verified" | "rejected";
  expires_on: string | null;
  document_path: string | null;
};

export type EoiMessage = {
  id: string;
  sender_organization_id: string;
  sender_name: string;
  body: string;
  created_at: string;
};

export type EoiRecord = {
  id: string;
  need_id: string;
  sme_organization_id: string;
  scope: EoiScope;
  scope_note: string | null;
  message: string | null;
  attachment_paths: string[];
  status: EoiStatus;
  submitted_at: string | null;
  decision_reason: DeclineReason | null;
  decision_comment: string | null;
  decided_at: string | null;
  withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
  need: { id: string; organization_id: string; kind: NeedKind; title_en: string | null; title_ko: string | null; status: NeedStatus } | null;
  sme: OrgRef | null;
  shared_certifications: SharedCertification[];
  messages: EoiMessage[];
  thread_id: string | null;
};

export type EoiSummary = Omit<EoiRecord, "shared_certifications" | "messages" | "thread_id" | "attachment_paths" | "message" | "scope_note">;

const EOI_BASE_COLUMNS =
  "id, need_id, sme_organization_id, scope, scope_note, message, attachment_paths, status, submitted_at, decision_reason, decision_comment, decided_at, withdrawn_at, created_at, updated_at";
const EOI_SUMMARY_COLUMNS =
  "id, need_id, sme_organization_id, scope, status, submitted_at, decision_reason, decision_comment, decided_at, withdrawn_at, created_at, updated_at, " +
  "need:needs(id, organization_id, kind, title_en, title_ko, status), sme:organizations!eois_sme_organization_id_fkey(id, name_en, name_ko, slug)";

export async function getEoi(supabase: SupabaseClient, args: { id: string }): Promise<EoiRecord | null> {
  if (!isUuid(args.id)) return null;
  const { data, error } = await supabase
    .from("eois")
    .select(
      `${EOI_BASE_COLUMNS}, need:needs(id, organization_id, kind, title_en, title_ko, status), ` +
        "sme:organizations!eois_sme_organization_id_fkey(id, name_en, name_ko, slug), " +
        "eoi_shared_certifications(certification:sme_certifications(id, certification_type_code, certificate_number, verification_status, expires_on, document_path)), " +
        "message_threads(id, messages(id, sender_organization_id, sender_name, body, created_at))",
    )
    .eq("id", args.id)
    .maybeSingle();
  if (error) throw new UnexpectedDataError("Reading an expression of interest", error);
  if (!data) return null;
  const row = data as unknown as Omit<EoiRecord, "shared_certifications" | "messages" | "thread_id"> & {
    eoi_shared_certifications: Array<{ certification: SharedCertification | null }>;
    message_threads: { id: string; messages: EoiMessage[] } | Array<{ id: string; messages: EoiMessage[] }> | null;
  };
  const thread = Array.isArray(row.message_threads) ? row.message_threads[0] ?? null : row.message_threads;
  const { eoi_shared_certifications: shared, message_threads: _threads, ...rest } = row;
  return {
    ...rest,
    shared_certifications: shared.map((entry) => entry.certification).filter((c): c is SharedCertification => c !== null),
    messages: [...(thread?.messages ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id)),
    thread_id: thread?.id ?? null,
  };
}

/** The EOIs the need's organization may see: everything but drafts. */
export async function listEoisForNeed(supabase: SupabaseClient, args: { needId: string }): Promise<EoiSummary[]> {
  if (!isUuid(args.needId)) return [];
  const { data, error } = await supabase
    .from("eois")
    .select(EOI_SUMMARY_COLUMNS)
    .eq("need_id", args.needId)
    .neq("status", "draft")
    .order("submitted_at", { ascending: true })
    .order("id");
  if (error) throw new UnexpectedDataError("Listing expressions of interest", error);
  return (data ?? []) as unknown as EoiSummary[];
}

export async function listEoisForSme(supabase: SupabaseClient, args: { smeOrganizationId: string }): Promise<EoiSummary[]> {
  if (!isUuid(args.smeOrganizationId)) return [];
  const { data, error } = await supabase
    .from("eois")
    .select(EOI_SUMMARY_COLUMNS)
    .eq("sme_organization_id", args.smeOrganizationId)
    .order("updated_at", { ascending: false })
    .limit(200);
  if (error) throw new UnexpectedDataError("Listing expressions of interest", error);
  return (data ?? []) as unknown as EoiSummary[];
}

export async function getOwnEoiForNeed(
  supabase: SupabaseClient,
  args: { needId: string; smeOrganizationId: string },
): Promise<{ id: string; status: EoiStatus; scope: EoiScope; scope_note: string | null; message: string | null; attachment_paths: string[]; certification_ids: string[] } | null> {
  const { data, error } = await supabase
    .from("eois")
    .select("id, status, scope, scope_note, message, attachment_paths, eoi_shared_certifications(certification_id)")
    .eq("need_id", args.needId)
    .eq("sme_organization_id", args.smeOrganizationId)
    .maybeSingle();
  if (error) throw new UnexpectedDataError("Reading an expression of interest", error);
  if (!data) return null;
  const row = data as unknown as { id: string; status: EoiStatus; scope: EoiScope; scope_note: string | null; message: string | null; attachment_paths: string[]; eoi_shared_certifications: Array<{ certification_id: string }> };
  return { ...row, certification_ids: row.eoi_shared_certifications.map((entry) => entry.certification_id) };
}

function rpcArgs(args: { needId: string; smeOrganizationId: string; input: EoiInput }, attachmentPaths: string[] | null, submit: boolean) {
  return {
    p_need_id: args.needId,
    p_sme_organization_id: args.smeOrganizationId,
    p_scope: args.input.scope,
    p_scope_note: args.input.scope_note,
    p_message: args.input.message,
    p_certification_ids: args.input.certification_ids,
    p_attachment_paths: attachmentPaths,
    p_submit: submit,
  };
}

/**
 * Saves (and optionally submits) the SME's EOI for a need with new attachments, all or nothing:
 * a new EOI with files is created as an empty-handed draft only to give the files their folder,
 * and removed again, with the files, if anything after that fails.
 */
export async function saveEoi(
  supabase: SupabaseClient,
  args: { needId: string; smeOrganizationId: string; input: EoiInput; uploads?: readonly CheckedUpload[] },
): Promise<Result<{ id: string }>> {
  if (!isUuid(args.needId) || !isUuid(args.smeOrganizationId)) return { ok: false, error: workflowError("not_found", "needs.error.not_found") };
  const uploads = args.uploads ?? [];
  const submit = args.input.submit;
  const refusal = (error: Parameters<typeof workflowErrorFrom>[0]) => workflowErrorFrom(error, { ...EOI_FALLBACK, invalid: "needs.validation.invalid" });

  if (uploads.length === 0) {
    const { data, error } = await supabase.rpc("save_eoi", rpcArgs(args, null, submit));
    if (error) {
      const known = refusal(error);
      if (known) return { ok: false, error: known };
      throw new UnexpectedDataError("Saving an expression of interest", error);
    }
    return { ok: true, id: data as string };
  }

  const existing = await getOwnEoiForNeed(supabase, { needId: args.needId, smeOrganizationId: args.smeOrganizationId });
  if (existing && existing.status !== "draft") return { ok: false, error: workflowError("conflict", "eois.error.already_submitted") };
  if ((existing?.attachment_paths.length ?? 0) + uploads.length > 20) return { ok: false, error: workflowError("invalid", "eois.error.too_many_attachments", "attachments") };

  let eoiId = existing?.id ?? null;
  let created = false;
  if (!eoiId) {
    const { data, error } = await supabase.rpc("save_eoi", rpcArgs(args, null, false));
    if (error) {
      const known = refusal(error);
      if (known) return { ok: false, error: known };
      throw new UnexpectedDataError("Saving an expression of interest", error);
    }
    eoiId = data as string;
    created = true;
  }
  const undoDraft = async () => {
    if (created) await supabase.from("eois").delete().eq("id", eoiId).eq("status", "draft");
  };

  const stored = await uploadAll(supabase, "eoi-attachments", `${args.smeOrganizationId}/${eoiId}`, uploads);
  if (!stored.ok) {
    await undoDraft();
    return { ok: false, error: workflowError("invalid", "needs.error.upload_failed", "attachments") };
  }
  const { error } = await supabase.rpc("save_eoi", rpcArgs(args, [...(existing?.attachment_paths ?? []), ...stored.paths], submit));
  if (error) {
    await removeObjects(supabase, "eoi-attachments", stored.paths);
    await undoDraft();
    const known = refusal(error);
    if (known) return { ok: false, error: known };
    throw new UnexpectedDataError("Saving an expression of interest", error);
  }
  return { ok: true, id: eoiId };
}

export async function withdrawEoi(supabase: SupabaseClient, args: { id: string }): Promise<Result> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "eois.error.not_found") };
  const { error } = await supabase.rpc("withdraw_eoi", { p_eoi_id: args.id });
  if (error) {
    const refusal = workflowErrorFrom(error, { ...EOI_FALLBACK, invalid: "eois.error.not_withdrawable" });
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Withdrawing an expression of interest", error);
  }
  return { ok: true };
}

export async function decideEoi(
  supabase: SupabaseClient,
  args: { id: string } & Pick<DecisionInput, "decision"> & Partial<Pick<DecisionInput, "reason" | "comment" | "decline_others">>,
): Promise<Result> {
  if (!isUuid(args.id)) return { ok: false, error: workflowError("not_found", "eois.error.not_found") };
  const { error } = await supabase.rpc("decide_eoi", {
    p_eoi_id: args.id,
    p_decision: args.decision,
    p_reason: args.decision === "declined" ? args.reason ?? null : null,
    p_comment: args.comment ?? null,
    p_decline_others: args.decision === "awarded" ? Boolean(args.decline_others) : false,
  });
  if (error) {
    const refusal = workflowErrorFrom(error, EOI_FALLBACK);
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Deciding on an expression of interest", error);
  }
  return { ok: true };
}

export async function postMessage(supabase: SupabaseClient, args: { eoiId: string; body: string }): Promise<Result<{ id: string }>> {
  if (!isUuid(args.eoiId)) return { ok: false, error: workflowError("not_found", "eois.error.not_found") };
  const { data, error } = await supabase.rpc("post_eoi_message", { p_eoi_id: args.eoiId, p_body: args.body });
  if (error) {
    const refusal = workflowErrorFrom(error, { ...EOI_FALLBACK, invalid: "eois.error.message_length" });
    if (refusal) return { ok: false, error: refusal };
    throw new UnexpectedDataError("Posting a message", error);
  }
  return { ok: true, id: data as string };
}

/** The SME's own certifications, to choose which to share with an EOI. */
export async function listOwnCertifications(
  supabase: SupabaseClient,
  args: { smeOrganizationId: string },
): Promise<SharedCertification[]> {
  const { data, error } = await supabase
    .from("sme_certifications")
    .select("id, certification_type_code, certificate_number, verification_status, expires_on, document_path")
    .eq("organization_id", args.smeOrganizationId)
    .order("certification_type_code");
  if (error) throw new UnexpectedDataError("Reading certifications", error);
  return (data ?? []) as SharedCertification[];
}
