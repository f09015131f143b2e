import type { MessageKey, Translate } from "../i18n";
import { INCENTIVE_KINDS, INFRASTRUCTURE_KINDS, SOUGHT_INCENTIVE_KINDS } from "./content";
import { PARCEL_STATUSES, ZONING_CODES } from "./schemas";

/* Message keys for the codes stored in cluster data, with a readable fallback for unknown codes. */

const INCENTIVE_KEYS: Record<(typeof SOUGHT_INCENTIVE_KINDS)[number], MessageKey> = {
  tax: "clusters.incentive.tax",
  subsidy: "clusters.incentive.subsidy",
  land: "clusters.incentive.land",
  hiring: "clusters.incentive.hiring",
  programme: "clusters.incentive.programme",
  infrastructure: "clusters.incentive.infrastructure",
  other: "clusters.incentive.other",
};

const INFRASTRUCTURE_KEYS: Record<(typeof INFRASTRUCTURE_KINDS)[number], MessageKey> = {
  test: "clusters.infrastructure.test",
  certification: "clusters.infrastructure.certification",
  laboratory: "clusters.infrastructure.laboratory",
  support_centre: "clusters.infrastructure.support_centre",
  other: "clusters.infrastructure.other",
};

const ZONING_KEYS: Record<(typeof ZONING_CODES)[number], MessageKey> = {
  national_industrial_complex: "clusters.zoning.national_industrial_complex",
  general_industrial_complex: "clusters.zoning.general_industrial_complex",
  urban_high_tech_complex: "clusters.zoning.urban_high_tech_complex",
  agro_industrial_complex: "clusters.zoning.agro_industrial_complex",
  research_development_zone: "clusters.zoning.research_development_zone",
  free_economic_zone: "clusters.zoning.free_economic_zone",
  other: "clusters.zoning.other",
};

const PARCEL_STATUS_KEYS: Record<(typeof PARCEL_STATUSES)[number], MessageKey> = {
  available: "clusters.parcel_status.available",
  reserved: "clusters.parcel_status.reserved",
  sold: "clusters.parcel_status.sold",
};

const humanize = (code: string) => code.replace(/[_-]+/g, " ");

export function incentiveLabel(t: Translate, kind: string): string {
  return kind in INCENTIVE_KEYS ? t(INCENTIVE_KEYS[kind as keyof typeof INCENTIVE_KEYS]) : humanize(kind);
}

export function infrastructureLabel(t: Translate, kind: string): string {
  return kind in INFRASTRUCTURE_KEYS ? t(INFRASTRUCTURE_KEYS[kind as keyof typeof INFRASTRUCTURE_KEYS]) : humanize(kind);
}

export function zoningLabel(t: Translate, zoning: string): string {
  return zoning in ZONING_KEYS ? t(ZONING_KEYS[zoning as keyof typeof ZONING_KEYS]) : humanize(zoning);
}

export function parcelStatusLabel(t: Translate, status: string): string {
  return status in PARCEL_STATUS_KEYS ? t(PARCEL_STATUS_KEYS[status as keyof typeof PARCEL_STATUS_KEYS]) : humanize(status);
}

export const CLUSTER_INCENTIVE_KINDS = INCENTIVE_KINDS;
