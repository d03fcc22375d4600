import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFromStream } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

export type Row = Record<string, unknown>;

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<T extends Row = Row>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The database's own bulk load (COPY … FROM STDIN, CSV with header). Used as the benchmark baseline. */
  copyCsv(
    table: string,
    columns: readonly string[],
    csv: string,
  ): Promise<void>;
  close(): Promise<void>;
}

// Both drivers hand back the same JavaScript values: dates as ISO 'YYYY-MM-DD' strings,
// 64-bit integers as numbers (counts and populations fit well inside 2^53), numerics as numbers.
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;
const parsers = {
  [DATE]: (v: string) => v,
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
};

class PgliteDatabase implements Database {
  readonly kind = "pglite";
  constructor(private readonly pg: PGlite) {}

  async query<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    return (await this.pg.query<T>(sql, [...params])).rows;
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      work({
        query: async <R extends Row>(
          sql: string,
          params: readonly unknown[] = [],
        ) => (await tx.query<R>(sql, [...params])).rows,
      }),
    );
  }

  async copyCsv(
    table: string,
    columns: readonly string[],
    csv: string,
  ): Promise<void> {
    await this.pg.query(
      `COPY ${table} (${columns.join(",")}) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`,
      [],
      {
        blob: new Blob([csv]),
      },
    );
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}

class PostgresDatabase implements Database {
  readonly kind = "postgres";
  constructor(private readonly pool: pg.Pool) {}

  async query<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    return (await this.pool.query<T>(sql, [...params])).rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work({
        query: async <R extends Row>(
          sql: string,
          params: readonly unknown[] = [],
        ) => (await client.query<R>(sql, [...params])).rows,
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  }

  async copyCsv(
    table: string,
    columns: readonly string[],
    csv: string,
  ): Promise<void> {
    const client = await this.pool.connect();
    try {
      const sink = client.query(
        copyFromStream(
          `COPY ${table} (${columns.join(",")}) FROM STDIN WITH (FORMAT csv, HEADER true)`,
        ),
      );
      await pipeline(Readable.from([csv]), sink);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it the embedded database is used. */
  readonly url?: string | undefined;
  /** Where the embedded database keeps its files; "memory://" keeps them in memory. */
  readonly dataDir?: string | undefined;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite. */
export async function openDatabase(
  options: DatabaseOptions,
): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 4,
      types: {
        getTypeParser: ((oid: number) =>
          oid in parsers
            ? parsers[oid as keyof typeof parsers]
            : (
                pg.types.getTypeParser as (id: number) => (v: string) => unknown
              )(oid)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection can be ended by the server (a restart, or its database dropped): the
    // pool discards that client itself and the next query opens a fresh one or reports its own
    // error, so the event must not become an uncaught exception that stops the process.
    pool.on("error", () => undefined);
    const database = new PostgresDatabase(pool);
    await database.query("select 1");
    return database;
  }
  const dataDir = options.dataDir ?? "memory://";
  let location = dataDir;
  if (!dataDir.startsWith("memory://")) {
    location = join(dataDir, "pglite");
    mkdirSync(location, { recursive: true });
  }
  const embedded = await PGlite.create({ dataDir: location, parsers });
  return new PgliteDatabase(embedded);
}
