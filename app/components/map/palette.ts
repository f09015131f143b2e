/**
 * Colours of the data drawn on the map, shared by the map layers and the HTML legend so the two
 * cannot drift (map-panel.css repeats them for the legend swatches; palette.test.ts checks it).
 * Chosen to read on both basemaps (Mapbox light-v11 and the offline one, both light and grey):
 * saturated, dark enough for white text and strokes, and distinct from the sea's blue-grey.
 */
export const MAP_COLORS = {
  /** A supplier's main site: filled. */
  supplier: "#1d4ed8",
  supplierStroke: "#ffffff",
  /** Groups of sites, by size (white count on top: contrast ≥ 5:1 against each). */
  group: ["#2563eb", "#1d4ed8", "#1e40af", "#1e3a8a"] as const,
  cluster: "#7c3aed",
  clusterOutline: "#6d28d9",
  parcel: "#ea580c",
  parcelOutline: "#c2410c",
  need: "#db2777",
  needOutline: "#be185d",
} as const;

export const MAP_OPACITY = {
  clusterFill: 0.12,
  parcelFill: 0.35,
  needFill: 0.08,
} as const;

/** Group sizes at which the group circle grows and darkens. */
export const GROUP_STEPS = [10, 100, 1000] as const;
