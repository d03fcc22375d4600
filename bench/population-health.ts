// npm run bench (or tsx bench/population-health.ts --scale 3): generates the demo ICS's
// patient-level records (scale 1 ≈ 1 million people, ~12 events each), loads them into DuckDB
// from the CSV files, and computes the standard indicator set with every breakdown from the
// compiled queries (one statement per population, all breakdowns as grouping sets), against a
// baseline in the same run: one hand-written SQL query per indicator per breakdown, one after
// another on the same engine. Prints wall times, peak memory and the ratio.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { populationHealth as ph } from "@openics/core";
import {
  compileQuery,
  createPatientTables,
  loadPatientCsv,
  openAnalytics,
  runOnDuckDB,
  setLookups,
} from "@openics/analytics";
import {
  buildDemoIcs,
  DEMO_PATIENT_FILES,
  demoLookups,
  writeDemoPatients,
} from "@openics/testkit";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const scale = Number(arg("scale") ?? process.env.OPENICS_BENCH_PH_SCALE ?? 1);
const period = { from: "2024-04-01", to: "2025-03-31" };

const seconds = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = process.hrtime.bigint();
  const value = await work();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
};
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const n = (v: number) => Math.round(v).toLocaleString("en-GB");

// The baseline: the queries an analyst would write by hand, one per indicator and breakdown.
const DIMENSION_SQL: Record<string, string> = {
  total: "'all'",
  place: "pk.place_code",
  pcn: "pk.pcn_code",
  practice: "pop.practice_code",
  lsoa: "pop.lsoa_code",
  age_band_5:
    "case when pop.age >= 90 then '90+' else cast(pop.age // 5 * 5 as varchar) || '-' || cast(pop.age // 5 * 5 + 4 as varchar) end",
  sex: "pop.sex",
  ethnicity_group: "pop.ethnicity_group",
  imd_decile: "lk.imd_decile",
  imd_quintile: "(lk.imd_decile + 1) // 2",
};
const LIFE_TABLE_BAND =
  "case when pop.age < 1 then 0 when pop.age < 5 then 1 when pop.age >= 90 then 90 else pop.age // 5 * 5 end";

const populationOn = (date: string) => `
  select p.patient_id, p.sex, p.ethnicity_group, p.lsoa_code, p.date_of_death, r.practice_code,
    date_diff('year', p.date_of_birth, date '${date}') - case when strftime(date '${date}', '%m%d') < strftime(p.date_of_birth, '%m%d') then 1 else 0 end as age
  from ph_patient p join ph_registration r on r.patient_id = p.patient_id
  where not p.opted_out and p.date_of_birth <= date '${date}'
    and (p.date_of_death is null or p.date_of_death > date '${date}')
    and r.start_date <= date '${date}' and (r.end_date is null or r.end_date > date '${date}')`;
const lookups = `left join ph_lsoa_lookup lk on lk.lsoa_code = pop.lsoa_code
  left join ph_practice_lookup pk on pk.practice_code = pop.practice_code`;
const codes = (list: ph.Codelist) =>
  `system = '${list.system}' and code in (${list.codes.map((c) => `'${c.code}'`).join(", ")})`;

function baselineSql(indicator: ph.Indicator, dimension: string): string {
  const dim = DIMENSION_SQL[dimension] ?? "'all'";
  const id = indicator.metadata.id;
  const lists = ph.indicatorCodelists;
  const prevalence: Record<string, [ph.Codelist, number]> = {
    hypertension_prevalence: [lists.hypertension, 0],
    diabetes_prevalence: [lists.diabetes, 17],
    copd_prevalence: [lists.copd, 0],
    depression_prevalence: [lists.depression, 18],
    chd_prevalence: [lists.chd, 0],
  };
  const p = prevalence[id];
  if (p) {
    return `with pop as (${populationOn(period.to)}),
cases as (select distinct patient_id from ph_event where ${codes(p[0])} and date <= date '${period.to}')
select ${dim} as grp, count(cases.patient_id) as numerator, count(*) as denominator
from pop left join cases on cases.patient_id = pop.patient_id ${lookups}
where pop.age >= ${p[1]} group by 1`;
  }
  if (id === "flu_vaccination_65_plus") {
    return `with pop as (${populationOn(period.to)}),
vaccinated as (select distinct patient_id from ph_event
  where resource_type in ('Immunization', 'Procedure') and ((${codes(lists.fluVaccination)}) or (${codes(lists.fluVaccineCvx)}))
  and date between date '2024-09-01' and date '2025-02-28')
select ${dim} as grp, count(vaccinated.patient_id) as numerator, count(*) as denominator
from pop left join vaccinated on vaccinated.patient_id = pop.patient_id ${lookups}
where pop.age >= 65 group by 1`;
  }
  if (id === "emergency_admissions") {
    return `with pop as (${populationOn(period.from)}),
admissions as (select patient_id, count(*) as n from ph_event where resource_type = 'Encounter'
  and category in ('EMER', 'IMP') and date between date '${period.from}' and date '${period.to}' group by patient_id)
select ${dim} as grp, coalesce(sum(admissions.n), 0) as numerator, count(*) as denominator
from pop left join admissions on admissions.patient_id = pop.patient_id ${lookups} group by 1`;
  }
  // Premature mortality and life expectancy: deaths and people by age band within each cell.
  const under75 = id === "premature_mortality" ? "where pop.age < 75" : "";
  return `with pop as (${populationOn(period.from)})
select ${dim} as grp, ${LIFE_TABLE_BAND} as band,
  count(*) filter (where pop.date_of_death between date '${period.from}' and date '${period.to}') as numerator, count(*) as denominator
from pop ${lookups} ${under75} group by 1, 2`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "openics-bench-ph-"));
  try {
    const ics = buildDemoIcs({ scale });
    const [counts, generateTime] = await seconds(() =>
      writeDemoPatients(dir, ics),
    );
    console.log(
      `Population health: generated ${n(counts.patients)} people, ${n(counts.registrations)} registrations, ${n(counts.events)} events as CSV in ${generateTime.toFixed(1)} s (peak ${peakMb()} MB)`,
    );

    // A database file: DuckDB compresses it and keeps only what it needs in memory.
    const engine = await openAnalytics(join(dir, "population-health.duckdb"));
    try {
      const { connection } = engine;
      const [, loadTime] = await seconds(async () => {
        await createPatientTables(connection);
        await loadPatientCsv(connection, {
          patients: join(dir, DEMO_PATIENT_FILES.patients),
          registrations: join(dir, DEMO_PATIENT_FILES.registrations),
          events: join(dir, DEMO_PATIENT_FILES.events),
        });
        await setLookups(connection, demoLookups(ics));
      });
      console.log(
        `  loaded into DuckDB (read_csv) in ${loadTime.toFixed(1)} s (peak ${peakMb()} MB)`,
      );

      const indicators = ph.standardIndicators(period);
      const breakdowns = ph.STANDARD_BREAKDOWNS;
      const [results, compiledTime] = await seconds(async () => {
        const rows: ph.MeasureRow[] = [];
        for (const { query } of ph.indicatorQueries(
          indicators,
          period,
          breakdowns,
        )) {
          rows.push(
            ...(await runOnDuckDB(connection, compileQuery(query, "duckdb"))),
          );
        }
        return {
          rows,
          results: ph.indicatorResults(indicators, rows, {
            siiRepetitions: 1000,
          }),
        };
      });
      const cells = results.results.reduce((s, r) => s + r.cells.length, 0);
      console.log(
        `  compiled queries: ${indicators.length} indicators × ${breakdowns.length + 1} breakdowns (${n(cells)} cells with CIs, SII/RII) in ${compiledTime.toFixed(2)} s (peak ${peakMb()} MB)`,
      );

      const dimensions = ["total", ...breakdowns];
      let baselineTotals = new Map<string, number>();
      const [queries, baselineTime] = await seconds(async () => {
        let count = 0;
        baselineTotals = new Map();
        for (const indicator of indicators) {
          for (const dimension of dimensions) {
            const reader = await connection.runAndReadAll(
              baselineSql(indicator, dimension),
            );
            count++;
            if (dimension === "total") {
              const numerator = reader
                .getRowObjectsJS()
                .reduce((s, r) => s + Number(r.numerator), 0);
              baselineTotals.set(indicator.metadata.id, numerator);
            }
          }
        }
        return count;
      });
      console.log(
        `  baseline: ${queries} hand-written queries one after another in ${baselineTime.toFixed(2)} s (peak ${peakMb()} MB)`,
      );
      const agree = results.results.every((r) => {
        const t = r.cells.find((c) => c.breakdown.length === 0);
        return (
          t !== undefined && baselineTotals.get(r.metadata.id) === t.numerator
        );
      });
      console.log(
        `  compiled set ${compiledTime.toFixed(2)} s vs baseline ${baselineTime.toFixed(2)} s: ${(baselineTime / compiledTime).toFixed(1)}× faster; totals agree with the baseline: ${agree ? "yes" : "NO"}`,
      );
      for (const r of results.results) {
        const t = r.cells.find((c) => c.breakdown.length === 0);
        const ci = t?.estimate.intervals[0];
        const sii = r.inequality[0]?.result;
        console.log(
          `    ${r.metadata.name.padEnd(60)} ${t?.estimate.value?.toFixed(2) ?? "NA"} (${ci?.lower?.toFixed(2) ?? "NA"}–${ci?.upper?.toFixed(2) ?? "NA"}) ${r.metadata.unit}; SII across IMD deciles ${sii?.sii.toFixed(2) ?? "NA"}, RII ${sii?.rii.toFixed(2) ?? "NA"}`,
        );
      }
    } finally {
      engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
