import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { refdataFolder } from "@openics/testkit";
import { describe, expect, it } from "vitest";
import {
  TIGHT,
  cell,
  disagreement,
  filesWithLayout,
  groupRows,
  levelSuffix,
  numberOrNull,
  parseLevels,
  requiredNumber,
} from "../reference-csv";
import { byarsLimits, crudeRate, exactPoissonLimits } from "./rate";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");

describe("Poisson limits", () => {
  it("gives an exact lower limit of 0 for no events", () => {
    expect(exactPoissonLimits(0, 0.95).lower).toBe(0);
    expect(exactPoissonLimits(0, 0.95).upper).toBeCloseTo(-Math.log(0.025), 14);
  });
});

describe("confidence levels other than Fingertips' two", () => {
  it("uses the z of any level asked for", () => {
    const z90 = 1.6448536269514722;
    const got = crudeRate(20, 1000, { confidence: [0.9], multiplier: 1000 });
    const expectedLower = 20 * (1 - 1 / 180 - z90 / (3 * Math.sqrt(20))) ** 3;
    expect(got.intervals[0]?.confidence).toBe(0.9);
    expect(got.intervals[0]?.lower).toBeCloseTo(expectedLower, 12);
  });

  it("refuses a level outside (0, 1)", () => {
    expect(() => crudeRate(20, 1000, { confidence: [95] })).toThrow(
      /between 0 and 1/,
    );
  });
});

describe("Byars limits and crude rates against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "method",
    "x",
    "confidence",
    "lowercl",
    "uppercl",
  ])) {
    for (const [group, groupRowsOf] of groupRows(
      rows.filter((r) => cell(r, "method") === "Byars"),
    )) {
      it(`${basename(file)} ${group}: Byars limits for a count`, () => {
        const problems = groupRowsOf.flatMap((row) => {
          const [level = Number.NaN] = parseLevels(cell(row, "confidence"));
          const got = byarsLimits(requiredNumber(row, "x"), level);
          return [
            ...disagreement(
              "lower",
              got.lower,
              numberOrNull(row, "lowercl"),
              TIGHT,
            ),
            ...disagreement(
              "upper",
              got.upper,
              numberOrNull(row, "uppercl"),
              TIGHT,
            ),
          ];
        });
        expect(problems).toEqual([]);
      });
    }
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "numerator",
    "denominator",
    "multiplier",
    "confidence_levels",
    "value",
    "statistic",
  ])) {
    const rates = rows.filter((r) => cell(r, "statistic").startsWith("rate"));
    for (const [group, groupRowsOf] of groupRows(rates)) {
      it(`${basename(file)} ${group}: crude rate with exact or Byars limits`, () => {
        const problems = groupRowsOf.flatMap((row) => {
          const levels = parseLevels(cell(row, "confidence_levels"));
          const got = crudeRate(
            numberOrNull(row, "numerator"),
            numberOrNull(row, "denominator"),
            {
              confidence: levels,
              multiplier: requiredNumber(row, "multiplier"),
            },
          );
          const method = cell(row, "method");
          return [
            ...(got.value !== null && method !== "" && method !== got.method
              ? [`method: expected ${method}, got ${got.method}`]
              : []),
            ...disagreement(
              "value",
              got.value,
              numberOrNull(row, "value"),
              TIGHT,
            ),
            ...levels.flatMap((level, i) => [
              ...disagreement(
                `lower ${level}`,
                got.intervals[i]?.lower,
                numberOrNull(row, `lower${levelSuffix(level)}cl`),
                TIGHT,
              ),
              ...disagreement(
                `upper ${level}`,
                got.intervals[i]?.upper,
                numberOrNull(row, `upper${levelSuffix(level)}cl`),
                TIGHT,
              ),
            ]),
          ];
        });
        expect(problems).toEqual([]);
      });
    }
  }
});
