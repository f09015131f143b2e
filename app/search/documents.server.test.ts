import { describe, expect, it } from "vitest";
import {
  buildClusterDocument,
  buildNeedDocument,
  buildSupplierDocument,
  cleanText,
  epochDay,
  NO_EXPIRY_DAY,
  NotIndexableError,
  type NeedSource,
  type SupplierSource,
  type Taxonomy,
} from "./documents.server";

const entry = (code: string, label_en: string, label_ko: string, synonyms_en: string[] = [], synonyms_ko: string[] = []) =>
  [code, { code, label_en, label_ko, synonyms_en, synonyms_ko }] as const;

const taxonomy: Taxonomy = {
  processes: new Map([entry("machining-5axis", "5-axis machining", "5축 가공"), entry("ndt-ut", "Ultrasonic testing", "초음파 탐상")]),
  materials: new Map([entry("ti-6al-4v", "Titanium Ti-6Al-4V", "티타늄 Ti-6Al-4V", ["titanium"], ["티타늄"])]),
  certifications: new Map([
    entry("as9100d", "AS9100D", "AS9100D 항공우주 품질경영시스템", ["AS9100"], ["항공우주 품질경영시스템"]),
    entry("nadcap-ndt", "NADCAP Nondestructive Testing", "NADCAP 비파괴검사", ["NADCAP NDT", "AC7114"]),
    entry("defense-designated", "Designated defense company", "방산업체 지정"),
  ]),
};

const NOW = new Date("2026-06-15T09:00:00Z");

function source(overrides: Partial<SupplierSource> = {}): SupplierSource {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    org: {
      slug: "blue-heron",
      name_en: "Blue Heron Precision",
      name_ko: "푸른왜가리정밀",
      website: null,
      is_fictional: true,
      verification_status: "verified",
    },
    profile: {
      description_en: "Five-axis machining of titanium airframe parts.",
      description_ko: "티타늄 기체 부품 5축 가공",
      employees: 42,
      founded_year: 2001,
      revenue_band: null,
      defense_designated: true,
      security_assessment_passed: false,
      export_experience: true,
      capacity_note: null,
      tags: ["aerostructures"],
      cluster_id: "c1",
      published: true,
      verification_status: "verified",
      updated_at: "2026-06-01T00:00:00Z",
    },
    capabilities: [
      {
        process_code: "ndt-ut",
        material_codes: ["ti-6al-4v"],
        description_en: "Phased array UT",
        description_ko: null,
        capacity_note: null,
        tags: [],
      },
      {
        process_code: "machining-5axis",
        material_codes: ["ti-6al-4v"],
        description_en: null,
        description_ko: "5축 머시닝센터 6대",
        capacity_note: null,
        tags: ["DMG"],
      },
    ],
    certifications: [
      { certification_type_code: "as9100d", certificate_number: "AS-123", expires_on: "2027-01-01", verification_status: "verified" },
      { certification_type_code: "nadcap-ndt", certificate_number: null, expires_on: "2026-06-14", verification_status: "unverified" },
      { certification_type_code: "defense-designated", certificate_number: null, expires_on: null, verification_status: "verified" },
      { certification_type_code: "as9100d", certificate_number: "OLD-1", expires_on: "2020-01-01", verification_status: "unverified" },
    ],
    sites: [
      {
        id: "s2",
        name_en: "Plant 2",
        name_ko: null,
        address_en: null,
        address_ko: "경남 사천시",
        region: "gyeongnam",
        lat: 35.0,
        lng: 128.06,
        cluster_id: "c1",
        is_primary: false,
      },
      {
        id: "s1",
        name_en: "HQ",
        name_ko: "본사",
        address_en: "Changwon",
        address_ko: null,
        region: "gyeongnam",
        lat: 35.22,
        lng: 128.68,
        cluster_id: null,
        is_primary: true,
      },
      {
        id: "s3",
        name_en: "Busan office",
        name_ko: null,
        address_en: null,
        address_ko: null,
        region: "busan",
        lat: 35.1,
        lng: 129.0,
        cluster_id: null,
        is_primary: false,
      },
    ],
    equipment: [{ name: "5-axis machining centre", manufacturer: "DMG MORI", model: "DMU 65" }],
    clusters: [{ id: "c1", slug: "changwon", name_en: "Changwon cluster", name_ko: "창원 클러스터", region: "gyeongnam" }],
    completeness: 85,
    ...overrides,
  };
}

describe("buildSupplierDocument", () => {
  const document = buildSupplierDocument(source(), taxonomy, NOW);

  it("carries names, descriptions and labels in both languages", () => {
    expect(document).toMatchObject({
      id: "11111111-1111-4111-8111-111111111111",
      name_en: "Blue Heron Precision",
      name_ko: "푸른왜가리정밀",
      process_codes: ["machining-5axis", "ndt-ut"],
      process_labels_en: ["5-axis machining", "Ultrasonic testing"],
      process_labels_ko: ["5축 가공", "초음파 탐상"],
      material_codes: ["ti-6al-4v"],
      material_labels_ko: ["티타늄 Ti-6Al-4V"],
      capability_text_en: ["Phased array UT"],
      capability_text_ko: ["5축 머시닝센터 6대"],
      tags: ["aerostructures", "DMG"],
    });
  });

  it("keeps one certificate per type (valid over expired, verified over not) and the expiry day for query-time filters", () => {
    expect(document.certifications).toEqual([
      { code: "as9100d", verified: true, expires_on: "2027-01-01" },
      { code: "defense-designated", verified: true, expires_on: null },
      { code: "nadcap-ndt", verified: false, expires_on: "2026-06-14" },
    ]);
    expect(document.certification_codes).toEqual(["as9100d", "defense-designated", "nadcap-ndt"]);
    expect(document.valid_certification_codes).toEqual(["as9100d", "defense-designated"]);
    expect(document.cert_expiry).toEqual({
      as9100d: epochDay("2027-01-01"),
      "nadcap-ndt": epochDay("2026-06-14"),
      "defense-designated": NO_EXPIRY_DAY,
    });
    expect(document.certificate_numbers).toEqual(["AS-123", "OLD-1"]);
    expect(document.certification_labels_ko).toEqual(expect.arrayContaining(["AS9100D 항공우주 품질경영시스템"]));
    // Synonyms ("AS9100", "NADCAP NDT") are index synonyms, not document text.
    expect(JSON.stringify(document)).not.toContain("AC7114");  });

  it("leaves out certificates the cluster authority rejected", () => {
    const rejected = buildSupplierDocument(
      source({
        certifications: [{ certification_type_code: "as9100d", certificate_number: "X", expires_on: null, verification_status: "rejected" }],
      }),
      taxonomy,
      NOW
    );
    expect(rejected.certification_codes).toEqual([]);
    expect(rejected.certificate_numbers).toEqual([]);
  });

  it("puts the primary site in _geo and derives regions and clusters from every site", () => {
    expect(document._geo).toEqual({ lat: 35.22, lng: 128.68 });
    expect(document.region).toBe("gyeongnam");
    expect(document.regions).toEqual(["busan", "gyeongnam"]);
    expect(document.region_labels_ko).toEqual(["부산", "경남"]);
    expect(document.cluster_slugs).toEqual(["changwon"]);
    expect(document.cluster_names_ko).toEqual(["창원 클러스터"]);
  });

  it("states flags, size band, completeness and publication", () => {
    expect(document).toMatchObject({
      employees: 42,
      size_band: "small",
      defense_designated: true,
      security_assessment_passed: false,
      verified: true,
      completeness: 85,
      published: true,
    });
  });

  it("has no _geo and no region without sites", () => {
    const noSites = buildSupplierDocument(source({ sites: [] }), taxonomy, NOW);
    expect(noSites._geo).toBeUndefined();
    expect(noSites.region).toBeNull();
    expect(noSites.regions).toEqual([]);
  });

  it("refuses drafts", () => {
    expect(() => buildSupplierDocument(source({ profile: { ...source().profile, published: false } }), taxonomy, NOW)).toThrow(NotIndexableError);
  });

  it("strips highlight markers and control characters from indexed text", () => {
    const sneaky = buildSupplierDocument(
      source({ profile: { ...source().profile, description_en: "a\uE000b\uE001c\u0000d" }, org: { ...source().org, name_ko: "  " } }),
      taxonomy,
      NOW
    );
    expect(sneaky.description_en).toBe("a b c d");
    expect(sneaky.name_ko).toBeNull();
    expect(cleanText("\u0007")).toBeNull();
  });
});

describe("buildNeedDocument", () => {
  const need: NeedSource = {
    id: "22222222-2222-4222-8222-222222222222",
    organization_id: "33333333-3333-4333-8333-333333333333",
    organization_name_en: "Cobalt Ridge Aerospace",
    organization_name_ko: null,
    kind: "localization",
    title_en: "Titanium brackets",
    title_ko: null,
    description_en: "Machined brackets",
    description_ko: null,
    program: "KF-21",
    platform: null,
    required_process_codes: ["machining-5axis"],
    preferred_process_codes: ["ndt-ut"],
    required_material_codes: ["ti-6al-4v"],
    preferred_material_codes: [],
    required_certification_codes: ["as9100d"],
    preferred_certification_codes: [],
    location_name: "Sacheon",
    location_lat: 35.0,
    location_lng: 128.06,
    radius_km: 80,
    response_deadline: "2026-09-30",
    estimated_value: 1200000,
    currency: "USD",
    offset_eligible: true,
    visibility: "registered",
    export_controlled: false,
    status: "open",
    opened_at: "2026-06-01T00:00:00Z",
    invited_organization_ids: [],
  };

  it("indexes open public or registered needs with their visibility fields", () => {
    expect(buildNeedDocument(need, taxonomy)).toMatchObject({
      id: need.id,
      organization_id: need.organization_id,
      visibility: "registered",
      export_controlled: false,
      status: "open",
      process_codes: ["machining-5axis", "ndt-ut"],
      process_labels_ko: ["5축 가공", "초음파 탐상"],
      _geo: { lat: 35.0, lng: 128.06 },
      response_deadline: epochDay("2026-09-30"),
    });
  });

  it("refuses drafts, invited-only and export-controlled needs", () => {
    expect(() => buildNeedDocument({ ...need, status: "draft" }, taxonomy)).toThrow(NotIndexableError);
    expect(() => buildNeedDocument({ ...need, visibility: "invited" }, taxonomy)).toThrow(NotIndexableError);
    expect(() => buildNeedDocument({ ...need, export_controlled: true }, taxonomy)).toThrow(NotIndexableError);
  });
});

describe("buildClusterDocument", () => {
  it("carries names, focus labels, centre and land", () => {
    const document = buildClusterDocument(
      {
        id: "c1",
        slug: "changwon",
        name_en: "Changwon",
        name_ko: "창원",
        region: "gyeongnam",
        designation: "designated",
        designation_year: 2020,
        focus_areas_en: ["land systems"],
        focus_areas_ko: ["지상무기"],
        focus_process_codes: ["machining-5axis"],
        description_en: null,
        description_ko: null,
        center_lat: 35.23,
        center_lng: 128.68,
        member_count: 12,
        verified_member_count: 4,
        available_parcels: 2,
        available_land_m2: 15000.5,
      },
      taxonomy
    );
    expect(document).toMatchObject({
      region_label_ko: "경남",
      focus_process_labels_en: ["5-axis machining"],
      _geo: { lat: 35.23, lng: 128.68 },
      available_land_m2: 15000.5,
    });
  });
});
