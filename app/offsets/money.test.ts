import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  applyPercent,
  creditValue,
  divideRounded,
  formatMoney,
  formatScaled,
  fromMinor,
  normalizeAmountInput,
  parseScaled,
  percentOf,
  toMinor,
} from "./money";

// Property runs are CPU-bound; on a busy machine they outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

describe("decimal parsing", () => {
  it("reads exact decimals at a scale and refuses what would lose digits", () => {
    expect(parseScaled("12.3", 2)).toBe(1230n);
    expect(parseScaled("-0.05", 2)).toBe(-5n);
    expect(parseScaled("7", 3)).toBe(7000n);
    expect(parseScaled("1.2300", 2)).toBe(123n);
    expect(parseScaled("1.234", 2)).toBeNull();
    expect(parseScaled("1e5", 2)).toBeNull();
    expect(parseScaled("", 2)).toBeNull();
    expect(parseScaled("12.", 2)).toBeNull();
    expect(() => toMinor("0.001")).toThrow(RangeError);
  });

  it("round-trips every minor amount through its decimal string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (minor) => {
        expect(toMinor(fromMinor(minor))).toBe(minor);
      }),
    );
  });

  it("formats scaled integers with a leading zero and sign", () => {
    expect(formatScaled(5n, 2)).toBe("0.05");
    expect(formatScaled(-123456n, 2)).toBe("-1234.56");
    expect(formatScaled(42n, 0)).toBe("42");
  });

  it("drops grouping characters people type", () => {
    expect(normalizeAmountInput(" 1,234,567.50 ")).toBe("1234567.50");
    expect(normalizeAmountInput("1 000")).toBe("1000");
    expect(normalizeAmountInput(12)).toBe(12);
  });
});

describe("rounding like PostgreSQL round(numeric)", () => {
  it("rounds half away from zero", () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(15n, 10n)).toBe(2n);
    expect(divideRounded(-15n, 10n)).toBe(-2n);
  });

  it("lands within half a unit of the exact quotient", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = divideRounded(n, d);
        const error = n * 2n - q * 2n * d; // 2 × (exact − rounded) × d
        expect(error <= d && error >= -d).toBe(true);
        // A tie goes away from zero.
        if (error === d || error === -d) expect(q * 2n * d).toBe(n * 2n + (n > 0n ? d : -d));
      }),
    );
  });
});

describe("credit value", () => {
  it("multiplies value, exchange rate and multiplier exactly and rounds to cents", () => {
    expect(creditValue("200000.00", "1", "3.000")).toBe("600000.00");
    expect(creditValue("0.10", "1", "3")).toBe("0.30");
    expect(creditValue("1000000", "0.00072500", "1.5")).toBe("1087.50");
    expect(creditValue("33.33", "1", "1.500")).toBe("50.00"); // 49.995 rounds up
    expect(creditValue("0.01", "0.5", "1")).toBe("0.01"); // 0.005 rounds away from zero
  });

  it("equals value × multiplier in cents when no currency conversion applies", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 1, max: 20_000 }), (cents, milli) => {
        const value = fromMinor(cents);
        const multiplier = formatScaled(BigInt(milli), 3);
        const expected = divideRounded(cents * BigInt(milli), 1000n);
        expect(toMinor(creditValue(value, "1", multiplier))).toBe(expected);
      }),
    );
  });
});

describe("percentages", () => {
  it("gives fulfilment with two decimals and zero for an empty obligation", () => {
    expect(percentOf(toMinor("250"), toMinor("1000"))).toBe("25.00");
    expect(percentOf(toMinor("1"), toMinor("3"))).toBe("33.33");
    expect(percentOf(toMinor("2"), toMinor("3"))).toBe("66.67");
    expect(percentOf(0n, 0n)).toBe("0.00");
  });

  it("applies a penalty rate to an amount", () => {
    expect(fromMinor(applyPercent(toMinor("123456.78"), "10"))).toBe("12345.68");
    expect(fromMinor(applyPercent(toMinor("100"), "12.5"))).toBe("12.50");
  });
});

describe("formatting for people", () => {
  it("formats exact decimals in both languages", () => {
    // Intl puts a no-break space between the code and the number.
    expect(formatMoney("1234567.89", "USD", "en")).toBe("USD\u00a01,234,567.89");
    expect(formatMoney("1234567.00", "KRW", "ko")).toBe("₩1,234,567");
    // Larger than a double can hold exactly: the digits survive.
    expect(formatMoney("90071992547409.93", "USD", "en")).toBe("USD\u00a090,071,992,547,409.93");
  });
});
