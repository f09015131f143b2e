import { describe, expect, it } from "vitest";
import { renderGap, renderReason } from "./reasons";
import { certificationState, compareCandidates, haversineKm, rankCandidates, rankClusters, scoreCandidate, scoreCluster } from "./score";
import type { CandidateProfile, ClusterCandidate, FactorKey, MatchableNeed, ScoredCandidate, TermLabels } from "./types";
import {
  CERTIFICATION_CREDIT,
  CLUSTER_WEIGHTS,
  DISTANCE_AT_RADIUS,
  FACTOR_WEIGHTS,
  PARENT_PROCESS_CREDIT,
  PROFILE_VERIFICATION_CREDIT,
  SIZE_FLOOR,
  UNKNOWN_SIZE_CREDIT,
  VOLUME_MIN_EMPLOYEES,
} from "./weights";

const TODAY = "2026-06-01";
const CHANGWON = { lat: 35.228, lng: 128.681 };
const SACHEON = { lat: 35.09, lng: 128.08 };
const DAEJEON = { lat: 36.35, lng: 127.38 };

function need(overrides: Partial<MatchableNeed> = {}): MatchableNeed {
  return {
    kind: "mro",
    required_process_codes: [],
    preferred_process_codes: [],
    required_material_codes: [],
    preferred_material_codes: [],
    required_certification_codes: [],
    preferred_certification_codes: [],
    location: null,
    radius_km: null,
    quantity: null,
    quantity_unit: null,
    ...overrides,
  };
}

function candidate(overrides: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    supplier_id: "00000000-0000-4000-8000-000000000001",
    external_id: null,
    name_en: "Alpha Precision",
    name_ko: "알파정밀",
    process_codes: [],
    material_codes: [],
    certifications: [],
    sites: [],
    employees: 100,
    capacity_note: null,
    completeness: 100,
    profile_verification: "verified",
    defense_designated: true,
    security_assessment_passed: false,
    cluster_id: null,
    ...overrides,
  };
}

function factor(scored: ScoredCandidate, key: FactorKey) {
  return scored.factors.find((entry) => entry.key === key);
}

function fraction(scored: ScoredCandidate, key: FactorKey) {
  const entry = factor(scored, key);
  if (!entry) throw new Error(`factor ${key} missing`);
  return entry.points / entry.max;
}

const labels: TermLabels = {
  processes: new Map([
    ["machining-5axis", { code: "machining-5axis", label_en: "5-axis machining", label_ko: "5축 가공" }],
    ["welding", { code: "welding", label_en: "Welding", label_ko: "용접" }],
    ["welding-tig-mig", { code: "welding-tig-mig", label_en: "TIG and MIG arc welding", label_ko: "TIG·MIG 아크 용접" }],
  ]),
  materials: new Map([["ti-6al-4v", { code: "ti-6al-4v", label_en: "Titanium Ti-6Al-4V", label_ko: "티타늄 Ti-6Al-4V" }]]),
  certification_types: new Map([
    ["as9100d", { code: "as9100d", label_en: "AS9100D", label_ko: "AS9100D 항공우주 품질경영시스템" }],
    ["nadcap-ht", { code: "nadcap-ht", label_en: "NADCAP Heat Treating", label_ko: "NADCAP 열처리" }],
  ]),
};

describe("weights", () => {
  it("add up to 100 for SMEs and for clusters", () => {
    expect(Object.values(FACTOR_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.values(CLUSTER_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("order the factors by what decides an award: required work, then certifications, then the rest", () => {
    expect(FACTOR_WEIGHTS.required_processes).toBeGreaterThan(FACTOR_WEIGHTS.required_certifications);
    expect(FACTOR_WEIGHTS.required_certifications).toBeGreaterThan(FACTOR_WEIGHTS.distance);
    expect(FACTOR_WEIGHTS.required_processes).toBeGreaterThan(FACTOR_WEIGHTS.preferred_processes);
    expect(FACTOR_WEIGHTS.required_materials).toBeGreaterThan(FACTOR_WEIGHTS.preferred_materials);
    expect(CERTIFICATION_CREDIT.verified).toBeGreaterThan(CERTIFICATION_CREDIT.unverified);
    expect(CERTIFICATION_CREDIT.unverified).toBeGreaterThan(CERTIFICATION_CREDIT.expired);
  });
});

describe("haversineKm", () => {
  it("measures great-circle distances", () => {
    expect(haversineKm(CHANGWON, CHANGWON)).toBe(0);
    // Changwon to Daejeon is about 170 km as the crow flies.
    expect(haversineKm(CHANGWON, DAEJEON)).toBeGreaterThan(160);
    expect(haversineKm(CHANGWON, DAEJEON)).toBeLessThan(185);
    expect(haversineKm(CHANGWON, SACHEON)).toBeCloseTo(haversineKm(SACHEON, CHANGWON), 9);
  });
});

describe("required processes", () => {
  const wanted = need({ required_process_codes: ["machining-5axis", "welding"] });

  it("earn the share of required processes offered, and name each one", () => {
    const both = scoreCandidate(wanted, candidate({ process_codes: ["machining-5axis", "welding"] }), { today: TODAY });
    const one = scoreCandidate(wanted, candidate({ process_codes: ["machining-5axis"] }), { today: TODAY });
    const none = scoreCandidate(wanted, candidate({ process_codes: ["edm"] }), { today: TODAY });
    expect(fraction(both, "required_processes")).toBe(1);
    expect(fraction(one, "required_processes")).toBe(0.5);
    expect(fraction(none, "required_processes")).toBe(0);
    expect(one.reason_details).toContainEqual({ kind: "process_matched", code: "machining-5axis", required: true });
    expect(one.gaps).toContainEqual({ kind: "missing_required_process", code: "welding" });
    expect(both.score).toBeGreaterThan(one.score);
    expect(one.score).toBeGreaterThan(none.score);
  });

  it("follow the process hierarchy: a child satisfies its parent, the parent half-satisfies a child", () => {
    const parents = new Map<string, string | null>([["welding-tig-mig", "welding"], ["welding", null]]);
    const childForParent = scoreCandidate(need({ required_process_codes: ["welding"] }), candidate({ process_codes: ["welding-tig-mig"] }), { today: TODAY, processParents: parents });
    const parentForChild = scoreCandidate(need({ required_process_codes: ["welding-tig-mig"] }), candidate({ process_codes: ["welding"] }), { today: TODAY, processParents: parents });
    expect(fraction(childForParent, "required_processes")).toBe(1);
    expect(fraction(parentForChild, "required_processes")).toBeCloseTo(PARENT_PROCESS_CREDIT, 5);
  });

  it("do not apply when the need has none", () => {
    const scored = scoreCandidate(need(), candidate(), { today: TODAY });
    expect(factor(scored, "required_processes")).toBeUndefined();
    expect(factor(scored, "preferred_processes")).toBeUndefined();
  });
});

describe("preferred processes", () => {
  it("add points without gaps when missing", () => {
    const wanted = need({ required_process_codes: ["machining-5axis"], preferred_process_codes: ["ndt-pt", "shot-peening"] });
    const with1 = scoreCandidate(wanted, candidate({ process_codes: ["machining-5axis", "ndt-pt"] }), { today: TODAY });
    const with0 = scoreCandidate(wanted, candidate({ process_codes: ["machining-5axis"] }), { today: TODAY });
    expect(fraction(with1, "preferred_processes")).toBe(0.5);
    expect(fraction(with0, "preferred_processes")).toBe(0);
    expect(with0.gaps).toEqual([]);
    expect(with1.reason_details).toContainEqual({ kind: "process_matched", code: "ndt-pt", required: false });
    expect(with1.score).toBeGreaterThan(with0.score);
  });
});

describe("materials", () => {
  it("count required materials with a gap when missing, and preferred ones as a bonus", () => {
    const wanted = need({ required_material_codes: ["ti-6al-4v"], preferred_material_codes: ["inconel-718"] });
    const titanium = scoreCandidate(wanted, candidate({ material_codes: ["ti-6al-4v"] }), { today: TODAY });
    const both = scoreCandidate(wanted, candidate({ material_codes: ["ti-6al-4v", "inconel-718"] }), { today: TODAY });
    const aluminium = scoreCandidate(wanted, candidate({ material_codes: ["al-7075"] }), { today: TODAY });
    expect(fraction(titanium, "required_materials")).toBe(1);
    expect(fraction(titanium, "preferred_materials")).toBe(0);
    expect(fraction(both, "preferred_materials")).toBe(1);
    expect(fraction(aluminium, "required_materials")).toBe(0);
    expect(aluminium.gaps).toContainEqual({ kind: "missing_required_material", code: "ti-6al-4v" });
    expect(titanium.reason_details).toContainEqual({ kind: "material_matched", code: "ti-6al-4v", required: true });
    expect(both.score).toBeGreaterThan(titanium.score);
    expect(titanium.score).toBeGreaterThan(aluminium.score);
  });
});

describe("required certifications", () => {
  const wanted = need({ required_certification_codes: ["as9100d"] });
  const cert = (verification_status: "verified" | "unverified" | "pending" | "rejected", expires_on: string | null) => ({ type_code: "as9100d", verification_status, expires_on });

  it("count verified and unexpired fully, unverified less, expired and rejected not at all", () => {
    const verified = scoreCandidate(wanted, candidate({ certifications: [cert("verified", "2027-01-01")] }), { today: TODAY });
    const unverified = scoreCandidate(wanted, candidate({ certifications: [cert("unverified", "2027-01-01")] }), { today: TODAY });
    const pending = scoreCandidate(wanted, candidate({ certifications: [cert("pending", null)] }), { today: TODAY });
    const expired = scoreCandidate(wanted, candidate({ certifications: [cert("verified", "2026-05-31")] }), { today: TODAY });
    const rejected = scoreCandidate(wanted, candidate({ certifications: [cert("rejected", "2027-01-01")] }), { today: TODAY });
    const missing = scoreCandidate(wanted, candidate(), { today: TODAY });
    expect(fraction(verified, "required_certifications")).toBe(CERTIFICATION_CREDIT.verified);
    expect(fraction(unverified, "required_certifications")).toBe(CERTIFICATION_CREDIT.unverified);
    expect(fraction(pending, "required_certifications")).toBe(CERTIFICATION_CREDIT.pending);
    expect(fraction(expired, "required_certifications")).toBe(0);
    expect(fraction(rejected, "required_certifications")).toBe(0);
    expect(verified.score).toBeGreaterThan(unverified.score);
    expect(unverified.score).toBeGreaterThan(expired.score);

    expect(verified.meets_required).toBe(true);
    expect(unverified.meets_required).toBe(true);
    expect(expired.meets_required).toBe(false);
    expect(rejected.meets_required).toBe(false);
    expect(missing.meets_required).toBe(false);

    expect(verified.reason_details).toContainEqual({ kind: "certification_met", code: "as9100d", required: true, verified: true });
    expect(unverified.reason_details).toContainEqual({ kind: "certification_met", code: "as9100d", required: true, verified: false });
    expect(expired.gaps).toContainEqual({ kind: "expired_required_certification", code: "as9100d", expired_on: "2026-05-31" });
    expect(rejected.gaps).toContainEqual({ kind: "rejected_required_certification", code: "as9100d" });
    expect(missing.gaps).toContainEqual({ kind: "missing_required_certification", code: "as9100d" });
  });

  it("treat the expiry date itself as still valid", () => {
    expect(certificationState({ verification_status: "verified", expires_on: TODAY }, TODAY)).toBe("verified");
    expect(certificationState({ verification_status: "verified", expires_on: "2026-05-31" }, TODAY)).toBe("expired");
    expect(certificationState({ verification_status: "rejected", expires_on: null }, TODAY)).toBe("rejected");
  });

  it("use the best of several certificates of the same type", () => {
    const scored = scoreCandidate(wanted, candidate({ certifications: [cert("verified", "2020-01-01"), cert("unverified", "2028-01-01")] }), { today: TODAY });
    expect(scored.meets_required).toBe(true);
    expect(fraction(scored, "required_certifications")).toBe(CERTIFICATION_CREDIT.unverified);
  });

  it("rank everyone missing one below everyone holding them all, whatever the score", () => {
    const strongButMissing = scoreCandidate(
      need({ required_process_codes: ["machining-5axis"], required_certification_codes: ["as9100d", "nadcap-ht"] }),
      candidate({ supplier_id: "a", name_en: "Strong", process_codes: ["machining-5axis"], certifications: [cert("verified", null)] }),
      { today: TODAY },
    );
    const weakButCertified = scoreCandidate(
      need({ required_process_codes: ["machining-5axis"], required_certification_codes: ["as9100d", "nadcap-ht"] }),
      candidate({
        supplier_id: "b",
        name_en: "Weak",
        process_codes: [],
        employees: 3,
        completeness: 10,
        profile_verification: "unverified",
        defense_designated: false,
        certifications: [cert("unverified", null), { type_code: "nadcap-ht", verification_status: "unverified", expires_on: null }],
      }),
      { today: TODAY },
    );
    expect(strongButMissing.score).toBeGreaterThan(weakButCertified.score);
    expect(rankCandidates([strongButMissing, weakButCertified]).map((c) => c.name_en)).toEqual(["Weak", "Strong"]);
    expect(strongButMissing.gaps).toContainEqual({ kind: "missing_required_certification", code: "nadcap-ht" });
  });
});

describe("preferred certifications", () => {
  it("add points for held ones and never block", () => {
    const wanted = need({ preferred_certification_codes: ["nadcap-ht"] });
    const held = scoreCandidate(wanted, candidate({ certifications: [{ type_code: "nadcap-ht", verification_status: "verified", expires_on: null }] }), { today: TODAY });
    const none = scoreCandidate(wanted, candidate(), { today: TODAY });
    expect(fraction(held, "preferred_certifications")).toBe(1);
    expect(fraction(none, "preferred_certifications")).toBe(0);
    expect(none.meets_required).toBe(true);
    expect(none.gaps).toEqual([]);
    expect(held.reason_details).toContainEqual({ kind: "certification_met", code: "nadcap-ht", required: false, verified: true });
  });
});

describe("distance", () => {
  it("is full at the location, DISTANCE_AT_RADIUS at the edge, nothing and a gap outside the radius", () => {
    const wanted = need({ location: CHANGWON, radius_km: 100 });
    const here = scoreCandidate(wanted, candidate({ sites: [{ ...CHANGWON, is_primary: true }] }), { today: TODAY });
    const sacheon = scoreCandidate(wanted, candidate({ sites: [{ ...SACHEON, is_primary: true }] }), { today: TODAY });
    const daejeon = scoreCandidate(wanted, candidate({ sites: [{ ...DAEJEON, is_primary: true }] }), { today: TODAY });
    expect(here.distance_km).toBe(0);
    expect(fraction(here, "distance")).toBe(1);
    const sacheonKm = haversineKm(CHANGWON, SACHEON);
    expect(sacheon.distance_km).toBeCloseTo(sacheonKm, 0);
    expect(fraction(sacheon, "distance")).toBeCloseTo(1 - (1 - DISTANCE_AT_RADIUS) * (sacheonKm / 100), 2);
    expect(sacheon.reason_details.find((r) => r.kind === "within_radius")).toBeTruthy();
    expect(fraction(daejeon, "distance")).toBe(0);
    expect(daejeon.gaps.find((g) => g.kind === "outside_radius")).toMatchObject({ radius_km: 100 });
    expect(here.score).toBeGreaterThan(sacheon.score);
    expect(sacheon.score).toBeGreaterThan(daejeon.score);
  });

  it("uses the nearest of several sites", () => {
    const scored = scoreCandidate(need({ location: CHANGWON, radius_km: 50 }), candidate({ sites: [{ ...DAEJEON, is_primary: true }, { ...CHANGWON, is_primary: false }] }), { today: TODAY });
    expect(scored.distance_km).toBe(0);
  });

  it("decays without a radius, reports a profile without sites, and does not apply without a location", () => {
    const noRadius = scoreCandidate(need({ location: CHANGWON }), candidate({ sites: [{ ...DAEJEON, is_primary: true }] }), { today: TODAY });
    expect(fraction(noRadius, "distance")).toBeGreaterThan(0);
    expect(fraction(noRadius, "distance")).toBeLessThan(0.5);
    const noSites = scoreCandidate(need({ location: CHANGWON, radius_km: 50 }), candidate(), { today: TODAY });
    expect(noSites.distance_km).toBeNull();
    expect(noSites.gaps).toContainEqual({ kind: "no_location" });
    const noLocation = scoreCandidate(need(), candidate({ sites: [{ ...DAEJEON, is_primary: true }] }), { today: TODAY });
    expect(factor(noLocation, "distance")).toBeUndefined();
    expect(noLocation.distance_km).toBeNull();
  });
});

describe("size and capacity", () => {
  it("wants a plant for volume work and a team otherwise", () => {
    const volume = need({ kind: "parts_supply", quantity: 5000 });
    const big = scoreCandidate(volume, candidate({ employees: VOLUME_MIN_EMPLOYEES }), { today: TODAY });
    const small = scoreCandidate(volume, candidate({ employees: 5 }), { today: TODAY });
    const unknown = scoreCandidate(volume, candidate({ employees: null }), { today: TODAY });
    expect(fraction(big, "size_capacity")).toBe(1);
    expect(fraction(small, "size_capacity")).toBeCloseTo(SIZE_FLOOR + (1 - SIZE_FLOOR) * (5 / VOLUME_MIN_EMPLOYEES), 2);
    expect(fraction(unknown, "size_capacity")).toBeCloseTo(UNKNOWN_SIZE_CREDIT, 5);
    expect(small.gaps).toContainEqual({ kind: "small_for_quantity", employees: 5 });
    expect(big.reason_details).toContainEqual({ kind: "size_fit", employees: VOLUME_MIN_EMPLOYEES });

    const team = scoreCandidate(need({ kind: "technology_transfer" }), candidate({ employees: 12 }), { today: TODAY });
    expect(fraction(team, "size_capacity")).toBe(1);
    expect(team.gaps).toEqual([]);
  });
});

describe("completeness and verification", () => {
  it("reward complete, verified, designated profiles", () => {
    const best = scoreCandidate(need(), candidate({ completeness: 100, profile_verification: "verified", defense_designated: true }), { today: TODAY });
    const half = scoreCandidate(need(), candidate({ completeness: 50, profile_verification: "pending", defense_designated: false }), { today: TODAY });
    const bare = scoreCandidate(need(), candidate({ completeness: 0, profile_verification: "unverified", defense_designated: false }), { today: TODAY });
    expect(fraction(best, "completeness")).toBe(1);
    expect(fraction(half, "completeness")).toBe(0.5);
    expect(fraction(best, "verification")).toBe(1);
    expect(fraction(half, "verification")).toBeCloseTo(PROFILE_VERIFICATION_CREDIT.pending, 5);
    expect(fraction(bare, "verification")).toBeCloseTo(PROFILE_VERIFICATION_CREDIT.unverified, 5);
    expect(best.reason_details).toEqual(
      expect.arrayContaining([{ kind: "verified_profile" }, { kind: "defense_designated" }, { kind: "completeness", percent: 100 }]),
    );
    expect(best.score).toBeGreaterThan(half.score);
    expect(half.score).toBeGreaterThan(bare.score);
  });
});

describe("scores and ranking", () => {
  it("are 0–100 over the factors that apply", () => {
    const perfect = scoreCandidate(
      need({ kind: "localization", required_process_codes: ["machining-5axis"], required_certification_codes: ["as9100d"], location: CHANGWON, radius_km: 50 }),
      candidate({ process_codes: ["machining-5axis"], certifications: [{ type_code: "as9100d", verification_status: "verified", expires_on: null }], sites: [{ ...CHANGWON, is_primary: true }] }),
      { today: TODAY },
    );
    expect(perfect.score).toBe(100);
    for (const entry of perfect.factors) expect(entry.points).toBeLessThanOrEqual(entry.max);
  });

  it("break ties by distance, then name", () => {
    const base = { meets_required: true, score: 50, factors: [], reason_details: [], gaps: [], external_id: null, name_ko: null };
    const ordered = [
      { ...base, supplier_id: "3", name_en: "Beta", distance_km: 10 },
      { ...base, supplier_id: "2", name_en: "Alpha", distance_km: 10 },
      { ...base, supplier_id: "1", name_en: "Zulu", distance_km: 5 },
    ].sort(compareCandidates);
    expect(ordered.map((c) => c.name_en)).toEqual(["Zulu", "Alpha", "Beta"]);
  });
});

describe("reasons as text", () => {
  it("name the matched term in the reader's language with the other in brackets", () => {
    expect(renderReason({ kind: "process_matched", code: "machining-5axis", required: true }, labels, "en")).toBe(
      "Offers the required process 5-axis machining (5축 가공)",
    );
    expect(renderReason({ kind: "process_matched", code: "machining-5axis", required: true }, labels, "ko")).toBe("필수 공정 5축 가공 (5-axis machining) 보유");
    expect(renderGap({ kind: "missing_required_certification", code: "nadcap-ht" }, labels, "en")).toBe(
      "Missing the required certification NADCAP Heat Treating (NADCAP 열처리)",
    );
    expect(renderGap({ kind: "expired_required_certification", code: "as9100d", expired_on: "2026-01-31" }, labels, "en")).toContain("2026-01-31");
  });
});

describe("clusters", () => {
  const cluster = (overrides: Partial<ClusterCandidate>): ClusterCandidate => ({
    cluster_id: "c",
    slug: "c",
    name_en: "Cluster",
    name_ko: "클러스터",
    center: DAEJEON,
    focus_process_codes: [],
    verified_members_by_process: {},
    member_count: 0,
    available_land_m2: 0,
    ...overrides,
  });
  const hosting = need({ kind: "division_hosting", required_process_codes: ["uav-integration"], quantity: 15000, quantity_unit: "m2", location: DAEJEON, radius_km: 100 });

  it("rank by verified supply base, focus, land for the area asked for and distance", () => {
    const daejeon = scoreCluster(hosting, cluster({ slug: "daejeon", focus_process_codes: ["uav-integration"], verified_members_by_process: { "uav-integration": 6 }, available_land_m2: 109100 }));
    const changwon = scoreCluster(hosting, cluster({ slug: "changwon", center: CHANGWON, available_land_m2: 5000 }));
    expect(daejeon.score).toBe(100);
    expect(changwon.score).toBeLessThan(daejeon.score);
    expect(daejeon.reasons).toEqual(
      expect.arrayContaining([{ kind: "cluster_density", code: "uav-integration", members: 6 }, { kind: "cluster_focus", code: "uav-integration" }]),
    );
    expect(rankClusters([changwon, daejeon]).map((c) => c.slug)).toEqual(["daejeon", "changwon"]);
  });

  it("give partial land credit when less is available than the area asked for", () => {
    const some = scoreCluster(need({ kind: "division_hosting", quantity: 20000, quantity_unit: "m²" }), cluster({ available_land_m2: 10000 }));
    const plenty = scoreCluster(need({ kind: "division_hosting", quantity: 20000, quantity_unit: "m²" }), cluster({ available_land_m2: 40000 }));
    expect(some.score).toBe(50);
    expect(plenty.score).toBe(100);
  });
});
