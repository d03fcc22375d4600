import type { Queryable } from "../database";

// Typed reads and writes for governance. No rules live here: callers pass validated values.
// Writes are inserts only; the register and the log keep their history.

export interface PersonRow {
  ics_code: string;
  id: string;
  name: string;
  /** The app_user this person signs in as, if any: a member may declare only for themselves. */
  user_id: string | null;
}

export async function insertPerson(
  tx: Queryable,
  person: PersonRow,
): Promise<void> {
  await tx.query(
    "insert into governance_person (ics_code, id, name, user_id) values ($1, $2, $3, $4)",
    [person.ics_code, person.id, person.name, person.user_id],
  );
}

export async function person(
  db: Queryable,
  icsCode: string,
  id: string,
): Promise<PersonRow | null> {
  const [row] = await db.query<PersonRow & Record<string, unknown>>(
    "select ics_code, id, name, user_id from governance_person where ics_code = $1 and id = $2",
    [icsCode, id],
  );
  return row ?? null;
}

export interface DeclarationRow {
  ics_code: string;
  id: string;
  person_id: string;
  type: string;
  organisation_code: string;
  description: string;
  held_by: string | null;
  declared_on: string;
  valid_from: string;
  valid_to: string | null;
  recorded_by: string;
}

const DECLARATION_COLUMNS =
  "ics_code, id, person_id, type, organisation_code, description, held_by, declared_on, valid_from, valid_to, recorded_by";

export async function insertDeclaration(
  tx: Queryable,
  d: DeclarationRow,
): Promise<void> {
  await tx.query(
    `insert into interest_declaration (${DECLARATION_COLUMNS})
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      d.ics_code,
      d.id,
      d.person_id,
      d.type,
      d.organisation_code,
      d.description,
      d.held_by,
      d.declared_on,
      d.valid_from,
      d.valid_to,
      d.recorded_by,
    ],
  );
}

export interface RegisterRow extends DeclarationRow {
  person_name: string;
  organisation_name: string | null;
}

/** Every declaration of an ICS, with the person's and organisation's names; the caller picks a date. */
export async function declarationsOf(
  db: Queryable,
  icsCode: string,
): Promise<RegisterRow[]> {
  return db.query<RegisterRow & Record<string, unknown>>(
    `select d.ics_code, d.id, d.person_id, d.type, d.organisation_code, d.description, d.held_by,
       d.declared_on, d.valid_from, d.valid_to, d.recorded_by,
       p.name as person_name, o.name as organisation_name
     from interest_declaration d
     join governance_person p on p.ics_code = d.ics_code and p.id = d.person_id
     left join organisation o on o.code = d.organisation_code
     where d.ics_code = $1
     order by d.person_id, d.id`,
    [icsCode],
  );
}

export interface OrganisationNodeRow {
  code: string;
  name: string;
  parent_code: string | null;
  sector: string | null;
}

/** An organisation of the structure module's partner and supplier list, with its parent owner. */
export async function organisationNode(
  db: Queryable,
  code: string,
): Promise<OrganisationNodeRow | null> {
  const [row] = await db.query<OrganisationNodeRow & Record<string, unknown>>(
    "select code, name, ultimate_parent_owner as parent_code, sector from organisation where code = $1",
    [code],
  );
  return row ?? null;
}

export interface LogRow {
  ics_code: string;
  sequence: number;
  kind: string;
  recorded_at: string;
  payload: unknown;
  previous_hash: string;
  hash: string;
}

/**
 * Holds the ICS's chain for the rest of the transaction, so two appends cannot both take the
 * same sequence number (the primary key would refuse the second, but waiting is kinder).
 */
export async function lockChain(tx: Queryable, icsCode: string): Promise<void> {
  await tx.query(
    "select pg_advisory_xact_lock(hashtext('governance_log:' || $1::text))",
    [icsCode],
  );
}

/** One ICS's log in order of sequence, exactly as stored. */
export async function logOf(db: Queryable, icsCode: string): Promise<LogRow[]> {
  return db.query<LogRow & Record<string, unknown>>(
    `select ics_code, sequence, kind, recorded_at, payload, previous_hash, hash
     from governance_log where ics_code = $1 order by sequence`,
    [icsCode],
  );
}

/** The ICSs that have a log, in code order. */
export async function loggedIcsCodes(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ ics_code: string }>(
    "select distinct ics_code from governance_log order by ics_code",
  );
  return rows.map((r) => r.ics_code);
}

export async function appendLogRow(tx: Queryable, row: LogRow): Promise<void> {
  await tx.query(
    `insert into governance_log (ics_code, sequence, kind, recorded_at, payload, previous_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.ics_code,
      row.sequence,
      row.kind,
      row.recorded_at,
      JSON.stringify(row.payload),
      row.previous_hash,
      row.hash,
    ],
  );
}
