/**
 * Pure scoring of one candidate SME against one need, and of clusters as hosts. No I/O: the
 * candidates come from candidates.server.ts, the weights from weights.ts, and the same functions
 * rank SMEs for a need and needs for an SME ("needs for you").
 *
 *   scoreCandidate(need, candidate, { today, processParents? }) → ScoredCandidate
 *   rankCandidates(scored[]) → sorted copy: every candidate holding all required certifications
 *     first, then by score, nearer first, then by name (stable, deterministic)
 *   scoreCluster(need, cluster, { processCodes }) → { score, distance_km, reasons }
 *   haversineKm(a, b), certificationState(cert, today)
 */
import { expiryOf } from "~/suppliers/expiry";
import type {
  CandidateProfile,
  ClusterCandidate,
  FactorKey,
  FactorScore,
  Gap,
  MatchableNeed,
  Reason,
  ScoredCandidate,
} from "./types";
import {
  CERTIFICATION_CREDIT,
  CLUSTER_FULL_DENSITY,
  CLUSTER_WEIGHTS,
  DEFENSE_DESIGNATED_CREDIT,
  DISTANCE_AT_RADIUS,
  DISTANCE_HALF_LIFE_KM,
  EARTH_RADIUS_KM,
  FACTOR_WEIGHTS,
  MUST_MEET_REQUIRED_CERTIFICATIONS,
  PARENT_PROCESS_CREDIT,
  PROFILE_VERIFICATION_CREDIT,
  SIZE_FLOOR,
  TEAM_MIN_EMPLOYEES,
  UNKNOWN_SIZE_CREDIT,
  VOLUME_MIN_EMPLOYEES,
  VOLUME_QUANTITY,
} from "./weights";

export type LatLng = { lat: number; lng: number };

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLng, b: LatLng): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type CertificationState = keyof typeof CERTIFICATION_CREDIT;

/** A certificate's state for matching: expiry first (an expired verified certificate is expired). */
export function certificationState(
  certification: { verification_status: CandidateProfile["certifications"][number]["verification_status"]; expires_on: string | null },
  today: string,
): CertificationState {
  if (certification.verification_status === "rejected") return "rejected";
  if (expiryOf(certification.expires_on, today).state === "expired") return "expired";
  return certification.verification_status;
}

const HELD_STATES: ReadonlySet<CertificationState> = new Set(["verified", "pending", "unverified"]);

type BestCertification = { state: CertificationState; credit: number; expires_on: string | null } | null;

function bestCertification(candidate: CandidateProfile, code: string, today: string): BestCertification {
  let best: BestCertification = null;
  for (const certification of candidate.certifications) {
    if (certification.type_code !== code) continue;
    const state = certificationState(certification, today);
    const credit = CERTIFICATION_CREDIT[state];
    // Among equal credit, keep the one that tells the most (expired beats rejected for the gap).
    if (!best || credit > best.credit || (credit === best.credit && state === "expired" && best.state === "rejected")) {
      best = { state, credit, expires_on: certification.expires_on };
    }
  }
  return best;
}

/** Credit a candidate's processes earn for one wanted code (see PARENT_PROCESS_CREDIT). */
function processCredit(candidateCodes: ReadonlySet<string>, wanted: string, parents: ReadonlyMap<string, string | null>): number {
  if (candidateCodes.has(wanted)) return 1;
  for (const code of candidateCodes) {
    if (parents.get(code) === wanted) return 1;
  }
  const parent = parents.get(wanted);
  if (parent && candidateCodes.has(parent)) return PARENT_PROCESS_CREDIT;
  return 0;
}

function isVolumeWork(need: MatchableNeed): boolean {
  if (need.kind === "division_hosting") return false;
  return need.kind === "localization" || need.kind === "parts_supply" || (need.quantity ?? 0) >= VOLUME_QUANTITY;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export type ScoreOptions = {
  /** YYYY-MM-DD: the day certificates are judged on (today in Korea). */
  today: string;
  /** Process code → parent code, for the process hierarchy (welding → TIG welding). */
  processParents?: ReadonlyMap<string, string | null>;
};

export function scoreCandidate(need: MatchableNeed, candidate: CandidateProfile, options: ScoreOptions): ScoredCandidate {
  const parents = options.processParents ?? new Map<string, string | null>();
  const factors: FactorScore[] = [];
  const reasons: Reason[] = [];
  const gaps: Gap[] = [];
  const add = (key: FactorKey, fraction: number) => {
    const max = FACTOR_WEIGHTS[key];
    factors.push({ key, points: round1(Math.max(0, Math.min(1, fraction)) * max), max });
  };

  const candidateProcesses = new Set(candidate.process_codes);
  const requiredProcesses = unique(need.required_process_codes);
  const preferredProcesses = unique(need.preferred_process_codes).filter((code) => !requiredProcesses.includes(code));

  if (requiredProcesses.length > 0) {
    let earned = 0;
    for (const code of requiredProcesses) {
      const credit = processCredit(candidateProcesses, code, parents);
      earned += credit;
      if (credit > 0) reasons.push({ kind: "process_matched", code, required: true });
      else gaps.push({ kind: "missing_required_process", code });
    }
    add("required_processes", earned / requiredProcesses.length);
  }
  if (preferredProcesses.length > 0) {
    let earned = 0;
    for (const code of preferredProcesses) {
      const credit = processCredit(candidateProcesses, code, parents);
      earned += credit;
      if (credit > 0) reasons.push({ kind: "process_matched", code, required: false });
    }
    add("preferred_processes", earned / preferredProcesses.length);
  }

  const candidateMaterials = new Set(candidate.material_codes);
  const requiredMaterials = unique(need.required_material_codes);
  const preferredMaterials = unique(need.preferred_material_codes).filter((code) => !requiredMaterials.includes(code));
  if (requiredMaterials.length > 0) {
    let earned = 0;
    for (const code of requiredMaterials) {
      if (candidateMaterials.has(code)) {
        earned += 1;
        reasons.push({ kind: "material_matched", code, required: true });
      } else {
        gaps.push({ kind: "missing_required_material", code });
      }
    }
    add("required_materials", earned / requiredMaterials.length);
  }
  if (preferredMaterials.length > 0) {
    let earned = 0;
    for (const code of preferredMaterials) {
      if (candidateMaterials.has(code)) {
        earned += 1;
        reasons.push({ kind: "material_matched", code, required: false });
      }
    }
    add("preferred_materials", earned / preferredMaterials.length);
  }

  const requiredCertifications = unique(need.required_certification_codes);
  const preferredCertifications = unique(need.preferred_certification_codes).filter((code) => !requiredCertifications.includes(code));
  let meetsRequired = true;
  if (requiredCertifications.length > 0) {
    let earned = 0;
    for (const code of requiredCertifications) {
      const best = bestCertification(candidate, code, options.today);
      earned += best?.credit ?? 0;
      if (best && HELD_STATES.has(best.state)) {
        reasons.push({ kind: "certification_met", code, required: true, verified: best.state === "verified" });
        continue;
      }
      meetsRequired = false;
      if (best?.state === "expired") gaps.push({ kind: "expired_required_certification", code, expired_on: best.expires_on ?? "" });
      else if (best?.state === "rejected") gaps.push({ kind: "rejected_required_certification", code });
      else gaps.push({ kind: "missing_required_certification", code });
    }
    add("required_certifications", earned / requiredCertifications.length);
  }
  if (preferredCertifications.length > 0) {
    let earned = 0;
    for (const code of preferredCertifications) {
      const best = bestCertification(candidate, code, options.today);
      earned += best?.credit ?? 0;
      if (best && HELD_STATES.has(best.state)) {
        reasons.push({ kind: "certification_met", code, required: false, verified: best.state === "verified" });
      }
    }
    add("preferred_certifications", earned / preferredCertifications.length);
  }

  let distanceKm: number | null = null;
  if (need.location) {
    const origin = need.location;
    const distances = candidate.sites.map((site) => haversineKm(origin, site));
    distanceKm = distances.length > 0 ? round1(Math.min(...distances)) : null;
    const radius = need.radius_km;
    if (distanceKm === null) {
      add("distance", 0);
      gaps.push({ kind: "no_location" });
    } else if (radius !== null && radius !== undefined && radius > 0) {
      if (distanceKm <= radius) {
        add("distance", 1 - (1 - DISTANCE_AT_RADIUS) * (distanceKm / radius));
        reasons.push({ kind: "within_radius", distance_km: distanceKm, radius_km: radius });
      } else {
        add("distance", 0);
        gaps.push({ kind: "outside_radius", distance_km: distanceKm, radius_km: radius });
      }
    } else {
      add("distance", 0.5 ** (distanceKm / DISTANCE_HALF_LIFE_KM));
      if (distanceKm <= DISTANCE_HALF_LIFE_KM) reasons.push({ kind: "near", distance_km: distanceKm });
    }
  }

  const volume = isVolumeWork(need);
  const minimumEmployees = volume ? VOLUME_MIN_EMPLOYEES : TEAM_MIN_EMPLOYEES;
  if (candidate.employees === null) {
    add("size_capacity", UNKNOWN_SIZE_CREDIT);
  } else if (candidate.employees >= minimumEmployees) {
    add("size_capacity", 1);
    reasons.push({ kind: "size_fit", employees: candidate.employees });
  } else {
    const fraction = SIZE_FLOOR + (1 - SIZE_FLOOR) * (candidate.employees / minimumEmployees);
    add("size_capacity", fraction);
    if (volume && candidate.employees < minimumEmployees / 2) gaps.push({ kind: "small_for_quantity", employees: candidate.employees });
  }

  const completeness = Math.max(0, Math.min(100, candidate.completeness));
  add("completeness", completeness / 100);
  if (completeness >= 80) reasons.push({ kind: "completeness", percent: completeness });

  add(
    "verification",
    PROFILE_VERIFICATION_CREDIT[candidate.profile_verification] + (candidate.defense_designated ? DEFENSE_DESIGNATED_CREDIT : 0),
  );
  if (candidate.profile_verification === "verified") reasons.push({ kind: "verified_profile" });
  if (candidate.defense_designated) reasons.push({ kind: "defense_designated" });

  const earned = factors.reduce((sum, factor) => sum + factor.points, 0);
  const possible = factors.reduce((sum, factor) => sum + factor.max, 0);
  return {
    supplier_id: candidate.supplier_id,
    external_id: candidate.external_id,
    name_en: candidate.name_en,
    name_ko: candidate.name_ko,
    score: possible > 0 ? round1((earned / possible) * 100) : 0,
    distance_km: distanceKm,
    meets_required: meetsRequired,
    factors,
    reason_details: reasons,
    gaps,
  };
}

/** The ranking order; exported for tests and for merging pages of results. */
export function compareCandidates(a: ScoredCandidate, b: ScoredCandidate): number {
  if (MUST_MEET_REQUIRED_CERTIFICATIONS && a.meets_required !== b.meets_required) return a.meets_required ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const da = a.distance_km ?? Number.POSITIVE_INFINITY;
  const db = b.distance_km ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return a.name_en.localeCompare(b.name_en) || a.supplier_id.localeCompare(b.supplier_id);
}

export function rankCandidates<T extends ScoredCandidate>(scored: readonly T[]): T[] {
  return [...scored].sort(compareCandidates);
}

export type ClusterReason =
  | { kind: "cluster_density"; code: string; members: number }
  | { kind: "cluster_focus"; code: string }
  | { kind: "cluster_land"; area_m2: number }
  | { kind: "cluster_distance"; distance_km: number };

export type ScoredCluster = {
  cluster_id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  score: number;
  distance_km: number | null;
  reasons: ClusterReason[];
};

/**
 * A cluster as a host for the need's work: its verified supply base for the needed processes,
 * its declared focus, available land (for division hosting, enough for the m² asked for) and
 * distance to the need's location.
 */
export function scoreCluster(need: MatchableNeed, cluster: ClusterCandidate): ScoredCluster {
  const wanted = unique([...need.required_process_codes, ...need.preferred_process_codes]);
  const reasons: ClusterReason[] = [];
  let earned = 0;
  let possible = 0;

  if (wanted.length > 0) {
    possible += CLUSTER_WEIGHTS.supplier_density + CLUSTER_WEIGHTS.focus;
    let density = 0;
    let focus = 0;
    const focusCodes = new Set(cluster.focus_process_codes);
    for (const code of wanted) {
      const members = cluster.verified_members_by_process[code] ?? 0;
      density += Math.min(1, members / CLUSTER_FULL_DENSITY);
      if (members > 0) reasons.push({ kind: "cluster_density", code, members });
      if (focusCodes.has(code)) {
        focus += 1;
        reasons.push({ kind: "cluster_focus", code });
      }
    }
    earned += (density / wanted.length) * CLUSTER_WEIGHTS.supplier_density + (focus / wanted.length) * CLUSTER_WEIGHTS.focus;
  }

  possible += CLUSTER_WEIGHTS.land;
  const areaWanted = need.kind === "division_hosting" && isAreaUnit(need.quantity_unit) ? need.quantity ?? 0 : 0;
  const landFraction =
    cluster.available_land_m2 <= 0 ? 0 : areaWanted > 0 ? Math.min(1, cluster.available_land_m2 / areaWanted) : 1;
  earned += landFraction * CLUSTER_WEIGHTS.land;
  if (cluster.available_land_m2 > 0) reasons.push({ kind: "cluster_land", area_m2: Math.round(cluster.available_land_m2) });

  let distanceKm: number | null = null;
  if (need.location) {
    possible += CLUSTER_WEIGHTS.distance;
    distanceKm = round1(haversineKm(need.location, cluster.center));
    const radius = need.radius_km && need.radius_km > 0 ? need.radius_km : null;
    const fraction =
      radius !== null
        ? distanceKm <= radius
          ? 1 - (1 - DISTANCE_AT_RADIUS) * (distanceKm / radius)
          : 0
        : 0.5 ** (distanceKm / DISTANCE_HALF_LIFE_KM);
    earned += fraction * CLUSTER_WEIGHTS.distance;
    if (fraction > 0) reasons.push({ kind: "cluster_distance", distance_km: distanceKm });
  }

  return {
    cluster_id: cluster.cluster_id,
    slug: cluster.slug,
    name_en: cluster.name_en,
    name_ko: cluster.name_ko,
    score: possible > 0 ? round1((earned / possible) * 100) : 0,
    distance_km: distanceKm,
    reasons,
  };
}

export function rankClusters(scored: readonly ScoredCluster[]): ScoredCluster[] {
  return [...scored].sort(
    (a, b) =>
      b.score - a.score ||
      (a.distance_km ?? Number.POSITIVE_INFINITY) - (b.distance_km ?? Number.POSITIVE_INFINITY) ||
      a.slug.localeCompare(b.slug),
  );
}

function isAreaUnit(unit: string | null | undefined): boolean {
  return typeof unit === "string" && /^(m2|m²|sqm|㎡|square\s*met(er|re)s?)$/i.test(unit.trim());
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
