import type { Migration } from "../migrate";

// Published indicator values: the only population-health results that pages and the API read.
// A publication holds aggregates that have already passed disclosure control, never patient
// rows; it names the query-log entry that produced it. Publications are never changed: a new
// run for the same indicator and period is a new row, and pages show the latest.
export const publicationMigrations: readonly Migration[] = [
  {
    id: "population-health/0100_publications",
    sql: `
create table ph_publication (
  id text primary key,
  ics_code text not null,
  indicator_id text not null,
  period_from date not null,
  period_to date not null,
  published_at timestamptz not null default now(),
  published_by text not null,
  disclosure_rule text not null,
  query_hash text not null,
  query_log_id text,
  metadata jsonb not null,
  payload jsonb not null,
  check (period_to >= period_from)
);
create index ph_publication_latest on ph_publication (ics_code, indicator_id, period_to, published_at);
`,
  },
];
