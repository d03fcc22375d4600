import type { Estimate, MethodOptions } from "../model";
import { confidenceLevels, interval, isKnown, notAvailable, z } from "./common";
import { qgamma } from "./distributions";

/** Fingertips switches from exact to Byars limits at this many events. */
export const BYARS_MINIMUM_COUNT = 10;

export interface CountLimits {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Byars' approximation to Poisson limits for a count (Breslow & Day 1987, p. 69):
 * lower = x(1 − 1/9x − z/3√x)³, upper = (x+1)(1 − 1/9(x+1) + z/3√(x+1))³.
 */
export function byarsLimits(count: number, confidence: number): CountLimits {
  const zz = z(confidence);
  const upperCount = count + 1;
  return {
    lower:
      count === 0
        ? 0
        : count * (1 - 1 / (9 * count) - zz / (3 * Math.sqrt(count))) ** 3,
    upper:
      upperCount *
      (1 - 1 / (9 * upperCount) + zz / (3 * Math.sqrt(upperCount))) ** 3,
  };
}

/**
 * Exact Poisson limits from chi-square quantiles (Garwood 1936):
 * lower = χ²(α/2, 2x)/2, upper = χ²(1 − α/2, 2x + 2)/2, via gamma quantiles.
 */
export function exactPoissonLimits(
  count: number,
  confidence: number,
): CountLimits {
  const alpha = 1 - confidence;
  return {
    lower: count === 0 ? 0 : qgamma(alpha / 2, count),
    upper: qgamma(1 - alpha / 2, count + 1),
  };
}

/** Fingertips' choice: exact limits below 10 events, Byars from 10. */
export function poissonLimits(
  count: number,
  confidence: number,
): CountLimits & { method: "Exact" | "Byars" } {
  return count < BYARS_MINIMUM_COUNT
    ? { ...exactPoissonLimits(count, confidence), method: "Exact" }
    : { ...byarsLimits(count, confidence), method: "Byars" };
}

/**
 * A crude rate (events/population × multiplier, e.g. per 100,000) with Poisson limits.
 * The count may exceed the population: rates are not proportions.
 */
export function crudeRate(
  count: number | null,
  population: number | null,
  options: MethodOptions = {},
): Estimate {
  const levels = confidenceLevels(options.confidence);
  const multiplier = options.multiplier ?? 100_000;
  if (!isKnown(count) || !isKnown(population) || population <= 0)
    return notAvailable(
      levels,
      count !== null && count < BYARS_MINIMUM_COUNT ? "Exact" : "Byars",
    );
  const scale = multiplier / population;
  return {
    value: count * scale,
    intervals: levels.map((c) => {
      const l = poissonLimits(count, c);
      return interval(c, l.lower * scale, l.upper * scale);
    }),
    method: count < BYARS_MINIMUM_COUNT ? "Exact" : "Byars",
  };
}
