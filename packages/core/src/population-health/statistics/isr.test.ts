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
} from "../reference-csv";
import { indirectlyStandardisedRate, standardisedRatio } from "./isr";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");

describe("indirectly standardised rates and ratios against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  const inputs = new Map(
    filesWithLayout(phe.files, read, [
      "count",
      "pop",
      "refcount",
      "refpop",
    ]).flatMap((f) => [...groupRows(f.rows)]),
  );
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "kind",
    "observed",
    "expected",
  ])) {
    for (const expected of rows) {
      const group = cell(expected, "group_id");
      const kind = cell(expected, "kind");
      const multiplier = requiredNumber(expected, "multiplier");
      it(`${basename(file)} ${group}: ${kind} x ${multiplier}`, () => {
        const bands = (inputs.get(group) ?? []).map((r) => ({
          count: numberOrNull(r, "count"),
          population: numberOrNull(r, "pop"),
          referenceCount: requiredNumber(r, "refcount"),
          referencePopulation: requiredNumber(r, "refpop"),
        }));
        expect(bands.length).toBeGreaterThan(0);
        // A level was requested when its limits are given (the zero-population groups ask for 95% only).
        const levels = [0.95, 0.998].filter(
          (_, i) =>
            i === 0 ||
            numberOrNull(expected, "lower99_8cl") !== null ||
            numberOrNull(expected, "value") === null,
        );
        const options = { confidence: levels, multiplier };
        const rate =
          kind === "rate" ? indirectlyStandardisedRate(bands, options) : null;
        const got = rate ?? standardisedRatio(bands, options);
        const problems = [
          ...disagreement(
            "observed",
            got.observed,
            numberOrNull(expected, "observed"),
            TIGHT,
          ),
          ...disagreement(
            "expected",
            got.expected,
            numberOrNull(expected, "expected"),
            TIGHT,
          ),
          ...(rate === null
            ? []
            : disagreement(
                "ref_rate",
                rate.referenceRate,
                numberOrNull(expected, "ref_rate"),
                TIGHT,
              )),
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
          ...(levels.length > 1
            ? [
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
              ]
            : []),
        ];
        expect(problems).toEqual([]);
      });
    }
  }
});
