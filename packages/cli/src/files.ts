import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "./run";

/**
 * The data files named on the command line: a folder stands for the files in it whose names match
 * `pattern`, so `import … dir/` works as well as `dir/*`; documentation files are passed over aloud.
 */
export async function dataFiles(
  paths: readonly string[],
  pattern: RegExp,
  log: (line: string) => void,
): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new CliError(`${p}: no such file or folder`);
    if (info.isDirectory()) {
      for (const f of (await readdir(p)).sort())
        if (pattern.test(f)) files.push(join(p, f));
    } else if (/\.(md|txt|py)$/i.test(p))
      log(`Skipped ${p}: documentation, not data`);
    else files.push(p);
  }
  return files;
}
