import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** The embedded analytics engine (DuckDB). In memory unless a file is given. */
export async function openAnalytics(
  path = ":memory:",
): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Population by IMD decile from LSOA rows, computed in DuckDB: the first aggregate the population
 * health capability builds on (its query model compiles to the same engine).
 */
export async function populationByDecile(
  connection: DuckDBConnection,
  lsoas: readonly { decile: number; population: number }[],
): Promise<{ decile: number; lsoas: number; population: number }[]> {
  await connection.run(
    "create or replace temp table lsoa_input (decile integer, population bigint)",
  );
  const appender = await connection.createAppender("lsoa_input");
  for (const l of lsoas) {
    appender.appendInteger(l.decile);
    appender.appendBigInt(BigInt(l.population));
    appender.endRow();
  }
  appender.closeSync();
  const reader = await connection.runAndReadAll(
    "select decile, count(*)::integer as lsoas, sum(population)::double as population from lsoa_input group by decile order by decile",
  );
  return reader.getRowObjects().map((r) => ({
    decile: Number(r.decile),
    lsoas: Number(r.lsoas),
    population: Number(r.population),
  }));
}
