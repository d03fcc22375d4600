import type { Migration } from "../migrate";

// Weighted populations are kept as exact numerics, as the source gives them, so sums are exact.
// Every practice row names its ICB (the ICS) and place (upper-tier LA) as NHS England gave them.
export const financeMigrations: readonly Migration[] = [
  {
    id: "finance/0001_weighted_populations",
    sql: `
create table allocation_year (
  year text primary key check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  practices integer not null,
  registered_population numeric not null,
  source_file text not null,
  sha256 text not null
);
create table practice_weighted_population (
  year text not null references allocation_year (year),
  practice_code text not null,
  practice_name text not null,
  region_code text not null,
  icb_code text not null,
  icb_name text not null,
  sub_icb_code text,
  pcn_code text,
  lad_code text not null,
  la_code text not null,
  la_name text not null,
  registered_population numeric not null check (registered_population >= 0),
  list_size_snapshot numeric,
  wp_core_overall numeric not null,
  wp_general_acute numeric not null,
  wp_community numeric not null,
  wp_mental_health numeric not null,
  wp_maternity numeric,
  wp_prescribing numeric not null,
  wp_primary_medical_care_need numeric not null,
  wp_health_inequalities numeric not null,
  wp_primary_medical_care_overall numeric not null,
  primary key (year, practice_code)
);
create index practice_weighted_population_icb on practice_weighted_population (year, icb_code, la_code);
`,
  },
];
