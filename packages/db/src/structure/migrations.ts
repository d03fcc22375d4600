import type { Migration } from "../migrate";

// Effective dating: every period is half-open, [valid_from, valid_to); valid_to null means "still so".
export const structureMigrations: readonly Migration[] = [
  {
    id: "structure/0001_geography",
    sql: `
create table nhs_region (
  ods_code text not null,
  gss_code text,
  name text not null,
  valid_from date not null,
  valid_to date,
  primary key (ods_code, valid_from)
);
create table icb (
  ods_code text not null,
  gss_code text,
  name text not null,
  region_ods text not null,
  synthetic boolean not null default false,
  valid_from date not null,
  valid_to date,
  closed_by text,
  primary key (ods_code, valid_from)
);
create table icb_succession (
  from_ods text not null,
  to_ods text not null,
  from_gss text,
  to_gss text,
  effective date not null,
  kind text not null check (kind in ('recode', 'merger', 'split')),
  registered_patients integer,
  note text,
  primary key (from_ods, to_ods, effective)
);
create table sub_icb_location (
  ods_code text not null,
  gss_code text,
  name text not null,
  icb_ods text,
  valid_from date not null,
  valid_to date,
  derived_by text,
  closed_by text,
  primary key (ods_code, valid_from)
);
create table local_authority (
  gss_code text primary key,
  name text not null,
  upper_tier_gss text not null,
  upper_tier_name text not null,
  ons_region_gss text,
  ons_region_name text,
  valid_to date
);
create table local_authority_population (
  gss_code text not null,
  source text not null,
  sex text not null check (sex in ('persons', 'female', 'male')),
  population integer not null,
  primary key (gss_code, source, sex)
);
create table trust_catchment (
  trust_ods text not null,
  icb_gss text not null,
  proportion double precision not null,
  primary key (trust_ods, icb_gss)
);
create table lsoa (
  code text not null,
  edition smallint not null check (edition in (2011, 2021)),
  name text not null,
  lad_gss text,
  rural_urban text,
  population integer,
  primary key (code, edition)
);
create table lsoa_geography (
  lsoa_code text not null,
  edition smallint not null,
  sub_icb_ods text not null,
  icb_ods text not null,
  region_ods text,
  lad_gss text not null,
  utla_gss text,
  valid_from date not null,
  valid_to date,
  derived_by text,
  closed_by text,
  primary key (lsoa_code, edition, valid_from)
);
create index lsoa_geography_icb on lsoa_geography (icb_ods, valid_from);
create table lsoa_change (
  lsoa11_code text not null,
  lsoa21_code text not null,
  change text not null check (change in ('U', 'S', 'M', 'X')),
  primary key (lsoa11_code, lsoa21_code)
);
create table lsoa_population (
  lsoa_code text not null,
  edition smallint not null,
  source text not null,
  sex text not null check (sex in ('persons', 'female', 'male')),
  age_from smallint not null,
  age_to smallint,
  population integer not null check (population >= 0),
  primary key (lsoa_code, edition, source, sex, age_from)
);
create table lsoa_deprivation (
  lsoa_code text not null,
  edition smallint not null,
  release text not null,
  domain text not null,
  rank integer not null,
  decile smallint not null check (decile between 1 and 10),
  score double precision,
  primary key (lsoa_code, edition, release, domain)
);
create table constituency (
  gss_code text primary key,
  name text not null
);
create table lsoa_constituency (
  lsoa_code text not null,
  edition smallint not null,
  pcon_gss text not null,
  method text,
  primary key (lsoa_code, edition)
);
create table member_of_parliament (
  pcon_gss text primary key,
  name text not null,
  title text,
  party text,
  position text,
  source_url text
);
create table pcn (
  ods_code text primary key,
  name text not null,
  sub_icb_ods text,
  postcode text,
  open_date date,
  close_date date
);
create table practice (
  ods_code text primary key,
  name text not null,
  status text not null,
  prescribing_setting smallint,
  postcode text,
  address text,
  latitude double precision,
  longitude double precision,
  lad_gss text,
  open_date date,
  close_date date
);
create table practice_commissioner (
  practice_ods text not null,
  sub_icb_ods text not null,
  icb_ods text,
  valid_from date not null,
  valid_to date,
  derived_by text,
  closed_by text,
  primary key (practice_ods, valid_from)
);
create table practice_pcn (
  practice_ods text not null,
  pcn_ods text not null,
  valid_from date not null,
  valid_to date,
  primary key (practice_ods, pcn_ods, valid_from)
);
create table organisation (
  code text primary key,
  name text not null,
  sector text not null check (sector in ('nhs_trust', 'local_authority', 'gp_practice', 'social_care_provider', 'vcse', 'independent_sector_provider', 'healthwatch', 'trade_union')),
  ics_ods text,
  ultimate_parent_owner text,
  postcode text,
  website text,
  open_date date,
  close_date date
);
create index organisation_ics on organisation (ics_ods, sector);
create table boundary (
  layer text not null check (layer in ('region', 'icb', 'sub_icb', 'lad', 'constituency', 'lsoa')),
  code text not null,
  name text,
  geometry jsonb not null,
  primary key (layer, code)
);
create table import_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  file_name text not null,
  file_kind text not null,
  sha256 text not null,
  rows integer not null
);
`,
  },
];
