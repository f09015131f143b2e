import * as z from "zod";
import type { MessageKey } from "~/i18n";
import { normalizeAmountInput, parseScaled } from "./money";

/*
 * Form schemas for the offset pages, shared by forms (limits) and actions (validation).
 * Messages are message keys; actions translate them. Money stays a decimal string end to end.
 */

const key = (messageKey: MessageKey) => ({ error: messageKey });

export const CURRENCIES = ["USD", "EUR", "KRW", "GBP", "JPY", "AUD", "CAD", "CHF", "SEK", "NOK", "ILS", "TRY"] as const;
export const MAX_MONEY = "9999999999999.99";
/** Evidence files per upload (each at most 10 MB, checked by content). */
export const MAX_EVIDENCE_FILES = 10; // under numeric(20, 2) with room for multipliers and rates
export const TEXT_LIMITS = { program: 200, reference: 100, notes: 5000, title: 200, description: 5000, comment: 5000, note: 2000, counterparty: 200 };

const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : value);
const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : trimmed(value));

const uuid = (message: MessageKey) => z.preprocess(trimmed, z.guid(key(message)));
const optionalUuid = (message: MessageKey) => z.preprocess(emptyToUndefined, z.guid(key(message)).optional());

/** A positive decimal with at most `scale` decimals and at most `max`, kept as a normalized string. */
function decimalField(options: { scale: number; max: string; min?: string; required: MessageKey; invalid: MessageKey; tooLarge: MessageKey; allowZero?: boolean }) {
  return z.preprocess(
    (value) => normalizeAmountInput(emptyToUndefined(value)),
    z
      .string(key(options.required))
      .regex(/^\d{1,16}(\.\d+)?$/, key(options.invalid))
      .refine((text) => parseScaled(text, options.scale) !== null, key(options.invalid))
      .refine((text) => (options.allowZero ? true : (parseScaled(text, options.scale) ?? 0n) > 0n), key(options.invalid))
      .refine((text) => (parseScaled(text, options.scale) ?? 0n) <= (parseScaled(options.max, options.scale) ?? 0n), key(options.tooLarge))
      .refine(
        (text) => options.min === undefined || (parseScaled(text, options.scale) ?? 0n) >= (parseScaled(options.min, options.scale) ?? 0n),
        key(options.invalid),
      )
      .transform((text) => {
        const scaled = parseScaled(text, options.scale) ?? 0n;
        const digits = scaled.toString().padStart(options.scale + 1, "0");
        return options.scale === 0 ? digits : `${digits.slice(0, -options.scale)}.${digits.slice(-options.scale)}`;
      }),
  );
}

export const moneyField = decimalField({
  scale: 2,
  max: MAX_MONEY,
  required: "offsets.validation.amount_required",
  invalid: "offsets.validation.amount_invalid",
  tooLarge: "offsets.validation.amount_too_large",
});

const currencyField = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
  z.string(key("offsets.validation.currency_invalid")).regex(/^[A-Z]{3}$/, key("offsets.validation.currency_invalid")),
);

const isoDate = (required: MessageKey) =>
  z.preprocess(
    trimmed,
    z
      .string(key(required))
      .regex(/^\d{4}-\d{2}-\d{2}$/, key("offsets.validation.date_invalid"))
      .refine((text) => {
        const date = new Date(`${text}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text && text >= "2000-01-01" && text <= "2100-12-31";
      }, key("offsets.validation.date_invalid")),
  );

const optionalText = (max: number, tooLong: MessageKey) =>
  z.preprocess(emptyToUndefined, z.string().max(max, key(tooLong)).optional());

const requiredText = (max: number, required: MessageKey, tooLong: MessageKey) =>
  z.preprocess(trimmed, z.string(key(required)).min(1, key(required)).max(max, key(tooLong)));

export const agreementSchema = z.object({
  contractor_organization_id: uuid("offsets.validation.contractor_required"),
  program: requiredText(TEXT_LIMITS.program, "offsets.validation.program_required", "offsets.validation.text_too_long"),
  reference: optionalText(TEXT_LIMITS.reference, "offsets.validation.text_too_long"),
  contract_value: moneyField,
  currency: currencyField,
  obligation_percent: decimalField({
    scale: 3,
    max: "200",
    required: "offsets.validation.percent_required",
    invalid: "offsets.validation.percent_invalid",
    tooLarge: "offsets.validation.percent_invalid",
  }),
  deadline: isoDate("offsets.validation.deadline_required"),
  penalty_rate_percent: decimalField({
    scale: 3,
    max: "100",
    required: "offsets.validation.percent_required",
    invalid: "offsets.validation.percent_invalid",
    tooLarge: "offsets.validation.percent_invalid",
    allowZero: true,
  }),
  bank_validity_months: z.preprocess(
    (value) => (typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number(key("offsets.validation.months_invalid"))
      .int(key("offsets.validation.months_invalid"))
      .min(1, key("offsets.validation.months_invalid"))
      .max(240, key("offsets.validation.months_invalid")),
  ),
  reviewer_organization_id: uuid("offsets.validation.reviewer_required"),
  notes: optionalText(TEXT_LIMITS.notes, "offsets.validation.text_too_long"),
});
export type AgreementInput = z.infer<typeof agreementSchema>;

export const multiplierField = decimalField({
  scale: 3,
  max: "20",
  required: "offsets.validation.multiplier_invalid",
  invalid: "offsets.validation.multiplier_invalid",
  tooLarge: "offsets.validation.multiplier_invalid",
});

/** Multipliers arrive as multiplier.<code> and sme_multiplier.<code> fields, one pair per category. */
export function parseMultiplierForm(
  formData: FormData,
  codes: readonly string[],
): { ok: true; categories: Array<{ code: string; multiplier: string; sme_multiplier: string }> } | { ok: false; fieldErrors: Record<string, MessageKey> } {
  const categories: Array<{ code: string; multiplier: string; sme_multiplier: string }> = [];
  const fieldErrors: Record<string, MessageKey> = {};
  for (const code of codes) {
    const base = multiplierField.safeParse(formData.get(`multiplier.${code}`) ?? undefined);
    const sme = multiplierField.safeParse(formData.get(`sme_multiplier.${code}`) ?? undefined);
    if (!base.success) fieldErrors[`multiplier.${code}`] = "offsets.validation.multiplier_invalid";
    if (!sme.success) fieldErrors[`sme_multiplier.${code}`] = "offsets.validation.multiplier_invalid";
    if (base.success && sme.success) categories.push({ code, multiplier: base.data, sme_multiplier: sme.data });
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, categories };
}

export const transactionSchema = z
  .object({
    agreement_id: optionalUuid("offsets.validation.agreement_invalid"),
    reviewer_organization_id: optionalUuid("offsets.validation.reviewer_required"),
    eoi_id: optionalUuid("offsets.validation.eoi_invalid"),
    sme_organization_id: optionalUuid("offsets.validation.sme_invalid"),
    counterparty_name: optionalText(TEXT_LIMITS.counterparty, "offsets.validation.text_too_long"),
    counterparty_is_sme: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
    category_code: z.preprocess(trimmed, z.string(key("offsets.validation.category_required")).regex(/^[a-z][a-z0-9_]{1,39}$/, key("offsets.validation.category_required"))),
    title: requiredText(TEXT_LIMITS.title, "offsets.validation.title_required", "offsets.validation.text_too_long"),
    description: optionalText(TEXT_LIMITS.description, "offsets.validation.text_too_long"),
    value: moneyField,
    currency: currencyField,
    exchange_rate: z.preprocess(
      emptyToUndefined,
      decimalField({
        scale: 8,
        max: "1000000",
        required: "offsets.validation.rate_invalid",
        invalid: "offsets.validation.rate_invalid",
        tooLarge: "offsets.validation.rate_invalid",
      }).optional(),
    ),
    transaction_date: isoDate("offsets.validation.date_required"),
  })
  .superRefine((input, context) => {
    if (!input.eoi_id && !input.sme_organization_id && !input.counterparty_name) {
      context.addIssue({ code: "custom", path: ["counterparty_name"], message: "offsets.validation.counterparty_required" });
    }
    if (!input.agreement_id && !input.reviewer_organization_id) {
      context.addIssue({ code: "custom", path: ["reviewer_organization_id"], message: "offsets.validation.reviewer_required" });
    }
  });
export type TransactionInput = z.infer<typeof transactionSchema>;

export const requestKeyField = uuid("offsets.validation.request_key_invalid");

export const decisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"], key("offsets.validation.decision_invalid")),
    comment: optionalText(TEXT_LIMITS.comment, "offsets.validation.comment_too_long"),
    request_key: requestKeyField,
  })
  .superRefine((input, context) => {
    if (input.decision === "reject" && !input.comment) {
      context.addIssue({ code: "custom", path: ["comment"], message: "offsets.validation.comment_required" });
    }
  });

export const transactionDecisionSchema = z.object({ transaction_id: uuid("offsets.error.not_found") }).and(decisionSchema);
export const bankDecisionSchema = z.object({ bank_request_id: uuid("offsets.error.not_found") }).and(decisionSchema);

export const agreementReviewSchema = z
  .object({
    decision: z.enum(["accept", "return", "close"], key("offsets.validation.decision_invalid")),
    comment: optionalText(TEXT_LIMITS.comment, "offsets.validation.comment_too_long"),
  })
  .superRefine((input, context) => {
    if (input.decision === "return" && !input.comment) {
      context.addIssue({ code: "custom", path: ["comment"], message: "offsets.validation.comment_required" });
    }
  });

export const reversalSchema = z.object({
  entry_group: uuid("offsets.error.not_found"),
  reason: requiredText(TEXT_LIMITS.note, "offsets.validation.comment_required", "offsets.validation.comment_too_long"),
  request_key: requestKeyField,
});

export const bankApplicationSchema = z.object({
  amount: moneyField,
  note: optionalText(TEXT_LIMITS.note, "offsets.validation.note_too_long"),
  request_key: requestKeyField,
});

export const bankTransferSchema = z.object({
  source: z.preprocess(
    trimmed,
    z.string(key("offsets.validation.bank_account_required")).regex(/^[0-9a-f-]{36}\|[0-9a-f-]{36}\|[A-Z]{3}$/, key("offsets.validation.bank_account_required")),
  ),
  target_organization_id: uuid("offsets.validation.transfer_target_invalid"),
  amount: moneyField,
  note: optionalText(TEXT_LIMITS.note, "offsets.validation.note_too_long"),
  request_key: requestKeyField,
});

/** "<contractor>|<reviewer>|<currency>": how a bank account is named in forms. */
export function bankAccountKey(account: { contractorId: string; reviewerId: string; currency: string }) {
  return `${account.contractorId}|${account.reviewerId}|${account.currency}`;
}

export function parseBankAccountKey(value: string) {
  const [contractorId = "", reviewerId = "", currency = ""] = value.split("|");
  return { contractorId, reviewerId, currency };
}

export const idSchema = z.object({ id: uuid("offsets.error.not_found") });
