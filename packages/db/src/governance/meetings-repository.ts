import type { Queryable } from "../database";

// Typed reads and writes for meetings: items, attendance, the chair's rulings, named votes and
// decisions. No rules live here: the service checks with core before it writes.

export interface MeetingRow {
  ics_code: string;
  id: string;
  body_id: string;
  meeting_date: string;
  title: string;
  location: string | null;
  papers: unknown;
  minutes: string | null;
  actions: unknown;
}

const MEETING_COLUMNS =
  "ics_code, id, body_id, meeting_date, title, location, papers, minutes, actions";

export async function insertMeeting(
  tx: Queryable,
  m: MeetingRow,
): Promise<void> {
  await tx.query(
    `insert into governance_meeting (${MEETING_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      m.ics_code,
      m.id,
      m.body_id,
      m.meeting_date,
      m.title,
      m.location,
      JSON.stringify(m.papers),
      m.minutes,
      JSON.stringify(m.actions),
    ],
  );
}

export async function meeting(
  db: Queryable,
  icsCode: string,
  id: string,
): Promise<MeetingRow | null> {
  const [row] = await db.query<MeetingRow & Record<string, unknown>>(
    `select ${MEETING_COLUMNS} from governance_meeting where ics_code = $1 and id = $2`,
    [icsCode, id],
  );
  return row ?? null;
}

export async function meetingsOf(
  db: Queryable,
  icsCode: string,
): Promise<MeetingRow[]> {
  return db.query<MeetingRow & Record<string, unknown>>(
    `select ${MEETING_COLUMNS} from governance_meeting where ics_code = $1 order by meeting_date desc, id`,
    [icsCode],
  );
}

export async function updatePapers(
  tx: Queryable,
  icsCode: string,
  id: string,
  papers: unknown,
): Promise<void> {
  await tx.query(
    "update governance_meeting set papers = $3 where ics_code = $1 and id = $2",
    [icsCode, id, JSON.stringify(papers)],
  );
}

export async function updateMinutes(
  tx: Queryable,
  icsCode: string,
  id: string,
  minutes: string | null,
  actions: unknown,
): Promise<void> {
  await tx.query(
    "update governance_meeting set minutes = $3, actions = $4 where ics_code = $1 and id = $2",
    [icsCode, id, minutes, JSON.stringify(actions)],
  );
}

export interface AttendanceRow {
  person_id: string;
  status: string;
}

export async function attendanceOf(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<AttendanceRow[]> {
  return db.query<AttendanceRow & Record<string, unknown>>(
    `select person_id, status from governance_attendance
     where ics_code = $1 and meeting_id = $2 order by person_id`,
    [icsCode, meetingId],
  );
}

export async function setAttendance(
  tx: Queryable,
  icsCode: string,
  meetingId: string,
  personId: string,
  status: string,
): Promise<void> {
  await tx.query(
    `insert into governance_attendance (ics_code, meeting_id, person_id, status) values ($1, $2, $3, $4)
     on conflict (ics_code, meeting_id, person_id) do update set status = excluded.status`,
    [icsCode, meetingId, personId, status],
  );
}

export interface ItemRow {
  ics_code: string;
  id: string;
  meeting_id: string;
  position: number;
  number: string;
  title: string;
  concerns: unknown;
  in_private: boolean;
  withholding: unknown;
  decision_type: string | null;
  value_pence: number | null;
  casting_vote: string | null;
}

export async function itemsOf(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<ItemRow[]> {
  return db.query<ItemRow & Record<string, unknown>>(
    `select ics_code, id, meeting_id, position, number, title, concerns, in_private, withholding,
       decision_type, value_pence::float8 as value_pence, casting_vote
     from governance_agenda_item where ics_code = $1 and meeting_id = $2 order by position`,
    [icsCode, meetingId],
  );
}

export async function insertItem(tx: Queryable, i: ItemRow): Promise<void> {
  await tx.query(
    `insert into governance_agenda_item (ics_code, id, meeting_id, position, number, title, concerns,
       in_private, withholding, decision_type, value_pence, casting_vote)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      i.ics_code,
      i.id,
      i.meeting_id,
      i.position,
      i.number,
      i.title,
      JSON.stringify(i.concerns),
      i.in_private,
      i.withholding === null ? null : JSON.stringify(i.withholding),
      i.decision_type,
      i.value_pence,
      i.casting_vote,
    ],
  );
}

export async function setCastingVote(
  tx: Queryable,
  icsCode: string,
  itemId: string,
  choice: string | null,
): Promise<void> {
  await tx.query(
    "update governance_agenda_item set casting_vote = $3 where ics_code = $1 and id = $2",
    [icsCode, itemId, choice],
  );
}

export interface RulingRow {
  item_id: string;
  person_id: string;
  ruling: string;
  reason: string;
  decided_by: string;
}

export async function rulingsOf(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<RulingRow[]> {
  return db.query<RulingRow & Record<string, unknown>>(
    `select r.item_id, r.person_id, r.ruling, r.reason, r.decided_by
     from governance_conflict_ruling r
     join governance_agenda_item i on i.ics_code = r.ics_code and i.id = r.item_id
     where r.ics_code = $1 and i.meeting_id = $2 order by r.item_id, r.person_id`,
    [icsCode, meetingId],
  );
}

export async function upsertRuling(
  tx: Queryable,
  icsCode: string,
  r: RulingRow,
): Promise<void> {
  await tx.query(
    `insert into governance_conflict_ruling (ics_code, item_id, person_id, ruling, reason, decided_by)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (ics_code, item_id, person_id)
     do update set ruling = excluded.ruling, reason = excluded.reason, decided_by = excluded.decided_by`,
    [icsCode, r.item_id, r.person_id, r.ruling, r.reason, r.decided_by],
  );
}

export interface VoteRow {
  item_id: string;
  person_id: string;
  choice: string;
}

export async function votesOf(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<VoteRow[]> {
  return db.query<VoteRow & Record<string, unknown>>(
    `select v.item_id, v.person_id, v.choice
     from governance_vote v
     join governance_agenda_item i on i.ics_code = v.ics_code and i.id = v.item_id
     where v.ics_code = $1 and i.meeting_id = $2 order by v.item_id, v.person_id`,
    [icsCode, meetingId],
  );
}

export async function upsertVote(
  tx: Queryable,
  icsCode: string,
  v: VoteRow,
): Promise<void> {
  await tx.query(
    `insert into governance_vote (ics_code, item_id, person_id, choice) values ($1, $2, $3, $4)
     on conflict (ics_code, item_id, person_id) do update set choice = excluded.choice`,
    [icsCode, v.item_id, v.person_id, v.choice],
  );
}

export interface DecisionRow {
  item_id: string;
  resolution: string;
  carried: boolean;
  record: unknown;
  log_sequence: number;
  recorded_by: string;
}

export async function decisionsOf(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<DecisionRow[]> {
  return db.query<DecisionRow & Record<string, unknown>>(
    `select d.item_id, d.resolution, d.carried, d.record, d.log_sequence, d.recorded_by
     from governance_decision d
     join governance_agenda_item i on i.ics_code = d.ics_code and i.id = d.item_id
     where d.ics_code = $1 and i.meeting_id = $2 order by i.position`,
    [icsCode, meetingId],
  );
}

export async function insertDecision(
  tx: Queryable,
  icsCode: string,
  d: DecisionRow,
): Promise<void> {
  await tx.query(
    `insert into governance_decision (ics_code, item_id, resolution, carried, record, log_sequence, recorded_by)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      icsCode,
      d.item_id,
      d.resolution,
      d.carried,
      JSON.stringify(d.record),
      d.log_sequence,
      d.recorded_by,
    ],
  );
}
