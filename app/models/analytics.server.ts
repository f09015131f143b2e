import type { SupabaseClient } from "@supabase/supabase-js";
import { EXPIRY_HORIZON_DAYS, FEW_SUPPLIERS, FUNNEL_MONTHS } from "~/analytics/reports";
import { classifyPostgrestError, type ModelError } from "./result.server";

/*
 * Analytics for cluster authorities (their cluster) and the platform (any cluster, or all with
 * clusterId null). The numbers are computed by SQL functions (migration
 * 20261124006000_clusters_hosting.sql, docs/analytics.md): they check the caller's scope and
 * refuse (403) anyone else, count only listed needs and published verified suppliers, and never
 * return a draft's or a controlled need's details.
 */

export type GapRow = {
  rank: number;
  process_code: string;
  label_en: string;
  label_ko: string;
  open_need_count: number;
  suppliers_in_scope: number;
  suppliers_in_korea: number;
  shortfall: boolean;
};

export type FunnelRow = { month: string; submitted: number; shortlisted: number; awarded: number };

export type VerificationRow = { subject: "profiles" | "certifications"; status: string; item_count: number };

export type ExpiringRow = {
  certification_id: string;
  organization_id: string;
  name_en: string;
  name_ko: string | null;
  certification_type_code: string;
  label_en: string;
  label_ko: string;
  certificate_number: string | null;
  expires_on: string;
  days_left: number;
  verification_status: string;
};

export type MapItemRow = {
  kind: "need" | "supplier";
  id: string;
  label_en: string;
  label_ko: string;
  lat: number;
  lng: number;
  radius_km: number | null;
  process_codes: string[];
};

export type AnalyticsResult<T> = { ok: true; rows: T[] } | { ok: false; error: ModelError };

async function call<T>(supabase: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<AnalyticsResult<T>> {
  const { data, error } = await supabase.rpc(fn, args);
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return { ok: true, rows: (data ?? []) as T[] };
}


export function localizationGap(supabase: SupabaseClient, { clusterId }: { clusterId: string | null }) {
  return call<GapRow>(supabase, "analytics_localization_gap", { p_cluster_id: clusterId, p_few: FEW_SUPPLIERS });
}

export function eoiFunnel(supabase: SupabaseClient, { clusterId, months = FUNNEL_MONTHS }: { clusterId: string | null; months?: number }) {
  return call<FunnelRow>(supabase, "analytics_eoi_funnel", { p_cluster_id: clusterId, p_months: months });
}

export function verificationShares(supabase: SupabaseClient, { clusterId }: { clusterId: string | null }) {
  return call<VerificationRow>(supabase, "analytics_verification", { p_cluster_id: clusterId });
}

export function expiringCertifications(supabase: SupabaseClient, { clusterId, days = EXPIRY_HORIZON_DAYS }: { clusterId: string | null; days?: number }) {
  return call<ExpiringRow>(supabase, "analytics_expiring_certifications", { p_cluster_id: clusterId, p_days: days });
}

export async function demandSupplyMap(supabase: SupabaseClient, { clusterId }: { clusterId: string | null }): Promise<AnalyticsResult<MapItemRow>> {
  const result = await call<MapItemRow>(supabase, "analytics_map_items", { p_cluster_id: clusterId, p_limit: 5000 });
  if (!result.ok) return result;
  return { ok: true, rows: result.rows.map((row) => ({ ...row, radius_km: row.radius_km === null ? null : Number(row.radius_km) })) };
}
