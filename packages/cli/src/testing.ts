import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/openics.js", import.meta.url));

/**
 * Loading the demo builds every capability's demo data, which on a busy 2-core machine can take
 * minutes: a command gets room enough that only a hang fails it.
 */
export const CLI_TIMEOUT_MS = 900_000;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `openics` command in a child process on the embedded database in dataDir (never
 * on DATABASE_URL), with input on standard input when given.
 */
export function runOpenics(
  dataDir: string,
  args: readonly string[],
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OPENICS_DATA_DIR: dataDir,
    };
    delete env.DATABASE_URL;
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
