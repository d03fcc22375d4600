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
  {
    // What an ICS records about its money. Amounts are bigint pence; signed only for control
    // totals and outturns (a deficit is negative). Rows are keyed so that recording again updates.
    id: "finance/0002_budgets_pools_capital_flows",
    sql: `
create table icb_finance_year (
  ics_code text not null,
  year text not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  registered_population bigint not null check (registered_population >= 0),
  running_cost_allowance_per_head_pence bigint not null check (running_cost_allowance_per_head_pence >= 0),
  control_total_pence bigint not null,
  forecast_outturn_pence bigint not null,
  control_total_status text not null check (control_total_status in ('proposed', 'agreed')),
  primary key (ics_code, year)
);
create table budget_line (
  ics_code text not null,
  year text not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  level text not null check (level in ('icb_programme', 'running_costs', 'delegated_place', 'primary_care', 'mental_health')),
  place_code text not null default '',
  planned_pence bigint not null check (planned_pence >= 0),
  actual_pence bigint check (actual_pence >= 0),
  check ((level = 'delegated_place') = (place_code <> '')),
  primary key (ics_code, year, level, place_code)
);
create table pooled_budget (
  ics_code text not null,
  ref text not null,
  year text not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  kind text not null check (kind in ('section_75', 'better_care_fund')),
  name text not null,
  place_code text not null,
  lead_partner text not null,
  functions text[] not null,
  rule text not null check (rule in ('proportional', 'capped', 'fixed_split', 'lead_partner_bears')),
  actual_spend_pence bigint check (actual_spend_pence >= 0),
  primary key (ics_code, ref)
);
create table pooled_budget_partner (
  ics_code text not null,
  ref text not null,
  position integer not null,
  code text not null,
  name text not null,
  contribution_pence bigint not null check (contribution_pence >= 0),
  cap_pence bigint check (cap_pence >= 0),
  fixed_share_bp integer check (fixed_share_bp between 0 and 10000),
  primary key (ics_code, ref, code),
  foreign key (ics_code, ref) references pooled_budget (ics_code, ref)
);
create table pcn_earmark (
  ics_code text not null,
  year text not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  pcn_code text not null,
  budget_pence bigint not null check (budget_pence >= 0),
  community_pence bigint not null check (community_pence >= 0),
  primary key (ics_code, year, pcn_code)
);
create table capital_scheme (
  ics_code text not null,
  ref text not null,
  name text not null,
  owner text not null,
  deciding_body text not null,
  value_pence bigint not null check (value_pence >= 0),
  first_year text not null,
  last_year text not null,
  status text not null check (status in ('proposed', 'approved', 'in_progress', 'complete')),
  primary key (ics_code, ref)
);
create table public_asset (
  ics_code text not null,
  ref text not null,
  name text not null,
  kind text not null check (kind in ('land', 'building', 'land_and_buildings')),
  owner text not null,
  address text not null,
  proposed_disposal boolean not null,
  disposal_note text,
  primary key (ics_code, ref)
);
create table money_flow (
  ics_code text not null,
  year text not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
  from_level text not null,
  from_code text not null,
  from_name text not null,
  to_level text not null,
  to_code text not null,
  to_name text not null,
  amount_pence bigint not null check (amount_pence >= 0),
  responsible_body text not null,
  primary key (ics_code, year, from_code, to_code)
);
`,
  },
];
