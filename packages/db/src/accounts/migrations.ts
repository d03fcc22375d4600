import type { Migration } from "../migrate";

export const accountMigrations: readonly Migration[] = [
  {
    id: "accounts/0001_users_sessions",
    sql: `
create table app_user (
  id bigserial primary key,
  email text not null unique,
  display_name text not null,
  role text not null check (role in ('member', 'officer', 'administrator')),
  ics_code text,
  password_hash text not null,
  created_at timestamptz not null default now()
);
create table app_session (
  token_hash text primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
`,
  },
];
