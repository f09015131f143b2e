import { describe, expect, it } from "vitest";
import { DEFAULT_DENSITY_KM, hostingDeclineSchema, hostingInquirySchema, hostingOfferSchema, parseDensityKm } from "./schemas";

const ORG = "0b8a5f0e-8e2b-4c3e-9a51-1f6f2a3b4c5d";
const CLUSTER = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

const inquiry = {
  organization_id: ORG,
  title: "Rotorcraft MRO division",
  description: "",
  land_area_m2: "20,000",
  workforce: "120",
  start_by: "2027-06-01",
  timeline_note: "",
  process_codes: ["machining-5axis", "ndt-ut", "machining-5axis"],
  incentives_sought: ["tax", "land"],
  cluster_ids: [CLUSTER],
  contact_name: "Dana Whitfield",
  contact_email: "Dana@Example.com",
  contact_phone: "",
};

describe("hostingInquirySchema", () => {
  const schema = hostingInquirySchema("2026-11-24");

  it("parses a complete inquiry", () => {
    const result = schema.parse(inquiry);
    expect(result).toMatchObject({ land_area_m2: 20000, workforce: 120, process_codes: ["machining-5axis", "ndt-ut"], contact_email: "dana@example.com" });
    expect(result.description).toBeUndefined();
  });

  it("puts each problem on its own field with a message key", () => {
    const result = schema.safeParse({
      ...inquiry,
      title: " ",
      land_area_m2: "-5",
      workforce: "12.5",
      start_by: "2026-11-23",
      incentives_sought: ["tax", "kickback"],
      cluster_ids: [],
      contact_email: "dana",
    });
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      title: "clusters.hosting.validation.title_required",
      land_area_m2: "clusters.form.number_positive",
      workforce: "clusters.form.integer_invalid",
      start_by: "clusters.hosting.validation.start_by_past",
      "incentives_sought.1": "clusters.validation.kind_invalid",
      cluster_ids: "clusters.hosting.validation.clusters_required",
      contact_email: "validation.email_invalid",
    });
  });

  it("refuses too many clusters, malformed cluster ids and process codes", () => {
    const result = schema.safeParse({
      ...inquiry,
      cluster_ids: Array.from({ length: 11 }, (_, i) => `6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e${String(i).padStart(2, "0")}`),
      process_codes: ["Robert'); DROP TABLE"],
    });
    const paths = result.error!.issues.map((issue) => issue.path[0]);
    expect(paths).toContain("cluster_ids");
    expect(paths).toContain("process_codes");
    expect(schema.safeParse({ ...inquiry, cluster_ids: ["not-a-uuid"] }).success).toBe(false);
  });
});

describe("hostingOfferSchema", () => {
  const offer = {
    cluster_id: CLUSTER,
    parcel_ids: [],
    incentives: [
      { kind: "tax", description: "Five years of local tax relief" },
      { kind: "subsidy", description: "  " },
    ],
    land_price_per_m2: "450,000",
    subsidy_amount: "",
    currency: "KRW",
    site_ready_by: "",
    timeline_note: "",
    message: "",
    contact_name: "박지원",
    contact_email: "invest@example.kr",
    contact_phone: "",
  };

  it("keeps only incentives that say something", () => {
    const result = hostingOfferSchema.parse(offer);
    expect(result.incentives).toEqual([{ kind: "tax", description: "Five years of local tax relief" }]);
    expect(result.land_price_per_m2).toBe(450000);
  });

  it("refuses an offer with neither land nor incentives", () => {
    const result = hostingOfferSchema.safeParse({ ...offer, incentives: [] });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["parcel_ids", "clusters.hosting.validation.offer_empty"]]);
  });

  it("refuses the same incentive kind twice", () => {
    const result = hostingOfferSchema.safeParse({
      ...offer,
      incentives: [
        { kind: "tax", description: "a" },
        { kind: "tax", description: "b" },
      ],
    });
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["incentives", "clusters.validation.kind_invalid"]]);
  });

  it("refuses unknown currencies and incentive kinds", () => {
    const result = hostingOfferSchema.safeParse({ ...offer, currency: "BTC", incentives: [{ kind: "kickback", description: "x" }] });
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({ currency: "clusters.validation.currency_invalid", "incentives.0.kind": "clusters.validation.kind_invalid" });
  });
});

describe("hostingDeclineSchema", () => {
  it("needs a reason", () => {
    expect(hostingDeclineSchema.safeParse({ cluster_id: CLUSTER, decline_reason: "   " }).error!.issues[0]?.message).toBe("clusters.hosting.validation.decline_reason_required");
  });
});

describe("parseDensityKm", () => {
  it("clamps whole kilometres and falls back to the default for anything else", () => {
    expect(parseDensityKm("30")).toBe(30);
    expect(parseDensityKm("0")).toBe(1);
    expect(parseDensityKm("9999")).toBe(500);
    expect(parseDensityKm("12.5")).toBe(DEFAULT_DENSITY_KM);
    expect(parseDensityKm("-4")).toBe(DEFAULT_DENSITY_KM);
    expect(parseDensityKm(null)).toBe(DEFAULT_DENSITY_KM);
    expect(parseDensityKm("1e3")).toBe(DEFAULT_DENSITY_KM);
  });
});
