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

// ---------------------------------------------------------------------------------------------
// Codelists

export interface CodelistRecord {
  readonly slug: string;
  readonly version: string;
  readonly source: string;
  readonly imported_at: string;
  readonly imported_by: string;
  readonly codes: number;
}

/** Adds a codelist version; false when that slug and version are already held (left as is). */
export async function insertCodelist(
  tx: Queryable,
  meta: { slug: string; version: string; source: string; importedBy: string },
  entries: readonly { code: string; term: string }[],
): Promise<boolean> {
  const added = await tx.query(
    `insert into ph_codelist (slug, version, source, imported_by, codes) values ($1, $2, $3, $4, $5)
     on conflict (slug, version) do nothing returning slug`,
    [meta.slug, meta.version, meta.source, meta.importedBy, entries.length],
  );
  if (added.length === 0) return false;
  await upsertRows(
    tx,
    "ph_codelist_code",
    [
      { name: "slug", type: "text" },
      { name: "version", type: "text" },
      { name: "code", type: "text" },
      { name: "term", type: "text" },
    ],
    ["slug", "version", "code"],
    entries.map((e) => [meta.slug, meta.version, e.code, e.term]),
  );
  return true;
}

const CODELIST_SELECT = `select slug, version, source, to_char(imported_at at time zone 'UTC',
  'YYYY-MM-DD"T"HH24:MI:SS"Z"') as imported_at, imported_by, codes from ph_codelist`;

export const listCodelists = (q: Queryable) =>
  q.query<CodelistRecord & Record<string, unknown>>(
    `${CODELIST_SELECT} order by slug, version`,
  );

export async function getCodelist(
  q: Queryable,
  slug: string,
  version: string,
): Promise<
  (CodelistRecord & { entries: { code: string; term: string }[] }) | null
> {
  const [meta] = await q.query<CodelistRecord & Record<string, unknown>>(
    `${CODELIST_SELECT} where slug = $1 and version = $2`,
    [slug, version],
  );
  if (!meta) return null;
  const entries = await q.query<{ code: string; term: string }>(
    "select code, term from ph_codelist_code where slug = $1 and version = $2 order by code",
    [slug, version],
  );
  return { ...meta, entries };
}

// ---------------------------------------------------------------------------------------------
// Data-sharing agreements and the query log

export interface AgreementRecord {
  readonly agreement_id: string;
  readonly ics_code: string;
  readonly title: string;
  readonly organisation: string;
  readonly data_scope: string[];
  readonly purposes: string[];
  readonly legal_basis_article_6: string;
  readonly legal_basis_article_9: string;
  readonly common_law_basis: string;
  readonly processors: { name: string; role: string }[];
  readonly valid_from: string;
  readonly valid_until: string;
  readonly commercial_use: string;
}

/** Inserts or replaces an agreement (the database refuses any commercial use). */
export async function upsertAgreement(
  tx: Queryable,
  a: AgreementRecord,
): Promise<AgreementRecord | null> {
  const [before] = await tx.query<AgreementRecord & Record<string, unknown>>(
    `${AGREEMENT_SELECT} where agreement_id = $1`,
    [a.agreement_id],
  );
  await tx.query(
    `insert into ph_sharing_agreement (agreement_id, ics_code, title, organisation, data_scope,
       purposes, legal_basis_article_6, legal_basis_article_9, common_law_basis, processors,
       valid_from, valid_until, commercial_use)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (agreement_id) do update set ics_code = excluded.ics_code,
       title = excluded.title, organisation = excluded.organisation,
       data_scope = excluded.data_scope, purposes = excluded.purposes,
       legal_basis_article_6 = excluded.legal_basis_article_6,
       legal_basis_article_9 = excluded.legal_basis_article_9,
       common_law_basis = excluded.common_law_basis, processors = excluded.processors,
       valid_from = excluded.valid_from, valid_until = excluded.valid_until,
       commercial_use = excluded.commercial_use, published_at = now()`,
    [
      a.agreement_id,
      a.ics_code,
      a.title,
      a.organisation,
      JSON.stringify(a.data_scope),
      JSON.stringify(a.purposes),
      a.legal_basis_article_6,
      a.legal_basis_article_9,
      a.common_law_basis,
      JSON.stringify(a.processors),
      a.valid_from,
      a.valid_until,
      a.commercial_use,
    ],
  );
  return before ?? null;
}

const AGREEMENT_SELECT = `select agreement_id, ics_code, title, organisation, data_scope, purposes,
  legal_basis_article_6, legal_basis_article_9, common_law_basis, processors,
  valid_from::text as valid_from, valid_until::text as valid_until, commercial_use
  from ph_sharing_agreement`;

export const listAgreements = (q: Queryable, icsCode: string) =>
  q.query<AgreementRecord & Record<string, unknown>>(
    `${AGREEMENT_SELECT} where ics_code = $1 order by valid_until desc, agreement_id`,
    [icsCode],
  );

export interface QueryLogRecord {
  readonly query_id: number;
  readonly ics_code: string;
  readonly run_by: string;
  readonly organisation: string;
  readonly run_at: string;
  readonly purpose: string;
  readonly agreement_id: string;
  readonly definition: unknown;
  readonly definition_sha256: string;
  readonly outputs: unknown;
  readonly disclosure_rule: string;
}

const QUERY_LOG_SELECT = `select query_id::int as query_id, ics_code, run_by, organisation,
  to_char(run_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as run_at, purpose,
  agreement_id, definition, definition_sha256, outputs, disclosure_rule from ph_query_log`;

export async function appendQueryLog(
  tx: Queryable,
  r: Omit<QueryLogRecord, "query_id">,
): Promise<QueryLogRecord> {
  const [row] = await tx.query<{ query_id: number }>(
    `insert into ph_query_log (ics_code, run_by, organisation, run_at, purpose, agreement_id,
       definition, definition_sha256, outputs, disclosure_rule)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning query_id::int as query_id`,
    [
      r.ics_code,
      r.run_by,
      r.organisation,
      r.run_at,
      r.purpose,
      r.agreement_id,
      JSON.stringify(r.definition),
      r.definition_sha256,
      JSON.stringify(r.outputs),
      r.disclosure_rule,
    ],
  );
  return { ...r, query_id: row?.query_id ?? 0 };
}

export const listQueryLog = (q: Queryable, icsCode: string) =>
  q.query<QueryLogRecord & Record<string, unknown>>(
    `${QUERY_LOG_SELECT} where ics_code = $1 order by run_at desc, query_id desc`,
    [icsCode],
  );
