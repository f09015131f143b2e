import { describe, expect, it } from "vitest";
import { clusterContentSchema, clusterDesignationSchema, landParcelSchema } from "./schemas";

const base = {
  name_en: "  Changwon cluster ",
  name_ko: "창원 클러스터",
  description_en: "",
  description_ko: "소개",
  focus_areas_en: "Land systems\n\n  Naval supply chain \n",
  focus_areas_ko: "",
  focus_process_codes: ["machining-5axis", "machining-5axis", ""],
  website: "",
  incentives: [] as Array<Record<string, string>>,
  infrastructure: [] as Array<Record<string, string>>,
  anchors: [] as Array<Record<string, string>>,
  stories: [] as Array<Record<string, string>>,
  contact: { name_en: "", name_ko: "투자유치 창구", email: "Desk@Example.KR", phone: "" },
};

describe("clusterContentSchema", () => {
  it("trims, splits focus areas by line, de-duplicates codes and drops blank rows", () => {
    const result = clusterContentSchema.parse({
      ...base,
      incentives: [
        { kind: "tax", title_en: "Tax holiday", title_ko: "", description_en: "", description_ko: "" },
        { kind: "subsidy", title_en: "", title_ko: "", description_en: "", description_ko: "" },
      ],
      stories: [{ title_en: "", title_ko: "수출 성공", year: "2025", body_en: "", body_ko: "" }],
    });
    expect(result.name_en).toBe("Changwon cluster");
    expect(result.focus_areas_en).toEqual(["Land systems", "Naval supply chain"]);
    expect(result.focus_process_codes).toEqual(["machining-5axis"]);
    expect(result.incentives).toEqual([{ kind: "tax", title_en: "Tax holiday", title_ko: undefined, description_en: undefined, description_ko: undefined }]);
    expect(result.stories[0]?.year).toBe(2025);
    expect(result.contact.email).toBe("desk@example.kr");
  });

  it("refuses an item with details but no title, at that item's title field", () => {
    const result = clusterContentSchema.safeParse({
      ...base,
      incentives: [
        { kind: "tax", title_en: "Fine", title_ko: "", description_en: "", description_ko: "" },
        { kind: "land", title_en: "", title_ko: "", description_en: "Half price", description_ko: "" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["incentives.1.title_en", "clusters.validation.title_required"]]);
  });

  it("refuses unknown kinds, bad years, bad URLs and bad e-mails with message keys", () => {
    const result = clusterContentSchema.safeParse({
      ...base,
      website: "javascript:alert(1)",
      infrastructure: [{ kind: "bunker", name_en: "X", name_ko: "", description_en: "", description_ko: "" }],
      stories: [{ title_en: "Story", title_ko: "", year: "20x5", body_en: "", body_ko: "" }],
      contact: { ...base.contact, email: "not-an-email" },
    });
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      website: "clusters.form.url_invalid",
      "infrastructure.0.kind": "clusters.validation.kind_invalid",
      "stories.0.year": "clusters.validation.year_invalid",
      "contact.email": "validation.email_invalid",
    });
  });

  it("requires both names and limits list sizes", () => {
    const result = clusterContentSchema.safeParse({ ...base, name_ko: "  ", focus_areas_ko: Array.from({ length: 13 }, (_, i) => `area ${i}`).join("\n") });
    const paths = result.error!.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
    expect(paths).toContain("name_ko:clusters.validation.name_ko_required");
    expect(paths).toContain("focus_areas_ko:clusters.form.too_many_lines");
  });
});

describe("clusterDesignationSchema", () => {
  it("needs a year for a designated cluster", () => {
    expect(clusterDesignationSchema.safeParse({ designation: "candidate", designation_year: "" }).success).toBe(true);
    const result = clusterDesignationSchema.safeParse({ designation: "designated", designation_year: "" });
    expect(result.error!.issues[0]?.path).toEqual(["designation_year"]);
  });
});

describe("landParcelSchema", () => {
  const parcel = {
    name_en: "",
    name_ko: "A-3 블록",
    area_m2: "24,000",
    price_per_m2: "",
    currency: "KRW",
    zoning: "general_industrial_complex",
    status: "available",
    available_from: "2027-02-29",
    lat: "35.2",
    lng: "128.7",
  };

  it("reads numbers with separators and uses one name for both languages", () => {
    const result = landParcelSchema.safeParse({ ...parcel, available_from: "2028-02-29" });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ name_en: "A-3 블록", name_ko: "A-3 블록", area_m2: 24000, price_per_m2: undefined, available_from: "2028-02-29" });
  });

  it("refuses impossible dates, non-positive areas, places outside Korea and unknown zoning", () => {
    const result = landParcelSchema.safeParse({ ...parcel, area_m2: "0", lat: "51.5", lng: "abc", zoning: "moon" });
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      area_m2: "clusters.form.number_positive",
      available_from: "clusters.form.date_invalid",
      lat: "clusters.form.number_too_large",
      lng: "clusters.form.number_invalid",
      zoning: "clusters.validation.zoning_required",
    });
  });

  it("asks for the area and a name when they are missing", () => {
    const result = landParcelSchema.safeParse({ ...parcel, name_ko: "", area_m2: "" });
    const messages = result.error!.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
    expect(messages).toContain("area_m2:clusters.validation.area_required");
    expect(messages).toContain("name_en:clusters.validation.parcel_name_required");
  });
});
