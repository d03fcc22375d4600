import type { Estimate } from "../model";
import {
  confidenceLevels,
  interval,
  isKnown,
  notAvailable,
  sum,
} from "./common";
import { qt } from "./distributions";

export interface MeanSummary {
  readonly total: number;
  readonly count: number;
  /** Sample standard deviation (divisor n − 1). */
  readonly standardDeviation: number;
}

/** Sum, count and sample SD of the known values (NA values are left out). */
export function summariseValues(
  values: readonly (number | null)[],
): MeanSummary {
  const known = values.filter(isKnown);
  const total = sum(known);
  const mean = total / known.length;
  const squares = sum(known.map((v) => (v - mean) ** 2));
  return {
    total,
    count: known.length,
    standardDeviation: Math.sqrt(squares / (known.length - 1)),
  };
}

/** A mean with Student's t limits: mean ± t(1 − α/2, n − 1)·sd/√n. Needs at least 2 values. */
export function meanWithStudentTLimits(
  values: readonly (number | null)[],
  options: { readonly confidence?: readonly number[] } = {},
): Estimate & MeanSummary {
  const levels = confidenceLevels(options.confidence);
  const method = "Student's t-distribution";
  const summary = summariseValues(values);
  if (summary.count < 2) return { ...notAvailable(levels, method), ...summary };
  const mean = summary.total / summary.count;
  const standardError = summary.standardDeviation / Math.sqrt(summary.count);
  return {
    value: mean,
    intervals: levels.map((c) => {
      const half = qt(1 - (1 - c) / 2, summary.count - 1) * standardError;
      return interval(c, mean - half, mean + half);
    }),
    method,
    ...summary,
  };
}
