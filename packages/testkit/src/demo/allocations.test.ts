import { describe, expect, it } from "vitest";
import { finance } from "@openics/core";
import { buildDemoIcs } from "./build";
import { DEMO_ALLOCATION_YEARS, demoAllocationFiles } from "./allocations";

const TINY = { seed: 5, scale: 0.05 };
// The demo's names carry no commas or quotes, so a line splits at its commas.
const read = (contents: string) => {
  const [header = [], ...records] = contents
    .trimEnd()
    .split("\n")
    .map((line) => line.split(","));
  return { header, records };
};
const rowsOf = (options: { seed: number; scale?: number }) =>
  demoAllocationFiles(buildDemoIcs(options)).map((f) => {
    const { header, records } = read(f.contents);
    const result = finance.validatePracticeRecords(f.name, header, records);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result;
  });

describe("the demo's GP-practice weighted populations", () => {
  it("are the same bytes for the same seed and differ for another", () => {
    const a = demoAllocationFiles(buildDemoIcs(TINY));
    const b = demoAllocationFiles(buildDemoIcs(TINY));
    const c = demoAllocationFiles(buildDemoIcs({ ...TINY, seed: 6 }));
    expect(a).toEqual(b);
    expect(a[0]?.contents).not.toEqual(c[0]?.contents);
  });

  it("are recognised as NHS England's practice layout and every row validates, one per open practice and year", () => {
    const ics = buildDemoIcs(TINY);
    const open = ics.practices.filter((p) => p.status === "A").length;
    const files = demoAllocationFiles(ics);
    expect(files.map((f) => f.name)).toEqual([
      "practice_weighted_population_2024_25.csv",
      "practice_weighted_population_2025_26.csv",
    ]);
    for (const f of files)
      expect(finance.recogniseFinanceCsv(read(f.contents).header)).toEqual({
        type: "practices",
        title: "GP practice weighted populations",
      });
    const years = rowsOf(TINY);
    expect(years.map((y) => y.year)).toEqual([...DEMO_ALLOCATION_YEARS]);
    for (const y of years) expect(y.rows).toHaveLength(open);
  });

  it.each([2026, 5, 1, 77])(
    "keep the ICB's ratio near 1 and every place's need index between 0.9 and 1.15 (seed %i)",
    (seed) => {
      for (const { year, rows } of rowsOf({ seed, scale: 0.2 })) {
        const [icb] = finance.icbNeedIndices(year, rows);
        const ratio = (icb?.weighted_pop ?? 0) / (icb?.registered_pop ?? 1);
        expect(ratio).toBeGreaterThan(0.97);
        expect(ratio).toBeLessThan(1.03);
        const places = finance.placeNeedIndices(year, rows);
        expect(places).toHaveLength(5);
        for (const p of places) {
          expect(p.need_index).toBeGreaterThan(0.9);
          expect(p.need_index).toBeLessThan(1.15);
        }
      }
    },
  );

  it("weigh a practice's people more for health inequalities the more deprived its area", () => {
    const ics = buildDemoIcs({ seed: 2026, scale: 0.3 });
    const [{ rows } = { rows: [] }] = rowsOf({ seed: 2026, scale: 0.3 });
    const decile = new Map(
      ics.practices.map((p) => [p.ods, ics.lsoas[p.lsoa]?.imd.imd.decile ?? 5]),
    );
    const ratio = (r: finance.PracticeWeightedPopulation) =>
      Number(r.wp_health_inequalities) / Number(r.registered_population);
    const mean = (xs: readonly number[]) =>
      xs.reduce((s, x) => s + x, 0) / xs.length;
    const deprived = rows.filter(
      (r) => (decile.get(r.practice_code) ?? 5) <= 3,
    );
    const affluent = rows.filter(
      (r) => (decile.get(r.practice_code) ?? 5) >= 8,
    );
    expect(deprived.length).toBeGreaterThan(0);
    expect(affluent.length).toBeGreaterThan(0);
    expect(mean(deprived.map(ratio))).toBeGreaterThan(
      mean(affluent.map(ratio)),
    );
  });
});
