import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse";
import { populationHealth, type Actor, type RowProblem } from "@openics/core";
import {
  appendAudit,
  populationHealthRepository as repo,
  type Database,
} from "@openics/db";
import type { FhirImportProgress, ImportFailure } from "./fhir-importer";

const {
  PATIENT_DATA_ERRORS,
  mayManagePatientData,
  readPatientCsvRow,
  recognisePatientCsv,
} = populationHealth;
type PatientRow = populationHealth.fhir.PatientRow;
type RegistrationRow = populationHealth.fhir.RegistrationRow;
type EventRow = populationHealth.fhir.EventRow;

export interface PatientCsvReport {
  readonly patients: number;
  readonly registrations: number;
  readonly events: number;
}

export type PatientCsvResult =
  | { readonly ok: true; readonly value: PatientCsvReport }
  | { readonly ok: false; readonly error: ImportFailure };

const MAX_PROBLEMS = 50;

const failure = (
  code: ImportFailure["code"] | "unrecognised_file",
  problems: readonly RowProblem[],
  message: string = PATIENT_DATA_ERRORS[code],
): PatientCsvResult => ({
  ok: false,
  error: {
    code: code === "unrecognised_file" ? "invalid_rows" : code,
    problems,
    message,
  },
});

/**
 * Loads patients.csv, registrations.csv and events.csv (recognised by their headers) in one
 * transaction. Every row is validated first, and every registration and event must name a
 * patient in the files or already loaded; any fault writes nothing. Rows are keyed as the
 * tables are, so loading the same files again replaces, never duplicates.
 */
export async function importPatientCsv(
  db: Database,
  actor: Actor,
  paths: readonly string[],
  onProgress: (p: FhirImportProgress) => void = () => undefined,
): Promise<PatientCsvResult> {
  if (!mayManagePatientData(actor)) return failure("forbidden", []);
  const patients = new Map<string, PatientRow>();
  const registrations = new Map<string, RegistrationRow>();
  const events = new Map<string, EventRow>();
  const problems: RowProblem[] = [];
  let faults = 0;
  const fault = (p: RowProblem) => {
    faults++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  // Where each patient reference was first seen, to report an unknown patient at its line.
  const references = new Map<string, { file: string; line: number }>();

  for (const path of paths) {
    const file = basename(path);
    const parser = createReadStream(path).pipe(
      parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
    );
    let header: string[] | null = null;
    let kind: populationHealth.PatientCsvKind | null = null;
    let line = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        line++;
        if (!header) {
          header = record.map((h) => h.trim().toLowerCase());
          kind = recognisePatientCsv(header);
          if (!kind) {
            return failure("unrecognised_file", [
              {
                file,
                line: 1,
                field: "(header)",
                message: `the columns are not those of patients, registrations or events: found ${record.slice(0, 10).join(", ")}`,
              },
            ]);
          }
          continue;
        }
        if (!kind) break;
        if (record.length !== header.length) {
          fault({
            file,
            line,
            field: "(row)",
            message: `${record.length} fields where the header has ${header.length}`,
          });
          continue;
        }
        const values: Record<string, string> = {};
        header.forEach((h, i) => (values[h] = record[i] ?? ""));
        const read = readPatientCsvRow(kind, values, `csv:${file}`);
        if (!read.ok) {
          fault({ file, line, field: read.field, message: read.message });
          continue;
        }
        const v = read.value;
        if (v.kind === "patients") patients.set(v.row.patient_id, v.row);
        else {
          if (!references.has(v.row.patient_id))
            references.set(v.row.patient_id, { file, line });
          if (v.kind === "registrations")
            registrations.set(`${v.row.patient_id}|${v.row.start_date}`, v.row);
          else events.set(v.row.event_id, v.row);
        }
      }
    } catch (error) {
      const e = error as { lines?: number; message: string };
      fault({
        file,
        line: e.lines ?? line,
        field: "(row)",
        message: e.message,
      });
    }
    if (!header)
      return failure("no_rows", [
        { file, line: 1, field: "(file)", message: "the file is empty" },
      ]);
    onProgress({ stage: "read", file, lines: line });
  }
  if (faults > 0)
    return failure(
      "invalid_rows",
      problems,
      `${faults.toLocaleString("en-GB")} row${faults === 1 ? " is" : "s are"} not valid; nothing was written`,
    );
  if (patients.size + registrations.size + events.size === 0)
    return failure("no_rows", [
      {
        file: paths.map((p) => basename(p)).join(", "),
        line: 2,
        field: "(file)",
        message: "no rows",
      },
    ]);

  return db.transaction(async (tx): Promise<PatientCsvResult> => {
    const missing = [...references.keys()].filter((id) => !patients.has(id));
    const inDatabase = await repo.existingPatientIds(tx, missing);
    for (const id of missing)
      if (!inDatabase.has(id)) {
        const at = references.get(id);
        fault({
          file: at?.file ?? "",
          line: at?.line ?? 0,
          field: "patient_id",
          message: `${id} is not in patients.csv nor already loaded`,
        });
      }
    if (faults > 0) return failure("invalid_rows", problems);
    const progress = (table: string, total: number) => (done: number) => {
      onProgress({ stage: "write", table, done, total });
    };
    const p = [...patients.values()];
    const r = [...registrations.values()];
    const e = [...events.values()];
    await repo.upsertPatients(tx, p, progress("ph_patient", p.length));
    await repo.upsertRegistrations(
      tx,
      r,
      progress("ph_registration", r.length),
    );
    await repo.upsertEvents(tx, e, progress("ph_event", e.length));
    const value = {
      patients: p.length,
      registrations: r.length,
      events: e.length,
    };
    await appendAudit(tx, {
      actor: actor.id,
      action: "import",
      entity: "patient_level_data",
      entityKey: "csv",
      icsCode: actor.icsCode,
      after: { files: paths.map((f) => basename(f)), ...value },
    });
    return { ok: true, value };
  });
}

export type OptOutResult =
  | {
      readonly ok: true;
      readonly value: {
        listed: number;
        flagged: number;
        cleared: number;
        notLoaded: number;
      };
    }
  | { readonly ok: false; readonly error: ImportFailure };

const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Applies the national data opt-out: the file lists the opted-out patients' ids, one per line
 * (a first line `patient_id` is a header; blank lines and lines starting # are passed over).
 * Exactly those patients are flagged; a patient no longer listed is unflagged. Audited.
 */
export async function setOptOuts(
  db: Database,
  actor: Actor,
  path: string,
): Promise<OptOutResult> {
  if (!mayManagePatientData(actor))
    return {
      ok: false,
      error: {
        code: "forbidden",
        problems: [],
        message: PATIENT_DATA_ERRORS.forbidden,
      },
    };
  const file = basename(path);
  const text = (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
  const ids = new Set<string>();
  const problems: RowProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const id = (raw.split(",")[0] ?? "").trim().replace(/^"|"$/g, "");
    if (
      id === "" ||
      id.startsWith("#") ||
      (i === 0 && id.toLowerCase() === "patient_id")
    )
      return;
    if (!PATIENT_ID.test(id))
      problems.push({
        file,
        line: i + 1,
        field: "patient_id",
        message: `${id} is not a patient id`,
      });
    else ids.add(id);
  });
  if (problems.length > 0)
    return {
      ok: false,
      error: {
        code: "invalid_rows",
        problems: problems.slice(0, MAX_PROBLEMS),
        message: PATIENT_DATA_ERRORS.invalid_rows,
      },
    };
  const value = await db.transaction(async (tx) => {
    const outcome = await repo.setOptOuts(tx, [...ids]);
    await appendAudit(tx, {
      actor: actor.id,
      action: "set_opt_outs",
      entity: "patient_level_data",
      entityKey: "national_data_opt_out",
      icsCode: actor.icsCode,
      after: { file, listed: ids.size, ...outcome },
    });
    return { listed: ids.size, ...outcome };
  });
  return { ok: true, value };
}
