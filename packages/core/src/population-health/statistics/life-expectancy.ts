import type { ConfidenceInterval } from "../model";
import { confidenceLevels, isKnown, sum, z } from "./common";

/** Start ages of the 20 bands the method needs: 0, 1-4, 5-9, …, 85-89, 90+. */
export const LIFE_TABLE_START_AGES = [
  0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
] as const;

/** Fingertips does not publish life expectancy for a population smaller than this. */
export const MINIMUM_LIFE_TABLE_POPULATION = 5000;
/** Nor a value whose 95% confidence interval is wider than this many years. */
export const MAXIMUM_CI_WIDTH_YEARS = 20;

export interface LifeTableBand {
  readonly startAge: number;
  readonly population: number | null;
  readonly deaths: number | null;
}

export type LifeExpectancyNotCalculated =
  | "wrong_number_of_age_bands"
  | "negative_deaths"
  | "population_not_positive"
  | "deaths_exceed_population"
  | "total_population_too_small";

export interface LifeExpectancyAtAge {
  readonly startAge: number;
  /** Null when the whole table is not calculated or the 95% CI is wider than 20 years. */
  readonly value: number | null;
  /** Limits are still given when the value is withheld for a wide CI, as Fingertips does. */
  readonly intervals: readonly ConfidenceInterval[];
  /** People and deaths from this age upward. */
  readonly populationUsed: number | null;
  readonly deathsUsed: number | null;
}

export interface LifeExpectancyTable {
  readonly method: "Chiang II, Silcocks variance";
  readonly notCalculated: LifeExpectancyNotCalculated | null;
  readonly ages: readonly LifeExpectancyAtAge[];
}

function whyNotCalculated(
  bands: readonly LifeTableBand[],
): LifeExpectancyNotCalculated | null {
  if (bands.length !== LIFE_TABLE_START_AGES.length)
    return "wrong_number_of_age_bands";
  if (bands.some((b) => isKnown(b.deaths) && b.deaths < 0))
    return "negative_deaths";
  if (bands.some((b) => !isKnown(b.population) || b.population <= 0))
    return "population_not_positive";
  if (bands.some((b) => (b.deaths ?? 0) > (b.population ?? 0)))
    return "deaths_exceed_population";
  if (sum(bands.map((b) => b.population ?? 0)) < MINIMUM_LIFE_TABLE_POPULATION)
    return "total_population_too_small";
  return null;
}

/**
 * Abridged life table by Chiang's method II with the variance of Silcocks, Jenner & Reza
 * (2001, J Epidemiol Community Health 55:38–43), as published by PHE/OHID for Fingertips:
 * a₀ = 0.1 and aₓ = 0.5 elsewhere, qₓ = nₓmₓ/(1 + nₓ(1 − aₓ)mₓ), q = 1 in the open band
 * where Lₓ = lₓ/mₓ. Bands must be in age order: 0, 1-4, 5-9, …, 85-89, 90+.
 */
export function lifeExpectancy(
  bands: readonly LifeTableBand[],
  options: { readonly confidence?: readonly number[] } = {},
): LifeExpectancyTable {
  const levels = confidenceLevels(options.confidence);
  const method = "Chiang II, Silcocks variance" as const;
  const notCalculated = whyNotCalculated(bands);
  if (notCalculated !== null) {
    return {
      method,
      notCalculated,
      ages: bands.map((b) => ({
        startAge: b.startAge,
        value: null,
        intervals: levels.map((confidence) => ({
          confidence,
          lower: null,
          upper: null,
        })),
        populationUsed: null,
        deathsUsed: null,
      })),
    };
  }

  const last = bands.length - 1;
  const pops = bands.map((b) => b.population ?? 0);
  const deaths = bands.map((b) => b.deaths ?? 0);
  const width = bands.map(
    (b, i) => (bands[i + 1]?.startAge ?? Infinity) - b.startAge,
  );
  const a = bands.map((b) => (b.startAge === 0 ? 0.1 : 0.5));
  const m = deaths.map((d, i) => d / (pops[i] ?? 1));
  const q = m.map((mx, i) =>
    i === last
      ? 1
      : ((width[i] ?? 0) * mx) / (1 + (width[i] ?? 0) * (1 - (a[i] ?? 0)) * mx),
  );
  const l: number[] = [100_000];
  for (let i = 1; i <= last; i++)
    l.push((l[i - 1] ?? 0) * (1 - (q[i - 1] ?? 0)));
  const at = (xs: readonly number[], i: number): number => xs[i] ?? 0;
  const dx = l.map((lx, i) => lx - (l[i + 1] ?? 0));
  const bigL = l.map((lx, i) =>
    i === last
      ? lx / at(m, i)
      : at(width, i) * (at(l, i + 1) + at(a, i) * at(dx, i)),
  );
  const tx = suffixSums(bigL);
  const e = tx.map((t, i) => t / at(l, i));

  // Silcocks: the variance of pₓ is qₓ²(1 − qₓ)/Dₓ, and of the open band's e, 1/(D mₓ²).
  const weighted = l.map((lx, i) => {
    if (i === last) return (lx * lx) / (at(deaths, i) * at(m, i) ** 2);
    const varianceOfP =
      at(q, i) === 0 ? 0 : (at(q, i) ** 2 * (1 - at(q, i))) / at(deaths, i);
    return (
      varianceOfP *
      lx *
      lx *
      ((1 - at(a, i)) * at(width, i) + at(e, i + 1)) ** 2
    );
  });
  const cumulativeVariance = suffixSums(weighted);
  const populationUsed = suffixSums(pops);
  const deathsUsed = suffixSums(deaths);
  const z95 = z(0.95);

  return {
    method,
    notCalculated: null,
    ages: bands.map((b, i) => {
      const value = at(e, i);
      const standardError = Math.sqrt(
        at(cumulativeVariance, i) / at(l, i) ** 2,
      );
      const tooWide = 2 * z95 * standardError > MAXIMUM_CI_WIDTH_YEARS;
      return {
        startAge: b.startAge,
        value: tooWide ? null : value,
        intervals: levels.map((confidence) => ({
          confidence,
          lower: value - z(confidence) * standardError,
          upper: value + z(confidence) * standardError,
        })),
        populationUsed: at(populationUsed, i),
        deathsUsed: at(deathsUsed, i),
      };
    }),
  };
}

/** Sums from each position to the end (Tₓ = Σ Lᵢ for i ≥ x, and the like). */
function suffixSums(xs: readonly number[]): number[] {
  const out = new Array<number>(xs.length).fill(0);
  let running = 0;
  for (let i = xs.length - 1; i >= 0; i--) {
    running += xs[i] ?? 0;
    out[i] = running;
  }
  return out;
}
