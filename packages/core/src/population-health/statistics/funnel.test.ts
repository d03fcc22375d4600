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
