import { createHash } from "node:crypto";
import type { Database } from "./database";

export interface Migration {
  /** Unique and ordered within its capability, e.g. "structure/0001_geography". Never renamed. */
  readonly id: string;
  readonly sql: string;
}

const checksum = (sql: string) =>
  createHash("sha256").update(sql).digest("hex");

/**
 * Applies every migration not yet applied, each in its own transaction, in order.
 * A migration already applied must not change: if its text differs, start-up stops,
 * because running a different history against existing data could lose it.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[],
): Promise<string[]> {
  await db.query(`create table if not exists schema_migration (
    id text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied = new Map(
    (
      await db.query<{ id: string; checksum: string }>(
        "select id, checksum from schema_migration",
      )
    ).map((r) => [r.id, r.checksum]),
  );
  const ran: string[] = [];
  for (const migration of migrations) {
    const sum = checksum(migration.sql);
    const previous = applied.get(migration.id);
    if (previous !== undefined) {
      if (previous !== sum) {
        throw new Error(
          `Migration ${migration.id} was changed after it was applied. Add a new migration instead.`,
        );
      }
      continue;
    }
    await db.transaction(async (tx) => {
      // Two servers starting at once must not both migrate.
      await tx.query("select pg_advisory_xact_lock(4242)");
      const again = await tx.query(
        "select 1 from schema_migration where id = $1",
        [migration.id],
      );
      if (again.length > 0) return;
      for (const statement of splitStatements(migration.sql))
        await tx.query(statement);
      await tx.query(
        "insert into schema_migration (id, checksum) values ($1, $2)",
        [migration.id, sum],
      );
      ran.push(migration.id);
    });
  }
  return ran;
}

/** Splits a migration on semicolons that end a line; migrations keep one statement per such line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
