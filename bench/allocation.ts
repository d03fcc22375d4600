// Allocation for all practices, all years: need indices of every ICB and place, and fair-share
// targets of a sum for every place, computed from every practice of every allocation year in the
// reference data by the exact rules, against the database's own GROUP BY of the same sums
// (floating point, no targets), measured in the same run on the same database.
import { SYSTEM_ACTOR, finance } from "@openics/core";
import { financeRepository, migrateAll, openDatabase } from "@openics/db";
import { financeService } from "@openics/server";
import { refdataFolder } from "@openics/testkit";

const time = async (work: () => Promise<void>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

export async function benchAllocation(): Promise<void> {
  const folder = refdataFolder("finance");
  if (folder.path === null) {
    console.log(`allocation  skipped: ${folder.reason}`);
    return;
  }
  const files = folder.files.filter((f) =>
    /practice_weighted_population_.*\.csv$/.test(f),
  );
  const db = await openDatabase({});
  await migrateAll(db);
  const imported = await financeService.importAllocations(
    db,
    SYSTEM_ACTOR,
    files.map((path) => ({ path })),
  );
  if (!imported.ok) throw new Error(imported.message);
  const years = (await financeRepository.listYears(db)).map((y) => y.year);
  const practices = await financeRepository.countPractices(db);
  let areas = 0;
  const exact = await time(async () => {
    areas = 0;
    for (const year of years) {
      for (const by of ["icb", "place"] as const) {
        const result = await financeService.needIndex(db, { year, by });
        if (!result.ok) throw new Error(result.error.message);
        areas += result.value.length;
      }
      const rows = await financeRepository.practicesOfYear(db, year);
      // £100bn split to the penny across every place of England.
      finance.fairShareTargets(
        10_000_000_000_000,
        "core_overall",
        "place",
        rows,
      );
    }
  });
  let groups = 0;
  const sql = await time(async () => {
    groups = 0;
    for (const level of ["icb_code", "icb_code, la_code"]) {
      const rows = await db.query(
        `select year, ${level}, sum(registered_population)::float8 as pop, sum(wp_core_overall)::float8 as wp
         from practice_weighted_population group by year, ${level}`,
      );
      groups += rows.length;
    }
  });
  await db.close();
  console.log(
    `allocation  ${practices.toLocaleString("en-GB")} practice-years in ${years.length} years → ${areas.toLocaleString("en-GB")} ICB and place need indices with every component, and place targets: ${exact.toFixed(2)} s   SQL GROUP BY of the same ${groups.toLocaleString("en-GB")} sums ${sql.toFixed(2)} s   ratio ${(exact / sql).toFixed(2)}× the baseline`,
  );
}
