import type { Command } from "commander";
import type { Database } from "@openics/db";
import { governanceService } from "@openics/server";
import { CliError, withDatabase } from "./run";

/** The verification of each chain as lines for a person; exits non-zero when any chain is broken. */
export async function verifyLogs(
  db: Database,
  ics: string | undefined,
  print: (line: string) => void,
): Promise<void> {
  const result = await governanceService.verifyLog(db, ics);
  if (!result.ok) throw new CliError(result.error.message);
  const { chains } = result.value;
  if (chains.length === 0) print("No governance log has been kept yet.");
  for (const chain of chains)
    print(
      chain.valid
        ? `${chain.ics}: ${chain.length} entr${chain.length === 1 ? "y" : "ies"}, the chain checks out; head ${chain.head}`
        : `${chain.ics}: BROKEN at sequence ${chain.first_broken} of ${chain.length}: ${chain.reason}`,
    );
  const broken = chains.filter((c) => !c.valid).map((c) => c.ics);
  if (broken.length > 0)
    throw new CliError(
      `the governance log of ${broken.join(", ")} does not verify`,
    );
}

export function registerGovernanceCommands(program: Command): void {
  program
    .command("verify")
    .description(
      "recompute the hash chain of the public governance log (of one ICS, or of all) and report the first broken entry",
    )
    .option("--ics <code>", "an ICB ODS or GSS code; all ICSs when absent")
    .action((opts: { ics?: string }) =>
      withDatabase((db) =>
        verifyLogs(db, opts.ics, (line) => {
          process.stdout.write(`${line}\n`);
        }),
      ),
    );
}
