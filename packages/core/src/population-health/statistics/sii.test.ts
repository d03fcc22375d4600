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
  numberOrNull,
  requiredNumber,
  type CsvRow,
} from "../reference-csv";
import {
  seededUniform,
  slopeIndexOfInequality,
  type SiiValueType,
} from "./sii";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");
const VALUE_TYPES: Record<string, SiiValueType> = {
  "0": "normal",
  "1": "rate",
  "2": "proportion",
};
// Upstream checks its Monte-Carlo limits only to 5% relative tolerance.
const MONTE_CARLO = { relative: 0.05 };

function run(expected: CsvRow, inputs: readonly CsvRow[], withLimits: boolean) {
  const valueType = VALUE_TYPES[cell(expected, "value_type")];
  if (valueType === undefined)
    throw new Error(`unknown value_type ${cell(expected, "value_type")}`);
  return slopeIndexOfInequality(
    inputs.map((r) => ({
      quantile: requiredNumber(r, "quantile"),
      population: requiredNumber(r, "population"),
      value: requiredNumber(r, "value"),
      standardError: requiredNumber(r, "standard_error"),
    })),
    {
      valueType,
      transform: cell(expected, "transform") === "True",
      multiplier: requiredNumber(expected, "multiplier"),
      confidence: cell(expected, "confidence")
        .split(";")
        .map((c) => Number(c) / 100),
      ...(withLimits
        ? { uniform: seededUniform(2026), repetitions: 100_000 }
        : {}),
    },
  );
}

describe("slope and relative index of inequality against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  const inputs = new Map(
    filesWithLayout(phe.files, read, [
      "quantile",
      "population",
      "value",
      "standard_error",
    ]).flatMap((f) => [...groupRows(f.rows)]),
  );
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "sii",
    "rii",
    "intercept",
    "n_quantiles",
  ])) {
    for (const expected of rows) {
      const group = cell(expected, "group_id");
      const groupInputs = inputs.get(group) ?? [];

      it(`${basename(file)} ${group}: SII, RII and intercept`, () => {
        expect(groupInputs.length).toBe(
          requiredNumber(expected, "n_quantiles"),
        );
        const got = run(expected, groupInputs, false);
        const problems = [
          ...disagreement("sii", got.sii, numberOrNull(expected, "sii"), TIGHT),
          ...(cell(expected, "rii_requested") === "True"
            ? disagreement("rii", got.rii, numberOrNull(expected, "rii"), TIGHT)
            : []),
          ...(cell(expected, "intercept_requested") === "True"
            ? disagreement(
                "intercept",
                got.intercept,
                numberOrNull(expected, "intercept"),
                TIGHT,
              )
            : []),
        ];
        expect(problems).toEqual([]);
      });

      it(`${basename(file)} ${group}: simulated limits within 5% of upstream's`, () => {
        const got = run(expected, groupInputs, true);
        const rii = cell(expected, "rii_requested") === "True";
        const problems = [1, 2].flatMap((k) => {
          const at = k - 1;
          const given = numberOrNull(expected, `sii_lowercl_${k}`) !== null;
          if (!given) return [];
          return [
            ...disagreement(
              `sii lower ${k}`,
              got.siiIntervals[at]?.lower,
              numberOrNull(expected, `sii_lowercl_${k}`),
              MONTE_CARLO,
            ),
            ...disagreement(
              `sii upper ${k}`,
              got.siiIntervals[at]?.upper,
              numberOrNull(expected, `sii_uppercl_${k}`),
              MONTE_CARLO,
            ),
            ...(rii
              ? [
                  ...disagreement(
                    `rii lower ${k}`,
                    got.riiIntervals[at]?.lower,
                    numberOrNull(expected, `rii_lowercl_${k}`),
                    MONTE_CARLO,
                  ),
                  ...disagreement(
                    `rii upper ${k}`,
                    got.riiIntervals[at]?.upper,
                    numberOrNull(expected, `rii_uppercl_${k}`),
                    MONTE_CARLO,
                  ),
                ]
              : []),
          ];
        });
        expect(problems).toEqual([]);
      });
    }
  }
});
