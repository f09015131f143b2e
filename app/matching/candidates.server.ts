/**
 * Candidate SMEs (and clusters) for a need, ranked with reasons.
 *
 * PUBLIC CONTRACT (the public API and the needs pages call these):
 *
 *   matchNeed(supabase: SupabaseClient, args: {
 *     need: MatchableNeed;              // codes only; see resolveMatchTerms for labels/synonyms
 *     limit?: number;                   // 1..100, default 20
 *     locale?: "en" | "ko";             // language of reasons[] and gaps[], default "en"
 *     today?: string;                   // YYYY-MM-DD, default today in Korea (certificate expiry)
 *     excludeSupplierIds?: string[];
 *   }): Promise<{ results: MatchResult[]; clusters: ClusterMatchResult[] }>
 *     results: [{ supplier_id, external_id, name_en, name_ko, score (0–100), distance_km | null,
 *                 meets_required, reasons: string[], gaps: string[], gap_details, reason_details,
 *                 factors }]
 *     — every candidate holding all required certifications ranks above every one that does not.
 *     clusters: ranked only for kind "localization" and "division_hosting", else [].
 *     Runs as the caller (RLS): only published SME profiles are candidates.
 *
 *   resolveMatchTerms(supabase, args: {
 *     processes?: string[]; materials?: string[];
 *     required_certifications?: string[]; preferred_certifications?: string[];
 *   }): Promise<
 *     | { ok: true; process_codes: string[]; material_codes: string[];
 *         required_certification_codes: string[]; preferred_certification_codes: string[] }
 *     | { ok: false; unknown: Array<{ field: "processes" | "materials" | "required_certifications"
 *                                            | "preferred_certifications"; index: number; term: string }> }>
 *     — codes, English/Korean labels or synonyms, as in the import format (taxonomy-match.ts).
 *
 *   loadTermLabels(supabase): Promise<TermLabels>     // cached for a minute
 *
 *   matchCapabilitiesToNeeds(supabase, { smeOrganizationId, limit?, locale?, today? })
 *     : Promise<Array<{ need: NeedSummary; score: number; meets_required: boolean; reasons: string[]; gaps: string[] }>>
 *     — the "needs for you" feed: open needs the caller can see, ranked by how well the SME fits.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Locale } from "~/i18n";
import { NEED_SUMMARY_COLUMNS } from "~/models/need-columns";
import { toMatchableNeed, type NeedRow, type NeedSummary } from "~/needs/types";
import { todayInKorea } from "~/suppliers/expiry";
import { renderClusterReason, renderGap, renderReason } from "./reasons";
import { compareCandidates, rankCandidates, rankClusters, scoreCandidate, scoreCluster } from "./score";
import { loadTaxonomy } from "./taxonomy.server";
import { findTermsInText, resolveTermList, type TaxonomyIndexes } from "./terms";
import type {
  CandidateProfile,
  CertificationStatus,
  ClusterCandidate,
  ClusterMatchResult,
  MatchableNeed,
  MatchResult,
  ScoredCandidate,
  TermLabels,
} from "./types";
import { MAX_POOL, MIN_POOL, POOL_PER_RESULT } from "./weights";

export const MAX_MATCH_LIMIT = 100;
export const DEFAULT_MATCH_LIMIT = 20;
/** Kinds for which clusters are ranked as hosts as well as SMEs as suppliers. */
export const CLUSTER_KINDS: ReadonlySet<MatchableNeed["kind"]> = new Set(["localization", "division_hosting"]);

export type MatchNeedArgs = {
  need: MatchableNeed;
  limit?: number;
  locale?: Locale;
  today?: string;
  excludeSupplierIds?: readonly string[];
};

export type MatchNeedResponse = { results: MatchResult[]; clusters: ClusterMatchResult[] };

export async function loadTermLabels(supabase: SupabaseClient): Promise<TermLabels> {
  return (await loadTaxonomy(supabase)).labels;
}

type TermField = "processes" | "materials" | "required_certifications" | "preferred_certifications";

export type ResolveMatchTermsResult =
  | {
      ok: true;
      process_codes: string[];
      material_codes: string[];
      required_certification_codes: string[];
      preferred_certification_codes: string[];
    }
  | { ok: false; unknown: Array<{ field: TermField; index: number; term: string }> };

export async function resolveMatchTerms(
  supabase: SupabaseClient,
  args: { processes?: readonly string[]; materials?: readonly string[]; required_certifications?: readonly string[]; preferred_certifications?: readonly string[] },
): Promise<ResolveMatchTermsResult> {
  const taxonomy = await loadTaxonomy(supabase);
  const processes = resolveTermList(taxonomy.processes, args.processes ?? []);
  const materials = resolveTermList(taxonomy.materials, args.materials ?? []);
  const required = resolveTermList(taxonomy.certification_types, args.required_certifications ?? []);
  const preferred = resolveTermList(taxonomy.certification_types, args.preferred_certifications ?? []);
  const unknown = [
    ...processes.unknown.map((item) => ({ field: "processes" as const, ...item })),
    ...materials.unknown.map((item) => ({ field: "materials" as const, ...item })),
    ...required.unknown.map((item) => ({ field: "required_certifications" as const, ...item })),
    ...preferred.unknown.map((item) => ({ field: "preferred_certifications" as const, ...item })),
  ];
  if (unknown.length > 0) return { ok: false, unknown };
  return {
    ok: true,
    process_codes: processes.codes,
    material_codes: materials.codes,
    required_certification_codes: required.codes,
    preferred_certification_codes: preferred.codes.filter((code) => !required.codes.includes(code)),
  };
}

/**
 * A request that names no process (or no material) is read for the terms its title and
 * description mention, in either language: those count as preferred, so a text-only request
 * still gets candidates and reasons that name what matched.
 */
export function withInferredTerms(need: MatchableNeed, taxonomy: TaxonomyIndexes): MatchableNeed {
  const text = [need.title ?? "", need.description ?? ""].join("\n");
  let result = need;
  if (need.required_process_codes.length === 0 && need.preferred_process_codes.length === 0) {
    const found = findTermsInText(taxonomy.processes.entries, text);
    if (found.length > 0) result = { ...result, preferred_process_codes: found };
  }
  if (need.required_material_codes.length === 0 && need.preferred_material_codes.length === 0) {
    const found = findTermsInText(taxonomy.materials.entries, text);
    if (found.length > 0) result = { ...result, preferred_material_codes: found };
  }
  return result;
}

type CandidateRow = {
  supplier_id: string;
  external_id: string | null;
  name_en: string;
  name_ko: string | null;
  employees: number | null;
  capacity_note: string | null;
  completeness: number | null;
  verification_status: CertificationStatus;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  cluster_id: string | null;
  process_codes: string[] | null;
  material_codes: string[] | null;
  certifications: Array<{ id: string; type_code: string; verification_status: CertificationStatus; expires_on: string | null }> | null;
  sites: Array<{ lat: number; lng: number; is_primary: boolean }> | null;
};

function toCandidate(row: CandidateRow): CandidateProfile {
  return {
    supplier_id: row.supplier_id,
    external_id: row.external_id,
    name_en: row.name_en,
    name_ko: row.name_ko,
    process_codes: row.process_codes ?? [],
    material_codes: row.material_codes ?? [],
    certifications: row.certifications ?? [],
    sites: (row.sites ?? []).map((site) => ({ lat: Number(site.lat), lng: Number(site.lng), is_primary: site.is_primary })),
    employees: row.employees,
    capacity_note: row.capacity_note,
    completeness: Number(row.completeness ?? 0),
    profile_verification: row.verification_status,
    defense_designated: row.defense_designated,
    security_assessment_passed: row.security_assessment_passed,
    cluster_id: row.cluster_id,
  };
}

export function presentCandidate(scored: ScoredCandidate, labels: TermLabels, locale: Locale): MatchResult {
  return {
    supplier_id: scored.supplier_id,
    external_id: scored.external_id,
    name_en: scored.name_en,
    name_ko: scored.name_ko,
    score: scored.score,
    distance_km: scored.distance_km,
    meets_required: scored.meets_required,
    reasons: scored.reason_details.map((reason) => renderReason(reason, labels, locale)),
    gaps: scored.gaps.map((gap) => renderGap(gap, labels, locale)),
    gap_details: scored.gaps,
    reason_details: scored.reason_details,
    factors: scored.factors,
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_MATCH_LIMIT;
  return Math.min(MAX_MATCH_LIMIT, Math.max(1, Math.floor(limit)));
}

export async function matchNeed(supabase: SupabaseClient, args: MatchNeedArgs): Promise<MatchNeedResponse> {
  const limit = clampLimit(args.limit);
  const locale = args.locale ?? "en";
  const today = args.today ?? todayInKorea();
  const taxonomy = await loadTaxonomy(supabase);
  const need = withInferredTerms(args.need, taxonomy);
  const processes = [...new Set([...need.required_process_codes, ...need.preferred_process_codes])];
  // A need for a child process (TIG welding) also pulls in SMEs listing only the parent (welding).
  const poolProcesses = [
    ...new Set([...processes, ...processes.map((code) => taxonomy.processParents.get(code)).filter((code): code is string => Boolean(code))]),
  ];
  const certifications = [...new Set([...need.required_certification_codes, ...need.preferred_certification_codes])];
  const pool = Math.min(MAX_POOL, Math.max(MIN_POOL, limit * POOL_PER_RESULT));

  const candidatesQuery = supabase.rpc("match_candidates", {
    p_process_codes: poolProcesses,
    p_required_process_codes: need.required_process_codes,
    p_material_codes: [...need.required_material_codes, ...need.preferred_material_codes],
    p_certification_codes: certifications,
    p_required_certification_codes: need.required_certification_codes,
    p_lat: need.location?.lat ?? null,
    p_lng: need.location?.lng ?? null,
    p_radius_km: need.location ? need.radius_km ?? null : null,
    p_exclude: args.excludeSupplierIds ?? [],
    p_pool: pool,
  });
  const clustersQuery = CLUSTER_KINDS.has(need.kind) ? supabase.rpc("match_clusters", { p_process_codes: processes }) : null;
  const [candidates, clusters] = await Promise.all([candidatesQuery, clustersQuery]);
  if (candidates.error) throw new Error(`Matching failed: ${candidates.error.message}`);
  if (clusters?.error) throw new Error(`Cluster matching failed: ${clusters.error.message}`);

  const scored = rankCandidates(
    ((candidates.data ?? []) as CandidateRow[]).map((row) =>
      scoreCandidate(need, toCandidate(row), { today, processParents: taxonomy.processParents }),
    ),
  ).slice(0, limit);

  const rankedClusters = clusters
    ? rankClusters(
        ((clusters.data ?? []) as ClusterRow[]).map((row) =>
          scoreCluster(need, {
            cluster_id: row.cluster_id,
            slug: row.slug,
            name_en: row.name_en,
            name_ko: row.name_ko,
            center: { lat: Number(row.center_lat), lng: Number(row.center_lng) },
            focus_process_codes: row.focus_process_codes ?? [],
            member_count: row.member_count,
            verified_members_by_process: row.verified_members_by_process ?? {},
            available_land_m2: Number(row.available_land_m2 ?? 0),
          } satisfies ClusterCandidate),
        ),
      )
    : [];

  return {
    results: scored.map((candidate) => presentCandidate(candidate, taxonomy.labels, locale)),
    clusters: rankedClusters.map((cluster) => ({
      cluster_id: cluster.cluster_id,
      slug: cluster.slug,
      name_en: cluster.name_en,
      name_ko: cluster.name_ko,
      score: cluster.score,
      distance_km: cluster.distance_km,
      reasons: cluster.reasons.map((reason) => renderClusterReason(reason, taxonomy.labels, locale)),
    })),
  };
}

type ClusterRow = {
  cluster_id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  center_lat: number;
  center_lng: number;
  focus_process_codes: string[] | null;
  member_count: number;
  verified_members_by_process: Record<string, number> | null;
  available_land_m2: number | null;
};

/** The SME as a candidate, read as the caller (its own profile is visible even unpublished). */
export async function loadCandidateProfile(supabase: SupabaseClient, smeOrganizationId: string): Promise<CandidateProfile | null> {
  const { data, error } = await supabase
    .from("sme_profiles")
    .select(
      "organization_id, external_id, employees, capacity_note, verification_status, defense_designated, security_assessment_passed, cluster_id, " +
        "organization:organizations!sme_profiles_organization_id_fkey(name_en, name_ko), " +
        "sme_capabilities(process_code, material_codes), sme_certifications(id, certification_type_code, verification_status, expires_on), " +
        "sme_sites(lat, lng, is_primary), supplier_search_entries(completeness)",
    )
    .eq("organization_id", smeOrganizationId)
    .maybeSingle();
  if (error) throw new Error(`Could not read the SME profile: ${error.message}`);
  if (!data) return null;
  const row = data as unknown as {
    organization_id: string;
    external_id: string | null;
    employees: number | null;
    capacity_note: string | null;
    verification_status: CertificationStatus;
    defense_designated: boolean;
    security_assessment_passed: boolean;
    cluster_id: string | null;
    organization: { name_en: string; name_ko: string | null } | null;
    sme_capabilities: Array<{ process_code: string; material_codes: string[] }>;
    sme_certifications: Array<{ id: string; certification_type_code: string; verification_status: CertificationStatus; expires_on: string | null }>;
    sme_sites: Array<{ lat: number; lng: number; is_primary: boolean }>;
    supplier_search_entries: { completeness: number } | Array<{ completeness: number }> | null;
  };
  const entry = Array.isArray(row.supplier_search_entries) ? row.supplier_search_entries[0] : row.supplier_search_entries;
  return {
    supplier_id: row.organization_id,
    external_id: row.external_id,
    name_en: row.organization?.name_en ?? "",
    name_ko: row.organization?.name_ko ?? null,
    process_codes: row.sme_capabilities.map((capability) => capability.process_code),
    material_codes: [...new Set(row.sme_capabilities.flatMap((capability) => capability.material_codes ?? []))],
    certifications: row.sme_certifications.map((certification) => ({
      id: certification.id,
      type_code: certification.certification_type_code,
      verification_status: certification.verification_status,
      expires_on: certification.expires_on,
    })),
    sites: row.sme_sites.map((site) => ({ lat: Number(site.lat), lng: Number(site.lng), is_primary: site.is_primary })),
    employees: row.employees,
    capacity_note: row.capacity_note,
    completeness: Number(entry?.completeness ?? 0),
    profile_verification: row.verification_status,
    defense_designated: row.defense_designated,
    security_assessment_passed: row.security_assessment_passed,
    cluster_id: row.cluster_id,
  };
}

export type NeedForYou = {
  need: NeedSummary;
  score: number;
  meets_required: boolean;
  distance_km: number | null;
  reasons: string[];
  gaps: string[];
};

/** How many open needs the feed considers: the newest, which are the ones still worth answering. */
const FEED_WINDOW = 500;

/**
 * "Needs for you": the same scoring, turned around. Every open need the caller can see is scored
 * with the SME as the candidate; needs whose required certifications the SME holds come first.
 */
export async function matchCapabilitiesToNeeds(
  supabase: SupabaseClient,
  args: { smeOrganizationId: string; limit?: number; locale?: Locale; today?: string },
): Promise<NeedForYou[]> {
  const locale = args.locale ?? "en";
  const today = args.today ?? todayInKorea();
  const [taxonomy, candidate] = await Promise.all([loadTaxonomy(supabase), loadCandidateProfile(supabase, args.smeOrganizationId)]);
  if (!candidate) return [];
  const { data, error } = await supabase
    .from("needs")
    .select(
      `${NEED_SUMMARY_COLUMNS}, description_en, description_ko, required_material_codes, preferred_material_codes, ` +
        "required_certification_codes, preferred_certification_codes, location_lat, location_lng, radius_km, quantity, quantity_unit",
    )
    .eq("status", "open")
    .neq("organization_id", args.smeOrganizationId)
    .order("opened_at", { ascending: false, nullsFirst: false })
    .limit(FEED_WINDOW);
  if (error) throw new Error(`Could not read open needs: ${error.message}`);
  const rows = (data ?? []) as unknown as Array<NeedRow & { organization: NeedSummary["organization"] }>;
  const scored = rows.map((row) => ({
    row,
    scored: scoreCandidate(withInferredTerms(toMatchableNeed(row), taxonomy), candidate, { today, processParents: taxonomy.processParents }),
  }));
  scored.sort((a, b) => compareCandidates(a.scored, b.scored) || (b.row.opened_at ?? "").localeCompare(a.row.opened_at ?? ""));
  // A need that shares nothing with the SME's capabilities is not "for you".
  const relevant = scored.filter(({ scored: s }) => s.reason_details.some((reason) => reason.kind === "process_matched" || reason.kind === "certification_met" || reason.kind === "material_matched"));
  return relevant.slice(0, Math.min(100, Math.max(1, args.limit ?? 30))).map(({ row, scored: s }) => ({
    need: pickSummary(row),
    score: s.score,
    meets_required: s.meets_required,
    distance_km: s.distance_km,
    reasons: s.reason_details.map((reason) => renderReason(reason, taxonomy.labels, locale)),
    gaps: s.gaps.map((gap) => renderGap(gap, taxonomy.labels, locale)),
  }));
}

function pickSummary(row: NeedRow & { organization: NeedSummary["organization"] }): NeedSummary {
  return {
    id: row.id,
    organization_id: row.organization_id,
    kind: row.kind,
    title_en: row.title_en,
    title_ko: row.title_ko,
    status: row.status,
    visibility: row.visibility,
    export_controlled: row.export_controlled,
    offset_eligible: row.offset_eligible,
    location_name: row.location_name,
    response_deadline: row.response_deadline,
    opened_at: row.opened_at,
    created_at: row.created_at,
    required_process_codes: row.required_process_codes,
    preferred_process_codes: row.preferred_process_codes,
    organization: row.organization,
  };
}

/**
 * Scores named suppliers for a need (a shortlist), whether or not they made the top of the
 * ranking; suppliers the caller cannot see are left out.
 */
export async function scoreSuppliersForNeed(
  supabase: SupabaseClient,
  args: { need: MatchableNeed; supplierIds: readonly string[]; locale?: Locale; today?: string },
): Promise<MatchResult[]> {
  const locale = args.locale ?? "en";
  const today = args.today ?? todayInKorea();
  const taxonomy = await loadTaxonomy(supabase);
  const need = withInferredTerms(args.need, taxonomy);
  const profiles = await Promise.all(args.supplierIds.map((id) => loadCandidateProfile(supabase, id)));
  return rankCandidates(
    profiles
      .filter((profile): profile is CandidateProfile => profile !== null)
      .map((profile) => scoreCandidate(need, profile, { today, processParents: taxonomy.processParents })),
  ).map((scored) => presentCandidate(scored, taxonomy.labels, locale));
}
