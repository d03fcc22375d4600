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
  governanceBodiesRepository as repo,
  governanceRepository,
  structureRepository,
  type Database,
  type Queryable,
} from "@openics/db";

// Use cases for governance models, bodies, members, local rules and the scheme of reservation
// and delegation. Pages, the API, the CLI and the demo all call these.

export type GovernanceUseCaseError = {
  readonly code:
    | governance.GovernanceErrorCode
    | "invalid_request"
    | "forbidden"
    | "unknown_ics"
    | "unknown_person";
  readonly message: string;
};

export const today = (): string => new Date().toISOString().slice(0, 10);
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .default(null);

/** "field: message; field: message", the shape forms split back onto their fields. */
export const describeIssues = (error: z.ZodError, what: string): string =>
  error.issues
    .map((i) => `${i.path.join(".") || what}: ${i.message}`)
    .join("; ");

export function invalid(
  error: z.ZodError,
  what: string,
): Result<never, GovernanceUseCaseError> {
  return fail({
    code: "invalid_request",
    message: describeIssues(error, what),
  });
}

export interface IcsRef {
  readonly code: string;
  readonly name: string;
  readonly synthetic: boolean;
}

/** The ICS (by its ICB's ODS or GSS code) on a date. */
export async function findIcs(
  db: Queryable,
  code: string,
  asAt: string,
): Promise<Result<IcsRef, GovernanceUseCaseError>> {
  const icb = await structureRepository.icbAt(db, code, asAt);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${code} on ${asAt}.`,
    });
  return ok({ code: icb.ods_code, name: icb.name, synthetic: icb.synthetic });
}

function permit(
  actor: Actor,
  action: governance.GovernanceAction,
  ics: IcsRef,
): Result<null, GovernanceUseCaseError> {
  return governance.can(actor, action, { icsCode: ics.code })
    ? ok(null)
    : fail({
        code: "forbidden",
        message: `Only an officer of ${ics.name} can do this.`,
      });
}

/** The ICS on a date, for an officer who may change its bodies, members, rules and scheme. */
async function officerIcs(
  db: Queryable,
  actor: Actor,
  icsCode: string,
  asAt: string,
): Promise<Result<IcsRef, GovernanceUseCaseError>> {
  const ics = await findIcs(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const allowed = permit(actor, "manage_bodies", ics.value);
  return allowed.ok ? ics : allowed;
}

// Rows to core's values. Rows were validated on the way in; a row that no longer parses is a bug.

const parseOrThrow = <T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
) => {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`stored ${what} is malformed: ${parsed.error.message}`);
  return parsed.data;
};

export const toBody = (r: repo.BodyRow): governance.Body =>
  parseOrThrow(
    governance.body,
    {
      id: r.id,
      icsCode: r.ics_code,
      kind: r.kind,
      name: r.name,
      placeCode: r.place_code,
      votingRule: r.voting_rule,
      chairHasCastingVote: r.chair_has_casting_vote,
      quorum: r.quorum,
      rules: r.rules,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    },
    `body ${r.id}`,
  );

export const toMembership = (r: repo.MembershipRow): governance.Membership =>
  parseOrThrow(
    governance.membership,
    {
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      bodyId: r.body_id,
      role: r.role,
      voting: r.voting,
      constituency: r.constituency,
      nominatedBy: r.nominated_by,
      party: r.party,
      appointment: r.appointment,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    },
    `membership ${r.id}`,
  );

export const toSordEntry = (r: repo.SordRow): governance.SordEntry =>
  parseOrThrow(
    governance.sordEntry,
    {
      reference: r.reference,
      decisionType: r.decision_type,
      decider: { kind: r.decider_kind, id: r.decider_id, name: r.decider_name },
      upToPence: r.up_to_pence,
      legallyResponsibleBody: r.legally_responsible_body,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    },
    `scheme entry ${r.reference}`,
  );

/**
 * The organisation graph conflict detection walks: the ICS's partners and suppliers from the
 * structure module, and each parent owner they name (an owner not itself recorded is a node too).
 */
export async function organisationNodes(
  db: Queryable,
  icsCode: string,
): Promise<governance.OrganisationNode[]> {
  const rows = await repo.organisationsOf(db, icsCode);
  const sectorOf = (s: string) => {
    const parsed = governance.organisationNode.shape.sector.safeParse(s);
    return parsed.success ? parsed.data : null;
  };
  const nodes: governance.OrganisationNode[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    parentCode: r.parent_code === "" ? null : r.parent_code,
    placeCode: null,
    sector: sectorOf(r.sector),
  }));
  const known = new Set(nodes.map((n) => n.code));
  for (const n of [...nodes])
    if (n.parentCode !== null && !known.has(n.parentCode)) {
      known.add(n.parentCode);
      nodes.push({
        code: n.parentCode,
        name: n.parentCode,
        parentCode: null,
        placeCode: null,
        sector: null,
      });
    }
  return nodes;
}

const localRuleRow = z.object({
  bodyKinds: z.array(governance.bodyKind),
  rule: governance.membershipRule,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});

export interface GovernanceSetUp {
  readonly bodies: governance.Body[];
  readonly memberships: governance.Membership[];
  readonly localRules: (z.infer<typeof localRuleRow> & { id: string })[];
  readonly scheme: governance.SordEntry[];
}

/** Everything recorded about an ICS's bodies, members, local rules and scheme, every period. */
export async function loadSetUp(
  db: Queryable,
  icsCode: string,
): Promise<GovernanceSetUp> {
  const [bodies, memberships, rules, scheme] = await Promise.all([
    repo.bodiesOf(db, icsCode),
    repo.membershipsOf(db, icsCode),
    repo.localRulesOf(db, icsCode),
    repo.schemeOf(db, icsCode),
  ]);
  return {
    bodies: bodies.map(toBody),
    memberships: memberships.map(toMembership),
    localRules: rules.map((r) => ({
      id: r.id,
      ...parseOrThrow(
        localRuleRow,
        {
          bodyKinds: r.body_kinds,
          rule: r.rule,
          validFrom: r.valid_from,
          validTo: r.valid_to,
        },
        `local rule ${r.id}`,
      ),
    })),
    scheme: scheme.map(toSordEntry),
  };
}

/** The local rules that apply to a body on a date. */
export const localRulesFor = (
  setUp: GovernanceSetUp,
  body: governance.Body,
  asAt: string,
): governance.MembershipRule[] =>
  setUp.localRules
    .filter((r) => r.bodyKinds.includes(body.kind) && inEffect(r, asAt))
    .map((r) => r.rule);

// Adopting a model

export const adoptModelInput = z
  .object({
    model: governance.governanceModel,
    decided_by: text("who decided"),
    valid_from: isoDate,
  })
  .strict();

/**
 * Adopts a governance model from a date: ends the model in force then, ends the bodies the new
 * model does not have, and creates the bodies its template sets up (one per place where the
 * template says so). Earlier adoptions stay in the history.
 */
export async function adoptModel(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<
  Result<
    { adoption: governance.ModelAdoption; created: string[]; ended: string[] },
    GovernanceUseCaseError
  >
> {
  const parsed = adoptModelInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "adoption");
  const a = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, a.valid_from);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const wanted = await bodiesOfModel(db, code, a.model, a.valid_from);
  return db.transaction(async (tx) => {
    const earlier = await repo.adoptionsOf(tx, code);
    const late = adoptedTooLate(earlier, a.valid_from);
    if (late) return late;
    await repo.closeAdoption(tx, code, a.valid_from);
    const adoption: governance.ModelAdoption = {
      icsCode: code,
      model: a.model,
      decidedBy: a.decided_by,
      validFrom: a.valid_from,
      validTo: null,
    };
    await repo.insertAdoption(
      tx,
      {
        ics_code: code,
        model: a.model,
        decided_by: a.decided_by,
        valid_from: a.valid_from,
        valid_to: null,
      },
      actor.id,
    );
    const current = (await repo.bodiesOf(tx, code))
      .map(toBody)
      .filter((b) => inEffect(b, a.valid_from));
    const ended: string[] = [];
    for (const b of current)
      if (!wanted.some((w) => w.id === b.id)) {
        await repo.closeBody(tx, code, b.id, a.valid_from);
        ended.push(b.id);
      }
    const created: string[] = [];
    for (const b of wanted) {
      const now = current.find((c) => c.id === b.id);
      if (now === undefined) {
        await repo.insertBody(tx, bodyRow(b));
        created.push(b.id);
      } else if (!sameConstitution(now, b)) {
        // The body carries on under the new model's rules: a new period from the change.
        await repo.closeBody(tx, code, b.id, a.valid_from);
        await repo.insertBody(tx, bodyRow(b));
      }
    }
    await appendAudit(tx, {
      actor: actor.id,
      action: "adopt_governance_model",
      entity: "governance_model",
      entityKey: `${code}:${a.valid_from}`,
      icsCode: code,
      before: earlier.at(-1) ?? null,
      after: { ...adoption, created, ended },
    });
    return ok({ adoption, created, ended });
  });
}

/** The bodies a model's template sets up for an ICS from a date, one per place where it says so. */
async function bodiesOfModel(
  db: Queryable,
  icsCode: string,
  model: governance.GovernanceModel,
  validFrom: string,
): Promise<governance.Body[]> {
  const places = await structureRepository.placesAt(db, validFrom, icsCode);
  return governance.bodiesForModel(
    model,
    {
      icsCode,
      places: places.map((p) => ({ code: p.utla_gss, name: p.name })),
    },
    validFrom,
  );
}

/** A model adopted on or after the date: a change must start after the latest adoption. */
const adoptedTooLate = (
  earlier: readonly repo.AdoptionRow[],
  validFrom: string,
): Result<never, GovernanceUseCaseError> | null =>
  earlier.some((e) => e.valid_from >= validFrom)
    ? fail({
        code: "invalid_request",
        message: `valid_from: a model is already adopted from ${earlier.at(-1)?.valid_from ?? validFrom}; a change must start after it.`,
      })
    : null;

export interface AdoptionPreview {
  readonly ics: IcsRef;
  readonly model: governance.GovernanceModel;
  readonly validFrom: string;
  /** The model it replaces, if one is in force then. */
  readonly replaces: governance.GovernanceModel | null;
  readonly created: { id: string; name: string }[];
  readonly ended: { id: string; name: string }[];
  /** Bodies that carry on under the new template's constitution from the date. */
  readonly changed: { id: string; name: string }[];
  readonly unchanged: { id: string; name: string }[];
}

/**
 * What adopting a model would do, without doing it: the bodies its template creates, those it
 * ends and those that carry on with a new constitution. Checks the same as adoptModel.
 */
export async function previewAdoption(
  db: Queryable,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<AdoptionPreview, GovernanceUseCaseError>> {
  const parsed = adoptModelInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "adoption");
  const a = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, a.valid_from);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const earlier = await repo.adoptionsOf(db, code);
  const late = adoptedTooLate(earlier, a.valid_from);
  if (late) return late;
  const wanted = await bodiesOfModel(db, code, a.model, a.valid_from);
  const current = (await repo.bodiesOf(db, code))
    .map(toBody)
    .filter((b) => inEffect(b, a.valid_from));
  const named = (b: governance.Body) => ({ id: b.id, name: b.name });
  const carried = wanted.flatMap((b) => {
    const now = current.find((c) => c.id === b.id);
    return now === undefined
      ? []
      : [{ body: b, same: sameConstitution(now, b) }];
  });
  const inForce = earlier
    .map(toAdoption)
    .find((e) => inEffect(e, a.valid_from));
  return ok({
    ics: ics.value,
    model: a.model,
    validFrom: a.valid_from,
    replaces: inForce?.model ?? null,
    created: wanted
      .filter((b) => !current.some((c) => c.id === b.id))
      .map(named),
    ended: current.filter((b) => !wanted.some((w) => w.id === b.id)).map(named),
    changed: carried.filter((x) => !x.same).map((x) => named(x.body)),
    unchanged: carried.filter((x) => x.same).map((x) => named(x.body)),
  });
}

/** JSON with keys sorted: jsonb hands keys back in its own order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

const sameConstitution = (a: governance.Body, b: governance.Body) =>
  a.name === b.name &&
  a.votingRule === b.votingRule &&
  a.chairHasCastingVote === b.chairHasCastingVote &&
  canonical(a.quorum) === canonical(b.quorum) &&
  canonical(a.rules) === canonical(b.rules);

const bodyRow = (b: governance.Body): repo.BodyRow => ({
  ics_code: b.icsCode,
  id: b.id,
  kind: b.kind,
  name: b.name,
  place_code: b.placeCode,
  voting_rule: b.votingRule,
  chair_has_casting_vote: b.chairHasCastingVote,
  quorum: b.quorum,
  rules: b.rules,
  valid_from: b.validFrom,
  valid_to: b.validTo,
});

// Bodies

export const createBodyInput = z
  .object({
    id: text("body id").regex(
      /^[A-Za-z0-9_-]+$/,
      "use letters, digits, - and _ only",
    ),
    kind: governance.bodyKind,
    name: text("name"),
    place_code: optionalText,
    voting_rule: governance.votingRule,
    chair_has_casting_vote: z.boolean(),
    quorum: governance.quorumRule,
    valid_from: isoDate,
  })
  .strict();

/** Creates a body the template does not (a joint committee with a neighbour, a task group). */
export async function createBody(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<governance.Body, GovernanceUseCaseError>> {
  const parsed = createBodyInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "body");
  const b = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, b.valid_from);
  if (!ics.ok) return ics;
  const body: governance.Body = {
    id: b.id,
    icsCode: ics.value.code,
    kind: b.kind,
    name: b.name,
    placeCode: b.place_code,
    votingRule: b.voting_rule,
    chairHasCastingVote: b.chair_has_casting_vote,
    quorum: b.quorum,
    rules: [],
    validFrom: b.valid_from,
    validTo: null,
  };
  return db.transaction(async (tx) => {
    if ((await repo.bodiesOf(tx, body.icsCode)).some((r) => r.id === body.id))
      return fail({
        code: "duplicate",
        message: `id: a body with the id ${body.id} is already recorded.`,
      });
    await repo.insertBody(tx, bodyRow(body));
    await appendAudit(tx, {
      actor: actor.id,
      action: "create_body",
      entity: "governance_body",
      entityKey: body.id,
      icsCode: body.icsCode,
      before: null,
      after: body,
    });
    return ok(body);
  });
}

export const changeBodyInput = z
  .object({
    from: isoDate,
    name: text("name").optional(),
    voting_rule: governance.votingRule.optional(),
    chair_has_casting_vote: z.boolean().optional(),
    quorum: governance.quorumRule.optional(),
    /** Stop the body from this date instead (it is dissolved). */
    dissolve: z.boolean().default(false),
  })
  .strict();

/**
 * Changes a body's constitution from a date (its name, voting rule, casting vote or quorum), or
 * dissolves it: the period in force ends and, unless dissolved, a new one starts. History is kept.
 */
export async function changeBody(
  db: Database,
  actor: Actor,
  icsCode: string,
  bodyId: string,
  input: unknown,
): Promise<Result<governance.Body | null, GovernanceUseCaseError>> {
  const parsed = changeBodyInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "change");
  const ch = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, ch.from);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  return db.transaction(async (tx) => {
    const current = (await repo.bodiesOf(tx, code))
      .map(toBody)
      .find((b) => b.id === bodyId && inEffect(b, ch.from));
    if (current === undefined)
      return fail({
        code: "unknown_body",
        message: `No body of ${ics.value.name} has the id ${bodyId} on ${ch.from}.`,
      });
    if (current.validFrom === ch.from)
      return fail({
        code: "duplicate",
        message: `from: the body's current constitution starts on ${ch.from}; a change must start after it.`,
      });
    await repo.closeBody(tx, code, bodyId, ch.from);
    const next: governance.Body | null = ch.dissolve
      ? null
      : {
          ...current,
          name: ch.name ?? current.name,
          votingRule: ch.voting_rule ?? current.votingRule,
          chairHasCastingVote:
            ch.chair_has_casting_vote ?? current.chairHasCastingVote,
          quorum: ch.quorum ?? current.quorum,
          validFrom: ch.from,
          validTo: null,
        };
    if (next !== null) await repo.insertBody(tx, bodyRow(next));
    await appendAudit(tx, {
      actor: actor.id,
      action: ch.dissolve ? "dissolve_body" : "change_body",
      entity: "governance_body",
      entityKey: bodyId,
      icsCode: code,
      before: current,
      after: next,
    });
    return ok(next);
  });
}

export interface BodySummary {
  readonly id: string;
  readonly kind: governance.BodyKind;
  readonly name: string;
  readonly place_code: string | null;
  readonly voting_rule: governance.VotingRule;
  readonly members: number;
  readonly rules_failed: number;
  readonly valid_from: string;
}

export interface GovernanceOverview {
  readonly ics: IcsRef;
  readonly asAt: string;
  readonly model: governance.ModelAdoption | null;
  readonly history: governance.ModelAdoption[];
  readonly bodies: BodySummary[];
}

const toAdoption = (r: repo.AdoptionRow): governance.ModelAdoption =>
  parseOrThrow(
    governance.modelAdoption,
    {
      icsCode: r.ics_code,
      model: r.model,
      decidedBy: r.decided_by,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    },
    "model adoption",
  );

/** The model an ICS runs on a date, its history, and its bodies then with their rule checks. */
export async function governanceOverview(
  db: Queryable,
  icsCode: string,
  asAt: string = today(),
): Promise<Result<GovernanceOverview, GovernanceUseCaseError>> {
  const ics = await findIcs(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const history = (await repo.adoptionsOf(db, code)).map(toAdoption);
  const setUp = await loadSetUp(db, code);
  const organisations = await organisationNodes(db, code);
  const bodies = setUp.bodies
    .filter((b) => inEffect(b, asAt))
    .map((b): BodySummary => {
      const checks = governance.checkMembership(
        b,
        setUp.memberships,
        asAt,
        localRulesFor(setUp, b, asAt),
        { organisations },
      );
      return {
        id: b.id,
        kind: b.kind,
        name: b.name,
        place_code: b.placeCode,
        voting_rule: b.votingRule,
        members: governance.membersAsAt(b.id, setUp.memberships, asAt).length,
        rules_failed: checks.filter((c) => !c.passed).length,
        valid_from: b.validFrom,
      };
    });
  return ok({
    ics: ics.value,
    asAt,
    model: history.find((h) => inEffect(h, asAt)) ?? null,
    history,
    bodies,
  });
}

export interface BodyDetail {
  readonly ics: IcsRef;
  readonly asAt: string;
  readonly body: governance.Body;
  readonly members: governance.Membership[];
  readonly checks: governance.RuleCheck[];
  readonly figures: governance.MembershipFigures;
  /** The organisations nominating members, by code, for their names. */
  readonly organisationNames: Record<string, string>;
}

/** A body on a date: its members, every rule check passed or failed, and anonymised figures. */
export async function bodyDetail(
  db: Queryable,
  icsCode: string,
  bodyId: string,
  asAt: string = today(),
): Promise<Result<BodyDetail, GovernanceUseCaseError>> {
  const ics = await findIcs(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const setUp = await loadSetUp(db, ics.value.code);
  const body =
    setUp.bodies.find((b) => b.id === bodyId && inEffect(b, asAt)) ??
    setUp.bodies.findLast((b) => b.id === bodyId);
  if (body === undefined)
    return fail({
      code: "unknown_body",
      message: `No body of ${ics.value.name} has the id ${bodyId}.`,
    });
  const organisations = await organisationNodes(db, ics.value.code);
  const members = governance.membersAsAt(body.id, setUp.memberships, asAt);
  return ok({
    ics: ics.value,
    asAt,
    body,
    members,
    checks: governance.checkMembership(
      body,
      setUp.memberships,
      asAt,
      localRulesFor(setUp, body, asAt),
      { organisations },
    ),
    figures: governance.membershipFigures(members),
    organisationNames: Object.fromEntries(
      organisations.map((o) => [o.code, o.name]),
    ),
  });
}

// Members

export const addMemberInput = z
  .object({
    person_id: text("person id").regex(
      /^[A-Za-z0-9_-]+$/,
      "use letters, digits, - and _ only",
    ),
    person_name: text("name"),
    role: z.enum(governance.MEMBER_ROLES, {
      error: "choose a role from the list",
    }),
    voting: z.boolean(),
    constituency: z.enum(governance.CONSTITUENCIES, {
      error: "choose NHS, local government or other",
    }),
    nominated_by: optionalText,
    party: optionalText,
    appointment: governance.appointmentRecord.nullable().default(null),
    valid_from: isoDate,
    valid_to: isoDate.nullable().default(null),
  })
  .strict()
  .refine((m) => m.valid_to === null || m.valid_to > m.valid_from, {
    message: "the term must end after it starts",
    path: ["valid_to"],
  });
export type AddMemberInput = z.input<typeof addMemberInput>;

/**
 * Appoints a person to a body for a term: the person is recorded the first time, the nominating
 * organisation must be a known partner, and the open appointment record is kept with the term.
 */
export async function addMember(
  db: Database,
  actor: Actor,
  icsCode: string,
  bodyId: string,
  input: unknown,
): Promise<Result<governance.Membership, GovernanceUseCaseError>> {
  const parsed = addMemberInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "member");
  const m = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, m.valid_from);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const bodies = (await repo.bodiesOf(db, code)).filter((b) => b.id === bodyId);
  if (bodies.length === 0)
    return fail({
      code: "unknown_body",
      message: `No body of ${ics.value.name} has the id ${bodyId}.`,
    });
  if (m.nominated_by !== null) {
    const org = await governanceRepository.organisationNode(db, m.nominated_by);
    if (!org)
      return fail({
        code: "unknown_organisation",
        message: `nominated_by: no partner organisation has the code ${m.nominated_by}; record it first or correct the code.`,
      });
  }
  const membership: governance.Membership = {
    id: `${bodyId}-${m.person_id}-${m.valid_from}`,
    personId: m.person_id,
    personName: m.person_name,
    bodyId,
    role: m.role,
    voting: m.voting,
    constituency: m.constituency,
    nominatedBy: m.nominated_by,
    party: m.party,
    appointment: m.appointment,
    validFrom: m.valid_from,
    validTo: m.valid_to,
  };
  return db.transaction(async (tx) => {
    const person = await governanceRepository.person(tx, code, m.person_id);
    if (!person)
      await governanceRepository.insertPerson(tx, {
        ics_code: code,
        id: m.person_id,
        name: m.person_name,
        user_id: null,
      });
    const existing = await repo.membershipsOf(tx, code);
    if (existing.some((e) => e.id === membership.id))
      return fail({
        code: "duplicate",
        message: `person_id: ${m.person_name} already has a term on this body from ${m.valid_from}.`,
      });
    await repo.insertMembership(tx, {
      ics_code: code,
      id: membership.id,
      person_id: membership.personId,
      body_id: bodyId,
      role: membership.role,
      voting: membership.voting,
      constituency: membership.constituency,
      nominated_by: membership.nominatedBy,
      party: membership.party,
      appointment: membership.appointment,
      valid_from: membership.validFrom,
      valid_to: membership.validTo,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_member",
      entity: "governance_membership",
      entityKey: membership.id,
      icsCode: code,
      before: null,
      after: membership,
    });
    return ok({
      ...membership,
      personName: person?.name ?? membership.personName,
    });
  });
}

export const endMemberInput = z
  .object({
    valid_to: isoDate,
    /** Why the term ends (resigned, term completed, removed), kept in the audit. */
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

/** Ends a member's term on a date (the first day they no longer sit), with the reason if given. */
export async function endMember(
  db: Database,
  actor: Actor,
  icsCode: string,
  membershipId: string,
  input: unknown,
): Promise<Result<{ id: string; valid_to: string }, GovernanceUseCaseError>> {
  const parsed = endMemberInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "end of term");
  const ics = await officerIcs(db, actor, icsCode, parsed.data.valid_to);
  if (!ics.ok) return ics;
  return db.transaction(async (tx) => {
    const changed = await repo.endMembership(
      tx,
      ics.value.code,
      membershipId,
      parsed.data.valid_to,
    );
    if (changed === 0)
      return fail({
        code: "not_a_member",
        message: `No term ${membershipId} is open on ${parsed.data.valid_to}.`,
      });
    await appendAudit(tx, {
      actor: actor.id,
      action: "end_member",
      entity: "governance_membership",
      entityKey: membershipId,
      icsCode: ics.value.code,
      before: null,
      after: parsed.data,
    });
    return ok({ id: membershipId, valid_to: parsed.data.valid_to });
  });
}

// Local rules

export const addLocalRuleInput = z
  .object({
    body_kinds: z.array(governance.bodyKind).min(1),
    rule: governance.membershipRule,
    valid_from: isoDate,
  })
  .strict()
  .refine((r) => r.rule.source === "local", {
    message: 'a rule the ICS adds has source "local"',
    path: ["rule", "source"],
  });

/** Adds a rule of the ICS's own (a public-health member on every ICB board, a worker member…). */
export async function addLocalRule(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<governance.MembershipRule, GovernanceUseCaseError>> {
  const parsed = addLocalRuleInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "rule");
  const r = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, r.valid_from);
  if (!ics.ok) return ics;
  return db.transaction(async (tx) => {
    if (
      (await repo.localRulesOf(tx, ics.value.code)).some(
        (e) => e.id === r.rule.id,
      )
    )
      return fail({
        code: "duplicate",
        message: `rule.id: a local rule with the id ${r.rule.id} is already recorded.`,
      });
    await repo.insertLocalRule(
      tx,
      {
        ics_code: ics.value.code,
        id: r.rule.id,
        body_kinds: r.body_kinds,
        rule: r.rule,
        valid_from: r.valid_from,
        valid_to: null,
      },
      actor.id,
    );
    await appendAudit(tx, {
      actor: actor.id,
      action: "add_local_rule",
      entity: "governance_local_rule",
      entityKey: r.rule.id,
      icsCode: ics.value.code,
      before: null,
      after: r,
    });
    return ok(r.rule);
  });
}

export const retireLocalRuleInput = z.object({ valid_to: isoDate }).strict();

/** Retires a local rule from a date: it no longer applies from then, and its history is kept. */
export async function retireLocalRule(
  db: Database,
  actor: Actor,
  icsCode: string,
  ruleId: string,
  input: unknown,
): Promise<Result<{ id: string; valid_to: string }, GovernanceUseCaseError>> {
  const parsed = retireLocalRuleInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "retirement");
  const validTo = parsed.data.valid_to;
  const ics = await officerIcs(db, actor, icsCode, validTo);
  if (!ics.ok) return ics;
  return db.transaction(async (tx) => {
    const before = (await repo.localRulesOf(tx, ics.value.code)).find(
      (r) => r.id === ruleId,
    );
    const ended = await repo.closeLocalRule(
      tx,
      ics.value.code,
      ruleId,
      validTo,
    );
    if (before === undefined || ended === 0)
      return fail({
        code: "invalid_request",
        message: `valid_to: no local rule ${ruleId} is in force on ${validTo} and started before it.`,
      });
    await appendAudit(tx, {
      actor: actor.id,
      action: "retire_local_rule",
      entity: "governance_local_rule",
      entityKey: ruleId,
      icsCode: ics.value.code,
      before,
      after: { ...before, valid_to: validTo },
    });
    return ok({ id: ruleId, valid_to: validTo });
  });
}

// The scheme of reservation and delegation

export const sordEntryInput = z
  .object({
    reference: text("reference"),
    decision_type: text("decision type"),
    decider_kind: z.enum(["body", "officer"]),
    decider_id: text("decider id"),
    decider_name: text("decider name"),
    up_to_pence: governance.pence.nullable(),
    legally_responsible_body: text("legally responsible body"),
    valid_from: isoDate,
  })
  .strict();

/**
 * Records an entry of the scheme of reservation and delegation: which body or officer may take a
 * type of decision up to which value. A new version of a reference ends the one before.
 */
export async function recordSordEntry(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<governance.SordEntry, GovernanceUseCaseError>> {
  const parsed = sordEntryInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "scheme entry");
  const e = parsed.data;
  const ics = await officerIcs(db, actor, icsCode, e.valid_from);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  const entry: governance.SordEntry = {
    reference: e.reference,
    decisionType: e.decision_type,
    decider: { kind: e.decider_kind, id: e.decider_id, name: e.decider_name },
    upToPence: e.up_to_pence,
    legallyResponsibleBody: e.legally_responsible_body,
    validFrom: e.valid_from,
    validTo: null,
  };
  return db.transaction(async (tx) => {
    const before = (await repo.schemeOf(tx, code)).find(
      (r) => r.reference === e.reference && r.valid_from >= e.valid_from,
    );
    if (before)
      return fail({
        code: "duplicate",
        message: `valid_from: ${e.reference} already has a version from ${before.valid_from}; a new version must start after it.`,
      });
    await repo.closeSordEntry(tx, code, e.reference, e.valid_from);
    await repo.insertSordEntry(tx, {
      ics_code: code,
      reference: e.reference,
      decision_type: e.decision_type,
      decider_kind: e.decider_kind,
      decider_id: e.decider_id,
      decider_name: e.decider_name,
      up_to_pence: e.up_to_pence,
      legally_responsible_body: e.legally_responsible_body,
      valid_from: e.valid_from,
      valid_to: null,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "record_sord_entry",
      entity: "governance_sord_entry",
      entityKey: e.reference,
      icsCode: code,
      before: null,
      after: entry,
    });
    return ok(entry);
  });
}

export const endSordEntryInput = z.object({ valid_to: isoDate }).strict();

/** Ends an entry of the scheme from a date (the first day it no longer applies); history is kept. */
export async function endSordEntry(
  db: Database,
  actor: Actor,
  icsCode: string,
  reference: string,
  input: unknown,
): Promise<
  Result<{ reference: string; valid_to: string }, GovernanceUseCaseError>
> {
  const parsed = endSordEntryInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "end of entry");
  const validTo = parsed.data.valid_to;
  const ics = await officerIcs(db, actor, icsCode, validTo);
  if (!ics.ok) return ics;
  const code = ics.value.code;
  return db.transaction(async (tx) => {
    const before = (await repo.schemeOf(tx, code)).find(
      (r) =>
        r.reference === reference &&
        r.valid_from < validTo &&
        (r.valid_to === null || r.valid_to > validTo),
    );
    if (before === undefined)
      return fail({
        code: "invalid_request",
        message: `valid_to: no entry ${reference} of the scheme is in force on ${validTo} and started before it.`,
      });
    await repo.closeSordEntry(tx, code, reference, validTo);
    await appendAudit(tx, {
      actor: actor.id,
      action: "end_sord_entry",
      entity: "governance_sord_entry",
      entityKey: reference,
      icsCode: code,
      before: toSordEntry(before),
      after: { ...toSordEntry(before), validTo },
    });
    return ok({ reference, valid_to: validTo });
  });
}

/** The scheme in force on a date. */
export async function listScheme(
  db: Queryable,
  icsCode: string,
  asAt: string = today(),
): Promise<
  Result<
    { ics: IcsRef; asAt: string; entries: governance.SordEntry[] },
    GovernanceUseCaseError
  >
> {
  const ics = await findIcs(db, icsCode, asAt);
  if (!ics.ok) return ics;
  const entries = (await repo.schemeOf(db, ics.value.code))
    .map(toSordEntry)
    .filter((e) => inEffect(e, asAt));
  return ok({ ics: ics.value, asAt, entries });
}

/** "Who decides X at value V?": the decider under the scheme and the legally responsible body. */
export async function answerWhoDecides(
  db: Queryable,
  icsCode: string,
  decisionType: string,
  valuePence: number,
  asAt: string = today(),
): Promise<Result<governance.SordEntry, GovernanceUseCaseError>> {
  const scheme = await listScheme(db, icsCode, asAt);
  if (!scheme.ok) return scheme;
  return governance.whoDecides(
    scheme.value.entries,
    decisionType,
    valuePence,
    asAt,
  );
}

/** The ICSs whose governance is recorded, with the model each runs today. */
export async function listGoverned(
  db: Queryable,
): Promise<(IcsRef & { model: governance.GovernanceModel | null })[]> {
  const out: (IcsRef & { model: governance.GovernanceModel | null })[] = [];
  const on = today();
  for (const code of await repo.adoptingIcsCodes(db)) {
    const ics = await findIcs(db, code, on);
    if (!ics.ok) continue;
    const adoptions = (await repo.adoptionsOf(db, code)).map(toAdoption);
    out.push({
      ...ics.value,
      model: governance.modelAsAt(adoptions, code, on),
    });
  }
  return out;
}
