import { describe, expect, it } from "vitest";
import {
  AGE_BANDS_5,
  AGE_BANDS_LIFE_TABLE,
  populationQuerySchema,
} from "./model";

const valid = {
  population: { indexDate: "2024-03-31", ageFrom: 18 },
  variables: {
    htn: {
      kind: "has_event",
      codes: [{ system: "http://snomed.info/sct", codes: ["38341003"] }],
    },
    admissions: {
      kind: "count",
      codes: [{ codelist: "demo/emergency", version: "1" }],
    },
  },
  measures: [
    {
      id: "htn",
      aggregation: "proportion",
      numerator: { persons: { op: "true", variable: "htn" } },
      denominator: { persons: { op: "ge", variable: "age", value: 18 } },
    },
    {
      id: "admissions",
      aggregation: "rate",
      per: 1000,
      numerator: { sum: "admissions" },
      denominator: { personYears: { from: "2023-04-01", to: "2024-03-31" } },
    },
  ],
  breakdowns: [[], ["imd_decile"], ["age_band_5", "sex"]],
};

const issues = (input: unknown) => {
  const r = populationQuerySchema.safeParse(input);
  return r.success
    ? []
    : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("population query model", () => {
  it("accepts a well-formed query and survives a JSON round trip", () => {
    const parsed = populationQuerySchema.parse(valid);
    expect(
      populationQuerySchema.parse(JSON.parse(JSON.stringify(parsed))),
    ).toEqual(parsed);
  });

  it("rejects an unknown variable, a sum over a non-count and duplicate measure ids", () => {
    const bad = {
      ...valid,
      measures: [
        {
          id: "x",
          aggregation: "count",
          numerator: { persons: { op: "true", variable: "nope" } },
        },
        { id: "x", aggregation: "count", numerator: { sum: "htn" } },
      ],
    };
    expect(issues(bad)).toEqual([
      "measures.0.numerator: unknown variable 'nope'",
      "measures.1.id: measure 'x' is defined twice",
      "measures.1.numerator.sum: 'htn' is not a count variable",
    ]);
  });

  it("rejects impossible dates, a rate without a denominator and a repeated dimension", () => {
    expect(
      issues({ ...valid, population: { indexDate: "2023-02-29" } }),
    ).toEqual(["population.indexDate: not a calendar date"]);
    expect(
      issues({
        ...valid,
        measures: [
          { id: "r", aggregation: "rate", numerator: { sum: "admissions" } },
        ],
      }),
    ).toEqual(["measures.0.denominator: a rate needs a denominator"]);
    expect(issues({ ...valid, breakdowns: [["sex", "sex"]] })).toEqual([
      "breakdowns.0: a dimension appears twice in one grouping set",
    ]);
  });

  it("names the 19 ESP2013 bands and the 20 life-table bands", () => {
    expect(AGE_BANDS_5).toHaveLength(19);
    expect(AGE_BANDS_5.at(-1)).toBe("90+");
    expect(AGE_BANDS_LIFE_TABLE.slice(0, 3)).toEqual(["0", "1-4", "5-9"]);
    expect(AGE_BANDS_LIFE_TABLE).toHaveLength(20);
  });
});
