import type { Estimate, MethodOptions } from "../model";
import {
  confidenceLevels,
  interval,
  isKnown,
  notAvailable,
  sum,
} from "./common";
import { BYARS_MINIMUM_COUNT, byarsLimits } from "./rate";

/** European Standard Population 2013, 19 bands 0-4 … 85-89, 90+ (Eurostat 2013; total 100,000). */
export const ESP2013 = [
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
  5500, 5000, 4000, 2500, 1500, 1000,
] as const;

/** ESP2013 with 0-4 split into under 1 (1,000) and 1-4 (4,000): the life-table banding. */
export const ESP2013_LIFE_TABLE_BANDS = [
  1000,
  4000,
  ...ESP2013.slice(1),
] as const;

export interface StandardisationBand {
  /** Events in the band; NA counts as 0 (no events recorded). */
  readonly count: number | null;
  readonly population: number;
  readonly standardPopulation: number;
}

/** People in a band grouped by how many events each had, for non-independent events. */
export interface EventFrequencyBand {
  readonly population: number;
  readonly standardPopulation: number;
  readonly personsByEventCount: readonly {
    readonly events: number;
    readonly persons: number | null;
  }[];
}

export type DsrEstimate = Estimate & {
  readonly totalCount: number;
  readonly totalPopulation: number;
};

/**
 * Attaches ESP2013 to 19 age bands (0-4 … 85-89, 90+), the standard Fingertips uses for
 * every directly standardised rate. Returns null when the bands do not number 19.
 */
export function withEsp2013(
  bands: readonly {
    readonly count: number | null;
    readonly population: number;
  }[],
): StandardisationBand[] | null {
  if (bands.length !== ESP2013.length) return null;
  return bands.map((b, i) => ({ ...b, standardPopulation: ESP2013[i] ?? 0 }));
}

const DOBSON = "Dobson";
const DOBSON_NON_INDEPENDENT =
  "Dobson, with confidence adjusted for non-independent events";

/**
 * Directly standardised rate with Dobson et al. (1991) limits: the DSR's variance is spread
 * over the Byars limits of the total count. Fingertips gives NA when the total count is < 10.
 * Default multiplier 100,000; default standard population is whatever each band carries
 * (use ESP2013 for Fingertips indicators).
 */
export function directlyStandardisedRate(
  bands: readonly StandardisationBand[],
  options: MethodOptions = {},
): DsrEstimate {
  const counts = bands.map((b) => b.count ?? 0);
  return dobson(
    bands,
    counts,
    // Independent events: each band's count is its own Poisson variance.
    counts,
    options,
    DOBSON,
  );
}

/**
 * The DSR for events that may happen more than once to one person (e.g. admissions): the
 * variance of a band's count is Σ f²·persons_f instead of the count itself, so repeated
 * events widen the limits (PHEindicatormethods `calculate_dsr(independent_events = FALSE)`).
 */
export function directlyStandardisedRateForNonIndependentEvents(
  bands: readonly EventFrequencyBand[],
  options: MethodOptions = {},
): DsrEstimate {
  const counts = bands.map((b) =>
    sum(b.personsByEventCount.map((p) => p.events * (p.persons ?? 0))),
  );
  const variances = bands.map((b) =>
    sum(
      b.personsByEventCount.map((p) => p.events * p.events * (p.persons ?? 0)),
    ),
  );
  return dobson(bands, counts, variances, options, DOBSON_NON_INDEPENDENT);
}

function dobson(
  bands: readonly {
    readonly population: number;
    readonly standardPopulation: number;
  }[],
  counts: readonly number[],
  countVariances: readonly number[],
  options: MethodOptions,
  method: string,
): DsrEstimate {
  const levels = confidenceLevels(options.confidence);
  const multiplier = options.multiplier ?? 100_000;
  const totalCount = sum(counts);
  const totalPopulation = sum(bands.map((b) => b.population));
  const na = { ...notAvailable(levels, method), totalCount, totalPopulation };
  const unusable = bands.some(
    (b, i) =>
      !isKnown(b.population) ||
      b.population < 0 ||
      (b.population === 0 && (counts[i] ?? 0) > 0),
  );
  if (unusable || totalCount < BYARS_MINIMUM_COUNT) return na;
  const totalStandard = sum(bands.map((b) => b.standardPopulation));
  // Bands with no population and no events add nothing (rather than 0/0).
  const share = (b: (typeof bands)[number]): number =>
    b.population === 0 ? 0 : b.standardPopulation / b.population;
  const dsr =
    sum(bands.map((b, i) => share(b) * (counts[i] ?? 0))) / totalStandard;
  const variance =
    sum(bands.map((b, i) => share(b) ** 2 * (countVariances[i] ?? 0))) /
    totalStandard ** 2;
  const spread = Math.sqrt(variance / totalCount);
  return {
    value: dsr * multiplier,
    intervals: levels.map((c) => {
      const { lower, upper } = byarsLimits(totalCount, c);
      return interval(
        c,
        (dsr + spread * (lower - totalCount)) * multiplier,
        (dsr + spread * (upper - totalCount)) * multiplier,
      );
    }),
    method,
    totalCount,
    totalPopulation,
  };
}
