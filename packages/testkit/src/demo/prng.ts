// Seeded randomness for the demo ICS. Never Math.random: the same seed must give the same bytes.

/** A 32-bit integer hash of small integers (murmur3-style mixing), for order-independent noise. */
export function hashInts(...values: readonly number[]): number {
  let h = 0x9747b28c;
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A value in [0, 1) determined only by its inputs, so shared vertices jitter identically. */
export function hashUnit(...values: readonly number[]): number {
  return hashInts(...values) / 4294967296;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny and fast; its quality is ample for synthetic reference data. */
export class Rng {
  private state: number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** An independent stream per stage, so adding draws in one stage leaves the others unchanged. */
  fork(label: string): Rng {
    return new Rng(hashInts(this.seed, hashString(label)));
  }

  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uint32(): number {
    return Math.floor(this.float() * 4294967296) >>> 0;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.float() * items.length));
  }

  /** Index chosen with probability proportional to its (non-negative) weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((s, w) => s + w, 0);
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= at(weights, i);
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const tmp = at(items, i);
      items[i] = at(items, j);
      items[j] = tmp;
    }
    return items;
  }
}

/** Indexed read that fails loudly: an out-of-range index here is a bug in the generator. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) {
    throw new RangeError(
      `internal: index ${index} out of range (${items.length})`,
    );
  }
  return item;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), summing exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  const exact = weights.map((w) =>
    sum > 0 ? (w / sum) * total : total / weights.length,
  );
  const result = exact.map((e) => Math.floor(e));
  let left = total - result.reduce((s, v) => s + v, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e - Math.floor(e) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = at(result, i) + 1;
    left--;
  }
  return result;
}

/** Standard normal CDF (Abramowitz and Stegun 26.2.17, error under 1e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p =
    d *
    t *
    (0.31938153 +
      t *
        (-0.356563782 +
          t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}

/** A smooth random field with roughly unit variance: a few plane waves, for spatially coherent noise. */
export function smoothField(
  rng: Rng,
  wavelengthKm: number,
  waves = 4,
): (x: number, y: number) => number {
  const parts = Array.from({ length: waves }, () => {
    const angle = rng.float() * 2 * Math.PI;
    const k = (2 * Math.PI) / (wavelengthKm * (0.6 + 0.8 * rng.float()));
    return {
      kx: k * Math.cos(angle),
      ky: k * Math.sin(angle),
      phase: rng.float() * 2 * Math.PI,
    };
  });
  const norm = Math.sqrt(2 / waves);
  return (x, y) => {
    let s = 0;
    for (const w of parts) s += Math.cos(w.kx * x + w.ky * y + w.phase);
    return s * norm;
  };
}
