import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the shared reference data is: OPENICS_REFDATA, else ../shared/refdata beside the repository. */
export function refdataRoot(): string {
  return resolve(
    process.env.OPENICS_REFDATA ??
      join(
        fileURLToPath(new URL("../../../", import.meta.url)),
        "..",
        "shared",
        "refdata",
      ),
  );
}

/**
 * The folder of one kind of reference data, or null (tests then skip with this message).
 * With CI=true a missing folder is a failure, never a skip.
 */
export function refdataFolder(
  kind: string,
): { path: string; files: string[] } | { path: null; reason: string } {
  const path = join(refdataRoot(), kind);
  if (!existsSync(path)) {
    const reason = `reference data ${path} is missing: set OPENICS_REFDATA to the folder holding ${kind}/`;
    if (process.env.CI === "true")
      throw new Error(`CI needs the reference data. ${reason}`);
    return { path: null, reason };
  }
  return {
    path,
    files: readdirSync(path)
      .sort()
      .map((f) => join(path, f)),
  };
}
