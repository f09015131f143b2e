import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { agreementSchema, decisionSchema, parseMultiplierForm, transactionSchema } from "./schemas";

const ORG = "42a40d23-8d74-4506-910c-1d284a3ca719";
const REVIEWER = "cf547785-f561-454d-89b4-4da844ad6e83";

function fieldMessages(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));
}

const goodAgreement = {
  contractor_organization_id: ORG,
  program: "KF-21",
  contract_value: "1,000,000.50",
  currency: "usd",
  obligation_percent: "50",
  deadline: "2031-12-31",
  penalty_rate_percent: "0",
  bank_validity_months: "60",
  reviewer_organization_id: REVIEWER,
};

describe("offset form schemas", () => {
  it("normalizes amounts and currencies without floating point", () => {
    const parsed = agreementSchema.parse(goodAgreement);
    expect(parsed.contract_value).toBe("1000000.50");
    expect(parsed.currency).toBe("USD");
    expect(parsed.obligation_percent).toBe("50.000");
    expect(parsed.penalty_rate_percent).toBe("0.000");
    expect(parsed.bank_validity_months).toBe(60);
  });

  it("answers each bad field with its own message key", () => {
    const messages = fieldMessages(
      agreementSchema.safeParse({
        ...goodAgreement,
        program: "  ",
        contract_value: "1.001",
        currency: "dollars",
        obligation_percent: "250",
        deadline: "2031-02-30",
        bank_validity_months: "0",
        reviewer_organization_id: "not-a-uuid",
      }),
    );
    expect(messages).toEqual({
      program: "offsets.validation.program_required",
      contract_value: "offsets.validation.amount_invalid",
      currency: "offsets.validation.currency_invalid",
      obligation_percent: "offsets.validation.percent_invalid",
      deadline: "offsets.validation.date_invalid",
      bank_validity_months: "offsets.validation.months_invalid",
      reviewer_organization_id: "offsets.validation.reviewer_required",
    });
    for (const key of Object.values(messages)) expect(Object.keys(en)).toContain(key);
  });

  it("never throws and only ever answers with known message keys, whatever arrives", () => {
    const anything = fc.oneof(fc.string(), fc.constant(undefined), fc.integer(), fc.constant("1e309"), fc.constant("-0"), fc.constant("９９"));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(goodAgreement), "value", "title", "category_code", "eoi_id"), anything), (input) => {
        for (const schema of [agreementSchema, transactionSchema]) {
          const result = schema.safeParse({ ...input });
          if (!result.success) for (const issue of result.error.issues) expect(Object.keys(en)).toContain(issue.message);
        }
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it("asks for a counterparty or an awarded EOI, and for a reviewer when there is no agreement", () => {
    const messages = fieldMessages(
      transactionSchema.safeParse({ category_code: "mro", title: "Overhaul", value: "10", currency: "KRW", transaction_date: "2026-01-01" }),
    );
    expect(messages).toEqual({
      counterparty_name: "offsets.validation.counterparty_required",
      reviewer_organization_id: "offsets.validation.reviewer_required",
    });
  });

  it("requires a comment to reject, not to approve", () => {
    const key = "0b9a4f1e-4d8c-4f0a-9d8e-8a4c2b1d0e9f";
    expect(decisionSchema.safeParse({ decision: "approve", request_key: key }).success).toBe(true);
    expect(fieldMessages(decisionSchema.safeParse({ decision: "reject", comment: " ", request_key: key }))).toEqual({
      comment: "offsets.validation.comment_required",
    });
  });

  it("checks every multiplier of the form and names the field", () => {
    const form = new FormData();
    form.set("multiplier.mro", "1.5");
    form.set("sme_multiplier.mro", "0");
    form.set("multiplier.localization", "21");
    form.set("sme_multiplier.localization", "2");
    expect(parseMultiplierForm(form, ["mro", "localization"])).toEqual({
      ok: false,
      fieldErrors: { "sme_multiplier.mro": "offsets.validation.multiplier_invalid", "multiplier.localization": "offsets.validation.multiplier_invalid" },
    });
    form.set("sme_multiplier.mro", "2");
    form.set("multiplier.localization", "1");
    expect(parseMultiplierForm(form, ["mro", "localization"])).toEqual({
      ok: true,
      categories: [
        { code: "mro", multiplier: "1.500", sme_multiplier: "2.000" },
        { code: "localization", multiplier: "1.000", sme_multiplier: "2.000" },
      ],
    });
  });
});
