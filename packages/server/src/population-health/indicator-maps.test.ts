import { populationHealth } from "@openics/core";
import { describe, expect, it } from "vitest";
import { BLUES_5, NO_DATA_COLOUR, type MapFeature } from "../web";
import {
  COMPARISON_COLOURS,
  breakdownFigure,
  comparisonSummary,
  publishedRows,
} from "./indicator-figures";
import {
  SUPPRESSED_COLOUR,
  SUPPRESSED_LABEL,
  areaMapFigure,
  indicatorColourScale,
  mapValueOf,
} from "./indicator-maps";

const indicator = {
  id: "diabetes_prevalence",
  title: "Diabetes: recorded prevalence",
  unit: "%",
  polarity: "RAG - Low is good",
};

/**
 * Five places: one well above the ICS, one well below, one like it, one with a count of 3
 * (suppressed) and a small one suppressed too so that the count of 3 cannot be worked out.
 */
function publication() {
  const result = populationHealth.publishMeasure(
    { numerator: 3053, denominator: 32_000 },
    [
      {
        dimension: "place",
        cells: [
          { group: "E06000001", numerator: 1400, denominator: 10_000 },
          { group: "E06000002", numerator: 600, denominator: 10_000 },
          { group: "E06000003", numerator: 1000, denominator: 10_000 },
          { group: "E06000004", numerator: 3, denominator: 1000 },
          { group: "E06000005", numerator: 50, denominator: 1000 },
        ],
      },
    ],
    { statistic: "proportion", multiplier: 100 },
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const square = (code: string, x: number): MapFeature => ({
  code,
  name: `Area ${code}`,
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [x, 50],
        [x, 50.1],
        [x + 0.1, 50.1],
        [x + 0.1, 50],
        [x, 50],
      ],
    ],
  },
});

describe("indicator map colours", () => {
  it("shades published values in equal intervals of the blues, darker for higher", () => {
    const scale = indicatorColourScale("Value", [6, 10, 14]);
    expect(scale.colour(6)).not.toBe(scale.colour(14));
    const order = (c: string) => BLUES_5.indexOf(c as (typeof BLUES_5)[number]);
    expect(order(scale.colour(14))).toBeGreaterThan(order(scale.colour(6)));
    expect(scale.legend.every((l) => BLUES_5.includes(l.colour as never))).toBe(
      true,
    );
  });

  it("gives suppressed areas their own colour and legend entry, and areas without a value no data", () => {
    const scale = indicatorColourScale("Value", [6, Number.NaN, null]);
    expect(scale.colour(Number.NaN)).toBe(SUPPRESSED_COLOUR);
    expect(scale.colour(null)).toBe(NO_DATA_COLOUR);
    expect(scale.legend.at(-1)).toEqual({
      label: SUPPRESSED_LABEL,
      colour: SUPPRESSED_COLOUR,
    });
  });

  it("has no suppressed legend entry when nothing is suppressed", () => {
    const scale = indicatorColourScale("Value", [6, 7]);
    expect(scale.legend.map((l) => l.label)).not.toContain(SUPPRESSED_LABEL);
  });

  it("reads a suppressed cell as suppressed, whatever value it carries", () => {
    const cell = {
      group: "x",
      numerator: null,
      denominator: 100,
      secondarySuppression: true,
      estimate: { value: 12.5, method: "Wilson", intervals: [] },
    } as unknown as populationHealth.PublishedCell;
    expect(mapValueOf(cell)).toBeNaN();
    expect(mapValueOf(undefined)).toBeNull();
  });
});

describe("a map of an area breakdown", () => {
  const figure = () =>
    areaMapFigure({
      indicator,
      publication: publication(),
      dimension: "place",
      areaName: "Demo ICS",
      period: "2024-04-01 to 2025-03-31",
      features: [
        "E06000001",
        "E06000002",
        "E06000003",
        "E06000004",
        "E06000005",
      ].map((c, i) => square(c, i * 0.2)),
      groupOf: (code) => code,
      nameOf: (code) => `Place ${code.slice(-1)}`,
      benchmark: { name: "Demo ICS", value: 9.5 },
      emptyMessage: "none",
      csvHref: "/x.csv",
    });

  it("draws every area, the suppressed one in its own colour and named as suppressed", () => {
    const f = figure();
    expect(f?.svg).toContain(`fill="${SUPPRESSED_COLOUR}"`);
    expect(f?.svg).toContain("Area E06000004 (E06000004): suppressed");
    expect(f?.legend?.items.map((i) => i.label)).toContain(SUPPRESSED_LABEL);
  });

  it("lists each area with its value, interval, counts and comparison, and never a number for a suppressed one", () => {
    const rows = figure()?.table.rows ?? [];
    expect(rows.map((r) => [r[0]?.text, r[2]?.text, r[6]?.text])).toEqual([
      ["Place 1", "14.0", "Significantly worse"],
      ["Place 2", "6.0", "Significantly better"],
      ["Place 3", "10.0", "Similar"],
      ["Place 4", "suppressed", "Not compared"],
      ["Place 5", "suppressed", "Not compared"],
    ]);
    expect(rows[3]?.slice(2, 5).map((c) => c.text)).toEqual([
      "suppressed",
      "not published",
      "*",
    ]);
  });

  it("pages a long table and says which page it shows", () => {
    const f = areaMapFigure({
      indicator,
      publication: publication(),
      dimension: "place",
      areaName: "Demo ICS",
      period: "2024-04-01 to 2025-03-31",
      features: [],
      groupOf: (code) => code,
      nameOf: (code) => code,
      benchmark: { name: "Demo ICS", value: 9.5 },
      emptyMessage: "No boundaries are loaded.",
      csvHref: "/x.csv",
      page: 2,
      pageSize: 2,
      pageHref: (n) => `?lsoaPage=${n}`,
    });
    expect(f?.table.rows.map((r) => r[1]?.text)).toEqual([
      "E06000003",
      "E06000004",
    ]);
    expect(f?.table.caption).toMatch(/\(page 2 of 3\)$/);
    expect(f?.pagination?.next).toEqual({ href: "?lsoaPage=3" });
    expect([f?.svg, f?.emptyMessage]).toEqual([
      null,
      "No boundaries are loaded.",
    ]);
  });

  it("counts the comparisons in a sentence", () => {
    expect(figure()?.summary).toContain(
      "1 of 5 places is significantly worse than Demo ICS, 1 is significantly better and 1 is similar. 2 places are not compared, because the value or its interval is not published.",
    );
  });
});

describe("comparison in the breakdown charts", () => {
  it("colours each place's bar by its comparison with the ICS and adds a column saying it", () => {
    const f = breakdownFigure(indicator, publication(), "place", {
      areaName: "Demo ICS",
    });
    expect(f?.svg).toContain(`fill="${COMPARISON_COLOURS.worse}"`);
    expect(f?.svg).toContain(`fill="${COMPARISON_COLOURS.better}"`);
    expect(f?.table.head.at(-1)?.text).toBe("Compared with Demo ICS");
    expect(f?.legend?.items.map((i) => i.label)).toEqual([
      "Significantly worse",
      "Similar",
      "Significantly better",
      "Not compared",
    ]);
  });

  it("writes the comparison to the CSV for area breakdowns only", () => {
    const rows = publishedRows(indicator, publication());
    expect(rows.map((r) => r.compared_with_ics)).toEqual([
      "",
      "worse",
      "better",
      "similar",
      "not_compared",
      "not_compared",
    ]);
  });

  it("says higher and lower for an indicator without polarity", () => {
    expect(
      comparisonSummary("pcn", ["higher", "similar", "lower"], "the ICS"),
    ).toBe(
      "1 of 3 primary care networks is significantly lower than the ICS, 1 is significantly higher and 1 is similar.",
    );
  });

  it("says so when no area can be compared", () => {
    expect(comparisonSummary("lsoa", ["not_compared"], "the ICS")).toBe(
      "None of the 1 neighbourhoods (LSOAs) can be compared with the ICS. 1 neighbourhood (LSOA) is not compared, because the value or its interval is not published.",
    );
  });
});
