// Runs compiled population-health queries on PostgreSQL (or PGlite). The caller passes a
// transaction: the lookup tables are created as temporary tables that are dropped when it
// commits, so concurrent runs never see each other's lookups.
import type { populationHealth as ph } from "@openics/core";
import { decodeRows, type CompiledQuery } from "./compile";
import type { Lookups } from "./tables";

/** The least a PostgreSQL connection must offer (the server's Database transaction fits). */
export interface SqlClient {
  query(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Record<string, unknown>[]>;
}

/** Runs a query compiled for PostgreSQL inside the caller's transaction. */
export async function runOnPostgres(
  tx: SqlClient,
  compiled: CompiledQuery,
  lookups: Lookups = {},
): Promise<ph.MeasureRow[]> {
  if (compiled.dialect !== "postgres") {
    throw new Error(
      `a query compiled for ${compiled.dialect} cannot run on PostgreSQL`,
    );
  }
  if (compiled.lookups.lsoa) {
    const rows = lookups.lsoas ?? [];
    await tx.query(
      "create temp table ph_lsoa_lookup (lsoa_code text primary key, imd_decile integer, place_code text) on commit drop",
    );
    await tx.query(
      "insert into ph_lsoa_lookup select * from unnest(cast($1 as text[]), cast($2 as integer[]), cast($3 as text[]))",
      [
        rows.map((r) => r.lsoa_code),
        rows.map((r) => r.imd_decile),
        rows.map((r) => r.place_code),
      ],
    );
  }
  if (compiled.lookups.practice) {
    const rows = lookups.practices ?? [];
    await tx.query(
      "create temp table ph_practice_lookup (practice_code text primary key, pcn_code text, place_code text) on commit drop",
    );
    await tx.query(
      "insert into ph_practice_lookup select * from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]))",
      [
        rows.map((r) => r.practice_code),
        rows.map((r) => r.pcn_code),
        rows.map((r) => r.place_code),
      ],
    );
  }
  const rows = await tx.query(compiled.sql, compiled.params);
  return decodeRows(compiled, rows);
}
