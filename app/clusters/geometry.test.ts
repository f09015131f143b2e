import { describe, expect, it } from "vitest";
import { haversineKm } from "../components/map/geo";
import { boundaryGeometry, clusterPolygon, parcelFootprint, parcelPolygon } from "./geometry";

describe("parcelFootprint", () => {
  it("is a closed square whose sides match the parcel's area", () => {
    const geometry = parcelFootprint(35.228, 128.681, 40_000);
    expect(geometry.type).toBe("Polygon");
    const ring = geometry.coordinates[0] as number[][];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    const [west, south] = ring[0] as [number, number];
    const [east] = ring[1] as [number, number];
    const [, north] = ring[2] as [number, number];
    const width = haversineKm({ lat: south, lng: west }, { lat: south, lng: east }) * 1000;
    const height = haversineKm({ lat: south, lng: west }, { lat: north, lng: west }) * 1000;
    expect(width).toBeGreaterThan(197);
    expect(width).toBeLessThan(203);
    expect(height).toBeGreaterThan(197);
    expect(height).toBeLessThan(203);
  });
});

describe("polygons for the map", () => {
  it("accepts only polygon boundaries", () => {
    expect(boundaryGeometry({ type: "Point", coordinates: [1, 2] })).toBeNull();
    expect(boundaryGeometry(null)).toBeNull();
    expect(boundaryGeometry({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).not.toBeNull();
  });

  it("links clusters to their page and keeps parcel links as given", () => {
    const cluster = clusterPolygon({ id: "c1", slug: "gumi", boundary: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, label: "Gumi" });
    expect(cluster?.properties).toEqual({ kind: "cluster", label: "Gumi", sublabel: null, href: "/clusters/gumi" });
    expect(clusterPolygon({ id: "c2", slug: "x", boundary: null, label: "X" })).toBeNull();
    const parcel = parcelPolygon({ id: "p1", lat: 36, lng: 128, area_m2: 100, label: "P" });
    expect(parcel.properties.kind).toBe("parcel");
    expect(parcel.id).toBe("parcel-p1");
  });
});
