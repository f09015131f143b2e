import type { ReactNode } from "react";
import { Alert } from "~/components/form";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import type { AgreementStatus, BankRequestStatus, OrganizationRef, TransactionStatus } from "~/models/offsets.server";
import type { AgreementBalance } from "~/offsets/ledger";
import { formatMoney, formatPercent } from "~/offsets/money";
import offsetsStylesheet from "~/styles/offsets.css";

export const offsetsLinks = () => [{ rel: "stylesheet", href: offsetsStylesheet }];

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const t = useT();
  return <span className={`offset-status offset-status--${status}`}>{t(`offsets.agreement_status.${status}`)}</span>;
}

export function TransactionStatusBadge({ status }: { status: TransactionStatus }) {
  const t = useT();
  return <span className={`offset-status offset-status--${status}`}>{t(`offsets.transaction_status.${status}`)}</span>;
}

export function BankStatusBadge({ status }: { status: BankRequestStatus }) {
  const t = useT();
  return <span className={`offset-status offset-status--${status}`}>{t(`offsets.bank_status.${status}`)}</span>;
}

export function Money({ amount, currency }: { amount: string; currency: string }) {
  const locale = useLocale();
  return <span className="money">{formatMoney(amount, currency, locale)}</span>;
}

/** An organization's name in the reader's language, falling back to the other one. */
export function useOrgName() {
  const locale = useLocale();
  return (org: Pick<OrganizationRef, "name_en" | "name_ko"> | null | undefined) => {
    if (!org) return "—";
    return locale === "ko" ? (org.name_ko ?? org.name_en) : org.name_en;
  };
}

export function BalanceList({ balance, currency, deadline }: { balance: AgreementBalance; currency: string; deadline?: string }) {
  const t = useT();
  const locale = useLocale();
  const rows: Array<[MessageKey, ReactNode, string]> = [
    ["offsets.balance.obligation", <Money key="o" amount={balance.obligation} currency={currency} />, "obligation"],
    ["offsets.balance.credited", <Money key="c" amount={balance.credited} currency={currency} />, "credited"],
    ["offsets.balance.pending", <Money key="p" amount={balance.pending} currency={currency} />, "pending"],
    ["offsets.balance.remaining", <Money key="r" amount={balance.remaining} currency={currency} />, "remaining"],
    ["offsets.balance.fulfilment", formatPercent(balance.fulfilmentPercent, locale), "fulfilment"],
    ["offsets.balance.penalty_exposure", <Money key="x" amount={balance.penaltyExposure} currency={currency} />, "penalty"],
  ];
  return (
    <dl className="offset-balances">
      {rows.map(([label, value, name]) => (
        <div key={name} className={`offset-balances__item offset-balances__item--${name}`}>
          <dt>{t(label)}</dt>
          <dd data-balance={name}>{value}</dd>
        </div>
      ))}
      {deadline ? (
        <div className="offset-balances__item">
          <dt>{t("offsets.field.deadline")}</dt>
          <dd>{deadline}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** A meter of fulfilment; the number is in the text next to it, the bar only repeats it. */
export function FulfilmentMeter({ percent }: { percent: string }) {
  const locale = useLocale();
  const t = useT();
  const value = Math.min(Number(percent), 100);
  return (
    <div className="offset-meter">
      <meter min={0} max={100} value={value} aria-label={t("offsets.balance.fulfilment")} className="offset-meter__bar">
        {formatPercent(percent, locale)}
      </meter>
      <span className="offset-meter__value">{formatPercent(percent, locale)}</span>
    </div>
  );
}

export function Notice({ notice, params }: { notice: MessageKey | null; params?: Record<string, string> }) {
  const t = useT();
  if (!notice) return null;
  return <Alert tone="success">{t(notice, params)}</Alert>;
}

/** Errors of the form identified by intent (and target, for per-row forms). */
export function formResult<T extends { intent: string; target: string | null }>(result: T | undefined, intent: string, target: string | null = null) {
  if (!result || result.intent !== intent || (result.target ?? null) !== target) return undefined;
  return result;
}
