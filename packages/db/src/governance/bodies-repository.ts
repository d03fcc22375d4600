import type { Queryable } from "../database";

// Typed reads and writes for governance models, bodies, memberships, local rules and the scheme
// of reservation and delegation. No rules live here: callers pass validated values. A period is
// closed by setting its valid_to; nothing is deleted, so history is kept.

export interface AdoptionRow {
  ics_code: string;
  model: string;
  decided_by: string;
  valid_from: string;
  valid_to: string | null;
}

export async function adoptionsOf(
  db: Queryable,
  icsCode: string,
): Promise<AdoptionRow[]> {
  return db.query<AdoptionRow & Record<string, unknown>>(
    `select ics_code, model, decided_by, valid_from, valid_to
     from governance_model_adoption where ics_code = $1 order by valid_from`,
    [icsCode],
  );
}

/** Ends the adoption open on the date (if any) the day the next one starts. */
export async function closeAdoption(
  tx: Queryable,
  icsCode: string,
  validTo: string,
): Promise<void> {
  await tx.query(
    `update governance_model_adoption set valid_to = $2
     where ics_code = $1 and valid_from < $2 and (valid_to is null or valid_to > $2)`,
    [icsCode, validTo],
  );
}

export async function insertAdoption(
  tx: Queryable,
  a: AdoptionRow,
  recordedBy: string,
): Promise<void> {
  await tx.query(
    `insert into governance_model_adoption (ics_code, model, decided_by, valid_from, valid_to, recorded_by)
     values ($1, $2, $3, $4, $5, $6)`,
    [a.ics_code, a.model, a.decided_by, a.valid_from, a.valid_to, recordedBy],
  );
}

export interface BodyRow {
  ics_code: string;
  id: string;
  kind: string;
  name: string;
  place_code: string | null;
  voting_rule: string;
  chair_has_casting_vote: boolean;
  quorum: unknown;
  rules: unknown;
  valid_from: string;
  valid_to: string | null;
}

const BODY_COLUMNS =
  "ics_code, id, kind, name, place_code, voting_rule, chair_has_casting_vote, quorum, rules, valid_from, valid_to";

/** Every period of every body of an ICS; the caller picks a date. */
export async function bodiesOf(
  db: Queryable,
  icsCode: string,
): Promise<BodyRow[]> {
  return db.query<BodyRow & Record<string, unknown>>(
    `select ${BODY_COLUMNS} from governance_body where ics_code = $1 order by valid_from, id`,
    [icsCode],
  );
}

export async function insertBody(tx: Queryable, b: BodyRow): Promise<void> {
  await tx.query(
    `insert into governance_body (${BODY_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      b.ics_code,
      b.id,
      b.kind,
      b.name,
      b.place_code,
      b.voting_rule,
      b.chair_has_casting_vote,
      JSON.stringify(b.quorum),
      JSON.stringify(b.rules),
      b.valid_from,
      b.valid_to,
    ],
  );
}

/**
 * Ends, on a date, the period of the effective-dated row with this key that is open then; how
 * many rows it ended (0 when none was open, e.g. it had already ended or not yet begun).
 */
async function closePeriod(
  tx: Queryable,
  table:
    | "governance_body"
    | "governance_membership"
    | "governance_local_rule"
    | "governance_sord_entry",
  key: "id" | "reference",
  icsCode: string,
  value: string,
  validTo: string,
): Promise<number> {
  const rows = await tx.query(
    `update ${table} set valid_to = $3
     where ics_code = $1 and ${key} = $2 and valid_from < $3 and (valid_to is null or valid_to > $3)
     returning ${key}`,
    [icsCode, value, validTo],
  );
  return rows.length;
}

/** Ends the period of a body that is open on the date. */
export async function closeBody(
  tx: Queryable,
  icsCode: string,
  id: string,
  validTo: string,
): Promise<void> {
  await closePeriod(tx, "governance_body", "id", icsCode, id, validTo);
}

export interface MembershipRow {
  ics_code: string;
  id: string;
  person_id: string;
  person_name: string;
  body_id: string;
  role: string;
  voting: boolean;
  constituency: string;
  nominated_by: string | null;
  party: string | null;
  appointment: unknown;
  valid_from: string;
  valid_to: string | null;
}

/** Every membership of an ICS's bodies, with the person's name. */
export async function membershipsOf(
  db: Queryable,
  icsCode: string,
): Promise<MembershipRow[]> {
  return db.query<MembershipRow & Record<string, unknown>>(
    `select m.ics_code, m.id, m.person_id, p.name as person_name, m.body_id, m.role, m.voting,
       m.constituency, m.nominated_by, m.party, m.appointment, m.valid_from, m.valid_to
     from governance_membership m
     join governance_person p on p.ics_code = m.ics_code and p.id = m.person_id
     where m.ics_code = $1
     order by m.body_id, m.valid_from, p.name`,
    [icsCode],
  );
}

export async function insertMembership(
  tx: Queryable,
  m: Omit<MembershipRow, "person_name">,
): Promise<void> {
  await tx.query(
    `insert into governance_membership (ics_code, id, person_id, body_id, role, voting, constituency,
       nominated_by, party, appointment, valid_from, valid_to)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      m.ics_code,
      m.id,
      m.person_id,
      m.body_id,
      m.role,
      m.voting,
      m.constituency,
      m.nominated_by,
      m.party,
      m.appointment === null ? null : JSON.stringify(m.appointment),
      m.valid_from,
      m.valid_to,
    ],
  );
}

/** Ends a membership's term on a date. */
export async function endMembership(
  tx: Queryable,
  icsCode: string,
  id: string,
  validTo: string,
): Promise<number> {
  return closePeriod(tx, "governance_membership", "id", icsCode, id, validTo);
}

export interface LocalRuleRow {
  ics_code: string;
  id: string;
  body_kinds: unknown;
  rule: unknown;
  valid_from: string;
  valid_to: string | null;
}

export async function localRulesOf(
  db: Queryable,
  icsCode: string,
): Promise<LocalRuleRow[]> {
  return db.query<LocalRuleRow & Record<string, unknown>>(
    `select ics_code, id, body_kinds, rule, valid_from, valid_to
     from governance_local_rule where ics_code = $1 order by id`,
    [icsCode],
  );
}

export async function insertLocalRule(
  tx: Queryable,
  r: LocalRuleRow,
  recordedBy: string,
): Promise<void> {
  await tx.query(
    `insert into governance_local_rule (ics_code, id, body_kinds, rule, valid_from, valid_to, recorded_by)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      r.ics_code,
      r.id,
      JSON.stringify(r.body_kinds),
      JSON.stringify(r.rule),
      r.valid_from,
      r.valid_to,
      recordedBy,
    ],
  );
}

/** Retires a local rule from a date (it no longer applies from then); how many rules it ended. */
export async function closeLocalRule(
  tx: Queryable,
  icsCode: string,
  id: string,
  validTo: string,
): Promise<number> {
  return closePeriod(tx, "governance_local_rule", "id", icsCode, id, validTo);
}

export interface SordRow {
  ics_code: string;
  reference: string;
  decision_type: string;
  decider_kind: string;
  decider_id: string;
  decider_name: string;
  up_to_pence: number | null;
  legally_responsible_body: string;
  valid_from: string;
  valid_to: string | null;
}

const SORD_COLUMNS =
  "ics_code, reference, decision_type, decider_kind, decider_id, decider_name, up_to_pence, legally_responsible_body, valid_from, valid_to";

export async function schemeOf(
  db: Queryable,
  icsCode: string,
): Promise<SordRow[]> {
  return db.query<SordRow & Record<string, unknown>>(
    `select ${SORD_COLUMNS.replace("up_to_pence", "up_to_pence::float8 as up_to_pence")}
     from governance_sord_entry where ics_code = $1 order by decision_type, up_to_pence nulls last, reference`,
    [icsCode],
  );
}

export async function insertSordEntry(
  tx: Queryable,
  e: SordRow,
): Promise<void> {
  await tx.query(
    `insert into governance_sord_entry (${SORD_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.ics_code,
      e.reference,
      e.decision_type,
      e.decider_kind,
      e.decider_id,
      e.decider_name,
      e.up_to_pence,
      e.legally_responsible_body,
      e.valid_from,
      e.valid_to,
    ],
  );
}

/**
 * Ends the period of a scheme entry that is open on the date (before a new version starts, or
 * because the entry ends); how many periods it ended.
 */
export async function closeSordEntry(
  tx: Queryable,
  icsCode: string,
  reference: string,
  validTo: string,
): Promise<number> {
  return closePeriod(
    tx,
    "governance_sord_entry",
    "reference",
    icsCode,
    reference,
    validTo,
  );
}

export interface OrganisationRow {
  code: string;
  name: string;
  parent_code: string | null;
  sector: string;
}

/** The partner and supplier organisations of an ICS with their parent owners, for conflict checks. */
export async function organisationsOf(
  db: Queryable,
  icsCode: string,
): Promise<OrganisationRow[]> {
  return db.query<OrganisationRow & Record<string, unknown>>(
    `select code, name, ultimate_parent_owner as parent_code, sector
     from organisation where ics_ods = $1 order by code`,
    [icsCode],
  );
}

/** The ICSs that have adopted a governance model, in code order. */
export async function adoptingIcsCodes(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ ics_code: string }>(
    "select distinct ics_code from governance_model_adoption order by ics_code",
  );
  return rows.map((r) => r.ics_code);
}
