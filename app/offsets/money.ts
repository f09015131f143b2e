/*
 * Exact decimal arithmetic for money, multipliers and exchange rates. Amounts travel as decimal
 * strings (PostgreSQL numeric cast to text) and are computed as bigint in fixed scales, never as
 * floating point: 0.1 × 3 must be 0.30 here exactly as it is in the database.
 */

/** Money in minor units with two decimals (the ledger's numeric(20, 2)). */
export type Minor = bigint;
import { numberFormat } from "../utils/intl-format";

export const MONEY_SCALE = 2;
export const MULTIPLIER_SCALE = 3;
export const RATE_SCALE = 8;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal ("-1234.5") into an integer scaled by 10^scale; null when not exact at that scale. */
export function parseScaled(text: string, scale: number): bigint | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) return null;
  const digits = `${whole}${fraction.slice(0, scale).padEnd(scale, "0")}`;
  const value = BigInt(digits);
  return sign ? -value : value;
}

/** Money string → minor units. Throws on anything that is not an exact two-decimal amount. */
export function toMinor(text: string | number): Minor {
  const value = parseScaled(String(text), MONEY_SCALE);
  if (value === null) throw new RangeError(`Not a money amount: ${String(text)}`);
  return value;
}

/** Minor units → plain decimal string with two decimals ("-1234.50"). */
export function fromMinor(value: Minor): string {
  return formatScaled(value, MONEY_SCALE);
}

export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
}

/** Integer division rounding half away from zero, as PostgreSQL's round(numeric) does. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("Division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/**
 * Credit for a transaction: round(value × exchange rate × multiplier, 2), exactly as the
 * generated column offset_transactions.credit_value computes it.
 */
export function creditValue(value: string, exchangeRate: string, multiplier: string): string {
  const valueScaled = parseScaled(value, MONEY_SCALE);
  const rateScaled = parseScaled(exchangeRate, RATE_SCALE);
  const multiplierScaled = parseScaled(multiplier, MULTIPLIER_SCALE);
  if (valueScaled === null || rateScaled === null || multiplierScaled === null) {
    throw new RangeError("creditValue needs decimal strings within their scales");
  }
  const product = valueScaled * rateScaled * multiplierScaled; // scale 2 + 8 + 3
  return fromMinor(divideRounded(product, 10n ** BigInt(RATE_SCALE + MULTIPLIER_SCALE)));
}

/** round(part × 100 / whole, 2) as a decimal string, like the balances view. "0.00" when whole is 0. */
export function percentOf(part: Minor, whole: Minor): string {
  if (whole === 0n) return "0.00";
  return formatScaled(divideRounded(part * 10000n, whole), 2);
}

/** round(amount × rate / 100, 2) for a percentage rate given as a decimal string (up to 3 decimals). */
export function applyPercent(amount: Minor, ratePercent: string): Minor {
  const rate = parseScaled(ratePercent, 3);
  if (rate === null) throw new RangeError(`Not a percentage: ${ratePercent}`);
  return divideRounded(amount * rate, 100_000n);
}

export function sumMinor(values: Iterable<Minor>): Minor {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

export function maxMinor(a: Minor, b: Minor): Minor {
  return a > b ? a : b;
}

export function minMinor(a: Minor, b: Minor): Minor {
  return a < b ? a : b;
}

/**
 * Normalizes what a person types as an amount: spaces, commas and underscores used for grouping
 * are dropped ("1,234,567.5" → "1234567.5"). Returns the input unchanged when it is not a string.
 */
export function normalizeAmountInput(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return value.replace(/[\s,_\u00a0]/g, "");
}

/** Fraction digits a currency is shown with (KRW and JPY have none). */
export function currencyDigits(currency: string): number {
  try {
    return numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Money for people: "USD 1,234,567.89" / "₩1,234,568". Formats the exact decimal string, so no
 * amount passes through a float on its way to the screen.
 */
export function formatMoney(amount: string | Minor, currency: string, locale: "en" | "ko"): string {
  const text = typeof amount === "bigint" ? fromMinor(amount) : amount;
  const tag = locale === "ko" ? "ko-KR" : "en-US";
  try {
    const format = numberFormat(tag, { style: "currency", currency, currencyDisplay: locale === "ko" ? "symbol" : "code" });
    // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); the cast keeps older lib types quiet.
    return format.format(text as unknown as number);
  } catch {
    return `${currency} ${text}`;
  }
}

export function formatPercent(percent: string, locale: "en" | "ko"): string {
  const tag = locale === "ko" ? "ko-KR" : "en-US";
  return `${numberFormat(tag, { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(percent as unknown as number)}%`;
}

export function formatMultiplier(multiplier: string, locale: "en" | "ko"): string {
  const tag = locale === "ko" ? "ko-KR" : "en-US";
  return `${numberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 3 }).format(multiplier as unknown as number)}×`;
}

/** A decimal string without trailing fractional zeros ("50.000" → "50", "12.500" → "12.5"). */
export function trimDecimal(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
