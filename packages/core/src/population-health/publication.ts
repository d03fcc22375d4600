// From true counts to what may be published: every count passes disclosure control, every value
// and confidence interval is recomputed from the counts as shown (never from the true ones), a
// suppressed cell cannot be recovered from the total or from another breakdown of the same
// measure, and the inequality gradient is fitted to the published values only.

import { ok, type Result } from "../shared";
import {
  DEFAULT_DISCLOSURE_RULE,
  protectBreakdown,
  protectCount,
  type DisclosureProblem,
  type DisclosureRule,
} from "./disclosure";
import type { Estimate } from "./model";
import type { IndicatorCell, IndicatorResult } from "./indicators/results";
import { zForConfidence } from "./statistics/distributions";
import { proportionWithWilsonLimits } from "./statistics/proportion";
import { crudeRate } from "./statistics/rate";
import {
  slopeIndexOfInequality,
  type SiiQuantile,
  type SiiResult,
} from "./statistics/sii";

export type PublishedStatistic =
  "proportion" | "crude_rate" | "dsr" | "life_expectancy";

/** One cell of a measure before disclosure control: server-side only. */
export interface TrueCell {
  readonly group: string;
  readonly numerator: number;
  readonly denominator: number;
}

export interface TrueBreakdown {
  /** e.g. "imd_decile", "sex", "age_band", "place", "practice". */
  readonly dimension: string;
  readonly cells: readonly TrueCell[];
}

export interface PublishOptions {
  readonly statistic: PublishedStatistic;
  /** 100 for a percentage, 100,000 for a rate per 100,000. */
  readonly multiplier: number;
  readonly rule?: DisclosureRule;
  readonly confidence?: readonly number[];
  /**
   * The breakdown by deprivation quantile (groups "1" = most deprived … "n") on which to fit
   * the slope and relative index of inequality, if any.
   */
  readonly inequalityDimension?: string;
  /** Seeded uniform numbers for the SII's Monte-Carlo limits (core draws none of its own). */
  readonly uniform?: () => number;
  readonly repetitions?: number;
}

export interface PublishedCell {
  readonly group: string;
  /** Null when suppressed ("*"). */
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** Suppressed only so that another suppressed cell cannot be worked out. */
  readonly secondarySuppression: boolean;
  readonly estimate: Estimate;
}

export interface PublishedBreakdown {
  readonly dimension: string;
  readonly cells: readonly PublishedCell[];
}

export type PublishedInequality =
  | {
      readonly status: "calculated";
      readonly dimension: string;
      readonly result: SiiResult;
    }
  | {
      readonly status: "not_calculated";
      readonly dimension: string;
      readonly reason: string;
    };

export interface Publication {
  readonly rule: DisclosureRule;
  readonly statistic: PublishedStatistic;
  readonly multiplier: number;
  readonly overall: PublishedCell;
  readonly breakdowns: readonly PublishedBreakdown[];
  readonly inequality: PublishedInequality | null;
}

function estimateOf(
  statistic: PublishedStatistic,
  numerator: number | null,
  denominator: number | null,
  options: PublishOptions,
): Estimate {
  const methodOptions = {
    multiplier: options.multiplier,
    confidence: [...(options.confidence ?? [0.95, 0.998])],
  };
  if (statistic === "proportion")
    return proportionWithWilsonLimits(numerator, denominator, methodOptions);
  if (statistic === "crude_rate")
    return crudeRate(numerator, denominator, methodOptions);
  throw new Error(
    `${statistic} needs counts by age band: publish it with publishIndicator`,
  );
}

/**
 * Applies disclosure control and the statistics to a measure's overall counts and breakdowns.
 * Every breakdown is protected against the same total; if any of them must hide the total, it
 * is hidden everywhere, so no breakdown gives away what another hides.
 */
export function publishMeasure(
  overall: { readonly numerator: number; readonly denominator: number },
  breakdowns: readonly TrueBreakdown[],
  options: PublishOptions,
): Result<Publication, DisclosureProblem> {
  const rule = options.rule ?? DEFAULT_DISCLOSURE_RULE;
  const protectedBreakdowns = [];
  for (const b of breakdowns) {
    const numerators = protectBreakdown(
      b.cells.map((c) => c.numerator),
      rule,
    );
    if (!numerators.ok) return numerators;
    const denominators = protectBreakdown(
      b.cells.map((c) => c.denominator),
      rule,
    );
    if (!denominators.ok) return denominators;
    protectedBreakdowns.push({
      breakdown: b,
      numerators: numerators.value,
      denominators: denominators.value,
    });
  }
  const totals = protectBreakdown([overall.numerator], rule);
  const totalDenominators = protectBreakdown([overall.denominator], rule);
  if (!totals.ok) return totals;
  if (!totalDenominators.ok) return totalDenominators;
  const hideNumerator = protectedBreakdowns.some(
    (p) => p.numerators.total.value === null,
  );
  const hideDenominator = protectedBreakdowns.some(
    (p) => p.denominators.total.value === null,
  );
  const overallNumerator = hideNumerator ? null : totals.value.total.value;
  const overallDenominator = hideDenominator
    ? null
    : totalDenominators.value.total.value;

  const published: PublishedBreakdown[] = protectedBreakdowns.map(
    ({ breakdown, numerators, denominators }) => ({
      dimension: breakdown.dimension,
      cells: breakdown.cells.map((c, i) => {
        const numerator = numerators.cells[i]?.value ?? null;
        const denominator = denominators.cells[i]?.value ?? null;
        return {
          group: c.group,
          numerator,
          denominator,
          secondarySuppression:
            numerators.secondarySuppressed.includes(i) ||
            denominators.secondarySuppressed.includes(i),
          estimate: estimateOf(
            options.statistic,
            numerator,
            denominator,
            options,
          ),
        };
      }),
    }),
  );

  return ok({
    rule,
    statistic: options.statistic,
    multiplier: options.multiplier,
    overall: {
      group: "overall",
      numerator: overallNumerator,
      denominator: overallDenominator,
      secondarySuppression:
        (hideNumerator && totals.value.total.value !== null) ||
        (hideDenominator && totalDenominators.value.total.value !== null),
      estimate: estimateOf(
        options.statistic,
        overallNumerator,
        overallDenominator,
        options,
      ),
    },
    breakdowns: published,
    inequality:
      options.inequalityDimension === undefined
        ? null
        : inequalityOf(published, options.inequalityDimension, options),
  });
}

/** A deprivation breakdown as a sentence names it, e.g. "deprivation decile". */
const quantileName = (dimension: string): string =>
  dimension === "imd_decile"
    ? "deprivation decile"
    : dimension === "imd_quintile"
      ? "deprivation quintile"
      : dimension.replaceAll("_", " ");

/**
 * The SII and RII across deprivation quantiles, from the published values. Standard errors come
 * from each value's 95% limits on the scale the statistic varies normally on (logit for a
 * proportion, log for a rate), as the PHE SII guidance does.
 */
function inequalityOf(
  breakdowns: readonly PublishedBreakdown[],
  dimension: string,
  options: PublishOptions,
): PublishedInequality {
  const breakdown = breakdowns.find((b) => b.dimension === dimension);
  const named = quantileName(dimension);
  if (breakdown === undefined)
    return {
      status: "not_calculated",
      dimension,
      reason: `There is no breakdown by ${named}.`,
    };
  const quantiles: SiiQuantile[] = [];
  const z = zForConfidence(0.95);
  const scale = options.statistic === "proportion" ? options.multiplier : 1;
  for (const c of breakdown.cells) {
    const quantile = Number(c.group);
    const value = c.estimate.value;
    const ci = c.estimate.intervals.find((i) => i.confidence === 0.95);
    if (
      !Number.isInteger(quantile) ||
      value === null ||
      c.denominator === null ||
      ci?.lower == null ||
      ci.upper == null
    )
      return {
        status: "not_calculated",
        dimension,
        reason: `The value for ${named} ${c.group} is suppressed or cannot be calculated, so no gradient is fitted.`,
      };
    const transform =
      options.statistic === "proportion"
        ? (v: number) => Math.log(v / scale / (1 - v / scale))
        : options.statistic === "life_expectancy"
          ? (v: number) => v
          : Math.log;
    const lower = ci.lower;
    const upper = ci.upper;
    const bounded =
      options.statistic === "life_expectancy" ||
      (lower > 0 && (options.statistic !== "proportion" || upper < scale));
    quantiles.push({
      quantile,
      population: c.denominator,
      // Proportions are fitted on the 0–1 scale (their logit is defined there) and scaled back.
      value: value / scale,
      ...(bounded
        ? { standardError: (transform(upper) - transform(lower)) / (2 * z) }
        : {}),
    });
  }
  if (quantiles.length < 2)
    return {
      status: "not_calculated",
      dimension,
      reason: "A gradient needs at least two quantiles.",
    };
  return {
    status: "calculated",
    dimension,
    result: slopeIndexOfInequality(quantiles, {
      valueType:
        options.statistic === "proportion"
          ? "proportion"
          : options.statistic === "life_expectancy"
            ? "normal"
            : "rate",
      multiplier: scale,
      confidence: options.confidence ?? [0.95, 0.998],
      ...(options.uniform === undefined ? {} : { uniform: options.uniform }),
      ...(options.repetitions === undefined
        ? {}
        : { repetitions: options.repetitions }),
    }),
  };
}

/** Fewer events than this and a directly standardised rate is not published (PHE's rule). */
export const DSR_MINIMUM_EVENTS = 10;

const NOT_PUBLISHED = (estimate: Estimate, why: string): Estimate => ({
  value: null,
  intervals: estimate.intervals.map((i) => ({
    ...i,
    lower: null,
    upper: null,
  })),
  method: `${estimate.method} (not published: ${why})`,
});

/**
 * Publishes a standard indicator computed from true counts: every shown count passes
 * disclosure control as in publishMeasure (person-years are rounded to whole years first);
 * proportions and crude rates are recomputed from the shown counts; a directly standardised
 * rate or life expectancy, which need counts by age band, keeps its value only where its
 * counts may be shown (and, for a DSR, where there are at least 10 events). The gradient is
 * fitted to the published values.
 */
export function publishIndicator(
  result: IndicatorResult,
  statistic: PublishedStatistic,
  options: Omit<PublishOptions, "statistic" | "multiplier">,
): Result<Publication, DisclosureProblem> {
  const rule = options.rule ?? DEFAULT_DISCLOSURE_RULE;
  const full: PublishOptions = {
    ...options,
    statistic,
    multiplier: result.metadata.multiplier,
  };
  const total = result.cells.find((c) => c.breakdown.length === 0);
  const dimensions = [
    ...new Set(
      result.cells
        .filter((c) => c.breakdown.length === 1)
        .map((c) => c.breakdown[0] ?? ""),
    ),
  ];
  const groupOf = (c: IndicatorCell, d: string): string => {
    const v = (c.group as Readonly<Record<string, string | number | null>>)[d];
    return v === null || v === undefined ? "unknown" : String(v);
  };
  const count = (n: number) => Math.round(n);
  const overallTrue = total ?? {
    numerator: 0,
    denominator: 0,
    estimate: { value: null, intervals: [], method: "" },
  };
  const totalNumerator = protectCount(count(overallTrue.numerator), rule);
  if (!totalNumerator.ok) return totalNumerator;
  const totalDenominator = protectCount(count(overallTrue.denominator), rule);
  if (!totalDenominator.ok) return totalDenominator;

  const protectedBreakdowns: PublishedBreakdown[] = [];
  let hideNumerator = false;
  let hideDenominator = false;
  for (const d of dimensions) {
    const cells = result.cells.filter(
      (c) => c.breakdown.length === 1 && c.breakdown[0] === d,
    );
    const numerators = protectBreakdown(
      cells.map((c) => count(c.numerator)),
      rule,
    );
    if (!numerators.ok) return numerators;
    const denominators = protectBreakdown(
      cells.map((c) => count(c.denominator)),
      rule,
    );
    if (!denominators.ok) return denominators;
    hideNumerator ||= numerators.value.total.value === null;
    hideDenominator ||= denominators.value.total.value === null;
    protectedBreakdowns.push({
      dimension: d,
      cells: cells.map((c, i) => {
        const numerator = numerators.value.cells[i]?.value ?? null;
        const denominator = denominators.value.cells[i]?.value ?? null;
        return {
          group: groupOf(c, d),
          numerator,
          denominator,
          secondarySuppression:
            numerators.value.secondarySuppressed.includes(i) ||
            denominators.value.secondarySuppressed.includes(i),
          estimate: shownEstimate(c, numerator, denominator, full),
        };
      }),
    });
  }
  const shownTotal = {
    numerator: totalNumerator.value.value,
    denominator: totalDenominator.value.value,
  };
  const overallNumerator = hideNumerator ? null : shownTotal.numerator;
  const overallDenominator = hideDenominator ? null : shownTotal.denominator;
  const overall: PublishedCell = {
    group: "overall",
    numerator: overallNumerator,
    denominator: overallDenominator,
    secondarySuppression:
      (hideNumerator && shownTotal.numerator !== null) ||
      (hideDenominator && shownTotal.denominator !== null),
    estimate: shownEstimate(
      overallTrue,
      overallNumerator,
      overallDenominator,
      full,
    ),
  };
  return ok({
    rule,
    statistic,
    multiplier: full.multiplier,
    overall,
    breakdowns: protectedBreakdowns,
    inequality:
      options.inequalityDimension === undefined
        ? null
        : inequalityOf(protectedBreakdowns, options.inequalityDimension, full),
  });
}

function shownEstimate(
  cell: { readonly numerator: number; readonly estimate: Estimate },
  numerator: number | null,
  denominator: number | null,
  options: PublishOptions,
): Estimate {
  if (options.statistic === "proportion" || options.statistic === "crude_rate")
    return estimateOf(options.statistic, numerator, denominator, options);
  if (numerator === null || denominator === null)
    return NOT_PUBLISHED(cell.estimate, "its counts are suppressed");
  if (options.statistic === "dsr" && cell.numerator < DSR_MINIMUM_EVENTS)
    return NOT_PUBLISHED(
      cell.estimate,
      `fewer than ${DSR_MINIMUM_EVENTS} events`,
    );
  return cell.estimate;
}
