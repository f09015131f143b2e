import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, toCsv } from "./csv";

describe("csvCell", () => {
  it("quotes fields with commas, quotes, line breaks or edge spaces, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
  });

  it("defuses text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("+1 cmd")).toBe("'+1 cmd");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell(-3)).toBe("-3");
  });

  it("writes empty cells for null, undefined and non-finite numbers", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
  });
});

describe("toCsv", () => {
  it("starts with a byte-order mark and ends every record with CRLF", () => {
    const csv = toCsv(["공정", "count"], [["5축 가공", 3], ["a,b", null]]);
    expect(csv).toBe('\uFEFF공정,count\r\n5축 가공,3\r\n"a,b",\r\n');
  });
});

describe("csvFileName", () => {
  it("keeps only ASCII letters, digits and dashes", () => {
    expect(csvFileName(["ClusterMatch", "gap", "changwon"])).toBe("clustermatch-gap-changwon.csv");
    expect(csvFileName(["../../etc", "창원"])).toBe("etc.csv");
    expect(csvFileName([])).toBe("export.csv");
  });
});
