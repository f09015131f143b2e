/**
 * Refusals from the database as results the pages and the API can show: the SQL functions of
 * the needs workflow put a message key in HINT; RLS and guard triggers answer 42501; constraint
 * checks 23xxx. Anything else is unexpected and is thrown (a 500 with a log entry).
 */
import type { PostgrestError } from "@supabase/supabase-js";
import { isMessageKey, type MessageKey } from "~/i18n";

export type WorkflowErrorCode = "not_found" | "forbidden" | "invalid" | "conflict";

export type WorkflowError = {
  code: WorkflowErrorCode;
  /** HTTP status for the API and for action responses. */
  status: 404 | 403 | 422 | 409;
  messageKey: MessageKey;
  /** The form field the problem belongs to, when there is one. */
  field?: string;
};

const STATUS: Record<WorkflowErrorCode, WorkflowError["status"]> = { not_found: 404, forbidden: 403, invalid: 422, conflict: 409 };

export function workflowError(code: WorkflowErrorCode, messageKey: MessageKey, field?: string): WorkflowError {
  return { code, status: STATUS[code], messageKey, ...(field ? { field } : {}) };
}

/** Fields the database's message keys belong to, so the page can show them next to the input. */
const FIELD_OF_KEY: Partial<Record<MessageKey, string>> = {
  "eois.error.scope_note_required": "scope_note",
  "eois.error.message_required": "message",
  "eois.error.certification_not_yours": "certification_ids",
  "eois.error.attachment_invalid": "attachments",
  "eois.error.too_many_attachments": "attachments",
  "eois.error.reason_required": "reason",
  "eois.error.comment_too_long": "comment",
  "eois.error.message_length": "body",
  "needs.error.deadline_past": "response_deadline",
  "needs.error.invite_message_too_long": "message",
};

/**
 * The refusal a PostgREST error stands for, or null when it is not a refusal of the caller's
 * request (connection trouble, a bug) and should be thrown.
 */
export function workflowErrorFrom(error: PostgrestError | null | undefined, fallback: { notFound: MessageKey; forbidden: MessageKey; invalid: MessageKey }): WorkflowError | null {
  if (!error) return null;
  const hinted = isMessageKey(error.hint) ? error.hint : null;
  const code = error.code ?? "";
  let kind: WorkflowErrorCode | null = null;
  if (code === "P0002" || code === "PGRST116" || code === "22P02") kind = "not_found";
  else if (code === "42501") kind = "forbidden";
  else if (code === "23505") kind = "conflict";
  else if (code === "22023" || code === "23514" || code === "23503" || code === "23502" || code === "22001" || code === "22007" || code === "22008" || code === "P0001") kind = "invalid";
  if (!kind) return null;
  const messageKey = hinted ?? (kind === "not_found" ? fallback.notFound : kind === "forbidden" ? fallback.forbidden : kind === "conflict" ? "needs.error.conflict" : fallback.invalid);
  return workflowError(kind, messageKey, FIELD_OF_KEY[messageKey]);
}

export class UnexpectedDataError extends Error {
  constructor(action: string, error: PostgrestError | Error) {
    super(`${action}: ${error.message}`);
    this.name = "UnexpectedDataError";
  }
}

export type Result<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: WorkflowError };
