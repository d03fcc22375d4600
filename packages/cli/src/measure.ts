// openics measure run <file.json>: runs a measure defined in the query model on the database's
// patient-level records and prints only disclosure-controlled aggregates.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { populationHealth as ph } from "@openics/core";
import { measuresService } from "@openics/server";
import { CliError, withDatabase } from "./run";

export function registerMeasureCommands(program: Command): void {
  const measure = program
    .command("measure")
    .description("population-health measures on patient-level data");
  measure
    .command("run")
    .description(
      "run a measure file (JSON in the query model) and print its protected aggregates",
    )
    .argument("<file>", "the measure, as JSON")
    .option(
      "--rule <rule>",
      `disclosure rule: ${ph.DISCLOSURE_RULES.join(", ")}`,
      ph.DEFAULT_DISCLOSURE_RULE,
    )
    .option("--json", "print the whole result as JSON")
    .action((file: string, opts: { rule: string; json?: boolean }) =>
      withDatabase(async (db) => {
        const rule = ph.DISCLOSURE_RULES.find((r) => r === opts.rule);
        if (rule === undefined) {
          throw new CliError(
            `unknown disclosure rule '${opts.rule}' (use ${ph.DISCLOSURE_RULES.join(", ")})`,
          );
        }
        let input: unknown;
        try {
          input = JSON.parse(await readFile(file, "utf8"));
        } catch (error) {
          throw new CliError(`${file}: ${(error as Error).message}`);
        }
        const result = await measuresService.runMeasure(db, input, { rule });
        if (!result.ok) {
          const e = result.error;
          throw new CliError(
            e.code === "invalid_measure"
              ? `${file}: ${e.problems.join("; ")}`
              : `${file}: ${e.message}`,
          );
        }
        if (opts.json === true) {
          process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Disclosure rule: ${result.value.rule}\n`);
        for (const m of result.value.measures) {
          process.stdout.write(`\n${m.id} (${m.aggregation})\n`);
          for (const c of m.cells) {
            const group =
              c.breakdown.length === 0
                ? "total"
                : c.breakdown
                    .map((d) => `${d}=${String(c.group[d] ?? "unknown")}`)
                    .join(", ");
            const value = c.estimate?.value;
            const ci = c.estimate?.intervals[0];
            process.stdout.write(
              `  ${group}: ${c.numerator}${c.denominator === null ? "" : ` / ${c.denominator}`}${
                value === undefined || value === null
                  ? ""
                  : ` = ${value.toFixed(2)} (${ci?.lower?.toFixed(2) ?? "NA"}–${ci?.upper?.toFixed(2) ?? "NA"})`
              }\n`,
            );
          }
        }
      }),
    );
}
