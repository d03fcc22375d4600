import type { Queryable } from "../database";

// Typed reads and writes of benchmark values. Callers pass validated rows.

export interface BenchmarkRecord {
  readonly indicator_id: number;
  readonly indicator_name: string;
  readonly area_code: string;
  readonly area_name: string;
  readonly area_type: string;
  readonly sex: string;
  readonly age: string;
  readonly time_period: string;
  readonly value: number | null;
  readonly lower_95: number | null;
  readonly upper_95: number | null;
  readonly count: number | null;
  readonly denominator: number | null;
}

export type StoredBenchmark = BenchmarkRecord & {
  readonly source_file: string;
  readonly loaded_at: string;
};

const BATCH = 2000;

/** Inserts or replaces benchmark values by their Fingertips key; returns how many were new. */
export async function upsertBenchmarks(
  tx: Queryable,
  rows: readonly BenchmarkRecord[],
  source: { readonly file: string; readonly loadedBy: string },
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const col = <K extends keyof BenchmarkRecord>(k: K) =>
      batch.map((r) => r[k]);
    const result = await tx.query<{ inserted: boolean }>(
      `insert into ph_benchmark (indicator_id, indicator_name, area_code, area_name, area_type, sex,
         age, time_period, value, lower_95, upper_95, count, denominator, source_file, loaded_by)
       select u.*, $14::text, $15::text from unnest($1::int[], $2::text[], $3::text[], $4::text[],
         $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::float8[],
         $12::float8[], $13::float8[]) as u
       on conflict (indicator_id, area_code, sex, age, time_period) do update set
         indicator_name = excluded.indicator_name, area_name = excluded.area_name,
         area_type = excluded.area_type, value = excluded.value, lower_95 = excluded.lower_95,
         upper_95 = excluded.upper_95, count = excluded.count, denominator = excluded.denominator,
         source_file = excluded.source_file, loaded_by = excluded.loaded_by, loaded_at = now()
       returning (xmax = 0) as inserted`,
      [
        col("indicator_id"),
        col("indicator_name"),
        col("area_code"),
        col("area_name"),
        col("area_type"),
        col("sex"),
        col("age"),
        col("time_period"),
        col("value"),
        col("lower_95"),
        col("upper_95"),
        col("count"),
        col("denominator"),
        source.file,
        source.loadedBy,
      ],
    );
    for (const r of result) {
      if (r.inserted) inserted++;
      else updated++;
    }
  }
  return { inserted, updated };
}

/** Every benchmark value of one Fingertips indicator, by area then period. */
export async function benchmarksOf(
  db: Queryable,
  indicatorId: number,
): Promise<StoredBenchmark[]> {
  return db.query<StoredBenchmark & Record<string, unknown>>(
    `select indicator_id, indicator_name, area_code, area_name, area_type, sex, age, time_period,
            value, lower_95, upper_95, count, denominator, source_file, loaded_at::text as loaded_at
     from ph_benchmark where indicator_id = $1 order by area_code, sex, age, time_period`,
    [indicatorId],
  );
}

/** How many benchmark values are stored. */
export async function countBenchmarks(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from ph_benchmark",
  );
  return row?.n ?? 0;
}
