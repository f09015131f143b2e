import { describe, expect, it } from "vitest";
import { COMPLETENESS_ITEMS, computeCompleteness, publishBlockers, type CompletenessInput } from "./completeness";

const today = "2026-03-01";

const empty: CompletenessInput = {
  name_ko: null,
  description_en: null,
  description_ko: null,
  employees: null,
  founded_year: null,
  website: null,
  contact_email: null,
  capability_count: 0,
  material_count: 0,
  certifications: [],
  site_count: 0,
  equipment_count: 0,
  brochure_path: null,
};

const full: CompletenessInput = {
  name_ko: "가상정밀",
  description_en: "Fictional precision machining shop.",
  description_ko: "가상의 정밀가공 업체입니다.",
  employees: 42,
  founded_year: 1998,
  website: "https://example.com",
  contact_email: null,
  capability_count: 3,
  material_count: 2,
  certifications: [{ expires_on: "2027-01-01", verification_status: "verified", document_path: "org/cert/file.pdf" }],
  site_count: 1,
  equipment_count: 4,
  brochure_path: "org/brochure.pdf",
};

describe("computeCompleteness", () => {
  it("has weights that add up to 100", () => {
    expect(COMPLETENESS_ITEMS.reduce((sum, item) => sum + item.weight, 0)).toBe(100);
  });

  it("scores an empty profile 0 and lists everything, heaviest first", () => {
    const result = computeCompleteness(empty, today);
    expect(result.score).toBe(0);
    expect(result.missing).toHaveLength(COMPLETENESS_ITEMS.length);
    expect(result.missing.slice(0, 2)).toEqual(["capabilities", "certifications"]);
  });

  it("scores a complete profile 100 with nothing missing", () => {
    expect(computeCompleteness(full, today)).toMatchObject({ score: 100, missing: [] });
  });

  it("does not count blank text, zero employees or whitespace descriptions", () => {
    const result = computeCompleteness({ ...full, description_ko: "   ", employees: 0 }, today);
    expect(result.missing).toEqual(["description_ko", "employees"]);
    expect(result.score).toBe(85);
  });

  it("accepts either a website or a contact e-mail as contact details", () => {
    expect(computeCompleteness({ ...full, website: null, contact_email: "sales@example.com" }, today).missing).not.toContain("contact");
    expect(computeCompleteness({ ...full, website: null, contact_email: null }, today).missing).toContain("contact");
  });

  it("does not count expired or rejected certifications as held", () => {
    const expired = computeCompleteness(
      { ...full, certifications: [{ expires_on: "2026-02-28", verification_status: "verified", document_path: "x/y/z.pdf" }] },
      today,
    );
    expect(expired.missing).toEqual(["certifications", "certificate_documents"]);
    const rejected = computeCompleteness(
      { ...full, certifications: [{ expires_on: null, verification_status: "rejected", document_path: "x/y/z.pdf" }] },
      today,
    );
    expect(rejected.missing).toContain("certifications");
  });

  it("asks for a document on every held certification", () => {
    const result = computeCompleteness(
      {
        ...full,
        certifications: [
          { expires_on: "2027-01-01", verification_status: "verified", document_path: "a/b/c.pdf" },
          { expires_on: null, verification_status: "unverified", document_path: null },
          // Expired ones without a document do not hold the score back.
          { expires_on: "2020-01-01", verification_status: "verified", document_path: null },
        ],
      },
      today,
    );
    expect(result.missing).toEqual(["certificate_documents"]);
    expect(result.score).toBe(95);
  });
});

describe("publishBlockers", () => {
  it("asks for a description in either language, a capability and a site", () => {
    expect(publishBlockers({ description_en: null, description_ko: " ", capability_count: 0, site_count: 0 })).toEqual(["description", "capabilities", "sites"]);
    expect(publishBlockers({ description_en: null, description_ko: "가상 업체", capability_count: 1, site_count: 1 })).toEqual([]);
    expect(publishBlockers({ description_en: "Fictional", description_ko: null, capability_count: 2, site_count: 0 })).toEqual(["sites"]);
  });
});
