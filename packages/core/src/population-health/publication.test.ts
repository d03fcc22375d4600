import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  publishIndicator,
  publishMeasure,
  type TrueBreakdown,
} from "./publication";
import { seededUniform } from "./statistics/sii";

const byDecile = (
  rates: readonly number[],
  population = 10000,
): TrueBreakdown => ({
  dimension: "imd_decile",
  cells: rates.map((r, i) => ({
    group: String(i + 1),
    numerator: Math.round(r * population),
    denominator: population,
  })),
});

const valueOf = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error("refused");
  return r.value;
};

describe("publishing a measure", () => {
  it("shows only protected counts and recomputes values and limits from them", () => {
    const p = valueOf(
      publishMeasure(
        { numerator: 1234, denominator: 10002 },
        [
          {
            dimension: "sex",
            cells: [
              { group: "female", numerator: 1231, denominator: 5001 },
              { group: "male", numerator: 3, denominator: 5001 },
            ],
          },
        ],
        { statistic: "proportion", multiplier: 100 },
      ),
    );
    expect(p.rule).toBe("nhs_hes_ecds_subnational");
    // Total rounded to 5: 1235 of 10000.
    expect(p.overall.numerator).toBe(1235);
    expect(p.overall.denominator).toBe(10000);
    expect(p.overall.estimate.value).toBeCloseTo(12.35, 10);
    const [female, male] = p.breakdowns[0]?.cells ?? [];
    // 3 is suppressed; female would give it away (total − female), so it goes too.
    expect(male?.numerator).toBeNull();
    expect(female?.numerator).toBeNull();
    expect(female?.secondarySuppression).toBe(true);
    expect(male?.estimate.value).toBeNull();
  });

  it("hides the total everywhere when any breakdown has to hide it", () => {
    const p = valueOf(
      publishMeasure(
        { numerator: 5, denominator: 200 },
        [
          {
            dimension: "sex",
            cells: [
              { group: "female", numerator: 5, denominator: 100 },
              { group: "male", numerator: 0, denominator: 100 },
            ],
          },
        ],
        { statistic: "crude_rate", multiplier: 100000 },
      ),
    );
    expect(p.overall.numerator).toBeNull();
    expect(p.overall.estimate.value).toBeNull();
  });

  it("never shows a count of 1 to 7 or one that is not a multiple of 5", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            numerator: fc.integer({ min: 0, max: 400 }),
            extra: fc.integer({ min: 0, max: 2000 }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (cells) => {
          const breakdown: TrueBreakdown = {
            dimension: "age_band",
            cells: cells.map((c, i) => ({
              group: String(i),
              numerator: c.numerator,
              denominator: c.numerator + c.extra,
            })),
          };
          const total = breakdown.cells.reduce(
            (t, c) => ({
              numerator: t.numerator + c.numerator,
              denominator: t.denominator + c.denominator,
            }),
            { numerator: 0, denominator: 0 },
          );
          const p = valueOf(
            publishMeasure(total, [breakdown], {
              statistic: "proportion",
              multiplier: 100,
            }),
          );
          const shown = [p.overall, ...(p.breakdowns[0]?.cells ?? [])].flatMap(
            (c) => [c.numerator, c.denominator],
          );
          const suppressed = p.breakdowns[0]?.cells.filter(
            (c) => c.numerator === null,
          ).length;
          return (
            shown.every((v) => v === null || v % 5 === 0) &&
            // A lone suppressed cell beside a shown total would be recoverable.
            !(suppressed === 1 && p.overall.numerator !== null)
          );
        },
      ),
    );
  });

  it("fits the inequality gradient to the published decile values", () => {
    const rates = [0.3, 0.28, 0.26, 0.24, 0.22, 0.2, 0.18, 0.16, 0.14, 0.12];
    const p = valueOf(
      publishMeasure(
        { numerator: 21000, denominator: 100000 },
        [byDecile(rates)],
        {
          statistic: "proportion",
          multiplier: 100,
          inequalityDimension: "imd_decile",
          uniform: seededUniform(1),
          repetitions: 2000,
        },
      ),
    );
    const inequality = p.inequality;
    if (inequality?.status !== "calculated") throw new Error("not fitted");
    // Falls by 2 points a decile: least minus most deprived over the whole range ≈ −20 points.
    expect(inequality.result.sii).toBeCloseTo(-20, 0);
    const ci = inequality.result.siiIntervals.find(
      (i) => i.confidence === 0.95,
    );
    expect(ci?.lower).toBeLessThan(inequality.result.sii);
    expect(ci?.upper).toBeGreaterThan(inequality.result.sii);
  });

  it("says why no gradient is fitted when a decile is suppressed", () => {
    const breakdown = byDecile([
      0.3, 0.28, 0.26, 0.24, 0.22, 0.2, 0.18, 0.16, 0.14, 0.12,
    ]);
    const cells = breakdown.cells.map((c, i) =>
      i === 9 ? { ...c, numerator: 4 } : c,
    );
    const p = valueOf(
      publishMeasure(
        { numerator: 20000, denominator: 100000 },
        [{ dimension: "imd_decile", cells }],
        {
          statistic: "proportion",
          multiplier: 100,
          inequalityDimension: "imd_decile",
        },
      ),
    );
    expect(p.inequality).toMatchObject({ status: "not_calculated" });
    if (p.inequality?.status === "not_calculated")
      expect(p.inequality.reason).toMatch(/suppressed/);
  });

  it("refuses a count that is not a whole number", () => {
    const r = publishMeasure({ numerator: 1.5, denominator: 10 }, [], {
      statistic: "proportion",
      multiplier: 100,
    });
    expect(r).toEqual({ ok: false, error: "not_a_count" });
  });
});

describe("publishing a standard indicator", () => {
  const metadata = {
    id: "x",
    name: "x",
    definition: "",
    numerator: "",
    denominator: "",
    method: "",
    unit: "per 100,000",
    multiplier: 100000,
    polarity: "RAG - Low is good" as const,
    source: "",
  };
  const estimate = (value: number) => ({
    value,
    intervals: [{ confidence: 0.95, lower: value * 0.9, upper: value * 1.1 }],
    method: "Dobson",
  });

  it("keeps a DSR only where its counts may be shown and there are 10 or more events", () => {
    const p = valueOf(
      publishIndicator(
        {
          metadata,
          inequality: [],
          cells: [
            {
              breakdown: [],
              group: {},
              numerator: 212,
              denominator: 90000.4,
              estimate: estimate(250),
            },
            {
              breakdown: ["sex"],
              group: { sex: "female" },
              numerator: 204,
              denominator: 45000.2,
              estimate: estimate(260),
            },
            {
              breakdown: ["sex"],
              group: { sex: "male" },
              numerator: 8,
              denominator: 45000.2,
              estimate: estimate(20),
            },
            {
              breakdown: ["place"],
              group: { place: "A" },
              numerator: 203,
              denominator: 60000,
              estimate: estimate(240),
            },
            {
              breakdown: ["place"],
              group: { place: "B" },
              numerator: 9,
              denominator: 30000.4,
              estimate: estimate(30),
            },
          ],
        },
        "dsr",
        {},
      ),
    );
    const sex = p.breakdowns.find((b) => b.dimension === "sex")?.cells ?? [];
    // 8 is not a small number but under 10 events: its DSR is withheld; its count is shown.
    expect(sex.map((c) => c.numerator)).toEqual([205, 10]);
    expect(sex[1]?.estimate.value).toBeNull();
    expect(sex[1]?.estimate.method).toMatch(/fewer than 10 events/);
    expect(sex[0]?.estimate.value).toBe(260);
    // Person-years are rounded to whole years, then to 5.
    expect(p.overall.denominator).toBe(90000);
    const place =
      p.breakdowns.find((b) => b.dimension === "place")?.cells ?? [];
    expect(place.map((c) => c.numerator)).toEqual([205, 10]);
  });

  it("recomputes a proportion from the shown counts and hides a recoverable cell", () => {
    const p = valueOf(
      publishIndicator(
        {
          metadata: { ...metadata, multiplier: 100, unit: "%" },
          inequality: [],
          cells: [
            {
              breakdown: [],
              group: {},
              numerator: 503,
              denominator: 1000,
              estimate: estimate(50.3),
            },
            {
              breakdown: ["sex"],
              group: { sex: "female" },
              numerator: 500,
              denominator: 600,
              estimate: estimate(83.3),
            },
            {
              breakdown: ["sex"],
              group: { sex: "male" },
              numerator: 3,
              denominator: 400,
              estimate: estimate(0.75),
            },
          ],
        },
        "proportion",
        {},
      ),
    );
    expect(p.overall.estimate.value).toBeCloseTo(50.5, 10);
    const sex = p.breakdowns[0]?.cells ?? [];
    expect(sex.map((c) => c.numerator)).toEqual([null, null]);
    expect(sex[0]?.secondarySuppression).toBe(true);
  });
});
