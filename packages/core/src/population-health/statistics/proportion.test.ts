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
import { proportionWithWilsonLimits, wilsonLimits } from "./proportion";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");

describe("Wilson score limits against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "method",
    "x",
    "n",
    "confidence",
    "lowercl",
    "uppercl",
  ])) {
    for (const [group, groupRowsOf] of groupRows(
      rows.filter((r) => cell(r, "method") === "Wilson"),
    )) {
      it(`${basename(file)} ${group}: limits for a proportion`, () => {
        const problems = groupRowsOf.flatMap((row) => {
          const [level = Number.NaN] = parseLevels(cell(row, "confidence"));
          const got = wilsonLimits(
            requiredNumber(row, "x"),
            requiredNumber(row, "n"),
            level,
          );
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
    const proportions = rows.filter(
      (r) => !cell(r, "statistic").startsWith("rate"),
    );
    for (const [group, groupRowsOf] of groupRows(proportions)) {
      it(`${basename(file)} ${group}: proportion and limits at each level`, () => {
        const problems = groupRowsOf.flatMap((row) => {
          const levels = parseLevels(cell(row, "confidence_levels"));
          const got = proportionWithWilsonLimits(
            numberOrNull(row, "numerator"),
            numberOrNull(row, "denominator"),
            {
              confidence: levels,
              multiplier: requiredNumber(row, "multiplier"),
            },
          );
          return [
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

  // NCMP prevalence: percentages given to 15 significant digits, 95% limits only.
  const ncmp = filesWithLayout(phe.files, read, [
    "numerator",
    "denominator",
    "value_pct",
    "lower95_0cl_pct",
    "upper95_0cl_pct",
  ]);
  for (const { file, rows } of ncmp) {
    it(`${basename(file)}: all ${groupRows(rows).size} groups of child-obesity prevalence`, () => {
      const problems = rows.flatMap((row) => {
        const got = proportionWithWilsonLimits(
          numberOrNull(row, "numerator"),
          numberOrNull(row, "denominator"),
          { confidence: [0.95], multiplier: 100 },
        );
        const id = cell(row, "group_id");
        return [
          ...disagreement(
            `${id} value`,
            got.value,
            numberOrNull(row, "value_pct"),
            TIGHT,
          ),
          ...disagreement(
            `${id} lower`,
            got.intervals[0]?.lower,
            numberOrNull(row, "lower95_0cl_pct"),
            TIGHT,
          ),
          ...disagreement(
            `${id} upper`,
            got.intervals[0]?.upper,
            numberOrNull(row, "upper95_0cl_pct"),
            TIGHT,
          ),
        ];
      });
      expect(problems).toEqual([]);
    });
  }
});
