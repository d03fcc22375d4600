import type { Queryable } from "../database";
import { upsertRows, type Column } from "../structure/repository";

// Typed reads and writes for the patient-level tables and the population-health registers.
// Callers pass validated rows; every statement is plain SQL that runs on PGlite and PostgreSQL.

export interface PatientRecord {
  readonly patient_id: string;
  readonly sex: string;
  readonly date_of_birth: string;
  readonly date_of_death: string | null;
  readonly ethnicity_code: string | null;
  readonly ethnicity_group: string;
  readonly lsoa_code: string | null;
  readonly opted_out: boolean;
  readonly source: string;
}
export interface RegistrationRecord {
  readonly patient_id: string;
  readonly practice_code: string;
  readonly start_date: string;
  readonly end_date: string | null;
}
export interface EventRecord {
  readonly event_id: string;
  readonly patient_id: string;
  readonly resource_type: string;
  readonly system: string;
  readonly code: string;
  readonly date: string;
  readonly end_date: string | null;
  readonly category: string | null;
  readonly value: number | null;
  readonly unit: string | null;
}

const BATCH = 5000;

/**
 * Inserts or replaces patients by id. An opt-out is never cleared by a load: a patient flagged
 * stays flagged whatever the file says (only `setOptOuts` changes it).
 */
export async function upsertPatients(
  tx: Queryable,
  rows: readonly PatientRecord[],
  onBatch?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const col = <K extends keyof PatientRecord>(k: K) => batch.map((r) => r[k]);
    const result = await tx.query<{ inserted: boolean }>(
      `insert into ph_patient (patient_id, sex, date_of_birth, date_of_death, ethnicity_code,
         ethnicity_group, lsoa_code, opted_out, source)
       select * from unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::text[],
         $7::text[], $8::bool[], $9::text[])
       on conflict (patient_id) do update set sex = excluded.sex,
         date_of_birth = excluded.date_of_birth, date_of_death = excluded.date_of_death,
         ethnicity_code = excluded.ethnicity_code, ethnicity_group = excluded.ethnicity_group,
         lsoa_code = excluded.lsoa_code, opted_out = ph_patient.opted_out or excluded.opted_out,
         source = excluded.source
       returning (xmax = 0) as inserted`,
      [
        col("patient_id"),
        col("sex"),
        col("date_of_birth"),
        col("date_of_death"),
        col("ethnicity_code"),
        col("ethnicity_group"),
        col("lsoa_code"),
        col("opted_out"),
        col("source"),
      ],
    );
    for (const r of result) {
      if (r.inserted) inserted++;
      else updated++;
    }
    onBatch?.(Math.min(start + BATCH, rows.length));
  }
  return { inserted, updated };
}

const REGISTRATION_COLUMNS: Column[] = [
  { name: "patient_id", type: "text" },
  { name: "practice_code", type: "text" },
  { name: "start_date", type: "date" },
  { name: "end_date", type: "date" },
];

export const upsertRegistrations = (
  tx: Queryable,
  rows: readonly RegistrationRecord[],
  onBatch?: (done: number) => void,
) =>
  upsertRows(
    tx,
    "ph_registration",
    REGISTRATION_COLUMNS,
    ["patient_id", "start_date"],
    rows.map((r) => [r.patient_id, r.practice_code, r.start_date, r.end_date]),
    onBatch,
  );

const EVENT_COLUMNS: Column[] = [
  { name: "event_id", type: "text" },
  { name: "patient_id", type: "text" },
  { name: "resource_type", type: "text" },
  { name: "system", type: "text" },
  { name: "code", type: "text" },
  { name: "date", type: "date" },
  { name: "end_date", type: "date" },
  { name: "category", type: "text" },
  { name: "value", type: "float8" },
  { name: "unit", type: "text" },
];

/** Inserts events, replacing any with the same id (a re-import of the same export changes nothing). */
export const upsertEvents = (
  tx: Queryable,
  rows: readonly EventRecord[],
  onBatch?: (done: number) => void,
) =>
  upsertRows(
    tx,
    "ph_event",
    EVENT_COLUMNS,
    ["event_id"],
    rows.map((r) => [
      r.event_id,
      r.patient_id,
      r.resource_type,
      r.system,
      r.code,
      r.date,
      r.end_date,
      r.category,
      r.value,
      r.unit,
    ]),
    onBatch,
  );

/** Which of `ids` are patients already in the database. */
export async function existingPatientIds(
  tx: Queryable,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += BATCH) {
    const rows = await tx.query<{ patient_id: string }>(
      "select patient_id from ph_patient where patient_id = any($1::text[])",
      [ids.slice(start, start + BATCH)],
    );
    for (const r of rows) found.add(r.patient_id);
  }
  return found;
}

/**
 * Flags exactly the listed patients as opted out (national data opt-out) and clears the flag of
 * everyone else. Returns how many are flagged and how many of the listed ids are not loaded.
 */
export async function setOptOuts(
  tx: Queryable,
  ids: readonly string[],
): Promise<{ flagged: number; cleared: number; notLoaded: number }> {
  const cleared = await tx.query<{ n: number }>(
    `with changed as (update ph_patient set opted_out = false
       where opted_out and not (patient_id = any($1::text[])) returning 1)
     select count(*)::int as n from changed`,
    [ids],
  );
  const flagged = await tx.query<{ n: number }>(
    `with changed as (update ph_patient set opted_out = true
       where patient_id = any($1::text[]) returning 1)
     select count(*)::int as n from changed`,
    [ids],
  );
  const f = flagged[0]?.n ?? 0;
  return { flagged: f, cleared: cleared[0]?.n ?? 0, notLoaded: ids.length - f };
}

export async function patientTableCounts(tx: Queryable): Promise<{
  patients: number;
  registrations: number;
  events: number;
  optedOut: number;
}> {
  const rows = await tx.query<{
    patients: number;
    registrations: number;
    events: number;
    opted_out: number;
  }>(
    `select (select count(*)::int from ph_patient) as patients,
       (select count(*)::int from ph_registration) as registrations,
       (select count(*)::int from ph_event) as events,
       (select count(*)::int from ph_patient where opted_out) as opted_out`,
  );
  const r = rows[0];
  return {
    patients: r?.patients ?? 0,
    registrations: r?.registrations ?? 0,
    events: r?.events ?? 0,
    optedOut: r?.opted_out ?? 0,
  };
}
