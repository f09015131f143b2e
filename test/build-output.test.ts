import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/stack/config.ts";
import { checkMapChunks } from "../scripts/check-map-chunk.ts";

// `npm test` builds the app first; this reads that real build output.
describe("the production build", () => {
  it("ships mapbox-gl and MapLibre only in lazily loaded chunks, never in a page's initial JavaScript", () => {
    const report = checkMapChunks({ projectRoot });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mapChunks.some((chunk) => chunk.contains.includes("maplibre-gl"))).toBe(true);
    expect(report.mapChunks.some((chunk) => chunk.contains.includes("mapbox-gl"))).toBe(true);
  });
});
