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
];
