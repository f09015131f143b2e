import { describe, expect, it } from "vitest";
import { INTERCHANGE_FIELDS, interchangeRowSchema } from "./interchange";
import { checkColumns, formatFieldPath, renderIssue, validateFile, validateRecords, type ImportContext } from "./validate";

const context: ImportContext = {
  processes: [
    { code: "machining-5axis", label_en: "5-axis machining", label_ko: "5축 가공", synonyms_en: ["five-axis milling"], synonyms_ko: ["5축 머시닝"] },
    { code: "ndt", label_en: "Non-destructive testing", label_ko: "비파괴검사", synonyms_en: ["NDT"], synonyms_ko: ["비파괴 시험"] },
  ],
  materials: [{ code: "ti-6al-4v", label_en: "Titanium Ti-6Al-4V", label_ko: "티타늄 Ti-6Al-4V", synonyms_en: ["titanium"], synonyms_ko: ["티타늄"] }],
  certificationTypes: [
    { code: "as9100d", label_en: "AS9100D", label_ko: "AS9100D 항공우주 품질경영시스템", synonyms_en: ["AS9100"], synonyms_ko: [] },
    { code: "dqms", label_en: "Defense Quality Management System (DQMS)", label_ko: "국방품질경영시스템 (DQMS)", synonyms_en: ["DQMS"], synonyms_ko: ["국방품질경영시스템"] },
  ],
  clusterSlugs: new Set(["changwon", "gumi"]),
  allowedClusterSlugs: new Set(["changwon"]),
  defaultClusterSlug: "changwon",
};

/** A row as a CSV or XLSX file delivers it: every value is text. */
const csvRow = {
  external_id: "GN-001",
  name_en: "Hanbit Precision (fictional)",
  name_ko: "한빛정밀 (가상)",
  description_en: "Fictional 5-axis machining shop.",
  description_ko: "",
  website: "www.hanbit-precision.example",
  contact_email: "Sales@Hanbit-Precision.example",
  employees: "1,200",
  founded_year: "1998",
  defense_designated: "예",
  security_clearance: "no",
  processes: "5축 가공; NDT ;laser peening",
  materials: "티타늄",
  certifications: "AS9100|KR-AS-0001|2027-06-30;국방품질경영시스템||;DQMS|DQ-2|",
  sites: "35.2279|128.6811|본사 공장|경상남도 창원시 성산구 공단로 100;35.1|128.1|Sacheon plant|Sacheon-si, Gyeongsangnam-do",
  cluster: "Changwon",
  capacity_note: "",
};

describe("interchangeRowSchema: CSV conventions", () => {
  it("reads lists, certifications, sites, booleans and numbers from cell text", () => {
    const parsed = interchangeRowSchema.parse(csvRow);
    expect(parsed).toMatchObject({
      external_id: "GN-001",
      website: "https://www.hanbit-precision.example",
      contact_email: "sales@hanbit-precision.example",
      employees: 1200,
      founded_year: 1998,
      defense_designated: true,
      security_clearance: false,
      processes: ["5축 가공", "NDT", "laser peening"],
      materials: ["티타늄"],
      cluster: "changwon",
      tags: [],
    });
    expect(parsed.description_ko).toBeUndefined();
    expect(parsed.capacity_note).toBeUndefined();
    expect(parsed.certifications).toEqual([
      { type: "AS9100", number: "KR-AS-0001", expires_on: "2027-06-30" },
      { type: "국방품질경영시스템", number: undefined, expires_on: undefined },
      { type: "DQMS", number: "DQ-2", expires_on: undefined },
    ]);
    expect(parsed.sites).toEqual([
      { lat: 35.2279, lng: 128.6811, name: "본사 공장", address: "경상남도 창원시 성산구 공단로 100" },
      { lat: 35.1, lng: 128.1, name: "Sacheon plant", address: "Sacheon-si, Gyeongsangnam-do" },
    ]);
  });

  it("accepts every boolean spelling and refuses others", () => {
    for (const [word, value] of [
      ["true", true], ["TRUE", true], ["yes", true], ["1", true], ["예", true],
      ["false", false], ["No", false], ["0", false], ["아니오", false],
    ] as const) {
      expect(interchangeRowSchema.parse({ ...csvRow, defense_designated: word }).defense_designated).toBe(value);
    }
    const wrong = interchangeRowSchema.safeParse({ ...csvRow, defense_designated: "maybe" });
    expect(wrong.error?.issues[0]).toMatchObject({ path: ["defense_designated"], message: "import.error.boolean" });
  });

  it("keeps a | inside a site address", () => {
    const parsed = interchangeRowSchema.parse({ ...csvRow, sites: "36.1|128.3|Gumi|Unit 3 | Block B" });
    expect(parsed.sites[0]?.address).toBe("Unit 3 | Block B");
  });
});

describe("interchangeRowSchema: JSON values", () => {
  it("takes typed arrays and objects as they are", () => {
    const parsed = interchangeRowSchema.parse({
      external_id: 42,
      name_en: "Daejeon Drone Works (fictional)",
      description_ko: "가상의 드론 업체",
      employees: 35,
      defense_designated: false,
      processes: ["machining-5axis"],
      certifications: [{ type: "as9100d", expires_on: "2027-01-31" }, "DQMS|X-1|2026-12-31"],
      sites: [{ lat: 36.35, lng: 127.38, name: "HQ" }],
      published: false,
    });
    expect(parsed.external_id).toBe("42");
    expect(parsed.certifications).toHaveLength(2);
    expect(parsed.certifications[1]).toEqual({ type: "DQMS", number: "X-1", expires_on: "2026-12-31" });
    expect(parsed.published).toBe(false);
    expect(parsed.materials).toEqual([]);
  });

  it("reports every problem of a row in one pass, with the field that has it", () => {
    const result = interchangeRowSchema.safeParse({
      external_id: "",
      name_en: "",
      website: "ftp://example.com",
      contact_email: "not-an-email",
      employees: -3,
      founded_year: 1850,
      processes: "x".repeat(121),
      certifications: "|123|2027-01-01;AS9100|1|31-12-2027",
      sites: "95|200|Nowhere",
      cluster: "Not A Slug!",
    });
    const found = result.error?.issues.map((issue) => [formatFieldPath(issue.path), issue.message]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["external_id", "import.error.external_id_required"],
        ["name_en", "import.error.name_en_required"],
        ["website", "import.error.url"],
        ["contact_email", "import.error.email"],
        ["employees", "import.error.not_negative"],
        ["founded_year", "import.error.founded_year_range"],
        ["processes[1]", "import.error.term_too_long"],
        ["certifications[1].type", "import.error.certification_type_required"],
        ["certifications[2].expires_on", "import.error.date"],
        ["sites[1].lat", "import.error.latitude"],
        ["sites[1].lng", "import.error.longitude"],
        ["cluster", "import.error.cluster_slug"],
        ["description_en", "import.error.description_required"],
      ]),
    );
  });

  it("refuses a founding year after this year, naming the range", () => {
    const nextYear = new Date().getFullYear() + 1;
    const result = interchangeRowSchema.safeParse({ ...csvRow, founded_year: String(nextYear) });
    const issue = result.error?.issues[0];
    expect(issue?.message).toBe("import.error.founded_year_range");
    expect(renderIssue({ row: 2, field: "founded_year", severity: "error", code: "import.error.founded_year_range", params: { minimum: 1900, maximum: nextYear - 1 } }).message_en).toBe(
      `Enter a year from 1900 to ${nextYear - 1}.`,
    );
  });

  it("requires at least one site", () => {
    const result = interchangeRowSchema.safeParse({ ...csvRow, sites: "" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["sites", "import.error.sites_required"]]);
  });
});

describe("validateRecords", () => {
  it("resolves terms in both languages, keeps unknown ones as tags with a warning, and derives site details", () => {
    const [row] = validateRecords([{ row: 2, data: csvRow }], context);
    expect(row?.valid).toBe(true);
    expect(row?.payload).toMatchObject({
      process_codes: ["machining-5axis", "ndt"],
      material_codes: ["ti-6al-4v"],
      tags: ["laser peening"],
      certifications: [
        { type_code: "as9100d", number: "KR-AS-0001", expires_on: "2027-06-30" },
        { type_code: "dqms", number: null, expires_on: null },
        { type_code: "dqms", number: "DQ-2", expires_on: null },
      ],
      cluster_slug: "changwon",
      defense_designated: true,
      published: true,
      fictional: false,
    });
    expect(row?.payload?.sites[0]).toMatchObject({ name_ko: "본사 공장", name_en: null, address_ko: "경상남도 창원시 성산구 공단로 100", region: "gyeongnam" });
    expect(row?.payload?.sites[1]).toMatchObject({ name_en: "Sacheon plant", address_en: "Sacheon-si, Gyeongsangnam-do", region: "gyeongnam" });
    expect(row?.issues).toEqual([
      { row: 2, field: "processes[3]", severity: "warning", code: "import.warning.unknown_process", params: { term: "laser peening" } },
    ]);
  });

  it("makes unknown certification types, duplicates and foreign clusters errors", () => {
    const rows = validateRecords(
      [
        { row: 2, data: { ...csvRow, certifications: "NADCAP Underwater Basket Weaving|1|2027-01-01;AS9100D|A|;as9100|A|" } },
        { row: 3, data: { ...csvRow, external_id: "GN-002", cluster: "gumi" } },
        { row: 4, data: { ...csvRow, external_id: "GN-003", cluster: "atlantis" } },
      ],
      context,
    );
    expect(rows.map((row) => row.valid)).toEqual([false, false, false]);
    expect(rows[0]?.issues.filter((issue) => issue.severity === "error").map((issue) => [issue.field, issue.code])).toEqual([
      ["certifications[1].type", "import.error.unknown_certification_type"],
      ["certifications[3]", "import.error.duplicate_certification"],
    ]);
    expect(rows[1]?.issues.map((issue) => issue.code)).toContain("import.error.cluster_not_managed");
    expect(rows[2]?.issues.map((issue) => issue.code)).toContain("import.error.unknown_cluster");
  });

  it("lets the platform use any existing cluster and leaves rows without one unassigned", () => {
    const platform: ImportContext = { ...context, allowedClusterSlugs: null, defaultClusterSlug: null };
    const [gumi, none] = validateRecords(
      [
        { row: 2, data: { ...csvRow, cluster: "gumi" } },
        { row: 3, data: { ...csvRow, external_id: "B", cluster: "" } },
      ],
      platform,
    );
    expect(gumi?.payload?.cluster_slug).toBe("gumi");
    expect(none?.payload?.cluster_slug).toBeNull();
  });

  it("flags a repeated external_id on the later row, pointing at the first", () => {
    const rows = validateRecords(
      [
        { row: 2, data: csvRow },
        { row: 3, data: { ...csvRow, name_en: "Other" } },
      ],
      context,
    );
    expect(rows[0]?.valid).toBe(true);
    expect(rows[1]?.issues[0]).toMatchObject({ field: "external_id", code: "import.error.duplicate_external_id", params: { external_id: "GN-001", first_row: 2 } });
    expect(renderIssue(rows[1]!.issues[0]!).message_ko).toContain("2행");
  });
});

describe("validateFile", () => {
  it("reports missing and unknown columns at the file level without judging rows", () => {
    const result = validateFile({ format: "csv", records: [{ row: 2, data: { name_en: "X" } }], issues: [], columns: ["name_en", "colour"] }, context);
    expect(result.rows).toEqual([]);
    expect(result.fileIssues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["import.file.missing_columns", "error"],
      ["import.warning.unknown_column", "warning"],
    ]);
    expect(renderIssue(result.fileIssues[0]!).message_en).toBe("Required columns are missing: external_id, sites.");
  });

  it("calls a file without rows empty", () => {
    const result = validateFile({ format: "jsonl", records: [], issues: [], columns: [] }, context);
    expect(result.fileIssues.map((issue) => issue.code)).toEqual(["import.file.empty"]);
  });

  it("counts unparseable lines as invalid rows", () => {
    const result = validateFile(
      {
        format: "jsonl",
        records: [{ row: 1, data: csvRow }],
        issues: [{ row: 2, field: "", severity: "error", code: "import.error.invalid_json", params: {} }],
        columns: [],
      },
      context,
    );
    expect([result.valid, result.invalid, result.warnings]).toEqual([1, 1, 1]);
  });

  it("has every schema field as a known column", () => {
    expect(checkColumns([...INTERCHANGE_FIELDS])).toEqual([]);
  });
});
