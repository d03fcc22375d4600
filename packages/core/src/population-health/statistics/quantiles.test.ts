import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { refdataFolder } from "@openics/testkit";
import { describe, expect, it } from "vitest";
import {
  cell,
  filesWithLayout,
  groupRows,
  numberOrNull,
} from "../reference-csv";
import { assignQuantiles, invertFromPolarity } from "./quantiles";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");
const QUANTILE_COUNTS: Record<string, number> = {
  Quartile: 4,
  Quintile: 5,
  Septile: 7,
  Octile: 8,
  Decile: 10,
};

describe("Fingertips quantiles against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "Value",
    "Polarity",
    "QuantileNm",
    "GroupSet",
    "RankinGrp",
    "QuantileInGrp",
  ])) {
    for (const [group, groupRowsOf] of groupRows(rows)) {
      const quantiles =
        QUANTILE_COUNTS[cell(groupRowsOf[0] ?? {}, "QuantileNm")];
      const polarity = invertFromPolarity(
        groupRowsOf.map((r) => cell(r, "Polarity")),
      );
      if (groupRowsOf.some((r) => cell(r, "Test") === "BadPolarity")) {
        it(`${basename(file)} ${group}: refuses a group whose polarity varies`, () => {
          expect(polarity).toEqual({
            ok: false,
            error: "invert_varies_within_group",
          });
        });
        continue;
      }
      it(`${basename(file)} ${group}: rank and quantile of every area`, () => {
        expect(quantiles).toBeDefined();
        // GroupSet "None" is upstream's call without a polarity field, so its default (invert).
        const invert =
          cell(groupRowsOf[0] ?? {}, "GroupSet") === "None"
            ? true
            : polarity.ok && polarity.value;
        const got = assignQuantiles(
          groupRowsOf.map((r) => numberOrNull(r, "Value")),
          { quantiles: quantiles ?? 0, invert },
        );
        const problems = groupRowsOf.flatMap((r, i) => {
          const expected = [
            numberOrNull(r, "RankinGrp"),
            numberOrNull(r, "QuantileInGrp"),
          ];
          const actual = [got[i]?.rank ?? null, got[i]?.quantile ?? null];
          // A group too small for its quantiles still has ranks upstream.
          return JSON.stringify(actual) === JSON.stringify(expected)
            ? []
            : [
                `${cell(r, "AreaCode")}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
              ];
        });
        expect(problems).toEqual([]);
      });
    }
  }
});
