// openics import benchmarks <file.csv>: England's (or any comparator area's) values of the
// standard indicators, from the Fingertips data download, for the indicator pages to compare with.
import type { Command } from "commander";
import { SYSTEM_ACTOR, formatProblem } from "@openics/core";
import { populationHealthService as service } from "@openics/server";
import { CliError, withDatabase } from "./run";

export function registerBenchmarkCommands(program: Command): void {
  const imp =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import official data files");
  imp
    .command("benchmarks <file>")
    .description(
      "load comparator values (e.g. England) from a Fingertips data download CSV; columns are found by header",
    )
    .action((file: string) =>
      withDatabase(async (db, log) => {
        const result = await service.importBenchmarks(db, SYSTEM_ACTOR, file);
        if (!result.ok) {
          const lines = result.error.problems.map(
            (p) => `  ${formatProblem(p)}`,
          );
          throw new CliError(
            [`nothing was imported: ${result.error.message}`, ...lines].join(
              "\n",
            ),
          );
        }
        const r = result.value;
        log(
          `Loaded ${r.rows.toLocaleString("en-GB")} values (${r.inserted.toLocaleString("en-GB")} new, ${r.updated.toLocaleString("en-GB")} replaced) for ${r.areas} areas and indicators ${r.indicators.join(", ")}`,
        );
        for (const [reason, n] of Object.entries(r.skipped))
          log(`${n.toLocaleString("en-GB")} lines skipped: ${reason}`);
      }),
    );
}
