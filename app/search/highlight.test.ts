import { describe, expect, it } from "vitest";
import { hasHighlight, splitHighlights, stripHighlightMarkers } from "./highlight";
import { HIGHLIGHT_POST as POST, HIGHLIGHT_PRE as PRE } from "./query";

describe("splitHighlights", () => {
  it("splits marked text into plain and highlighted segments", () => {
    expect(splitHighlights(`5-axis ${PRE}titanium${POST} parts and ${PRE}티타늄${POST}`)).toEqual([
      { text: "5-axis ", highlighted: false },
      { text: "titanium", highlighted: true },
      { text: " parts and ", highlighted: false },
      { text: "티타늄", highlighted: true },
    ]);
  });

  it("keeps markup as text: nothing in a segment is ever HTML", () => {
    const segments = splitHighlights(`<img src=x onerror=alert(1)> ${PRE}<b>NDT</b>${POST}`);
    expect(segments).toEqual([
      { text: "<img src=x onerror=alert(1)> ", highlighted: false },
      { text: "<b>NDT</b>", highlighted: true },
    ]);
  });

  it("drops stray, doubled and unclosed markers instead of showing them", () => {
    expect(splitHighlights(`a${POST}b`)).toEqual([{ text: "ab", highlighted: false }]);
    expect(splitHighlights(`${PRE}${PRE}a${POST}${POST}b`)).toEqual([
      { text: "a", highlighted: true },
      { text: "b", highlighted: false },
    ]);
    expect(splitHighlights(`x${PRE}tail`)).toEqual([
      { text: "x", highlighted: false },
      { text: "tail", highlighted: true },
    ]);
    expect(splitHighlights(`${PRE}${POST}`)).toEqual([]);
  });

  it("handles astral characters and adjacent highlights", () => {
    expect(splitHighlights(`${PRE}🚀${POST}${PRE}x${POST}`)).toEqual([{ text: "🚀x", highlighted: true }]);
  });

  it("detects and strips markers", () => {
    expect(hasHighlight(`a ${PRE}b${POST}`)).toBe(true);
    expect(hasHighlight("plain")).toBe(false);
    expect(hasHighlight(null)).toBe(false);
    expect(stripHighlightMarkers(`a ${PRE}b${POST}`)).toBe("a b");
  });
});
