import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/stack/config.ts";
import { checkMapChunks, INITIAL_JS_BUDGET_GZIP_BYTES, MAIN_PAGES } from "../scripts/check-map-chunk.ts";

// `npm test` builds the app first; this reads that real build output.
describe("the production build", () => {
  const report = checkMapChunks({ projectRoot });

  it("ships mapbox-gl and MapLibre only in lazily loaded chunks, never in a page's initial JavaScript", () => {
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mapChunks.some((chunk) => chunk.contains.includes("maplibre-gl"))).toBe(true);
    expect(report.mapChunks.some((chunk) => chunk.contains.includes("mapbox-gl"))).toBe(true);
  });

  it("ships each language's messages as a chunk of its own, so a page downloads only its language", () => {
    expect(report.dictionaries.map((dictionary) => dictionary.locale).sort()).toEqual(["en", "ko"]);
    for (const dictionary of report.dictionaries) expect(dictionary.gzipBytes).toBeGreaterThan(0);
  });

  // A size, not a time: the same on any machine. Counts entry, root, the route, their static imports
  // and the larger dictionary; the map chunk loads lazily and is left out (issue #10's target).
  it.each(MAIN_PAGES)("keeps %s's initial JavaScript within 200 KB gzipped", (routeId) => {
    const route = report.routes.find((candidate) => candidate.route === routeId);
    expect(route, `${routeId} is not in the build's manifest`).toBeDefined();
    expect(Math.round(route!.gzipBytes / 1024), `${routeId}: ${(route!.gzipBytes / 1024).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZIP_BYTES / 1024);
  });
});
