import type { Migration } from "../migrate";

// Every row names its ICS (ics_code, the ICB ODS code), so the schema can be sharded by ICS.
// Nothing here is ever updated in place: periods are half-open [valid_from, valid_to), and a
// changed declaration is a new row, so the register keeps its history.
//
// The public log is one chain per ICS (sequence numbered from 0 within ics_code), not one global
// chain: each ICS publishes and answers for its own log, appends in one ICS never wait on another,
// and a chain stays whole on the shard that holds its ICS (DESIGN.md, Scale).
// recorded_at is kept as the text that was hashed, so the hash can be recomputed byte for byte.
export const governanceMigrations: readonly Migration[] = [
  {
    id: "governance/0001_people_bodies_interests_log",
    sql: `
create table governance_person (
  ics_code text not null,
  id text not null,
  name text not null,
  user_id text,
  created_at timestamptz not null default now(),
  primary key (ics_code, id)
);
create table governance_body (
  ics_code text not null,
  id text not null,
  kind text not null,
  name text not null,
  place_code text,
  voting_rule text not null check (voting_rule in ('simple_majority', 'consensus', 'double_majority')),
  chair_has_casting_vote boolean not null,
  quorum jsonb not null,
  rules jsonb not null,
  valid_from date not null,
  valid_to date,
  primary key (ics_code, id, valid_from)
);
create table governance_membership (
  ics_code text not null,
  id text not null,
  person_id text not null,
  body_id text not null,
  role text not null,
  voting boolean not null,
  constituency text not null check (constituency in ('nhs', 'local_government', 'other')),
  nominated_by text,
  party text,
  appointment jsonb,
  valid_from date not null,
  valid_to date,
  primary key (ics_code, id, valid_from),
  foreign key (ics_code, person_id) references governance_person (ics_code, id)
);
create index governance_membership_body on governance_membership (ics_code, body_id, valid_from);
create table interest_declaration (
  ics_code text not null,
  id text not null,
  person_id text not null,
  type text not null check (type in ('financial', 'non_financial_professional', 'non_financial_personal', 'indirect')),
  organisation_code text not null,
  description text not null,
  held_by text,
  declared_on date not null,
  valid_from date not null,
  valid_to date,
  recorded_at timestamptz not null default now(),
  recorded_by text not null,
  primary key (ics_code, id),
  foreign key (ics_code, person_id) references governance_person (ics_code, id),
  check (valid_to is null or valid_to > valid_from)
);
create index interest_declaration_person on interest_declaration (ics_code, person_id, valid_from);
create table governance_log (
  ics_code text not null,
  sequence integer not null check (sequence >= 0),
  kind text not null check (kind in ('decision', 'register_entry', 'withholding')),
  recorded_at text not null,
  payload jsonb not null,
  previous_hash text not null,
  hash text not null,
  primary key (ics_code, sequence)
);
`,
  },
  {
    // Models adopted (effective-dated, history kept), local membership rules, the scheme of
    // reservation and delegation, and meetings with their items, attendance, the chair's rulings,
    // named votes and decisions. A decision row is written once, with the log entry it made.
    id: "governance/0002_models_meetings_decisions",
    sql: `
create table governance_model_adoption (
  ics_code text not null,
  model text not null check (model in ('statutory_committee', 'icb_corporate_body', 'health_and_prosperity')),
  decided_by text not null,
  valid_from date not null,
  valid_to date,
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (ics_code, valid_from),
  check (valid_to is null or valid_to > valid_from)
);
create table governance_local_rule (
  ics_code text not null,
  id text not null,
  body_kinds jsonb not null,
  rule jsonb not null,
  valid_from date not null,
  valid_to date,
  recorded_by text not null,
  primary key (ics_code, id)
);
create table governance_sord_entry (
  ics_code text not null,
  reference text not null,
  decision_type text not null,
  decider_kind text not null check (decider_kind in ('body', 'officer')),
  decider_id text not null,
  decider_name text not null,
  up_to_pence bigint check (up_to_pence is null or up_to_pence >= 0),
  legally_responsible_body text not null,
  valid_from date not null,
  valid_to date,
  primary key (ics_code, reference, valid_from)
);
create index governance_sord_type on governance_sord_entry (ics_code, decision_type);
create table governance_meeting (
  ics_code text not null,
  id text not null,
  body_id text not null,
  meeting_date date not null,
  title text not null,
  location text,
  papers jsonb not null default '[]',
  minutes text,
  actions jsonb not null default '[]',
  created_at timestamptz not null default now(),
  primary key (ics_code, id)
);
create index governance_meeting_body on governance_meeting (ics_code, body_id, meeting_date);
create table governance_attendance (
  ics_code text not null,
  meeting_id text not null,
  person_id text not null,
  status text not null check (status in ('present', 'apologies', 'absent')),
  primary key (ics_code, meeting_id, person_id),
  foreign key (ics_code, meeting_id) references governance_meeting (ics_code, id)
);
create table governance_agenda_item (
  ics_code text not null,
  id text not null,
  meeting_id text not null,
  position integer not null,
  number text not null,
  title text not null,
  concerns jsonb not null,
  in_private boolean not null,
  withholding jsonb,
  decision_type text,
  value_pence bigint check (value_pence is null or value_pence >= 0),
  casting_vote text check (casting_vote in ('for', 'against', 'abstain')),
  primary key (ics_code, id),
  unique (ics_code, meeting_id, number),
  foreign key (ics_code, meeting_id) references governance_meeting (ics_code, id),
  check (not in_private or withholding is not null)
);
create table governance_conflict_ruling (
  ics_code text not null,
  item_id text not null,
  person_id text not null,
  ruling text not null check (ruling in ('withdraw', 'observe', 'participate')),
  reason text not null,
  decided_by text not null,
  primary key (ics_code, item_id, person_id),
  foreign key (ics_code, item_id) references governance_agenda_item (ics_code, id)
);
create table governance_vote (
  ics_code text not null,
  item_id text not null,
  person_id text not null,
  choice text not null check (choice in ('for', 'against', 'abstain')),
  primary key (ics_code, item_id, person_id),
  foreign key (ics_code, item_id) references governance_agenda_item (ics_code, id)
);
create table governance_decision (
  ics_code text not null,
  item_id text not null,
  resolution text not null,
  carried boolean not null,
  record jsonb not null,
  log_sequence integer not null,
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (ics_code, item_id),
  foreign key (ics_code, item_id) references governance_agenda_item (ics_code, id)
);
`,
  },
];
