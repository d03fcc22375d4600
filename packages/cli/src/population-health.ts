import type { Command } from "commander";
import { SYSTEM_ACTOR, formatProblem, type RowProblem } from "@openics/core";
import { populationHealthService as service } from "@openics/server";
import { CliError, withDatabase } from "./run";
import { dataFiles } from "./files";

function refuse(message: string, problems: readonly RowProblem[]): never {
  const [first, ...rest] = problems;
  const more =
    rest.length > 0
      ? `\n${rest.map((p) => `  ${formatProblem(p)}`).join("\n")}`
      : "";
  throw new CliError(
    `nothing was imported: ${first ? `${message}\n  ${formatProblem(first)}` : message}${more}`,
  );
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

const progress =
  (log: (line: string) => void) =>
  (p: service.FhirImportProgress): void => {
    if (p.stage === "read")
      log(`Read ${p.file}: ${p.lines.toLocaleString("en-GB")} lines`);
    else if (p.done >= p.total)
      log(`Wrote ${p.total.toLocaleString("en-GB")} rows to ${p.table}`);
  };

export function registerPopulationHealthCommands(program: Command): void {
  // `import` is shared with the other capabilities' importers.
  const imp =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import official data files");

  imp
    .command("fhir <paths...>")
    .description(
      "load a FHIR R4 bulk export (NDJSON files, or folders of them): patients, registrations and clinical events",
    )
    .option(
      "--json",
      "print the resources loaded per type, distinct patients and what was skipped, as JSON",
    )
    .action((paths: string[], opts: { json?: boolean }) =>
      withDatabase(async (db, log) => {
        const files = await dataFiles(paths, /\.ndjson$/i, log);
        const result = await service.importFhir(
          db,
          SYSTEM_ACTOR,
          files,
          progress(log),
        );
        if (!result.ok) refuse(result.error.message, result.error.problems);
        const r = result.value;
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...r.loaded, patients: r.patients, registrations: r.registrations, skipped: r.skipped }, null, 2)}\n`,
          );
          return;
        }
        for (const [type, n] of Object.entries(r.loaded))
          log(`${type}: ${n.toLocaleString("en-GB")} loaded`);
        log(count(r.patients, "distinct patient", "distinct patients"));
        for (const [type, reasons] of Object.entries(r.skipped))
          for (const [reason, n] of Object.entries(reasons))
            log(`${type}: ${n} skipped (${reason.replaceAll("_", " ")})`);
        if (r.deceasedWithoutDate > 0)
          log(
            `${r.deceasedWithoutDate} patients are recorded as dead without a date of death`,
          );
      }),
    );

  imp
    .command("patients <files...>")
    .description(
      "load patient-level CSV: patients, registrations and events files, each recognised by its header",
    )
    .action((paths: string[]) =>
      withDatabase(async (db, log) => {
        const files = await dataFiles(paths, /\.csv$/i, log);
        const result = await service.importPatientCsv(
          db,
          SYSTEM_ACTOR,
          files,
          progress(log),
        );
        if (!result.ok) refuse(result.error.message, result.error.problems);
        const r = result.value;
        log(
          `Loaded ${r.patients.toLocaleString("en-GB")} patients, ${r.registrations.toLocaleString("en-GB")} registrations and ${r.events.toLocaleString("en-GB")} events`,
        );
      }),
    );

  imp
    .command("codelist <file>")
    .description(
      "import one version of a codelist in the OpenCodelists CSV layout (code, term)",
    )
    .requiredOption(
      "--slug <slug>",
      "the codelist's name, e.g. opensafely/hypertension",
    )
    .requiredOption("--version <version>", "its version, e.g. 2020-04-28")
    .requiredOption(
      "--source <text>",
      "where it comes from (a URL or a description)",
    )
    .action(
      (file: string, opts: { slug: string; version: string; source: string }) =>
        withDatabase(async (db, log) => {
          const result = await service.importCodelist(db, SYSTEM_ACTOR, {
            path: file,
            ...opts,
          });
          if (!result.ok)
            refuse(result.error.message, result.error.problems ?? []);
          const r = result.value;
          log(
            r.added
              ? `Imported ${r.slug} version ${r.version}: ${count(r.codes, "code", "codes")}`
              : `${r.slug} version ${r.version} is already held; nothing changed`,
          );
        }),
    );

  program
    .command("optout")
    .description("the national data opt-out")
    .command("set <file>")
    .description(
      "flag exactly the patients listed (one patient id per line) as opted out; they are excluded from every output",
    )
    .action((file: string) =>
      withDatabase(async (db, log) => {
        const result = await service.setOptOuts(db, SYSTEM_ACTOR, file);
        if (!result.ok) refuse(result.error.message, result.error.problems);
        const r = result.value;
        log(
          `${count(r.flagged, "patient", "patients")} flagged as opted out, ${r.cleared} no longer; ${count(r.notLoaded, "listed id is", "listed ids are")} not loaded`,
        );
      }),
    );

  program
    .command("indicators")
    .description("the standard population-health indicators")
    .command("publish")
    .description(
      "run the standard indicators for an ICS and reporting year, apply disclosure control, log the query publicly and publish the results",
    )
    .requiredOption("--ics <code>", "the ICB ODS code")
    .requiredOption(
      "--period-to <date>",
      "the last day of the reporting year, e.g. 2025-03-31",
    )
    .requiredOption(
      "--organisation <org>",
      "the organisation running it, as named in a data-sharing agreement",
    )
    .option("--purpose <purpose>", "the purpose, as in the agreement")
    .option("--engine <engine>", "duckdb (default) or postgres")
    .option("--json", "print the summary as JSON")
    .action(
      (opts: {
        ics: string;
        periodTo: string;
        organisation: string;
        purpose?: string;
        engine?: string;
        json?: boolean;
      }) =>
        withDatabase(async (db, log) => {
          log(`Publishing the standard indicators of ${opts.ics}…`);
          const result = await service.publishStandardIndicators(
            db,
            SYSTEM_ACTOR,
            opts.ics,
            {
              period_to: opts.periodTo,
              organisation: opts.organisation,
              ...(opts.purpose === undefined
                ? {}
                : { purpose: opts.purpose as never }),
              ...(opts.engine === undefined
                ? {}
                : { engine: opts.engine as never }),
            },
          );
          if (!result.ok) throw new CliError(result.error.message);
          const r = result.value;
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
            return;
          }
          log(
            `Published ${count(r.indicators.length, "indicator", "indicators")} for ${r.period.from} to ${r.period.to} from ${count(r.patientsRead, "patient", "patients")} on ${r.engine}; query log entry ${r.queryLogId} (SHA-256 ${r.definitionSha256.slice(0, 12)}…)`,
          );
        }),
    );
}
