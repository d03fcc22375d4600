import type { Estimate, MethodOptions } from "../model";
import { confidenceLevels, interval, isKnown, notAvailable, z } from "./common";

/**
 * Wilson score limits for a proportion x/n on the 0–1 scale (Wilson 1927; the Fingertips
 * formula (2x + z² ± z√(z² + 4x(1 − x/n))) / 2(n + z²)). Accepts non-integer x.
 */
export function wilsonLimits(
  numerator: number,
  denominator: number,
  confidence: number,
): { lower: number; upper: number } {
  const zz = z(confidence);
  const spread =
    zz * Math.sqrt(zz * zz + 4 * numerator * (1 - numerator / denominator));
  const divisor = 2 * (denominator + zz * zz);
  return {
    lower: (2 * numerator + zz * zz - spread) / divisor,
    upper: (2 * numerator + zz * zz + spread) / divisor,
  };
}

/**
 * A proportion (multiplier 1) or percentage (multiplier 100) with Wilson score limits.
 * NA numerator or denominator, or a denominator of 0, gives NA throughout.
 */
export function proportionWithWilsonLimits(
  numerator: number | null,
  denominator: number | null,
  options: MethodOptions = {},
): Estimate {
  const levels = confidenceLevels(options.confidence);
  const multiplier = options.multiplier ?? 1;
  const method = "Wilson";
  // A proportion needs 0 ≤ numerator ≤ denominator; anything else is not a proportion.
  if (
    !isKnown(numerator) ||
    !isKnown(denominator) ||
    denominator <= 0 ||
    numerator < 0 ||
    numerator > denominator
  )
    return notAvailable(levels, method);
  return {
    value: (numerator / denominator) * multiplier,
    intervals: levels.map((c) => {
      const { lower, upper } = wilsonLimits(numerator, denominator, c);
      return interval(c, lower * multiplier, upper * multiplier);
    }),
    method,
  };
}
