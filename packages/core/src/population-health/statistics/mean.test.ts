import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { refdataFolder } from "@openics/testkit";
import { describe, expect, it } from "vitest";
import {
  TIGHT,
  disagreement,
  filesWithLayout,
  groupRows,
  numberOrNull,
  parseCsv,
} from "../reference-csv";
import { meanWithStudentTLimits } from "./mean";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");

describe("means with Student's t limits against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "value_sum",
    "value_count",
    "stdev",
    "lower95_0cl",
  ])) {
    // Each expected file names its inputs: mean_expected.csv ↔ mean_inputs.csv.
    const inputsFile = join(
      dirname(file),
      basename(file).replace("_expected", "_inputs"),
    );
    const inputs = groupRows(parseCsv(read(inputsFile)).rows);
    for (const [group, [expected]] of groupRows(rows)) {
      it(`${basename(file)} ${group}: mean, SD and limits at 95% and 99.8%`, () => {
        if (expected === undefined) throw new Error("empty group");
        const values = (inputs.get(group) ?? []).map((r) =>
          numberOrNull(r, "value"),
        );
        const got = meanWithStudentTLimits(values, {
          confidence: [0.95, 0.998],
        });
        const problems = [
          ...disagreement(
            "sum",
            got.total,
            numberOrNull(expected, "value_sum"),
            TIGHT,
          ),
          ...disagreement(
            "count",
            got.count,
            numberOrNull(expected, "value_count"),
            TIGHT,
          ),
          ...disagreement(
            "sd",
            got.standardDeviation,
            numberOrNull(expected, "stdev"),
            TIGHT,
          ),
          ...disagreement(
            "value",
            got.value,
            numberOrNull(expected, "value"),
            TIGHT,
          ),
          ...disagreement(
            "lower 95",
            got.intervals[0]?.lower,
            numberOrNull(expected, "lower95_0cl"),
            TIGHT,
          ),
          ...disagreement(
            "upper 95",
            got.intervals[0]?.upper,
            numberOrNull(expected, "upper95_0cl"),
            TIGHT,
          ),
          ...disagreement(
            "lower 99.8",
            got.intervals[1]?.lower,
            numberOrNull(expected, "lower99_8cl"),
            TIGHT,
          ),
          ...disagreement(
            "upper 99.8",
            got.intervals[1]?.upper,
            numberOrNull(expected, "upper99_8cl"),
            TIGHT,
          ),
        ];
        expect(problems).toEqual([]);
      });
    }
  }
});
