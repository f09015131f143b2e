import type { Locale } from "~/i18n";
import { PLATFORM_TIME_ZONE } from "~/suppliers/expiry";
import { dateTimeFormat, numberFormat } from "~/utils/intl-format";

const intlLocale = (locale: Locale) => (locale === "ko" ? "ko-KR" : "en-GB");

/** A calendar date (YYYY-MM-DD) as people read it; never shifted by the viewer's time zone. */
export function formatDay(isoDate: string | null | undefined, locale: Locale): string {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return dateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(year!, month! - 1, day!)));
}

/** A moment (timestamptz) in Korean time, where verifications and imports happen. */
export function formatMoment(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "";
  return dateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: PLATFORM_TIME_ZONE }).format(new Date(iso));
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(intlLocale(locale)).format(value);
}

/** The name in the reader's language, the other one as a fallback. */
export function localized(locale: Locale, en: string | null | undefined, ko: string | null | undefined): string {
  return (locale === "ko" ? ko || en : en || ko) ?? "";
}
