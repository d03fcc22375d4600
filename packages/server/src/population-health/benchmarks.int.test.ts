import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import { benchmarksOf, importBenchmarks } from "./benchmarks-service";

// The fixture is written by hand in the Fingertips download layout; its values are made up.
const FIXTURE = fileURLToPath(
  new URL("./test-data/fingertips-benchmarks.csv", import.meta.url),
);

describeEachDatabase("importing Fingertips benchmarks", (open) => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    dir = mkdtempSync(join(tmpdir(), "openics-benchmarks-"));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (sql: string) =>
    (await db.query<{ n: number }>(sql))[0]?.n;

  it("refuses a file with a bad line, naming file, line and field, and writes nothing", async () => {
    const lines = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
    const broken = [
      ...lines,
      lines[2]
        ?.replace(",8.0,7.99,", ",eight,7.99,")
        .replace("2024/25", "2022/23"),
    ].join("\n");
    const path = join(dir, "broken.csv");
    writeFileSync(path, broken);
    const audits = await count("select count(*)::int as n from audit_log");
    const result = await importBenchmarks(db, SYSTEM_ACTOR, path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("invalid_rows");
    expect(result.error.problems).toEqual([
      {
        file: "broken.csv",
        line: 8,
        field: "Value",
        message: "'eight' is not a number",
      },
    ]);
    await expect(
      count("select count(*)::int as n from ph_benchmark"),
    ).resolves.toBe(0);
    await expect(
      count("select count(*)::int as n from audit_log"),
    ).resolves.toBe(audits);
  });

  it("refuses a file that is not a Fingertips download, naming the missing columns", async () => {
    const path = join(dir, "other.csv");
    writeFileSync(path, "code,term\n123,Diabetes\n");
    const result = await importBenchmarks(db, SYSTEM_ACTOR, path);
    expect(!result.ok && result.error.problems[0]?.field).toBe("(header)");
    expect(!result.ok && result.error.problems[0]?.message).toContain(
      '"Indicator ID"',
    );
  });

  it("refuses two lines for the same indicator, area, sex, age and period", async () => {
    const lines = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
    const path = join(dir, "twice.csv");
    writeFileSync(path, [...lines, lines[1]].join("\n"));
    const result = await importBenchmarks(db, SYSTEM_ACTOR, path);
    expect(!result.ok && result.error.problems[0]).toMatchObject({
      line: 8,
      message: "the same indicator, area, sex, age and period as line 2",
    });
  });

  it("refuses the public", async () => {
    const result = await importBenchmarks(db, PUBLIC_ACTOR, FIXTURE);
    expect(!result.ok && result.error.code).toBe("forbidden");
  });

  it("loads every whole-area line of a good file, skips category lines, and records an audit entry", async () => {
    const result = await importBenchmarks(db, SYSTEM_ACTOR, FIXTURE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      file: "fingertips-benchmarks.csv",
      rows: 5,
      inserted: 5,
      updated: 0,
      indicators: [108, 219, 241],
      areas: 2,
      skipped: {
        "a breakdown by County & UA deprivation deciles in England (IMD2019)": 1,
      },
    });
    const diabetes = await benchmarksOf(db, 241);
    expect(
      diabetes.map((b) => [b.area_code, b.time_period, b.value, b.count]),
    ).toEqual([
      ["E40000012", "2024/25", 8.5, 425_000],
      ["E92000001", "2023/24", 7.5, 3_750_000],
      ["E92000001", "2024/25", 8, 4_000_000],
    ]);
    const [mortality] = await benchmarksOf(db, 108);
    expect(mortality?.value).toBeNull();
    await expect(
      count(
        "select count(*)::int as n from audit_log where action = 'import_benchmarks'",
      ),
    ).resolves.toBe(1);
  });

  it("loads the same file again without duplicating anything", async () => {
    const result = await importBenchmarks(db, SYSTEM_ACTOR, FIXTURE);
    expect(result.ok && [result.value.inserted, result.value.updated]).toEqual([
      0, 5,
    ]);
    await expect(
      count("select count(*)::int as n from ph_benchmark"),
    ).resolves.toBe(5);
  });
});
