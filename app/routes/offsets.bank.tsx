import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { BankStatusBadge, formResult, Money, Notice, offsetsLinks, useOrgName } from "~/components/offsets/parts";
import { RecordTransactionForm, TransactionsTable } from "~/components/offsets/transactions";
import type { MessageKey } from "~/i18n";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  listAwardedEois,
  listBankBalances,
  listBankLots,
  listBankRequests,
  listDefaultCategories,
  listEvidenceFor,
  listOrganizationsOfKind,
  listTransactions,
  orThrow,
  requestBankUse,
  withdrawBankRequest,
  writeOffExpired,
  type AwardedEoi,
  type OrganizationRef,
} from "~/models/offsets.server";
import type { OffsetsActionResult } from "~/offsets/action-result";
import {
  doneRedirect,
  handleTransactionIntent,
  isTransactionIntent,
  noticeFrom,
  readForm,
  refuse,
  refuseFailure,
  refuseInvalid,
} from "~/offsets/actions.server";
import { adminOf, offsetsContext } from "~/offsets/context.server";
import { formatMoney, parseScaled, toMinor } from "~/offsets/money";
import { bankAccountKey, bankTransferSchema, idSchema, MAX_EVIDENCE_FILES, parseBankAccountKey, TEXT_LIMITS } from "~/offsets/schemas";

const NOTICES: MessageKey[] = [
  "offsets.bank.requested",
  "offsets.bank.withdrawn",
  "offsets.bank.written_off",
  "offsets.transactions.recorded",
  "offsets.transactions.submitted",
  "offsets.transactions.deleted",
  "offsets.transactions.uploaded",
  "offsets.transactions.file_removed",
];

export const links: LinksFunction = offsetsLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, contractors, today } = await offsetsContext(request);
  if (contractors.length === 0) throw new Response("offsets.dashboard.no_contractor", { status: 403, headers });
  const contractorIds = contractors.map((org) => org.id);
  const admins = contractors.filter((org) => adminOf(contractors, org.id));

  const [balances, lots, requests, reviewerOrgs, contractorOrgs, transactions, categories, awardedEois] = await Promise.all([
    listBankBalances(supabase, { contractorIds }).then(orThrow),
    listBankLots(supabase, { contractorIds }).then(orThrow),
    listBankRequests(supabase, { contractorIds }).then(orThrow),
    listOrganizationsOfKind(supabase, { kind: "government_reviewer" }).then(orThrow),
    listOrganizationsOfKind(supabase, { kind: "contractor" }).then(orThrow),
    listTransactions(supabase, { contractorIds, withoutAgreement: true }).then(orThrow),
    listDefaultCategories(supabase).then(orThrow),
    admins.length > 0 ? listAwardedEois(supabase, { contractorIds: admins.map((org) => org.id) }).then(orThrow) : ([] as AwardedEoi[]),
  ]);
  const evidence = orThrow(await listEvidenceFor(supabase, transactions));
  const url = new URL(request.url);
  const writtenOff = url.searchParams.get("amount");

  return json(
    {
      balances,
      lots,
      requests,
      reviewerNames: Object.fromEntries(reviewerOrgs.map((org) => [org.id, org])) as Record<string, OrganizationRef>,
      reviewerOrgs,
      transferTargets: contractorOrgs.filter((org) => !contractorIds.includes(org.id)),
      transactions,
      evidence: Object.fromEntries(
        Object.entries(evidence).map(([txId, files]) => [txId, files.map(({ storedName, displayName }) => ({ storedName, displayName }))]),
      ),
      categories,
      awardedEois,
      adminContractors: admins as OrganizationRef[],
      transferKey: randomUUID(),
      notice: noticeFrom(url, NOTICES),
      writtenOff: writtenOff && parseScaled(writtenOff, 2) !== null ? writtenOff : null,
      today,
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, t, contractors } = await offsetsContext(request);
  const form = await readForm(request);
  if (!form.ok) return refuse(headers, { intent: "unknown", status: form.status, formError: t(form.messageKey) });
  const { formData } = form;
  const intent = String(formData.get("intent") ?? "");
  const returnTo = "/offsets/bank";

  if (isTransactionIntent(intent)) {
    return handleTransactionIntent({ request, supabase, headers, t, intent, formData, contractors, agreement: null, returnTo });
  }

  if (intent === "request_bank_transfer") {
    const parsed = bankTransferSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return refuseInvalid(headers, t, intent, null, formData, parsed.error);
    const account = parseBankAccountKey(parsed.data.source);
    if (!adminOf(contractors, account.contractorId)) {
      return refuse(headers, { intent, formData, status: 403, fieldErrors: { source: t("offsets.error.forbidden") } });
    }
    const requested = await requestBankUse(supabase, {
      kind: "transfer",
      contractorId: account.contractorId,
      reviewerId: account.reviewerId,
      currency: account.currency,
      amount: parsed.data.amount,
      requestKey: parsed.data.request_key,
      targetOrganizationId: parsed.data.target_organization_id,
      note: parsed.data.note,
    });
    if (!requested.ok) {
      return refuseFailure(headers, t, { intent, formData, failure: requested.error, fields: ["amount", "target_organization_id", "note"] });
    }
    return doneRedirect(headers, returnTo, "offsets.bank.requested");
  }

  if (intent === "withdraw_bank_request") {
    const id = idSchema.safeParse({ id: formData.get("bank_request_id") });
    if (!id.success) return refuse(headers, { intent, status: 404, formError: t("offsets.error.not_found") });
    const withdrawn = await withdrawBankRequest(supabase, { id: id.data.id });
    if (!withdrawn.ok) return refuseFailure(headers, t, { intent, target: id.data.id, failure: withdrawn.error, fields: [] });
    return doneRedirect(headers, returnTo, "offsets.bank.withdrawn");
  }

  if (intent === "write_off_expired") {
    const id = idSchema.safeParse({ id: formData.get("contractor_organization_id") });
    if (!id.success || !adminOf(contractors, id.data.id)) return refuse(headers, { intent, status: 403, formError: t("offsets.error.forbidden") });
    const written = await writeOffExpired(supabase, { contractorId: id.data.id });
    if (!written.ok) return refuseFailure(headers, t, { intent, failure: written.error, fields: [] });
    return doneRedirect(headers, returnTo, "offsets.bank.written_off", { amount: Number(written.data).toFixed(2) });
  }

  return refuse(headers, { intent, status: 400, formError: t("offsets.error.invalid_input") });
}

export default function BankPage() {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as OffsetsActionResult | undefined;
  const usableAccounts = data.balances.filter((row) => toMinor(row.available) > 0n);
  const hasExpired = data.balances.some((row) => toMinor(row.expired_not_written_off) > 0n);

  return (
    <div className="container page offset-page">
      <p>
        <Link to="/offsets">← {t("offsets.agreement.back")}</Link>
      </p>
      <h1>{t("offsets.bank.title")}</h1>
      <p className="lead">{t("offsets.bank.lead")}</p>
      <Notice
        notice={data.notice}
        params={data.writtenOff ? { amount: data.writtenOff } : undefined}
      />

      <section className="offset-section" aria-labelledby="balances-heading">
        <h2 id="balances-heading">{t("offsets.dashboard.banked")}</h2>
        {data.balances.length === 0 ? (
          <p className="muted">{t("offsets.dashboard.banked_empty")}</p>
        ) : (
          <div className="offset-grid">
            {data.balances.map((row) => (
              <div key={`${row.contractor_organization_id}|${row.reviewer_organization_id}|${row.currency}`} className="offset-card">
                <h3>{t("offsets.bank.account", { reviewer: orgName(data.reviewerNames[row.reviewer_organization_id]), currency: row.currency })}</h3>
                <dl className="offset-balances">
                  <div className="offset-balances__item">
                    <dt>{t("offsets.bank.available")}</dt>
                    <dd data-balance="available">
                      <Money amount={row.available} currency={row.currency} />
                    </dd>
                  </div>
                  <div className="offset-balances__item">
                    <dt>{t("offsets.bank.expiring")}</dt>
                    <dd>
                      <Money amount={row.expiring_within_90_days} currency={row.currency} />
                    </dd>
                  </div>
                  <div className="offset-balances__item">
                    <dt>{t("offsets.bank.expired")}</dt>
                    <dd>
                      <Money amount={row.expired_not_written_off} currency={row.currency} />
                    </dd>
                  </div>
                  <div className="offset-balances__item">
                    <dt>{t("offsets.bank.next_expiry")}</dt>
                    <dd>{row.next_expiry ?? "—"}</dd>
                  </div>
                </dl>
              </div>
            ))}
          </div>
        )}
        {hasExpired
          ? data.adminContractors.map((org) => (
              <Form method="post" key={org.id} className="offset-section">
                <input type="hidden" name="intent" value="write_off_expired" />
                <input type="hidden" name="contractor_organization_id" value={org.id} />
                {formResult(result, "write_off_expired")?.formError ? <Alert tone="error">{formResult(result, "write_off_expired")?.formError}</Alert> : null}
                <Button variant="secondary">
                  {t("offsets.bank.write_off")}
                  {data.adminContractors.length > 1 ? ` — ${orgName(org)}` : ""}
                </Button>
              </Form>
            ))
          : null}
      </section>

      <section className="offset-section" aria-labelledby="lots-heading">
        <h2 id="lots-heading">{t("offsets.bank.lots")}</h2>
        {data.lots.length === 0 ? (
          <p className="muted">{t("offsets.bank.lots_empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t("offsets.bank.lots_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("offsets.bank.col_lot")}</th>
                  <th scope="col">{t("offsets.bank.col_banked_at")}</th>
                  <th scope="col">{t("offsets.bank.col_source")}</th>
                  <th scope="col">{t("offsets.bank.col_valid_until")}</th>
                  <th scope="col" className="numeric">
                    {t("offsets.bank.col_opened")}
                  </th>
                  <th scope="col" className="numeric">
                    {t("offsets.bank.col_remaining")}
                  </th>
                  <th scope="col">{t("offsets.bank.col_state")}</th>
                </tr>
              </thead>
              <tbody>
                {data.lots.map((lot) => (
                  <tr key={lot.lot_id}>
                    <th scope="row">{lot.lot_id}</th>
                    <td>{lot.banked_at.slice(0, 10)}</td>
                    <td>{lot.source_kind === "bank_transfer" ? t("offsets.bank.source_transfer") : t("offsets.bank.source_deposit")}</td>
                    <td>{lot.valid_until}</td>
                    <td className="numeric">
                      <Money amount={lot.opened_amount} currency={lot.currency} />
                    </td>
                    <td className="numeric">
                      <Money amount={lot.remaining} currency={lot.currency} />
                    </td>
                    <td>
                      {lot.expired
                        ? t("offsets.bank.state_expired")
                        : toMinor(lot.remaining) === 0n
                          ? t("offsets.bank.state_used")
                          : t("offsets.bank.state_usable")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="offset-section" aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("offsets.bank.requests")}</h2>
        {data.requests.length === 0 ? (
          <p className="muted">{t("offsets.bank.requests_empty")}</p>
        ) : (
          <ul className="offset-files">
            {data.requests.map((request) => {
              const amount = formatMoney(request.amount, request.currency, locale);
              const label =
                request.kind === "application"
                  ? t("offsets.bank.request_application", { amount, program: request.target_agreement?.program ?? "—" })
                  : t("offsets.bank.request_transfer", { amount, organization: orgName(request.target_organization) });
              const error = formResult(result, "withdraw_bank_request", request.id)?.formError;
              return (
                <li key={request.id}>
                  {label} <BankStatusBadge status={request.status} />
                  {request.review_comment ? <span className="offset-note">{t("offsets.transactions.review_comment", { comment: request.review_comment })}</span> : null}
                  {request.status === "submitted" && data.adminContractors.some((org) => org.id === request.contractor_organization_id) ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="withdraw_bank_request" />
                      <input type="hidden" name="bank_request_id" value={request.id} />
                      <Button variant="quiet" className="button--small" aria-label={t("offsets.bank.withdraw_named", { request: label })}>
                        {t("offsets.bank.withdraw")}
                      </Button>
                    </Form>
                  ) : null}
                  {error ? <Alert tone="error">{error}</Alert> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {data.adminContractors.length > 0 && usableAccounts.length > 0 && data.transferTargets.length > 0 ? (
        <section className="offset-section" aria-labelledby="transfer-heading">
          <h2 id="transfer-heading">{t("offsets.bank.transfer_title")}</h2>
          <p className="muted">{t("offsets.bank.transfer_hint")}</p>
          <TransferFields
            accounts={usableAccounts}
            targets={data.transferTargets}
            reviewerNames={data.reviewerNames}
            requestKey={data.transferKey}
            result={formResult(result, "request_bank_transfer")}
          />
        </section>
      ) : null}

      <section className="offset-section" aria-labelledby="pre-heading">
        <h2 id="pre-heading">{t("offsets.bank.pre_agreement")}</h2>
        <p className="muted">{t("offsets.bank.pre_agreement_lead")}</p>
        {data.transactions.length === 0 ? (
          <p className="muted">{t("offsets.bank.pre_agreement_empty")}</p>
        ) : (
          <TransactionsTable
            transactions={data.transactions}
            evidence={data.evidence}
            canEdit={data.adminContractors.length > 0}
            canSubmit
            result={result}
            captionKey="offsets.bank.pre_agreement"
            categories={data.categories}
          />
        )}
        {data.adminContractors.length > 0 && data.reviewerOrgs.length > 0 ? (
          <div className="offset-section">
            <RecordTransactionForm
              categories={data.categories}
              awardedEois={data.awardedEois}
              reviewers={data.reviewerOrgs}
              contractors={data.adminContractors}
              agreementCurrency={null}
              result={result}
              maxFiles={MAX_EVIDENCE_FILES}
              defaultDate={data.today}
            />
          </div>
        ) : null}
      </section>
    </div>
  );
}

function TransferFields({
  accounts,
  targets,
  reviewerNames,
  requestKey,
  result,
}: {
  accounts: ReadonlyArray<{ contractor_organization_id: string; reviewer_organization_id: string; currency: string; available: string }>;
  targets: readonly OrganizationRef[];
  reviewerNames: Record<string, OrganizationRef>;
  requestKey: string;
  result: OffsetsActionResult | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const id = useId();
  const errors = result?.fieldErrors ?? {};
  const described = (name: string) => (errors[name] ? `${id}-${name}-error` : undefined);
  const errorText = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null;
  return (
    <Form method="post" noValidate className="form offset-form">
      {result?.formError ? <Alert tone="error">{result.formError}</Alert> : null}
      <input type="hidden" name="intent" value="request_bank_transfer" />
      <input type="hidden" name="request_key" value={requestKey} />
      <div className={errors.source ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-source`} className="field__label">
          {t("offsets.field.bank_account")}
        </label>
        <select id={`${id}-source`} name="source" className="field__input" defaultValue={result?.values.source} aria-describedby={described("source")}>
          {accounts.map((account) => {
            const key = bankAccountKey({ contractorId: account.contractor_organization_id, reviewerId: account.reviewer_organization_id, currency: account.currency });
            return (
              <option key={key} value={key}>
                {t("offsets.bank.account", { reviewer: orgName(reviewerNames[account.reviewer_organization_id]), currency: account.currency })} —{" "}
                {formatMoney(account.available, account.currency, locale)}
              </option>
            );
          })}
        </select>
        {errorText("source")}
      </div>
      <div className={errors.target_organization_id ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-target`} className="field__label">
          {t("offsets.field.transfer_target")}
        </label>
        <select
          id={`${id}-target`}
          name="target_organization_id"
          className="field__input"
          defaultValue={result?.values.target_organization_id}
          aria-describedby={described("target_organization_id")}
        >
          {targets.map((org) => (
            <option key={org.id} value={org.id}>
              {orgName(org)}
            </option>
          ))}
        </select>
        {errorText("target_organization_id")}
      </div>
      <div className={errors.amount ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-amount`} className="field__label">
          {t("offsets.field.amount")}
          <span className="field__required"> ({t("form.required")})</span>
        </label>
        <input
          id={`${id}-amount`}
          name="amount"
          inputMode="decimal"
          className="field__input"
          defaultValue={result?.values.amount ?? ""}
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={described("amount")}
        />
        {errorText("amount")}
      </div>
      <div className={errors.note ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-note`} className="field__label">
          {t("offsets.field.note")}
        </label>
        <textarea id={`${id}-note`} name="note" rows={2} maxLength={TEXT_LIMITS.note} className="field__input" defaultValue={result?.values.note ?? ""} />
        {errorText("note")}
      </div>
      <Button pendingLabel={t("form.submitting")}>{t("offsets.bank.transfer_submit")}</Button>
    </Form>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "offsets.bank.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
