// The databases every *.int.test.ts runs on: PGlite always, PostgreSQL when DATABASE_URL
// names a server. Each PostgreSQL open() gets its own new database, dropped on close, so
// suites running side by side never see each other's tables.
import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import { openDatabase, type Database } from "@openics/db";

export interface TestDatabase {
  readonly name: "pglite" | "postgres";
  open(): Promise<Database>;
}

const pglite: TestDatabase = {
  name: "pglite",
  open: () => openDatabase({ dataDir: "memory://" }),
};

let skipNoticeShown = false;

/** PGlite, plus PostgreSQL when DATABASE_URL is set (required when CI=true). */
export function testDatabases(): TestDatabase[] {
  const url = process.env["DATABASE_URL"];
  if (url) return [pglite, postgresOn(url)];
  if (process.env["CI"] === "true") {
    throw new Error(
      "CI must test PostgreSQL too: set DATABASE_URL to a server the tests may create and drop databases on (.ci/run starts one).",
    );
  }
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    process.stderr.write(
      "openics testkit: DATABASE_URL is not set, so database tests run on PGlite only and the PostgreSQL runs are skipped.\n",
    );
  }
  return [pglite];
}

/** Runs `suite` once per test database, as "<title> [pglite]" and "<title> [postgres]". */
export function describeEachDatabase(
  title: string,
  suite: (open: () => Promise<Database>) => void,
): void {
  for (const database of testDatabases()) {
    describe(`${title} [${database.name}]`, () => {
      suite(() => database.open());
    });
  }
}

function postgresOn(serverUrl: string): TestDatabase {
  return {
    name: "postgres",
    async open() {
      const name = `openics_test_${randomBytes(6).toString("hex")}`;
      await asAdmin(serverUrl, `CREATE DATABASE ${name}`);
      let database: Database;
      try {
        database = await openDatabase({
          url: withDatabaseName(serverUrl, name),
        });
      } catch (error) {
        await asAdmin(
          serverUrl,
          `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
        );
        throw error;
      }
      const close = database.close.bind(database);
      // An object spread would lose the class's methods, so close() is replaced in place.
      return Object.assign(database, {
        async close() {
          try {
            await close();
          } finally {
            await asAdmin(
              serverUrl,
              `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
            );
          }
        },
      });
    },
  };
}

/** CREATE and DROP DATABASE go through a short-lived connection to DATABASE_URL's own database. */
async function asAdmin(serverUrl: string, sql: string): Promise<void> {
  const admin = await openDatabase({ url: serverUrl });
  try {
    await admin.query(sql);
  } finally {
    await admin.close();
  }
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
