import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { populationHealth as ph, SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, publicationRepository, type Database } from "@openics/db";
import {
  describeEachDatabase,
  generateDemoIcs,
  loadDemoPopulationHealth,
} from "@openics/testkit";
import { importGeography } from "../structure/importer";
import { listQueryLog } from "./registers-service";
import { publishStandardIndicators } from "./indicators-service";

const DEMO = { seed: 11, scale: 0.1 };

describeEachDatabase(
  "publishing the standard indicators of the demo ICS",
  (open) => {
    let db: Database;
    let dir: string;

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      const files = generateDemoIcs(DEMO).map((f) => ({
        path: f.name,
        bytes: Buffer.from(f.contents),
      }));
      const loaded = await importGeography(db, SYSTEM_ACTOR, files);
      if (!loaded.ok) throw new Error(loaded.message);
      dir = mkdtempSync(join(tmpdir(), "openics-ph-publish-"));
    });
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("refuses to run without patient records, and outside every agreement, releasing nothing", async () => {
      const none = await publishStandardIndicators(db, SYSTEM_ACTOR, "QZ9", {
        period_to: "2025-03-31",
        organisation: "QZ9",
      });
      expect(none).toMatchObject({ ok: false, error: { code: "no_patients" } });
    });

    it("publishes every standard indicator, logged under the agreement, with nothing disclosive", async () => {
      const loaded = await loadDemoPopulationHealth(db, dir, {
        ...DEMO,
        fraction: 0.1,
        years: 2,
      });
      expect(loaded.indicators).toBe(
        ph.standardIndicators({ from: "2024-04-01", to: "2025-03-31" }).length,
      );
      const rows = (
        await publicationRepository.latestPublications(db, "QZ9")
      ).filter((r) => r.period_to === "2025-03-31");
      expect(rows).toHaveLength(loaded.indicators);
      const log = await listQueryLog(db, "QZ9");
      if (!log.ok) throw new Error(log.error.message);
      // One logged run a year; the latest publications come from the last.
      expect(log.value.entries).toHaveLength(2);
      const entry = log.value.entries.find((e) =>
        rows.some((r) => r.query_log_id === String(e.query_id)),
      );
      expect(
        rows.every((r) => r.query_log_id === String(entry?.query_id)),
      ).toBe(true);
      expect(rows[0]?.query_hash).toBe(entry?.definition_sha256);
      // Every count shown is 0, or a multiple of 5 of at least 10: none of 1 to 7 gets out.
      for (const r of rows) {
        const p = r.payload as ph.Publication;
        const cells = [p.overall, ...p.breakdowns.flatMap((b) => b.cells)];
        for (const c of cells)
          for (const v of [c.numerator, c.denominator])
            if (v !== null)
              expect(v === 0 || (v % 5 === 0 && v >= 10)).toBe(true);
      }
      const hypertension = rows.find(
        (r) => r.indicator_id === "hypertension_prevalence",
      );
      const p = hypertension?.payload as ph.Publication;
      expect(p.overall.estimate.value).toBeGreaterThan(0);
      // The gradient is fitted to the published decile values, not to the true counts.
      expect(p.inequality?.status).toBe("calculated");
      const deciles = p.breakdowns.find((b) => b.dimension === "imd_decile");
      const refit = ph.slopeIndexOfInequality(
        (deciles?.cells ?? []).map((c) => ({
          quantile: Number(c.group),
          population: c.denominator ?? 0,
          value: (c.estimate.value ?? 0) / 100,
        })),
        { valueType: "proportion", multiplier: 100 },
      );
      if (p.inequality?.status === "calculated")
        expect(p.inequality.result.sii).toBeCloseTo(refit.sii, 9);
    });

    it("gives the same published values on PostgreSQL as on DuckDB", async () => {
      const again = await publishStandardIndicators(db, SYSTEM_ACTOR, "QZ9", {
        period_to: "2025-03-31",
        organisation: "QZ9",
        engine: "postgres",
      });
      if (!again.ok) throw new Error(again.error.message);
      const duck = (
        await publicationRepository.latestPublications(db, "QZ9")
      ).filter((r) => r.period_to === "2025-03-31");
      const byId = new Map(again.value.indicators.map((i) => [i.id, i.value]));
      // latestPublications now returns the PostgreSQL run; compare with the first run's log.
      const series = await Promise.all(
        duck.map((r) =>
          publicationRepository.indicatorSeries(db, "QZ9", r.indicator_id),
        ),
      );
      expect(series.every((s) => s.length === 2)).toBe(true);
      for (const r of duck) {
        const p = r.payload as ph.Publication;
        expect(p.overall.estimate.value).toEqual(byId.get(r.indicator_id));
      }
      const all = await db.query<{
        indicator_id: string;
        payload: ph.Publication;
        published_at: string;
      }>(
        "select indicator_id, payload, published_at::text from ph_publication where period_to = '2025-03-31' order by published_at, id",
      );
      const first = new Map<string, string>();
      const second = new Map<string, string>();
      for (const row of all) {
        const target = first.has(row.indicator_id) ? second : first;
        target.set(row.indicator_id, JSON.stringify(row.payload));
      }
      expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
      for (const [id, payload] of first) expect(second.get(id)).toBe(payload);
    });

    it("refuses a member of the public and a run no agreement covers", async () => {
      const publicRun = await publishStandardIndicators(
        db,
        { id: "public", role: "public", icsCode: null },
        "QZ9",
        { period_to: "2025-03-31", organisation: "QZ9" },
      );
      expect(publicRun).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
      const before = await db.query<{ n: number }>(
        "select count(*)::int as n from ph_publication",
      );
      const research = await publishStandardIndicators(
        db,
        SYSTEM_ACTOR,
        "QZ9",
        {
          period_to: "2025-03-31",
          organisation: "QZ9",
          purpose: "research",
        },
      );
      expect(research).toMatchObject({
        ok: false,
        error: { code: "no_agreement" },
      });
      const after = await db.query<{ n: number }>(
        "select count(*)::int as n from ph_publication",
      );
      expect(after).toEqual(before);
    });
  },
);
