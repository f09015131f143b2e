import type { CsvCell } from "./csv";
import { percent } from "./chart-scale";
import type { Locale, MessageKey, Translate } from "../i18n";

/*
 * Every analytics report as a table: one header row and rows of cells. The page renders it next
 * to its chart and the CSV export writes the same table, so the two can never disagree.
 */

/** A shortfall is fewer verified suppliers in scope than this. */
export const FEW_SUPPLIERS = 3;
export const FUNNEL_MONTHS = 12;
export const EXPIRY_HORIZON_DAYS = 90;

export type ReportTable = { header: string[]; rows: CsvCell[][]; numeric: boolean[] };

export const REPORTS = ["gap", "funnel", "verification", "expiring", "map"] as const;
export type ReportName = (typeof REPORTS)[number];

export function isReportName(value: unknown): value is ReportName {
  return typeof value === "string" && (REPORTS as readonly string[]).includes(value);
}

type GapRow = { rank: number; process_code: string; label_en: string; label_ko: string; open_need_count: number; suppliers_in_scope: number; suppliers_in_korea: number; shortfall: boolean };
type FunnelRow = { month: string; submitted: number; shortlisted: number; awarded: number };
type VerificationRow = { subject: string; status: string; item_count: number };
type ExpiringRow = { name_en: string; name_ko: string | null; label_en: string; label_ko: string; certification_type_code: string; certificate_number: string | null; expires_on: string; days_left: number; verification_status: string };
type MapRow = { kind: string; label_en: string; label_ko: string; lat: number; lng: number; radius_km: number | null; process_codes: string[] };

const pick = (locale: Locale, en: string | null | undefined, ko: string | null | undefined) => (locale === "ko" ? ko || en : en || ko) ?? "";

export function gapTable(rows: readonly GapRow[], t: Translate, locale: Locale, scopeIsAll: boolean): ReportTable {
  return {
    header: [
      t("clusters.analytics.col.rank"),
      t("clusters.analytics.col.process"),
      t("clusters.analytics.col.process_code"),
      t("clusters.analytics.col.open_needs"),
      t(scopeIsAll ? "clusters.analytics.col.suppliers_in_clusters" : "clusters.analytics.col.suppliers_in_cluster"),
      t("clusters.analytics.col.suppliers_in_korea"),
      t("clusters.analytics.col.shortfall"),
    ],
    rows: rows.map((row) => [
      row.rank,
      pick(locale, row.label_en, row.label_ko),
      row.process_code,
      row.open_need_count,
      row.suppliers_in_scope,
      row.suppliers_in_korea,
      row.shortfall ? t("clusters.analytics.yes") : t("clusters.analytics.no"),
    ]),
    numeric: [true, false, false, true, true, true, false],
  };
}

/** "2026-11" in English, "2026년 11월" in Korean, from the first day of the month. */
export function monthLabel(month: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})/.exec(month);
  if (!match) return month;
  return locale === "ko" ? `${match[1]}년 ${Number(match[2])}월` : `${match[1]}-${match[2]}`;
}

export function funnelTable(rows: readonly FunnelRow[], t: Translate, locale: Locale): ReportTable {
  return {
    header: [
      t("clusters.analytics.col.month"),
      t("clusters.analytics.funnel.submitted"),
      t("clusters.analytics.funnel.shortlisted"),
      t("clusters.analytics.funnel.awarded"),
      t("clusters.analytics.col.shortlist_rate"),
      t("clusters.analytics.col.award_rate"),
    ],
    rows: rows.map((row) => [
      monthLabel(row.month, locale),
      row.submitted,
      row.shortlisted,
      row.awarded,
      percent(row.shortlisted, row.submitted),
      percent(row.awarded, row.submitted),
    ]),
    numeric: [false, true, true, true, true, true],
  };
}

export function funnelTotals(rows: readonly FunnelRow[]) {
  return rows.reduce(
    (total, row) => ({ submitted: total.submitted + row.submitted, shortlisted: total.shortlisted + row.shortlisted, awarded: total.awarded + row.awarded }),
    { submitted: 0, shortlisted: 0, awarded: 0 },
  );
}

export const PROFILE_STATUSES = ["verified", "pending", "unverified", "rejected"] as const;
export const CERTIFICATION_STATUSES = ["verified", "pending", "unverified", "rejected", "expired"] as const;

export function statusLabelKey(status: string): MessageKey {
  switch (status) {
    case "verified":
      return "clusters.status.verified";
    case "pending":
      return "clusters.status.pending";
    case "rejected":
      return "clusters.status.rejected";
    case "expired":
      return "clusters.status.expired";
    default:
      return "clusters.status.unverified";
  }
}

export function verificationTable(rows: readonly VerificationRow[], t: Translate): ReportTable {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.subject, (totals.get(row.subject) ?? 0) + row.item_count);
  return {
    header: [t("clusters.analytics.col.subject"), t("clusters.analytics.col.status"), t("clusters.analytics.col.count"), t("clusters.analytics.col.share")],
    rows: rows.map((row) => [
      t(row.subject === "profiles" ? "clusters.analytics.verification.profiles" : "clusters.analytics.verification.certifications"),
      t(statusLabelKey(row.status)),
      row.item_count,
      percent(row.item_count, totals.get(row.subject) ?? 0),
    ]),
    numeric: [false, false, true, true],
  };
}

/** Share of verified items per subject, for the summary line above the chart. */
export function verifiedShare(rows: readonly VerificationRow[], subject: "profiles" | "certifications"): { verified: number; total: number; share: number | null } {
  const own = rows.filter((row) => row.subject === subject);
  const total = own.reduce((sum, row) => sum + row.item_count, 0);
  const verified = own.find((row) => row.status === "verified")?.item_count ?? 0;
  return { verified, total, share: percent(verified, total) };
}

export function expiringTable(rows: readonly ExpiringRow[], t: Translate, locale: Locale): ReportTable {
  return {
    header: [
      t("clusters.analytics.col.company"),
      t("clusters.analytics.col.certification"),
      t("clusters.analytics.col.certificate_number"),
      t("clusters.analytics.col.expires_on"),
      t("clusters.analytics.col.days_left"),
      t("clusters.analytics.col.status"),
    ],
    rows: rows.map((row) => [
      pick(locale, row.name_en, row.name_ko),
      pick(locale, row.label_en, row.label_ko),
      row.certificate_number ?? "",
      row.expires_on,
      row.days_left,
      t(statusLabelKey(row.verification_status)),
    ]),
    numeric: [false, false, false, false, true, false],
  };
}

/** Expiring certificates per 30-day window: 0–30, 31–60, 61–90 days (and further windows if asked). */
export function expiryBuckets(rows: ReadonlyArray<{ days_left: number }>, horizonDays = 90, size = 30): Array<{ from: number; to: number; count: number }> {
  const buckets: Array<{ from: number; to: number; count: number }> = [];
  let from = 0;
  let to = Math.min(size, horizonDays);
  for (;;) {
    buckets.push({ from, to, count: 0 });
    if (to >= horizonDays) break;
    from = to + 1;
    to = Math.min(to + size, horizonDays);
  }
  for (const row of rows) {
    const bucket = buckets.find((candidate) => row.days_left >= candidate.from && row.days_left <= candidate.to);
    if (bucket) bucket.count += 1;
  }
  return buckets;
}

export function mapTable(rows: readonly MapRow[], t: Translate, locale: Locale): ReportTable {
  return {
    header: [
      t("clusters.analytics.col.kind"),
      t("clusters.analytics.col.name"),
      t("clusters.analytics.col.lat"),
      t("clusters.analytics.col.lng"),
      t("clusters.analytics.col.radius_km"),
      t("clusters.analytics.col.process_codes"),
    ],
    rows: rows.map((row) => [
      t(row.kind === "need" ? "clusters.analytics.map.need" : "clusters.analytics.map.supplier"),
      pick(locale, row.label_en, row.label_ko),
      row.lat,
      row.lng,
      row.radius_km,
      row.process_codes.join(" "),
    ]),
    numeric: [false, false, true, true, true, false],
  };
}
