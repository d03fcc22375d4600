import { PopulationHealthError } from "../errors";
import {
  FINGERTIPS_CONFIDENCE,
  type ConfidenceInterval,
  type Estimate,
} from "../model";
import { zForConfidence } from "./distributions";

/** The levels asked for, or Fingertips' 95% and 99.8%; each checked once here. */
export function confidenceLevels(
  levels: readonly number[] | undefined,
): readonly number[] {
  const chosen = levels ?? FINGERTIPS_CONFIDENCE;
  for (const c of chosen) {
    if (!(c > 0 && c < 1))
      throw new PopulationHealthError("invalid_confidence", `Got ${c}.`);
  }
  return chosen;
}

export const z = zForConfidence;

/** An estimate whose every output is NA, with the levels still listed so tables line up. */
export function notAvailable(
  levels: readonly number[],
  method: string,
): Estimate {
  return {
    value: null,
    intervals: levels.map((confidence) => ({
      confidence,
      lower: null,
      upper: null,
    })),
    method,
  };
}

export function interval(
  confidence: number,
  lower: number,
  upper: number,
): ConfidenceInterval {
  return { confidence, lower, upper };
}

/** True for a usable number (not null, undefined or NaN). */
export function isKnown(x: number | null | undefined): x is number {
  return x !== null && x !== undefined && !Number.isNaN(x);
}

export const sum = (xs: readonly number[]): number => {
  // Neumaier summation: long sums of populations should not lose their last digits.
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
};
