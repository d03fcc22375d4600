import type { finance } from "@openics/core";
import type { Queryable } from "../database";

// Typed reads and writes for weighted populations. No rules live here: callers pass validated
// rows. Numerics go in and come out as decimal text, so no value passes through a float.

type PracticeRow = finance.PracticeWeightedPopulation;

const TEXT_COLUMNS = [
  "year",
  "practice_code",
  "practice_name",
  "region_code",
  "icb_code",
  "icb_name",
  "sub_icb_code",
  "pcn_code",
  "lad_code",
  "la_code",
  "la_name",
] as const satisfies readonly (keyof PracticeRow)[];
const NUMERIC_COLUMNS = [
  "registered_population",
  "list_size_snapshot",
  "wp_core_overall",
  "wp_general_acute",
  "wp_community",
  "wp_mental_health",
  "wp_maternity",
  "wp_prescribing",
  "wp_primary_medical_care_need",
  "wp_health_inequalities",
  "wp_primary_medical_care_overall",
] as const satisfies readonly (keyof PracticeRow)[];
const COLUMNS = [...TEXT_COLUMNS, ...NUMERIC_COLUMNS];
const KEY = ["year", "practice_code"];
const BATCH = 2000;

const UPSERT_SQL = (() => {
  const casts = [
    ...TEXT_COLUMNS.map(() => "text"),
    ...NUMERIC_COLUMNS.map(() => "numeric"),
  ];
  const updates = COLUMNS.filter((c) => !KEY.includes(c));
  // Only rows whose values differ are updated (and returned), so a re-import reports no change.
  return `insert into practice_weighted_population (${COLUMNS.join(", ")})
    select * from unnest(${casts.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})
    on conflict (${KEY.join(", ")}) do update set ${updates.map((c) => `${c} = excluded.${c}`).join(", ")}
    where (${updates.map((c) => `practice_weighted_population.${c}`).join(", ")})
      is distinct from (${updates.map((c) => `excluded.${c}`).join(", ")})
    returning (xmax = 0) as inserted`;
})();

/** Inserts or updates a year's practices; returns how many were new and how many changed. */
export async function upsertPractices(
  tx: Queryable,
  rows: readonly PracticeRow[],
  onBatch?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const arrays = COLUMNS.map((c) => batch.map((r) => r[c]));
    for (const r of await tx.query<{ inserted: boolean }>(UPSERT_SQL, arrays)) {
      if (r.inserted) inserted++;
      else updated++;
    }
    onBatch?.(Math.min(start + BATCH, rows.length));
  }
  return { inserted, updated };
}

/**
 * Removes a year's practices that a newer file for that year no longer lists, within the ICBs the
 * file covers (a national file covers them all; the synthetic demo ICS's file covers only its own,
 * so loading it beside NHS England's files leaves theirs alone); returns how many.
 */
export async function removePracticesNotIn(
  tx: Queryable,
  year: string,
  practiceCodes: readonly string[],
  icbCodes: readonly string[],
): Promise<number> {
  const removed = await tx.query(
    "delete from practice_weighted_population where year = $1 and icb_code = any($3::text[]) and not (practice_code = any($2::text[])) returning practice_code",
    [year, practiceCodes, icbCodes],
  );
  return removed.length;
}

export interface AllocationYearRow {
  year: string;
  practices: number;
  registered_population: string;
  source_file: string;
  sha256: string;
}

export async function getYear(
  db: Queryable,
  year: string,
): Promise<AllocationYearRow | null> {
  const [row] = await db.query<AllocationYearRow & Record<string, unknown>>(
    "select year, practices, registered_population::text as registered_population, source_file, sha256 from allocation_year where year = $1",
    [year],
  );
  return row ?? null;
}

export async function listYears(db: Queryable): Promise<AllocationYearRow[]> {
  return db.query<AllocationYearRow & Record<string, unknown>>(
    "select year, practices, registered_population::text as registered_population, source_file, sha256 from allocation_year order by year",
  );
}

/** Records (or updates) an allocation year; returns whether anything about it changed. */
export async function upsertYear(
  tx: Queryable,
  entry: AllocationYearRow,
): Promise<boolean> {
  const changed = await tx.query(
    `insert into allocation_year (year, practices, registered_population, source_file, sha256)
     values ($1, $2, $3::numeric, $4, $5)
     on conflict (year) do update set practices = excluded.practices,
       registered_population = excluded.registered_population,
       source_file = excluded.source_file, sha256 = excluded.sha256
     where (allocation_year.practices, allocation_year.registered_population, allocation_year.source_file, allocation_year.sha256)
       is distinct from (excluded.practices, excluded.registered_population, excluded.source_file, excluded.sha256)
     returning year`,
    [
      entry.year,
      entry.practices,
      entry.registered_population,
      entry.source_file,
      entry.sha256,
    ],
  );
  return changed.length > 0;
}

/** A year's practices (optionally one ICB's), numerics as exact decimal text, in practice order. */
export async function practicesOfYear(
  db: Queryable,
  year: string,
  icbCode: string | null = null,
): Promise<PracticeRow[]> {
  const select = [
    ...TEXT_COLUMNS,
    ...NUMERIC_COLUMNS.map((c) => `${c}::text as ${c}`),
  ].join(", ");
  return db.query<PracticeRow & Record<string, unknown>>(
    `select ${select} from practice_weighted_population
     where year = $1 and ($2::text is null or icb_code = $2)
     order by practice_code`,
    [year, icbCode],
  );
}

/** The ICB codes the structure marks as synthetic (the demo ICS), whatever their dates. */
export async function syntheticIcbCodes(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ ods_code: string }>(
    "select distinct ods_code from icb where synthetic",
  );
  return new Set(rows.map((r) => r.ods_code));
}

export async function countPractices(
  db: Queryable,
  year: string | null = null,
): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from practice_weighted_population where ($1::text is null or year = $1)",
    [year],
  );
  return row?.n ?? 0;
}

/** Budgets, pooled budgets, the earmark, capital, assets and money flows of an ICS. */
export * as budgets from "./budgets-repository";
