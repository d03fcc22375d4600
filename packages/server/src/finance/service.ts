import { fail, finance, ok, type Result } from "@openics/core";
import { financeRepository as repo, type Queryable } from "@openics/db";
import { rowsToCsv } from "../csv";

// Use cases of the finance capability. The API, pages and CLI all call these.

export {
  importAllocations,
  type AllocationImportProgress,
  type AllocationImportResult,
} from "./importer";

export type FinanceError = {
  readonly code: finance.FinanceErrorCode;
  readonly message: string;
};

/** The error for a year never imported, naming the years that are. */
export async function unknownYear(
  db: Queryable,
  year: string,
): Promise<FinanceError> {
  const loaded = (await repo.listYears(db)).map((y) => y.year);
  return {
    code: "unknown_allocation_year",
    message:
      loaded.length === 0
        ? `No weighted populations are imported for ${year}, nor for any year. Import them with "openics import allocations <files>".`
        : `No weighted populations are imported for ${year}. Years loaded: ${loaded.join(", ")}. Import others with "openics import allocations <files>".`,
  };
}

/**
 * The practices an ICB is measured against: England is every real practice of the year. A
 * synthetic ICS (the demo) is not part of England: it is measured against the synthetic practices,
 * and in a database holding only the demo, the demo is the whole of "England".
 */
async function englandPractices(
  db: Queryable,
  year: string,
  ics: string | null,
): Promise<finance.PracticeWeightedPopulation[]> {
  const [all, fictional] = await Promise.all([
    repo.practicesOfYear(db, year),
    repo.syntheticIcbCodes(db),
  ]);
  const real = all.filter((p) => !fictional.has(p.icb_code));
  const wantFictional =
    (ics !== null && fictional.has(ics)) || real.length === 0;
  return wantFictional ? all.filter((p) => fictional.has(p.icb_code)) : real;
}

/** A year's practices for need indices: one ICB's for its places, England's for ICBs. */
const practicesFor = (
  db: Queryable,
  year: string,
  by: finance.NeedIndexLevel,
  ics: string | null,
) =>
  by === "place"
    ? repo.practicesOfYear(db, year, ics)
    : englandPractices(db, year, ics);

export interface NeedIndexQuery {
  readonly year: string;
  readonly by: finance.NeedIndexLevel;
  /** One ICB's rows only (an ICB ODS code as the allocation files give it). */
  readonly ics?: string | undefined;
}

/**
 * Registered and weighted populations and need indices for every ICB (relative to England) or
 * every place (relative to its ICB) in an allocation year, computed from the stored practices by
 * the same pure rules the tests check against NHS England's published tables.
 */
export async function needIndex(
  db: Queryable,
  query: NeedIndexQuery,
): Promise<Result<finance.NeedIndexRow[], FinanceError>> {
  const year = await repo.getYear(db, query.year);
  if (!year) return fail(await unknownYear(db, query.year));
  const ics = query.ics?.trim().toUpperCase() ?? null;
  // A place is measured against its own ICB, so one ICB's practices are enough; an ICB is
  // measured against England, so it needs every practice.
  const practices = await practicesFor(db, query.year, query.by, ics);
  const rows = finance
    .needIndices(query.by, query.year, practices)
    .filter((r) => ics === null || r.icb_code === ics);
  if (ics !== null && rows.length === 0)
    return fail({
      code: "unknown_ics",
      message: `No ICB has the code ${ics} in the ${query.year} weighted populations.`,
    });
  return ok(rows);
}

/** The need-index table as CSV: icb_code,la_code,registered_pop,weighted_pop,need_index. */
export function needIndexCsv(rows: readonly finance.NeedIndexRow[]): string {
  return rowsToCsv(rows, finance.NEED_INDEX_CSV_COLUMNS);
}

export const allocationYears = (db: Queryable) => repo.listYears(db);

/** The districts (lower-tier codes) of each place of an ICB, as its practices give them. */
export async function placeDistricts(
  db: Queryable,
  year: string,
  ics: string,
): Promise<Map<string, string>> {
  const practices = await repo.practicesOfYear(db, year, ics);
  return new Map(practices.map((p) => [p.lad_code, p.la_code]));
}

export interface TargetsQuery extends NeedIndexQuery {
  /** The sum to share, in whole pence. */
  readonly totalPence: number;
  readonly component: finance.NeedComponent;
}

export interface TargetRow {
  readonly icb_code: string;
  readonly la_code: string | null;
  readonly component: finance.NeedComponent;
  readonly weighted_pop: number;
  readonly need_index: number | null;
  readonly target_pence: number;
}

/**
 * The fair-share target of any sum by component: shared among every ICB of England, or among the
 * places of one ICB (by=place needs ics), in proportion to their weighted populations for that
 * component, to the penny by largest remainder.
 */
export async function fairShareTargets(
  db: Queryable,
  query: TargetsQuery,
): Promise<Result<TargetRow[], FinanceError>> {
  if (query.by === "place" && (query.ics ?? "").trim() === "")
    return fail({
      code: "invalid_request",
      message:
        "A sum is shared among the places of one ICB: give the ICB's code (ics).",
    });
  if (!Number.isSafeInteger(query.totalPence) || query.totalPence < 0)
    return fail({
      code: "invalid_request",
      message: "The sum must be whole pence, zero or more.",
    });
  const indices = await needIndex(db, query);
  if (!indices.ok) return indices;
  const practices = await practicesFor(
    db,
    query.year,
    query.by,
    query.ics?.trim().toUpperCase() ?? null,
  );
  const targets = finance.fairShareTargets(
    query.totalPence,
    query.component,
    query.by,
    practices,
  );
  return ok(
    indices.value.map((r) => ({
      icb_code: r.icb_code,
      la_code: r.la_code,
      component: query.component,
      weighted_pop: r.components[query.component].weighted_pop,
      need_index: r.components[query.component].need_index,
      target_pence:
        targets.find(
          (t) => t.icb_code === r.icb_code && t.la_code === r.la_code,
        )?.pence ?? 0,
    })),
  );
}

export const TARGET_CSV_COLUMNS = [
  "icb_code",
  "la_code",
  "component",
  "weighted_pop",
  "need_index",
  "target_pence",
] as const;

export {
  recordFinancePlan,
  financeHub,
  DEFAULT_CONVERGENCE,
  type ConvergenceQuery,
  type FinanceHub,
  type RecordedPlan,
} from "./budgets-service";

export const targetsCsv = (rows: readonly TargetRow[]): string =>
  rowsToCsv(
    rows.map((r) => ({ ...r })),
    TARGET_CSV_COLUMNS,
  );
