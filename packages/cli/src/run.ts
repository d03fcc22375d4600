import type { Database } from "@openics/db";
import { openConfiguredDatabase } from "./config";

/** An error the user can act on: printed as one line, exit status 1, no stack trace. */
export class CliError extends Error {}

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function withDatabase(
  work: (db: Database, log: (line: string) => void) => Promise<void>,
): Promise<void> {
  let db: Database | undefined;
  try {
    db = await openConfiguredDatabase(log);
    await work(db, log);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof CliError) log(`openics: ${error.message}`);
    else log(`openics: ${(error as Error).message}`);
  } finally {
    await db?.close();
  }
}
