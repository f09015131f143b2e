import { isMessageKey, type MessageKey } from "~/i18n";

/*
 * What a refused database call means for the person who made it. The offset functions raise
 * errors with a stable message key in HINT (offsets.error.*, offsets.validation.*); PostgREST
 * passes SQLSTATE as `code`. Everything else maps to a generic message, never to raw database text.
 */

export type OffsetsFailure = {
  status: 400 | 403 | 404 | 409 | 413 | 503;
  messageKey: MessageKey;
  /** The form field the message belongs to, when there is one. */
  field?: string;
};

type DatabaseError = { code?: string; message?: string; hint?: string | null; details?: string | null; status?: number };

/** Which field a validation message from the database belongs to. */
const FIELD_OF: Partial<Record<string, string>> = {
  "offsets.validation.reviewer_invalid": "reviewer_organization_id",
  "offsets.validation.reviewer_required": "reviewer_organization_id",
  "offsets.validation.eoi_invalid": "eoi_id",
  "offsets.validation.eoi_not_awarded": "eoi_id",
  "offsets.validation.need_invalid": "eoi_id",
  "offsets.validation.sme_invalid": "sme_organization_id",
  "offsets.validation.category_invalid": "category_code",
  "offsets.validation.agreement_invalid": "agreement_id",
  "offsets.validation.comment_required": "comment",
  "offsets.validation.comment_too_long": "comment",
  "offsets.validation.amount_invalid": "amount",
  "offsets.validation.note_too_long": "note",
  "offsets.validation.transfer_target_invalid": "target_organization_id",
  "offsets.validation.bank_account_mismatch": "amount",
  "offsets.validation.bank_valid_until_invalid": "bank_valid_until",
  "offsets.validation.deadline_past": "deadline",
  "offsets.validation.date_future": "transaction_date",
  "offsets.error.bank_insufficient": "amount",
  "offsets.error.application_exceeds_remaining": "amount",
};

/** Check constraints of the offset tables, by the column people typed into. */
const CONSTRAINT_FIELDS: ReadonlyArray<[RegExp, string, MessageKey]> = [
  [/value.*exchange_rate.*multiplier|credit_value/, "value", "offsets.validation.amount_too_large"],
  [/contract_value/, "contract_value", "offsets.validation.amount_too_large"],
  [/obligation_value/, "obligation_percent", "offsets.validation.percent_invalid"],
];

export function describeDatabaseError(error: DatabaseError | null | undefined): OffsetsFailure {
  if (!error) return { status: 503, messageKey: "offsets.error.unavailable" };
  const code = error.code ?? "";
  const hint = error.hint ?? undefined;
  if (hint && hint.startsWith("offsets.") && isMessageKey(hint)) {
    const field = FIELD_OF[hint];
    if (code === "42501") return { status: 403, messageKey: hint, field };
    if (code === "P0002") return { status: 404, messageKey: hint, field };
    if (code === "P0001") return { status: 409, messageKey: hint, field };
    return { status: 400, messageKey: hint, field };
  }
  if (code === "42501") return { status: 403, messageKey: "offsets.error.forbidden" };
  if (code === "PGRST116" || code === "P0002") return { status: 404, messageKey: "offsets.error.not_found" };
  if (code === "23514") {
    const text = `${error.message ?? ""} ${error.details ?? ""}`;
    for (const [pattern, field, messageKey] of CONSTRAINT_FIELDS) {
      if (pattern.test(text)) return { status: 400, messageKey, field };
    }
    return { status: 400, messageKey: "offsets.error.invalid_input" };
  }
  if (code === "22003") return { status: 400, messageKey: "offsets.validation.amount_too_large", field: "value" };
  if (code.startsWith("22") || code.startsWith("23")) return { status: 400, messageKey: "offsets.error.invalid_input" };
  if (code === "PGRST301" || code === "PGRST302") return { status: 403, messageKey: "offsets.error.forbidden" };
  return { status: 503, messageKey: "offsets.error.unavailable" };
}
