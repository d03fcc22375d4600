import type { Migration } from "../migrate";

// A spend file is kept once per body and checksum, with the columns chosen to read it, so
// importing the same file again changes nothing. Lines keep the amount in pence, signed as the
// file gives it; an amount the file left empty is null.
export const spendMigrations: readonly Migration[] = [
  {
    id: "finance/0100_spend_files",
    sql: `
create table spend_file (
  body_code text not null check (body_code <> ''),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  ics_code text,
  body_name text,
  source_file text not null,
  encoding text not null,
  header_line integer not null,
  mapping jsonb not null,
  date_order text not null check (date_order in ('dmy', 'mdy')),
  rows integer not null,
  total_pence bigint not null,
  earliest_date date,
  latest_date date,
  primary key (body_code, sha256)
);
create table spend_line (
  body_code text not null,
  sha256 text not null,
  line integer not null,
  payment_date date not null,
  supplier text not null,
  amount_pence bigint,
  expense_type text,
  expense_area text,
  transaction_id text,
  body_name text,
  department text,
  description text,
  primary key (body_code, sha256, line),
  foreign key (body_code, sha256) references spend_file (body_code, sha256)
);
create index spend_line_date on spend_line (body_code, payment_date);
create index spend_line_supplier on spend_line (lower(supplier));
create index spend_file_ics on spend_file (ics_code);
`,
  },
  {
    id: "finance/0101_contracts_supplier_overrides",
    sql: `
create table supplier_override (
  ics_code text not null,
  supplier_key text not null,
  supplier text not null,
  sector text not null check (sector in ('nhs', 'local_authority', 'vcse', 'independent_sector', 'other')),
  parent_owner text,
  primary key (ics_code, supplier_key)
);
create table contract (
  ics_code text not null,
  reference text not null,
  title text not null,
  service text not null,
  provider text not null,
  provider_sector text not null check (provider_sector in ('nhs', 'local_authority', 'vcse', 'independent_sector', 'other')),
  parent_owner text,
  route text not null check (route in ('direct_award_a', 'direct_award_b', 'direct_award_c', 'most_suitable_provider', 'competitive_process')),
  value_pence bigint not null check (value_pence >= 0),
  start_date date not null,
  end_date date not null check (end_date >= start_date),
  intention_notice_date date,
  standstill_end_date date,
  intention_notice_url text,
  award_notice_url text,
  previous_reference text,
  primary key (ics_code, reference)
);
create table contract_subcontractor (
  ics_code text not null,
  reference text not null,
  position integer not null,
  subcontractor text not null,
  primary key (ics_code, reference, position),
  foreign key (ics_code, reference) references contract (ics_code, reference)
);
`,
  },
  {
    // Officers' rules attributing a body's spend in an expense area to a place (an empty
    // expense area covers the body's other areas); the key is the area as compared.
    id: "finance/0102_spend_place_mapping",
    sql: `
create table spend_place_mapping (
  ics_code text not null,
  body_code text not null check (body_code <> ''),
  expense_area_key text not null,
  expense_area text not null,
  place_code text not null,
  primary key (ics_code, body_code, expense_area_key)
);
`,
  },
];
