/*
 * Balance math over ledger entries, for display: the same rules the database enforces
 * (supabase/migrations/20261124003000_offsets.sql), computed from the rows a page loaded.
 *
 * - An agreement's credited balance is the sum of its rows in the agreement account.
 * - A bank lot is opened by a positive bank row without bank_lot_id; its remaining credit is the
 *   sum of that row and every bank row naming it. It is usable through valid_until (a Seoul date).
 * - Pending credit comes from submitted transactions, not from the ledger.
 */
import { applyPercent, fromMinor, maxMinor, percentOf, sumMinor, toMinor, type Minor } from "./money";
import { dateTimeFormat } from "../utils/intl-format";

export const LEDGER_ENTRY_KINDS = ["credit", "reversal", "bank_deposit", "bank_application", "bank_transfer", "expiry"] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export type LedgerAccount = "agreement" | "bank";

export type LedgerEntry = {
  id: number;
  entryGroup: string;
  account: LedgerAccount;
  kind: LedgerEntryKind;
  agreementId: string | null;
  /** Decimal string with two decimals. */
  amount: string;
  currency: string;
  bankLotId: number | null;
  validUntil: string | null;
  reversesEntryId: number | null;
  createdAt: string;
};

export type AgreementBalance = {
  obligation: string;
  credited: string;
  pending: string;
  remaining: string;
  fulfilmentPercent: string;
  /** What the penalty would be if nothing more were credited by the deadline. */
  penaltyExposure: string;
};

export function creditedMinor(entries: readonly LedgerEntry[], agreementId: string): Minor {
  return sumMinor(
    entries.filter((entry) => entry.account === "agreement" && entry.agreementId === agreementId).map((entry) => toMinor(entry.amount)),
  );
}

export function agreementBalance(input: {
  agreementId: string;
  obligation: string;
  penaltyRatePercent: string;
  entries: readonly LedgerEntry[];
  pendingCredits: readonly string[];
}): AgreementBalance {
  const obligation = toMinor(input.obligation);
  const credited = creditedMinor(input.entries, input.agreementId);
  const pending = sumMinor(input.pendingCredits.map(toMinor));
  const remaining = maxMinor(obligation - credited, 0n);
  return {
    obligation: fromMinor(obligation),
    credited: fromMinor(credited),
    pending: fromMinor(pending),
    remaining: fromMinor(remaining),
    fulfilmentPercent: percentOf(credited, obligation),
    penaltyExposure: fromMinor(applyPercent(remaining, input.penaltyRatePercent)),
  };
}

export type FulfilmentPoint = {
  /** Seoul calendar date (YYYY-MM-DD) of the last entry that day. */
  date: string;
  credited: string;
  percent: string;
};

/** Seoul calendar date of a timestamp: the day the reviewer and the deadline count in. */
export function seoulDate(timestamp: string | Date): string {
  const date = typeof timestamp === "string" ? new Date(timestamp) : timestamp;
  return dateTimeFormat("en-CA", { timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/**
 * Seoul date and time as "YYYY-MM-DD HH:mm (KST)". Built from numeric parts only: the server's
 * and the browser's ICU name AM/PM differently in Korean, which would break hydration.
 */
export function seoulDateTime(timestamp: string | Date): string {
  const date = typeof timestamp === "string" ? new Date(timestamp) : timestamp;
  const time = dateTimeFormat("en-GB", { timeZone: "Asia/Seoul", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  return `${seoulDate(date)} ${time} KST`;
}

/** Cumulative credited balance of an agreement at the end of each day that had entries. */
export function fulfilmentSeries(entries: readonly LedgerEntry[], agreementId: string, obligation: string): FulfilmentPoint[] {
  const obligationMinor = toMinor(obligation);
  const rows = entries
    .filter((entry) => entry.account === "agreement" && entry.agreementId === agreementId)
    .slice()
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  const points: FulfilmentPoint[] = [];
  let running = 0n;
  for (const entry of rows) {
    running += toMinor(entry.amount);
    const date = seoulDate(entry.createdAt);
    const point = { date, credited: fromMinor(running), percent: percentOf(running, obligationMinor) };
    if (points.at(-1)?.date === date) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}

export type BankLot = {
  lotId: number;
  currency: string;
  opened: string;
  remaining: string;
  validUntil: string;
  expired: boolean;
  openedAt: string;
};

/**
 * Lots of the bank rows given, with what remains in each. Pass every bank row of the account:
 * a row whose lot is not among them (a partial page of the ledger) is left out of the sums.
 */
export function bankLots(entries: readonly LedgerEntry[], today: string): BankLot[] {
  const bankRows = entries.filter((entry) => entry.account === "bank");
  const lots = new Map<number, { open: LedgerEntry; remaining: Minor }>();
  for (const entry of bankRows) {
    if (entry.bankLotId === null) lots.set(entry.id, { open: entry, remaining: 0n });
  }
  for (const entry of bankRows) {
    const lotId = entry.bankLotId ?? entry.id;
    const lot = lots.get(lotId);
    if (lot) lot.remaining += toMinor(entry.amount);
  }
  return [...lots.values()]
    .map(({ open, remaining }) => ({
      lotId: open.id,
      currency: open.currency,
      opened: open.amount,
      remaining: fromMinor(remaining),
      validUntil: open.validUntil ?? "",
      expired: (open.validUntil ?? "") < today,
      openedAt: open.createdAt,
    }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.lotId - b.lotId);
}

/** Credit that can still be applied or transferred: remaining credit of lots not yet expired. */
export function availableBanked(lots: readonly BankLot[]): string {
  return fromMinor(sumMinor(lots.filter((lot) => !lot.expired).map((lot) => toMinor(lot.remaining))));
}

/** Usable lots whose validity ends within `days` days of today (inclusive), soonest first. */
export function expiringSoon(lots: readonly BankLot[], today: string, days: number): BankLot[] {
  const limit = addDays(today, days);
  return lots.filter((lot) => !lot.expired && toMinor(lot.remaining) > 0n && lot.validUntil <= limit);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Net of each entry group per account: a group and its reversal together net to zero. */
export function groupNet(entries: readonly LedgerEntry[], groups: readonly string[]): Record<LedgerAccount, string> {
  const chosen = entries.filter((entry) => groups.includes(entry.entryGroup));
  return {
    agreement: fromMinor(sumMinor(chosen.filter((e) => e.account === "agreement").map((e) => toMinor(e.amount)))),
    bank: fromMinor(sumMinor(chosen.filter((e) => e.account === "bank").map((e) => toMinor(e.amount)))),
  };
}

/** Entry groups that can still be reversed: not themselves reversals or expiries, not yet reversed. */
export function reversibleGroups(entries: readonly LedgerEntry[]): Set<string> {
  const reversed = new Set(entries.filter((e) => e.reversesEntryId !== null).map((e) => e.reversesEntryId));
  const groups = new Set<string>();
  const blocked = new Set<string>();
  for (const entry of entries) {
    if (entry.kind === "reversal" || entry.kind === "expiry" || reversed.has(entry.id)) blocked.add(entry.entryGroup);
    else groups.add(entry.entryGroup);
  }
  for (const group of blocked) groups.delete(group);
  return groups;
}

/** Running agreement balance after each agreement row, in ledger order (for the ledger table). */
export function runningAgreementBalances(entries: readonly LedgerEntry[], agreementId: string): Map<number, string> {
  const balances = new Map<number, string>();
  let running = 0n;
  for (const entry of entries.slice().sort((a, b) => a.id - b.id)) {
    if (entry.account !== "agreement" || entry.agreementId !== agreementId) continue;
    running += toMinor(entry.amount);
    balances.set(entry.id, fromMinor(running));
  }
  return balances;
}
