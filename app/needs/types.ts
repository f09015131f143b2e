/**
 * Needs and EOIs as the app reads them (columns of public.needs and public.eois plus what the
 * pages show with them). Plain module, shared by models, pages and the public API.
 */
import type { MatchableNeed, NeedKind } from "~/matching/types";

export type { NeedKind };
export const NEED_STATUSES = ["draft", "open", "closed", "awarded"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const NEED_VISIBILITIES = ["public", "registered", "invited"] as const;
export type NeedVisibility = (typeof NEED_VISIBILITIES)[number];

export const EOI_STATUSES = ["draft", "submitted", "shortlisted", "declined", "withdrawn", "awarded"] as const;
export type EoiStatus = (typeof EOI_STATUSES)[number];
export const EOI_SCOPES = ["full", "partial"] as const;
export type EoiScope = (typeof EOI_SCOPES)[number];
/** The fixed list a contractor declines with (public.eoi_decline_reason). */
export const DECLINE_REASONS = [
  "capability_gap",
  "missing_certification",
  "insufficient_capacity",
  "price",
  "schedule",
  "location",
  "export_control",
  "selected_other_supplier",
  "need_cancelled",
  "other",
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const EOI_DECISIONS = ["shortlisted", "declined", "awarded"] as const;
export type EoiDecision = (typeof EOI_DECISIONS)[number];

/** Every column of public.needs. */
export type NeedRow = {
  id: string;
  organization_id: string;
  kind: NeedKind;
  title_en: string | null;
  title_ko: string | null;
  description_en: string | null;
  description_ko: string | null;
  program: string | null;
  platform: string | null;
  required_process_codes: string[];
  preferred_process_codes: string[];
  required_material_codes: string[];
  preferred_material_codes: string[];
  required_certification_codes: string[];
  preferred_certification_codes: string[];
  location_name: string | null;
  location_lat: number | null;
  location_lng: number | null;
  radius_km: number | null;
  quantity: number | null;
  quantity_unit: string | null;
  capacity_note: string | null;
  timeline_start: string | null;
  timeline_end: string | null;
  response_deadline: string | null;
  estimated_value: number | null;
  currency: string;
  offset_eligible: boolean;
  visibility: NeedVisibility;
  export_controlled: boolean;
  status: NeedStatus;
  opened_at: string | null;
  closed_at: string | null;
  attachment_paths: string[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type NeedOrganization = { id: string; name_en: string; name_ko: string | null; slug: string };

export type NeedRecord = NeedRow & { organization: NeedOrganization | null };

export type NeedSummary = Pick<
  NeedRow,
  | "id"
  | "organization_id"
  | "kind"
  | "title_en"
  | "title_ko"
  | "status"
  | "visibility"
  | "export_controlled"
  | "offset_eligible"
  | "location_name"
  | "response_deadline"
  | "opened_at"
  | "created_at"
  | "required_process_codes"
  | "preferred_process_codes"
> & { organization: NeedOrganization | null };

/** A need row as the matcher sees it; numeric columns may arrive as strings from PostgREST. */
export function toMatchableNeed(need: Pick<
  NeedRow,
  | "kind"
  | "title_en"
  | "title_ko"
  | "description_en"
  | "description_ko"
  | "required_process_codes"
  | "preferred_process_codes"
  | "required_material_codes"
  | "preferred_material_codes"
  | "required_certification_codes"
  | "preferred_certification_codes"
  | "location_lat"
  | "location_lng"
  | "radius_km"
  | "quantity"
  | "quantity_unit"
>): MatchableNeed {
  const lat = need.location_lat === null ? null : Number(need.location_lat);
  const lng = need.location_lng === null ? null : Number(need.location_lng);
  return {
    kind: need.kind,
    title: [need.title_en, need.title_ko].filter(Boolean).join(" / ") || null,
    description: [need.description_en, need.description_ko].filter(Boolean).join("\n") || null,
    required_process_codes: need.required_process_codes ?? [],
    preferred_process_codes: need.preferred_process_codes ?? [],
    required_material_codes: need.required_material_codes ?? [],
    preferred_material_codes: need.preferred_material_codes ?? [],
    required_certification_codes: need.required_certification_codes ?? [],
    preferred_certification_codes: need.preferred_certification_codes ?? [],
    location: lat !== null && lng !== null && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null,
    radius_km: need.radius_km === null ? null : Number(need.radius_km),
    quantity: need.quantity === null ? null : Number(need.quantity),
    quantity_unit: need.quantity_unit,
  };
}

/** The need's title in the reader's language, falling back to the other. */
export function needTitle(need: Pick<NeedRow, "title_en" | "title_ko">, locale: "en" | "ko"): string {
  return (locale === "ko" ? need.title_ko ?? need.title_en : need.title_en ?? need.title_ko) ?? "";
}

export function organizationName(organization: { name_en: string; name_ko: string | null } | null, locale: "en" | "ko"): string {
  if (!organization) return "";
  return locale === "ko" ? organization.name_ko ?? organization.name_en : organization.name_en;
}
