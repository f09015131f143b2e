import { describe, expect, it } from "vitest";
import { decodeText, detectImportFormat, parseCsv, parseImportFile, parseJsonLines, parseXlsx } from "./parse.server";
import { certificationCell, guardCell, serialize, siteCell, toCsv, type InterchangeRecord } from "./serialize.server";

const encoder = new TextEncoder();

const record: InterchangeRecord = {
  external_id: "GN-7",
  name_en: "=Formula Works (fictional)",
  name_ko: "수식웍스",
  description_en: "Line one,\nline \"two\"",
  employees: 1200,
  defense_designated: true,
  processes: ["5축 가공", "NDT"],
  materials: ["titanium"],
  certifications: [
    { type: "AS9100D", number: "KR-1", expires_on: "2027-06-30" },
    { type: "DQMS", number: null, expires_on: null },
  ],
  sites: [{ lat: 35.2279, lng: 128.6811, name: "본사 공장", address: "창원시 | 공단로 100" }],
  cluster: "changwon",
  tags: ["laser marking"],
  fictional: true,
  published: true,
};

describe("detectImportFormat", () => {
  it("trusts content over names where it can", () => {
    expect(detectImportFormat("suppliers.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe("xlsx");
    expect(detectImportFormat("upload", new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe("xlsx");
    expect(detectImportFormat("suppliers.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBeNull();
    expect(detectImportFormat("data", encoder.encode('  {"external_id":"x"}'))).toBe("jsonl");
    expect(detectImportFormat("data", encoder.encode("external_id,name_en"))).toBe("csv");
    expect(detectImportFormat("suppliers.ndjson", encoder.encode("{}"))).toBe("jsonl");
    expect(detectImportFormat("malware.exe", encoder.encode("MZ"))).toBeNull();
  });
});

describe("decodeText", () => {
  it("reads UTF-8 with a BOM and falls back to EUC-KR for Korean Excel files", () => {
    expect(decodeText(encoder.encode("\uFEFF한빛"))).toBe("한빛");
    // "한빛" in EUC-KR.
    expect(decodeText(new Uint8Array([0xc7, 0xd1, 0xba, 0xfb]))).toBe("한빛");
  });
});

describe("parseCsv", () => {
  it("keeps spreadsheet row numbers, skips blank rows and normalises headers", () => {
    const file = parseCsv('\uFEFFExternal_ID , name_en,sites\nA-1,One,"35|128"\n,,\nA-2,Two,"36|127"\n');
    expect(file.columns).toEqual(["external_id", "name_en", "sites"]);
    expect(file.records).toEqual([
      { row: 2, data: { external_id: "A-1", name_en: "One", sites: "35|128" } },
      { row: 4, data: { external_id: "A-2", name_en: "Two", sites: "36|127" } },
    ]);
  });

  it("never splits columns at the ; that separates list entries", () => {
    const file = parseCsv("external_id;name_en,processes\nA;B,x;y\n");
    expect(file.columns).toEqual(["external_id;name_en", "processes"]);
    expect(file.records[0]?.data.processes).toBe("x;y");
  });

  it("reports a row with an unclosed quote instead of guessing", () => {
    const file = parseCsv('external_id,name_en\nA,"unclosed\n');
    expect(file.issues.map((issue) => issue.code)).toContain("import.error.csv_row");
  });
});

describe("parseJsonLines", () => {
  it("reports bad lines by line number and keeps the good ones", () => {
    const file = parseJsonLines('{"external_id":"A"}\n\nnot json\n[1]\n{"external_id":"B","extra":1}\n');
    expect(file.records.map((record) => record.row)).toEqual([1, 5]);
    expect(file.issues).toEqual([
      { row: 3, field: "", severity: "error", code: "import.error.invalid_json", params: {} },
      { row: 4, field: "", severity: "error", code: "import.error.not_object", params: {} },
    ]);
    expect(file.columns).toEqual(["external_id", "extra"]);
  });
});

describe("writing and reading back", () => {
  it("writes certification and site cells without empty trailing parts", () => {
    expect(certificationCell({ type: "DQMS", number: null, expires_on: null })).toBe("DQMS");
    expect(certificationCell({ type: "ISO 9001", number: null, expires_on: "2027-01-31" })).toBe("ISO 9001||2027-01-31");
    expect(siteCell({ lat: 35.1, lng: 128.2 })).toBe("35.1|128.2");
  });

  it("neutralises formula-like text for spreadsheets and restores it on import", async () => {
    expect(guardCell("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(guardCell("-5 mm")).toBe("-5 mm");
    const csv = parseCsv(toCsv([record]).replace(/^\uFEFF/, ""));
    expect(csv.records[0]?.data.name_en).toBe("=Formula Works (fictional)");
  });

  it("round-trips a record through CSV, XLSX and JSON Lines into the same cells", async () => {
    for (const format of ["csv", "xlsx", "jsonl"] as const) {
      const parsed = await parseImportFile({ fileName: `export.${format}`, bytes: await serialize([record], format) });
      if ("error" in parsed) throw new Error(format);
      const data = parsed.records[0]!.data;
      expect(parsed.records).toHaveLength(1);
      expect(String(data.external_id), format).toBe("GN-7");
      expect(data.description_en, format).toBe('Line one,\nline "two"');
      expect(data.name_en, format).toBe("=Formula Works (fictional)");
      if (format === "jsonl") {
        expect(data.sites).toEqual([{ lat: 35.2279, lng: 128.6811, name: "본사 공장", address: "창원시 | 공단로 100" }]);
      } else {
        expect(data.sites, format).toBe("35.2279|128.6811|본사 공장|창원시 | 공단로 100");
        expect(data.certifications, format).toBe("AS9100D|KR-1|2027-06-30;DQMS");
        expect(String(data.defense_designated), format).toBe("true");
      }
    }
  });

  it("refuses a ZIP that is not a workbook as unreadable rather than failing", async () => {
    const file = await parseXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(file.issues[0]?.code).toBe("import.file.unreadable");
    const tooBig = await parseImportFile({ fileName: "x.csv", bytes: new Uint8Array(20 * 1024 * 1024 + 1) });
    expect("error" in tooBig && tooBig.error.code).toBe("import.file.too_large");
  });
});

describe("NUL characters", () => {
  it("refuses each row that carries one, in JSON Lines and CSV, and keeps the others", async () => {
    const jsonl = new TextEncoder().encode('{"external_id":"A","name_en":"One"}\n{"external_id":"B","name_en":"T\\u0000wo"}\n');
    const fromJson = await parseImportFile({ fileName: "x.jsonl", bytes: jsonl });
    if ("error" in fromJson) throw new Error("unexpected file error");
    expect(fromJson.records.map((record) => record.data.external_id)).toEqual(["A"]);
    expect(fromJson.issues).toEqual([{ row: 2, field: "", severity: "error", code: "import.error.nul_character", params: {} }]);

    const csv = new TextEncoder().encode("external_id,name_en\nA,One\nB,T\u0000wo\n");
    const fromCsv = await parseImportFile({ fileName: "x.csv", bytes: csv });
    if ("error" in fromCsv) throw new Error("unexpected file error");
    expect(fromCsv.records.map((record) => record.data.external_id)).toEqual(["A"]);
    expect(fromCsv.issues.map((issue) => issue.code)).toEqual(["import.error.nul_character"]);
  });
});
