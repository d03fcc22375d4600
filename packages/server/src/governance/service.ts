import { createHash, randomUUID } from "node:crypto";
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
  governanceRepository as repo,
  structureRepository,
  type Database,
  type Queryable,
} from "@openics/db";

// Use cases of the governance capability. Pages, the API and the CLI all call these.

export type GovernanceServiceError = {
  readonly code:
    | governance.GovernanceErrorCode
    | "invalid_request"
    | "forbidden"
    | "unknown_ics"
    | "unknown_person";
  readonly message: string;
};

/** SHA-256 as hex: the hash the public log is chained with (core does no cryptography). */
export const sha256: governance.HashFunction = (text) =>
  createHash("sha256").update(text, "utf8").digest("hex");

const today = () => new Date().toISOString().slice(0, 10);
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);

/** What a person sends to declare an interest; the server adds the id and the date declared. */
export const declareInterestInput = z
  .object({
    person_id: text("person id"),
    type: governance.interestType,
    organisation_code: text("organisation code"),
    description: text("description"),
    held_by: z.string().trim().min(1).nullable().default(null),
    valid_from: isoDate.optional(),
    valid_to: isoDate.nullable().default(null),
  })
  .strict();
export type DeclareInterestInput = z.input<typeof declareInterestInput>;

const issues = (error: z.ZodError, what: string) =>
  error.issues
    .map((i) => `${i.path.join(".") || what}: ${i.message}`)
    .join("; ");

/** The ICB ODS code an ICS is held under, from its ODS or GSS code, on a date. */
async function resolveIcs(db: Queryable, code: string, asAt: string) {
  return structureRepository.icbAt(db, code, asAt);
}

export interface RegisterEntry {
  readonly id: string;
  readonly person_id: string;
  readonly person_name: string;
  readonly type: governance.InterestType;
  readonly organisation_code: string;
  readonly organisation_name: string | null;
  readonly description: string;
  readonly held_by: string | null;
  readonly declared_on: string;
  readonly valid_from: string;
  readonly valid_to: string | null;
}

export interface PublishedLogEntry {
  readonly sequence: number;
  readonly kind: string;
  readonly recorded_at: string;
  readonly payload: unknown;
  readonly previous_hash: string;
  readonly hash: string;
}

const published = (e: repo.LogRow): PublishedLogEntry => ({
  sequence: e.sequence,
  kind: e.kind,
  recorded_at: e.recorded_at,
  payload: e.payload,
  previous_hash: e.previous_hash,
  hash: e.hash,
});

const asLogEntry = (row: repo.LogRow) =>
  governance.logEntry.safeParse({
    sequence: row.sequence,
    kind: row.kind,
    recordedAt: row.recorded_at,
    payload: row.payload,
    previousHash: row.previous_hash,
    hash: row.hash,
  });

/**
 * Appends the next entry to an ICS's public log, in the caller's transaction: locks the chain,
 * reads it, seals the entry with the previous hash, writes it.
 */
export async function appendToLog(
  tx: Queryable,
  icsCode: string,
  kind: governance.LogEntry["kind"],
  payload: governance.JsonValue,
  recordedAt: string = new Date().toISOString(),
): Promise<repo.LogRow> {
  await repo.lockChain(tx, icsCode);
  const chain = (await repo.logOf(tx, icsCode)).map((row) => {
    const entry = asLogEntry(row);
    if (!entry.success)
      throw new Error(
        `governance log entry ${row.sequence} of ${icsCode} is malformed; run openics verify`,
      );
    return entry.data;
  });
  const entry = governance.appendEntry(
    chain,
    { kind, recordedAt, payload },
    sha256,
  );
  const row: repo.LogRow = {
    ics_code: icsCode,
    sequence: entry.sequence,
    kind: entry.kind,
    recorded_at: entry.recordedAt,
    payload: entry.payload,
    previous_hash: entry.previousHash,
    hash: entry.hash,
  };
  await repo.appendLogRow(tx, row);
  return row;
}

/**
 * Declares an interest on the register: parse → permit (a member for themselves, an officer of
 * the ICS for anyone in it) → core's checks → one transaction writing the register entry, the
 * next entry of the ICS's public log and the audit entry, so all three land or none.
 */
export async function declareInterest(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
  on: string = today(),
): Promise<
  Result<
    {
      readonly declaration: governance.InterestDeclaration;
      readonly log: PublishedLogEntry;
    },
    GovernanceServiceError
  >
> {
  const parsed = declareInterestInput.safeParse(input);
  if (!parsed.success)
    return fail({
      code: "invalid_request",
      message: issues(parsed.error, "declaration"),
    });
  const input_ = parsed.data;
  // Core checks this too, but under its own field name; the caller should see the one they sent.
  if (input_.type === "indirect" && input_.held_by === null)
    return fail({
      code: "invalid_request",
      message:
        "held_by: an indirect interest must say who holds it (e.g. spouse, business partner).",
    });
  const icb = await resolveIcs(db, icsCode, on);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} on ${on}.`,
    });
  const who = await repo.person(db, icb.ods_code, input_.person_id);
  // Refuse before saying whether the person exists, unless the actor could declare for anyone here.
  if (
    !governance.can(actor, "declare_interest", {
      icsCode: icb.ods_code,
      personId: who?.user_id ?? null,
    })
  )
    return fail({
      code: "forbidden",
      message: `Only an officer of ${icb.name} can declare an interest for someone else; members declare their own.`,
    });
  if (!who)
    return fail({
      code: "unknown_person",
      message: `No person has the id ${input_.person_id} in ${icb.name}: add them to a body first, or correct the id.`,
    });
  const organisation = await repo.organisationNode(
    db,
    input_.organisation_code,
  );
  const checked = governance.declareInterest(
    {
      id: randomUUID(),
      personId: who.id,
      type: input_.type,
      organisationCode: input_.organisation_code,
      description: input_.description,
      heldBy: input_.held_by,
      declaredOn: on,
      validFrom: input_.valid_from ?? on,
      validTo: input_.valid_to,
    },
    organisation
      ? [
          {
            code: organisation.code,
            name: organisation.name,
            parentCode: organisation.parent_code,
            placeCode: null,
            sector: null,
          },
        ]
      : [],
  );
  if (!checked.ok) return checked;
  const d = checked.value;
  if (d.validTo !== null && d.validTo <= d.validFrom)
    return fail({
      code: "invalid_request",
      message: `valid_to: ${d.validTo} must be after valid_from (${d.validFrom}).`,
    });
  return db.transaction(async (tx) => {
    await repo.lockChain(tx, icb.ods_code);
    await repo.insertDeclaration(tx, {
      ics_code: icb.ods_code,
      id: d.id,
      person_id: d.personId,
      type: d.type,
      organisation_code: d.organisationCode,
      description: d.description,
      held_by: d.heldBy,
      declared_on: d.declaredOn,
      valid_from: d.validFrom,
      valid_to: d.validTo,
      recorded_by: actor.id,
    });
    const row = await appendToLog(tx, icb.ods_code, "register_entry", {
      icsCode: icb.ods_code,
      personName: who.name,
      declaration: d,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "declare_interest",
      entity: "interest_declaration",
      entityKey: d.id,
      icsCode: icb.ods_code,
      before: null,
      after: { ...d, logSequence: row.sequence, logHash: row.hash },
    });
    return ok({ declaration: d, log: published(row) });
  });
}

/** The register of interests of an ICS as it stood on a date, person by person. */
export async function listRegister(
  db: Queryable,
  icsCode: string,
  asAtInput?: string,
): Promise<
  Result<
    {
      readonly asAt: string;
      readonly ics: string;
      readonly entries: RegisterEntry[];
    },
    GovernanceServiceError
  >
> {
  const asAt = asAtInput ?? today();
  const icb = await resolveIcs(db, icsCode, asAt);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} on ${asAt}.`,
    });
  const rows = await repo.declarationsOf(db, icb.ods_code);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const declarations = rows.flatMap((r) => {
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
  });
  const entries = [
    ...governance.registerAsAt(declarations, asAt).values(),
  ].flatMap((ds) =>
    ds.map((d): RegisterEntry => {
      const row = byId.get(d.id);
      return {
        id: d.id,
        person_id: d.personId,
        person_name: row?.person_name ?? d.personId,
        type: d.type,
        organisation_code: d.organisationCode,
        organisation_name: row?.organisation_name ?? null,
        description: d.description,
        held_by: d.heldBy,
        declared_on: d.declaredOn,
        valid_from: d.validFrom,
        valid_to: d.validTo,
      };
    }),
  );
  return ok({ asAt, ics: icb.ods_code, entries });
}

/**
 * The ICS a log belongs to: its ICB today, or failing that a code that has a log (an ICB that has
 * since merged still answers for the log it kept).
 */
async function logIcs(
  db: Queryable,
  code: string,
): Promise<Result<string, GovernanceServiceError>> {
  const icb = await resolveIcs(db, code, today());
  if (icb) return ok(icb.ods_code);
  const upper = code.toUpperCase();
  if ((await repo.loggedIcsCodes(db)).includes(upper)) return ok(upper);
  return fail({
    code: "unknown_ics",
    message: `No ICS has the code ${code}, and no log is kept under it.`,
  });
}

/** An ICS's public log, in order. */
export async function listLog(
  db: Queryable,
  icsCode: string,
): Promise<
  Result<
    { readonly ics: string; readonly entries: PublishedLogEntry[] },
    GovernanceServiceError
  >
> {
  const ics = await logIcs(db, icsCode);
  if (!ics.ok) return ics;
  return ok({
    ics: ics.value,
    entries: (await repo.logOf(db, ics.value)).map(published),
  });
}

export type ChainReport =
  | {
      readonly ics: string;
      readonly valid: true;
      readonly length: number;
      readonly head: string;
    }
  | {
      readonly ics: string;
      readonly valid: false;
      readonly length: number;
      /** The sequence number (from 0) of the first entry that does not check out. */
      readonly first_broken: number;
      readonly reason: string;
    };

export interface LogVerification {
  readonly valid: boolean;
  readonly chains: readonly ChainReport[];
}

async function verifyChainOf(db: Queryable, ics: string): Promise<ChainReport> {
  const rows = await repo.logOf(db, ics);
  const entries: governance.LogEntry[] = [];
  // A row that is not even a log entry breaks the chain where it stands; those before it still count.
  let malformed: number | null = null;
  for (const [i, row] of rows.entries()) {
    const entry = asLogEntry(row);
    if (!entry.success) {
      malformed = i;
      break;
    }
    entries.push(entry.data);
  }
  const result = governance.verifyChain(entries, sha256);
  if (!result.valid)
    return {
      ics,
      valid: false,
      length: rows.length,
      first_broken: result.firstBroken,
      reason: result.reason,
    };
  if (malformed !== null)
    return {
      ics,
      valid: false,
      length: rows.length,
      first_broken: malformed,
      reason: `Entry ${malformed}: is not a well-formed log entry; it was edited.`,
    };
  return { ics, valid: true, length: result.length, head: result.head };
}

/**
 * Recomputes the hash chain of one ICS's log, or of every ICS's, with core's verifyChain and
 * reports the first entry that does not check out in each.
 */
export async function verifyLog(
  db: Queryable,
  icsCode?: string,
): Promise<Result<LogVerification, GovernanceServiceError>> {
  let codes: string[];
  if (icsCode === undefined) codes = await repo.loggedIcsCodes(db);
  else {
    const ics = await logIcs(db, icsCode);
    if (!ics.ok) return ics;
    codes = [ics.value];
  }
  const chains: ChainReport[] = [];
  for (const code of codes) chains.push(await verifyChainOf(db, code));
  return ok({ valid: chains.every((c) => c.valid), chains });
}
