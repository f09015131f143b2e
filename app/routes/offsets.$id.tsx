import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { AgreementForm } from "~/components/offsets/agreement-form";
import { AgreementReviewForm, DecisionForm } from "~/components/offsets/decision-form";
import { FulfilmentChart } from "~/components/offsets/fulfilment-chart";
import { AgreementStatusBadge, BalanceList, BankStatusBadge, formResult, Money, Notice, offsetsLinks, useOrgName } from "~/components/offsets/parts";
import { RecordTransactionForm, TransactionsTable } from "~/components/offsets/transactions";
import type { MessageKey } from "~/i18n";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  deleteDraftAgreement,
  getAgreement,
  listAgreementBalances,
  listAwardedEois,
  listBankBalances,
  listBankRequests,
  listCategories,
  listEvidenceFor,
  listLedger,
  listOrganizationsOfKind,
  listTransactions,
  orThrow,
  requestBankUse,
  setMultipliers,
  submitAgreement,
  updateAgreement,
  type AwardedEoi,
  type BankBalanceRow,
  type OrganizationRef,
} from "~/models/offsets.server";
import type { OffsetsActionResult } from "~/offsets/action-result";
import {
  doneRedirect,
  handleReviewIntent,
  handleTransactionIntent,
  isReviewIntent,
  isTransactionIntent,
  noticeFrom,
  readForm,
  refuse,
  refuseFailure,
  refuseInvalid,
} from "~/offsets/actions.server";
import { adminOf, memberOf, offsetsContext } from "~/offsets/context.server";
import { agreementBalance, fulfilmentSeries, reversibleGroups, runningAgreementBalances, seoulDateTime } from "~/offsets/ledger";
import { formatMoney, parseScaled, trimDecimal } from "~/offsets/money";
import { agreementSchema, bankApplicationSchema, idSchema, MAX_EVIDENCE_FILES, parseMultiplierForm, TEXT_LIMITS } from "~/offsets/schemas";

const NOTICES: MessageKey[] = [
  "offsets.agreement.saved",
  "offsets.agreement.submitted",
  "offsets.agreement.decided",
  "offsets.agreement.multipliers_saved",
  "offsets.transactions.recorded",
  "offsets.transactions.submitted",
  "offsets.transactions.deleted",
  "offsets.transactions.uploaded",
  "offsets.transactions.file_removed",
  "offsets.review.approved",
  "offsets.review.rejected",
  "offsets.review.replayed",
  "offsets.ledger.reversed",
  "offsets.bank.requested",
];

const AGREEMENT_FIELDS = [
  "program", "reference", "contract_value", "currency", "obligation_percent", "deadline", "penalty_rate_percent",
  "bank_validity_months", "reviewer_organization_id", "notes",
];

export const links: LinksFunction = offsetsLinks;

type PageData = SerializeFrom<typeof loader>;

/** The approval notice's amounts, echoed through the redirect: shown only when they are plain amounts. */
function approvalParams(url: URL) {
  const credited = url.searchParams.get("credited") ?? "";
  const banked = url.searchParams.get("banked") ?? "";
  const currency = url.searchParams.get("currency") ?? "";
  if (parseScaled(credited, 2) === null || parseScaled(banked, 2) === null || !/^[A-Z]{3}$/.test(currency)) return null;
  return { credited, banked, currency };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await offsetsContext(request);
  const { supabase, headers, contractors, reviewers, today } = context;
  const id = idSchema.safeParse({ id: params.id });
  if (!id.success) throw new Response("offsets.error.not_found", { status: 404, headers });
  const agreement = orThrow(await getAgreement(supabase, { id: id.data.id }));
  if (!agreement) throw new Response("offsets.error.not_found", { status: 404, headers });

  const isContractor = memberOf(contractors, agreement.contractor_organization_id);
  const contractorAdmin = adminOf(contractors, agreement.contractor_organization_id);
  const reviewerAdmin = adminOf(reviewers, agreement.reviewer_organization_id);
  const editable = contractorAdmin && agreement.status === "draft";
  const canRecord = contractorAdmin && agreement.status !== "closed";

  const [categories, transactions, ledger, balances, bankRequests] = await Promise.all([
    listCategories(supabase, { agreementId: agreement.id }).then(orThrow),
    listTransactions(supabase, { agreementId: agreement.id }).then(orThrow),
    listLedger(supabase, { agreementId: agreement.id }).then(orThrow),
    listAgreementBalances(supabase, { agreementIds: [agreement.id] }).then(orThrow),
    listBankRequests(supabase, { targetAgreementId: agreement.id }).then(orThrow),
  ]);
  const [evidence, awardedEois, bankAccounts, reviewerOrgs] = await Promise.all([
    listEvidenceFor(supabase, transactions).then(orThrow),
    canRecord ? listAwardedEois(supabase, { contractorIds: [agreement.contractor_organization_id] }).then(orThrow) : ([] as AwardedEoi[]),
    contractorAdmin && agreement.status === "active"
      ? listBankBalances(supabase, { contractorIds: [agreement.contractor_organization_id] }).then(orThrow)
      : ([] as BankBalanceRow[]),
    editable ? listOrganizationsOfKind(supabase, { kind: "government_reviewer" }).then(orThrow) : ([] as OrganizationRef[]),
  ]);

  const balance = agreementBalance({
    agreementId: agreement.id,
    obligation: agreement.obligation_value,
    penaltyRatePercent: agreement.penalty_rate_percent,
    entries: ledger,
    pendingCredits: [balances[0]?.pending ?? "0.00"],
  });
  const bankAccount =
    bankAccounts.find((row) => row.reviewer_organization_id === agreement.reviewer_organization_id && row.currency === agreement.currency) ?? null;
  const url = new URL(request.url);
  const notice = noticeFrom(url, NOTICES);

  return json(
    {
      agreement,
      categories,
      transactions,
      evidence: Object.fromEntries(
        Object.entries(evidence).map(([txId, files]) => [txId, files.map(({ storedName, displayName }) => ({ storedName, displayName }))]),
      ),
      ledger,
      running: Object.fromEntries(runningAgreementBalances(ledger, agreement.id)),
      reversible: reviewerAdmin ? [...reversibleGroups(ledger)] : [],
      balance,
      series: fulfilmentSeries(ledger, agreement.id, agreement.obligation_value),
      bankRequests,
      bankAvailable: bankAccount?.available ?? "0.00",
      awardedEois,
      reviewerOrgs,
      roles: { isContractor, contractorAdmin, reviewerAdmin, editable, canRecord },
      // One key per ledger-posting form on this render: a repeated submission of the same form is
      // recognised by the database and not posted twice.
      requestKeys: {
        application: randomUUID(),
        decisions: Object.fromEntries(transactions.filter((tx) => tx.status === "submitted").map((tx) => [tx.id, randomUUID()])),
        reversals: Object.fromEntries([...new Set(ledger.map((entry) => entry.entryGroup))].map((group) => [group, randomUUID()])),
      },
      notice,
      approval: notice === "offsets.review.approved" ? approvalParams(url) : null,
      today,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const context = await offsetsContext(request);
  const { supabase, headers, t, contractors } = context;
  const id = idSchema.safeParse({ id: params.id });
  if (!id.success) return refuse(headers, { intent: "unknown", status: 404, formError: t("offsets.error.not_found") });
  const found = await getAgreement(supabase, { id: id.data.id });
  if (!found.ok) return refuseFailure(headers, t, { intent: "unknown", failure: found.error });
  const agreement = found.data;
  if (!agreement) return refuse(headers, { intent: "unknown", status: 404, formError: t("offsets.error.not_found") });
  const returnTo = `/offsets/${agreement.id}`;

  const form = await readForm(request);
  if (!form.ok) return refuse(headers, { intent: "unknown", status: form.status, formError: t(form.messageKey) });
  const { formData } = form;
  const intent = String(formData.get("intent") ?? "");

  if (isTransactionIntent(intent)) {
    return handleTransactionIntent({
      request,
      supabase,
      headers,
      t,
      intent,
      formData,
      contractors,
      agreement: { id: agreement.id, contractorId: agreement.contractor_organization_id },
      returnTo,
    });
  }
  if (isReviewIntent(intent)) {
    return handleReviewIntent({ supabase, headers, t, intent, formData, returnTo, agreementId: agreement.id });
  }

  if (intent === "update_terms") {
    const parsed = agreementSchema.safeParse({ ...Object.fromEntries(formData), contractor_organization_id: agreement.contractor_organization_id });
    if (!parsed.success) return refuseInvalid(headers, t, intent, null, formData, parsed.error);
    const updated = await updateAgreement(supabase, { id: agreement.id, input: parsed.data });
    if (!updated.ok) return refuseFailure(headers, t, { intent, formData, failure: updated.error, fields: AGREEMENT_FIELDS });
    return doneRedirect(headers, returnTo, "offsets.agreement.saved");
  }

  if (intent === "set_multipliers") {
    const categories = orThrow(await listCategories(supabase, { agreementId: agreement.id }));
    const parsed = parseMultiplierForm(
      formData,
      categories.map((category) => category.code),
    );
    if (!parsed.ok) {
      const fieldErrors = Object.fromEntries(Object.entries(parsed.fieldErrors).map(([field, key]) => [field, t(key)]));
      return refuse(headers, { intent, formData, status: 400, fieldErrors });
    }
    const saved = await setMultipliers(supabase, { agreementId: agreement.id, categories: parsed.categories });
    if (!saved.ok) return refuseFailure(headers, t, { intent, formData, failure: saved.error, fields: [] });
    return doneRedirect(headers, returnTo, "offsets.agreement.multipliers_saved");
  }

  if (intent === "submit_agreement") {
    const submitted = await submitAgreement(supabase, { id: agreement.id });
    if (!submitted.ok) return refuseFailure(headers, t, { intent, failure: submitted.error, fields: [] });
    return doneRedirect(headers, returnTo, "offsets.agreement.submitted");
  }

  if (intent === "delete_agreement") {
    const deleted = await deleteDraftAgreement(supabase, { id: agreement.id });
    if (!deleted.ok) return refuseFailure(headers, t, { intent, failure: deleted.error, fields: [] });
    return doneRedirect(headers, "/offsets", "offsets.agreement.deleted");
  }

  if (intent === "request_bank_application") {
    const parsed = bankApplicationSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return refuseInvalid(headers, t, intent, null, formData, parsed.error);
    const requested = await requestBankUse(supabase, {
      kind: "application",
      contractorId: agreement.contractor_organization_id,
      reviewerId: agreement.reviewer_organization_id,
      currency: agreement.currency,
      amount: parsed.data.amount,
      requestKey: parsed.data.request_key,
      targetAgreementId: agreement.id,
      note: parsed.data.note,
    });
    if (!requested.ok) return refuseFailure(headers, t, { intent, formData, failure: requested.error, fields: ["amount", "note"] });
    return doneRedirect(headers, returnTo, "offsets.bank.requested");
  }

  return refuse(headers, { intent, status: 400, formError: t("offsets.error.invalid_input") });
}

export default function AgreementPage() {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as OffsetsActionResult | undefined;
  const { agreement, roles, balance } = data;
  const headingId = useId();

  return (
    <div className="container page offset-page">
      <p>
        <Link to={roles.isContractor ? "/offsets" : "/review"}>← {roles.isContractor ? t("offsets.agreement.back") : t("offsets.review.title")}</Link>
      </p>
      <h1 id={headingId}>{agreement.program}</h1>
      <p className="offset-subtitle">
        <AgreementStatusBadge status={agreement.status} /> {orgName(agreement.contractor)} → {orgName(agreement.reviewer)}
        {agreement.reference ? ` · ${agreement.reference}` : ""}
      </p>
      <Notice
        notice={data.notice}
        params={
          data.approval
            ? {
                credited: formatMoney(data.approval.credited, data.approval.currency, locale),
                banked: formatMoney(data.approval.banked, data.approval.currency, locale),
              }
            : undefined
        }
      />
      {agreement.status === "draft" && agreement.review_comment ? (
        <Alert tone="warning">{t("offsets.agreement.returned", { comment: agreement.review_comment })}</Alert>
      ) : null}
      {agreement.status === "submitted" && roles.isContractor ? (
        <Alert tone="info">{t("offsets.agreement.awaiting_review", { reviewer: orgName(agreement.reviewer) })}</Alert>
      ) : null}
      {agreement.status === "closed" ? <Alert tone="info">{t("offsets.agreement.closed")}</Alert> : null}
      {roles.isContractor && !roles.contractorAdmin ? (
        <Alert tone="info">{t("offsets.agreement.read_only", { organization: orgName(agreement.contractor) })}</Alert>
      ) : null}

      <section className="offset-section" aria-labelledby="balances-heading">
        <h2 id="balances-heading">{t("offsets.agreement.balances")}</h2>
        <BalanceList balance={balance} currency={agreement.currency} deadline={agreement.deadline} />
        <div className="offset-section">
          <FulfilmentChart program={agreement.program} currency={agreement.currency} points={data.series} today={data.today} />
        </div>
        <p>
          <a href={`/offsets/${agreement.id}/evidence.zip`} className="button button--secondary" download>
            {t("offsets.agreement.evidence_pack")}
          </a>
        </p>
        <p className="muted">{t("offsets.agreement.evidence_pack_hint")}</p>
      </section>

      {roles.editable ? (
        <section className="offset-section" aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("offsets.agreement.submit")}</h2>
          <p className="muted">{t("offsets.agreement.submit_hint")}</p>
          {formResult(result, "submit_agreement")?.formError ? <Alert tone="error">{formResult(result, "submit_agreement")?.formError}</Alert> : null}
          <div className="button-row">
            <Form method="post">
              <input type="hidden" name="intent" value="submit_agreement" />
              <Button pendingLabel={t("form.submitting")}>{t("offsets.agreement.submit")}</Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="delete_agreement" />
              <Button variant="quiet">{t("offsets.agreement.delete")}</Button>
            </Form>
          </div>
          {formResult(result, "delete_agreement")?.formError ? <Alert tone="error">{formResult(result, "delete_agreement")?.formError}</Alert> : null}
        </section>
      ) : null}

      {roles.reviewerAdmin && (agreement.status === "submitted" || agreement.status === "active") ? (
        <section className="offset-section offset-card" aria-label={t("offsets.agreement.review_title")}>
          <AgreementReviewForm agreementId={agreement.id} status={agreement.status} result={result} />
        </section>
      ) : null}

      <section className="offset-section" aria-labelledby="terms-heading">
        <h2 id="terms-heading">{t("offsets.agreement.edit_title")}</h2>
        {roles.editable ? (
          <AgreementForm
            contractors={null}
            reviewers={data.reviewerOrgs}
            result={formResult(result, "update_terms")}
            intent="update_terms"
            submitLabel={t("offsets.agreement.save")}
            defaults={{
              program: agreement.program,
              reference: agreement.reference ?? "",
              contract_value: agreement.contract_value,
              currency: agreement.currency,
              obligation_percent: trimDecimal(agreement.obligation_percent),
              deadline: agreement.deadline,
              penalty_rate_percent: trimDecimal(agreement.penalty_rate_percent),
              bank_validity_months: String(agreement.bank_validity_months),
              reviewer_organization_id: agreement.reviewer_organization_id,
              notes: agreement.notes ?? "",
            }}
          />
        ) : (
          <dl className="definition-list">
            <div>
              <dt>{t("offsets.field.contract_value")}</dt>
              <dd>
                <Money amount={agreement.contract_value} currency={agreement.currency} />
              </dd>
            </div>
            <div>
              <dt>{t("offsets.field.obligation_percent")}</dt>
              <dd>{trimDecimal(agreement.obligation_percent)}%</dd>
            </div>
            <div>
              <dt>{t("offsets.field.obligation_value")}</dt>
              <dd>
                <Money amount={agreement.obligation_value} currency={agreement.currency} />
              </dd>
            </div>
            <div>
              <dt>{t("offsets.field.deadline")}</dt>
              <dd>{agreement.deadline}</dd>
            </div>
            <div>
              <dt>{t("offsets.field.penalty_rate_percent")}</dt>
              <dd>{trimDecimal(agreement.penalty_rate_percent)}%</dd>
            </div>
            <div>
              <dt>{t("offsets.field.bank_validity_months")}</dt>
              <dd>{agreement.bank_validity_months}</dd>
            </div>
            {agreement.notes ? (
              <div>
                <dt>{t("offsets.field.notes")}</dt>
                <dd>{agreement.notes}</dd>
              </div>
            ) : null}
          </dl>
        )}
      </section>

      <section className="offset-section" aria-labelledby="multipliers-heading">
        <h2 id="multipliers-heading">{t("offsets.agreement.multipliers")}</h2>
        <p className="muted">{t("offsets.hint.multipliers")}</p>
        <MultipliersTable data={data} editable={roles.editable} result={formResult(result, "set_multipliers")} />
      </section>

      <section className="offset-section" aria-labelledby="transactions-heading">
        <h2 id="transactions-heading">{t("offsets.transactions.title")}</h2>
        {roles.contractorAdmin && agreement.status !== "active" && agreement.status !== "closed" ? (
          <Alert tone="info">{t("offsets.transactions.needs_active")}</Alert>
        ) : null}
        <TransactionsTable
          transactions={data.transactions}
          evidence={data.evidence}
          canEdit={roles.contractorAdmin}
          canSubmit={agreement.status === "active"}
          result={result}
          categories={data.categories}
          reviewSlot={
            roles.reviewerAdmin
              ? (tx) =>
                  tx.status === "submitted" && data.requestKeys.decisions[tx.id] ? (
                    <DecisionForm
                      intent="decide_transaction"
                      targetField="transaction_id"
                      targetId={tx.id}
                      title={tx.title}
                      requestKey={data.requestKeys.decisions[tx.id]!}
                      result={result}
                    />
                  ) : null
              : undefined
          }
        />
        {roles.canRecord ? (
          <div className="offset-section">
            <RecordTransactionForm
              categories={data.categories}
              awardedEois={data.awardedEois}
              reviewers={null}
              contractors={null}
              agreementCurrency={agreement.currency}
              result={result}
              maxFiles={MAX_EVIDENCE_FILES}
              defaultDate={data.today}
            />
          </div>
        ) : null}
      </section>

      {roles.contractorAdmin && agreement.status === "active" ? (
        <section className="offset-section" aria-labelledby="apply-heading">
          <h2 id="apply-heading">{t("offsets.bank.apply_title")}</h2>
          <BankApplicationForm data={data} result={formResult(result, "request_bank_application")} />
        </section>
      ) : null}

      {data.bankRequests.length > 0 ? (
        <section className="offset-section" aria-labelledby="requests-heading">
          <h2 id="requests-heading">{t("offsets.bank.requests")}</h2>
          <ul>
            {data.bankRequests.map((request) => (
              <li key={request.id}>
                {t("offsets.bank.request_application", { amount: formatMoney(request.amount, request.currency, locale), program: agreement.program })}{" "}
                <BankStatusBadge status={request.status} />
                {request.review_comment ? <span className="offset-note"> {t("offsets.transactions.review_comment", { comment: request.review_comment })}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="offset-section" aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t("offsets.ledger.title")}</h2>
        <p className="muted">{t("offsets.ledger.lead")}</p>
        <LedgerTable data={data} result={result} />
      </section>
    </div>
  );
}

function BankApplicationForm({ data, result: mine }: { data: PageData; result: OffsetsActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const { agreement } = data;
  const id = useId();
  const available = data.bankAvailable;
  if ((parseScaled(available, 2) ?? 0n) <= 0n) {
    return <p className="muted">{t("offsets.bank.apply_none", { currency: agreement.currency })}</p>;
  }
  const error = mine?.fieldErrors.amount;
  return (
    <Form method="post" noValidate className="form offset-form">
      <p>
        {t("offsets.bank.apply_lead", {
          reviewer: orgName(agreement.reviewer),
          currency: agreement.currency,
          amount: formatMoney(available, agreement.currency, locale),
        })}
      </p>
      {mine?.formError ? <Alert tone="error">{mine.formError}</Alert> : null}
      <input type="hidden" name="intent" value="request_bank_application" />
      <input type="hidden" name="request_key" value={data.requestKeys.application} />
      <div className={error ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-amount`} className="field__label">
          {t("offsets.field.amount")} ({agreement.currency})<span className="field__required"> ({t("form.required")})</span>
        </label>
        <input
          id={`${id}-amount`}
          name="amount"
          inputMode="decimal"
          className="field__input"
          defaultValue={mine?.values.amount ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-amount-error` : undefined}
        />
        {error ? (
          <p id={`${id}-amount-error`} className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`} className="field__label">
          {t("offsets.field.note")}
        </label>
        <textarea id={`${id}-note`} name="note" rows={2} maxLength={TEXT_LIMITS.note} className="field__input" defaultValue={mine?.values.note ?? ""} />
      </div>
      <Button pendingLabel={t("form.submitting")}>{t("offsets.bank.apply_submit")}</Button>
    </Form>
  );
}

function MultipliersTable({ data, editable, result: mine }: { data: PageData; editable: boolean; result: OffsetsActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const rows = data.categories.map((category) => {
    const name = locale === "ko" ? category.name_ko : category.name_en;
    const cell = (field: "multiplier" | "sme_multiplier") => {
      const key = `${field}.${category.code}`;
      const error = mine?.fieldErrors[key];
      const label =
        field === "multiplier" ? t("offsets.category.multiplier_for", { category: name }) : t("offsets.category.sme_multiplier_for", { category: name });
      return editable ? (
        <td className={error ? "field--invalid" : undefined}>
          <input
            name={key}
            inputMode="decimal"
            className="field__input"
            aria-label={label}
            defaultValue={mine?.values[key] ?? trimDecimal(category[field])}
            aria-invalid={error ? true : undefined}
          />
          {error ? <p className="field__error">{error}</p> : null}
        </td>
      ) : (
        <td className="numeric">{trimDecimal(category[field])}×</td>
      );
    };
    return (
      <tr key={category.code}>
        <th scope="row">{name}</th>
        {cell("multiplier")}
        {cell("sme_multiplier")}
      </tr>
    );
  });
  const table = (
    <table className="table offset-multipliers">
      <caption className="visually-hidden">{t("offsets.agreement.multipliers")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("offsets.category.name")}</th>
          <th scope="col">{t("offsets.category.multiplier")}</th>
          <th scope="col">{t("offsets.category.sme_multiplier")}</th>
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
  if (!editable) return table;
  return (
    <Form method="post" noValidate className="form">
      {mine?.formError ? <Alert tone="error">{mine.formError}</Alert> : null}
      <input type="hidden" name="intent" value="set_multipliers" />
      {table}
      <Button variant="secondary" pendingLabel={t("form.submitting")}>
        {t("offsets.agreement.save_multipliers")}
      </Button>
    </Form>
  );
}

function LedgerTable({ data, result: mine }: { data: PageData; result: OffsetsActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const reversedBy = new Map(data.ledger.filter((entry) => entry.reversesEntryId !== null).map((entry) => [entry.reversesEntryId, entry.id]));
  const reversible = new Set(data.reversible);
  const firstOfGroup = new Set<number>();
  const seen = new Set<string>();
  for (const entry of data.ledger) {
    if (!seen.has(entry.entryGroup)) {
      seen.add(entry.entryGroup);
      firstOfGroup.add(entry.id);
    }
  }
  if (data.ledger.length === 0) return <p className="muted">{t("offsets.ledger.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table offset-table">
        <caption className="visually-hidden">{t("offsets.ledger.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("offsets.ledger.col_id")}</th>
            <th scope="col">{t("offsets.ledger.col_date")}</th>
            <th scope="col">{t("offsets.ledger.col_who")}</th>
            <th scope="col">{t("offsets.ledger.col_kind")}</th>
            <th scope="col">{t("offsets.ledger.col_account")}</th>
            <th scope="col" className="numeric">
              {t("offsets.ledger.col_amount")}
            </th>
            <th scope="col" className="numeric">
              {t("offsets.ledger.col_balance")}
            </th>
            <th scope="col">{t("offsets.ledger.col_memo")}</th>
          </tr>
        </thead>
        <tbody>
          {data.ledger.map((entry) => {
            const reversal = formResult(mine, "reverse_entries", entry.entryGroup);
            return (
              <tr key={entry.id}>
                <th scope="row">{entry.id}</th>
                <td>{seoulDateTime(entry.createdAt)}</td>
                <td>{entry.createdByName ?? "—"}</td>
                <td>{t(`offsets.entry_kind.${entry.kind}`)}</td>
                <td>{t(`offsets.account.${entry.account}`)}</td>
                <td className="numeric">
                  <Money amount={entry.amount} currency={entry.currency} />
                </td>
                <td className="numeric">{data.running[entry.id] ? <Money amount={data.running[entry.id]!} currency={entry.currency} /> : "—"}</td>
                <td>
                  {entry.memo}
                  {entry.validUntil ? <div className="offset-note">{t("offsets.ledger.valid_until", { date: entry.validUntil })}</div> : null}
                  {entry.reversesEntryId ? <div className="offset-note">{t("offsets.ledger.reverses", { id: entry.reversesEntryId })}</div> : null}
                  {reversedBy.has(entry.id) ? <div className="offset-note">{t("offsets.ledger.reversed_by", { id: reversedBy.get(entry.id)! })}</div> : null}
                  {firstOfGroup.has(entry.id) && reversible.has(entry.entryGroup) && data.requestKeys.reversals[entry.entryGroup] ? (
                    <details open={Boolean(reversal)}>
                      <summary>{t("offsets.ledger.reverse")}</summary>
                      <Form method="post" className="offset-decision" aria-label={t("offsets.ledger.reverse_named", { id: entry.id })}>
                        {reversal?.formError ? <Alert tone="error">{reversal.formError}</Alert> : null}
                        <input type="hidden" name="intent" value="reverse_entries" />
                        <input type="hidden" name="entry_group" value={entry.entryGroup} />
                        <input type="hidden" name="request_key" value={data.requestKeys.reversals[entry.entryGroup]} />
                        <label className="field__label" htmlFor={`reason-${entry.id}`}>
                          {t("offsets.field.reason")}
                        </label>
                        <textarea id={`reason-${entry.id}`} name="reason" rows={2} maxLength={TEXT_LIMITS.note} className="field__input" required />
                        {reversal?.fieldErrors.reason ? <p className="field__error">{reversal.fieldErrors.reason}</p> : null}
                        <Button variant="secondary" className="button--small">
                          {t("offsets.ledger.reverse")}
                        </Button>
                      </Form>
                    </details>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: data ? `${data.agreement.program} · ${pageTitle(matches, "offsets.nav")}` : pageTitle(matches, "offsets.nav") },
];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
