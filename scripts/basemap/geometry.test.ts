import { describe, expect, it } from "vitest";
import { clipLine, clipRing, decodeArcs, roundLine, SegmentIndex, signedArea, simplifyLine, stitchRing, type Position } from "./geometry";

const square = (west: number, south: number, east: number, north: number): Position[] => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

describe("decodeArcs", () => {
  it("undoes delta encoding and quantization", () => {
    const arcs = decodeArcs({
      type: "Topology",
      transform: { scale: [0.5, 2], translate: [100, 30] },
      arcs: [[[0, 0], [2, 1], [-1, 1]]],
      objects: {},
    });
    expect(arcs).toEqual([[[100, 30], [101, 32], [100.5, 34]]]);
  });

  it("reads unquantized topologies as they are", () => {
    expect(decodeArcs({ type: "Topology", arcs: [[[1, 2], [3, 4]]], objects: {} })).toEqual([[[1, 2], [3, 4]]]);
  });
});

describe("stitchRing", () => {
  it("joins arcs, walking negative references backwards, without repeating shared points", () => {
    const arcs: Position[][] = [
      [[0, 0], [1, 0], [1, 1]],
      [[0, 0], [0, 1], [1, 1]],
    ];
    expect(stitchRing([0, ~1], arcs)).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    expect(() => stitchRing([5], arcs)).toThrow(/missing arc/);
  });
});

describe("simplifyLine", () => {
  it("drops points closer than the tolerance and keeps the endpoints", () => {
    const line: Position[] = [[0, 0], [1, 0.001], [2, -0.001], [3, 0], [3, 1]];
    expect(simplifyLine(line, 0.01)).toEqual([[0, 0], [3, 0], [3, 1]]);
    expect(simplifyLine(line, 0.0001)).toHaveLength(5);
  });

  it("keeps a closed arc (an island) a closed ring with area", () => {
    const circle: Position[] = Array.from({ length: 41 }, (_, index) => {
      const angle = ((index % 40) / 40) * 2 * Math.PI;
      return [Math.cos(angle), Math.sin(angle)];
    });
    const simplified = simplifyLine(circle, 0.05);
    expect(simplified.length).toBeLessThan(circle.length);
    expect(simplified.length).toBeGreaterThanOrEqual(4);
    expect(simplified[0]).toEqual(simplified.at(-1));
    expect(Math.abs(signedArea(simplified)) / 2).toBeGreaterThan(2.5);
  });

  it("measures longitude scaled by cos(latitude)", () => {
    const line: Position[] = [[0, 0], [1, 0.02], [2, 0]];
    // 0.02° north is beyond a 0.015 tolerance whatever the longitude scale...
    expect(simplifyLine(line, 0.015, 0.5)).toHaveLength(3);
    const sideways: Position[] = [[0, 0], [0.02, 1], [0, 2]];
    // ...but 0.02° east at half scale is only 0.01.
    expect(simplifyLine(sideways, 0.015, 0.5)).toHaveLength(2);
  });
});

describe("clipRing", () => {
  it("cuts a ring to the rectangle and closes it", () => {
    const clipped = clipRing(square(0, 0, 10, 10), [5, 5, 20, 20])!;
    expect(clipped[0]).toEqual(clipped.at(-1));
    expect(Math.abs(signedArea(clipped)) / 2).toBeCloseTo(25, 9);
    for (const [x, y] of clipped) {
      expect(x).toBeGreaterThanOrEqual(5);
      expect(y).toBeGreaterThanOrEqual(5);
    }
  });

  it("returns null for a ring outside the rectangle and the ring itself when inside", () => {
    expect(clipRing(square(0, 0, 1, 1), [5, 5, 6, 6])).toBeNull();
    expect(clipRing(square(0, 0, 1, 1), [-5, -5, 5, 5])).toEqual(square(0, 0, 1, 1));
  });
});

describe("clipLine", () => {
  it("splits a line that leaves and re-enters", () => {
    const lines = clipLine([[0, 0], [10, 0], [10, 10], [0, 10]], [-1, -1, 5, 11]);
    expect(lines).toEqual([
      [[0, 0], [5, 0]],
      [[5, 10], [0, 10]],
    ]);
  });

  it("drops lines entirely outside", () => {
    expect(clipLine([[20, 20], [30, 30]], [0, 0, 10, 10])).toEqual([]);
  });
});

describe("roundLine", () => {
  it("rounds and removes the duplicates rounding makes", () => {
    expect(roundLine([[1.00001, 2.00001], [1.00002, 2.00002], [1.5, 2.5]], 3)).toEqual([[1, 2], [1.5, 2.5]]);
  });
});

describe("SegmentIndex", () => {
  it("finds the nearest other segment within a radius", () => {
    const index = new SegmentIndex<string>(1);
    index.add([0, 0], [10, 0], "A");
    index.add([0, 0.5], [10, 0.5], "B");
    index.add([0, 3], [10, 3], "C");
    expect(index.nearest([5, 0.1], 1, (tag) => tag === "A")).toBe("B");
    expect(index.nearest([5, 0.1], 0.2, (tag) => tag === "A")).toBeNull();
    expect(index.nearest([5, 2.9], 0.5, () => false)).toBe("C");
  });
});
