import { atLeast, type Actor } from "../shared";

/** The closed set of ways loading patient-level data or using the registers can be refused. */
export const PATIENT_DATA_ERRORS = {
  forbidden:
    "Only an ICS officer or administrator may load patient-level data or change the registers.",
  unrecognised_file: "The file is not in a layout this import reads.",
  invalid_rows: "Some lines are not valid; nothing was written.",
  no_rows: "The files hold nothing to import.",
  not_found: "There is no such record.",
  invalid_request: "The request is not valid.",
  no_agreement:
    "No data-sharing agreement covers this use of patient-level data.",
} as const;
export type PatientDataErrorCode = keyof typeof PATIENT_DATA_ERRORS;

/** Loading patient-level data, opt-outs and codelists, and keeping the registers. */
export const mayManagePatientData = (actor: Actor): boolean =>
  atLeast(actor, "officer");

/** Running queries on one ICS's patient-level data: its own officers, or an administrator. */
export const mayUseIcsPatientData = (actor: Actor, icsCode: string): boolean =>
  mayManagePatientData(actor) &&
  (actor.icsCode === null || actor.icsCode === icsCode);
