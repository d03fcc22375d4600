import type { Estimate, MethodOptions } from "../model";
import { confidenceLevels, interval, notAvailable, sum } from "./common";
import { poissonLimits } from "./rate";

export interface IndirectStandardisationBand {
  /** Local events; NA counts as 0. */
  readonly count: number | null;
  /** Local population; NA counts as 0. */
  readonly population: number | null;
  readonly referenceCount: number;
  readonly referencePopulation: number;
}

export type IsrEstimate = Estimate & {
  readonly observed: number;
  /** Events expected if the reference rates applied locally: Σ pop·refcount/refpop. */
  readonly expected: number;
};

function observedAndExpected(bands: readonly IndirectStandardisationBand[]): {
  observed: number;
  expected: number;
} {
  return {
    observed: sum(bands.map((b) => b.count ?? 0)),
    expected: sum(
      bands.map((b) =>
        b.referencePopulation === 0
          ? 0
          : ((b.population ?? 0) * b.referenceCount) / b.referencePopulation,
      ),
    ),
  };
}

function scaledByPoissonLimits(
  observed: number,
  expected: number,
  scale: number,
  levels: readonly number[],
): Estimate {
  const method = poissonLimits(observed, 0.95).method;
  if (!(expected > 0)) return notAvailable(levels, method);
  return {
    value: (observed / expected) * scale,
    intervals: levels.map((c) => {
      const l = poissonLimits(observed, c);
      return interval(
        c,
        (l.lower / expected) * scale,
        (l.upper / expected) * scale,
      );
    }),
    method,
  };
}

/**
 * Indirectly standardised ratio (the SMR when the events are deaths): O/E × multiplier
 * (1, or 100 as Fingertips shows it), with exact (O < 10) or Byars Poisson limits on O.
 */
export function standardisedRatio(
  bands: readonly IndirectStandardisationBand[],
  options: MethodOptions = {},
): IsrEstimate {
  const levels = confidenceLevels(options.confidence);
  const { observed, expected } = observedAndExpected(bands);
  return {
    ...scaledByPoissonLimits(
      observed,
      expected,
      options.multiplier ?? 100,
      levels,
    ),
    observed,
    expected,
  };
}

/**
 * Indirectly standardised rate: O/E × the reference population's crude rate
 * (Σ refcount / Σ refpop × multiplier), with the ratio's Poisson limits scaled the same way.
 */
export function indirectlyStandardisedRate(
  bands: readonly IndirectStandardisationBand[],
  options: MethodOptions = {},
): IsrEstimate & { readonly referenceRate: number } {
  const levels = confidenceLevels(options.confidence);
  const { observed, expected } = observedAndExpected(bands);
  const referenceRate =
    (sum(bands.map((b) => b.referenceCount)) /
      sum(bands.map((b) => b.referencePopulation))) *
    (options.multiplier ?? 100_000);
  return {
    ...scaledByPoissonLimits(observed, expected, referenceRate, levels),
    observed,
    expected,
    referenceRate,
  };
}
