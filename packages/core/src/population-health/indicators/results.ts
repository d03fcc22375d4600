// From aggregated counts (the rows of the indicator queries) to published values: each cell's
// statistic with its confidence limits, and the slope and relative index of inequality across
// IMD deciles and quintiles beside each indicator.
import { FINGERTIPS_CONFIDENCE, type Estimate } from "../model";

const FINGERTIPS = [...FINGERTIPS_CONFIDENCE];
import { ESP2013 } from "../statistics/dsr";
import { directlyStandardisedRate } from "../statistics/dsr";
import {
  lifeExpectancy,
  LIFE_TABLE_START_AGES,
} from "../statistics/life-expectancy";
import { proportionWithWilsonLimits } from "../statistics/proportion";
import { crudeRate } from "../statistics/rate";
import {
  seededUniform,
  slopeIndexOfInequality,
  type SiiResult,
} from "../statistics/sii";
import { zForConfidence } from "../statistics/distributions";
import {
  AGE_BANDS_5,
  AGE_BANDS_LIFE_TABLE,
  type Dimension,
  type MeasureRow,
} from "../query/model";
import type { Indicator, IndicatorMetadata } from "./library";

type Group = Readonly<Partial<Record<Dimension, string | number | null>>>;

export interface IndicatorCell {
  /** The breakdown ([] for the whole population) and the cell's value of each dimension. */
  readonly breakdown: readonly Dimension[];
  readonly group: Group;
  /** Events or people counted, and people (or the population) they are counted among. */
  readonly numerator: number;
  readonly denominator: number;
  readonly estimate: Estimate;
}

export interface IndicatorInequality {
  readonly by: "imd_decile" | "imd_quintile";
  /** Null when fewer than five quantiles have a value. */
  readonly result: SiiResult | null;
}

export interface IndicatorResult {
  readonly metadata: IndicatorMetadata;
  readonly cells: readonly IndicatorCell[];
  readonly inequality: readonly IndicatorInequality[];
}

/** Indicators with the Fingertips confidence levels; SII limits by a seeded simulation. */
export interface IndicatorResultOptions {
  readonly confidence?: readonly number[];
  readonly siiRepetitions?: number;
}

const FIVE_YEAR_OF_LIFE_TABLE = (band: string): string =>
  band === "0" || band === "1-4" ? "0-4" : band;
const UNDER_75_BANDS = AGE_BANDS_5.slice(0, 15);

interface Accumulated {
  breakdown: Dimension[];
  group: Record<string, string | number | null>;
  numerator: number;
  denominator: number;
  bands: Map<string, { numerator: number; denominator: number }>;
}

/** Collects an indicator's rows into cells, summing over age bands where the rows carry them. */
function cellsOf(rows: readonly MeasureRow[]): Accumulated[] {
  const cells = new Map<string, Accumulated>();
  const add = (
    breakdown: Dimension[],
    group: Record<string, string | number | null>,
    band: string | null,
    r: MeasureRow,
  ) => {
    const key = JSON.stringify([breakdown, group]);
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        breakdown,
        group,
        numerator: 0,
        denominator: 0,
        bands: new Map(),
      };
      cells.set(key, cell);
    }
    cell.numerator += r.numerator;
    cell.denominator += r.denominator ?? 0;
    if (band !== null) {
      const b = cell.bands.get(band) ?? { numerator: 0, denominator: 0 };
      b.numerator += r.numerator;
      b.denominator += r.denominator ?? 0;
      cell.bands.set(band, b);
    }
  };
  for (const r of rows) {
    if (!r.breakdown.includes("age_band_life_table")) {
      add([...r.breakdown], { ...r.group }, null, r);
      continue;
    }
    const band = String(r.group.age_band_life_table);
    const breakdown = r.breakdown.filter((d) => d !== "age_band_life_table");
    const group: Record<string, string | number | null> = { ...r.group };
    delete group["age_band_life_table"];
    add(breakdown, group, band, r);
    // The whole population's rows also give the five-year age breakdown.
    if (breakdown.length === 0)
      add(
        ["age_band_5"],
        { age_band_5: FIVE_YEAR_OF_LIFE_TABLE(band) },
        band,
        r,
      );
  }
  return [...cells.values()];
}

function estimateOf(
  indicator: Indicator,
  cell: Accumulated,
  levels: readonly number[] | undefined,
): Estimate {
  const multiplier = indicator.metadata.multiplier;
  const confidence = levels ? [...levels] : FINGERTIPS;
  switch (indicator.statistic) {
    case "proportion":
      return proportionWithWilsonLimits(cell.numerator, cell.denominator, {
        confidence,
        multiplier,
      });
    case "crude_rate":
      return crudeRate(cell.numerator, cell.denominator, {
        confidence,
        multiplier,
      });
    case "dsr": {
      const fiveYear = new Map<
        string,
        { numerator: number; denominator: number }
      >();
      for (const [band, v] of cell.bands) {
        const key = FIVE_YEAR_OF_LIFE_TABLE(band);
        const b = fiveYear.get(key) ?? { numerator: 0, denominator: 0 };
        b.numerator += v.numerator;
        b.denominator += v.denominator;
        fiveYear.set(key, b);
      }
      const bands = UNDER_75_BANDS.map((band, i) => ({
        count: fiveYear.get(band)?.numerator ?? 0,
        population: fiveYear.get(band)?.denominator ?? 0,
        standardPopulation: ESP2013[i] ?? 0,
      }));
      // A band without people contributes nothing (and would divide by zero).
      return directlyStandardisedRate(
        bands.filter((b) => b.population > 0),
        { confidence, multiplier },
      );
    }
    case "life_expectancy": {
      const table = lifeExpectancy(
        AGE_BANDS_LIFE_TABLE.map((band, i) => ({
          startAge: LIFE_TABLE_START_AGES[i] ?? 0,
          population: cell.bands.get(band)?.denominator ?? 0,
          deaths: cell.bands.get(band)?.numerator ?? 0,
        })),
        { confidence },
      );
      const atBirth = table.ages[0];
      return {
        value: atBirth?.value ?? null,
        intervals: atBirth ? [...atBirth.intervals] : [],
        method:
          table.notCalculated === null
            ? table.method
            : `${table.method} (not calculated: ${table.notCalculated})`,
      };
    }
  }
}

function inequalityOf(
  indicator: Indicator,
  cells: readonly IndicatorCell[],
  by: "imd_decile" | "imd_quintile",
  options: IndicatorResultOptions,
): IndicatorInequality {
  const z = zForConfidence(0.95);
  const proportion = indicator.statistic === "proportion";
  const rate =
    indicator.statistic === "crude_rate" || indicator.statistic === "dsr";
  const scale = proportion ? indicator.metadata.multiplier : 1;
  const quantiles = cells
    .filter(
      (c) =>
        c.breakdown.length === 1 &&
        c.breakdown[0] === by &&
        typeof c.group[by] === "number",
    )
    .flatMap((c) => {
      const value = c.estimate.value;
      const ci = c.estimate.intervals.find((i) => i.confidence === 0.95);
      if (
        value === null ||
        ci?.lower == null ||
        ci.upper == null ||
        c.denominator <= 0
      )
        return [];
      const v = value / scale;
      const lower = ci.lower / scale;
      const upper = ci.upper / scale;
      const logit = (p: number) => Math.log(p / (1 - p));
      let standardError: number;
      if (proportion) {
        if (lower <= 0 || upper >= 1 || v <= 0 || v >= 1) return [];
        standardError = (logit(upper) - logit(lower)) / (2 * z);
      } else if (rate) {
        if (lower <= 0 || v <= 0) return [];
        standardError = (Math.log(upper) - Math.log(lower)) / (2 * z);
      } else {
        standardError = (upper - lower) / (2 * z);
      }
      return [
        {
          quantile: Number(c.group[by]),
          population: c.denominator,
          value: v,
          standardError,
        },
      ];
    });
  if (quantiles.length < 5) return { by, result: null };
  return {
    by,
    result: slopeIndexOfInequality(quantiles, {
      valueType: proportion ? "proportion" : rate ? "rate" : "normal",
      multiplier: scale,
      confidence: [0.95],
      uniform: seededUniform(1),
      repetitions: options.siiRepetitions ?? 1000,
    }),
  };
}

/**
 * The published values of each indicator from the rows of its query: every cell with its
 * statistic, and SII/RII across IMD deciles and quintiles.
 */
export function indicatorResults(
  indicators: readonly Indicator[],
  rows: readonly MeasureRow[],
  options: IndicatorResultOptions = {},
): IndicatorResult[] {
  return indicators.map((indicator) => {
    const mine = rows.filter((r) => r.measure === indicator.measure.id);
    const cells: IndicatorCell[] = cellsOf(mine).map((c) => ({
      breakdown: c.breakdown,
      group: c.group,
      numerator: c.numerator,
      denominator: c.denominator,
      estimate: estimateOf(indicator, c, options.confidence),
    }));
    return {
      metadata: indicator.metadata,
      cells,
      inequality: (["imd_decile", "imd_quintile"] as const).map((by) =>
        inequalityOf(indicator, cells, by, options),
      ),
    };
  });
}
