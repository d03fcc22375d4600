import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { refdataFolder } from "@openics/testkit";
import { describe, expect, it } from "vitest";
import {
  cell,
  disagreement,
  filesWithLayout,
  groupRows,
  numberOrNull,
  parseCsv,
  parseLevels,
  requiredNumber,
} from "../reference-csv";
import { lifeExpectancy } from "./life-expectancy";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");
const EXACT = { relative: 0 };

describe("life expectancy against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }

  for (const { file, rows } of filesWithLayout(phe.files, read, [
    "startage",
    "confidence",
    "value",
    "lowercl",
    "uppercl",
    "compare_decimal_places",
  ])) {
    const inputs = groupRows(
      parseCsv(
        read(
          join(dirname(file), basename(file).replace("_expected", "_inputs")),
        ),
      ).rows,
    );
    for (const [group, expectedRows] of groupRows(rows)) {
      it(`${basename(file)} ${group}: life expectancy at each age, with limits`, () => {
        const bands = (inputs.get(group) ?? []).map((r) => ({
          startAge: requiredNumber(r, "startage"),
          population: numberOrNull(r, "pops"),
          deaths: numberOrNull(r, "deaths"),
        }));
        const givesCumulative = expectedRows.some(
          (r) =>
            numberOrNull(r, "pops_used") !== null ||
            cell(r, "note").startsWith("all NA"),
        );
        const problems = expectedRows.flatMap((row) => {
          const [level = 0.95] = parseLevels(cell(row, "confidence"));
          const table = lifeExpectancy(bands, { confidence: [level] });
          const age = requiredNumber(row, "startage");
          const got = table.ages.find((a) => a.startAge === age);
          // Upstream asserts life expectancy only to this many decimal places.
          const tolerance = {
            decimalPlaces: requiredNumber(row, "compare_decimal_places"),
          };
          return [
            ...disagreement(
              `${age} value`,
              got?.value,
              numberOrNull(row, "value"),
              tolerance,
            ),
            ...disagreement(
              `${age} lower`,
              got?.intervals[0]?.lower,
              numberOrNull(row, "lowercl"),
              tolerance,
            ),
            ...disagreement(
              `${age} upper`,
              got?.intervals[0]?.upper,
              numberOrNull(row, "uppercl"),
              tolerance,
            ),
            // The wide-CI fixture upstream carries no cumulative columns: blank there means "not
            // given", so they are compared only where given or where the whole table is NA.
            ...(givesCumulative
              ? [
                  ...disagreement(
                    `${age} pops_used`,
                    got?.populationUsed,
                    numberOrNull(row, "pops_used"),
                    EXACT,
                  ),
                  ...disagreement(
                    `${age} dths_used`,
                    got?.deathsUsed,
                    numberOrNull(row, "dths_used"),
                    EXACT,
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
