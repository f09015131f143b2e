/**
 * Degrees kept to 7 decimals, about a centimetre on the ground: finer digits mean nothing, and a
 * value as small as 5e-324 makes PostgreSQL's float arithmetic (radians(), the distance formulas)
 * fail with an underflow, so every distance query touching it would answer 500.
 */
export function roundDegrees(value: number): number {
  return Math.round(value * 1e7) / 1e7 || 0; // `|| 0`: no negative zero
}

/** The smallest radius anyone can ask for, in km (one metre); below it the arithmetic above underflows too. */
export const MIN_RADIUS_KM = 0.001;
