import { describe, expect, it } from "vitest";
import { roundDegrees } from "./coordinates";

describe("roundDegrees", () => {
  it("keeps seven decimals", () => {
    expect(roundDegrees(35.123456789)).toBe(35.1234568);
    expect(roundDegrees(-128.5)).toBe(-128.5);
  });
  it("turns values too small to mean anything into a plain zero", () => {
    expect(Object.is(roundDegrees(5e-324), 0)).toBe(true);
    expect(Object.is(roundDegrees(-5e-324), 0)).toBe(true);
    expect(Object.is(roundDegrees(-0), 0)).toBe(true);
  });
});
