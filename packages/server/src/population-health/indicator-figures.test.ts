import { populationHealth } from "@openics/core";
import { describe, expect, it } from "vitest";
import { toCsv } from "../web/csv";
import {
  PUBLISHED_CSV_COLUMNS,
  breakdownFigure,
  publishedRows,
} from "./indicator-figures";

const indicator = {
  id: "hypertension-prevalence",
  title: "Hypertension: recorded prevalence",
  unit: "%",
  polarity: "no judgement",
};

function publication() {
  const rates = [0.2, 0.19, 0.18, 0.17, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11];
  const cells = rates.map((r, i) => ({
    group: String(i + 1),
    numerator: Math.round(r * 5000),
    denominator: 5000,
  }));
  const result = populationHealth.publishMeasure(
    { numerator: 7750, denominator: 50000 },
    [
      { dimension: "imd_decile", cells },
      {
        dimension: "sex",
        cells: [
          { group: "female", numerator: 7747, denominator: 25000 },
          { group: "male", numerator: 3, denominator: 25000 },
        ],
      },
    ],
    {
      statistic: "proportion",
      multiplier: 100,
      inequalityDimension: "imd_decile",
    },
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("indicator figures", () => {
  it("draws a breakdown with intervals and the fitted gradient, with its table", () => {
    const f = breakdownFigure(indicator, publication(), "imd_decile", {
      areaName: "Demo ICS",
      csvHref: "/x?format=csv",
    });
    expect(f?.svg).toContain("Slope index of inequality");
    expect(f?.table.rows).toHaveLength(10);
    expect(f?.table.rows[0]?.[1]).toEqual({ text: "1,000", format: "numeric" });
    expect(f?.summary.join(" ")).toMatch(/relative index of inequality/);
  });

  it("shows suppressed counts as * and says why", () => {
    const f = breakdownFigure(indicator, publication(), "sex", {
      areaName: "Demo ICS",
    });
    expect(f?.table.rows.map((r) => r[1]?.text)).toEqual(["*", "*"]);
    expect(f?.summary[0]).toMatch(/2 of 2 groups are shown as \*/);
    expect(f?.svg).toBeNull();
  });

  it("writes every published cell, and the rule used, to CSV", () => {
    const csv = toCsv(
      publishedRows(indicator, publication()),
      PUBLISHED_CSV_COLUMNS,
    );
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "indicator,breakdown,group,numerator,denominator,value,lower_95,upper_95,lower_99_8,upper_99_8,method,compared_with_ics,disclosure_rule",
    );
    expect(lines).toHaveLength(1 + 1 + 10 + 2);
    expect(lines.at(-1)).toMatch(
      /^hypertension-prevalence,sex,male,,25000,,,,,,Wilson,,nhs_hes_ecds_subnational$/,
    );
  });

  it("has no figure for a breakdown that was not published", () => {
    expect(
      breakdownFigure(indicator, publication(), "place", { areaName: "x" }),
    ).toBeNull();
  });
});
