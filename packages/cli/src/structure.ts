import { join } from "node:path";
import type { Command } from "commander";
import { SYSTEM_ACTOR, formatProblem } from "@openics/core";
import type { Database } from "@openics/db";
import {
  financeService,
  importGeography,
  structureService,
} from "@openics/server";
import {
  loadDemoFinance,
  loadDemoGovernance,
  loadDemoPopulationHealth,
  loadDemoSpend,
  loadScrutinyDemo,
  writeDemoAllocations,
  writeDemoIcs,
} from "@openics/testkit";
import { importAllocationFiles } from "./finance";
import { progressReporter } from "./progress";
import { CliError, withDatabase } from "./run";
import { dataFiles } from "./files";

export async function importGeographyFiles(
  db: Database,
  paths: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  const files = await dataFiles(paths, /\.(csv|geojson|json)$/i, log);
  const result = await importGeography(
    db,
    SYSTEM_ACTOR,
    files.map((path) => ({ path })),
    progressReporter(),
  );
  if (!result.ok) {
    const [first, ...rest] = result.problems;
    const more =
      rest.length > 0
        ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"} in the file)`
        : "";
    throw new CliError(
      `nothing was imported: ${first ? formatProblem(first) : result.message}${more}`,
    );
  }
  const written = result.files.filter((f) => !f.skipped);
  log(
    `Imported ${written.length} file(s), ${written.reduce((n, f) => n + f.rows, 0).toLocaleString("en-GB")} rows; ${result.files.length - written.length} summary file(s) checked and not needed.`,
  );
}

/** Generates the synthetic demo ICS as official files in `dir`, then loads them through the real importers. */
export async function loadDemo(
  db: Database,
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  log(
    `Writing the synthetic demo ICS to ${dir} and importing it through the geography importers…`,
  );
  const files = await writeDemoIcs(dir, { seed: 2026 });
  await importGeographyFiles(db, files, log);
  await loadDemoGovernance(db, log);
  // Registers, scrutiny and compacts name the same people as the demo's board.
  await loadScrutinyDemo(db, {
    people: {
      chair: { id: "P-HMARSH", name: "Helen Marsh" },
      financeDirector: { id: "P-TBECKER", name: "Tom Becker" },
      partnerMember: { id: "P-RDESAI", name: "Cllr Ravi Desai" },
    },
  });
  await importAllocationFiles(
    db,
    await writeDemoAllocations(dir, { seed: 2026 }),
    log,
  );
  await loadDemoFinance(db, financeService.recordFinancePlan);
  await loadDemoSpend(db);
  const health = await loadDemoPopulationHealth(
    db,
    join(dir, "patients"),
    { seed: 2026, fraction: 0.01 },
    log,
  );
  log(
    `Published ${health.indicators} indicators for each of ${health.years} years from ${health.patients.toLocaleString("en-GB")} synthetic patients, with disclosure control and a logged query for each year.`,
  );
  log(
    "The synthetic demo ICS is loaded. Every page about it says it is fictional.",
  );
}

export function registerStructureCommands(
  program: Command,
  dataDir: () => string,
): void {
  program
    .command("demo")
    .description(
      "generate the synthetic demo ICS and load it through the real importers",
    )
    .option("--out <dir>", "where to write the demo's files")
    .action((opts: { out?: string }) =>
      withDatabase(async (db, log) => {
        await loadDemo(db, opts.out ?? join(dataDir(), "demo"), log);
      }),
    );

  const imp = program
    .command("import")
    .description("import official data files");
  imp
    .command("geography <files...>")
    .description(
      "import geography files (recognised by their column headers): lookups, ODS practices and PCNs, populations, IMD, boundaries",
    )
    .action((files: string[]) =>
      withDatabase((db, log) => importGeographyFiles(db, files, log)),
    );

  program
    .command("summary")
    .description("counts for England or one ICS on a date")
    .option("--json", "print JSON")
    .option("--ics <code>", "an ICB ODS or GSS code")
    .option("--as-at <date>", "YYYY-MM-DD (default today)")
    .action((opts: { json?: boolean; ics?: string; asAt?: string }) =>
      withDatabase(async (db) => {
        if (opts.asAt !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asAt))
          throw new CliError(
            `--as-at ${opts.asAt}: expected a date as YYYY-MM-DD`,
          );
        const result = await structureService.summariseStructure(db, {
          ics: opts.ics,
          asAt: opts.asAt,
        });
        if (!result.ok) throw new CliError(result.error.message);
        const s = result.value;
        if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
        else {
          process.stdout.write(
            `${s.ics ?? "England"} on ${s.as_at}: ${s.icbs} ICB(s), ${s.sub_icb_locations} sub-ICB locations, ${s.places} places, ${s.pcns} PCNs, ` +
              `${s.practices} practices, ${s.lsoas} LSOAs, population ${s.population.toLocaleString("en-GB")}\n`,
          );
        }
      }),
    );
}
