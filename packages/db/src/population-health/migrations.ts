import type { Migration } from "../migrate";

// Patient-level records, as loaded from a FHIR bulk export or the same content as CSV. These
// tables never leave the server: only disclosure-controlled aggregates are published.
//
// One event table holds every clinical resource (Condition, Observation, Encounter, Procedure,
// MedicationRequest, Immunization) with its code kept exactly as issued (system + code), so the
// query model compiles to the same SQL on PostgreSQL and on DuckDB. For an Encounter, category
// is the encounter class (e.g. EMER, IMP, AMB); for an Observation, value and unit hold the
// top-level quantity. Opted-out patients stay in ph_patient, flagged, and are excluded from
// every output.
export const populationHealthMigrations: readonly Migration[] = [
  {
    id: "population-health/0001_patient_level_records",
    sql: `
create table ph_patient (
  patient_id text primary key,
  sex text not null check (sex in ('female', 'male', 'other', 'unknown')),
  date_of_birth date not null,
  date_of_death date,
  ethnicity_code text,
  ethnicity_group text check (ethnicity_group in ('asian', 'black', 'mixed', 'white', 'other', 'unknown')),
  lsoa_code text,
  opted_out boolean not null default false,
  source text not null
);
create table ph_registration (
  patient_id text not null references ph_patient (patient_id),
  practice_code text not null,
  start_date date not null,
  end_date date,
  primary key (patient_id, start_date),
  check (end_date is null or end_date > start_date)
);
create table ph_event (
  event_id text primary key,
  patient_id text not null references ph_patient (patient_id),
  resource_type text not null check (resource_type in ('Condition', 'Observation', 'Encounter', 'Procedure', 'MedicationRequest', 'Immunization')),
  system text not null,
  code text not null,
  date date not null,
  end_date date,
  category text,
  value double precision,
  unit text
);
create index ph_event_code on ph_event (system, code, date);
create index ph_event_patient on ph_event (patient_id, date);
create index ph_registration_practice on ph_registration (practice_code, start_date);
`,
  },
  {
    // Versioned codelists (OpenCodelists layout), the public register of data-sharing agreements
    // and the public log of every query run on patient-level data. Commercial use is refused by
    // the database itself, not only by the application.
    id: "population-health/0002_codelists_agreements_query_log",
    sql: `
create table ph_codelist (
  slug text not null,
  version text not null,
  source text not null,
  imported_at timestamptz not null default now(),
  imported_by text not null,
  codes integer not null,
  primary key (slug, version)
);
create table ph_codelist_code (
  slug text not null,
  version text not null,
  code text not null,
  term text not null,
  primary key (slug, version, code),
  foreign key (slug, version) references ph_codelist (slug, version)
);
create table ph_sharing_agreement (
  agreement_id text primary key,
  ics_code text not null,
  title text not null,
  organisation text not null,
  data_scope jsonb not null,
  purposes jsonb not null,
  legal_basis_article_6 text not null,
  legal_basis_article_9 text not null,
  common_law_basis text not null,
  processors jsonb not null,
  valid_from date not null,
  valid_until date not null,
  commercial_use text not null default 'not permitted' check (commercial_use = 'not permitted'),
  published_at timestamptz not null default now(),
  check (valid_until >= valid_from)
);
create table ph_query_log (
  query_id bigint generated always as identity primary key,
  ics_code text not null,
  run_by text not null,
  organisation text not null,
  run_at timestamptz not null,
  purpose text not null,
  agreement_id text not null references ph_sharing_agreement (agreement_id),
  definition jsonb not null,
  definition_sha256 text not null check (definition_sha256 ~ '^[0-9a-f]{64}$'),
  outputs jsonb not null,
  disclosure_rule text not null
);
create index ph_query_log_ics on ph_query_log (ics_code, run_at);
create index ph_sharing_agreement_ics on ph_sharing_agreement (ics_code, valid_until);
`,
  },
];
