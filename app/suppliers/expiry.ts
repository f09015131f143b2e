/*
 * Certificate expiry. A certificate is valid through its expiry date (inclusive). Within the
 * warning window the SME and its cluster authority are told; once expired it no longer counts as
 * held (matching, completeness, badges) but stays listed, marked expired.
 *
 * Dates are calendar dates (YYYY-MM-DD) in Korea's time zone, where the certificates are issued
 * and where the SMEs work; the server's own time zone never matters.
 */
import { dateTimeFormat } from "../utils/intl-format";

export const EXPIRY_WARNING_DAYS = 60;
export const PLATFORM_TIME_ZONE = "Asia/Seoul";

export type ExpiryState = "no_expiry" | "valid" | "expiring" | "expired";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Korea as YYYY-MM-DD. */
export function todayInKorea(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return dateTimeFormat("en-CA", { timeZone: PLATFORM_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function toUtcDay(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toUtcDay(to) - toUtcDay(from);
}

export type ExpiryInfo = { state: ExpiryState; daysLeft: number | null };

export function expiryOf(expiresOn: string | null | undefined, today: string, warningDays = EXPIRY_WARNING_DAYS): ExpiryInfo {
  if (!expiresOn) return { state: "no_expiry", daysLeft: null };
  const daysLeft = daysBetween(today, expiresOn);
  if (daysLeft < 0) return { state: "expired", daysLeft };
  if (daysLeft <= warningDays) return { state: "expiring", daysLeft };
  return { state: "valid", daysLeft };
}

export type CertificationLike = {
  expires_on: string | null;
  verification_status: "unverified" | "pending" | "verified" | "rejected";
};

/** Whether the SME holds the certification today: not expired and not rejected by its authority. */
export function isHeld(certification: CertificationLike, today: string): boolean {
  return certification.verification_status !== "rejected" && expiryOf(certification.expires_on, today).state !== "expired";
}

/** Held and verified: what counts fully when a contractor asks for a certification. */
export function isVerifiedAndHeld(certification: CertificationLike, today: string): boolean {
  return certification.verification_status === "verified" && isHeld(certification, today);
}

/** Certifications that need attention (expiring soon or expired), soonest first. */
export function expiryWarnings<T extends CertificationLike>(certifications: readonly T[], today: string): Array<T & ExpiryInfo> {
  return certifications
    .map((certification) => ({ ...certification, ...expiryOf(certification.expires_on, today) }))
    .filter((item) => item.state === "expiring" || item.state === "expired")
    .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0));
}
