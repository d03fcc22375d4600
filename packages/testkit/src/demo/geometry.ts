// The demo island: a jittered hexagonal grid in the North Sea, and unions of its cells.
import { at, hashUnit, type Rng } from "./prng";

/** [longitude, latitude], WGS84, rounded to 4 dp. */
export type Position = [number, number];
/** Closed ring: the first position is repeated at the end (RFC 7946). */
export type LinearRing = Position[];
/** An outer ring (counter-clockwise) then any holes (clockwise). */
export type PolygonRings = LinearRing[];

export interface PolygonGeometry {
  readonly type: "Polygon";
  readonly coordinates: PolygonRings;
}
export interface MultiPolygonGeometry {
  readonly type: "MultiPolygon";
  readonly coordinates: PolygonRings[];
}
export type Geometry = PolygonGeometry | MultiPolygonGeometry;

/** Open sea east of England, so demo boundaries never overlap real ones. */
export const ISLAND_BOUNDS = {
  west: 2.6,
  east: 4.4,
  south: 53.6,
  north: 54.6,
} as const;

const CENTRE_LON = 3.5;
const CENTRE_LAT = 54.1;
const KM_PER_DEG_LAT = 111.2;
const KM_PER_DEG_LON = 111.32 * Math.cos((CENTRE_LAT * Math.PI) / 180);
// A margin inside the bounds, so jitter and rounding never push a vertex out.
const MAX_X_KM = (ISLAND_BOUNDS.east - CENTRE_LON - 0.03) * KM_PER_DEG_LON;
const MAX_Y_KM = (ISLAND_BOUNDS.north - CENTRE_LAT - 0.03) * KM_PER_DEG_LAT;
const ISLAND_RX_KM = 44;
const ISLAND_RY_KM = 40;

export interface Cell {
  readonly id: number;
  /** Centre in km east and north of the island's centre (grid units, before fitting to bounds). */
  readonly x: number;
  readonly y: number;
  /** Vertex keys, counter-clockwise, open. Shared vertices have equal keys in every cell. */
  readonly keys: readonly number[];
  readonly ring: LinearRing;
  readonly neighbours: readonly number[];
}

export interface Island {
  readonly cells: readonly Cell[];
  readonly hexSizeKm: number;
  readonly radiusXKm: number;
  readonly radiusYKm: number;
  readonly vertices: ReadonlyMap<number, Position>;
}

export function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Twice the signed area (positive = counter-clockwise) of a closed ring, in degrees². */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = at(ring, i);
    const [x2, y2] = at(ring, i + 1);
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

export function ringCentroid(ring: readonly Position[]): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = at(ring, i);
    const [x2, y2] = at(ring, i + 1);
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

export function pointInRing(
  point: readonly [number, number],
  ring: readonly Position[],
): boolean {
  const [px, py] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = at(ring, i);
    const [xj, yj] = at(ring, j);
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

export function pointInPolygon(
  point: readonly [number, number],
  rings: PolygonRings,
): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(point, outer)) return false;
  return !holes.some((hole) => pointInRing(point, hole));
}

/** Minimal binary min-heap of (priority, id); ties break on id so the order is deterministic. */
class MinHeap {
  private readonly items: [number, number][] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: [number, number], b: [number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  push(priority: number, id: number): void {
    const items = this.items;
    items.push([priority, id]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(at(items, i), at(items, parent))) break;
      [items[i], items[parent]] = [at(items, parent), at(items, i)];
      i = parent;
    }
  }
  pop(): number {
    const items = this.items;
    const top = at(items, 0);
    const last = items.pop();
    if (last !== undefined && items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(at(items, l), at(items, m))) m = l;
        if (r < items.length && this.less(at(items, r), at(items, m))) m = r;
        if (m === i) break;
        [items[i], items[m]] = [at(items, m), at(items, i)];
        i = m;
      }
    }
    return top[1];
  }
}

// Axial hex neighbours, and pointy-top corners in half-units (x: √3/2·size, y: size/2), CCW from -30°.
const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, 0],
  [-1, 1],
  [0, 1],
];
const CORNERS: readonly (readonly [number, number])[] = [
  [1, -1],
  [1, 1],
  [0, 2],
  [-1, 1],
  [-1, -1],
  [0, -2],
];

const vertexKey = (kx: number, ky: number): number =>
  (kx + 32768) * 65536 + (ky + 32768);

/**
 * Builds an island of about `cellCount` hexagonal cells: cells are taken in order of how deep they
 * lie inside a wavy ellipse (a priority flood from the centre, so the island is connected), any
 * enclosed gaps are filled, and every vertex is jittered by a hash of its position so neighbouring
 * cells still share it exactly.
 */
export function buildIsland(cellCount: number, rng: Rng): Island {
  // Low harmonics give bays and headlands; higher ones a ragged coast. The fit below keeps it in bounds.
  const harmonics = [2, 3, 4, 5, 6, 7, 9].map((k) => ({
    k,
    amp: (rng.float() * 0.16) / k,
    phase: rng.float() * 2 * Math.PI,
  }));
  const radius = (theta: number): number => {
    const c = Math.cos(theta) / ISLAND_RX_KM;
    const s = Math.sin(theta) / ISLAND_RY_KM;
    let factor = 1;
    for (const h of harmonics)
      factor += h.amp * Math.cos(h.k * theta + h.phase);
    return factor / Math.sqrt(c * c + s * s);
  };
  let area = 0;
  let maxRadius = 0;
  const steps = 720;
  for (let i = 0; i < steps; i++) {
    const r = radius((2 * Math.PI * i) / steps);
    area += 0.5 * r * r * ((2 * Math.PI) / steps);
    maxRadius = Math.max(maxRadius, r);
  }
  // Cells fill ~88% of the outline, so the coast follows the outline's shape without touching it.
  const size = Math.sqrt((0.88 * area) / cellCount / (1.5 * Math.sqrt(3)));
  const sqrt3 = Math.sqrt(3);
  // A tilted grid, so hex rows do not run along parallels and leave straight stretches of coast.
  const tilt = (0.15 + 0.5 * rng.float()) * (Math.PI / 3);
  const cosT = Math.cos(tilt);
  const sinT = Math.sin(tilt);
  const rotate = (hx: number, hy: number): [number, number] => [
    hx * cosT - hy * sinT,
    hx * sinT + hy * cosT,
  ];

  // Candidate cells: everything within 1.3× the outline.
  const reach = 1.3 * maxRadius;
  const rMax = Math.ceil(reach / (1.5 * size)) + 1;
  const candidates: {
    q: number;
    r: number;
    x: number;
    y: number;
    depth: number;
  }[] = [];
  const index = new Map<string, number>();
  for (let r = -rMax; r <= rMax; r++) {
    const qMin = Math.floor(-reach / (size * sqrt3) - r / 2) - 1;
    const qMax = Math.ceil(reach / (size * sqrt3) - r / 2) + 1;
    for (let q = qMin; q <= qMax; q++) {
      const [x, y] = rotate(size * sqrt3 * (q + r / 2), 1.5 * size * r);
      const depth = Math.hypot(x, y) / radius(Math.atan2(y, x));
      if (depth > 1.3) continue;
      index.set(`${q},${r}`, candidates.length);
      candidates.push({ q, r, x, y, depth });
    }
  }
  const neighboursOf = (i: number): number[] => {
    const c = at(candidates, i);
    const result: number[] = [];
    for (const [dq, dr] of NEIGHBOURS) {
      const j = index.get(`${c.q + dq},${c.r + dr}`);
      if (j !== undefined) result.push(j);
    }
    return result;
  };

  let start = 0;
  candidates.forEach((c, i) => {
    if (c.depth < at(candidates, start).depth) start = i;
  });
  const selected = new Set<number>();
  const queued = new Set<number>([start]);
  const heap = new MinHeap();
  heap.push(at(candidates, start).depth, start);
  while (selected.size < cellCount && heap.size > 0) {
    const i = heap.pop();
    selected.add(i);
    for (const j of neighboursOf(i)) {
      if (!queued.has(j)) {
        queued.add(j);
        heap.push(at(candidates, j).depth, j);
      }
    }
  }

  // Fill lakes: unselected cells that the open sea (the candidate border) cannot reach.
  const sea = new Set<number>();
  const stack: number[] = [];
  candidates.forEach((_, i) => {
    if (!selected.has(i) && neighboursOf(i).length < 6) {
      sea.add(i);
      stack.push(i);
    }
  });
  while (stack.length > 0) {
    const i = stack.pop();
    if (i === undefined) break;
    for (const j of neighboursOf(i)) {
      if (!selected.has(j) && !sea.has(j)) {
        sea.add(j);
        stack.push(j);
      }
    }
  }
  candidates.forEach((_, i) => {
    if (!sea.has(i)) selected.add(i);
  });

  // North to south, then west to east: codes assigned later follow reading order.
  const chosen = [...selected].sort((a, b) => {
    const ca = at(candidates, a);
    const cb = at(candidates, b);
    return cb.y - ca.y || ca.x - cb.x;
  });
  const idOf = new Map<number, number>(chosen.map((c, id) => [c, id]));

  const jitterSeed = rng.uint32();
  const halfX = (size * sqrt3) / 2;
  const halfY = size / 2;
  const vertexKm = new Map<number, [number, number]>();
  const place = (kx: number, ky: number, amount: number): number => {
    const key = vertexKey(kx, ky);
    if (!vertexKm.has(key)) {
      const angle = hashUnit(jitterSeed, kx, ky, 1) * 2 * Math.PI;
      const dist = Math.sqrt(hashUnit(jitterSeed, kx, ky, 2)) * amount * size;
      const [x, y] = rotate((kx / 2) * halfX, (ky / 2) * halfY);
      vertexKm.set(key, [
        x + dist * Math.cos(angle),
        y + dist * Math.sin(angle),
      ]);
    }
    return key;
  };
  const cellKeys = chosen.map((ci) => {
    const c = at(candidates, ci);
    const X = 2 * c.q + c.r;
    const Y = 3 * c.r;
    const keys: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [ax, ay] = at(CORNERS, i);
      const [bx, by] = at(CORNERS, (i + 1) % 6);
      keys.push(place(2 * (X + ax), 2 * (Y + ay), 0.17));
      // Mid-edge vertices (doubled coordinates) make coasts and borders less obviously hexagonal.
      keys.push(place(2 * X + ax + bx, 2 * Y + ay + by, 0.1));
    }
    return keys;
  });

  let maxX = 0;
  let maxY = 0;
  for (const [x, y] of vertexKm.values()) {
    maxX = Math.max(maxX, Math.abs(x));
    maxY = Math.max(maxY, Math.abs(y));
  }
  const fit = Math.min(1, MAX_X_KM / maxX, MAX_Y_KM / maxY);
  const vertices = new Map<number, Position>();
  for (const [key, [x, y]] of vertexKm) {
    vertices.set(key, [
      round4(CENTRE_LON + (x * fit) / KM_PER_DEG_LON),
      round4(CENTRE_LAT + (y * fit) / KM_PER_DEG_LAT),
    ]);
  }

  const cells: Cell[] = chosen.map((ci, id) => {
    const c = at(candidates, ci);
    const keys = at(cellKeys, id);
    const ring = keys.map((k) => vertexAt(vertices, k));
    ring.push(at(ring, 0));
    const neighbours = neighboursOf(ci)
      .map((j) => idOf.get(j))
      .filter((j): j is number => j !== undefined)
      .sort((a, b) => a - b);
    return { id, x: c.x, y: c.y, keys, ring, neighbours };
  });
  return {
    cells,
    hexSizeKm: size,
    radiusXKm: ISLAND_RX_KM,
    radiusYKm: ISLAND_RY_KM,
    vertices,
  };
}

function vertexAt(
  vertices: ReadonlyMap<number, Position>,
  key: number,
): Position {
  const p = vertices.get(key);
  if (!p) throw new Error(`internal: unknown vertex ${key}`);
  return p;
}

/**
 * The union of some cells as polygons (largest first). A cell edge belongs to the boundary when
 * its reverse is not an edge of another member; chaining boundary edges keeps the cells'
 * counter-clockwise winding, so outer rings come out CCW and holes CW, as RFC 7946 wants.
 */
export function unionCells(
  island: Island,
  ids: readonly number[],
): PolygonRings[] {
  const edges = new Set<string>();
  for (const id of ids) {
    const keys = at(island.cells, id).keys;
    for (let i = 0; i < keys.length; i++) {
      edges.add(`${at(keys, i)}>${at(keys, (i + 1) % keys.length)}`);
    }
  }
  const next = new Map<number, number>();
  for (const id of ids) {
    const keys = at(island.cells, id).keys;
    for (let i = 0; i < keys.length; i++) {
      const a = at(keys, i);
      const b = at(keys, (i + 1) % keys.length);
      if (edges.has(`${b}>${a}`)) continue;
      // Hex vertices join at most three cells, so a boundary never pinches at a vertex.
      if (next.has(a))
        throw new Error("internal: boundary pinches at a vertex");
      next.set(a, b);
    }
  }
  const outers: LinearRing[] = [];
  const holes: LinearRing[] = [];
  for (const first of [...next.keys()]) {
    if (!next.has(first)) continue;
    const ring: LinearRing = [];
    let key = first;
    do {
      ring.push(vertexAt(island.vertices, key));
      const following = next.get(key);
      if (following === undefined) throw new Error("internal: open boundary");
      next.delete(key);
      key = following;
    } while (key !== first);
    ring.push(at(ring, 0));
    (ringArea(ring) > 0 ? outers : holes).push(ring);
  }
  const polygons: PolygonRings[] = outers
    .sort((a, b) => ringArea(b) - ringArea(a))
    .map((outer) => [outer]);
  for (const hole of holes) {
    const owner = polygons.find((p) => pointInRing(at(hole, 0), at(p, 0)));
    if (!owner) throw new Error("internal: hole outside every outer ring");
    owner.push(hole);
  }
  return polygons;
}

export function toGeometry(
  polygons: PolygonRings[],
  alwaysMulti: boolean,
): Geometry {
  const only = polygons[0];
  if (!alwaysMulti && polygons.length === 1 && only)
    return { type: "Polygon", coordinates: only };
  return { type: "MultiPolygon", coordinates: polygons };
}
