import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/openics.js", import.meta.url));
// Written by hand in the Fingertips download layout; its values are made up.
const fixture = fileURLToPath(
  new URL(
    "../../server/src/population-health/test-data/fingertips-benchmarks.csv",
    import.meta.url,
  ),
);

function openics(
  dataDir: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OPENICS_DATA_DIR: dataDir,
    };
    delete env.DATABASE_URL;
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe("openics import benchmarks", () => {
  it("loads a Fingertips download and says what it loaded and skipped", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "openics-benchmarks-cli-"));
    const run = await openics(dataDir, ["import", "benchmarks", fixture]);
    expect(run.code).toBe(0);
    const said = run.stdout + run.stderr;
    expect(said).toContain(
      "Loaded 5 values (5 new, 0 replaced) for 2 areas and indicators 108, 219, 241",
    );
    expect(said).toContain("1 lines skipped: a breakdown by County & UA");
  }, 180_000);

  it("names the file, line and field of a bad value and fails", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "openics-benchmarks-cli-"));
    const bad = join(dataDir, "bad.csv");
    writeFileSync(
      bad,
      "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\n" +
        "241,Diabetes,E92000001,England,England,Persons,17+ yrs,2024/25,x,1,2,3,4\n",
    );
    const run = await openics(dataDir, ["import", "benchmarks", bad]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "bad.csv, line 2, field Value: 'x' is not a number",
    );
  }, 180_000);
});
