import { describe, expect, it } from "vitest";
import { daysBetween, expiryOf, expiryWarnings, isHeld, isVerifiedAndHeld, todayInKorea } from "./expiry";

describe("todayInKorea", () => {
  it("uses the Korean calendar date, not the server's", () => {
    // 2026-03-01 20:30 UTC is already 2 March in Seoul (UTC+9).
    expect(todayInKorea(new Date("2026-03-01T20:30:00Z"))).toBe("2026-03-02");
    expect(todayInKorea(new Date("2026-03-01T14:59:59Z"))).toBe("2026-03-01");
  });
});

describe("daysBetween", () => {
  it("counts calendar days across months, leap days and years", () => {
    expect(daysBetween("2026-01-31", "2026-03-01")).toBe(29);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-05-10", "2026-05-01")).toBe(-9);
  });

  it("refuses malformed dates rather than guessing", () => {
    expect(() => daysBetween("2026-5-1", "2026-05-01")).toThrow(RangeError);
  });
});

describe("expiryOf", () => {
  const today = "2026-03-01";

  it("treats a missing expiry date as not expiring", () => {
    expect(expiryOf(null, today)).toEqual({ state: "no_expiry", daysLeft: null });
  });

  it("is valid through the expiry date itself and expired the day after", () => {
    expect(expiryOf("2026-03-01", today)).toEqual({ state: "expiring", daysLeft: 0 });
    expect(expiryOf("2026-02-28", today)).toEqual({ state: "expired", daysLeft: -1 });
  });

  it("warns within 60 days, inclusive, and not before", () => {
    expect(expiryOf("2026-04-30", today)).toEqual({ state: "expiring", daysLeft: 60 });
    expect(expiryOf("2026-05-01", today)).toEqual({ state: "valid", daysLeft: 61 });
    expect(expiryOf("2026-05-01", today, 90).state).toBe("expiring");
  });
});

describe("isHeld", () => {
  const today = "2026-03-01";
  it("does not count expired or rejected certifications as held", () => {
    expect(isHeld({ expires_on: "2026-02-28", verification_status: "verified" }, today)).toBe(false);
    expect(isHeld({ expires_on: "2027-01-01", verification_status: "rejected" }, today)).toBe(false);
    expect(isHeld({ expires_on: null, verification_status: "unverified" }, today)).toBe(true);
    expect(isHeld({ expires_on: "2026-03-10", verification_status: "pending" }, today)).toBe(true);
  });

  it("counts fully only when verified and held", () => {
    expect(isVerifiedAndHeld({ expires_on: "2027-01-01", verification_status: "verified" }, today)).toBe(true);
    expect(isVerifiedAndHeld({ expires_on: "2027-01-01", verification_status: "pending" }, today)).toBe(false);
    expect(isVerifiedAndHeld({ expires_on: "2026-01-01", verification_status: "verified" }, today)).toBe(false);
  });
});

describe("expiryWarnings", () => {
  it("lists expired and soon-expiring certifications, most urgent first, and nothing else", () => {
    const certifications = [
      { id: "later", expires_on: "2026-04-15", verification_status: "verified" as const },
      { id: "fine", expires_on: "2027-04-15", verification_status: "verified" as const },
      { id: "gone", expires_on: "2025-12-01", verification_status: "verified" as const },
      { id: "none", expires_on: null, verification_status: "unverified" as const },
      { id: "soon", expires_on: "2026-03-05", verification_status: "pending" as const },
    ];
    const warnings = expiryWarnings(certifications, "2026-03-01");
    expect(warnings.map((w) => [w.id, w.state])).toEqual([
      ["gone", "expired"],
      ["soon", "expiring"],
      ["later", "expiring"],
    ]);
  });
});
