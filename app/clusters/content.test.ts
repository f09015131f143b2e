import { describe, expect, it } from "vitest";
import { groupByKind, INCENTIVE_KINDS, localized, parseClusterContent } from "./content";

describe("parseClusterContent", () => {
  it("keeps well-formed items and drops the rest instead of failing", () => {
    const content = parseClusterContent({
      incentives: [
        { kind: "tax", title_en: "Local tax reduction", title_ko: "지방세 감면" },
        { kind: "bribe", title_en: "Unknown kind" },
        { kind: "land", title_en: "   " },
        "not an object",
      ],
      infrastructure: [{ kind: "support_centre", name_ko: "원스톱 지원센터" }],
      anchor_companies: { not: "a list" },
      success_stories: [{ title_en: "Story", year: 2025 }, { title_en: "Bad year", year: "soon" }],
      contact: { email: "desk@example.kr", extra: true },
    });
    expect(content.incentives.map((item) => item.kind)).toEqual(["tax"]);
    expect(content.infrastructure).toHaveLength(1);
    expect(content.anchorCompanies).toEqual([]);
    expect(content.successStories.map((story) => story.title_en)).toEqual(["Story"]);
    expect(content.contact.email).toBe("desk@example.kr");
  });
});

describe("localized", () => {
  it("prefers the reader's language and falls back to the other", () => {
    expect(localized("ko", "Changwon", "창원")).toBe("창원");
    expect(localized("en", "Changwon", "창원")).toBe("Changwon");
    expect(localized("ko", "Changwon", "  ")).toBe("Changwon");
    expect(localized("en", null, undefined)).toBe("");
  });
});

describe("groupByKind", () => {
  it("follows the order of kinds and leaves empty groups out", () => {
    const groups = groupByKind(
      [
        { kind: "land" as const, n: 1 },
        { kind: "tax" as const, n: 2 },
        { kind: "land" as const, n: 3 },
      ],
      INCENTIVE_KINDS,
    );
    expect(groups.map((group) => [group.kind, group.items.map((item) => item.n)])).toEqual([
      ["tax", [2]],
      ["land", [1, 3]],
    ]);
  });
});
