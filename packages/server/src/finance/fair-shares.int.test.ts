import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR, finance } from "@openics/core";
import {
  financeRepository,
  migrateAll,
  structureRepository,
  type Database,
} from "@openics/db";
import { describeEachDatabase, refdataFolder } from "@openics/testkit";
import { createApp } from "../app";
import { importGeography } from "../structure/importer";
import {
  fairShareTargets,
  financeHub,
  importAllocations,
  recordFinancePlan,
} from "./service";

// A real ICS's places against NHS England's real weighted populations: NHS Lancashire and South
// Cumbria (QE1), 2024-25, with delegated place budgets recorded through the use case.
const financeFolder = refdataFolder("finance");
const geoFolder = refdataFolder("geo");
const YEAR = "2024-25";
const ICS = "QE1";

const missing =
  financeFolder.path === null
    ? financeFolder
    : geoFolder.path === null
      ? geoFolder
      : null;
if (missing !== null)
  describe("fair shares of a real ICS", () => {
    it.skip(missing.reason, () => undefined);
  });
else {
  const financePath = financeFolder.path ?? "";
  const geoPath = geoFolder.path ?? "";
  describeEachDatabase("fair shares of a real ICS", (open) => {
    let db: Database;
    let places: string[] = [];
    // £1.5bn of delegated place budgets, split unevenly on purpose.
    const budgetOf = (i: number) => (400_000_000 + i * 37_000_001) * 100;

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      const geo = await importGeography(db, SYSTEM_ACTOR, [
        { path: join(geoPath, "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv") },
        { path: join(geoPath, "icb24_to_icb2026_crosswalk_DERIVED.csv") },
      ]);
      if (!geo.ok) throw new Error(geo.message);
      const alloc = await importAllocations(db, SYSTEM_ACTOR, [
        {
          path: join(
            financePath,
            `practice_weighted_population_${YEAR.replace("-", "_")}.csv`,
          ),
        },
      ]);
      if (!alloc.ok) throw new Error(alloc.message);
      const asAt = new Date().toISOString().slice(0, 10);
      const allocated = new Set(
        (await financeRepository.practicesOfYear(db, YEAR, ICS)).map(
          (p) => p.la_code,
        ),
      );
      places = (await structureRepository.placesAt(db, asAt, ICS))
        .map((p) => p.utla_gss)
        .filter((code) => allocated.has(code));
      const recorded = await recordFinancePlan(db, SYSTEM_ACTOR, ICS, {
        budgets: places.map((place_code, i) => ({
          year: YEAR,
          level: "delegated_place",
          place_code,
          planned_pence: budgetOf(i),
        })),
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
    });
    afterAll(async () => {
      await db.close();
    });

    it("finds the ICS's places in both the structure and the allocation data", () => {
      expect(places.length).toBeGreaterThanOrEqual(3);
    });

    it("sets targets that share the delegated budgets by core weighted population, to the penny", async () => {
      const hub = await financeHub(db, ICS, { year: YEAR });
      const fs = hub.ok ? hub.value.fairShares : null;
      if (!fs?.available) throw new Error("no fair shares");
      const total = places.reduce((s, _, i) => s + budgetOf(i), 0);
      expect(fs.totalPence).toBe(total);
      expect(fs.rows.reduce((s, r) => s + r.target_pence, 0)).toBe(total);
      const practices = await financeRepository.practicesOfYear(db, YEAR, ICS);
      const expected = finance.fairShareTargets(
        total,
        "core_overall",
        "place",
        practices,
      );
      for (const r of fs.rows)
        expect(r.target_pence).toBe(
          expected.find((e) => e.la_code === r.place_code)?.pence,
        );
      // Target share = population share × need index (NHS England's definition), to 1e-9.
      const pop = fs.rows.reduce((s, r) => s + r.registered_pop, 0);
      for (const r of fs.rows)
        expect(r.target_pence / total).toBeCloseTo(
          (r.registered_pop / pop) * (r.need_index ?? 0),
          9,
        );
    });

    it("gives each place with a budget its distance from target and a path to it", async () => {
      const hub = await financeHub(db, ICS, {
        year: YEAR,
        convergence: {
          years: 20,
          targetGrowthBp: 300,
          floorBp: 100,
          capBp: 800,
        },
      });
      const fs = hub.ok ? hub.value.fairShares : null;
      if (!fs?.available) throw new Error("no fair shares");
      for (const r of fs.rows.filter((x) => x.budget_pence !== null))
        expect(r.distance_pence).toBe((r.budget_pence ?? 0) - r.target_pence);
      expect(fs.convergence.paths).toHaveLength(places.length);
      for (const p of fs.convergence.paths) {
        // Each year closer, never further; within 10% now means at target within 5 years.
        const gaps = p.steps.map((s) => Math.abs(s.distance_percent ?? 0));
        for (let y = 1; y < gaps.length; y++)
          expect(gaps[y]).toBeLessThanOrEqual(gaps[y - 1] ?? 0);
        if ((gaps[0] ?? Infinity) <= 10)
          expect(p.reaches_target_in_year).toBeLessThanOrEqual(5);
      }
    });

    it("draws each place's path to its fair share on the public page, with the table and a CSV", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request(`/ics/${ICS}/finance?year=${YEAR}&years=8`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('id="convergence-chart"');
      expect(html).toContain("Distance from fair-share target, " + YEAR);
      const csv = await app.request(
        `/ics/${ICS}/finance?year=${YEAR}&years=8&format=csv&table=convergence`,
      );
      const lines = (await csv.text()).trim().split("\r\n");
      expect(lines[0]).toBe(
        "place_code,place_name,year,budget_pence,target_pence,distance_percent,reaches_target_in_year",
      );
      expect(lines).toHaveLength(1 + places.length * 9);
    });

    it("shares any sum among England's ICBs by a component, to the penny, in proportion to weighted population", async () => {
      const sum = 10_761_234_567_891; // about £107.6bn, 2024-25 core services
      const result = await fairShareTargets(db, {
        year: YEAR,
        by: "icb",
        totalPence: sum,
        component: "mental_health",
      });
      const rows = result.ok ? result.value : [];
      expect(rows).toHaveLength(42);
      expect(rows.reduce((s, r) => s + r.target_pence, 0)).toBe(sum);
      const wp = rows.reduce((s, r) => s + r.weighted_pop, 0);
      for (const r of rows)
        expect(
          Math.abs(r.target_pence - (sum * r.weighted_pop) / wp),
        ).toBeLessThan(
          // The float reference itself is good to about 1e-16 of the sum.
          1 + sum * 1e-15,
        );
    });

    it("needs the ICB to share a sum among places", async () => {
      expect(
        await fairShareTargets(db, {
          year: YEAR,
          by: "place",
          totalPence: 100,
          component: "core_overall",
        }),
      ).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    });

    it("answers the targets API as CSV that adds up to the sum", async () => {
      const res = await createApp(db, { log: () => undefined }).request(
        `/api/finance/fair-shares?year=${YEAR}&by=place&ics=${ICS}&sum_pence=100000000001&component=community&format=csv`,
      );
      const [head, ...rows] = (await res.text()).trim().split("\r\n");
      expect(head).toBe(
        "icb_code,la_code,component,weighted_pop,need_index,target_pence",
      );
      expect(rows.reduce((s, r) => s + Number(r.split(",")[5]), 0)).toBe(
        100000000001,
      );
    });
  });
}
