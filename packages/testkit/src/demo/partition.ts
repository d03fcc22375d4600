// Splits a connected set of cells into contiguous parts of roughly given sizes.
import type { Island } from "./geometry";
import { at, hashUnit, type Rng, smoothField } from "./prng";

export type Point = readonly [number, number];

/**
 * Region growing from one seed per part: the part furthest below its target size takes its
 * nearest frontier cell next. Parts grow only into neighbouring cells, so each is contiguous by
 * construction; a smooth noise field bends the borders so they do not look like a Voronoi diagram.
 * Seeds are the cells nearest `anchors` (km) when given, otherwise k-means centres.
 */
export function partition(
  island: Island,
  members: readonly number[],
  weights: readonly number[],
  rng: Rng,
  anchors?: readonly Point[],
): number[][] {
  const k = weights.length;
  if (k === 0 || k > members.length) {
    throw new RangeError(
      `internal: cannot split ${members.length} cells into ${k} parts`,
    );
  }
  const cells = island.cells;
  const memberSet = new Set(members);
  const seeds = anchors
    ? seedsNear(island, members, anchors)
    : kMeansSeeds(island, members, k, rng);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const targets = weights.map((w) => (w / weightSum) * members.length);
  const size = island.hexSizeKm;
  const warp = smoothField(
    rng,
    Math.max(4, Math.sqrt(members.length / k) * size * 2.5),
  );
  const salt = rng.uint32();
  const cost = (cell: number, part: number): number => {
    const c = at(cells, cell);
    const s = at(cells, at(seeds, part));
    return (
      Math.hypot(c.x - s.x, c.y - s.y) +
      size * (1.4 * warp(c.x, c.y) + 0.4 * hashUnit(salt, cell))
    );
  };

  const owner = new Map<number, number>();
  const parts: number[][] = seeds.map(() => []);
  const frontiers: Set<number>[] = seeds.map(() => new Set<number>());
  const claim = (cell: number, part: number): void => {
    owner.set(cell, part);
    at(parts, part).push(cell);
    for (const n of at(cells, cell).neighbours) {
      if (memberSet.has(n) && !owner.has(n)) at(frontiers, part).add(n);
    }
  };
  seeds.forEach((seed, part) => {
    claim(seed, part);
  });
  while (owner.size < members.length) {
    let best = -1;
    let bestDeficit = -Infinity;
    for (let p = 0; p < k; p++) {
      if (at(frontiers, p).size === 0) continue;
      const deficit = (at(targets, p) - at(parts, p).length) / at(targets, p);
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = p;
      }
    }
    if (best < 0)
      throw new Error("internal: partition members are not connected");
    // Frontiers are pruned lazily, only when chosen: pruning all of them every step is O(n²).
    const frontier = at(frontiers, best);
    for (const cell of frontier) if (owner.has(cell)) frontier.delete(cell);
    if (frontier.size === 0) continue;
    let pick = -1;
    let pickCost = Infinity;
    for (const cell of at(frontiers, best)) {
      const c = cost(cell, best);
      if (c < pickCost || (c === pickCost && cell < pick)) {
        pickCost = c;
        pick = cell;
      }
    }
    claim(pick, best);
  }
  return parts.map((p) => p.sort((a, b) => a - b));
}

function seedsNear(
  island: Island,
  members: readonly number[],
  anchors: readonly Point[],
): number[] {
  const used = new Set<number>();
  return anchors.map(([ax, ay]) => {
    let best = -1;
    let bestDist = Infinity;
    for (const m of members) {
      if (used.has(m)) continue;
      const c = at(island.cells, m);
      const d = Math.hypot(c.x - ax, c.y - ay);
      if (d < bestDist) {
        bestDist = d;
        best = m;
      }
    }
    used.add(best);
    return best;
  });
}

/** Farthest-point start, then a few Lloyd iterations: compact, well-spread seeds. */
function kMeansSeeds(
  island: Island,
  members: readonly number[],
  k: number,
  rng: Rng,
): number[] {
  const pos = (m: number): Point => {
    const c = at(island.cells, m);
    return [c.x, c.y];
  };
  const centres: Point[] = [pos(rng.pick(members))];
  // Distance from each member to its nearest centre so far, updated per new centre: O(k·n).
  const nearest = members.map(() => Infinity);
  while (centres.length < k) {
    const [cx, cy] = at(centres, centres.length - 1);
    let far = at(members, 0);
    let farDist = -1;
    members.forEach((m, i) => {
      const [x, y] = pos(m);
      const d = Math.min(at(nearest, i), Math.hypot(x - cx, y - cy));
      nearest[i] = d;
      if (d > farDist) {
        farDist = d;
        far = m;
      }
    });
    centres.push(pos(far));
  }
  // Many small parts (wards at large scales) need only rough seeds; Lloyd steps cost O(n·k) each.
  const iterations = k > 24 ? 2 : 8;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const sums = centres.map(() => ({ x: 0, y: 0, n: 0 }));
    for (const m of members) {
      const [x, y] = pos(m);
      let best = 0;
      let bestDist = Infinity;
      centres.forEach(([cx, cy], i) => {
        const d = Math.hypot(x - cx, y - cy);
        if (d < bestDist) {
          bestDist = d;
          best = i;
        }
      });
      const s = at(sums, best);
      s.x += x;
      s.y += y;
      s.n += 1;
    }
    sums.forEach((s, i) => {
      if (s.n > 0) centres[i] = [s.x / s.n, s.y / s.n];
    });
  }
  return seedsNear(island, members, centres);
}
