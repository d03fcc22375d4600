import { sum, z } from "./common";
import { exactPoissonLimits } from "./rate";

/** Fingertips' two funnel levels: 2 sigma (95%, "0.025" each side) and 3 sigma (99.8%, "0.001"). */
export const FUNNEL_LEVELS = { twoSigma: 0.95, threeSigma: 0.998 } as const;

export interface FunnelLimits {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Funnel limits for a proportion at one denominator, on the 0–1 scale: the lowest and highest
 * observed proportions x/n whose Wilson score interval still contains the baseline (the
 * Fingertips funnel-plot method, consistent with its Wilson confidence intervals). Where no
 * such x exists inside [0, n] the limit is 0 or 1.
 */
export function proportionFunnelLimits(
  denominator: number,
  baseline: number,
  confidence: number,
): FunnelLimits {
  const zz = z(confidence);
  // The Wilson upper limit rises with x: the lower funnel limit is where it reaches the baseline.
  const lower = solveIncreasing(
    (x) => wilsonUpperAt(x, denominator, zz) - baseline,
    0,
    denominator,
  );
  const upper = solveIncreasing(
    (x) => wilsonLowerAt(x, denominator, zz) - baseline,
    0,
    denominator,
  );
  return {
    lower: lower === "below" ? 0 : lower === "above" ? 1 : lower / denominator,
    upper: upper === "below" ? 0 : upper === "above" ? 1 : upper / denominator,
  };
}

function wilsonUpperAt(x: number, n: number, zz: number): number {
  return (
    (2 * x + zz * zz + zz * Math.sqrt(zz * zz + 4 * x * (1 - x / n))) /
    (2 * (n + zz * zz))
  );
}
function wilsonLowerAt(x: number, n: number, zz: number): number {
  return (
    (2 * x + zz * zz - zz * Math.sqrt(zz * zz + 4 * x * (1 - x / n))) /
    (2 * (n + zz * zz))
  );
}

/** Root of an increasing function on [lo, hi] by bisection to machine precision. */
function solveIncreasing(
  f: (x: number) => number,
  lo: number,
  hi: number,
): number | "below" | "above" {
  // Root below lo: the function is already positive there.
  if (f(lo) > 0) return "below";
  if (f(hi) < 0) return "above";
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200 && b - a > 1e-15 * Math.max(1, Math.abs(b)); i++) {
    const mid = 0.5 * (a + b);
    if (f(mid) < 0) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}

export type FunnelSignificance =
  | "High (0.001)"
  | "High (0.025)"
  | "Not significant"
  | "Low (0.025)"
  | "Low (0.001)";

export interface ProportionPoint {
  readonly numerator: number;
  readonly denominator: number;
}

/** The baseline of a proportion funnel: all numerators over all denominators. */
export function proportionFunnelBaseline(
  points: readonly ProportionPoint[],
): number {
  return (
    sum(points.map((p) => p.numerator)) / sum(points.map((p) => p.denominator))
  );
}

/**
 * Whether each area lies outside the 2- or 3-sigma funnel limits at its own denominator,
 * labelled as Fingertips labels them.
 */
export function proportionFunnelSignificance(
  points: readonly ProportionPoint[],
): FunnelSignificance[] {
  const baseline = proportionFunnelBaseline(points);
  return points.map((p) => {
    const value = p.numerator / p.denominator;
    const two = proportionFunnelLimits(
      p.denominator,
      baseline,
      FUNNEL_LEVELS.twoSigma,
    );
    const three = proportionFunnelLimits(
      p.denominator,
      baseline,
      FUNNEL_LEVELS.threeSigma,
    );
    if (value > three.upper) return "High (0.001)";
    if (value > two.upper) return "High (0.025)";
    if (value < three.lower) return "Low (0.001)";
    if (value < two.lower) return "Low (0.025)";
    return "Not significant";
  });
}

/**
 * Significance of an observed count against its expected count (indirectly standardised
 * ratios): the exact Poisson limits of the observed count (Garwood) compared with the expected
 * count, at 2 and 3 sigma.
 */
export function ratioFunnelSignificance(
  observed: number,
  expected: number,
): FunnelSignificance {
  const three = exactPoissonLimits(observed, FUNNEL_LEVELS.threeSigma);
  const two = exactPoissonLimits(observed, FUNNEL_LEVELS.twoSigma);
  if (three.lower > expected) return "High (0.001)";
  if (two.lower > expected) return "High (0.025)";
  if (three.upper < expected) return "Low (0.001)";
  if (two.upper < expected) return "Low (0.025)";
  return "Not significant";
}

export interface RatePoint {
  readonly count: number;
  readonly population: number;
}

/**
 * Significance of each area's crude rate against the funnel of all areas: its count against
 * the count expected at the overall rate (Σ counts / Σ populations) for its population, by the
 * exact Poisson test used for ratios. The multiplier does not change the answer.
 */
export function crudeRateFunnelSignificance(
  points: readonly RatePoint[],
): FunnelSignificance[] {
  const overallRate =
    sum(points.map((p) => p.count)) / sum(points.map((p) => p.population));
  return points.map((p) =>
    ratioFunnelSignificance(p.count, overallRate * p.population),
  );
}

/**
 * Where an observed count sits on the funnel of an indirectly standardised ratio: the expected
 * counts at which that many observed events reach the lower limit (the exact Poisson upper limit
 * of the count) and the upper limit (its exact Poisson lower limit), with the ratio at each
 * both as O/E − 1 ("count" funnels, centred on 0) and as O/E × multiplier ("isr" funnels).
 */
export interface RatioFunnelPoint {
  readonly lowerExpected: number;
  readonly upperExpected: number;
  readonly lowerCount: number;
  readonly upperCount: number;
  readonly lowerRatio: number;
  readonly upperRatio: number;
}

export function ratioFunnelLimits(
  observed: number,
  confidence: number,
  multiplier = 100,
): RatioFunnelPoint {
  const { lower, upper } = exactPoissonLimits(observed, confidence);
  return {
    lowerExpected: upper,
    upperExpected: lower,
    lowerCount: observed / upper - 1,
    upperCount: lower === 0 ? Infinity : observed / lower - 1,
    lowerRatio: (observed / upper) * multiplier,
    upperRatio: lower === 0 ? Infinity : (observed / lower) * multiplier,
  };
}

/**
 * Funnel limits of a crude rate, drawn against population: for a number of events, the
 * population (per year of data) at which those events reach the lower limit around the baseline
 * rate, and the rate there; likewise for the upper limit. Both come from the exact Poisson
 * limits of the events, as for ratios. The baseline is per `multiplier` people per year.
 */
export interface RateFunnelPoint {
  readonly lowerPopulationPerYear: number;
  readonly lower: number;
  readonly upperPopulationPerYear: number;
  readonly upper: number;
}

export function rateFunnelLimits(
  events: number,
  baseline: number,
  confidence: number,
  options: { multiplier?: number; yearsOfData?: number } = {},
): RateFunnelPoint {
  const multiplier = options.multiplier ?? 100000;
  const years = options.yearsOfData ?? 1;
  const { lower, upper } = exactPoissonLimits(events, confidence);
  const populationFor = (expected: number) =>
    expected / (baseline / multiplier) / years;
  return {
    lowerPopulationPerYear: populationFor(upper),
    lower: (baseline * events) / upper,
    upperPopulationPerYear: populationFor(lower),
    upper: lower === 0 ? Infinity : (baseline * events) / lower,
  };
}

/** The baseline of a crude-rate funnel: all events over all person-years, × multiplier. */
export function rateFunnelBaseline(
  points: readonly RatePoint[],
  options: { multiplier?: number; yearsOfData?: number } = {},
): number {
  const years = options.yearsOfData ?? 1;
  return (
    (sum(points.map((p) => p.count)) /
      sum(points.map((p) => p.population * years))) *
    (options.multiplier ?? 100000)
  );
}
