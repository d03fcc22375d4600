import { describe, expect, it } from "vitest";
import { intervalBarChart, niceTicks, trendChart } from "./interval-chart";

const svgOf = (d: ReturnType<typeof intervalBarChart>): string => {
  if (d.status !== "drawn") throw new Error("not drawn");
  return d.svg;
};

describe("axis ticks", () => {
  it("are round numbers covering the range", () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.12, 0.38)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe("bars with confidence intervals", () => {
  const values = [
    { label: "1", value: 30, lower: 25, upper: 35 },
    { label: "2", value: null, lower: null, upper: null },
    { label: "3", value: 10, lower: 8, upper: 12 },
  ];

  it("draws each shown value with its interval, and marks a suppressed one", () => {
    const svg = svgOf(
      intervalBarChart({
        id: "x",
        title: "Prevalence by decile",
        description: "Higher in more deprived deciles",
        values,
        reference: { label: "ICS", value: 20 },
        fitted: { label: "Slope index of inequality", atStart: 32, atEnd: 8 },
      }),
    );
    expect(svg).toContain('<title id="x-title">Prevalence by decile</title>');
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain("1: 30.0 (25.0 to 35.0)");
    expect(svg).toContain("2: not shown");
    expect(svg).toContain("ICS: 20.0");
    expect(svg).toContain("Slope index of inequality");
  });

  it("puts a long group name on two lines under its bar, and cuts a longer one short", () => {
    const named = (label: string) => ({ label, value: 5, lower: 4, upper: 6 });
    const svg = svgOf(
      intervalBarChart({
        id: "w",
        title: "t",
        description: "d",
        width: 640,
        values: [
          named("Eastwick Sands (synthetic)"),
          named("A very long place name that goes on and on past two lines"),
          ...["B", "C", "D"].map(named),
        ],
      }),
    );
    expect(svg).toMatch(
      /<tspan[^>]*>Eastwick Sands<\/tspan><tspan[^>]*>\(synthetic\)<\/tspan>/,
    );
    expect(svg).toContain("…</tspan>");
    expect(svg).toContain(
      "A very long place name that goes on and on past two lines: 5.0",
    );
  });

  it("puts larger values higher up the page", () => {
    const svg = svgOf(
      intervalBarChart({ id: "y", title: "t", description: "d", values }),
    );
    const tops = [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(tops[0]).toBeLessThan(tops[1] ?? 0);
  });

  it("says so when there is nothing to draw", () => {
    expect(
      intervalBarChart({
        id: "z",
        title: "t",
        description: "d",
        values: [{ label: "a", value: null, lower: null, upper: null }],
        emptyMessage: "All values are suppressed.",
      }),
    ).toEqual({ status: "empty", message: "All values are suppressed." });
  });
});

describe("trend chart", () => {
  it("breaks a line at a suppressed value instead of joining across it", () => {
    const d = trendChart({
      id: "t",
      title: "Trend",
      description: "d",
      series: [
        {
          label: "ICS",
          points: [
            { label: "2021", value: 1, lower: 0.5, upper: 1.5 },
            { label: "2022", value: 2, lower: 1.5, upper: 2.5 },
            { label: "2023", value: null, lower: null, upper: null },
            { label: "2024", value: 3, lower: 2.5, upper: 3.5 },
            { label: "2025", value: 4, lower: 3.5, upper: 4.5 },
          ],
        },
        {
          label: "England",
          dashed: true,
          points: ["2021", "2022", "2023", "2024", "2025"].map((label) => ({
            label,
            value: 2,
            lower: null,
            upper: null,
          })),
        },
      ],
    });
    if (d.status !== "drawn") throw new Error("not drawn");
    expect(d.svg.match(/<polyline /g)).toHaveLength(3);
    expect(d.svg).toContain("England, 2023: 2.0");
    expect(d.svg).toContain("<polygon ");
    // The labels of the first and last periods run inwards from the plot's edges.
    expect(d.svg).toMatch(/text-anchor="start">2021</);
    expect(d.svg).toMatch(/text-anchor="end">2025</);
  });
});
