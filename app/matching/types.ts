/**
 * Shapes shared by the matcher (score.ts, candidates.server.ts), the needs pages and the public
 * API (POST /api/v1/match, GET /api/v1/needs/{id}/matches). Plain module: no server imports.
 *
 * Every taxonomy reference is a CODE here (processes, materials, certification types). Callers
 * that accept labels or synonyms in either language (the API, forms) resolve them first with
 * resolveMatchTerms() from candidates.server.ts, which uses app/suppliers/taxonomy-match.ts.
 */

export const NEED_KINDS = ["localization", "mro", "parts_supply", "technology_transfer", "division_hosting"] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

/** What the matcher needs to know about a need; a saved need row satisfies it, so does an API body. */
export type MatchableNeed = {
  kind: NeedKind;
  title?: string | null;
  description?: string | null;
  required_process_codes: readonly string[];
  preferred_process_codes: readonly string[];
  required_material_codes: readonly string[];
  preferred_material_codes: readonly string[];
  required_certification_codes: readonly string[];
  preferred_certification_codes: readonly string[];
  location: { lat: number; lng: number } | null;
  radius_km: number | null;
  /** Quantity asked for (parts/year, m², …); used with quantity_unit for the capacity fit. */
  quantity?: number | null;
  quantity_unit?: string | null;
};

export type CertificationStatus = "unverified" | "pending" | "verified" | "rejected";

/** One SME as the scorer sees it; candidates.server.ts loads these from the database. */
export type CandidateProfile = {
  supplier_id: string;
  external_id: string | null;
  name_en: string;
  name_ko: string | null;
  /** Process codes of the SME's capabilities. */
  process_codes: readonly string[];
  /** Material codes over all its capabilities. */
  material_codes: readonly string[];
  certifications: ReadonlyArray<{
    id?: string;
    type_code: string;
    verification_status: CertificationStatus;
    /** YYYY-MM-DD or null (no expiry). */
    expires_on: string | null;
  }>;
  sites: ReadonlyArray<{ lat: number; lng: number; is_primary: boolean }>;
  employees: number | null;
  /** Free text about capacity; only shown, not parsed. */
  capacity_note: string | null;
  /** 0–100, as the search index computes it (private.sme_completeness). */
  completeness: number;
  profile_verification: CertificationStatus;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  cluster_id: string | null;
};

/** A label pair for naming a taxonomy term in reasons, in either language. */
export type TermLabel = { code: string; label_en: string; label_ko: string };
export type TermLabels = {
  processes: ReadonlyMap<string, TermLabel>;
  materials: ReadonlyMap<string, TermLabel>;
  certification_types: ReadonlyMap<string, TermLabel>;
};

export type FactorKey =
  | "required_processes"
  | "preferred_processes"
  | "required_materials"
  | "preferred_materials"
  | "required_certifications"
  | "preferred_certifications"
  | "distance"
  | "size_capacity"
  | "completeness"
  | "verification";

/** One factor's contribution: points earned of the points possible for this need. */
export type FactorScore = { key: FactorKey; points: number; max: number };

/** Why a candidate ranks where it does, as data; reasons[] is the same rendered as text. */
export type Reason =
  | { kind: "process_matched"; code: string; required: boolean }
  | { kind: "material_matched"; code: string; required: boolean }
  | { kind: "certification_met"; code: string; required: boolean; verified: boolean }
  | { kind: "within_radius"; distance_km: number; radius_km: number }
  | { kind: "near"; distance_km: number }
  | { kind: "size_fit"; employees: number }
  | { kind: "verified_profile" }
  | { kind: "completeness"; percent: number }
  | { kind: "defense_designated" };

export type Gap =
  | { kind: "missing_required_process"; code: string }
  | { kind: "missing_required_material"; code: string }
  | { kind: "missing_required_certification"; code: string }
  | { kind: "expired_required_certification"; code: string; expired_on: string }
  | { kind: "rejected_required_certification"; code: string }
  | { kind: "outside_radius"; distance_km: number; radius_km: number }
  | { kind: "no_location" }
  | { kind: "small_for_quantity"; employees: number | null };

export type ScoredCandidate = {
  supplier_id: string;
  external_id: string | null;
  name_en: string;
  name_ko: string | null;
  /** 0–100, rounded to one decimal. */
  score: number;
  /** To the need's location from the nearest site; null when either has no location. */
  distance_km: number | null;
  /** Holds every required certification (verified or not, unexpired, not rejected). */
  meets_required: boolean;
  factors: FactorScore[];
  reason_details: Reason[];
  gaps: Gap[];
};

/** What matchNeed() answers, one per SME; the public API shows the fields it documents. */
export type MatchResult = Omit<ScoredCandidate, "factors" | "reason_details" | "gaps"> & {
  /** Human-readable, naming the matched terms (in the requested language). */
  reasons: string[];
  /** Human-readable gaps ("Missing required certification NADCAP Heat Treating"). */
  gaps: string[];
  gap_details: Gap[];
  reason_details: Reason[];
  factors: FactorScore[];
};

/** Clusters ranked for localization and division hosting needs. */
export type ClusterCandidate = {
  cluster_id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  center: { lat: number; lng: number };
  focus_process_codes: readonly string[];
  /** Verified, published member SMEs (profile verified) covering each needed process code. */
  verified_members_by_process: Readonly<Record<string, number>>;
  member_count: number;
  available_land_m2: number;
};

export type ClusterMatchResult = {
  cluster_id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  score: number;
  distance_km: number | null;
  reasons: string[];
};
