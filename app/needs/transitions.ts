/**
 * The need and EOI state machines, as the database enforces them (public.set_need_status,
 * public.save_eoi, public.withdraw_eoi, public.decide_eoi and the guard triggers). Pages use
 * these tables to offer only the actions that can succeed; test/needs.test.ts checks every pair
 * against the database so the two cannot drift apart.
 */
import type { EoiStatus, NeedStatus } from "./types";

/** Status changes a contractor admin makes directly (awarding goes through an EOI). */
export const NEED_TRANSITIONS: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  draft: ["open"],
  // Back to draft only while no EOI has arrived (checked separately: needs.error.has_eois).
  open: ["closed", "draft"],
  closed: ["open"],
  awarded: [],
};

export function canChangeNeed(from: NeedStatus, to: NeedStatus): boolean {
  return NEED_TRANSITIONS[from].includes(to);
}

/** What the SME does with its own EOI. */
export const SME_EOI_TRANSITIONS: Readonly<Record<EoiStatus, readonly EoiStatus[]>> = {
  draft: ["draft", "submitted"],
  submitted: ["withdrawn"],
  shortlisted: ["withdrawn"],
  declined: [],
  withdrawn: [],
  awarded: [],
};

/** The contractor's decisions on an EOI. */
export const CONTRACTOR_EOI_TRANSITIONS: Readonly<Record<EoiStatus, readonly EoiStatus[]>> = {
  draft: [],
  submitted: ["shortlisted", "declined", "awarded"],
  shortlisted: ["declined", "awarded"],
  declined: [],
  withdrawn: [],
  awarded: [],
};

export function canDecide(from: EoiStatus, to: EoiStatus): boolean {
  return CONTRACTOR_EOI_TRANSITIONS[from].includes(to);
}

export function canWithdraw(from: EoiStatus): boolean {
  return SME_EOI_TRANSITIONS[from].includes("withdrawn");
}

/** Decisions are final except a shortlist, which can still become an award or a decline. */
export function isAwaitingDecision(status: EoiStatus): boolean {
  return status === "submitted" || status === "shortlisted";
}
