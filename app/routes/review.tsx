import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { AgreementReviewForm, DecisionForm } from "~/components/offsets/decision-form";
import { AgreementStatusBadge, FulfilmentMeter, Money, Notice, offsetsLinks, useOrgName } from "~/components/offsets/parts";
import { CreditFormula, evidenceHref } from "~/components/offsets/transactions";
import type { MessageKey } from "~/i18n";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  listAgreementBalances,
  listAgreements,
  listBankRequests,
  listDefaultCategories,
  listEvidenceFor,
  listOrganizationsOfKind,
  listTransactions,
  orThrow,
  type Agreement,
  type BankRequest,
  type OrganizationRef,
  type Transaction,
} from "~/models/offsets.server";
import type { OffsetsActionResult } from "~/offsets/action-result";
import { handleReviewIntent, isReviewIntent, noticeFrom, readForm, refuse } from "~/offsets/actions.server";
import { adminOf, offsetsContext } from "~/offsets/context.server";
import { formatMoney, parseScaled, trimDecimal } from "~/offsets/money";

const NOTICES: MessageKey[] = [
  "offsets.review.approved",
  "offsets.review.rejected",
  "offsets.review.bank_approved",
  "offsets.review.bank_rejected",
  "offsets.review.replayed",
  "offsets.agreement.decided",
];

export const links: LinksFunction = offsetsLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, reviewers } = await offsetsContext(request);
  const reviewerIds = reviewers.map((org) => org.id);
  const none = reviewerIds.length === 0;
  const [agreements, transactions, bankRequests, contractorOrgs] = await Promise.all([
    none ? ([] as Agreement[]) : listAgreements(supabase, { reviewerIds, statuses: ["submitted", "active"] }).then(orThrow),
    none ? ([] as Transaction[]) : listTransactions(supabase, { reviewerIds, statuses: ["submitted"] }).then(orThrow),
    none ? ([] as BankRequest[]) : listBankRequests(supabase, { reviewerIds, statuses: ["submitted"] }).then(orThrow),
    none ? ([] as OrganizationRef[]) : listOrganizationsOfKind(supabase, { kind: "contractor" }).then(orThrow),
  ]);
  const [balances, evidence, categories] = await Promise.all([
    listAgreementBalances(supabase, { agreementIds: agreements.filter((a) => a.status === "active").map((a) => a.id) }).then(orThrow),
    listEvidenceFor(supabase, transactions).then(orThrow),
    listDefaultCategories(supabase).then(orThrow),
  ]);
  const url = new URL(request.url);
  const notice = noticeFrom(url, NOTICES);
  const credited = url.searchParams.get("credited") ?? "";
  const banked = url.searchParams.get("banked") ?? "";
  const currency = url.searchParams.get("currency") ?? "";
  const approval =
    notice === "offsets.review.approved" && parseScaled(credited, 2) !== null && parseScaled(banked, 2) !== null && /^[A-Z]{3}$/.test(currency)
      ? { credited, banked, currency }
      : null;

  return json(
    {
      reviewers,
      canDecide: reviewers.some((org) => adminOf(reviewers, org.id)),
      submittedAgreements: agreements.filter((a) => a.status === "submitted"),
      activeAgreements: agreements
        .filter((a) => a.status === "active")
        .map((a) => ({ agreement: a, balance: balances.find((b) => b.agreement_id === a.id) ?? null })),
      transactions,
      evidence: Object.fromEntries(
        Object.entries(evidence).map(([txId, files]) => [txId, files.map(({ storedName, displayName }) => ({ storedName, displayName }))]),
      ),
      bankRequests,
      categoryNames: Object.fromEntries(categories.map((category) => [category.code, { en: category.name_en, ko: category.name_ko }])) as Record<
        string,
        { en: string; ko: string }
      >,
      contractorNames: Object.fromEntries(contractorOrgs.map((org) => [org.id, org])) as Record<string, OrganizationRef>,
      requestKeys: {
        transactions: Object.fromEntries(transactions.map((tx) => [tx.id, randomUUID()])),
        bank: Object.fromEntries(bankRequests.map((request) => [request.id, randomUUID()])),
      },
      notice,
      approval,
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, t, reviewers } = await offsetsContext(request);
  if (reviewers.length === 0) return refuse(headers, { intent: "unknown", status: 403, formError: t("offsets.review.not_reviewer") });
  const form = await readForm(request);
  if (!form.ok) return refuse(headers, { intent: "unknown", status: form.status, formError: t(form.messageKey) });
  const intent = String(form.formData.get("intent") ?? "");
  if (!isReviewIntent(intent) || intent === "reverse_entries") {
    return refuse(headers, { intent, status: 400, formError: t("offsets.error.invalid_input") });
  }
  return handleReviewIntent({ supabase, headers, t, intent, formData: form.formData, returnTo: "/review" });
}

export default function ReviewQueue() {
  const t = useT();
  const locale = useLocale();
  const orgName = useOrgName();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as OffsetsActionResult | undefined;

  if (data.reviewers.length === 0) {
    return (
      <div className="container page offset-page">
        <h1>{t("offsets.review.title")}</h1>
        <Alert tone="info">{t("offsets.review.not_reviewer")}</Alert>
      </div>
    );
  }

  return (
    <div className="container page offset-page">
      <h1>{t("offsets.review.title")}</h1>
      <p className="lead">{t("offsets.review.lead", { organization: data.reviewers.map((org) => orgName(org)).join(", ") })}</p>
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
      {result?.formError && result.target === null ? <Alert tone="error">{result.formError}</Alert> : null}

      <section className="offset-section" aria-labelledby="review-transactions">
        <h2 id="review-transactions">{t("offsets.review.transactions")}</h2>
        {data.transactions.length === 0 ? (
          <p className="muted">{t("offsets.review.transactions_empty")}</p>
        ) : (
          data.transactions.map((tx) => {
            const files = data.evidence[tx.id] ?? [];
            const needTitle = locale === "ko" ? (tx.chain.need?.title_ko ?? tx.chain.need?.title_en) : (tx.chain.need?.title_en ?? tx.chain.need?.title_ko);
            return (
              <article key={tx.id} className="offset-card offset-review-item" aria-labelledby={`tx-${tx.id}`}>
                <h3 id={`tx-${tx.id}`}>{tx.title}</h3>
                <p className="muted">
                  {t("offsets.review.from", { organization: orgName(tx.contractor) })}
                  {tx.agreement ? (
                    <>
                      {" · "}
                      <Link to={`/offsets/${tx.agreement.id}`}>{tx.agreement.program}</Link>
                    </>
                  ) : (
                    ` · ${t("offsets.bank.pre_agreement")}`
                  )}
                </p>
                <dl className="definition-list definition-list--compact">
                  <div>
                    <dt>{t("offsets.field.transaction_date")}</dt>
                    <dd>{tx.transaction_date}</dd>
                  </div>
                  <div>
                    <dt>{t("offsets.field.counterparty")}</dt>
                    <dd>{tx.sme ? orgName(tx.sme) : (tx.counterparty_name ?? "—")}</dd>
                  </div>
                  <div>
                    <dt>{t("offsets.field.category")}</dt>
                    <dd>{data.categoryNames[tx.category_code]?.[locale] ?? tx.category_code}</dd>
                  </div>
                  <div>
                    <dt>{t("offsets.field.credit_value")}</dt>
                    <dd>
                      <CreditFormula transaction={tx} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t("offsets.chain.title")}</dt>
                    <dd>
                      {tx.chain.need ? (
                        <>
                          {t("offsets.chain.need")}: {needTitle}
                          {tx.chain.award?.awarded_at ? ` → ${t("offsets.chain.award")}: ${tx.chain.award.awarded_at.slice(0, 10)}` : ""}
                        </>
                      ) : (
                        t("offsets.chain.none")
                      )}
                    </dd>
                  </div>
                  {tx.description ? (
                    <div>
                      <dt>{t("offsets.field.description")}</dt>
                      <dd>{tx.description}</dd>
                    </div>
                  ) : null}
                </dl>
                <h4>{t("offsets.review.evidence")}</h4>
                {files.length === 0 ? (
                  <p className="muted">{t("offsets.review.no_evidence")}</p>
                ) : (
                  <ul className="offset-files">
                    {files.map((file) => (
                      <li key={file.storedName}>
                        <a href={evidenceHref(tx.id, file.storedName)}>{file.displayName}</a>
                      </li>
                    ))}
                  </ul>
                )}
                {data.canDecide && data.requestKeys.transactions[tx.id] ? (
                  <DecisionForm
                    intent="decide_transaction"
                    targetField="transaction_id"
                    targetId={tx.id}
                    title={tx.title}
                    requestKey={data.requestKeys.transactions[tx.id]!}
                    result={result}
                  />
                ) : null}
              </article>
            );
          })
        )}
      </section>

      <section className="offset-section" aria-labelledby="review-agreements">
        <h2 id="review-agreements">{t("offsets.review.agreements")}</h2>
        {data.submittedAgreements.length === 0 ? (
          <p className="muted">{t("offsets.review.agreements_empty")}</p>
        ) : (
          data.submittedAgreements.map((agreement) => (
            <article key={agreement.id} className="offset-card offset-review-item" aria-labelledby={`agreement-${agreement.id}`}>
              <h3 id={`agreement-${agreement.id}`}>
                <Link to={`/offsets/${agreement.id}`}>{agreement.program}</Link>
              </h3>
              <p className="muted">{t("offsets.review.from", { organization: orgName(agreement.contractor) })}</p>
              <dl className="definition-list definition-list--compact">
                <div>
                  <dt>{t("offsets.field.contract_value")}</dt>
                  <dd>
                    <Money amount={agreement.contract_value} currency={agreement.currency} />
                  </dd>
                </div>
                <div>
                  <dt>{t("offsets.field.obligation_value")}</dt>
                  <dd>
                    <Money amount={agreement.obligation_value} currency={agreement.currency} /> ({trimDecimal(agreement.obligation_percent)}%)
                  </dd>
                </div>
                <div>
                  <dt>{t("offsets.field.deadline")}</dt>
                  <dd>{agreement.deadline}</dd>
                </div>
              </dl>
              {data.canDecide ? <AgreementReviewForm agreementId={agreement.id} status="submitted" result={result} /> : null}
            </article>
          ))
        )}
      </section>

      <section className="offset-section" aria-labelledby="review-bank">
        <h2 id="review-bank">{t("offsets.review.bank")}</h2>
        {data.bankRequests.length === 0 ? (
          <p className="muted">{t("offsets.review.bank_empty")}</p>
        ) : (
          data.bankRequests.map((request) => {
            const amount = formatMoney(request.amount, request.currency, locale);
            const title =
              request.kind === "application"
                ? t("offsets.bank.request_application", { amount, program: request.target_agreement?.program ?? "—" })
                : t("offsets.bank.request_transfer", { amount, organization: orgName(request.target_organization) });
            return (
              <article key={request.id} className="offset-card offset-review-item" aria-labelledby={`bank-${request.id}`}>
                <h3 id={`bank-${request.id}`}>{title}</h3>
                <p className="muted">{t("offsets.review.from", { organization: orgName(request.contractor) })}</p>
                {request.note ? <p>{request.note}</p> : null}
                {data.canDecide && data.requestKeys.bank[request.id] ? (
                  <DecisionForm
                    intent="decide_bank_request"
                    targetField="bank_request_id"
                    targetId={request.id}
                    title={title}
                    requestKey={data.requestKeys.bank[request.id]!}
                    result={result}
                  />
                ) : null}
              </article>
            );
          })
        )}
      </section>

      <section className="offset-section" aria-labelledby="review-active">
        <h2 id="review-active">{t("offsets.review.overseen")}</h2>
        {data.activeAgreements.length === 0 ? (
          <p className="muted">{t("offsets.review.overseen_empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t("offsets.review.overseen")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("offsets.field.program")}</th>
                  <th scope="col">{t("offsets.field.contractor")}</th>
                  <th scope="col">{t("offsets.field.status")}</th>
                  <th scope="col" className="numeric">
                    {t("offsets.balance.credited")}
                  </th>
                  <th scope="col">{t("offsets.balance.fulfilment")}</th>
                  <th scope="col">{t("offsets.field.deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {data.activeAgreements.map(({ agreement, balance }) => (
                  <tr key={agreement.id}>
                    <th scope="row">
                      <Link to={`/offsets/${agreement.id}`}>{agreement.program}</Link>
                    </th>
                    <td>{orgName(agreement.contractor ?? data.contractorNames[agreement.contractor_organization_id])}</td>
                    <td>
                      <AgreementStatusBadge status={agreement.status} />
                    </td>
                    <td className="numeric">{balance ? <Money amount={balance.credited} currency={agreement.currency} /> : "—"}</td>
                    <td>{balance ? <FulfilmentMeter percent={balance.fulfilment_percent} /> : "—"}</td>
                    <td>{agreement.deadline}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "offsets.review.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
