// The one way patient-level records are read for analysis. Records stay in the operational
// store; a run reads those of one ICS's patients (or of every patient, for a run on the whole
// store), never a patient who has opted out, page by page so that memory stays flat however
// many millions of rows there are, and runs the compiled queries either in an embedded DuckDB
// the pages are copied into (the default) or on the database itself. The lookups the compiled
// SQL joins to (LSOA → IMD decile and place, practice → PCN and place) come from the structure
// queries as at the run's date. Only aggregate rows come out.
import { populationHealth as ph } from "@openics/core";
import { structureRepository, type Queryable } from "@openics/db";
import {
  appendRows,
  compileQuery,
  createPatientTables,
  EVENT_COLUMNS,
  openAnalytics,
  PATIENT_COLUMNS,
  REGISTRATION_COLUMNS,
  runOnDuckDB,
  runOnPostgres,
  setLookups,
  type CompileOptions,
  type Lookups,
} from "@openics/analytics";

export type AnalysisEngine = "duckdb" | "postgres";

/** Lookups with the practices they cover: the practices of the ICS, or of every ICS. */
export interface ScopedLookups extends Lookups {
  readonly practiceCodes: string[];
}

/** Patients read per page; their registrations and events come with them. */
export const READ_PAGE = 10_000;

/**
 * The lookups of one ICS as at a date, from the structure queries; with no ICS, those of every
 * ICS in effect on the date.
 */
export async function readLookups(
  db: Queryable,
  icsCode: string | null,
  asAt: string,
): Promise<ScopedLookups> {
  const codes =
    icsCode === null
      ? (await structureRepository.icbsAt(db, asAt)).map((i) => i.ods_code)
      : [icsCode];
  const lsoas = new Map<string, NonNullable<Lookups["lsoas"]>[number]>();
  const practices = new Map<
    string,
    NonNullable<Lookups["practices"]>[number]
  >();
  for (const code of codes) {
    const [ls, ps] = await Promise.all([
      structureRepository.lsoasAt(db, asAt, code),
      structureRepository.practicesAt(db, asAt, code),
    ]);
    for (const l of ls)
      if (!lsoas.has(l.code))
        lsoas.set(l.code, {
          lsoa_code: l.code,
          imd_decile: l.imd_decile ?? null,
          place_code: l.utla_gss,
        });
    for (const p of ps)
      if (!practices.has(p.ods_code))
        practices.set(p.ods_code, {
          practice_code: p.ods_code,
          pcn_code: p.pcn_ods,
          place_code: p.utla_gss,
        });
  }
  return {
    lsoas: [...lsoas.values()],
    practices: [...practices.values()],
    practiceCodes: [...practices.keys()],
  };
}

/** Which patients a run reads: those ever registered at these practices, or everyone (null). */
export type PatientScope = readonly string[] | null;

const inScope = (scope: PatientScope, param: string) =>
  scope === null
    ? ""
    : `and patient_id in (select patient_id from ph_registration where practice_code = any(${param}::text[]))`;

/**
 * Reads the patients in scope who have not opted out, one page at a time (keyset on patient_id),
 * with their registrations and events, and hands each page to `page`. Returns how many patients
 * were read.
 */
export async function readPatientPages(
  db: Queryable,
  scope: PatientScope,
  page: (rows: {
    patients: unknown[][];
    registrations: unknown[][];
    events: unknown[][];
  }) => Promise<void>,
  pageSize: number = READ_PAGE,
): Promise<number> {
  let after: string | null = null;
  let read = 0;
  for (;;) {
    const params: unknown[] = [after ?? ""];
    if (scope !== null) params.push(scope);
    const patients: Record<string, unknown>[] = await db.query(
      `select patient_id, sex, date_of_birth::text as date_of_birth, date_of_death::text as date_of_death,
              ethnicity_code, ethnicity_group, lsoa_code, opted_out, source
       from ph_patient where not opted_out and patient_id > $1 ${inScope(scope, "$2")}
       order by patient_id limit ${pageSize}`,
      params,
    );
    if (patients.length === 0) return read;
    const ids = patients.map((p) => p["patient_id"]);
    const registrations = await db.query(
      `select patient_id, practice_code, start_date::text as start_date, end_date::text as end_date
       from ph_registration where patient_id = any($1::text[])`,
      [ids],
    );
    const events = await db.query(
      `select event_id, patient_id, resource_type, system, code, date::text as date,
              end_date::text as end_date, category, value, unit
       from ph_event where patient_id = any($1::text[])`,
      [ids],
    );
    const values = (
      rows: readonly Record<string, unknown>[],
      columns: readonly string[],
    ) => rows.map((r) => columns.map((c) => r[c] ?? null));
    await page({
      patients: values(patients, PATIENT_COLUMNS),
      registrations: values(registrations, REGISTRATION_COLUMNS),
      events: values(events, EVENT_COLUMNS),
    });
    read += patients.length;
    after = String(ids.at(-1));
    if (patients.length < pageSize) return read;
  }
}

/** How many patients in scope have not opted out. */
async function countPatients(
  db: Queryable,
  scope: PatientScope,
): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from ph_patient where not opted_out ${inScope(scope, "$1")}`,
    scope === null ? [] : [scope],
  );
  return row?.n ?? 0;
}

/**
 * Runs queries on the records of the patients in scope, on DuckDB (records copied in pages) or
 * on the database itself (inside the caller's transaction: the lookups are temporary tables
 * dropped at commit). Returns the aggregate rows of every query and how many patients were read.
 */
export async function runOnPatients(
  db: Queryable,
  options: {
    readonly engine: AnalysisEngine;
    readonly scope: PatientScope;
    readonly lookups: Lookups;
    readonly compile?: CompileOptions;
  },
  queries: readonly ph.PopulationQuery[],
): Promise<{ rows: ph.MeasureRow[]; patientsRead: number }> {
  const { engine, scope, lookups } = options;
  const compileOptions = options.compile ?? {};
  if (engine === "postgres") {
    const rows: ph.MeasureRow[] = [];
    for (const q of queries) {
      // Each run creates its lookups as temporary tables dropped at commit; several runs share
      // one transaction, so the previous run's are dropped first.
      await db.query("drop table if exists pg_temp.ph_lsoa_lookup");
      await db.query("drop table if exists pg_temp.ph_practice_lookup");
      rows.push(
        ...(await runOnPostgres(
          db,
          compileQuery(q, "postgres", compileOptions),
          lookups,
        )),
      );
    }
    return { rows, patientsRead: await countPatients(db, scope) };
  }
  const compiled = queries.map((q) =>
    compileQuery(q, "duckdb", compileOptions),
  );
  const duck = await openAnalytics();
  try {
    const { connection } = duck;
    await createPatientTables(connection);
    const patientsRead = await readPatientPages(db, scope, async (page) => {
      await appendRows(connection, "ph_patient", page.patients);
      await appendRows(connection, "ph_registration", page.registrations);
      await appendRows(connection, "ph_event", page.events);
    });
    await setLookups(connection, lookups);
    const rows: ph.MeasureRow[] = [];
    for (const c of compiled) rows.push(...(await runOnDuckDB(connection, c)));
    return { rows, patientsRead };
  } finally {
    duck.close();
  }
}
