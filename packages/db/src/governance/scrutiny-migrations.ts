import type { Migration } from "../migrate";

// The register of gifts and hospitality, scrutiny inquiries, and compact commitments. As in the
// rest of governance, every row names its ICS and rows are only ever added: a response to a
// recommendation and a commitment being done are rows of their own, so the record of when stands.
export const scrutinyMigrations: readonly Migration[] = [
  {
    id: "governance/0100_gifts_and_hospitality",
    sql: `
create table gift_hospitality (
  ics_code text not null,
  id text not null,
  person_id text not null,
  kind text not null check (kind in ('gift', 'hospitality')),
  giver_name text not null,
  giver_organisation_code text,
  description text not null,
  value_pence bigint not null check (value_pence >= 0),
  received_on date not null,
  accepted boolean not null,
  declared_on date not null,
  recorded_at timestamptz not null default now(),
  recorded_by text not null,
  primary key (ics_code, id),
  foreign key (ics_code, person_id) references governance_person (ics_code, id),
  check (received_on <= declared_on)
);
create index gift_hospitality_person on gift_hospitality (ics_code, person_id, received_on);
`,
  },
  {
    id: "governance/0101_scrutiny_and_compacts",
    sql: `
create table scrutiny_inquiry (
  ics_code text not null,
  id text not null,
  committee_kind text not null check (committee_kind in ('ics_scrutiny_committee', 'health_overview_and_scrutiny_committee')),
  committee_name text not null,
  local_authority_code text,
  title text not null,
  terms_of_reference text not null,
  opened_on date not null,
  recorded_at timestamptz not null default now(),
  recorded_by text not null,
  primary key (ics_code, id)
);
create table scrutiny_session (
  ics_code text not null,
  inquiry_id text not null,
  held_on date not null,
  recorded_by text not null,
  primary key (ics_code, inquiry_id, held_on),
  foreign key (ics_code, inquiry_id) references scrutiny_inquiry (ics_code, id)
);
create table scrutiny_evidence (
  ics_code text not null,
  id text not null,
  inquiry_id text not null,
  given_by text not null,
  given_on date not null,
  summary text not null,
  link text,
  recorded_by text not null,
  primary key (ics_code, id),
  foreign key (ics_code, inquiry_id) references scrutiny_inquiry (ics_code, id)
);
create table scrutiny_recommendation (
  ics_code text not null,
  id text not null,
  inquiry_id text not null,
  number text not null,
  text text not null,
  addressed_to text not null,
  made_on date not null,
  response_due_on date not null,
  recorded_by text not null,
  primary key (ics_code, id),
  unique (ics_code, inquiry_id, number),
  foreign key (ics_code, inquiry_id) references scrutiny_inquiry (ics_code, id),
  check (response_due_on > made_on)
);
create table scrutiny_response (
  ics_code text not null,
  recommendation_id text not null,
  outcome text not null check (outcome in ('accepted', 'partly_accepted', 'rejected')),
  text text not null,
  responding_body text not null,
  responded_on date not null,
  recorded_at timestamptz not null default now(),
  recorded_by text not null,
  primary key (ics_code, recommendation_id),
  foreign key (ics_code, recommendation_id) references scrutiny_recommendation (ics_code, id)
);
create table compact_commitment (
  ics_code text not null,
  id text not null,
  instrument text not null check (instrument in ('partnership_compact', 'annual_joint_mandate')),
  description text not null,
  owner text not null,
  due_on date not null,
  recorded_by text not null,
  primary key (ics_code, id)
);
create table compact_commitment_done (
  ics_code text not null,
  commitment_id text not null,
  done_on date not null,
  recorded_at timestamptz not null default now(),
  recorded_by text not null,
  primary key (ics_code, commitment_id),
  foreign key (ics_code, commitment_id) references compact_commitment (ics_code, id)
);
`,
  },
  {
    // Responses to scrutiny recommendations and compact commitments done join the public log.
    id: "governance/0102_log_scrutiny_and_compact_kinds",
    sql: `
alter table governance_log drop constraint governance_log_kind_check;
alter table governance_log add constraint governance_log_kind_check
  check (kind in ('decision', 'register_entry', 'withholding', 'scrutiny_response', 'commitment_done'));
`,
  },
];
