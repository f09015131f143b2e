/*
 * Axis arithmetic for the analytics charts: steps of 1, 2 or 5 times a power of ten so gridlines
 * fall on round numbers, an upper bound that is a whole number of steps, and linear positions.
 */

/** A whole-number step of 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const factor = [1, 2, 5, 10].find((candidate) => fraction <= candidate + 1e-9) ?? 10;
  return Math.max(1, Math.round(factor * magnitude));
}

/** The axis maximum: the first multiple of a nice step (about `count` steps) at or above `value`. */
export function niceMax(value: number, count = 4): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const step = niceStep(value / Math.max(1, count));
  return Math.ceil(value / step) * step;
}

/** Ticks from 0 to niceMax(max, count) inclusive, evenly spaced whole numbers. */
export function ticks(max: number, count = 4): number[] {
  const top = niceMax(max, count);
  const step = Number.isFinite(max) && max > 0 ? niceStep(max / Math.max(1, count)) : 1;
  const values: number[] = [];
  for (let value = 0; value <= top; value += step) values.push(value);
  return values;
}

/** Position of `value` on an axis of `length` pixels running from 0 to `max`. */
export function scale(value: number, max: number, length: number): number {
  if (max <= 0) return 0;
  return (Math.min(Math.max(value, 0), max) / max) * length;
}

/** Share as a percentage with one decimal, or null when there is nothing to share. */
export function percent(part: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.round((part / total) * 1000) / 10;
}
