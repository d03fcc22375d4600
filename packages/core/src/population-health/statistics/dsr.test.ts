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
  type Tolerance,
} from "../reference-csv";
import {
  ESP2013,
  ESP2013_LIFE_TABLE_BANDS,
  withEsp2013,
  directlyStandardisedRate,
  directlyStandardisedRateForNonIndependentEvents,
  type DsrEstimate,
  type EventFrequencyBand,
} from "./dsr";

const read = (f: string): string => readFileSync(f, "utf8");
const phe = refdataFolder("phe");
const standards = refdataFolder("standards");

describe("the European Standard Population 2013", () => {
  if (standards.path === null) {
    it.skip(standards.reason, () => undefined);
    return;
  }
  it("matches the Eurostat table in the reference data", () => {
    const [table] = filesWithLayout(standards.files, read, [
      "ageband",
      "esp2013",
    ]).filter((f) => f.rows.length === 19);
    expect(table?.rows.map((r) => requiredNumber(r, "esp2013"))).toEqual([
      ...ESP2013,
    ]);
  });

  it("splits 0-4 into under 1 and 1-4 for life tables as the reference table does", () => {
    const [table] = filesWithLayout(standards.files, read, [
      "ageband",
      "esp2013",
    ]).filter((f) => f.rows.length === 20);
    expect(table?.rows.map((r) => requiredNumber(r, "esp2013"))).toEqual([
      ...ESP2013_LIFE_TABLE_BANDS,
    ]);
  });
});

function compare(
  got: DsrEstimate,
  expected: CsvRow,
  tolerance: Tolerance,
): string[] {
  // Limits the provenance says were blanked (not asserted upstream) are not compared.
  const blanked = cell(expected, "note").includes("blanked");
  const columns: [string, number | null | undefined][] = [
    ["total_count", got.totalCount],
    ["total_pop", got.totalPopulation],
    ["value", got.value],
    ["lower95_0cl", got.intervals[0]?.lower],
    ["upper95_0cl", got.intervals[0]?.upper],
    ...(blanked
      ? []
      : ([
          ["lower99_8cl", got.intervals[1]?.lower],
          ["upper99_8cl", got.intervals[1]?.upper],
        ] as [string, number | null | undefined][])),
  ];
  return columns.flatMap(([column, value]) =>
    disagreement(column, value, numberOrNull(expected, column), tolerance),
  );
}

describe("standardising to ESP2013", () => {
  it("attaches the standard to 19 bands and refuses any other number", () => {
    const bands = ESP2013.map(() => ({ count: 10, population: 1000 }));
    expect(withEsp2013(bands)?.map((b) => b.standardPopulation)).toEqual([
      ...ESP2013,
    ]);
    expect(withEsp2013(bands.slice(1))).toBeNull();
  });

  it("gives the crude rate when every band has the same rate", () => {
    const bands =
      withEsp2013(ESP2013.map(() => ({ count: 10, population: 1000 }))) ?? [];
    expect(directlyStandardisedRate(bands).value).toBeCloseTo(1000, 9);
  });
});

describe("directly standardised rates against the PHE reference vectors", () => {
  if (phe.path === null) {
    it.skip(phe.reason, () => undefined);
    return;
  }
  const expectedFiles = filesWithLayout(phe.files, read, [
    "total_count",
    "total_pop",
    "value",
  ]);
  const independent = filesWithLayout(phe.files, read, [
    "ageband",
    "count",
    "pop",
    "stdpop",
  ]);
  const nonIndependent = filesWithLayout(phe.files, read, [
    "ageband",
    "pop",
    "stdpop",
    "eventfreq",
    "persons",
  ]);
  const inputsByGroup = (files: typeof independent): Map<string, CsvRow[]> =>
    new Map(files.flatMap((f) => [...groupRows(f.rows)]));
  const independentInputs = inputsByGroup(independent);
  const nonIndependentInputs = inputsByGroup(nonIndependent);

  for (const { file, rows } of expectedFiles) {
    for (const expected of rows) {
      const group = cell(expected, "group_id");
      const multiplier = requiredNumber(expected, "multiplier");
      it(`${basename(file)} ${group} per ${multiplier}`, () => {
        const options = { confidence: [0.95, 0.998], multiplier };
        const plain = independentInputs.get(group);
        const repeated = nonIndependentInputs.get(group);
        if (plain !== undefined) {
          const got = directlyStandardisedRate(
            plain.map((r) => ({
              count: numberOrNull(r, "count"),
              population: requiredNumber(r, "pop"),
              standardPopulation: requiredNumber(r, "stdpop"),
            })),
            options,
          );
          expect(compare(got, expected, TIGHT)).toEqual([]);
        } else if (repeated !== undefined) {
          const bands = new Map<
            string,
            EventFrequencyBand & {
              personsByEventCount: { events: number; persons: number | null }[];
            }
          >();
          for (const r of repeated) {
            const key = cell(r, "ageband");
            const band = bands.get(key) ?? {
              population: requiredNumber(r, "pop"),
              standardPopulation: requiredNumber(r, "stdpop"),
              personsByEventCount: [],
            };
            band.personsByEventCount.push({
              events: requiredNumber(r, "eventfreq"),
              persons: numberOrNull(r, "persons"),
            });
            bands.set(key, band);
          }
          const got = directlyStandardisedRateForNonIndependentEvents(
            [...bands.values()],
            options,
          );
          // Upstream gives these to 8 decimal places (about 12 significant digits).
          expect(compare(got, expected, { relative: 1e-10 })).toEqual([]);
        } else {
          throw new Error(`no inputs for ${group}`);
        }
      });
    }
  }
});
