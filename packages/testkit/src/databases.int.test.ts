import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "@openics/db";
import { describeEachDatabase, testDatabases } from "./databases";

describeEachDatabase("test database", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it("answers select 1", async () => {
    expect(await db.query("select 1 as one")).toEqual([{ one: 1 }]);
  });

  it("writes nothing from a transaction that throws", async () => {
    await db.query("create table rollback_check (id int primary key)");
    const failing = db.transaction(async (tx) => {
      await tx.query("insert into rollback_check (id) values (1)");
      throw new Error("abandon the transaction");
    });
    await expect(failing).rejects.toThrow("abandon the transaction");
    expect(await db.query("select id from rollback_check")).toEqual([]);
  });

  it("loads rows with copyCsv", async () => {
    await db.query(
      "create table lsoa_population (lsoa_code text, population int)",
    );
    const csv = "lsoa_code,population\nE01000001,1465\nE01000002,1436\n";
    await db.copyCsv("lsoa_population", ["lsoa_code", "population"], csv);
    expect(
      await db.query(
        "select lsoa_code, population from lsoa_population order by lsoa_code",
      ),
    ).toEqual([
      { lsoa_code: "E01000001", population: 1465 },
      { lsoa_code: "E01000002", population: 1436 },
    ]);
  });

  it("returns dates as YYYY-MM-DD strings", async () => {
    await db.query("create table effective_dates (valid_from date)");
    await db.query("insert into effective_dates (valid_from) values ($1)", [
      "2022-07-01",
    ]);
    expect(await db.query("select valid_from from effective_dates")).toEqual([
      { valid_from: "2022-07-01" },
    ]);
  });

  it("returns bigint counts as numbers", async () => {
    expect(
      await db.query("select count(*) as practices from generate_series(1, 3)"),
    ).toEqual([{ practices: 3 }]);
  });
});

describe.skipIf(!process.env["DATABASE_URL"])(
  "PostgreSQL test databases",
  () => {
    it("drops the database when it is closed", async () => {
      const postgres = testDatabases().find(
        (database) => database.name === "postgres",
      );
      if (!postgres)
        throw new Error(
          "DATABASE_URL is set, so a postgres test database is expected",
        );
      const db = await postgres.open();
      const [row] = await db.query<{ name: string }>(
        "select current_database() as name",
      );
      await db.close();

      const admin = await openDatabase({ url: process.env["DATABASE_URL"] });
      try {
        const left = await admin.query(
          "select 1 from pg_database where datname = $1",
          [row?.name],
        );
        expect(row?.name).toMatch(/^openics_test_[0-9a-f]+$/);
        expect(left).toEqual([]);
      } finally {
        await admin.close();
      }
    });
  },
);

describe("testDatabases", () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("refuses to run CI without PostgreSQL", () => {
    vi.stubEnv("CI", "true");
    vi.stubEnv("DATABASE_URL", undefined);
    expect(() => testDatabases()).toThrow(
      "CI must test PostgreSQL too: set DATABASE_URL",
    );
  });
});
