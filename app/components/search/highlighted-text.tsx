import { splitHighlights } from "~/search/highlight";

/**
 * Text with the search engine's highlight markers rendered as <mark>. Every segment is a plain
 * React text node, so the content is escaped; no markup from the index is ever interpreted.
 */
export function HighlightedText({ marked }: { marked: string }) {
  return (
    <>
      {splitHighlights(marked).map((segment, index) =>
        segment.highlighted ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>
      )}
    </>
  );
}
