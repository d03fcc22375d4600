import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { refdataFolder } from "@openics/testkit";
import { describe, expect, it } from "vitest";
import {
  asWritten,
  cell,
  disagreement,
  filesWithLayout,
  requiredNumber,
} from "../reference-csv";
import {
  FUNNEL_LEVELS,
  proportionFunnelBaseline,
  proportionFunnelLimits,
  crudeRateFunnelSignificance,
  proportionFunnelSignificance,
  rateFunnelBaseline,
  rateFunnelLimits,
  ratioFunnelLimits,
  ratioFunnelSignificance,
  type ProportionPoint,
} from "./funnel";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");

// Which inputs each limits scenario was drawn for, as the provenance describes it; any other
// file of this layout uses every input, and the baseline check below says so if that is wrong.
const SCENARIO_INPUTS: Record<string, (p: ProportionPoint) => boolean> = {
  "funnel_prop_limits_axis_variation.csv": (p) => p.denominator < 31000,
};

describe("proportion funnel plots against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  const inputFiles = filesWithLayout(phe.files, read, [
    "numerator",
    "denominator",
    "significance",
  ]);
  for (const { file, rows } of inputFiles) {
    it(`${basename(file)}: significance of all ${rows.length} areas`, () => {
      const points = rows.map((r) => ({
        numerator: requiredNumber(r, "numerator"),
        denominator: requiredNumber(r, "denominator"),
      }));
      const got = proportionFunnelSignificance(points);
      const problems = rows.flatMap((r, i) =>
        cell(r, "significance") === got[i]
          ? []
          : [
              `${cell(r, "Area")}: expected ${cell(r, "significance")}, got ${String(got[i])}`,
            ],
      );
      expect(problems).toEqual([]);
    });
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "obs",
    "expected",
    "significance",
  ])) {
    it(`${basename(file)}: ratio significance of all ${rows.length} areas`, () => {
      const problems = rows.flatMap((r, i) => {
        const got = ratioFunnelSignificance(
          requiredNumber(r, "obs"),
          requiredNumber(r, "expected"),
        );
        return cell(r, "significance") === got
          ? []
          : [`row ${i + 1}: expected ${cell(r, "significance")}, got ${got}`];
      });
      expect(problems).toEqual([]);
    });
  }

  // Crude-rate columns with the zero-event row kept in (the "with_0" scenario); the DSR and
  // "without_0" scenarios need upstream's derived denominators and are not implemented.
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "count",
    "pop",
    "crude_per_100000_with_0",
  ])) {
    const got = crudeRateFunnelSignificance(
      rows.map((r) => ({
        count: requiredNumber(r, "count"),
        population: requiredNumber(r, "pop"),
      })),
    );
    for (const column of ["crude_per_100000_with_0", "crude_per_100_with_0"]) {
      it(`${basename(file)}: ${column} for all ${rows.length} areas`, () => {
        const problems = rows.flatMap((r, i) =>
          cell(r, column) === got[i]
            ? []
            : [
                `row ${i + 1}: expected ${cell(r, column)}, got ${String(got[i])}`,
              ],
        );
        expect(problems).toEqual([]);
      });
    }
  }

  const [inputs] = inputFiles;
  const allPoints = (inputs?.rows ?? []).map((r) => ({
    numerator: requiredNumber(r, "numerator"),
    denominator: requiredNumber(r, "denominator"),
  }));
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "Population",
    "Lower2s0025limit",
    "Upper2s0025limit",
    "Lower3s0001limit",
    "Upper3s0001limit",
    "Baseline",
  ])) {
    it(`${basename(file)}: 2- and 3-sigma limits at all ${rows.length} populations`, () => {
      const include = SCENARIO_INPUTS[basename(file)] ?? (() => true);
      const baseline = proportionFunnelBaseline(allPoints.filter(include));
      // The reference rounds every cell; agreement is to the decimals it wrote.
      const problems = rows.flatMap((r) => {
        const n = requiredNumber(r, "Population");
        const two = proportionFunnelLimits(n, baseline, FUNNEL_LEVELS.twoSigma);
        const three = proportionFunnelLimits(
          n,
          baseline,
          FUNNEL_LEVELS.threeSigma,
        );
        const check = (column: string, value: number): string[] =>
          disagreement(
            `${n} ${column}`,
            value * 100,
            requiredNumber(r, column),
            asWritten(r, column),
          );
        return [
          ...check("Baseline", baseline),
          ...check("Lower2s0025limit", two.lower),
          ...check("Upper2s0025limit", two.upper),
          ...check("Lower3s0001limit", three.lower),
          ...check("Upper3s0001limit", three.upper),
        ];
      });
      expect(problems).toEqual([]);
    });
  }
});

/**
 * The reference funnels find each limit by bisection, stopping when the step on the scale
 * v = E / (E + O + 1) falls below 1e-7; its values are as exact as that and no more. A limit
 * agrees when it is within that search's own precision: |ΔE| ≤ 2e-7 · (E + O + 1)² / (O + 1),
 * carried to the ratios and rates as the same relative difference. Any other method for the
 * limits (normal approximation, Byars, a wrong tail) misses by far more.
 */
function withinBisection(
  what: string,
  observed: number,
  expectedEvents: number,
  got: number,
  want: number,
): string[] {
  const allowed =
    (2e-7 * (expectedEvents + observed + 1) ** 2) /
    (observed + 1) /
    expectedEvents;
  const relative = Math.abs(got - want) / Math.abs(want);
  return relative <= allowed
    ? []
    : [
        `${what}: expected ${want}, got ${got} (${relative.toExponential(2)} > ${allowed.toExponential(2)})`,
      ];
}

const SIGMAS = [
  ["2s", FUNNEL_LEVELS.twoSigma],
  ["3s", FUNNEL_LEVELS.threeSigma],
] as const;

describe("ratio and rate funnel limits against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "Observed_events",
    "lower_2s_exp_events",
    "lower_2s_count",
    "lower_2s_isr",
    "upper_3s_isr",
  ])) {
    it(`${basename(file)}: ratio limits (count and isr) at all ${rows.length} observed counts`, () => {
      const problems = rows.flatMap((r) => {
        const observed = requiredNumber(r, "Observed_events");
        return SIGMAS.flatMap(([sigma, level]) => {
          const got = ratioFunnelLimits(observed, level, 100);
          const check = (
            column: string,
            value: number,
            events: number,
          ): string[] =>
            withinBisection(
              `${observed} ${column}`,
              observed,
              events,
              value,
              requiredNumber(r, column),
            );
          // A "count" ratio is O/E − 1: its relative precision is that of O/E, so check O/E.
          const plusOne = (column: string, value: number, events: number) =>
            withinBisection(
              `${observed} ${column}`,
              observed,
              events,
              value + 1,
              requiredNumber(r, column) + 1,
            );
          return [
            ...check(
              `lower_${sigma}_exp_events`,
              got.lowerExpected,
              got.lowerExpected,
            ),
            ...check(
              `upper_${sigma}_exp_events`,
              got.upperExpected,
              got.upperExpected,
            ),
            ...plusOne(
              `lower_${sigma}_count`,
              got.lowerCount,
              got.lowerExpected,
            ),
            ...plusOne(
              `upper_${sigma}_count`,
              got.upperCount,
              got.upperExpected,
            ),
            ...check(`lower_${sigma}_isr`, got.lowerRatio, got.lowerExpected),
            ...check(`upper_${sigma}_isr`, got.upperRatio, got.upperExpected),
          ];
        });
      });
      expect(problems).toEqual([]);
    });
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "Events",
    "lower_2s_population_1_year",
    "lower_2s_limit",
    "upper_3s_limit",
    "baseline",
  ])) {
    it(`${basename(file)}: crude-rate limits at all ${rows.length} event counts`, () => {
      // The file does not say how many years of data its populations are per year of; the
      // first row gives it, and every other row must agree with that same whole number.
      const [first] = rows;
      if (first === undefined) throw new Error(`${file} has no rows`);
      const baseline = requiredNumber(first, "baseline");
      const oneYear = rateFunnelLimits(
        requiredNumber(first, "Events"),
        baseline,
        FUNNEL_LEVELS.twoSigma,
      );
      const years = Math.round(
        oneYear.lowerPopulationPerYear /
          requiredNumber(first, "lower_2s_population_1_year"),
      );
      expect(years).toBeGreaterThanOrEqual(1);
      const problems = rows.flatMap((r) => {
        const events = requiredNumber(r, "Events");
        return SIGMAS.flatMap(([sigma, level]) => {
          const got = rateFunnelLimits(
            events,
            requiredNumber(r, "baseline"),
            level,
            {
              multiplier: 100000,
              yearsOfData: years,
            },
          );
          const expectedAt = (populationPerYear: number) =>
            (requiredNumber(r, "baseline") / 100000) *
            populationPerYear *
            years;
          const check = (
            column: string,
            value: number,
            populationPerYear: number,
          ): string[] =>
            withinBisection(
              `${events} ${column}`,
              events,
              expectedAt(populationPerYear),
              value,
              requiredNumber(r, column),
            );
          const lower = got.lowerPopulationPerYear;
          const upper = got.upperPopulationPerYear;
          return [
            ...check(`lower_${sigma}_population_1_year`, lower, lower),
            ...check(`lower_${sigma}_limit`, got.lower, lower),
            ...check(`upper_${sigma}_population_1_year`, upper, upper),
            ...check(`upper_${sigma}_limit`, got.upper, upper),
          ];
        });
      });
      expect(problems).toEqual([]);
    });
  }

  // The fewer-than-10-events scenario: the largest area's events set to 5, each denominator
  // derived from events and rate over three years of data (as the provenance describes).
  const lt10 = phe.files.find((f) =>
    basename(f).startsWith("funnel_rate_crude_lt10"),
  );
  const points = phe.files.find((f) =>
    basename(f).startsWith("funnel_rate_points_inputs"),
  );
  if (lt10 !== undefined && points !== undefined) {
    it("funnel_rate_crude_lt10_limits.csv: the baseline from its inputs", () => {
      const [inputs] = filesWithLayout([points], read, ["ev", "rate"]);
      const [limits] = filesWithLayout([lt10], read, ["baseline"]);
      const rows = inputs?.rows ?? [];
      const largest = Math.max(...rows.map((r) => requiredNumber(r, "ev")));
      const areas = rows.map((r) => {
        const ev = requiredNumber(r, "ev");
        const count = ev === largest ? 5 : ev;
        return {
          count,
          population: ((count / requiredNumber(r, "rate")) * 100000) / 3,
        };
      });
      const [row] = limits?.rows ?? [];
      if (row === undefined) throw new Error("no limits rows");
      expect(
        disagreement(
          "baseline",
          rateFunnelBaseline(areas, { yearsOfData: 3 }),
          requiredNumber(row, "baseline"),
          asWritten(row, "baseline"),
        ),
      ).toEqual([]);
    });
  }
});
