import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { FulfilmentChart } from "~/components/offsets/fulfilment-chart";
import { AgreementStatusBadge, FulfilmentMeter, Money, Notice, offsetsLinks, useOrgName } from "~/components/offsets/parts";
import { pageTitle, useT } from "~/i18n/react";
import {
  listAgreementBalances,
  listAgreements,
  listBankBalances,
  listBankLots,
  listLedger,
  listOrganizationsOfKind,
  orThrow,
  type Agreement,
  type LedgerRow,
  type OrganizationRef,
} from "~/models/offsets.server";
import { noticeFrom } from "~/offsets/actions.server";
import { adminOf, offsetsContext } from "~/offsets/context.server";
import { agreementBalance, fulfilmentSeries } from "~/offsets/ledger";
import { toMinor } from "~/offsets/money";

export const links: LinksFunction = offsetsLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await offsetsContext(request);
  const { supabase, headers, contractors, reviewers, today } = context;
  const contractorIds = contractors.map((org) => org.id);
  const notice = noticeFrom(new URL(request.url), ["offsets.agreement.deleted"]);

  const none = contractorIds.length === 0;
  const [agreements, ledger, bankBalances, lots, reviewerOrgs] = await Promise.all([
    none ? ([] as Agreement[]) : listAgreements(supabase, { contractorIds }).then(orThrow),
    none ? ([] as LedgerRow[]) : listLedger(supabase, { contractorIds, account: "agreement" }).then(orThrow),
    listBankBalances(supabase, { contractorIds }).then(orThrow),
    listBankLots(supabase, { contractorIds }).then(orThrow),
    listOrganizationsOfKind(supabase, { kind: "government_reviewer" }).then(orThrow),
  ]);
  const balances = orThrow(await listAgreementBalances(supabase, { agreementIds: agreements.map((a) => a.id) }));
  const pendingOf = new Map(balances.map((row) => [row.agreement_id, row.pending]));

  const rows = agreements.map((agreement) => ({
    agreement,
    balance: agreementBalance({
      agreementId: agreement.id,
      obligation: agreement.obligation_value,
      penaltyRatePercent: agreement.penalty_rate_percent,
      entries: ledger,
      pendingCredits: [pendingOf.get(agreement.id) ?? "0.00"],
    }),
    series: fulfilmentSeries(ledger, agreement.id, agreement.obligation_value),
  }));
  const expiryLimit = new Date(`${today}T00:00:00Z`);
  expiryLimit.setUTCDate(expiryLimit.getUTCDate() + 90);
  const limit = expiryLimit.toISOString().slice(0, 10);
  const expiring = lots.filter((lot) => !lot.expired && toMinor(lot.remaining) > 0n && lot.valid_until <= limit);

  return json(
    {
      notice,
      contractors,
      reviewers,
      agreements: rows,
      bank: bankBalances,
      expiring,
      reviewerNames: Object.fromEntries(reviewerOrgs.map((org) => [org.id, org])) as Record<string, OrganizationRef>,
      canCreate: contractors.some((org) => adminOf(contractors, org.id)),
      today,
    },
    { headers },
  );
}

export default function OffsetsDashboard() {
  const t = useT();
  const orgName = useOrgName();
  const data = useLoaderData<typeof loader>();
  const { agreements, bank, expiring, reviewerNames, contractors, reviewers } = data;

  return (
    <div className="container page offset-page">
      <h1>{t("offsets.dashboard.title")}</h1>
      <p className="lead">{t("offsets.dashboard.lead")}</p>
      <Notice notice={data.notice} />
      {reviewers.length > 0 ? (
        <Alert tone="info">
          {t("offsets.dashboard.reviewer_hint", { organization: reviewers.map((org) => orgName(org)).join(", ") })}{" "}
          <Link to="/review">{t("offsets.dashboard.open_review")}</Link>
        </Alert>
      ) : null}
      {contractors.length === 0 ? (
        reviewers.length === 0 ? (
          <Alert tone="info">{t("offsets.dashboard.no_contractor")}</Alert>
        ) : null
      ) : (
        <>
          <section className="offset-section" aria-labelledby="agreements-heading">
            <div className="button-row">
              <h2 id="agreements-heading">{t("offsets.dashboard.agreements")}</h2>
              {data.canCreate ? (
                <Link to="/offsets/new" className="button button--primary button--small">
                  {t("offsets.dashboard.new_agreement")}
                </Link>
              ) : null}
            </div>
            {agreements.length === 0 ? (
              <p className="muted">{t("offsets.dashboard.agreements_empty")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table">
                  <caption className="visually-hidden">{t("offsets.dashboard.agreements")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("offsets.field.program")}</th>
                      <th scope="col">{t("offsets.field.status")}</th>
                      <th scope="col" className="numeric">
                        {t("offsets.balance.obligation")}
                      </th>
                      <th scope="col" className="numeric">
                        {t("offsets.balance.credited")}
                      </th>
                      <th scope="col">{t("offsets.balance.fulfilment")}</th>
                      <th scope="col" className="numeric">
                        {t("offsets.balance.remaining")}
                      </th>
                      <th scope="col">{t("offsets.field.deadline")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {agreements.map(({ agreement, balance }) => (
                      <tr key={agreement.id}>
                        <th scope="row">
                          <Link to={`/offsets/${agreement.id}`}>{agreement.program}</Link>
                          {contractors.length > 1 ? <div className="muted">{orgName(agreement.contractor)}</div> : null}
                        </th>
                        <td>
                          <AgreementStatusBadge status={agreement.status} />
                        </td>
                        <td className="numeric">
                          <Money amount={balance.obligation} currency={agreement.currency} />
                        </td>
                        <td className="numeric">
                          <Money amount={balance.credited} currency={agreement.currency} />
                        </td>
                        <td>
                          <FulfilmentMeter percent={balance.fulfilmentPercent} />
                        </td>
                        <td className="numeric">
                          <Money amount={balance.remaining} currency={agreement.currency} />
                        </td>
                        <td>{agreement.deadline}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {agreements.some(({ agreement }) => agreement.status !== "draft") ? (
            <section className="offset-section" aria-labelledby="fulfilment-heading">
              <h2 id="fulfilment-heading">{t("offsets.dashboard.fulfilment")}</h2>
              <div className="offset-grid">
                {agreements
                  .filter(({ agreement }) => agreement.status !== "draft")
                  .map(({ agreement, series }) => (
                    <div key={agreement.id} className="offset-card">
                      <FulfilmentChart program={agreement.program} currency={agreement.currency} points={series} today={data.today} />
                      <Link to={`/offsets/${agreement.id}`}>{t("offsets.dashboard.open_agreement", { program: agreement.program })}</Link>
                    </div>
                  ))}
              </div>
            </section>
          ) : null}

          <section className="offset-section" aria-labelledby="bank-heading">
            <div className="button-row">
              <h2 id="bank-heading">{t("offsets.dashboard.banked")}</h2>
              <Link to="/offsets/bank" className="button button--secondary button--small">
                {t("offsets.dashboard.open_bank")}
              </Link>
            </div>
            {bank.length === 0 ? (
              <p className="muted">{t("offsets.dashboard.banked_empty")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table">
                  <caption className="visually-hidden">{t("offsets.dashboard.banked")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("offsets.field.reviewer")}</th>
                      <th scope="col" className="numeric">
                        {t("offsets.bank.available")}
                      </th>
                      <th scope="col" className="numeric">
                        {t("offsets.bank.expiring")}
                      </th>
                      <th scope="col" className="numeric">
                        {t("offsets.bank.expired")}
                      </th>
                      <th scope="col">{t("offsets.bank.next_expiry")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bank.map((account) => (
                      <tr key={`${account.contractor_organization_id}|${account.reviewer_organization_id}|${account.currency}`}>
                        <th scope="row">
                          {t("offsets.bank.account", { reviewer: orgName(reviewerNames[account.reviewer_organization_id]), currency: account.currency })}
                        </th>
                        <td className="numeric">
                          <Money amount={account.available} currency={account.currency} />
                        </td>
                        <td className="numeric">
                          <Money amount={account.expiring_within_90_days} currency={account.currency} />
                        </td>
                        <td className="numeric">
                          <Money amount={account.expired_not_written_off} currency={account.currency} />
                        </td>
                        <td>{account.next_expiry ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="offset-section" aria-labelledby="expiring-heading">
            <h2 id="expiring-heading">{t("offsets.dashboard.expiring")}</h2>
            {expiring.length === 0 ? (
              <p className="muted">{t("offsets.dashboard.expiring_empty")}</p>
            ) : (
              <ul>
                {expiring.map((lot) => (
                  <li key={lot.lot_id}>
                    <Money amount={lot.remaining} currency={lot.currency} /> — {t("offsets.ledger.valid_until", { date: lot.valid_until })} (
                    {orgName(reviewerNames[lot.reviewer_organization_id])})
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "offsets.dashboard.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
