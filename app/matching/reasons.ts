/**
 * Reasons and gaps as sentences, in the reader's language, naming each taxonomy term in that
 * language with the other in brackets ("5-axis machining (5축 가공)"), so a reason says which
 * term matched whichever language the profile or the need used.
 */
import { createTranslator, type Locale } from "~/i18n";
import type { ClusterReason } from "./score";
import type { Gap, Reason, TermLabel, TermLabels } from "./types";
import { numberFormat } from "../utils/intl-format";

type TermKind = keyof TermLabels;

export function termName(labels: TermLabels, kind: TermKind, code: string, locale: Locale): string {
  const label: TermLabel | undefined = labels[kind].get(code);
  if (!label) return code;
  const [first, second] = locale === "ko" ? [label.label_ko, label.label_en] : [label.label_en, label.label_ko];
  return first === second ? first : `${first} (${second})`;
}

/** The term's label in one language only, for controls and lists where brackets would be noise. */
export function termLabel(labels: TermLabels, kind: TermKind, code: string, locale: Locale): string {
  const label = labels[kind].get(code);
  if (!label) return code;
  return locale === "ko" ? label.label_ko : label.label_en;
}

function km(value: number, locale: Locale): string {
  return numberFormat(locale === "ko" ? "ko-KR" : "en-US", { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

export function renderReason(reason: Reason, labels: TermLabels, locale: Locale): string {
  const t = createTranslator(locale);
  switch (reason.kind) {
    case "process_matched":
      return t(reason.required ? "match.reason.process_required" : "match.reason.process_preferred", {
        term: termName(labels, "processes", reason.code, locale),
      });
    case "material_matched":
      return t(reason.required ? "match.reason.material_required" : "match.reason.material_preferred", {
        term: termName(labels, "materials", reason.code, locale),
      });
    case "certification_met": {
      const term = termName(labels, "certification_types", reason.code, locale);
      if (reason.required) return t(reason.verified ? "match.reason.cert_required_verified" : "match.reason.cert_required_unverified", { term });
      return t(reason.verified ? "match.reason.cert_preferred_verified" : "match.reason.cert_preferred_unverified", { term });
    }
    case "within_radius":
      return t("match.reason.within_radius", { km: km(reason.distance_km, locale), radius: km(reason.radius_km, locale) });
    case "near":
      return t("match.reason.near", { km: km(reason.distance_km, locale) });
    case "size_fit":
      return t("match.reason.size_fit", { employees: reason.employees });
    case "verified_profile":
      return t("match.reason.verified_profile");
    case "completeness":
      return t("match.reason.completeness", { percent: reason.percent });
    case "defense_designated":
      return t("match.reason.defense_designated");
  }
}

export function renderGap(gap: Gap, labels: TermLabels, locale: Locale): string {
  const t = createTranslator(locale);
  switch (gap.kind) {
    case "missing_required_process":
      return t("match.gap.process", { term: termName(labels, "processes", gap.code, locale) });
    case "missing_required_material":
      return t("match.gap.material", { term: termName(labels, "materials", gap.code, locale) });
    case "missing_required_certification":
      return t("match.gap.cert_missing", { term: termName(labels, "certification_types", gap.code, locale) });
    case "expired_required_certification":
      return t("match.gap.cert_expired", { term: termName(labels, "certification_types", gap.code, locale), date: gap.expired_on });
    case "rejected_required_certification":
      return t("match.gap.cert_rejected", { term: termName(labels, "certification_types", gap.code, locale) });
    case "outside_radius":
      return t("match.gap.outside_radius", { km: km(gap.distance_km, locale), radius: km(gap.radius_km, locale) });
    case "no_location":
      return t("match.gap.no_location");
    case "small_for_quantity":
      return t("match.gap.small", { employees: gap.employees ?? 0 });
  }
}

export function renderClusterReason(reason: ClusterReason, labels: TermLabels, locale: Locale): string {
  const t = createTranslator(locale);
  switch (reason.kind) {
    case "cluster_density":
      return t("match.cluster.density", { count: reason.members, term: termName(labels, "processes", reason.code, locale) });
    case "cluster_focus":
      return t("match.cluster.focus", { term: termName(labels, "processes", reason.code, locale) });
    case "cluster_land":
      return t("match.cluster.land", { area: numberFormat(locale === "ko" ? "ko-KR" : "en-US").format(reason.area_m2) });
    case "cluster_distance":
      return t("match.cluster.distance", { km: km(reason.distance_km, locale) });
  }
}
