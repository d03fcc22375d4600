import type { Command } from "commander";
import { SYSTEM_ACTOR, finance, formatProblem } from "@openics/core";
import type { Database } from "@openics/db";
import { financeService } from "@openics/server";
import { CliError, withDatabase } from "./run";
import { dataFiles } from "./files";

function progress(
  log: (line: string) => void,
): (p: financeService.AllocationImportProgress) => void {
  return (p) => {
    switch (p.stage) {
      case "read":
        log(
          `Read ${p.file}: weighted populations ${p.year}, ${p.rows.toLocaleString("en-GB")} practices`,
        );
        break;
      case "skip":
        log(`Checked ${p.file}: ${p.reason}`);
        break;
      case "write":
        if (p.done >= p.total) log(`Wrote ${p.file}`);
        break;
    }
  };
}

export async function importAllocationFiles(
  db: Database,
  paths: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  const files = await dataFiles(paths, /\.csv$/i, log);
  const result = await financeService.importAllocations(
    db,
    SYSTEM_ACTOR,
    files.map((path) => ({ path })),
    progress(log),
  );
  if (!result.ok) {
    const [first, ...rest] = result.problems;
    const more =
      rest.length > 0
        ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})`
        : "";
    throw new CliError(
      `nothing was imported: ${first ? formatProblem(first) : result.message}${more}`,
    );
  }
  for (const f of result.files)
    if (f.year !== null)
      log(
        `${f.year}: ${f.rows.toLocaleString("en-GB")} practices; ${f.inserted} new, ${f.updated} changed, ${f.removed} removed`,
      );
}

export function registerFinanceCommands(program: Command): void {
  // `import` is shared with the other capabilities' importers.
  const imp =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import official data files");
  imp
    .command("allocations <files...>")
    .description(
      "import NHS England GP-practice weighted populations (one allocation year per file, recognised by its columns)",
    )
    .action((files: string[]) =>
      withDatabase((db, log) => importAllocationFiles(db, files, log)),
    );

  const fin = program
    .command("finance")
    .description("fair shares of the single pot");
  fin
    .command("need-index")
    .description(
      "registered and weighted populations and need index of each ICB (against England) or place (against its ICB)",
    )
    .requiredOption("--year <year>", "allocation year, YYYY-YY")
    .requiredOption("--by <level>", "icb or place")
    .option("--ics <code>", "only this ICB (ODS code)")
    .option("--format <format>", "csv or json", "csv")
    .action(
      (opts: { year: string; by: string; ics?: string; format: string }) =>
        withDatabase(async (db) => {
          const year = finance.allocationYear.safeParse(opts.year);
          if (!year.success)
            throw new CliError(
              `--year ${opts.year}: ${year.error.issues[0]?.message ?? "expected YYYY-YY"}`,
            );
          const by = finance.needIndexLevel.safeParse(opts.by);
          if (!by.success)
            throw new CliError(`--by ${opts.by}: expected icb or place`);
          if (opts.format !== "csv" && opts.format !== "json")
            throw new CliError(`--format ${opts.format}: expected csv or json`);
          const result = await financeService.needIndex(db, {
            year: year.data,
            by: by.data,
            ics: opts.ics,
          });
          if (!result.ok) throw new CliError(result.error.message);
          process.stdout.write(
            opts.format === "csv"
              ? financeService.needIndexCsv(result.value)
              : `${JSON.stringify(result.value)}\n`,
          );
        }),
    );
  fin
    .command("targets")
    .description(
      "the fair-share target of a sum by need component: shared among England's ICBs, or one ICB's places, to the penny",
    )
    .requiredOption("--year <year>", "allocation year, YYYY-YY")
    .requiredOption("--by <level>", "icb or place")
    .requiredOption("--sum-pence <pence>", "the sum to share, in whole pence")
    .option("--ics <code>", "the ICB whose places share the sum (--by place)")
    .option("--component <name>", "need component", "core_overall")
    .option("--format <format>", "csv or json", "csv")
    .action(
      (opts: {
        year: string;
        by: string;
        sumPence: string;
        ics?: string;
        component: string;
        format: string;
      }) =>
        withDatabase(async (db) => {
          const year = finance.allocationYear.safeParse(opts.year);
          if (!year.success)
            throw new CliError(`--year ${opts.year}: expected YYYY-YY`);
          const by = finance.needIndexLevel.safeParse(opts.by);
          if (!by.success)
            throw new CliError(`--by ${opts.by}: expected icb or place`);
          const component = finance.needComponent.safeParse(opts.component);
          if (!component.success)
            throw new CliError(
              `--component ${opts.component}: expected one of ${finance.NEED_COMPONENTS.join(", ")}`,
            );
          if (!/^\d+$/.test(opts.sumPence))
            throw new CliError(
              `--sum-pence ${opts.sumPence}: expected whole pence`,
            );
          const result = await financeService.fairShareTargets(db, {
            year: year.data,
            by: by.data,
            ics: opts.ics,
            totalPence: Number(opts.sumPence),
            component: component.data,
          });
          if (!result.ok) throw new CliError(result.error.message);
          process.stdout.write(
            opts.format === "json"
              ? `${JSON.stringify(result.value)}\n`
              : financeService.targetsCsv(result.value),
          );
        }),
    );
}
