import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAP_COLORS, MAP_OPACITY } from "./palette";

const css = readFileSync(new URL("./map-panel.css", import.meta.url), "utf8");

function rule(selector: string): string {
  const match = css.match(new RegExp(`${selector.replace(/[.-]/g, (c) => `\\${c}`)}\\s*\\{([^}]*)\\}`));
  if (!match) throw new Error(`no CSS rule for ${selector}`);
  return match[1]!;
}

function rgb(hex: string) {
  const value = Number.parseInt(hex.slice(1), 16);
  return `${(value >> 16) & 255} ${(value >> 8) & 255} ${value & 255}`;
}

/** Relative luminance and contrast ratio as WCAG 2 defines them. */
function luminance(hex: string) {
  const channels = rgb(hex).split(" ").map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

function contrast(a: string, b: string) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("legend swatches", () => {
  it("use the same colours as the map layers", () => {
    expect(rule(".map-panel__swatch--supplier")).toContain(`background: ${MAP_COLORS.supplier}`);
    expect(rule(".map-panel__swatch--secondary")).toContain(MAP_COLORS.supplier);
    expect(rule(".map-panel__swatch--group")).toContain(`background: ${MAP_COLORS.group[0]}`);
    expect(rule(".map-panel__swatch--cluster")).toContain(`rgb(${rgb(MAP_COLORS.cluster)} / ${MAP_OPACITY.clusterFill * 100}%)`);
    expect(rule(".map-panel__swatch--cluster")).toContain(MAP_COLORS.clusterOutline);
    expect(rule(".map-panel__swatch--parcel")).toContain(`rgb(${rgb(MAP_COLORS.parcel)} / ${MAP_OPACITY.parcelFill * 100}%)`);
    expect(rule(".map-panel__swatch--parcel")).toContain(MAP_COLORS.parcelOutline);
    expect(rule(".map-panel__swatch--need")).toContain(`rgb(${rgb(MAP_COLORS.need)} / ${MAP_OPACITY.needFill * 100}%)`);
    expect(rule(".map-panel__swatch--need")).toContain(MAP_COLORS.needOutline);
  });
});

describe("map colours", () => {
  it("keep white group counts readable (at least 4.5:1)", () => {
    for (const colour of MAP_COLORS.group) expect(contrast(colour, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it("stand out (at least 3:1) against both basemaps' land and water", () => {
    // Offline basemap land and sea (scripts/build-basemap.ts), then Mapbox light-v11 land and water (approximate).
    const backgrounds = ["#fbfaf6", "#ebe9e3", "#d3e2ee", "#f8f8f8", "#d4dadc"];
    for (const colour of [MAP_COLORS.supplier, MAP_COLORS.clusterOutline, MAP_COLORS.parcelOutline, MAP_COLORS.needOutline]) {
      for (const background of backgrounds) expect(contrast(colour, background)).toBeGreaterThanOrEqual(3);
    }
  });
});
