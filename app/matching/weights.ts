/**
 * Every number the matcher uses, in one place, with the reason for it. score.ts reads nothing
 * else; weights.test.ts checks that the factor weights add up to 100 and that the ordering
 * rules below hold, so a change here is a deliberate change of ranking policy.
 *
 * How a score is made: each factor that applies to the need (a need without required materials
 * has no "required materials" factor) earns a fraction 0–1 of its weight; the score is the
 * points earned over the points possible, as 0–100. So a need's candidates are compared on the
 * same scale, and a need with fewer criteria does not produce lower scores.
 *
 * Ranking is not by score alone: a candidate that does not hold every required certification is
 * ranked below every candidate that does, whatever its score (MUST_MEET_REQUIRED_CERTIFICATIONS).
 * Primes cannot place work with a supplier lacking a mandated certificate (AS9100D, NADCAP for a
 * special process, DQMS): a high-scoring supplier without it is a lead to develop, not a match.
 */

export const FACTOR_WEIGHTS = {
  /**
   * Required processes are the work itself: the largest share. Fraction = required processes
   * offered / required processes asked for.
   */
  required_processes: 30,
  /**
   * Required certifications gate the award (see MUST_MEET_REQUIRED_CERTIFICATIONS); within those
   * who hold them, verified certificates earn more than self-declared ones.
   */
  required_certifications: 20,
  /** Distance matters for localization, MRO turnaround and logistics; a radius is the buyer's limit. */
  distance: 10,
  /** Preferred processes widen the package a single supplier can take (fewer interfaces). */
  preferred_processes: 8,
  /** Material experience (titanium, Inconel, CFRP) is a real qualification barrier. */
  required_materials: 8,
  /** Preferred certifications (NADCAP on top of AS9100D) shorten qualification. */
  preferred_certifications: 6,
  /** Size against the volume asked for: a 5-person shop cannot take 10,000 parts a year. */
  size_capacity: 5,
  /** Complete profiles are easier to assess and more likely to be current. */
  completeness: 5,
  /** A profile verified by its cluster authority, and defense designation, reduce due-diligence risk. */
  verification: 5,
  /** Nice to have; small, so it never outweighs the work itself. */
  preferred_materials: 3,
} as const;

export type WeightedFactor = keyof typeof FACTOR_WEIGHTS;

/** Candidates lacking any required certification rank below all who hold them (see above). */
export const MUST_MEET_REQUIRED_CERTIFICATIONS = true;

/**
 * Credit for one held certification, by its state. Verified and unexpired counts fully; a
 * self-declared (unverified or pending) one counts half because nobody has seen the certificate
 * yet; expired or rejected ones count nothing and are shown as gaps.
 */
export const CERTIFICATION_CREDIT = {
  verified: 1,
  pending: 0.5,
  unverified: 0.5,
  rejected: 0,
  expired: 0,
} as const;

/**
 * Distance. Inside the radius the fraction falls linearly from 1 at the need's location to
 * DISTANCE_AT_RADIUS at the edge: nearer is better, but anything inside the radius is acceptable.
 * Outside the radius it earns nothing and is shown as a gap. With a location but no radius, the
 * fraction halves every DISTANCE_HALF_LIFE_KM (Korea is about 400 km end to end).
 * Without a location on either side the factor does not apply.
 */
export const DISTANCE_AT_RADIUS = 0.5;
export const DISTANCE_HALF_LIFE_KM = 100;

/** Mean Earth radius (IUGG), as private.distance_m in the search migration uses. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Size fit, by employees. Volume work (localization and parts supply, or any quantity of at
 * least VOLUME_QUANTITY) wants a plant with people: at least VOLUME_MIN_EMPLOYEES for full
 * credit. Other work (MRO, technology transfer, division hosting) needs a capable team: at least
 * TEAM_MIN_EMPLOYEES. Below that the fraction grows linearly from SIZE_FLOOR. Unknown size earns
 * UNKNOWN_SIZE_CREDIT: not a reason to exclude, but less certain.
 */
export const VOLUME_QUANTITY = 1000;
export const VOLUME_MIN_EMPLOYEES = 50;
export const TEAM_MIN_EMPLOYEES = 10;
export const SIZE_FLOOR = 0.2;
export const UNKNOWN_SIZE_CREDIT = 0.3;

/** Verification factor: the profile's verification, plus defense designation. Sums to 1. */
export const PROFILE_VERIFICATION_CREDIT = {
  verified: 0.8,
  pending: 0.3,
  unverified: 0.1,
  rejected: 0,
} as const;
export const DEFENSE_DESIGNATED_CREDIT = 0.2;

/**
 * A capability in a child process (TIG welding) satisfies a need for its parent (welding); a
 * capability in the parent group only partly satisfies a need for a specific child, because the
 * specific method is not shown.
 */
export const PARENT_PROCESS_CREDIT = 0.5;

/** How many candidates the SQL prefilter hands to the scorer, per result asked for (and at least). */
export const POOL_PER_RESULT = 10;
export const MIN_POOL = 300;
export const MAX_POOL = 2000;

/** Cluster ranking (localization and division hosting): weights sum to 100. */
export const CLUSTER_WEIGHTS = {
  /** Verified member SMEs covering the needed processes: the supply base a division would use. */
  supplier_density: 45,
  /** The cluster's declared focus includes the processes. */
  focus: 25,
  /** Available industrial land; for division hosting, enough for the area asked for. */
  land: 15,
  /** Distance from the cluster centre to the need's location. */
  distance: 15,
} as const;

/** Verified members per needed process at which the density factor is full. */
export const CLUSTER_FULL_DENSITY = 5;
