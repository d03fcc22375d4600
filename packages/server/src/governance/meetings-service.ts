import { z } from "zod";
import {
  governance,
  fail,
  inEffect,
  isoDate,
  ok,
  type Actor,
  type Result,
} from "@openics/core";
import {
  appendAudit,
  governanceMeetingsRepository as repo,
  governanceRepository,
  type Database,
  type Queryable,
} from "@openics/db";
import {
  findIcs,
  invalid,
  loadSetUp,
  organisationNodes,
  today,
  type GovernanceUseCaseError,
  type IcsRef,
} from "./bodies-service";
import { appendToLog } from "./service";

// Use cases for meetings: agenda, papers, attendance, declarations and the chair's rulings, named
// votes and decisions, minutes and actions. Every decision and every withholding is appended to
// the ICS's public hash-chained log in the same transaction that records it.

const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .default(null);
const slug = (s: string) =>
  s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");

const paper = z.object({
  title: text("paper title"),
  url: z.url("the link must be a full web address (https://…)"),
  item_number: optionalText,
});
export type Paper = z.infer<typeof paper>;
const action = z.object({
  description: text("action"),
  owner: text("owner"),
  due_on: isoDate,
});
export type MeetingAction = z.infer<typeof action>;

const toJson = (value: unknown): governance.JsonValue =>
  JSON.parse(JSON.stringify(value)) as governance.JsonValue;

// Reading a meeting with everything the rules need

const toItem = (r: repo.ItemRow): governance.AgendaItem => {
  const parsed = governance.agendaItem.safeParse({
    id: r.id,
    number: r.number,
    title: r.title,
    concerns: r.concerns,
    inPrivate: r.in_private,
    withholding: r.withholding,
    decisionType: r.decision_type,
    valuePence: r.value_pence,
  });
  if (!parsed.success)
    throw new Error(`stored agenda item ${r.id} is malformed`);
  return parsed.data;
};

export interface ItemState {
  readonly item: governance.AgendaItem;
  readonly conflicts: governance.Conflict[];
  readonly rulings: governance.ConflictRuling[];
  readonly quorum: governance.QuorumCheck;
  readonly votes: (governance.Vote & { personName: string })[];
  readonly castingVote: governance.VoteChoice | null;
  readonly decision: {
    readonly resolution: string;
    readonly carried: boolean;
    readonly record: governance.DecisionRecord;
    readonly logSequence: number;
  } | null;
}

export interface MeetingState {
  readonly ics: IcsRef;
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly location: string | null;
  readonly papers: Paper[];
  readonly minutes: string | null;
  readonly actions: MeetingAction[];
  readonly body: governance.Body;
  readonly members: governance.Membership[];
  readonly attendance: {
    personId: string;
    personName: string;
    status: string;
  }[];
  readonly present: string[];
  readonly items: ItemState[];
  /** Inputs to core's recordDecision, kept for the use cases that decide. */
  readonly inputs: {
    readonly memberships: governance.Membership[];
    readonly declarations: governance.InterestDeclaration[];
    readonly organisations: governance.OrganisationNode[];
    readonly scheme: governance.SordEntry[];
  };
}

async function declarationsOf(
  db: Queryable,
  icsCode: string,
): Promise<governance.InterestDeclaration[]> {
  return (await governanceRepository.declarationsOf(db, icsCode)).flatMap(
    (r) => {
      const d = governance.interestDeclaration.safeParse({
        id: r.id,
        personId: r.person_id,
        type: r.type,
        organisationCode: r.organisation_code,
        description: r.description,
        heldBy: r.held_by,
        declaredOn: r.declared_on,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      });
      return d.success ? [d.data] : [];
    },
  );
}

/** A meeting with every item's conflicts, rulings, quorum after withdrawals, votes and decision. */
export async function loadMeeting(
  db: Queryable,
  icsCode: string,
  meetingId: string,
): Promise<Result<MeetingState, GovernanceUseCaseError>> {
  const ics = await findIcs(db, icsCode, today());
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const row = await repo.meeting(db, code, meetingId);
  if (!row)
    return fail({
      code: "unknown_meeting",
      message: `No meeting of ${ics.value.name} has the id ${meetingId}.`,
    });
  const date = row.meeting_date;
  const [
    setUp,
    organisations,
    declarations,
    attendance,
    itemRows,
    rulings,
    votes,
    decisions,
  ] = await Promise.all([
    loadSetUp(db, code),
    organisationNodes(db, code),
    declarationsOf(db, code),
    repo.attendanceOf(db, code, meetingId),
    repo.itemsOf(db, code, meetingId),
    repo.rulingsOf(db, code, meetingId),
    repo.votesOf(db, code, meetingId),
    repo.decisionsOf(db, code, meetingId),
  ]);
  const body =
    setUp.bodies.find((b) => b.id === row.body_id && inEffect(b, date)) ??
    setUp.bodies.find((b) => b.id === row.body_id);
  if (body === undefined)
    throw new Error(`meeting ${meetingId} names a body that is not recorded`);
  const members = governance.membersAsAt(body.id, setUp.memberships, date);
  const nameOf = (personId: string) =>
    members.find((m) => m.personId === personId)?.personName ?? personId;
  const present = attendance
    .filter((a) => a.status === "present")
    .map((a) => a.person_id);
  const membersPresent = members.filter((m) => present.includes(m.personId));
  const allRulings: governance.ConflictRuling[] = rulings.map((r) => ({
    itemId: r.item_id,
    personId: r.person_id,
    ruling: governance.chairRuling.parse(r.ruling),
    reason: r.reason,
    decidedBy: r.decided_by,
  }));
  const items = itemRows.map((r): ItemState => {
    const item = toItem(r);
    const decision = decisions.find((d) => d.item_id === item.id);
    // A decided item keeps the conflicts it was decided with; a later declaration does not reopen it.
    const conflicts =
      decision === undefined
        ? governance.findConflicts(
            item,
            membersPresent,
            declarations,
            organisations,
            date,
          )
        : (decision.record as governance.DecisionRecord).conflicts.slice();
    const forItem = allRulings.filter((x) => x.itemId === item.id);
    return {
      item,
      conflicts,
      rulings: forItem,
      quorum: governance.checkQuorum({
        body,
        memberships: setUp.memberships,
        meetingDate: date,
        present,
        item,
        conflicts,
        rulings: forItem,
      }),
      votes: votes
        .filter((v) => v.item_id === item.id)
        .map((v) => ({
          personId: v.person_id,
          choice: governance.voteChoice.parse(v.choice),
          personName: nameOf(v.person_id),
        })),
      castingVote:
        r.casting_vote === null
          ? null
          : governance.voteChoice.parse(r.casting_vote),
      decision: decision
        ? {
            resolution: decision.resolution,
            carried: decision.carried,
            record: decision.record as governance.DecisionRecord,
            logSequence: decision.log_sequence,
          }
        : null,
    };
  });
  return ok({
    ics: ics.value,
    id: row.id,
    title: row.title,
    date,
    location: row.location,
    papers: z.array(paper).parse(row.papers),
    minutes: row.minutes,
    actions: z.array(action).parse(row.actions),
    body,
    members,
    attendance: attendance.map((a) => ({
      personId: a.person_id,
      personName: nameOf(a.person_id),
      status: a.status,
    })),
    present,
    items,
    inputs: {
      memberships: setUp.memberships,
      declarations,
      organisations,
      scheme: setUp.scheme,
    },
  });
}

export interface MeetingSummary {
  readonly id: string;
  readonly body_id: string;
  readonly body_name: string;
  readonly date: string;
  readonly title: string;
}

/** Every meeting of an ICS's bodies, latest first (or of one body). */
export async function listMeetings(
  db: Queryable,
  icsCode: string,
  bodyId?: string,
): Promise<
  Result<{ ics: IcsRef; meetings: MeetingSummary[] }, GovernanceUseCaseError>
> {
  const ics = await findIcs(db, icsCode, today());
  if (!ics.ok) return ics;
  const setUp = await loadSetUp(db, ics.value.code);
  const meetings = (await repo.meetingsOf(db, ics.value.code))
    .filter((m) => bodyId === undefined || m.body_id === bodyId)
    .map((m) => ({
      id: m.id,
      body_id: m.body_id,
      body_name:
        setUp.bodies.findLast((b) => b.id === m.body_id)?.name ?? m.body_id,
      date: m.meeting_date,
      title: m.title,
    }));
  return ok({ ics: ics.value, meetings });
}

// Writing: each use case checks permission, then core's rules, then writes in one transaction.

async function forWriting(
  db: Queryable,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  action: governance.GovernanceAction = "run_meeting",
): Promise<Result<MeetingState, GovernanceUseCaseError>> {
  const ics = await findIcs(db, icsCode, today());
  if (!ics.ok) return ics;
  if (!governance.can(actor, action, { icsCode: ics.value.code }))
    return fail({
      code: "forbidden",
      message: `Only an officer of ${ics.value.name} (the board secretary) can run its meetings.`,
    });
  return loadMeeting(db, icsCode, meetingId);
}

function itemOf(
  state: MeetingState,
  itemId: string,
): Result<ItemState, GovernanceUseCaseError> {
  const found = state.items.find((i) => i.item.id === itemId);
  return found
    ? ok(found)
    : fail({
        code: "unknown_item",
        message: `The meeting ${state.id} has no agenda item with the id ${itemId}.`,
      });
}

const notDecided = (s: ItemState): Result<null, GovernanceUseCaseError> =>
  s.decision === null
    ? ok(null)
    : fail({
        code: "already_decided",
        message: `Item ${s.item.number}: the decision is recorded (log entry ${s.decision.logSequence}); its votes and rulings can no longer change.`,
      });

export const createMeetingInput = z
  .object({
    body_id: text("body"),
    meeting_date: isoDate,
    title: text("title"),
    location: optionalText,
    papers: z.array(paper).default([]),
  })
  .strict();

/** Creates a meeting of a body on a date. */
export async function createMeeting(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<MeetingSummary, GovernanceUseCaseError>> {
  const parsed = createMeetingInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "meeting");
  const m = parsed.data;
  const ics = await findIcs(db, icsCode, today());
  if (!ics.ok) return ics;
  if (!governance.can(actor, "run_meeting", { icsCode: ics.value.code }))
    return fail({
      code: "forbidden",
      message: `Only an officer of ${ics.value.name} (the board secretary) can run its meetings.`,
    });
  const code = ics.value.code;
  const setUp = await loadSetUp(db, code);
  const body = setUp.bodies.find(
    (b) => b.id === m.body_id && inEffect(b, m.meeting_date),
  );
  if (!body)
    return fail({
      code: "unknown_body",
      message: `body_id: no body of ${ics.value.name} has the id ${m.body_id} on ${m.meeting_date}.`,
    });
  const id = `${body.id}-${m.meeting_date}`;
  return db.transaction(async (tx) => {
    if (await repo.meeting(tx, code, id))
      return fail({
        code: "duplicate",
        message: `meeting_date: ${body.name} already has a meeting on ${m.meeting_date}.`,
      });
    await repo.insertMeeting(tx, {
      ics_code: code,
      id,
      body_id: body.id,
      meeting_date: m.meeting_date,
      title: m.title,
      location: m.location,
      papers: m.papers,
      minutes: null,
      actions: [],
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "create_meeting",
      entity: "governance_meeting",
      entityKey: id,
      icsCode: code,
      before: null,
      after: m,
    });
    return ok({
      id,
      body_id: body.id,
      body_name: body.name,
      date: m.meeting_date,
      title: m.title,
    });
  });
}

/** Adds a paper (title and link) to a meeting. */
export async function addPaper(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  input: unknown,
): Promise<Result<Paper[], GovernanceUseCaseError>> {
  const parsed = paper.strict().safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "paper");
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const papers = [...state.value.papers, parsed.data];
  return db.transaction(async (tx) => {
    await repo.updatePapers(tx, state.value.ics.code, meetingId, papers);
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_paper",
      entity: "governance_meeting",
      entityKey: meetingId,
      icsCode: state.value.ics.code,
      before: state.value.papers,
      after: papers,
    });
    return ok(papers);
  });
}

export const addItemInput = z
  .object({
    number: text("item number"),
    title: text("title"),
    concerns: z.array(governance.itemConcern).default([]),
    in_private: z.boolean().default(false),
    withholding: z
      .object({
        reason: governance.withholdingReason,
        decided_by: text("who decided"),
        review_on: isoDate,
      })
      .nullable()
      .default(null),
    decision_type: optionalText,
    value_pence: governance.pence.nullable().default(null),
  })
  .strict();
export type AddItemInput = z.input<typeof addItemInput>;

/**
 * Adds an item to the agenda, naming what it concerns. An item held in private is refused
 * unless it has a reason from the fixed list, who decided and a review date after the meeting;
 * the withholding itself is appended to the public log.
 */
export async function addItem(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  input: unknown,
): Promise<
  Result<
    { item: governance.AgendaItem; logSequence: number | null },
    GovernanceUseCaseError
  >
> {
  const parsed = addItemInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "item");
  const i = parsed.data;
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const s = state.value;
  const item: governance.AgendaItem = {
    id: `${meetingId}-${slug(i.number)}`,
    number: i.number,
    title: i.title,
    concerns: i.concerns,
    inPrivate: i.in_private,
    withholding:
      i.withholding === null
        ? null
        : {
            reason: i.withholding.reason,
            decidedBy: i.withholding.decided_by,
            reviewOn: i.withholding.review_on,
          },
    decisionType: i.decision_type,
    valuePence: i.value_pence,
  };
  // A reason given for an item taken in public is not a withholding.
  const checked = governance.checkPrivateItem(
    item.inPrivate ? item : { ...item, withholding: null },
    s.date,
  );
  if (!checked.ok) return checked;
  const stored = { ...item, withholding: checked.value };
  const code = s.ics.code;
  return db.transaction(async (tx) => {
    if (
      (await repo.itemsOf(tx, code, meetingId)).some(
        (x) => x.number === item.number || x.id === item.id,
      )
    )
      return fail({
        code: "duplicate",
        message: `number: the agenda already has an item ${item.number}.`,
      });
    await repo.insertItem(tx, {
      ics_code: code,
      id: stored.id,
      meeting_id: meetingId,
      position: s.items.length + 1,
      number: stored.number,
      title: stored.title,
      concerns: stored.concerns,
      in_private: stored.inPrivate,
      withholding: stored.withholding,
      decision_type: stored.decisionType,
      value_pence: stored.valuePence,
      casting_vote: null,
    });
    let logSequence: number | null = null;
    if (stored.withholding !== null) {
      const row = await appendToLog(
        tx,
        code,
        "withholding",
        toJson({
          icsCode: code,
          bodyId: s.body.id,
          bodyName: s.body.name,
          meetingId,
          meetingDate: s.date,
          itemNumber: stored.number,
          withholding: stored.withholding,
        }),
      );
      logSequence = row.sequence;
    }
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_agenda_item",
      entity: "governance_agenda_item",
      entityKey: stored.id,
      icsCode: code,
      before: null,
      after: { ...stored, logSequence },
    });
    return ok({ item: stored, logSequence });
  });
}

export const attendanceInput = z
  .object({
    attendance: z
      .array(
        z.object({
          person_id: text("person id"),
          status: z.enum(["present", "apologies", "absent"]),
        }),
      )
      .min(1, "record at least one member"),
  })
  .strict();

/** Records who attended, sent apologies or was absent; only members of the body on the date. */
export async function recordAttendance(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  input: unknown,
): Promise<Result<MeetingState["attendance"], GovernanceUseCaseError>> {
  const parsed = attendanceInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "attendance");
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const s = state.value;
  const stranger = parsed.data.attendance.find(
    (a) => !s.members.some((m) => m.personId === a.person_id),
  );
  if (stranger)
    return fail({
      code: "not_a_member",
      message: `${stranger.person_id} is not a member of ${s.body.name} on ${s.date}; only members' attendance is recorded.`,
    });
  if (s.items.some((i) => i.decision !== null))
    return fail({
      code: "already_decided",
      message:
        "Decisions are already recorded at this meeting; the attendance they were taken with can no longer change.",
    });
  return db.transaction(async (tx) => {
    for (const a of parsed.data.attendance)
      await repo.setAttendance(
        tx,
        s.ics.code,
        meetingId,
        a.person_id,
        a.status,
      );
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_attendance",
      entity: "governance_meeting",
      entityKey: meetingId,
      icsCode: s.ics.code,
      before: s.attendance,
      after: parsed.data.attendance,
    });
    const after = await repo.attendanceOf(tx, s.ics.code, meetingId);
    return ok(
      after.map((a) => ({
        personId: a.person_id,
        personName:
          s.members.find((m) => m.personId === a.person_id)?.personName ??
          a.person_id,
        status: a.status,
      })),
    );
  });
}

export const rulingInput = z
  .object({
    person_id: text("person id"),
    ruling: governance.chairRuling,
    reason: text("reason"),
    decided_by: text("who decided"),
  })
  .strict();

/** Records the chair's ruling on a member's declared interest in an item: withdraw, observe or participate. */
export async function recordRuling(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  itemId: string,
  input: unknown,
): Promise<Result<governance.ConflictRuling, GovernanceUseCaseError>> {
  const parsed = rulingInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "ruling");
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const s = state.value;
  const found = itemOf(s, itemId);
  if (!found.ok) return found;
  const open = notDecided(found.value);
  if (!open.ok) return open;
  const r = parsed.data;
  if (!s.members.some((m) => m.personId === r.person_id))
    return fail({
      code: "not_a_member",
      message: `person_id: ${r.person_id} is not a member of ${s.body.name} on ${s.date}.`,
    });
  const ruling: governance.ConflictRuling = {
    itemId,
    personId: r.person_id,
    ruling: r.ruling,
    reason: r.reason,
    decidedBy: r.decided_by,
  };
  return db.transaction(async (tx) => {
    await repo.upsertRuling(tx, s.ics.code, {
      item_id: itemId,
      person_id: r.person_id,
      ruling: r.ruling,
      reason: r.reason,
      decided_by: r.decided_by,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_conflict_ruling",
      entity: "governance_conflict_ruling",
      entityKey: `${itemId}:${r.person_id}`,
      icsCode: s.ics.code,
      before:
        found.value.rulings.find((x) => x.personId === r.person_id) ?? null,
      after: ruling,
    });
    return ok(ruling);
  });
}

export const votesInput = z
  .object({
    votes: z
      .array(
        z.object({
          person_id: text("person id"),
          choice: governance.voteChoice,
        }),
      )
      .min(1, "record at least one vote"),
    casting_vote: governance.voteChoice.nullable().default(null),
  })
  .strict();

/**
 * Records named votes on an item. Refused while a flagged conflict is unruled, when the meeting
 * is not quorate for the item after withdrawals, or when someone votes who may not.
 */
export async function recordVotes(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  itemId: string,
  input: unknown,
): Promise<
  Result<
    { votes: governance.Vote[]; outcome: governance.VoteOutcome },
    GovernanceUseCaseError
  >
> {
  const parsed = votesInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "votes");
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const s = state.value;
  const found = itemOf(s, itemId);
  if (!found.ok) return found;
  const st = found.value;
  const open = notDecided(st);
  if (!open.ok) return open;
  const ruled = governance.checkConflictRulings(
    st.item,
    st.conflicts,
    st.rulings,
  );
  if (!ruled.ok) return ruled;
  if (!st.quorum.quorate)
    return fail({ code: "quorum_not_met", message: st.quorum.message });
  // Votes already recorded for others stay; a person's new vote replaces their old one.
  const votes: governance.Vote[] = [
    ...st.votes
      .filter((v) => !parsed.data.votes.some((n) => n.person_id === v.personId))
      .map((v) => ({ personId: v.personId, choice: v.choice })),
    ...parsed.data.votes.map((v) => ({
      personId: v.person_id,
      choice: v.choice,
    })),
  ];
  const barred = votes.find((v) =>
    st.quorum.steppedBack.some((m) => m.personId === v.personId),
  );
  if (barred)
    return fail({
      code: "ineligible_vote",
      message: `Item ${st.item.number}: ${st.quorum.steppedBack.find((m) => m.personId === barred.personId)?.personName ?? barred.personId} stepped back for a declared interest and may not vote.`,
    });
  const counted = governance.countVotes({
    rule: s.body.votingRule,
    chairHasCastingVote: s.body.chairHasCastingVote,
    eligible: st.quorum.eligible,
    votes,
    castingVote: parsed.data.casting_vote,
    itemNumber: st.item.number,
  });
  // A tie waiting for the casting vote may still be recorded; the decision waits for it.
  if (!counted.ok && counted.error.code !== "casting_vote_missing")
    return counted;
  return db.transaction(async (tx) => {
    for (const v of parsed.data.votes)
      await repo.upsertVote(tx, s.ics.code, {
        item_id: itemId,
        person_id: v.person_id,
        choice: v.choice,
      });
    await repo.setCastingVote(tx, s.ics.code, itemId, parsed.data.casting_vote);
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_votes",
      entity: "governance_agenda_item",
      entityKey: itemId,
      icsCode: s.ics.code,
      before: st.votes,
      after: parsed.data,
    });
    const outcome: governance.VoteOutcome = counted.ok
      ? counted.value
      : {
          rule: s.body.votingRule,
          carried: false,
          tally: {
            for: votes.filter((v) => v.choice === "for").length,
            against: votes.filter((v) => v.choice === "against").length,
            abstain: votes.filter((v) => v.choice === "abstain").length,
          },
          nhs: null,
          localGovernment: null,
          castingVoteUsed: false,
          explanation: counted.error.message,
        };
    return ok({ votes, outcome });
  });
}

export const decisionInput = z
  .object({ resolution: text("resolution") })
  .strict();

/**
 * Records the decision on an item with core's recordDecision: refused when the item is private
 * without a reason, a conflict is unruled, the meeting is inquorate after withdrawals, someone
 * voted who may not, or the scheme of reservation and delegation gives the body no authority.
 * The decision is appended to the public log (a private item's title is not published).
 */
export async function decideItem(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  itemId: string,
  input: unknown,
): Promise<
  Result<
    { record: governance.DecisionRecord; logSequence: number },
    GovernanceUseCaseError
  >
> {
  const parsed = decisionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "decision");
  const state = await forWriting(
    db,
    actor,
    icsCode,
    meetingId,
    "record_decision",
  );
  if (!state.ok) return state;
  const s = state.value;
  const found = itemOf(s, itemId);
  if (!found.ok) return found;
  const st = found.value;
  const open = notDecided(st);
  if (!open.ok) return open;
  if (st.votes.length === 0)
    return fail({
      code: "invalid_request",
      message: `Item ${st.item.number}: record the votes before the decision.`,
    });
  const decided = governance.recordDecision({
    body: s.body,
    memberships: s.inputs.memberships,
    meetingDate: s.date,
    present: s.present,
    item: st.item,
    declarations: s.inputs.declarations,
    organisations: s.inputs.organisations,
    rulings: st.rulings,
    votes: st.votes.map((v) => ({ personId: v.personId, choice: v.choice })),
    castingVote: st.castingVote,
    scheme: s.inputs.scheme,
  });
  if (!decided.ok) return decided;
  const record = decided.value;
  const code = s.ics.code;
  const published = {
    icsCode: code,
    bodyId: s.body.id,
    bodyName: s.body.name,
    meetingId,
    meetingDate: s.date,
    itemNumber: record.itemNumber,
    title: st.item.inPrivate ? null : record.title,
    withholding: record.withholding,
    resolution: st.item.inPrivate ? null : parsed.data.resolution,
    carried: record.outcome.carried,
    outcome: record.outcome,
    authority: record.authority,
    withdrawn: record.withdrawn,
    rulings: record.rulings.map((r) => ({
      personId: r.personId,
      personName:
        s.members.find((m) => m.personId === r.personId)?.personName ??
        r.personId,
      ruling: r.ruling,
      reason: r.reason,
      decidedBy: r.decidedBy,
    })),
    votes: record.votes,
  };
  return db.transaction(async (tx) => {
    const row = await appendToLog(tx, code, "decision", toJson(published));
    await repo.insertDecision(tx, code, {
      item_id: itemId,
      resolution: parsed.data.resolution,
      carried: record.outcome.carried,
      record: toJson(record),
      log_sequence: row.sequence,
      recorded_by: actor.id,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_decision",
      entity: "governance_decision",
      entityKey: itemId,
      icsCode: code,
      before: null,
      after: { ...published, logSequence: row.sequence, logHash: row.hash },
    });
    return ok({ record, logSequence: row.sequence });
  });
}

export const minutesInput = z
  .object({
    minutes: optionalText,
    actions: z.array(action).default([]),
  })
  .strict();

/** Records the minutes and the actions agreed, with owners and due dates. */
export async function recordMinutes(
  db: Database,
  actor: Actor,
  icsCode: string,
  meetingId: string,
  input: unknown,
): Promise<
  Result<
    { minutes: string | null; actions: MeetingAction[] },
    GovernanceUseCaseError
  >
> {
  const parsed = minutesInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "minutes");
  const state = await forWriting(db, actor, icsCode, meetingId);
  if (!state.ok) return state;
  const s = state.value;
  return db.transaction(async (tx) => {
    await repo.updateMinutes(
      tx,
      s.ics.code,
      meetingId,
      parsed.data.minutes,
      parsed.data.actions,
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_minutes",
      entity: "governance_meeting",
      entityKey: meetingId,
      icsCode: s.ics.code,
      before: { minutes: s.minutes, actions: s.actions },
      after: parsed.data,
    });
    return ok(parsed.data);
  });
}

// What is published about a meeting

export interface PublishedItem {
  readonly id: string;
  readonly number: string;
  /** Null when the item is withheld from this reader. */
  readonly title: string | null;
  readonly in_private: boolean;
  readonly withheld: {
    readonly reason: governance.WithholdingReason;
    readonly reason_label: string;
    readonly decided_by: string;
    readonly review_on: string;
  } | null;
  readonly concerns: governance.ItemConcern[];
  readonly decision_type: string | null;
  readonly value_pence: number | null;
  readonly declarations: {
    readonly person_id: string;
    readonly person_name: string;
    readonly route: "direct" | "parent_owner";
    readonly explanation: string | null;
  }[];
  readonly rulings: {
    readonly person_id: string;
    readonly person_name: string;
    readonly ruling: governance.ChairRuling;
    readonly reason: string | null;
    readonly decided_by: string;
  }[];
  readonly quorum: {
    readonly quorate: boolean;
    readonly message: string;
    readonly voting_present: number;
    readonly eligible: number;
  };
  readonly eligible_voters: { person_id: string; person_name: string }[];
  readonly votes: {
    readonly person_id: string;
    readonly person_name: string;
    readonly choice: governance.VoteChoice;
  }[];
  readonly casting_vote: governance.VoteChoice | null;
  readonly decision: {
    readonly resolution: string | null;
    readonly carried: boolean;
    readonly explanation: string;
    readonly authority: {
      readonly reference: string;
      readonly decider: string;
      readonly up_to_pence: number | null;
      readonly legally_responsible_body: string;
    } | null;
    readonly log_sequence: number;
  } | null;
}

export interface PublishedMeeting {
  readonly ics: string;
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly location: string | null;
  readonly body: {
    readonly id: string;
    readonly name: string;
    readonly voting_rule: governance.VotingRule;
    readonly chair_has_casting_vote: boolean;
  };
  readonly papers: Paper[];
  readonly minutes: string | null;
  readonly actions: MeetingAction[];
  readonly attendance: {
    readonly person_id: string;
    readonly person_name: string;
    readonly role: governance.MemberRole | null;
    readonly voting: boolean;
    readonly status: string;
  }[];
  readonly items: PublishedItem[];
  /** Whether this reader sees private items in full. */
  readonly private_shown: boolean;
}

/**
 * A meeting as a reader may see it. Items in private show, to the public, only that they were
 * withheld, why, who decided and when that is reviewed, with the decision's outcome, authority
 * and named votes; members and officers of the ICS see them in full.
 */
export function publishMeeting(
  s: MeetingState,
  actor: Actor,
): PublishedMeeting {
  const full = governance.can(actor, "read_private", { icsCode: s.ics.code });
  const nameOf = (personId: string) =>
    s.members.find((m) => m.personId === personId)?.personName ?? personId;
  const papersFor = (number: string | null) =>
    s.items.some((i) => i.item.number === number && i.item.inPrivate);
  return {
    ics: s.ics.code,
    id: s.id,
    title: s.title,
    date: s.date,
    location: s.location,
    body: {
      id: s.body.id,
      name: s.body.name,
      voting_rule: s.body.votingRule,
      chair_has_casting_vote: s.body.chairHasCastingVote,
    },
    papers: full ? s.papers : s.papers.filter((p) => !papersFor(p.item_number)),
    minutes: s.minutes,
    actions: s.actions,
    attendance: s.members.map((m) => ({
      person_id: m.personId,
      person_name: m.personName,
      role: m.role,
      voting: m.voting,
      status:
        s.attendance.find((a) => a.personId === m.personId)?.status ??
        "not recorded",
    })),
    items: s.items.map((st): PublishedItem => {
      const hidden = st.item.inPrivate && !full;
      const w = st.item.withholding;
      const a = st.decision?.record.authority ?? null;
      return {
        id: st.item.id,
        number: st.item.number,
        title: hidden ? null : st.item.title,
        in_private: st.item.inPrivate,
        withheld:
          w === null
            ? null
            : {
                reason: w.reason,
                reason_label: governance.WITHHOLDING_REASON_LABELS[w.reason],
                decided_by: w.decidedBy,
                review_on: w.reviewOn,
              },
        concerns: hidden ? [] : st.item.concerns,
        decision_type: st.item.decisionType,
        value_pence: hidden ? null : st.item.valuePence,
        declarations: st.conflicts.map((c) => ({
          person_id: c.personId,
          person_name: c.personName,
          route: c.route,
          explanation: hidden ? null : c.explanation,
        })),
        rulings: st.rulings.map((r) => ({
          person_id: r.personId,
          person_name: nameOf(r.personId),
          ruling: r.ruling,
          reason: hidden ? null : r.reason,
          decided_by: r.decidedBy,
        })),
        quorum: {
          quorate: st.quorum.quorate,
          message: st.quorum.message,
          voting_present: st.quorum.votingPresent,
          eligible: st.quorum.eligible.length,
        },
        eligible_voters: st.quorum.eligible.map((m) => ({
          person_id: m.personId,
          person_name: m.personName,
        })),
        votes: st.votes.map((v) => ({
          person_id: v.personId,
          person_name: v.personName,
          choice: v.choice,
        })),
        casting_vote: st.castingVote,
        decision:
          st.decision === null
            ? null
            : {
                resolution: hidden ? null : st.decision.resolution,
                carried: st.decision.carried,
                explanation: st.decision.record.outcome.explanation,
                authority:
                  a === null
                    ? null
                    : {
                        reference: a.reference,
                        decider: a.decider.name,
                        up_to_pence: a.upToPence,
                        legally_responsible_body: a.legallyResponsibleBody,
                      },
                log_sequence: st.decision.logSequence,
              },
      };
    }),
    private_shown: full,
  };
}

/** A meeting as the reader may see it. */
export async function showMeeting(
  db: Queryable,
  actor: Actor,
  icsCode: string,
  meetingId: string,
): Promise<Result<PublishedMeeting, GovernanceUseCaseError>> {
  const state = await loadMeeting(db, icsCode, meetingId);
  return state.ok ? ok(publishMeeting(state.value, actor)) : state;
}
