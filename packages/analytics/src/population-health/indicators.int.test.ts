import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { populationHealth as ph } from "@openics/core";
import {
  buildDemoIcs,
  demoLookups,
  DEMO_PATIENT_FILES,
  writeDemoPatients,
} from "@openics/testkit";
import { openAnalytics } from "../engine";
import { compileQuery } from "./compile";
import {
  createPatientTables,
  loadPatientCsv,
  runOnDuckDB,
  setLookups,
} from "./duckdb-runner";

const period = { from: "2024-04-01", to: "2025-03-31" };

describe("standard indicators on the demo ICS [duckdb]", () => {
  let engine: Awaited<ReturnType<typeof openAnalytics>>;
  let dir: string;
  let results: ph.IndicatorResult[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "openics-ph-"));
    const ics = buildDemoIcs({ scale: 0.2 });
    await writeDemoPatients(dir, ics, { fraction: 0.5 });
    engine = await openAnalytics();
    await createPatientTables(engine.connection);
    await loadPatientCsv(engine.connection, {
      patients: join(dir, DEMO_PATIENT_FILES.patients),
      registrations: join(dir, DEMO_PATIENT_FILES.registrations),
      events: join(dir, DEMO_PATIENT_FILES.events),
    });
    await setLookups(engine.connection, demoLookups(ics));
    const indicators = ph.standardIndicators(period);
    const rows: ph.MeasureRow[] = [];
    for (const { query } of ph.indicatorQueries(indicators, period)) {
      rows.push(
        ...(await runOnDuckDB(
          engine.connection,
          compileQuery(query, "duckdb"),
        )),
      );
    }
    results = ph.indicatorResults(indicators, rows, { siiRepetitions: 200 });
  });
  afterAll(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const result = (id: string) => {
    const r = results.find((x) => x.metadata.id === id);
    if (!r) throw new Error(`no ${id}`);
    return r;
  };
  const total = (id: string) => {
    const cell = result(id).cells.find((c) => c.breakdown.length === 0);
    if (!cell) throw new Error(`no total for ${id}`);
    return cell;
  };
  const byQuintile = (id: string, q: number) =>
    result(id).cells.find(
      (c) => c.breakdown[0] === "imd_quintile" && c.group.imd_quintile === q,
    )?.estimate.value ?? NaN;

  it("gives every indicator a total with confidence limits at 95% and 99.8%", () => {
    expect(results.map((r) => r.metadata.id)).toEqual([
      "hypertension_prevalence",
      "diabetes_prevalence",
      "copd_prevalence",
      "depression_prevalence",
      "chd_prevalence",
      "flu_vaccination_65_plus",
      "emergency_admissions",
      "premature_mortality",
      "life_expectancy",
    ]);
    for (const r of results) {
      const t = total(r.metadata.id);
      expect(t.estimate.value, r.metadata.id).not.toBeNull();
      expect(t.estimate.intervals.map((i) => i.confidence)).toEqual([
        0.95, 0.998,
      ]);
      const ci = t.estimate.intervals[0];
      expect(ci?.lower ?? Infinity).toBeLessThan(t.estimate.value ?? 0);
      expect(ci?.upper ?? -Infinity).toBeGreaterThan(t.estimate.value ?? 0);
    }
  });

  it("finds the prevalences, coverage and life expectancy in plausible ranges", () => {
    expect(total("hypertension_prevalence").estimate.value).toBeGreaterThan(8);
    expect(total("hypertension_prevalence").estimate.value).toBeLessThan(25);
    expect(total("flu_vaccination_65_plus").estimate.value).toBeGreaterThan(50);
    expect(total("life_expectancy").estimate.value).toBeGreaterThan(70);
    expect(total("life_expectancy").estimate.value).toBeLessThan(90);
  });

  it("shows the deprivation gradient: more disease, fewer vaccinations, more early deaths where deprived", () => {
    expect(byQuintile("diabetes_prevalence", 1)).toBeGreaterThan(
      byQuintile("diabetes_prevalence", 5),
    );
    expect(byQuintile("copd_prevalence", 1)).toBeGreaterThan(
      byQuintile("copd_prevalence", 5),
    );
    expect(byQuintile("flu_vaccination_65_plus", 1)).toBeLessThan(
      byQuintile("flu_vaccination_65_plus", 5),
    );
    expect(byQuintile("emergency_admissions", 1)).toBeGreaterThan(
      byQuintile("emergency_admissions", 5),
    );
    const sii = result("diabetes_prevalence").inequality.find(
      (i) => i.by === "imd_decile",
    )?.result;
    expect(sii?.sii).toBeLessThan(0);
    expect(sii?.rii).toBeLessThan(1);
  });

  it("adds the age-band cells up to the total", () => {
    const r = result("premature_mortality");
    const bands = r.cells.filter((c) => c.breakdown[0] === "age_band_5");
    expect(bands).toHaveLength(19);
    expect(bands.reduce((s, c) => s + c.numerator, 0)).toBe(
      total("premature_mortality").numerator,
    );
  });
});
