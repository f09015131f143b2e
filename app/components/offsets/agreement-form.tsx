import { Form } from "@remix-run/react";
import { useId } from "react";
import { Alert, Button, Field } from "~/components/form";
import { useT } from "~/i18n/react";
import type { OrganizationRef } from "~/models/offsets.server";
import type { OffsetsActionResult } from "~/offsets/action-result";
import { CURRENCIES, TEXT_LIMITS } from "~/offsets/schemas";
import { useOrgName } from "./parts";

/** Terms of an agreement: used to create one here and to edit a draft on its page. */
export function AgreementForm({
  contractors,
  reviewers,
  result,
  defaults,
  defaultDeadline,
  submitLabel,
  intent,
}: {
  contractors: readonly OrganizationRef[] | null;
  reviewers: readonly OrganizationRef[];
  result: OffsetsActionResult | undefined;
  defaults?: Partial<Record<string, string>>;
  defaultDeadline?: string;
  submitLabel: string;
  intent?: string;
}) {
  const t = useT();
  const orgName = useOrgName();
  const id = useId();
  const values = { ...defaults, ...(result?.values ?? {}) };
  const errors = result?.fieldErrors ?? {};
  const select = (name: string, label: string, options: ReadonlyArray<{ value: string; label: string }>, defaultValue: string | undefined) => (
    <div className={errors[name] ? "field field--invalid" : "field"}>
      <label htmlFor={`${id}-${name}`} className="field__label">
        {label}
        <span className="field__required"> ({t("form.required")})</span>
      </label>
      <select
        id={`${id}-${name}`}
        name={name}
        className="field__input"
        defaultValue={values[name] ?? defaultValue}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {errors[name] ? (
        <p id={`${id}-${name}-error`} className="field__error">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <Form method="post" noValidate className="form offset-form">
      {result?.formError ? <Alert tone="error">{result.formError}</Alert> : null}
      {result && Object.keys(errors).length > 0 && !result.formError ? <Alert tone="error">{t("form.error_summary")}</Alert> : null}
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {contractors
        ? contractors.length > 1
          ? select(
              "contractor_organization_id",
              t("offsets.field.contractor"),
              contractors.map((org) => ({ value: org.id, label: orgName(org) })),
              contractors[0]?.id,
            )
          : <input type="hidden" name="contractor_organization_id" value={contractors[0]?.id ?? ""} />
        : null}
      <Field name="program" label={t("offsets.field.program")} required maxLength={TEXT_LIMITS.program} defaultValue={values.program ?? ""} error={errors.program} />
      <Field name="reference" label={t("offsets.field.reference")} maxLength={TEXT_LIMITS.reference} defaultValue={values.reference ?? ""} error={errors.reference} />
      <div className="offset-form-row">
        <Field
          name="contract_value"
          label={t("offsets.field.contract_value")}
          hint={t("offsets.hint.amount")}
          inputMode="decimal"
          required
          defaultValue={values.contract_value ?? ""}
          error={errors.contract_value}
        />
        {select(
          "currency",
          t("offsets.field.currency"),
          CURRENCIES.map((currency) => ({ value: currency, label: currency })),
          "USD",
        )}
      </div>
      <Field
        name="obligation_percent"
        label={t("offsets.field.obligation_percent")}
        hint={t("offsets.hint.obligation_percent")}
        inputMode="decimal"
        required
        defaultValue={values.obligation_percent ?? "50"}
        error={errors.obligation_percent}
      />
      <Field name="deadline" type="date" label={t("offsets.field.deadline")} required defaultValue={values.deadline ?? defaultDeadline ?? ""} error={errors.deadline} />
      <Field
        name="penalty_rate_percent"
        label={t("offsets.field.penalty_rate_percent")}
        hint={t("offsets.hint.penalty_rate")}
        inputMode="decimal"
        required
        defaultValue={values.penalty_rate_percent ?? "10"}
        error={errors.penalty_rate_percent}
      />
      <Field
        name="bank_validity_months"
        label={t("offsets.field.bank_validity_months")}
        hint={t("offsets.hint.bank_validity")}
        inputMode="numeric"
        required
        defaultValue={values.bank_validity_months ?? "60"}
        error={errors.bank_validity_months}
      />
      {select(
        "reviewer_organization_id",
        t("offsets.field.reviewer"),
        reviewers.map((org) => ({ value: org.id, label: orgName(org) })),
        reviewers[0]?.id,
      )}
      <div className={errors.notes ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-notes`} className="field__label">
          {t("offsets.field.notes")}
        </label>
        <textarea
          id={`${id}-notes`}
          name="notes"
          className="field__input"
          rows={3}
          maxLength={TEXT_LIMITS.notes}
          defaultValue={values.notes ?? ""}
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? `${id}-notes-error` : undefined}
        />
        {errors.notes ? (
          <p id={`${id}-notes-error`} className="field__error">
            {errors.notes}
          </p>
        ) : null}
      </div>
      <Button pendingLabel={t("form.submitting")}>{submitLabel}</Button>
    </Form>
  );
}

