import { Command } from "commander";
import { SYSTEM_ACTOR } from "@openics/core";
import { structureRepository } from "@openics/db";
import { accountsService, serveApp, structureService } from "@openics/server";
import { config, openConfiguredDatabase } from "./config";
import { registerStructureCommands, loadDemo } from "./structure";
import { registerFinanceCommands } from "./finance";
import { registerGovernanceCommands } from "./governance";
import { registerSpendCommands } from "./spend";
import { registerPopulationHealthCommands } from "./population-health";
import { registerMeasureCommands } from "./measure";
import { registerBenchmarkCommands } from "./benchmarks";
import { CliError, withDatabase } from "./run";
import { join } from "node:path";
import { writeFile } from "node:fs/promises";

const log = (line: string) => process.stderr.write(`${line}\n`);

const program = new Command();
program
  .name("openics")
  .description("OpenICS: an Integrated Care System run in the open")
  .showHelpAfterError();

program
  .command("serve")
  .description(
    "serve the portal and API (loads the synthetic demo ICS on first start)",
  )
  .action(async () => {
    const { port, dataDir, databaseUrl } = config();
    const db = await openConfiguredDatabase(log);
    const counts = await structureRepository.tableCounts(db);
    if (counts.icbs === 0) await loadDemo(db, join(dataDir, "demo"), log);
    const server = await serveApp(db, port);
    log(
      `OpenICS is serving http://localhost:${server.port} on ${databaseUrl ? "PostgreSQL" : `the embedded database in ${dataDir}`}`,
    );
    const stop = () => {
      void server
        .close()
        .then(() => db.close())
        .then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

registerStructureCommands(program, () => config().dataDir);
registerFinanceCommands(program);
registerGovernanceCommands(program);
registerSpendCommands(program);
registerPopulationHealthCommands(program);
registerMeasureCommands(program);
registerBenchmarkCommands(program);

program
  .command("export")
  .description("write an ICS's public tables as CSV files")
  .requiredOption("--ics <code>", "an ICB ODS or GSS code")
  .option("--as-at <date>", "YYYY-MM-DD (default today)")
  .option("--out <dir>", "folder to write to", ".")
  .action((opts: { ics: string; asAt?: string; out: string }) =>
    withDatabase(async (db) => {
      const { rowsToCsv } = await import("@openics/server/csv");
      const result = await structureService.getIcsOverview(
        db,
        opts.ics,
        opts.asAt,
      );
      if (!result.ok) throw new CliError(result.error.message);
      const v = result.value;
      for (const table of structureService.ICS_TABLES) {
        const path = join(opts.out, `${v.icb.ods_code}-${table}-${v.asAt}.csv`);
        await writeFile(path, rowsToCsv(v[table]));
        log(`Wrote ${path} (${v[table].length} rows)`);
      }
    }),
  );

const user = program.command("user").description("manage users");
user
  .command("add")
  .description("add a user (the first administrator is added this way)")
  .requiredOption("--email <email>")
  .requiredOption("--name <name>")
  .option("--role <role>", "member, officer or administrator", "administrator")
  .option(
    "--ics <code>",
    "the ICS (ICB ODS code) the user works for; none for national",
  )
  .option(
    "--password-stdin",
    "read the password from standard input (otherwise OPENICS_PASSWORD)",
  )
  .action(
    (opts: {
      email: string;
      name: string;
      role: string;
      ics?: string;
      passwordStdin?: boolean;
    }) =>
      withDatabase(async (db) => {
        const password = opts.passwordStdin
          ? (await readStdin()).trim()
          : (process.env.OPENICS_PASSWORD ?? "");
        if (!password)
          throw new CliError(
            "give a password with --password-stdin or the OPENICS_PASSWORD environment variable",
          );
        const result = await accountsService.addUser(db, SYSTEM_ACTOR, {
          email: opts.email,
          name: opts.name,
          role: opts.role as "administrator",
          ics: opts.ics ?? null,
          password,
        });
        if (!result.ok) throw new CliError(result.error.message);
        log(`Added ${result.value.email} as ${opts.role}.`);
      }),
  );

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

await program.parseAsync(process.argv).catch((error: unknown) => {
  log(`openics: ${(error as Error).message}`);
  process.exitCode = 1;
});
