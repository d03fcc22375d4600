import type { ConfidenceInterval } from "../model";
import { confidenceLevels, sum } from "./common";
import { qnorm } from "./distributions";

/** What the quantile values are, which decides how they vary and can be transformed. */
export type SiiValueType = "normal" | "rate" | "proportion";

export interface SiiQuantile {
  /** 1 is the most deprived quantile. */
  readonly quantile: number;
  readonly population: number;
  readonly value: number;
  /**
   * Standard error of the value, on the log scale for rates and the logit scale for
   * proportions (as PHEindicatormethods takes it). Needed only for confidence limits.
   */
  readonly standardError?: number;
}

export interface SiiOptions {
  readonly valueType?: SiiValueType;
  /** Fit on the log (rates) or logit (proportions) scale, then transform back. */
  readonly transform?: boolean;
  /** Scales the SII (100 for percentages); a negative multiplier also inverts the RII. */
  readonly multiplier?: number;
  readonly confidence?: readonly number[];
  /**
   * A seeded source of uniform numbers in [0, 1) for the Monte-Carlo limits (core never
   * draws its own randomness). Without it, only the point estimates are returned.
   */
  readonly uniform?: () => number;
  readonly repetitions?: number;
}

export interface SiiResult {
  /** Slope index of inequality: fitted least deprived minus fitted most deprived, × multiplier. */
  readonly sii: number;
  /** Relative index of inequality: fitted least deprived over fitted most deprived. */
  readonly rii: number;
  /** Fitted value at the most deprived end (cumulative population share 0). */
  readonly intercept: number;
  readonly siiIntervals: readonly ConfidenceInterval[];
  readonly riiIntervals: readonly ConfidenceInterval[];
  readonly method: "weighted least squares on cumulative population midpoints";
}

const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));

interface Scale {
  readonly forward: (v: number) => number;
  readonly back: (v: number) => number;
}
const IDENTITY: Scale = { forward: (v) => v, back: (v) => v };
const LOG: Scale = { forward: Math.log, back: Math.exp };
const LOGIT: Scale = { forward: logit, back: expit };

/** The scale on which a value varies normally (and the standard error is given). */
const samplingScale = (type: SiiValueType): Scale =>
  type === "rate" ? LOG : type === "proportion" ? LOGIT : IDENTITY;

/**
 * Midpoints of each quantile's share of the cumulative population, most deprived first: the
 * x of the regression (Low & Low 2004; PHE Technical Guide "Slope index of inequality").
 */
export function cumulativePopulationMidpoints(populations: readonly number[]): {
  shares: number[];
  midpoints: number[];
} {
  const total = sum(populations);
  const shares = populations.map((p) => p / total);
  let cumulative = 0;
  const midpoints = shares.map((s) => {
    const mid = cumulative + s / 2;
    cumulative += s;
    return mid;
  });
  return { shares, midpoints };
}

function fit(
  shares: readonly number[],
  midpoints: readonly number[],
  values: readonly number[],
  scale: Scale,
  multiplier: number,
): { sii: number; rii: number; intercept: number } {
  // Weighted least squares with weights equal to population share.
  const y = values.map(scale.forward);
  const xBar = sum(shares.map((w, i) => w * (midpoints[i] ?? 0)));
  const yBar = sum(shares.map((w, i) => w * (y[i] ?? 0)));
  const sxy = sum(
    shares.map(
      (w, i) => w * ((midpoints[i] ?? 0) - xBar) * ((y[i] ?? 0) - yBar),
    ),
  );
  const sxx = sum(shares.map((w, i) => w * ((midpoints[i] ?? 0) - xBar) ** 2));
  const slope = sxy / sxx;
  const constant = yBar - slope * xBar;
  const atMostDeprived = scale.back(constant);
  const atLeastDeprived = scale.back(constant + slope);
  const rii = atLeastDeprived / atMostDeprived;
  return {
    sii: (atLeastDeprived - atMostDeprived) * multiplier,
    rii: multiplier < 0 ? 1 / rii : rii,
    intercept: atMostDeprived,
  };
}

/**
 * Slope and relative index of inequality across deprivation quantiles. Confidence limits are
 * by simulation, as upstream: each quantile's value is drawn from a normal distribution on its
 * sampling scale (log for rates, logit for proportions) with its standard error, the SII/RII
 * refitted, and the limits read off as type-7 sample quantiles of the simulated values.
 */
export function slopeIndexOfInequality(
  quantiles: readonly SiiQuantile[],
  options: SiiOptions = {},
): SiiResult {
  const levels = confidenceLevels(options.confidence ?? [0.95]);
  const valueType = options.valueType ?? "normal";
  const multiplier = options.multiplier ?? 1;
  const fitScale =
    options.transform === true ? samplingScale(valueType) : IDENTITY;
  const ordered = [...quantiles].sort((a, b) => a.quantile - b.quantile);
  const { shares, midpoints } = cumulativePopulationMidpoints(
    ordered.map((q) => q.population),
  );
  const values = ordered.map((q) => q.value);
  const point = fit(shares, midpoints, values, fitScale, multiplier);
  const method =
    "weighted least squares on cumulative population midpoints" as const;
  const uniform = options.uniform;
  const errors = ordered.map((q) => q.standardError ?? Number.NaN);
  if (uniform === undefined || errors.some((e) => !(e >= 0))) {
    const na = levels.map((confidence) => ({
      confidence,
      lower: null,
      upper: null,
    }));
    return { ...point, siiIntervals: na, riiIntervals: na, method };
  }

  const sampling = samplingScale(valueType);
  const centres = values.map(sampling.forward);
  const repetitions = options.repetitions ?? 100_000;
  const siis = new Float64Array(repetitions);
  const riis = new Float64Array(repetitions);
  const draw = new Array<number>(values.length).fill(0);
  for (let r = 0; r < repetitions; r++) {
    for (let i = 0; i < values.length; i++) {
      // Inverse-transform sampling keeps the draws a pure function of the uniform stream.
      const u = Math.min(
        Math.max(uniform(), Number.MIN_VALUE),
        1 - Number.EPSILON,
      );
      draw[i] = sampling.back((centres[i] ?? 0) + (errors[i] ?? 0) * qnorm(u));
    }
    const simulated = fit(shares, midpoints, draw, fitScale, multiplier);
    siis[r] = simulated.sii;
    riis[r] = simulated.rii;
  }
  siis.sort();
  riis.sort();
  const limits = (sorted: Float64Array): ConfidenceInterval[] =>
    levels.map((confidence) => ({
      confidence,
      lower: sampleQuantile(sorted, (1 - confidence) / 2),
      upper: sampleQuantile(sorted, 1 - (1 - confidence) / 2),
    }));
  return {
    ...point,
    siiIntervals: limits(siis),
    riiIntervals: limits(riis),
    method,
  };
}

/** Hyndman & Fan type 7 sample quantile (R's default) of sorted values. */
export function sampleQuantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

/**
 * A small seeded generator (Mulberry32, Tommy Ettinger 2017) for the simulations: the same
 * seed gives the same limits on every machine.
 */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
