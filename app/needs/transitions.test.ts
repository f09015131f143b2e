import { describe, expect, it } from "vitest";
import { CONTRACTOR_EOI_TRANSITIONS, NEED_TRANSITIONS, SME_EOI_TRANSITIONS, canChangeNeed, canDecide, canWithdraw, isAwaitingDecision } from "./transitions";
import { EOI_STATUSES, NEED_STATUSES } from "./types";

describe("need state machine", () => {
  it("publishes drafts, closes and reopens open needs, and never leaves awarded", () => {
    expect(canChangeNeed("draft", "open")).toBe(true);
    expect(canChangeNeed("open", "closed")).toBe(true);
    expect(canChangeNeed("closed", "open")).toBe(true);
    expect(canChangeNeed("open", "draft")).toBe(true);
    expect(canChangeNeed("draft", "closed")).toBe(false);
    expect(canChangeNeed("closed", "draft")).toBe(false);
    for (const to of NEED_STATUSES) expect(canChangeNeed("awarded", to)).toBe(false);
  });

  it("never reaches awarded directly: awards go through an EOI", () => {
    for (const from of NEED_STATUSES) expect(canChangeNeed(from, "awarded")).toBe(false);
  });

  it("lists every status", () => {
    expect(Object.keys(NEED_TRANSITIONS).sort()).toEqual([...NEED_STATUSES].sort());
  });
});

describe("EOI state machine", () => {
  it("lets the SME submit a draft and withdraw only before a final decision", () => {
    expect(SME_EOI_TRANSITIONS.draft).toContain("submitted");
    expect(canWithdraw("submitted")).toBe(true);
    expect(canWithdraw("shortlisted")).toBe(true);
    for (const status of ["draft", "declined", "withdrawn", "awarded"] as const) expect(canWithdraw(status)).toBe(false);
  });

  it("lets the contractor decide only on submitted or shortlisted EOIs", () => {
    expect(canDecide("submitted", "shortlisted")).toBe(true);
    expect(canDecide("submitted", "declined")).toBe(true);
    expect(canDecide("shortlisted", "awarded")).toBe(true);
    expect(canDecide("shortlisted", "shortlisted")).toBe(false);
    for (const from of ["draft", "declined", "withdrawn", "awarded"] as const) {
      for (const to of EOI_STATUSES) expect(canDecide(from, to)).toBe(false);
    }
    for (const from of EOI_STATUSES) {
      for (const to of CONTRACTOR_EOI_TRANSITIONS[from]) expect(["shortlisted", "declined", "awarded"]).toContain(to);
    }
  });

  it("knows which EOIs still wait for an answer", () => {
    expect(EOI_STATUSES.filter(isAwaitingDecision)).toEqual(["submitted", "shortlisted"]);
  });
});
