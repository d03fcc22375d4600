import type { Queryable } from "../database";

// Typed reads and writes for gifts and hospitality, scrutiny inquiries and compact commitments.
// No rules live here: callers pass validated values. Writes are inserts only.

type Row<T> = T & Record<string, unknown>;

/** Inserts one row into a table from an object whose keys are the column names. */
async function insert(
  tx: Queryable,
  table: string,
  row: Readonly<Record<string, unknown>>,
): Promise<void> {
  const columns = Object.keys(row);
  await tx.query(
    `insert into ${table} (${columns.join(", ")}) values (${columns
      .map((_, i) => `$${i + 1}`)
      .join(", ")})`,
    Object.values(row),
  );
}

// Gifts and hospitality

export interface GiftRow {
  ics_code: string;
  id: string;
  person_id: string;
  kind: string;
  giver_name: string;
  giver_organisation_code: string | null;
  description: string;
  value_pence: number;
  received_on: string;
  accepted: boolean;
  declared_on: string;
  recorded_by: string;
}

export const insertGift = (tx: Queryable, row: GiftRow) =>
  insert(tx, "gift_hospitality", { ...row });

export interface GiftRegisterRow extends GiftRow {
  person_name: string;
  organisation_name: string | null;
}

/** Every gift and hospitality entry of an ICS, with the person's and the giver's names. */
export async function giftsOf(
  db: Queryable,
  icsCode: string,
): Promise<GiftRegisterRow[]> {
  return db.query<Row<GiftRegisterRow>>(
    `select g.ics_code, g.id, g.person_id, g.kind, g.giver_name, g.giver_organisation_code,
       g.description, g.value_pence, g.received_on, g.accepted, g.declared_on, g.recorded_by,
       p.name as person_name, o.name as organisation_name
     from gift_hospitality g
     join governance_person p on p.ics_code = g.ics_code and p.id = g.person_id
     left join organisation o on o.code = g.giver_organisation_code
     where g.ics_code = $1
     order by g.received_on desc, g.id`,
    [icsCode],
  );
}

/** The codes among these that the structure module's partner and supplier list holds. */
export async function knownOrganisationCodes(
  db: Queryable,
  codes: readonly string[],
): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.query<{ code: string }>(
    "select code from organisation where code = any($1::text[])",
    [codes],
  );
  return rows.map((r) => r.code);
}

// Scrutiny

export interface InquiryRow {
  ics_code: string;
  id: string;
  committee_kind: string;
  committee_name: string;
  local_authority_code: string | null;
  title: string;
  terms_of_reference: string;
  opened_on: string;
  recorded_by: string;
}

export const insertInquiry = (tx: Queryable, row: InquiryRow) =>
  insert(tx, "scrutiny_inquiry", { ...row });

/** Inquiry columns, with its public sessions gathered into a date-ordered array. */
const INQUIRY_COLUMNS = `ics_code, id, committee_kind, committee_name, local_authority_code, title,
  terms_of_reference, opened_on, recorded_by,
  coalesce((select json_agg(to_char(s.held_on, 'YYYY-MM-DD') order by s.held_on) from scrutiny_session s
    where s.ics_code = scrutiny_inquiry.ics_code and s.inquiry_id = scrutiny_inquiry.id), '[]'::json) as sessions`;

export interface InquiryWithSessions extends InquiryRow {
  sessions: string[];
}

export async function inquiriesOf(
  db: Queryable,
  icsCode: string,
): Promise<InquiryWithSessions[]> {
  return db.query<Row<InquiryWithSessions>>(
    `select ${INQUIRY_COLUMNS} from scrutiny_inquiry where ics_code = $1 order by opened_on desc, id`,
    [icsCode],
  );
}

export async function inquiry(
  db: Queryable,
  icsCode: string,
  id: string,
): Promise<InquiryWithSessions | null> {
  const [row] = await db.query<Row<InquiryWithSessions>>(
    `select ${INQUIRY_COLUMNS} from scrutiny_inquiry where ics_code = $1 and id = $2`,
    [icsCode, id],
  );
  return row ?? null;
}

export const insertSession = (
  tx: Queryable,
  row: {
    ics_code: string;
    inquiry_id: string;
    held_on: string;
    recorded_by: string;
  },
) => insert(tx, "scrutiny_session", { ...row });

export interface EvidenceRow {
  ics_code: string;
  id: string;
  inquiry_id: string;
  given_by: string;
  given_on: string;
  summary: string;
  link: string | null;
  recorded_by: string;
}

export const insertEvidence = (tx: Queryable, row: EvidenceRow) =>
  insert(tx, "scrutiny_evidence", { ...row });

export async function evidenceOf(
  db: Queryable,
  icsCode: string,
  inquiryId: string | null = null,
): Promise<EvidenceRow[]> {
  return db.query<Row<EvidenceRow>>(
    `select ics_code, id, inquiry_id, given_by, given_on, summary, link, recorded_by
     from scrutiny_evidence where ics_code = $1 and ($2::text is null or inquiry_id = $2)
     order by given_on, id`,
    [icsCode, inquiryId],
  );
}

export interface RecommendationRow {
  ics_code: string;
  id: string;
  inquiry_id: string;
  number: string;
  text: string;
  addressed_to: string;
  made_on: string;
  response_due_on: string;
  recorded_by: string;
}

export const insertRecommendation = (tx: Queryable, row: RecommendationRow) =>
  insert(tx, "scrutiny_recommendation", { ...row });

export interface ResponseRow {
  ics_code: string;
  recommendation_id: string;
  outcome: string;
  text: string;
  responding_body: string;
  responded_on: string;
  recorded_by: string;
}

export const insertResponse = (tx: Queryable, row: ResponseRow) =>
  insert(tx, "scrutiny_response", { ...row });

/** A recommendation with the ICS's response to it, if any (null fields when none). */
export interface RecommendationWithResponse extends RecommendationRow {
  response_outcome: string | null;
  response_text: string | null;
  responding_body: string | null;
  responded_on: string | null;
}

export async function recommendationsOf(
  db: Queryable,
  icsCode: string,
  inquiryId: string | null = null,
): Promise<RecommendationWithResponse[]> {
  return db.query<Row<RecommendationWithResponse>>(
    `select r.ics_code, r.id, r.inquiry_id, r.number, r.text, r.addressed_to, r.made_on,
       r.response_due_on, r.recorded_by,
       s.outcome as response_outcome, s.text as response_text, s.responding_body, s.responded_on
     from scrutiny_recommendation r
     left join scrutiny_response s on s.ics_code = r.ics_code and s.recommendation_id = r.id
     where r.ics_code = $1 and ($2::text is null or r.inquiry_id = $2)
     order by r.inquiry_id, r.made_on, r.number, r.id`,
    [icsCode, inquiryId],
  );
}

// Partnership Compact and Annual Joint Mandate

export interface CommitmentRow {
  ics_code: string;
  id: string;
  instrument: string;
  description: string;
  owner: string;
  due_on: string;
  recorded_by: string;
}

export const insertCommitment = (tx: Queryable, row: CommitmentRow) =>
  insert(tx, "compact_commitment", { ...row });

export const insertCommitmentDone = (
  tx: Queryable,
  row: {
    ics_code: string;
    commitment_id: string;
    done_on: string;
    recorded_by: string;
  },
) => insert(tx, "compact_commitment_done", { ...row });

export interface CommitmentWithDone extends CommitmentRow {
  done_on: string | null;
}

export async function commitmentsOf(
  db: Queryable,
  icsCode: string,
): Promise<CommitmentWithDone[]> {
  return db.query<Row<CommitmentWithDone>>(
    `select c.ics_code, c.id, c.instrument, c.description, c.owner, c.due_on, c.recorded_by,
       d.done_on
     from compact_commitment c
     left join compact_commitment_done d on d.ics_code = c.ics_code and d.commitment_id = c.id
     where c.ics_code = $1
     order by c.instrument, c.due_on, c.id`,
    [icsCode],
  );
}

/** Holds one commitment for the rest of the transaction, so it is marked done once. */
export async function lockCommitment(
  tx: Queryable,
  icsCode: string,
  id: string,
): Promise<void> {
  await tx.query(
    "select id from compact_commitment where ics_code = $1 and id = $2 for update",
    [icsCode, id],
  );
}

/** The people of an ICS's governance, by name, for choosing whom a register entry is about. */
export async function peopleOf(
  db: Queryable,
  icsCode: string,
): Promise<{ id: string; name: string; user_id: string | null }[]> {
  return db.query<Row<{ id: string; name: string; user_id: string | null }>>(
    "select id, name, user_id from governance_person where ics_code = $1 order by name, id",
    [icsCode],
  );
}
