// From true counts to what may be published: every count passes disclosure control, every value
// and confidence interval is recomputed from the counts as shown (never from the true ones), a
// suppressed cell cannot be recovered from the total or from another breakdown of the same
// measure, and the inequality gradient is fitted to the published values only.

import { ok, type Result } from "../shared";
import {
  DEFAULT_DISCLOSURE_RULE,
  protectBreakdown,
  type DisclosureProblem,
  type DisclosureRule,
} from "./disclosure";
import type { Estimate } from "./model";
import { zForConfidence } from "./statistics/distributions";
import { proportionWithWilsonLimits } from "./statistics/proportion";
import { crudeRate } from "./statistics/rate";
import {
  slopeIndexOfInequality,
  type SiiQuantile,
  type SiiResult,
} from "./statistics/sii";

export type PublishedStatistic = "proportion" | "crude_rate";

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
  return statistic === "proportion"
    ? proportionWithWilsonLimits(numerator, denominator, methodOptions)
    : crudeRate(numerator, denominator, methodOptions);
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
  if (breakdown === undefined)
    return {
      status: "not_calculated",
      dimension,
      reason: `There is no breakdown by ${dimension}.`,
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
        reason: `The value for ${dimension} ${c.group} is suppressed or not calculable, so no gradient is fitted.`,
      };
    const transform =
      options.statistic === "proportion"
        ? (v: number) => Math.log(v / scale / (1 - v / scale))
        : Math.log;
    const lower = ci.lower;
    const upper = ci.upper;
    const bounded =
      lower > 0 && (options.statistic !== "proportion" || upper < scale);
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
      valueType: options.statistic === "proportion" ? "proportion" : "rate",
      multiplier: scale,
      confidence: options.confidence ?? [0.95, 0.998],
      ...(options.uniform === undefined ? {} : { uniform: options.uniform }),
      ...(options.repetitions === undefined
        ? {}
        : { repetitions: options.repetitions }),
    }),
  };
}
