import {
  json,
  redirect,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { z } from "zod";
import type { MessageKey, Translate } from "~/i18n";
import {
  createTransaction,
  decideBankRequest,
  decideTransaction,
  deleteEvidence,
  deleteProposedTransaction,
  getTransaction,
  reverseEntries,
  reviewAgreement,
  submitTransaction,
  uploadEvidence,
  type Membership,
  type Result,
  type UploadableFile,
} from "~/models/offsets.server";
import { checkDocumentUpload, displayFileName, MAX_DOCUMENT_BYTES } from "~/utils/file-type";
import { fieldErrorsFrom, formValues } from "~/utils/form-errors";
import type { OffsetsActionResult } from "./action-result";
import type { OffsetsFailure } from "./errors";
import { evidencePath, isStoredEvidenceName } from "./evidence-names.server";
import { agreementReviewSchema, bankDecisionSchema, idSchema, MAX_EVIDENCE_FILES, reversalSchema, transactionDecisionSchema, transactionSchema } from "./schemas";

/*
 * Shared by the offset routes' actions: reading (multipart) forms within limits, turning
 * validation and database refusals into field-level answers, and the transaction intents that
 * both the agreement page and the bank page offer.
 */

export const MAX_FILES_PER_UPLOAD = MAX_EVIDENCE_FILES;
const MAX_REQUEST_BYTES = MAX_FILES_PER_UPLOAD * MAX_DOCUMENT_BYTES + 1024 * 1024;

export type { OffsetsActionResult };

export function refuse(
  headers: Headers,
  input: { intent: string; target?: string | null; formData?: FormData; status: number; fieldErrors?: Partial<Record<string, string>>; formError?: string | null },
) {
  return json<OffsetsActionResult>(
    {
      ok: false,
      intent: input.intent,
      target: input.target ?? null,
      values: input.formData ? formValues(input.formData, ["request_key"]) : {},
      fieldErrors: input.fieldErrors ?? {},
      formError: input.formError ?? null,
    },
    { status: input.status, headers },
  );
}

export function refuseInvalid(headers: Headers, t: Translate, intent: string, target: string | null, formData: FormData, error: z.ZodError) {
  return refuse(headers, { intent, target, formData, status: 400, fieldErrors: fieldErrorsFrom(error, t) });
}

/** A database refusal: on its field when it names one the form has, otherwise for the whole form. */
export function refuseFailure(
  headers: Headers,
  t: Translate,
  input: { intent: string; target?: string | null; formData?: FormData; failure: OffsetsFailure; fields?: readonly string[] },
) {
  const onField = input.failure.field && (!input.fields || input.fields.includes(input.failure.field));
  return refuse(headers, {
    intent: input.intent,
    target: input.target,
    formData: input.formData,
    status: input.failure.status,
    fieldErrors: onField ? { [input.failure.field!]: t(input.failure.messageKey) } : {},
    formError: onField ? null : t(input.failure.messageKey),
  });
}

/** Redirect after a change (so a reload does not repeat it), with a notice the page shows. */
export function doneRedirect(headers: Headers, path: string, notice: string, params: Record<string, string> = {}) {
  const search = new URLSearchParams({ notice, ...params });
  return redirect(`${path}?${search}`, { headers });
}

export type ReadForm = { ok: true; formData: FormData } | { ok: false; status: 400 | 413; messageKey: MessageKey };

/** Reads the submitted form; multipart bodies in memory with per-file and total size limits. */
export async function readForm(request: Request): Promise<ReadForm> {
  const contentType = request.headers.get("Content-Type") ?? "";
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_REQUEST_BYTES) return { ok: false, status: 413, messageKey: "offsets.validation.file_too_large" };
  try {
    if (contentType.startsWith("multipart/form-data")) {
      const formData = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES }),
      );
      return { ok: true, formData };
    }
    return { ok: true, formData: await request.formData() };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, messageKey: "offsets.validation.file_too_large" };
    return { ok: false, status: 400, messageKey: "offsets.error.invalid_input" };
  }
}

/** Files of a form field, checked by content (not by name or declared type). */
export async function evidenceFiles(
  formData: FormData,
  field: string,
  options: { required: boolean },
): Promise<{ ok: true; files: UploadableFile[] } | { ok: false; messageKey: MessageKey; status: 400 | 413 }> {
  const entries = formData.getAll(field).filter((value): value is File => typeof value !== "string" && value.size > 0);
  if (entries.length === 0) return options.required ? { ok: false, messageKey: "offsets.validation.file_empty", status: 400 } : { ok: true, files: [] };
  if (entries.length > MAX_FILES_PER_UPLOAD) return { ok: false, messageKey: "offsets.validation.too_many_files", status: 400 };
  const files: UploadableFile[] = [];
  for (const entry of entries) {
    const bytes = new Uint8Array(await entry.arrayBuffer());
    const check = checkDocumentUpload(bytes);
    if (!check.ok) {
      if (check.reason === "too_large") return { ok: false, messageKey: "offsets.validation.file_too_large", status: 413 };
      if (check.reason === "empty") return { ok: false, messageKey: "offsets.validation.file_empty", status: 400 };
      return { ok: false, messageKey: "offsets.validation.file_type", status: 400 };
    }
    const name = displayFileName(entry.name, `evidence.${check.type.extension}`);
    files.push({ name, bytes, contentType: check.type.mime });
  }
  return { ok: true, files };
}

export const TRANSACTION_INTENTS = ["record_transaction", "attach_evidence", "remove_evidence", "submit_transaction", "delete_transaction"] as const;
export type TransactionIntent = (typeof TRANSACTION_INTENTS)[number];

export function isTransactionIntent(value: unknown): value is TransactionIntent {
  return typeof value === "string" && (TRANSACTION_INTENTS as readonly string[]).includes(value);
}

const TRANSACTION_FIELDS = [
  "eoi_id", "sme_organization_id", "counterparty_name", "category_code", "title", "description", "value", "currency",
  "exchange_rate", "transaction_date", "reviewer_organization_id", "agreement_id", "evidence",
];

/**
 * The transaction intents of a page. `contractors` are the caller's contractor memberships (admin
 * rights are checked by the database; this only picks the organization). `agreementId` pins new
 * transactions to an agreement; without it they are recorded for banking.
 */
export async function handleTransactionIntent(input: {
  request: Request;
  supabase: SupabaseClient;
  headers: Headers;
  t: Translate;
  intent: TransactionIntent;
  formData: FormData;
  contractors: Membership[];
  agreement: { id: string; contractorId: string } | null;
  returnTo: string;
}): Promise<Response> {
  const { supabase, headers, t, intent, formData } = input;

  if (intent === "record_transaction") {
    const contractorId = input.agreement?.contractorId ?? String(formData.get("contractor_organization_id") ?? "");
    if (!input.contractors.some((org) => org.id === contractorId)) {
      return refuse(headers, { intent, formData, status: 403, formError: t("offsets.error.forbidden") });
    }
    const raw = Object.fromEntries([...formData].filter(([, value]) => typeof value === "string"));
    const parsed = transactionSchema.safeParse({ ...raw, agreement_id: input.agreement?.id ?? "" });
    const files = await evidenceFiles(formData, "evidence", { required: false });
    if (!parsed.success || !files.ok) {
      const fieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error, t);
      if (!files.ok) fieldErrors.evidence = t(files.messageKey, { count: MAX_FILES_PER_UPLOAD });
      return refuse(headers, { intent, formData, status: files.ok ? 400 : files.status, fieldErrors });
    }
    const created = await createTransaction(supabase, { contractorId, input: parsed.data });
    if (!created.ok) return refuseFailure(headers, t, { intent, formData, failure: created.error, fields: TRANSACTION_FIELDS });
    if (files.files.length > 0) {
      const uploaded = await uploadEvidence(supabase, { contractorId, transactionId: created.data.id, files: files.files });
      if (!uploaded.ok) {
        // No half-recorded transaction: without its evidence the row goes again.
        await deleteProposedTransaction(supabase, { id: created.data.id, contractorId });
        return refuseFailure(headers, t, { intent, formData, failure: uploaded.error, fields: TRANSACTION_FIELDS });
      }
    }
    return doneRedirect(headers, input.returnTo, "offsets.transactions.recorded", { transaction: created.data.id });
  }

  const id = idSchema.safeParse({ id: formData.get("transaction_id") });
  if (!id.success) return refuse(headers, { intent, status: 404, formError: t("offsets.error.not_found") });
  const target = id.data.id;
  const found = await getTransaction(supabase, { id: target });
  if (!found.ok) return refuseFailure(headers, t, { intent, target, failure: found.error });
  const transaction = found.data;
  if (!transaction || (input.agreement && transaction.agreement_id !== input.agreement.id)) {
    return refuse(headers, { intent, target, status: 404, formError: t("offsets.error.not_found") });
  }
  const contractorId = transaction.contractor_organization_id;

  let result: Result<unknown>;
  let notice: MessageKey;
  if (intent === "attach_evidence") {
    const files = await evidenceFiles(formData, "evidence", { required: true });
    if (!files.ok) {
      return refuse(headers, { intent, target, status: files.status, fieldErrors: { evidence: t(files.messageKey, { count: MAX_FILES_PER_UPLOAD }) } });
    }
    if (transaction.status !== "proposed") {
      return refuse(headers, { intent, target, status: 409, formError: t("offsets.error.transaction_not_proposed") });
    }
    result = await uploadEvidence(supabase, { contractorId, transactionId: target, files: files.files });
    notice = "offsets.transactions.uploaded";
  } else if (intent === "remove_evidence") {
    const storedName = String(formData.get("file") ?? "");
    if (!isStoredEvidenceName(storedName)) return refuse(headers, { intent, target, status: 404, formError: t("offsets.error.not_found") });
    result = await deleteEvidence(supabase, { path: evidencePath(contractorId, target, storedName) });
    notice = "offsets.transactions.file_removed";
  } else if (intent === "submit_transaction") {
    result = await submitTransaction(supabase, { id: target });
    notice = "offsets.transactions.submitted";
  } else {
    result = await deleteProposedTransaction(supabase, { id: target, contractorId });
    notice = "offsets.transactions.deleted";
  }
  if (!result.ok) return refuseFailure(headers, t, { intent, target, failure: result.error, fields: ["evidence"] });
  return doneRedirect(headers, input.returnTo, notice);
}

/** Notices a page may show after a redirect; anything else in the query string is ignored. */
export function noticeFrom(url: URL, allowed: readonly MessageKey[]): MessageKey | null {
  const notice = url.searchParams.get("notice");
  return allowed.find((key) => key === notice) ?? null;
}

// Reviewer decisions, shared by /review and the agreement page -----------------------------------

export const REVIEW_INTENTS = ["decide_transaction", "decide_bank_request", "review_agreement", "reverse_entries"] as const;
export type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export function isReviewIntent(value: unknown): value is ReviewIntent {
  return typeof value === "string" && (REVIEW_INTENTS as readonly string[]).includes(value);
}

export async function handleReviewIntent(input: {
  supabase: SupabaseClient;
  headers: Headers;
  t: Translate;
  intent: ReviewIntent;
  formData: FormData;
  returnTo: string;
  /** When the page is one agreement's, decisions must concern it. */
  agreementId?: string;
}): Promise<Response> {
  const { supabase, headers, t, intent, formData } = input;
  const raw = Object.fromEntries([...formData].filter(([, value]) => typeof value === "string"));

  if (intent === "decide_transaction") {
    const target = typeof raw.transaction_id === "string" ? raw.transaction_id : null;
    const parsed = transactionDecisionSchema.safeParse(raw);
    if (!parsed.success) return refuseInvalid(headers, t, intent, target, formData, parsed.error);
    if (input.agreementId) {
      const found = await getTransaction(supabase, { id: parsed.data.transaction_id });
      if (!found.ok) return refuseFailure(headers, t, { intent, target, failure: found.error });
      if (found.data?.agreement_id !== input.agreementId) return refuse(headers, { intent, target, status: 404, formError: t("offsets.error.not_found") });
    }
    const decided = await decideTransaction(supabase, {
      id: parsed.data.transaction_id,
      decision: parsed.data.decision,
      comment: parsed.data.comment,
      requestKey: parsed.data.request_key,
    });
    if (!decided.ok) return refuseFailure(headers, t, { intent, target, formData, failure: decided.error, fields: ["comment"] });
    if (decided.data.status === "rejected") return doneRedirect(headers, input.returnTo, decided.data.replayed ? "offsets.review.replayed" : "offsets.review.rejected");
    return doneRedirect(headers, input.returnTo, decided.data.replayed ? "offsets.review.replayed" : "offsets.review.approved", {
      credited: decided.data.credited ?? "0.00",
      banked: decided.data.banked ?? "0.00",
      currency: decided.data.currency ?? "",
    });
  }

  if (intent === "decide_bank_request") {
    const target = typeof raw.bank_request_id === "string" ? raw.bank_request_id : null;
    const parsed = bankDecisionSchema.safeParse(raw);
    if (!parsed.success) return refuseInvalid(headers, t, intent, target, formData, parsed.error);
    const decided = await decideBankRequest(supabase, {
      id: parsed.data.bank_request_id,
      decision: parsed.data.decision,
      comment: parsed.data.comment,
      requestKey: parsed.data.request_key,
    });
    if (!decided.ok) return refuseFailure(headers, t, { intent, target, formData, failure: decided.error, fields: ["comment"] });
    const notice = decided.data.replayed ? "offsets.review.replayed" : decided.data.status === "rejected" ? "offsets.review.bank_rejected" : "offsets.review.bank_approved";
    return doneRedirect(headers, input.returnTo, notice);
  }

  if (intent === "review_agreement") {
    const target = typeof raw.agreement_id === "string" ? raw.agreement_id : null;
    const id = idSchema.safeParse({ id: raw.agreement_id });
    const parsed = agreementReviewSchema.safeParse(raw);
    if (!id.success || (input.agreementId && id.data.id !== input.agreementId)) {
      return refuse(headers, { intent, target, status: 404, formError: t("offsets.error.not_found") });
    }
    if (!parsed.success) return refuseInvalid(headers, t, intent, target, formData, parsed.error);
    const reviewed = await reviewAgreement(supabase, { id: id.data.id, decision: parsed.data.decision, comment: parsed.data.comment });
    if (!reviewed.ok) return refuseFailure(headers, t, { intent, target, formData, failure: reviewed.error, fields: ["comment"] });
    return doneRedirect(headers, input.returnTo, "offsets.agreement.decided");
  }

  const target = typeof raw.entry_group === "string" ? raw.entry_group : null;
  const parsed = reversalSchema.safeParse(raw);
  if (!parsed.success) return refuseInvalid(headers, t, intent, target, formData, parsed.error);
  const reversed = await reverseEntries(supabase, { entryGroup: parsed.data.entry_group, reason: parsed.data.reason, requestKey: parsed.data.request_key });
  if (!reversed.ok) return refuseFailure(headers, t, { intent, target, formData, failure: reversed.error, fields: ["reason"] });
  return doneRedirect(headers, input.returnTo, reversed.data.replayed ? "offsets.review.replayed" : "offsets.ledger.reversed");
}
