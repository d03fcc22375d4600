import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { populationHealth, type Actor, type RowProblem } from "@openics/core";
import {
  appendAudit,
  populationHealthRepository as repo,
  type Database,
} from "@openics/db";

const { fhir, PATIENT_DATA_ERRORS, mayManagePatientData } = populationHealth;
type PatientRow = populationHealth.fhir.PatientRow;
type RegistrationRow = populationHealth.fhir.RegistrationRow;
type EventRow = populationHealth.fhir.EventRow;

export type FhirImportProgress =
  | { readonly stage: "read"; readonly file: string; readonly lines: number }
  | {
      readonly stage: "write";
      readonly table: string;
      readonly done: number;
      readonly total: number;
    };

export interface FhirImportReport {
  /** Resources loaded, by resource type (Patient, Condition, …). */
  readonly loaded: Record<string, number>;
  /** Distinct patients loaded. */
  readonly patients: number;
  readonly registrations: number;
  /** Resources not loaded, by type and reason. */
  readonly skipped: populationHealth.fhir.SkipCounts;
  /** Patients recorded as dead without a date (deceasedBoolean): loaded alive-dated, counted here. */
  readonly deceasedWithoutDate: number;
}

export type ImportFailure = {
  readonly code: "forbidden" | "invalid_rows" | "no_rows";
  readonly problems: readonly RowProblem[];
  readonly message: string;
};

export type FhirImportResult =
  | { readonly ok: true; readonly value: FhirImportReport }
  | { readonly ok: false; readonly error: ImportFailure };

/** At most this many faulty lines are reported; the first always is. */
const MAX_PROBLEMS = 50;

const failure = (
  code: ImportFailure["code"],
  problems: readonly RowProblem[],
  message: string = PATIENT_DATA_ERRORS[code],
): FhirImportResult => ({ ok: false, error: { code, problems, message } });

/**
 * Loads a FHIR R4 bulk export (NDJSON, one resource per line, any mix of types per file). Every
 * line of every file is read and validated first; a malformed line is reported by file, line and
 * field and nothing is written. Then everything is written in one transaction with one audit
 * entry. Resources are keyed on their ids, so loading the same export again replaces, never
 * duplicates.
 */
export async function importFhir(
  db: Database,
  actor: Actor,
  paths: readonly string[],
  onProgress: (p: FhirImportProgress) => void = () => undefined,
): Promise<FhirImportResult> {
  if (!mayManagePatientData(actor)) return failure("forbidden", []);
  const patients = new Map<string, PatientRow>();
  const registrations = new Map<string, RegistrationRow>();
  const events = new Map<string, EventRow>();
  const skipped: populationHealth.fhir.SkipCounts = {};
  const problems: RowProblem[] = [];
  let deceasedWithoutDate = 0;
  let faults = 0;

  for (const path of paths) {
    const file = basename(path);
    const lines = createInterface({
      input: createReadStream(path, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      const read = fhir.readResourceLine(
        line === 1 ? text.replace(/^\uFEFF/, "") : text,
      );
      if (!read.ok) {
        faults++;
        if (problems.length < MAX_PROBLEMS)
          problems.push({
            file,
            line,
            field: read.fault.field,
            message: read.fault.message,
          });
        continue;
      }
      if (faults > 0) continue;
      const mapped = fhir.mapResource(read, `fhir:${file}`);
      switch (mapped.kind) {
        case "skip":
          fhir.countSkip(skipped, mapped.resourceType, mapped.reason);
          break;
        case "patient":
          patients.set(mapped.patient.patient_id, mapped.patient);
          if (
            read.resource?.resourceType === "Patient" &&
            read.resource.deceasedBoolean === true &&
            mapped.patient.date_of_death === null
          )
            deceasedWithoutDate++;
          for (const r of mapped.registrations)
            registrations.set(`${r.patient_id}|${r.start_date}`, r);
          break;
        case "event":
          events.set(mapped.event.event_id, mapped.event);
          break;
      }
    }
    onProgress({ stage: "read", file, lines: line });
  }
  if (faults > 0)
    return failure(
      "invalid_rows",
      problems,
      `${faults.toLocaleString("en-GB")} line${faults === 1 ? " is" : "s are"} not valid FHIR; nothing was written`,
    );
  if (patients.size + events.size === 0)
    return failure("no_rows", [
      {
        file: paths.map((p) => basename(p)).join(", ") || "(no files)",
        line: 0,
        field: "(file)",
        message: "no Patient or clinical resource to load",
      },
    ]);

  const report = await db.transaction(async (tx) => {
    // An event may refer to a patient loaded earlier: look up those not in this export.
    const referenced = [
      ...new Set([...events.values()].map((e) => e.patient_id)),
    ].filter((id) => !patients.has(id));
    const inDatabase = await repo.existingPatientIds(tx, referenced);
    const kept: EventRow[] = [];
    for (const e of events.values()) {
      if (patients.has(e.patient_id) || inDatabase.has(e.patient_id))
        kept.push(e);
      else fhir.countSkip(skipped, e.resource_type, "unknown_patient");
    }
    const patientRows = [...patients.values()];
    const registrationRows = [...registrations.values()];
    const progress = (table: string, total: number) => (done: number) => {
      onProgress({ stage: "write", table, done, total });
    };
    await repo.upsertPatients(
      tx,
      patientRows,
      progress("ph_patient", patientRows.length),
    );
    await repo.upsertRegistrations(
      tx,
      registrationRows,
      progress("ph_registration", registrationRows.length),
    );
    await repo.upsertEvents(tx, kept, progress("ph_event", kept.length));
    const loaded: Record<string, number> = {};
    if (patientRows.length > 0) loaded["Patient"] = patientRows.length;
    for (const e of kept)
      loaded[e.resource_type] = (loaded[e.resource_type] ?? 0) + 1;
    const value: FhirImportReport = {
      loaded,
      patients: patientRows.length,
      registrations: registrationRows.length,
      skipped,
      deceasedWithoutDate,
    };
    await appendAudit(tx, {
      actor: actor.id,
      action: "import",
      entity: "patient_level_data",
      entityKey: "fhir",
      icsCode: actor.icsCode,
      after: { files: paths.map((p) => basename(p)), ...value },
    });
    return value;
  });
  return { ok: true, value: report };
}
