import { describe, expect, it } from "vitest";
import { niceMax, niceStep, percent, scale, ticks } from "./chart-scale";

describe("niceStep and niceMax", () => {
  it("steps by 1, 2 or 5 times a power of ten, never below 1", () => {
    expect([0.3, 1, 1.5, 3, 6.5, 12, 249.75].map(niceStep)).toEqual([1, 1, 2, 5, 10, 20, 500]);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it("ends the axis on a whole number of steps at or above the value", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(-4)).toBe(1);
    expect(niceMax(Number.NaN)).toBe(1);
    expect(niceMax(3)).toBe(3);
    expect(niceMax(7)).toBe(8);
    expect(niceMax(17)).toBe(20);
    expect(niceMax(26)).toBe(30);
    expect(niceMax(999)).toBe(1000);
  });
});

describe("ticks", () => {
  it("runs from 0 to the axis maximum in equal whole steps", () => {
    expect(ticks(26)).toEqual([0, 10, 20, 30]);
    expect(ticks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(0)).toEqual([0, 1]);
    for (const max of [3, 17, 250, 999, 12345]) {
      const values = ticks(max);
      expect(values[0]).toBe(0);
      expect(values.at(-1)).toBe(niceMax(max));
      expect(values.at(-1)).toBeGreaterThanOrEqual(max);
      const steps = new Set(values.slice(1).map((value, index) => value - values[index]!));
      expect(steps.size).toBe(1);
      expect(values.length).toBeLessThanOrEqual(6);
    }
  });
});

describe("scale and percent", () => {
  it("maps values linearly and clamps to the axis", () => {
    expect(scale(5, 10, 200)).toBe(100);
    expect(scale(20, 10, 200)).toBe(200);
    expect(scale(-1, 10, 200)).toBe(0);
    expect(scale(5, 0, 200)).toBe(0);
  });

  it("gives shares with one decimal, and null for an empty total", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
  });
});
