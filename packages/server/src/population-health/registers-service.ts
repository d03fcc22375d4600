import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import {
  fail,
  ok,
  populationHealth,
  type Actor,
  type Result,
  type RowProblem,
} from "@openics/core";
import {
  appendAudit,
  populationHealthRepository as repo,
  type Database,
  type Queryable,
} from "@openics/db";

const { PATIENT_DATA_ERRORS, mayManagePatientData } = populationHealth;

export interface RegisterError {
  readonly code: populationHealth.PatientDataErrorCode;
  readonly message: string;
  readonly problems?: readonly RowProblem[];
}

const refuse = (
  code: populationHealth.PatientDataErrorCode,
  message: string = PATIENT_DATA_ERRORS[code],
  problems?: readonly RowProblem[],
) => fail<RegisterError>({ code, message, ...(problems ? { problems } : {}) });

const mayActFor = populationHealth.mayUseIcsPatientData;

export const sha256 = (text: string): string =>
  createHash("sha256").update(text, "utf8").digest("hex");

const icsCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{3,9}$/, "an ICB ODS or GSS code")
  .transform((c) => c.toUpperCase());

// ---------------------------------------------------------------------------------------------
// Codelists

const readRecords = parse as (
  input: Buffer,
  options: {
    bom: boolean;
    skip_empty_lines: boolean;
    relax_column_count: boolean;
  },
) => string[][];

/** Imports one version of a codelist from an OpenCodelists CSV, all or nothing, audited. */
export async function importCodelist(
  db: Database,
  actor: Actor,
  input: { path: string; slug: string; version: string; source: string },
): Promise<
  Result<
    { slug: string; version: string; codes: number; added: boolean },
    RegisterError
  >
> {
  if (!mayManagePatientData(actor)) return refuse("forbidden");
  const file = basename(input.path);
  const meta = populationHealth.codelistMetaSchema.safeParse(input);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    return refuse(
      "invalid_request",
      `${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  let records: string[][];
  try {
    records = readRecords(await readFile(input.path), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return refuse("invalid_rows", PATIENT_DATA_ERRORS.invalid_rows, [
      { file, line: e.lines ?? 0, field: "(row)", message: e.message },
    ]);
  }
  const read = populationHealth.readCodelist(file, records);
  if (!read.ok)
    return refuse(
      read.problems[0]?.field === "(header)"
        ? "unrecognised_file"
        : "invalid_rows",
      read.problems
        .map((p) => `${p.file}, line ${p.line}, field ${p.field}: ${p.message}`)
        .join("\n"),
      read.problems,
    );
  const { slug, version, source } = meta.data;
  const added = await db.transaction(async (tx) => {
    const fresh = await repo.insertCodelist(
      tx,
      { slug, version, source, importedBy: actor.id },
      read.entries,
    );
    if (fresh)
      await appendAudit(tx, {
        actor: actor.id,
        action: "import_codelist",
        entity: "codelist",
        entityKey: `${slug}/${version}`,
        after: { file, source, codes: read.entries.length },
      });
    return fresh;
  });
  return ok({ slug, version, codes: read.entries.length, added });
}

export const listCodelists = (db: Queryable) => repo.listCodelists(db);

export async function getCodelist(
  db: Queryable,
  slug: string,
  version: string,
) {
  const found = await repo.getCodelist(db, slug, version);
  return found
    ? ok(found)
    : refuse("not_found", `There is no codelist ${slug} version ${version}.`);
}

// ---------------------------------------------------------------------------------------------
// Data-sharing agreements

export type AgreementRecord = repo.AgreementRecord;

/** Publishes (or revises) a data-sharing agreement on an ICS's public register. Audited. */
export async function publishAgreement(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<AgreementRecord, RegisterError>> {
  const ics = icsCodeSchema.safeParse(icsCode);
  if (!ics.success)
    return refuse(
      "invalid_request",
      `ICS code: ${ics.error.issues[0]?.message ?? ""}`,
    );
  if (!mayActFor(actor, ics.data)) return refuse("forbidden");
  const parsed = populationHealth.agreementInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      "invalid_request",
      `${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  const record: AgreementRecord = { ...parsed.data, ics_code: ics.data };
  await db.transaction(async (tx) => {
    const before = await repo.upsertAgreement(tx, record);
    await appendAudit(tx, {
      actor: actor.id,
      action: "publish_agreement",
      entity: "data_sharing_agreement",
      entityKey: record.agreement_id,
      icsCode: ics.data,
      before,
      after: record,
    });
  });
  return ok(record);
}

export async function listAgreements(
  db: Queryable,
  icsCode: string,
): Promise<
  Result<{ ics: string; agreements: AgreementRecord[] }, RegisterError>
> {
  const ics = icsCodeSchema.safeParse(icsCode);
  if (!ics.success)
    return refuse("invalid_request", "The ICS code is not valid.");
  return ok({
    ics: ics.data,
    agreements: await repo.listAgreements(db, ics.data),
  });
}

// ---------------------------------------------------------------------------------------------
// The public query log

/** What the query runner tells the log about one run on patient-level data. */
export const logQueryInput = z.object({
  icsCode: icsCodeSchema,
  /** Who ran it (a user id). */
  runBy: z.string().trim().min(1),
  /** The organisation the person runs it for, as named in the agreements (e.g. an ODS code). */
  organisation: z.string().trim().min(1),
  /** When it ran, an ISO instant. */
  runAt: z.iso.datetime({ offset: true }),
  purpose: z.string().trim().min(1),
  /** The kinds of patient-level data it reads. */
  data: z.array(z.enum(populationHealth.DATA_KINDS)).min(1),
  /** The query's full definition, as run. */
  definition: z
    .unknown()
    .refine((d) => d !== undefined, "the definition is missing"),
  /** The aggregates released (their identifiers and anything else that says what left). */
  outputs: z.unknown(),
  /** The disclosure-control rule applied to the outputs, e.g. nhs-england-small-numbers. */
  disclosureRule: z.string().trim().min(1),
  /** The agreement the person chose to run under: only it may cover the run. */
  agreementId: z.string().trim().min(1).optional(),
});
export type LogQueryInput = z.input<typeof logQueryInput>;
export type QueryLogRecord = repo.QueryLogRecord;

/**
 * Logs one run on patient-level data. Call it in the transaction that runs the query: when no
 * agreement covers the run it is refused (no_agreement) and the caller must roll back and release
 * nothing. The definition is stored whole with the SHA-256 of its canonical JSON.
 */
export async function logQuery(
  tx: Queryable,
  input: LogQueryInput,
): Promise<Result<QueryLogRecord, RegisterError>> {
  const parsed = logQueryInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      "invalid_request",
      `${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  const q = parsed.data;
  const agreements = (await repo.listAgreements(tx, q.icsCode)).filter(
    (a) => q.agreementId === undefined || a.agreement_id === q.agreementId,
  );
  const covered = populationHealth.agreementFor(
    agreements.map((a) => ({
      ...a,
      commercial_use: a.commercial_use as "not permitted",
    })) as populationHealth.Agreement[],
    {
      purpose: q.purpose,
      data: q.data,
      organisation: q.organisation,
      date: new Date(q.runAt).toISOString().slice(0, 10),
    },
  );
  if (!covered.ok) return refuse("no_agreement", covered.error.message);
  const canonical = populationHealth.canonicalJson(q.definition);
  const record = await repo.appendQueryLog(tx, {
    ics_code: q.icsCode,
    run_by: q.runBy,
    organisation: q.organisation,
    run_at: new Date(q.runAt).toISOString(),
    purpose: q.purpose,
    agreement_id: covered.value.agreement_id,
    definition: JSON.parse(canonical) as unknown,
    definition_sha256: sha256(canonical),
    outputs: q.outputs ?? null,
    disclosure_rule: q.disclosureRule,
  });
  await appendAudit(tx, {
    actor: q.runBy,
    action: "run_query",
    entity: "patient_level_query",
    entityKey: String(record.query_id),
    icsCode: q.icsCode,
    after: {
      agreement_id: record.agreement_id,
      definition_sha256: record.definition_sha256,
    },
  });
  return ok(record);
}

export async function listQueryLog(
  db: Queryable,
  icsCode: string,
): Promise<Result<{ ics: string; entries: QueryLogRecord[] }, RegisterError>> {
  const ics = icsCodeSchema.safeParse(icsCode);
  if (!ics.success)
    return refuse("invalid_request", "The ICS code is not valid.");
  return ok({ ics: ics.data, entries: await repo.listQueryLog(db, ics.data) });
}
