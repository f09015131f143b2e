import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n";
import { expiryBuckets, funnelTable, funnelTotals, gapTable, isReportName, monthLabel, verificationTable, verifiedShare } from "./reports";

const en = createTranslator("en");
const ko = createTranslator("ko");

describe("expiryBuckets", () => {
  it("splits 90 days into 0–30, 31–60 and 61–90 and counts each certificate once", () => {
    const buckets = expiryBuckets([{ days_left: 0 }, { days_left: 30 }, { days_left: 31 }, { days_left: 60 }, { days_left: 61 }, { days_left: 90 }, { days_left: 91 }, { days_left: -1 }]);
    expect(buckets).toEqual([
      { from: 0, to: 30, count: 2 },
      { from: 31, to: 60, count: 2 },
      { from: 61, to: 90, count: 2 },
    ]);
  });

  it("covers shorter and uneven horizons without overlap", () => {
    expect(expiryBuckets([], 45).map(({ from, to }) => [from, to])).toEqual([
      [0, 30],
      [31, 45],
    ]);
  });
});

describe("funnel", () => {
  const rows = [
    { month: "2026-10-01", submitted: 10, shortlisted: 4, awarded: 1 },
    { month: "2026-11-01", submitted: 0, shortlisted: 0, awarded: 0 },
  ];

  it("adds rates per month and leaves them empty when nothing was submitted", () => {
    const table = funnelTable(rows, en, "en");
    expect(table.header).toHaveLength(6);
    expect(table.rows[0]).toEqual(["2026-10", 10, 4, 1, 40, 10]);
    expect(table.rows[1]).toEqual(["2026-11", 0, 0, 0, null, null]);
  });

  it("totals the period", () => {
    expect(funnelTotals(rows)).toEqual({ submitted: 10, shortlisted: 4, awarded: 1 });
  });

  it("labels months in the reader's language", () => {
    expect(monthLabel("2026-03-01", "ko")).toBe("2026년 3월");
    expect(monthLabel("2026-03-01", "en")).toBe("2026-03");
  });
});

describe("verification", () => {
  const rows = [
    { subject: "profiles", status: "verified", item_count: 3 },
    { subject: "profiles", status: "pending", item_count: 1 },
    { subject: "certifications", status: "verified", item_count: 0 },
    { subject: "certifications", status: "expired", item_count: 0 },
  ];

  it("computes the verified share per subject", () => {
    expect(verifiedShare(rows, "profiles")).toEqual({ verified: 3, total: 4, share: 75 });
    expect(verifiedShare(rows, "certifications")).toEqual({ verified: 0, total: 0, share: null });
  });

  it("writes translated labels and shares within each subject", () => {
    const table = verificationTable(rows, ko);
    expect(table.rows[0]).toEqual(["중소기업 프로필", "검증 완료", 3, 75]);
    expect(table.rows[2]?.[3]).toBeNull();
  });
});

describe("gapTable", () => {
  it("names the scope column after the scope and marks shortfalls", () => {
    const row = { rank: 1, process_code: "pcb-assembly", label_en: "PCB assembly", label_ko: "PCB 조립", open_need_count: 2, suppliers_in_scope: 0, suppliers_in_korea: 5, shortfall: true };
    expect(gapTable([row], en, "en", false).header[4]).toBe("Verified suppliers in the cluster");
    expect(gapTable([row], en, "en", true).header[4]).toBe("Verified suppliers in clusters");
    expect(gapTable([row], ko, "ko", false).rows[0]).toEqual([1, "PCB 조립", "pcb-assembly", 2, 0, 5, "예"]);
  });
});

describe("isReportName", () => {
  it("accepts only the known reports", () => {
    expect(isReportName("gap")).toBe(true);
    expect(isReportName("../gap")).toBe(false);
    expect(isReportName(undefined)).toBe(false);
  });
});
