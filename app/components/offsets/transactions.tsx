import { Form } from "@remix-run/react";
import { useId, useRef, type ReactNode } from "react";
import { Alert, Button } from "~/components/form";
import { useLocale, useT } from "~/i18n/react";
import type { AwardedEoi, Category, OrganizationRef, Transaction } from "~/models/offsets.server";
import { formatMoney, formatMultiplier } from "~/offsets/money";
import type { OffsetsActionResult } from "~/offsets/action-result";
import { CURRENCIES, TEXT_LIMITS } from "~/offsets/schemas";
import { formResult, TransactionStatusBadge, useOrgName } from "./parts";

export type EvidenceLink = { storedName: string; displayName: string };

type ActionResult = OffsetsActionResult;

/** Where a file of a transaction downloads from (the resource route checks access again). */
export function evidenceHref(transactionId: string, storedName: string) {
  return `/offsets/evidence/${transactionId}/${storedName}`;
}

function ChainSummary({ transaction }: { transaction: Transaction }) {
  const t = useT();
  const locale = useLocale();
  const { chain } = transaction;
  if (!chain.need && !chain.eoi) return <p className="offset-chain muted">{t("offsets.chain.none")}</p>;
  const needTitle = locale === "ko" ? (chain.need?.title_ko ?? chain.need?.title_en) : (chain.need?.title_en ?? chain.need?.title_ko);
  return (
    <ol className="offset-chain" aria-label={t("offsets.chain.title")}>
      {chain.need ? (
        <li>
          <span className="offset-chain__step">{t("offsets.chain.need")}</span> {needTitle}
        </li>
      ) : null}
      {chain.eoi ? (
        <li>
          <span className="offset-chain__step">{t("offsets.chain.eoi")}</span> {chain.eoi.submitted_at?.slice(0, 10) ?? ""}
        </li>
      ) : null}
      {chain.award?.awarded_at ? (
        <li>
          <span className="offset-chain__step">{t("offsets.chain.award")}</span> {chain.award.awarded_at.slice(0, 10)}
        </li>
      ) : null}
      <li>
        <span className="offset-chain__step">{t("offsets.chain.transaction")}</span> {transaction.transaction_date}
      </li>
    </ol>
  );
}

export function CreditFormula({ transaction }: { transaction: Transaction }) {
  const locale = useLocale();
  const converted = transaction.currency !== transaction.credit_currency;
  return (
    <span className="offset-formula">
      {formatMoney(transaction.value, transaction.currency, locale)}
      {converted ? ` × ${transaction.exchange_rate}` : ""} × {formatMultiplier(transaction.multiplier, locale)} ={" "}
      <strong>{formatMoney(transaction.credit_value, transaction.credit_currency, locale)}</strong>
    </span>
  );
}

/**
 * Transactions with their evidence and, for the contractor's admins, the actions of a proposed
 * transaction (attach, remove, submit, delete). Each form names its intent and transaction, so
 * an error shows next to the form that caused it.
 */
export function TransactionsTable({
  transactions,
  evidence,
  canEdit,
  canSubmit,
  result,
  captionKey = "offsets.transactions.caption",
  reviewSlot,
  categories = [],
}: {
  transactions: readonly Transaction[];
  evidence: Record<string, EvidenceLink[]>;
  canEdit: boolean;
  canSubmit: boolean;
  result: ActionResult | undefined;
  captionKey?: "offsets.transactions.caption" | "offsets.bank.pre_agreement";
  /** The reviewer's decision form for a row, where the viewer reviews it. */
  reviewSlot?: (transaction: Transaction) => ReactNode;
  /** Names of the category codes, for the reader's language. */
  categories?: readonly Pick<Category, "code" | "name_en" | "name_ko">[];
}) {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const categoryName = (code: string) => {
    const category = categories.find((candidate) => candidate.code === code);
    return category ? (locale === "ko" ? category.name_ko : category.name_en) : code;
  };
  if (transactions.length === 0) return <p className="muted">{t("offsets.transactions.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table offset-table">
        <caption className="visually-hidden">{t(captionKey)}</caption>
        <thead>
          <tr>
            <th scope="col">{t("offsets.transactions.col_date")}</th>
            <th scope="col">{t("offsets.transactions.col_title")}</th>
            <th scope="col">{t("offsets.transactions.col_counterparty")}</th>
            <th scope="col">{t("offsets.transactions.col_credit")}</th>
            <th scope="col">{t("offsets.transactions.col_status")}</th>
            <th scope="col">{t("offsets.transactions.col_evidence")}</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((tx) => {
            const files = evidence[tx.id] ?? [];
            const editable = canEdit && tx.status === "proposed";
            const rowError = (intent: string) => formResult(result, intent, tx.id);
            const errors = ["attach_evidence", "remove_evidence", "submit_transaction", "delete_transaction"]
              .map((intent) => rowError(intent))
              .find(Boolean);
            return (
              <tr key={tx.id} id={`transaction-${tx.id}`}>
                <td>{tx.transaction_date}</td>
                <th scope="row" className="offset-table__title">
                  {tx.title}
                  <div className="offset-note">{categoryName(tx.category_code)}</div>
                  <ChainSummary transaction={tx} />
                </th>
                <td>{tx.sme ? orgName(tx.sme) : (tx.counterparty_name ?? "—")}</td>
                <td>
                  <CreditFormula transaction={tx} />
                </td>
                <td>
                  <TransactionStatusBadge status={tx.status} />
                  {tx.review_comment ? <p className="offset-note">{t("offsets.transactions.review_comment", { comment: tx.review_comment })}</p> : null}
                  {tx.reversal_reason ? <p className="offset-note">{t("offsets.transactions.reversal", { reason: tx.reversal_reason })}</p> : null}
                  {tx.bank_valid_until ? <p className="offset-note">{t("offsets.transactions.banked_until", { date: tx.bank_valid_until })}</p> : null}
                </td>
                <td>
                  {errors?.formError ? <Alert tone="error">{errors.formError}</Alert> : null}
                  {files.length === 0 ? <p className="muted">{t("offsets.transactions.no_files")}</p> : null}
                  <ul className="offset-files">
                    {files.map((file) => (
                      <li key={file.storedName}>
                        <a href={evidenceHref(tx.id, file.storedName)} aria-label={t("offsets.transactions.download_file", { name: file.displayName })}>
                          {file.displayName}
                        </a>
                        {editable ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="remove_evidence" />
                            <input type="hidden" name="transaction_id" value={tx.id} />
                            <input type="hidden" name="file" value={file.storedName} />
                            <button type="submit" className="button button--quiet button--small" aria-label={t("offsets.transactions.remove_file_named", { name: file.displayName })}>
                              {t("offsets.transactions.remove_file")}
                            </button>
                          </Form>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                  {editable ? <AttachForm transaction={tx} error={rowError("attach_evidence")?.fieldErrors.evidence} /> : null}
                  {editable ? (
                    <div className="button-row offset-row-actions">
                      {canSubmit ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="submit_transaction" />
                          <input type="hidden" name="transaction_id" value={tx.id} />
                          <Button variant="primary" className="button--small" aria-label={t("offsets.transactions.submit_named", { title: tx.title })} pendingLabel={t("form.submitting")}>
                            {t("offsets.transactions.submit")}
                          </Button>
                        </Form>
                      ) : null}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="delete_transaction" />
                        <input type="hidden" name="transaction_id" value={tx.id} />
                        <Button variant="quiet" className="button--small" aria-label={t("offsets.transactions.delete_named", { title: tx.title })}>
                          {t("offsets.transactions.delete")}
                        </Button>
                      </Form>
                    </div>
                  ) : null}
                  {reviewSlot?.(tx)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AttachForm({ transaction, error }: { transaction: Transaction; error: string | undefined }) {
  const t = useT();
  const id = useId();
  return (
    <Form method="post" encType="multipart/form-data" className="offset-attach">
      <input type="hidden" name="intent" value="attach_evidence" />
      <input type="hidden" name="transaction_id" value={transaction.id} />
      <label htmlFor={id} className="visually-hidden">
        {t("offsets.transactions.attach_named", { title: transaction.title })}
      </label>
      <input
        id={id}
        type="file"
        name="evidence"
        multiple
        accept="application/pdf,image/png,image/jpeg"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <Button variant="secondary" className="button--small" aria-label={t("offsets.transactions.attach_named", { title: transaction.title })}>
        {t("offsets.transactions.attach")}
      </Button>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

/** The form that records a transaction: from an awarded EOI, or with a counterparty named by hand. */
export function RecordTransactionForm({
  categories,
  awardedEois,
  reviewers,
  contractors,
  agreementCurrency,
  result,
  maxFiles,
  defaultDate,
}: {
  categories: readonly Category[];
  awardedEois: readonly AwardedEoi[];
  /** Without an agreement: the reviewer to bank with. */
  reviewers: readonly OrganizationRef[] | null;
  /** Without an agreement and with several contractor organizations: which one records. */
  contractors: readonly OrganizationRef[] | null;
  agreementCurrency: string | null;
  result: ActionResult | undefined;
  maxFiles: number;
  defaultDate: string;
}) {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const id = useId();
  const mine = formResult(result, "record_transaction");
  const categorySelect = useRef<HTMLSelectElement>(null);
  const values = mine?.values ?? {};
  const errors = mine?.fieldErrors ?? {};
  const field = (name: string) => ({
    id: `${id}-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": [errors[name] ? `${id}-${name}-error` : "", hints[name] ? `${id}-${name}-hint` : ""].filter(Boolean).join(" ") || undefined,
  });
  const hints: Record<string, string> = {
    eoi_id: t("offsets.hint.eoi"),
    counterparty_name: t("offsets.hint.counterparty"),
    value: t("offsets.hint.amount"),
    exchange_rate: t("offsets.hint.exchange_rate"),
    evidence: t("offsets.hint.evidence", { count: maxFiles }),
  };
  const label = (name: string, text: string, required = false) => (
    <label htmlFor={`${id}-${name}`} className="field__label">
      {text}
      {required ? <span className="field__required"> ({t("form.required")})</span> : null}
    </label>
  );
  const hint = (name: string) =>
    hints[name] ? (
      <p id={`${id}-${name}-hint`} className="field__hint">
        {hints[name]}
      </p>
    ) : null;
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null;
  const fieldClass = (name: string) => (errors[name] ? "field field--invalid" : "field");
  const needTitle = (eoi: AwardedEoi) => (locale === "ko" ? (eoi.need.title_ko ?? eoi.need.title_en) : (eoi.need.title_en ?? eoi.need.title_ko)) ?? "—";

  return (
    <Form method="post" encType="multipart/form-data" noValidate className="form offset-record-form" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("offsets.transactions.record")}</h3>
      {mine?.formError ? <Alert tone="error">{mine.formError}</Alert> : null}
      {mine && Object.keys(errors).length > 0 && !mine.formError ? <Alert tone="error">{t("form.error_summary")}</Alert> : null}
      <input type="hidden" name="intent" value="record_transaction" />

      {contractors && contractors.length > 1 ? (
        <div className={fieldClass("contractor_organization_id")}>
          {label("contractor_organization_id", t("offsets.field.organization"), true)}
          <select {...field("contractor_organization_id")} className="field__input" defaultValue={values.contractor_organization_id ?? contractors[0]?.id}>
            {contractors.map((org) => (
              <option key={org.id} value={org.id}>
                {orgName(org)}
              </option>
            ))}
          </select>
        </div>
      ) : contractors && contractors[0] ? (
        <input type="hidden" name="contractor_organization_id" value={contractors[0].id} />
      ) : null}

      {reviewers ? (
        <div className={fieldClass("reviewer_organization_id")}>
          {label("reviewer_organization_id", t("offsets.field.reviewer"), true)}
          <select {...field("reviewer_organization_id")} className="field__input" defaultValue={values.reviewer_organization_id ?? reviewers[0]?.id ?? ""}>
            {reviewers.map((org) => (
              <option key={org.id} value={org.id}>
                {orgName(org)}
              </option>
            ))}
          </select>
          {error("reviewer_organization_id")}
        </div>
      ) : null}

      <div className={fieldClass("eoi_id")}>
        {label("eoi_id", t("offsets.field.eoi"))}
        {hint("eoi_id")}
        <select
          {...field("eoi_id")}
          className="field__input"
          defaultValue={values.eoi_id ?? ""}
          onChange={(event) => {
            // Suggest the category of the need's kind; the contractor can still change it.
            const kind = event.currentTarget.selectedOptions[0]?.dataset.kind;
            const select = categorySelect.current;
            if (kind && select && [...select.options].some((option) => option.value === kind)) select.value = kind;
          }}
        >
          <option value="">{t("offsets.transactions.no_eoi")}</option>
          {awardedEois.map((eoi) => (
            <option key={eoi.id} value={eoi.id} data-kind={eoi.need.kind}>
              {t("offsets.transactions.eoi_option", { need: needTitle(eoi), sme: orgName(eoi.sme) })}
            </option>
          ))}
        </select>
        {error("eoi_id")}
      </div>

      <div className={fieldClass("counterparty_name")}>
        {label("counterparty_name", t("offsets.field.counterparty_name"))}
        {hint("counterparty_name")}
        <input {...field("counterparty_name")} className="field__input" maxLength={TEXT_LIMITS.counterparty} defaultValue={values.counterparty_name ?? ""} />
        {error("counterparty_name")}
        <div className="choice">
          <input type="checkbox" id={`${id}-counterparty_is_sme`} name="counterparty_is_sme" defaultChecked={values.counterparty_is_sme === "on"} />
          <label htmlFor={`${id}-counterparty_is_sme`}>{t("offsets.field.counterparty_is_sme")}</label>
        </div>
      </div>

      <div className={fieldClass("category_code")}>
        {label("category_code", t("offsets.field.category"), true)}
        <select
          {...field("category_code")}
          ref={categorySelect}
          className="field__input"
          defaultValue={values.category_code ?? categories[0]?.code}
        >
          {categories.map((category) => (
            <option key={category.code} value={category.code}>
              {locale === "ko" ? category.name_ko : category.name_en} ({formatMultiplier(category.multiplier, locale)} / {t("offsets.category.sme_multiplier")}{" "}
              {formatMultiplier(category.sme_multiplier, locale)})
            </option>
          ))}
        </select>
        {error("category_code")}
      </div>

      <div className={fieldClass("title")}>
        {label("title", t("offsets.field.title"), true)}
        <input {...field("title")} className="field__input" required maxLength={TEXT_LIMITS.title} defaultValue={values.title ?? ""} />
        {error("title")}
      </div>

      <div className={fieldClass("description")}>
        {label("description", t("offsets.field.description"))}
        <textarea {...field("description")} className="field__input" rows={3} maxLength={TEXT_LIMITS.description} defaultValue={values.description ?? ""} />
        {error("description")}
      </div>

      <div className="offset-form-row">
        <div className={fieldClass("value")}>
          {label("value", t("offsets.field.value"), true)}
          {hint("value")}
          <input {...field("value")} className="field__input" inputMode="decimal" required defaultValue={values.value ?? ""} />
          {error("value")}
        </div>
        <div className={fieldClass("currency")}>
          {label("currency", t("offsets.field.currency"), true)}
          <select {...field("currency")} className="field__input" defaultValue={values.currency ?? agreementCurrency ?? "USD"}>
            {CURRENCIES.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
          {error("currency")}
        </div>
      </div>

      {agreementCurrency ? (
        <div className={fieldClass("exchange_rate")}>
          {label("exchange_rate", t("offsets.field.exchange_rate"))}
          {hint("exchange_rate")}
          <input {...field("exchange_rate")} className="field__input" inputMode="decimal" defaultValue={values.exchange_rate ?? ""} />
          {error("exchange_rate")}
        </div>
      ) : null}

      <div className={fieldClass("transaction_date")}>
        {label("transaction_date", t("offsets.field.transaction_date"), true)}
        <input {...field("transaction_date")} type="date" className="field__input" required defaultValue={values.transaction_date ?? defaultDate} />
        {error("transaction_date")}
      </div>

      <div className={fieldClass("evidence")}>
        {label("evidence", t("offsets.field.evidence"))}
        {hint("evidence")}
        <input {...field("evidence")} type="file" multiple accept="application/pdf,image/png,image/jpeg" className="field__input" />
        {error("evidence")}
      </div>

      <Button pendingLabel={t("form.submitting")}>{t("offsets.transactions.record_submit")}</Button>
    </Form>
  );
}
