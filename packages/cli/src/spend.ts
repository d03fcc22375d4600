import type { Command } from "commander";
import { SYSTEM_ACTOR, formatPence, formatProblem } from "@openics/core";
import type { Database } from "@openics/db";
import { spendImporter } from "@openics/server";
import { CliError, withDatabase } from "./run";
import { dataFiles } from "./files";

function progress(
  log: (line: string) => void,
): (p: spendImporter.SpendImportProgress) => void {
  return (p) => {
    switch (p.stage) {
      case "read":
        log(
          `Read ${p.file} (${p.encoding}): ${p.rows.toLocaleString("en-GB")} lines`,
        );
        break;
      case "skip":
        log(`Passed over ${p.file}: ${p.reason}`);
        break;
      case "write":
        if (p.done >= p.total) log(`Wrote ${p.file}`);
        break;
    }
  };
}

export async function importSpendFiles(
  db: Database,
  paths: readonly string[],
  opts: { body?: string; ics?: string; json?: boolean },
  log: (line: string) => void,
): Promise<void> {
  const files = await dataFiles(paths, /\.(csv|xlsx)$/i, log);
  const result = await spendImporter.importSpend(
    db,
    SYSTEM_ACTOR,
    files.map((path) => ({ path, body: opts.body, ics: opts.ics })),
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
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify(
        result.files.map((f) => ({
          file: f.file,
          body: f.body_code,
          rows: f.rows,
          total_pence: f.total_pence,
          distinct_suppliers: f.distinct_suppliers,
          earliest_date: f.earliest_date,
          latest_date: f.latest_date,
          mapping: f.mapping,
          encoding: f.encoding,
          written: f.written,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  for (const f of result.files)
    log(
      `${f.file} (${f.body_code}): ${f.rows.toLocaleString("en-GB")} lines, ${formatPence(f.total_pence)}, ${f.distinct_suppliers} suppliers, ${f.earliest_date ?? "?"} to ${f.latest_date ?? "?"}${f.written ? "" : " (already imported)"}`,
    );
}

export function registerSpendCommands(program: Command): void {
  // `import` is shared with the other capabilities' importers.
  const imp =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import official data files");
  imp
    .command("spend <files...>")
    .description(
      "import monthly spend files (CSV in UTF-8 or Windows-1252, or XLSX), columns recognised by name",
    )
    .option(
      "--body <code>",
      "the paying body's code (default: the file's entity column)",
    )
    .option("--ics <code>", "the ICS (ICB ODS code) the body belongs to")
    .option("--json", "print each file's figures and column mapping as JSON")
    .action(
      (
        files: string[],
        opts: { body?: string; ics?: string; json?: boolean },
      ) => withDatabase((db, log) => importSpendFiles(db, files, opts, log)),
    );
}
