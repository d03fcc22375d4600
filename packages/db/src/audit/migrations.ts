import type { Migration } from "../migrate";

export const auditMigrations: readonly Migration[] = [
  {
    id: "audit/0001_audit_log",
    sql: `
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  entity text not null,
  entity_key text not null,
  ics_code text,
  before jsonb,
  after jsonb
);
create index audit_log_entity on audit_log (entity, entity_key);
create index audit_log_ics on audit_log (ics_code, at);
`,
  },
];
