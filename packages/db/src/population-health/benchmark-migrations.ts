import type { Migration } from "../migrate";

// Benchmarks: published values of the standard indicators for other areas (England, a region,
// another ICS), loaded from the Fingertips data download. They are public figures, not patient
// data. A value is keyed as Fingertips keys it, so loading the same file again replaces, never
// duplicates.
export const benchmarkMigrations: readonly Migration[] = [
  {
    id: "population-health/0200_benchmarks",
    sql: `
create table ph_benchmark (
  indicator_id integer not null,
  indicator_name text not null,
  area_code text not null,
  area_name text not null,
  area_type text not null,
  sex text not null,
  age text not null,
  time_period text not null,
  value double precision,
  lower_95 double precision,
  upper_95 double precision,
  count double precision,
  denominator double precision,
  source_file text not null,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  primary key (indicator_id, area_code, sex, age, time_period)
);
create index ph_benchmark_area on ph_benchmark (area_code, indicator_id);
`,
  },
];
