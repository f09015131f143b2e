/**
 * Planar geometry for building the offline basemap: TopoJSON decoding, simplification and
 * clipping to a rectangle. Small and dependency-free on purpose: it runs once at build time on a
 * few tens of thousands of vertices.
 */

export type Position = [number, number];
export type Ring = Position[];
export type Line = Position[];
export type Rect = readonly [west: number, south: number, east: number, north: number];

export interface Topology {
  type: "Topology";
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, { type: "GeometryCollection"; geometries: TopoGeometry[] }>;
}

export type TopoGeometry =
  | { type: "Polygon"; arcs: number[][]; id?: string; properties?: Record<string, unknown> }
  | { type: "MultiPolygon"; arcs: number[][][]; id?: string; properties?: Record<string, unknown> }
  | { type: null | string; arcs?: unknown; id?: string; properties?: Record<string, unknown> };

/** Absolute coordinates of every arc (quantized topologies store deltas). */
export function decodeArcs(topology: Topology): Line[] {
  const transform = topology.transform;
  return topology.arcs.map((arc) => {
    if (!transform) return arc.map(([x = 0, y = 0]) => [x, y] as Position);
    let x = 0;
    let y = 0;
    return arc.map(([dx = 0, dy = 0]) => {
      x += dx;
      y += dy;
      return [x * transform.scale[0] + transform.translate[0], y * transform.scale[1] + transform.translate[1]] as Position;
    });
  });
}

/** TopoJSON arc reference: negative indexes (~i) mean arc i walked backwards. */
export const arcIndex = (reference: number) => (reference < 0 ? ~reference : reference);

/** The polygons (as arc-reference rings) of a Polygon or MultiPolygon geometry. */
export function polygonArcRings(geometry: TopoGeometry): number[][][] {
  if (geometry.type === "Polygon") return [geometry.arcs as number[][]];
  if (geometry.type === "MultiPolygon") return geometry.arcs as number[][][];
  return [];
}

export function stitchRing(references: readonly number[], arcs: readonly Line[]): Ring {
  const ring: Ring = [];
  references.forEach((reference, position) => {
    const arc = arcs[arcIndex(reference)];
    if (!arc) throw new Error(`topology refers to missing arc ${reference}`);
    const points = reference < 0 ? [...arc].reverse() : arc;
    ring.push(...(position === 0 ? points : points.slice(1)));
  });
  return ring;
}

/** Twice the signed area (positive = counter-clockwise). */
export function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[index + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/**
 * Douglas–Peucker on one polyline, endpoints kept (so arcs shared by two provinces stay shared).
 * Longitudes are scaled by `lngScale` (cos of the latitude) so the tolerance is about equal in
 * both directions on the map.
 */
export function simplifyLine(line: readonly Position[], tolerance: number, lngScale = 1): Line {
  if (line.length <= 2) return line.map((point) => [point[0], point[1]]);
  const closed = line[0]![0] === line.at(-1)![0] && line[0]![1] === line.at(-1)![1];
  if (closed) {
    // A closed arc (a whole island) has no "far end": split it at the point farthest from the start.
    let farthest = 1;
    let farthestDistance = -1;
    for (let index = 1; index < line.length - 1; index += 1) {
      const dx = (line[index]![0] - line[0]![0]) * lngScale;
      const dy = line[index]![1] - line[0]![1];
      const distance = dx * dx + dy * dy;
      if (distance > farthestDistance) {
        farthestDistance = distance;
        farthest = index;
      }
    }
    const first = simplifyLine(line.slice(0, farthest + 1), tolerance, lngScale);
    const second = simplifyLine(line.slice(farthest), tolerance, lngScale);
    return [...first, ...second.slice(1)];
  }
  const keep = new Uint8Array(line.length);
  keep[0] = 1;
  keep[line.length - 1] = 1;
  const squaredTolerance = tolerance * tolerance;
  const stack: Array<[number, number]> = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    let maxDistance = -1;
    let maxIndex = -1;
    for (let index = start + 1; index < end; index += 1) {
      const distance = squaredSegmentDistance(line[index]!, line[start]!, line[end]!, lngScale);
      if (distance > maxDistance) {
        maxDistance = distance;
        maxIndex = index;
      }
    }
    if (maxIndex !== -1 && maxDistance > squaredTolerance) {
      keep[maxIndex] = 1;
      stack.push([start, maxIndex], [maxIndex, end]);
    }
  }
  return line.filter((_, index) => keep[index] === 1).map((point) => [point[0], point[1]]);
}

export function squaredSegmentDistance(point: Position, a: Position, b: Position, lngScale = 1): number {
  const px = point[0] * lngScale;
  const ax = a[0] * lngScale;
  const bx = b[0] * lngScale;
  let x = ax;
  let y = a[1];
  const dx = bx - ax;
  const dy = b[1] - a[1];
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (point[1] - a[1]) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  return (px - x) ** 2 + (point[1] - y) ** 2;
}

type Edge = { inside: (p: Position) => boolean; intersect: (a: Position, b: Position) => Position };

function rectEdges([west, south, east, north]: Rect): Edge[] {
  const atX = (x: number) => (a: Position, b: Position): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Position, b: Position): Position => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  return [
    { inside: (p) => p[0] >= west, intersect: atX(west) },
    { inside: (p) => p[0] <= east, intersect: atX(east) },
    { inside: (p) => p[1] >= south, intersect: atY(south) },
    { inside: (p) => p[1] <= north, intersect: atY(north) },
  ];
}

/**
 * Sutherland–Hodgman clip of a closed ring to a rectangle. Concave rings may come out with
 * zero-width slivers along the rectangle's edge; they are only ever filled, and the rectangle is
 * the map's maximum extent, so those edges are never on screen.
 */
export function clipRing(ring: readonly Position[], rect: Rect): Ring | null {
  let output: Position[] = ring.slice(0, -1).map((point) => [point[0], point[1]]);
  for (const edge of rectEdges(rect)) {
    if (output.length === 0) break;
    const input = output;
    output = [];
    for (let index = 0; index < input.length; index += 1) {
      const current = input[index]!;
      const previous = input[(index + input.length - 1) % input.length]!;
      if (edge.inside(current)) {
        if (!edge.inside(previous)) output.push(edge.intersect(previous, current));
        output.push(current);
      } else if (edge.inside(previous)) {
        output.push(edge.intersect(previous, current));
      }
    }
  }
  if (output.length < 3) return null;
  return [...output, [output[0]![0], output[0]![1]]];
}

/** Liang–Barsky clip of one segment; null when it misses the rectangle. */
function clipSegment(a: Position, b: Position, [west, south, east, north]: Rect): [Position, Position] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const checks: Array<[number, number]> = [
    [-dx, a[0] - west],
    [dx, east - a[0]],
    [-dy, a[1] - south],
    [dy, north - a[1]],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) {
        if (r > t1) return null;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return null;
        if (r < t1) t1 = r;
      }
    }
  }
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

/** Clips a polyline to a rectangle; a line that leaves and re-enters becomes several lines. */
export function clipLine(line: readonly Position[], rect: Rect): Line[] {
  const lines: Line[] = [];
  let current: Line = [];
  for (let index = 0; index < line.length - 1; index += 1) {
    const clipped = clipSegment(line[index]!, line[index + 1]!, rect);
    if (!clipped) {
      if (current.length > 1) lines.push(current);
      current = [];
      continue;
    }
    const [start, end] = clipped;
    const last = current.at(-1);
    if (!last || last[0] !== start[0] || last[1] !== start[1]) {
      if (current.length > 1) lines.push(current);
      current = [start];
    }
    current.push(end);
  }
  if (current.length > 1) lines.push(current);
  return lines;
}

/** Rounds coordinates and drops the consecutive duplicates rounding creates. */
export function roundLine(line: readonly Position[], decimals: number): Line {
  const factor = 10 ** decimals;
  const rounded: Line = [];
  for (const [x, y] of line) {
    const point: Position = [Math.round(x * factor) / factor, Math.round(y * factor) / factor];
    const last = rounded.at(-1);
    if (!last || last[0] !== point[0] || last[1] !== point[1]) rounded.push(point);
  }
  return rounded;
}

/** Spatial hash of segments, to ask "is there a segment of another country near here?". */
export class SegmentIndex<T> {
  private readonly cells = new Map<string, Array<{ a: Position; b: Position; tag: T }>>();

  constructor(private readonly cellSize: number) {}

  add(a: Position, b: Position, tag: T) {
    const minX = Math.floor(Math.min(a[0], b[0]) / this.cellSize);
    const maxX = Math.floor(Math.max(a[0], b[0]) / this.cellSize);
    const minY = Math.floor(Math.min(a[1], b[1]) / this.cellSize);
    const maxY = Math.floor(Math.max(a[1], b[1]) / this.cellSize);
    for (let x = minX; x <= maxX; x += 1) {
      for (let y = minY; y <= maxY; y += 1) {
        const key = `${x}:${y}`;
        const bucket = this.cells.get(key) ?? [];
        bucket.push({ a, b, tag });
        this.cells.set(key, bucket);
      }
    }
  }

  /** The tag of the nearest segment within `radius` of the point, skipping `exclude`. */
  nearest(point: Position, radius: number, exclude: (tag: T) => boolean): T | null {
    let best: T | null = null;
    let bestDistance = radius * radius;
    const cx = Math.floor(point[0] / this.cellSize);
    const cy = Math.floor(point[1] / this.cellSize);
    const reach = Math.ceil(radius / this.cellSize);
    for (let x = cx - reach; x <= cx + reach; x += 1) {
      for (let y = cy - reach; y <= cy + reach; y += 1) {
        for (const segment of this.cells.get(`${x}:${y}`) ?? []) {
          if (exclude(segment.tag)) continue;
          const distance = squaredSegmentDistance(point, segment.a, segment.b);
          if (distance <= bestDistance) {
            bestDistance = distance;
            best = segment.tag;
          }
        }
      }
    }
    return best;
  }
}
