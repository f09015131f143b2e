import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from "./query";

export type HighlightSegment = { text: string; highlighted: boolean };

/**
 * Splits text that Meilisearch marked with HIGHLIGHT_PRE/POST into plain segments. The page
 * renders each segment as a React text node (inside <mark> when highlighted), so whatever the
 * text contains is escaped by React; no HTML from the index ever reaches the DOM as markup.
 * Unbalanced or nested markers are tolerated: a stray marker is dropped, never shown.
 */
export function splitHighlights(marked: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let highlighted = false;
  let current = "";
  const flush = () => {
    if (current === "") return;
    const last = segments[segments.length - 1];
    if (last && last.highlighted === highlighted) last.text += current;
    else segments.push({ text: current, highlighted });
    current = "";
  };
  for (const char of marked) {
    if (char === HIGHLIGHT_PRE) {
      if (!highlighted) {
        flush();
        highlighted = true;
      }
    } else if (char === HIGHLIGHT_POST) {
      if (highlighted) {
        flush();
        highlighted = false;
      }
    } else {
      current += char;
    }
  }
  flush();
  return segments;
}

export function hasHighlight(marked: string | null | undefined): boolean {
  return typeof marked === "string" && marked.includes(HIGHLIGHT_PRE);
}

/** Removes the markers, e.g. to compare or to use the text where no highlight is wanted. */
export function stripHighlightMarkers(text: string): string {
  return text.replaceAll(HIGHLIGHT_PRE, "").replaceAll(HIGHLIGHT_POST, "");
}
