import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@openics/testkit";
import type { Database } from "./database";
import { migrate, splitStatements } from "./migrate";
import { ALL_MIGRATIONS, migrateAll } from "./migrations";

it("no migration drops or empties a table or column: a migration never loses data", () => {
  for (const m of ALL_MIGRATIONS) {
    expect(m.sql, m.id).not.toMatch(
      /\b(drop\s+(table|column|schema)|truncate)\b/i,
    );
    expect(m.sql, m.id).not.toMatch(/\bdelete\s+from\b/i);
  }
});

it("migration ids are unique", () => {
  const ids = ALL_MIGRATIONS.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
});

it("splits a migration into its statements", () => {
  expect(
    splitStatements("create table a (x int);\ncreate table b (y int);\n"),
  ).toEqual(["create table a (x int)", "create table b (y int)"]);
});

describeEachDatabase("migrations", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it("apply every migration once, and nothing the second time", async () => {
    expect(await migrateAll(db)).toHaveLength(ALL_MIGRATIONS.length);
    expect(await migrateAll(db)).toEqual([]);
  });

  it("refuse to start when an applied migration has been edited", async () => {
    const [first] = ALL_MIGRATIONS;
    if (!first) throw new Error("no migrations");
    await expect(
      migrate(db, [{ id: first.id, sql: `${first.sql}\n-- edited` }]),
    ).rejects.toThrow(/was changed after it was applied/);
  });

  it("keep a failed migration from leaving anything behind", async () => {
    await expect(
      migrate(db, [
        {
          id: "test/0001_broken",
          sql: "create table half_done (x int);\nselect no_such_function();",
        },
      ]),
    ).rejects.toThrow();
    expect(
      await db.query(
        "select 1 from information_schema.tables where table_name = 'half_done'",
      ),
    ).toEqual([]);
    expect(
      await db.query(
        "select 1 from schema_migration where id = 'test/0001_broken'",
      ),
    ).toEqual([]);
  });
});
