import { describe, expect, it } from "vitest";
import { ANONYMOUS, needVisibilityFilter } from "./needs.server";

describe("needVisibilityFilter", () => {
  it("shows anonymous visitors only open, public, uncontrolled needs", () => {
    expect(needVisibilityFilter(ANONYMOUS)).toBe('status = "open" AND export_controlled = false AND visibility = "public"');
  });

  it("adds registered-only needs for signed-in users and their organizations' own and invited needs", () => {
    const org = "0b0e7a52-4b5e-4c39-9c1c-3f1d2a7e9b10";
    expect(needVisibilityFilter({ userId: "u", organizationIds: [] })).toBe(
      'status = "open" AND export_controlled = false AND (visibility IN ["public", "registered"])'
    );
    expect(needVisibilityFilter({ userId: "u", organizationIds: [org] })).toBe(
      `status = "open" AND export_controlled = false AND (visibility IN ["public", "registered"] OR organization_id IN ["${org}"] OR invited_organization_ids IN ["${org}"])`
    );
  });

  it("never lets an organization id change the filter's meaning", () => {
    const filter = needVisibilityFilter({ userId: "u", organizationIds: ['x"] OR visibility = "invited'] });
    expect(filter).not.toContain('invited"');
    expect(filter).toBe('status = "open" AND export_controlled = false AND (visibility IN ["public", "registered"])');
  });
});
