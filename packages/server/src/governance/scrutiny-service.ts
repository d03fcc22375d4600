import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  governance,
  fail,
  isoDate,
  ok,
  type Actor,
  type Result,
} from "@openics/core";
import {
  appendAudit,
  governanceRepository,
  scrutinyRepository as repo,
  structureRepository,
  type Database,
  type Queryable,
} from "@openics/db";
import { appendToLog, type GovernanceServiceError } from "./service";

// Use cases for the register of gifts and hospitality, scrutiny inquiries, and the Partnership
// Compact and Annual Joint Mandate. Pages, the API and the demo loader all call these.

type Outcome<T> = Promise<Result<T, GovernanceServiceError>>;

/** What a use case may be told besides its input: the day it runs, and how to name new records. */
export interface UseCaseOptions {
  /** The day the write happens (YYYY-MM-DD); today by default. */
  readonly on?: string;
  /** Makes the id of a new record; random by default, fixed for a reproducible demo. */
  readonly newId?: () => string;
  /** The time written in a log entry; now by default. */
  readonly recordedAt?: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .default(null);

const issues = (error: z.ZodError, what: string) =>
  error.issues
    .map((i) => `${i.path.join(".") || what}: ${i.message}`)
    .join("; ");

/** Core names fields in camelCase; the caller should see the names they sent. */
const FIELDS_AS_SENT: Record<string, string> = {
  personId: "person_id",
  giverName: "giver_name",
  giverOrganisationCode: "giver_organisation_code",
  valuePence: "value_pence",
  receivedOn: "received_on",
  declaredOn: "declared_on",
  committeeKind: "committee_kind",
  committeeName: "committee_name",
  localAuthorityCode: "local_authority_code",
  termsOfReference: "terms_of_reference",
  openedOn: "opened_on",
  givenBy: "given_by",
  givenOn: "given_on",
  addressedTo: "addressed_to",
  madeOn: "made_on",
  responseDueOn: "response_due_on",
  respondingBody: "responding_body",
  respondedOn: "responded_on",
  dueOn: "due_on",
  doneOn: "done_on",
};
const coreFailure = (error: governance.GovernanceError) =>
  fail({
    code: error.code,
    message: error.message.replace(
      /\b([a-z]+[A-Z][A-Za-z]*)(?=:)/g,
      (m) => FIELDS_AS_SENT[m] ?? m,
    ),
  });

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): Result<z.output<S>, GovernanceServiceError> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? ok(parsed.data)
    : fail({ code: "invalid_request", message: issues(parsed.error, what) });
}

/** The ICS an ICB ODS or GSS code names on a date, or a failure a person can act on. */
export async function icsAt(
  db: Queryable,
  code: string,
  on: string,
): Outcome<{ ods_code: string; name: string; synthetic: boolean }> {
  const icb = await structureRepository.icbAt(db, code, on);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${code} on ${on}.`,
    });
  return ok({
    ods_code: icb.ods_code,
    name: icb.name,
    synthetic: icb.synthetic,
  });
}

/** Officers of the ICS keep scrutiny and compact records; the public reads them. */
function permitOfficer(
  actor: Actor,
  ics: { ods_code: string; name: string },
  what: string,
): Result<true, GovernanceServiceError> {
  return governance.can(actor, "manage_bodies", { icsCode: ics.ods_code })
    ? ok(true)
    : fail({
        code: "forbidden",
        message: `Only an officer of ${ics.name} can ${what}.`,
      });
}

// ---------------------------------------------------------------------------------------------
// Gifts and hospitality

/** What is sent to record a gift or hospitality; the server adds the id and the date declared. */
export const recordGiftInput = z
  .object({
    person_id: text("person id"),
    kind: governance.giftKind,
    giver_name: text("giver's name"),
    giver_organisation_code: optionalText,
    description: text("description"),
    value_pence: z.number().int("money is held in whole pence").nonnegative(),
    received_on: isoDate,
    accepted: z.boolean(),
  })
  .strict();
export type RecordGiftInput = z.input<typeof recordGiftInput>;

export interface GiftView {
  readonly id: string;
  readonly person_id: string;
  readonly person_name: string;
  readonly kind: governance.GiftKind;
  readonly giver_name: string;
  readonly giver_organisation_code: string | null;
  readonly giver_organisation_name: string | null;
  readonly description: string;
  readonly value_pence: number;
  readonly received_on: string;
  readonly accepted: boolean;
  readonly declared_on: string;
}

/**
 * Records a gift or hospitality on the register: parse → permit (a member their own, an officer
 * anyone's) → core's checks → one transaction writing the entry, its public log entry and the audit.
 */
export async function recordGift(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ gift: GiftView; log: governanceRepository.LogRow }> {
  const parsed = parse(recordGiftInput, input, "gift");
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  const on = options.on ?? today();
  const ics = await icsAt(db, icsCode, on);
  if (!ics.ok) return ics;
  const who = await governanceRepository.person(
    db,
    ics.value.ods_code,
    g.person_id,
  );
  if (
    !governance.can(actor, "declare_interest", {
      icsCode: ics.value.ods_code,
      personId: who?.user_id ?? null,
    })
  )
    return fail({
      code: "forbidden",
      message: `Only an officer of ${ics.value.name} can record a gift for someone else; members record their own.`,
    });
  if (!who)
    return fail({
      code: "unknown_person",
      message: `No person has the id ${g.person_id} in ${ics.value.name}: add them to a body first, or correct the id.`,
    });
  const known = await repo.knownOrganisationCodes(
    db,
    g.giver_organisation_code === null ? [] : [g.giver_organisation_code],
  );
  const checked = governance.recordGift(
    {
      id: (options.newId ?? randomUUID)(),
      personId: who.id,
      kind: g.kind,
      giverName: g.giver_name,
      giverOrganisationCode: g.giver_organisation_code,
      description: g.description,
      valuePence: g.value_pence,
      receivedOn: g.received_on,
      accepted: g.accepted,
      declaredOn: on,
    },
    known,
  );
  if (!checked.ok) return coreFailure(checked.error);
  const gift = checked.value;
  return db.transaction(async (tx) => {
    await repo.insertGift(tx, {
      ics_code: ics.value.ods_code,
      id: gift.id,
      person_id: gift.personId,
      kind: gift.kind,
      giver_name: gift.giverName,
      giver_organisation_code: gift.giverOrganisationCode,
      description: gift.description,
      value_pence: gift.valuePence,
      received_on: gift.receivedOn,
      accepted: gift.accepted,
      declared_on: gift.declaredOn,
      recorded_by: actor.id,
    });
    const verb = gift.accepted ? "accepted" : "declined";
    const log = await appendToLog(
      tx,
      ics.value.ods_code,
      "register_entry",
      {
        icsCode: ics.value.ods_code,
        register: "gifts_and_hospitality",
        personName: who.name,
        summary: `${who.name} ${verb} ${gift.kind} from ${gift.giverName}`,
        gift,
      },
      options.recordedAt,
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_gift",
      entity: "gift_hospitality",
      entityKey: gift.id,
      icsCode: ics.value.ods_code,
      before: null,
      after: { ...gift, logSequence: log.sequence, logHash: log.hash },
    });
    const organisation =
      gift.giverOrganisationCode === null
        ? null
        : await governanceRepository.organisationNode(
            tx,
            gift.giverOrganisationCode,
          );
    return ok({
      gift: {
        id: gift.id,
        person_id: gift.personId,
        person_name: who.name,
        kind: gift.kind,
        giver_name: gift.giverName,
        giver_organisation_code: gift.giverOrganisationCode,
        giver_organisation_name: organisation?.name ?? null,
        description: gift.description,
        value_pence: gift.valuePence,
        received_on: gift.receivedOn,
        accepted: gift.accepted,
        declared_on: gift.declaredOn,
      },
      log,
    });
  });
}

/** The people an actor may record a gift or an interest for: an officer anyone in the ICS, a member themselves. */
export async function peopleForRegister(
  db: Queryable,
  actor: Actor,
  icsCode: string,
): Outcome<{
  ics: string;
  icsName: string;
  synthetic: boolean;
  people: { id: string; name: string }[];
}> {
  const ics = await icsAt(db, icsCode, today());
  if (!ics.ok) return ics;
  const people = (await repo.peopleOf(db, ics.value.ods_code)).filter((p) =>
    governance.can(actor, "declare_interest", {
      icsCode: ics.value.ods_code,
      personId: p.user_id,
    }),
  );
  return ok({
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    people: people.map((p) => ({ id: p.id, name: p.name })),
  });
}

/** The register of gifts and hospitality as published on a date, newest first. */
export async function listGifts(
  db: Queryable,
  icsCode: string,
  asAtInput?: string,
): Outcome<{
  asAt: string;
  ics: string;
  icsName: string;
  synthetic: boolean;
  entries: GiftView[];
}> {
  const asAt = asAtInput ?? today();
  const ics = await icsAt(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const rows = await repo.giftsOf(db, ics.value.ods_code);
  const entries = governance
    .giftsAsAt(
      rows.map((r) => ({
        ...r,
        declaredOn: r.declared_on,
        receivedOn: r.received_on,
      })),
      asAt,
    )
    .map((r): GiftView => ({
      id: r.id,
      person_id: r.person_id,
      person_name: r.person_name,
      kind: r.kind as governance.GiftKind,
      giver_name: r.giver_name,
      giver_organisation_code: r.giver_organisation_code,
      giver_organisation_name: r.organisation_name,
      description: r.description,
      value_pence: r.value_pence,
      received_on: r.received_on,
      accepted: r.accepted,
      declared_on: r.declared_on,
    }));
  return ok({
    asAt,
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    entries,
  });
}

/** Every declaration of interest an ICS has had, ended ones too, for the register's history. */
export async function interestHistory(
  db: Queryable,
  icsCode: string,
  asAtInput?: string,
): Outcome<{
  ics: string;
  icsName: string;
  synthetic: boolean;
  entries: governanceRepository.RegisterRow[];
}> {
  const asAt = asAtInput ?? today();
  const ics = await icsAt(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const rows = await governanceRepository.declarationsOf(
    db,
    ics.value.ods_code,
  );
  return ok({
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    entries: rows
      .filter((r) => r.declared_on <= asAt)
      .sort(
        (a, b) =>
          b.valid_from.localeCompare(a.valid_from) || a.id.localeCompare(b.id),
      ),
  });
}

// ---------------------------------------------------------------------------------------------
// Scrutiny inquiries

export const openInquiryInput = z
  .object({
    committee_kind: governance.scrutinyCommitteeKind,
    committee_name: text("committee's name"),
    local_authority_code: optionalText,
    title: text("title"),
    terms_of_reference: text("terms of reference"),
    opened_on: isoDate,
    sessions: z.array(isoDate).default([]),
  })
  .strict();
export const addEvidenceInput = z
  .object({
    given_by: text("who gave it"),
    given_on: isoDate,
    summary: text("summary"),
    link: optionalText,
  })
  .strict();
export const addSessionInput = z.object({ held_on: isoDate }).strict();
export const makeRecommendationInput = z
  .object({
    number: text("number"),
    text: text("recommendation"),
    addressed_to: text("who it is addressed to"),
    made_on: isoDate,
    response_due_on: isoDate,
  })
  .strict();
export const respondInput = z
  .object({
    outcome: governance.responseOutcome,
    text: text("response"),
    responding_body: text("responding body"),
    responded_on: isoDate,
  })
  .strict();

export interface RecommendationView {
  readonly id: string;
  readonly inquiry_id: string;
  readonly number: string;
  readonly text: string;
  readonly addressed_to: string;
  readonly made_on: string;
  readonly response_due_on: string;
  readonly status: governance.ResponseStatus;
  readonly response: {
    readonly outcome: governance.ResponseOutcome;
    readonly text: string;
    readonly responding_body: string;
    readonly responded_on: string;
  } | null;
}

export interface InquiryView {
  readonly id: string;
  readonly committee_kind: governance.ScrutinyCommitteeKind;
  readonly committee_name: string;
  readonly local_authority_code: string | null;
  readonly title: string;
  readonly terms_of_reference: string;
  readonly opened_on: string;
  readonly sessions: readonly string[];
  readonly counts: Record<governance.ResponseStatus, number>;
}

export interface InquiryDetail extends InquiryView {
  readonly evidence: readonly {
    readonly id: string;
    readonly given_by: string;
    readonly given_on: string;
    readonly summary: string;
    readonly link: string | null;
  }[];
  readonly recommendations: readonly RecommendationView[];
}

const toRecommendation = (
  r: repo.RecommendationWithResponse,
): governance.Recommendation => ({
  id: r.id,
  inquiryId: r.inquiry_id,
  number: r.number,
  text: r.text,
  addressedTo: r.addressed_to,
  madeOn: r.made_on,
  responseDueOn: r.response_due_on,
});

function recommendationView(
  r: repo.RecommendationWithResponse,
  asAt: string,
): RecommendationView {
  // A response given after the date asked about is not shown as given.
  const response =
    r.response_outcome !== null &&
    r.response_text !== null &&
    r.responding_body !== null &&
    r.responded_on !== null &&
    r.responded_on <= asAt
      ? {
          outcome: r.response_outcome as governance.ResponseOutcome,
          text: r.response_text,
          responding_body: r.responding_body,
          responded_on: r.responded_on,
        }
      : null;
  return {
    id: r.id,
    inquiry_id: r.inquiry_id,
    number: r.number,
    text: r.text,
    addressed_to: r.addressed_to,
    made_on: r.made_on,
    response_due_on: r.response_due_on,
    status: governance.responseStatus(
      toRecommendation(r),
      response && { respondedOn: response.responded_on },
      asAt,
    ),
    response,
  };
}

const STATUS_ORDER: Record<governance.ResponseStatus, number> = {
  overdue: 0,
  awaiting: 1,
  answered_late: 2,
  answered: 3,
};

function inquiryView(
  i: repo.InquiryWithSessions,
  recommendations: readonly RecommendationView[],
): InquiryView {
  const counts: Record<governance.ResponseStatus, number> = {
    answered: 0,
    answered_late: 0,
    awaiting: 0,
    overdue: 0,
  };
  for (const r of recommendations) counts[r.status] += 1;
  return {
    id: i.id,
    committee_kind: i.committee_kind as governance.ScrutinyCommitteeKind,
    committee_name: i.committee_name,
    local_authority_code: i.local_authority_code,
    title: i.title,
    terms_of_reference: i.terms_of_reference,
    opened_on: i.opened_on,
    sessions: i.sessions,
    counts,
  };
}

/** Every inquiry of an ICS open by a date, with the overdue responses across them counted and listed. */
export async function listInquiries(
  db: Queryable,
  icsCode: string,
  asAtInput?: string,
): Outcome<{
  asAt: string;
  ics: string;
  icsName: string;
  synthetic: boolean;
  inquiries: InquiryView[];
  overdue: (RecommendationView & { inquiry_title: string })[];
}> {
  const asAt = asAtInput ?? today();
  const ics = await icsAt(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const inquiries = (await repo.inquiriesOf(db, ics.value.ods_code)).filter(
    (i) => i.opened_on <= asAt,
  );
  const recs = (await repo.recommendationsOf(db, ics.value.ods_code))
    .filter((r) => r.made_on <= asAt)
    .map((r) => recommendationView(r, asAt));
  const titles = new Map(inquiries.map((i) => [i.id, i.title]));
  const views = inquiries.map((i) =>
    inquiryView(
      i,
      recs.filter((r) => r.inquiry_id === i.id),
    ),
  );
  const overdue = recs
    .filter((r) => r.status === "overdue" && titles.has(r.inquiry_id))
    .sort(
      (a, b) =>
        a.response_due_on.localeCompare(b.response_due_on) ||
        a.id.localeCompare(b.id),
    )
    .map((r) => ({ ...r, inquiry_title: titles.get(r.inquiry_id) ?? "" }));
  return ok({
    asAt,
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    inquiries: views,
    overdue,
  });
}

/** One inquiry with its evidence and recommendations, each response's status as at a date. */
export async function getInquiry(
  db: Queryable,
  icsCode: string,
  inquiryId: string,
  asAtInput?: string,
): Outcome<{
  asAt: string;
  ics: string;
  icsName: string;
  synthetic: boolean;
  inquiry: InquiryDetail;
}> {
  const asAt = asAtInput ?? today();
  const ics = await icsAt(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const found = await repo.inquiry(db, ics.value.ods_code, inquiryId);
  if (!found)
    return fail({
      code: "unknown_inquiry",
      message: `No scrutiny inquiry has the id ${inquiryId} in ${ics.value.name}.`,
    });
  const recommendations = (
    await repo.recommendationsOf(db, ics.value.ods_code, found.id)
  )
    .filter((r) => r.made_on <= asAt)
    .map((r) => recommendationView(r, asAt))
    .sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        a.number.localeCompare(b.number, "en", { numeric: true }),
    );
  const evidence = (await repo.evidenceOf(db, ics.value.ods_code, found.id))
    .filter((e) => e.given_on <= asAt)
    .map((e) => ({
      id: e.id,
      given_by: e.given_by,
      given_on: e.given_on,
      summary: e.summary,
      link: e.link,
    }));
  return ok({
    asAt,
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    inquiry: {
      ...inquiryView(found, recommendations),
      evidence,
      recommendations,
    },
  });
}

/** Opens a scrutiny inquiry with its terms of reference and any public sessions already set. */
export async function openInquiry(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ id: string }> {
  const parsed = parse(openInquiryInput, input, "inquiry");
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const ics = await icsAt(db, icsCode, options.on ?? today());
  if (!ics.ok) return ics;
  const permitted = permitOfficer(actor, ics.value, "open a scrutiny inquiry");
  if (!permitted.ok) return permitted;
  const checked = governance.openInquiry({
    id: (options.newId ?? randomUUID)(),
    committeeKind: p.committee_kind,
    committeeName: p.committee_name,
    localAuthorityCode: p.local_authority_code,
    title: p.title,
    termsOfReference: p.terms_of_reference,
    openedOn: p.opened_on,
    sessions: p.sessions,
  });
  if (!checked.ok) return coreFailure(checked.error);
  const i = checked.value;
  return db.transaction(async (tx) => {
    await repo.insertInquiry(tx, {
      ics_code: ics.value.ods_code,
      id: i.id,
      committee_kind: i.committeeKind,
      committee_name: i.committeeName,
      local_authority_code: i.localAuthorityCode,
      title: i.title,
      terms_of_reference: i.termsOfReference,
      opened_on: i.openedOn,
      recorded_by: actor.id,
    });
    for (const held_on of i.sessions)
      await repo.insertSession(tx, {
        ics_code: ics.value.ods_code,
        inquiry_id: i.id,
        held_on,
        recorded_by: actor.id,
      });
    await appendAudit(tx, {
      actor: actor.id,
      action: "open_inquiry",
      entity: "scrutiny_inquiry",
      entityKey: i.id,
      icsCode: ics.value.ods_code,
      before: null,
      after: i,
    });
    return ok({ id: i.id });
  });
}

/** The inquiry a write is about, found in the ICS, with the actor permitted to write to it. */
async function inquiryForWrite(
  db: Queryable,
  actor: Actor,
  icsCode: string,
  inquiryId: string,
  on: string,
  what: string,
): Outcome<{ ics: string; inquiry: repo.InquiryWithSessions }> {
  const ics = await icsAt(db, icsCode, on);
  if (!ics.ok) return ics;
  const permitted = permitOfficer(actor, ics.value, what);
  if (!permitted.ok) return permitted;
  const found = await repo.inquiry(db, ics.value.ods_code, inquiryId);
  if (!found)
    return fail({
      code: "unknown_inquiry",
      message: `No scrutiny inquiry has the id ${inquiryId} in ${ics.value.name}.`,
    });
  return ok({ ics: ics.value.ods_code, inquiry: found });
}

/** Adds a piece of evidence the committee heard or received: who, when, what, and a link to it. */
export async function addEvidence(
  db: Database,
  actor: Actor,
  icsCode: string,
  inquiryId: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ id: string }> {
  const parsed = parse(addEvidenceInput, input, "evidence");
  if (!parsed.ok) return parsed;
  const target = await inquiryForWrite(
    db,
    actor,
    icsCode,
    inquiryId,
    options.on ?? today(),
    "add evidence to a scrutiny inquiry",
  );
  if (!target.ok) return target;
  const e = governance.evidence.safeParse({
    id: (options.newId ?? randomUUID)(),
    inquiryId: target.value.inquiry.id,
    givenBy: parsed.value.given_by,
    givenOn: parsed.value.given_on,
    summary: parsed.value.summary,
    link: parsed.value.link,
  });
  if (!e.success)
    return coreFailure(
      governance.governanceError(
        "invalid_scrutiny",
        issues(e.error, "evidence"),
      ),
    );
  const { ics, inquiry } = target.value;
  if (e.data.givenOn < inquiry.opened_on)
    return fail({
      code: "invalid_scrutiny",
      message: `given_on: ${e.data.givenOn} is before the inquiry opened (${inquiry.opened_on}).`,
    });
  return db.transaction(async (tx) => {
    await repo.insertEvidence(tx, {
      ics_code: ics,
      id: e.data.id,
      inquiry_id: inquiry.id,
      given_by: e.data.givenBy,
      given_on: e.data.givenOn,
      summary: e.data.summary,
      link: e.data.link,
      recorded_by: actor.id,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_evidence",
      entity: "scrutiny_evidence",
      entityKey: e.data.id,
      icsCode: ics,
      before: null,
      after: e.data,
    });
    return ok({ id: e.data.id });
  });
}

/** Adds the date of a public session of an inquiry. */
export async function addSession(
  db: Database,
  actor: Actor,
  icsCode: string,
  inquiryId: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ held_on: string }> {
  const parsed = parse(addSessionInput, input, "session");
  if (!parsed.ok) return parsed;
  const target = await inquiryForWrite(
    db,
    actor,
    icsCode,
    inquiryId,
    options.on ?? today(),
    "add a session to a scrutiny inquiry",
  );
  if (!target.ok) return target;
  const { ics, inquiry } = target.value;
  const heldOn = parsed.value.held_on;
  if (heldOn < inquiry.opened_on)
    return fail({
      code: "invalid_scrutiny",
      message: `held_on: ${heldOn} is before the inquiry opened (${inquiry.opened_on}).`,
    });
  if (inquiry.sessions.includes(heldOn))
    return fail({
      code: "invalid_scrutiny",
      message: `held_on: a public session on ${heldOn} is already recorded.`,
    });
  return db.transaction(async (tx) => {
    await repo.insertSession(tx, {
      ics_code: ics,
      inquiry_id: inquiry.id,
      held_on: heldOn,
      recorded_by: actor.id,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_session",
      entity: "scrutiny_session",
      entityKey: `${inquiry.id}/${heldOn}`,
      icsCode: ics,
      before: null,
      after: { inquiryId: inquiry.id, heldOn },
    });
    return ok({ held_on: heldOn });
  });
}

/** Records a recommendation of the committee with the date the ICS must answer it by. */
export async function makeRecommendation(
  db: Database,
  actor: Actor,
  icsCode: string,
  inquiryId: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ id: string }> {
  const parsed = parse(makeRecommendationInput, input, "recommendation");
  if (!parsed.ok) return parsed;
  const target = await inquiryForWrite(
    db,
    actor,
    icsCode,
    inquiryId,
    options.on ?? today(),
    "record a scrutiny recommendation",
  );
  if (!target.ok) return target;
  const { ics, inquiry } = target.value;
  const p = parsed.value;
  const checked = governance.makeRecommendation(
    {
      id: (options.newId ?? randomUUID)(),
      inquiryId: inquiry.id,
      number: p.number,
      text: p.text,
      addressedTo: p.addressed_to,
      madeOn: p.made_on,
      responseDueOn: p.response_due_on,
    },
    { openedOn: inquiry.opened_on },
  );
  if (!checked.ok) return coreFailure(checked.error);
  const r = checked.value;
  const existing = await repo.recommendationsOf(db, ics, inquiry.id);
  if (existing.some((x) => x.number === r.number))
    return fail({
      code: "invalid_scrutiny",
      message: `number: recommendation ${r.number} is already recorded in this inquiry.`,
    });
  return db.transaction(async (tx) => {
    await repo.insertRecommendation(tx, {
      ics_code: ics,
      id: r.id,
      inquiry_id: inquiry.id,
      number: r.number,
      text: r.text,
      addressed_to: r.addressedTo,
      made_on: r.madeOn,
      response_due_on: r.responseDueOn,
      recorded_by: actor.id,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "make_recommendation",
      entity: "scrutiny_recommendation",
      entityKey: r.id,
      icsCode: ics,
      before: null,
      after: r,
    });
    return ok({ id: r.id });
  });
}

/** Records the ICS's response to a recommendation: accepted, partly accepted or rejected, and why. */
export async function respondToRecommendation(
  db: Database,
  actor: Actor,
  icsCode: string,
  inquiryId: string,
  recommendationId: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ status: governance.ResponseStatus }> {
  const parsed = parse(respondInput, input, "response");
  if (!parsed.ok) return parsed;
  const on = options.on ?? today();
  const target = await inquiryForWrite(
    db,
    actor,
    icsCode,
    inquiryId,
    on,
    "record the ICS's response to a recommendation",
  );
  if (!target.ok) return target;
  const { ics, inquiry } = target.value;
  const p = parsed.value;
  return db.transaction(async (tx) => {
    // Read under the lock of the insert's primary key: a second response is refused, not overwritten.
    const row = (await repo.recommendationsOf(tx, ics, inquiry.id)).find(
      (r) => r.id === recommendationId,
    );
    if (!row)
      return fail({
        code: "unknown_recommendation",
        message: `No recommendation has the id ${recommendationId} in the inquiry "${inquiry.title}".`,
      });
    const existing =
      row.response_outcome !== null && row.responded_on !== null
        ? {
            recommendationId: row.id,
            outcome: row.response_outcome as governance.ResponseOutcome,
            text: row.response_text ?? "",
            respondingBody: row.responding_body ?? "",
            respondedOn: row.responded_on,
          }
        : null;
    const rec = toRecommendation(row);
    const checked = governance.respondToRecommendation(
      {
        recommendationId: row.id,
        outcome: p.outcome,
        text: p.text,
        respondingBody: p.responding_body,
        respondedOn: p.responded_on,
      },
      rec,
      existing,
    );
    if (!checked.ok) return coreFailure(checked.error);
    const r = checked.value;
    await repo.insertResponse(tx, {
      ics_code: ics,
      recommendation_id: row.id,
      outcome: r.outcome,
      text: r.text,
      responding_body: r.respondingBody,
      responded_on: r.respondedOn,
      recorded_by: actor.id,
    });
    const status = governance.responseStatus(rec, r, r.respondedOn);
    const log = await appendToLog(
      tx,
      ics,
      "scrutiny_response",
      {
        icsCode: ics,
        inquiryId: inquiry.id,
        inquiryTitle: inquiry.title,
        recommendationId: row.id,
        recommendation: row.text,
        summary: `${r.respondingBody} ${governance.RESPONSE_OUTCOME_LABELS[r.outcome]} a recommendation of the inquiry "${inquiry.title}"`,
        response: { ...r, status },
      },
      options.recordedAt,
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "respond_to_recommendation",
      entity: "scrutiny_response",
      entityKey: row.id,
      icsCode: ics,
      before: null,
      after: { ...r, status, logSequence: log.sequence, logHash: log.hash },
    });
    return ok({ status });
  });
}

// ---------------------------------------------------------------------------------------------
// Partnership Compact and Annual Joint Mandate

export const addCommitmentInput = z
  .object({
    instrument: z.enum(["partnership_compact", "annual_joint_mandate"]),
    description: text("description"),
    owner: text("owner"),
    due_on: isoDate,
  })
  .strict();
export const markDoneInput = z.object({ done_on: isoDate }).strict();

export interface CommitmentView {
  readonly id: string;
  readonly instrument: governance.Commitment["instrument"];
  readonly description: string;
  readonly owner: string;
  readonly due_on: string;
  readonly done_on: string | null;
  readonly status: governance.CommitmentStatus;
  readonly on_time: boolean | null;
}

const toCommitment = (r: repo.CommitmentWithDone): governance.Commitment => ({
  id: r.id,
  instrument: r.instrument as governance.Commitment["instrument"],
  description: r.description,
  owner: r.owner,
  dueOn: r.due_on,
  doneOn: r.done_on,
});

/** The commitments of an ICS's Partnership Compact and Annual Joint Mandate, each's status as at a date. */
export async function listCommitments(
  db: Queryable,
  icsCode: string,
  asAtInput?: string,
): Outcome<{
  asAt: string;
  ics: string;
  icsName: string;
  synthetic: boolean;
  commitments: CommitmentView[];
  counts: Record<governance.CommitmentStatus, number>;
}> {
  const asAt = asAtInput ?? today();
  const ics = await icsAt(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const commitments = (await repo.commitmentsOf(db, ics.value.ods_code)).map(
    (r): governance.Commitment => {
      const c = toCommitment(r);
      // Done after the date asked about is not yet done on it.
      return c.doneOn !== null && c.doneOn > asAt ? { ...c, doneOn: null } : c;
    },
  );
  return ok({
    asAt,
    ics: ics.value.ods_code,
    icsName: ics.value.name,
    synthetic: ics.value.synthetic,
    commitments: commitments.map((c) => ({
      id: c.id,
      instrument: c.instrument,
      description: c.description,
      owner: c.owner,
      due_on: c.dueOn,
      done_on: c.doneOn,
      status: governance.commitmentStatus(c, asAt),
      on_time: governance.doneOnTime(c),
    })),
    counts: governance.commitmentCounts(commitments, asAt),
  });
}

/** Adds a commitment to the Partnership Compact or the Annual Joint Mandate, with its owner and due date. */
export async function addCommitment(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ id: string }> {
  const parsed = parse(addCommitmentInput, input, "commitment");
  if (!parsed.ok) return parsed;
  const ics = await icsAt(db, icsCode, options.on ?? today());
  if (!ics.ok) return ics;
  const permitted = permitOfficer(actor, ics.value, "add a compact commitment");
  if (!permitted.ok) return permitted;
  const checked = governance.addCommitment({
    id: (options.newId ?? randomUUID)(),
    instrument: parsed.value.instrument,
    description: parsed.value.description,
    owner: parsed.value.owner,
    dueOn: parsed.value.due_on,
    doneOn: null,
  });
  if (!checked.ok) return coreFailure(checked.error);
  const c = checked.value;
  return db.transaction(async (tx) => {
    await repo.insertCommitment(tx, {
      ics_code: ics.value.ods_code,
      id: c.id,
      instrument: c.instrument,
      description: c.description,
      owner: c.owner,
      due_on: c.dueOn,
      recorded_by: actor.id,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_commitment",
      entity: "compact_commitment",
      entityKey: c.id,
      icsCode: ics.value.ods_code,
      before: null,
      after: c,
    });
    return ok({ id: c.id });
  });
}

/** Marks a commitment done on a date, once. */
export async function markCommitmentDone(
  db: Database,
  actor: Actor,
  icsCode: string,
  commitmentId: string,
  input: unknown,
  options: UseCaseOptions = {},
): Outcome<{ status: governance.CommitmentStatus; on_time: boolean | null }> {
  const parsed = parse(markDoneInput, input, "done");
  if (!parsed.ok) return parsed;
  const ics = await icsAt(db, icsCode, options.on ?? today());
  if (!ics.ok) return ics;
  const permitted = permitOfficer(
    actor,
    ics.value,
    "mark a compact commitment done",
  );
  if (!permitted.ok) return permitted;
  return db.transaction(async (tx) => {
    await repo.lockCommitment(tx, ics.value.ods_code, commitmentId);
    const row = (await repo.commitmentsOf(tx, ics.value.ods_code)).find(
      (r) => r.id === commitmentId,
    );
    if (!row)
      return fail({
        code: "unknown_commitment",
        message: `No commitment has the id ${commitmentId} in ${ics.value.name}.`,
      });
    const before = toCommitment(row);
    const done = governance.markCommitmentDone(before, parsed.value.done_on);
    if (!done.ok) return coreFailure(done.error);
    await repo.insertCommitmentDone(tx, {
      ics_code: ics.value.ods_code,
      commitment_id: row.id,
      done_on: parsed.value.done_on,
      recorded_by: actor.id,
    });
    const log = await appendToLog(
      tx,
      ics.value.ods_code,
      "commitment_done",
      {
        icsCode: ics.value.ods_code,
        summary: `${governance.COMMITMENT_INSTRUMENT_LABELS[done.value.instrument]}: "${done.value.description}" done on ${parsed.value.done_on} (${done.value.owner})`,
        commitment: done.value,
        onTime: governance.doneOnTime(done.value),
      },
      options.recordedAt,
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "mark_commitment_done",
      entity: "compact_commitment",
      entityKey: row.id,
      icsCode: ics.value.ods_code,
      before,
      after: { ...done.value, logSequence: log.sequence, logHash: log.hash },
    });
    return ok({
      status: governance.commitmentStatus(done.value, parsed.value.done_on),
      on_time: governance.doneOnTime(done.value),
    });
  });
}
