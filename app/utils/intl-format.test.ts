import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat } from "./intl-format";

describe("shared Intl formatters", () => {
  it("formats as a new formatter with the same options would", () => {
    const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "Asia/Seoul" };
    const moment = new Date("2026-11-25T15:30:00Z");
    expect(dateTimeFormat("ko-KR", options).format(moment)).toBe(new Intl.DateTimeFormat("ko-KR", options).format(moment));
    expect(numberFormat("en-GB", { maximumFractionDigits: 1 }).format(1234.56)).toBe("1,234.6");
  });

  it("reuses one formatter per locale and option set, and keeps different ones apart", () => {
    expect(dateTimeFormat("en-GB", { dateStyle: "medium" })).toBe(dateTimeFormat("en-GB", { dateStyle: "medium" }));
    expect(dateTimeFormat("en-GB", { dateStyle: "medium" })).not.toBe(dateTimeFormat("ko-KR", { dateStyle: "medium" }));
    expect(numberFormat("ko-KR", { maximumFractionDigits: 0 })).not.toBe(numberFormat("ko-KR", { maximumFractionDigits: 2 }));
    // The Seoul day differs from the UTC day at 15:30 UTC: the time zone is part of the key.
    const late = new Date("2026-11-25T15:30:00Z");
    expect(dateTimeFormat("en-CA", { timeZone: "UTC" }).format(late)).toBe("2026-11-25");
    expect(dateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(late)).toBe("2026-11-26");
  });
});
