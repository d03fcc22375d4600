// Small builders for the executable specification: records in, rows out.
import type { populationHealth as ph } from "@openics/core";
import type { CompileOptions } from "../compile";
import type {
  EventRow,
  Lookups,
  PatientRecords,
  PatientRow,
  RegistrationRow,
} from "../tables";

export const SNOMED = "http://snomed.info/sct";
export const ICD10 = "http://hl7.org/fhir/sid/icd-10";
export const INDEX = "2024-03-31";

export interface ExpectedRow {
  readonly measure: string;
  readonly group: Readonly<
    Partial<Record<ph.Dimension, string | number | null>>
  >;
  readonly numerator: number;
  readonly denominator: number | null;
}

export interface SpecCase {
  readonly name: string;
  readonly records: PatientRecords;
  readonly lookups?: Lookups;
  readonly options?: CompileOptions;
  readonly query: ph.PopulationQueryInput;
  readonly expected: readonly ExpectedRow[];
}

export const patient = (
  patient_id: string,
  sex: PatientRow["sex"],
  date_of_birth: string,
  extra: Partial<PatientRow> = {},
): PatientRow => ({ patient_id, sex, date_of_birth, source: "spec", ...extra });

export const registration = (
  patient_id: string,
  practice_code: string,
  start_date: string,
  end_date: string | null = null,
): RegistrationRow => ({ patient_id, practice_code, start_date, end_date });

let eventSequence = 0;
export const event = (
  patient_id: string,
  code: string,
  date: string,
  extra: Partial<EventRow> = {},
): EventRow => ({
  event_id: extra.event_id ?? `e${String(++eventSequence).padStart(5, "0")}`,
  patient_id,
  resource_type: "Condition",
  system: SNOMED,
  code,
  date,
  ...extra,
});

/** Everyone registered at A81001 since 2010 (the usual case). */
export const registered = (...patients: PatientRow[]): PatientRecords => ({
  patients,
  registrations: patients.map((p) =>
    registration(p.patient_id, "A81001", "2010-01-01"),
  ),
});

export const total = (
  measure: string,
  numerator: number,
  denominator: number | null = null,
): ExpectedRow => ({ measure, group: {}, numerator, denominator });

export const cell = (
  measure: string,
  group: ExpectedRow["group"],
  numerator: number,
  denominator: number | null = null,
): ExpectedRow => ({ measure, group, numerator, denominator });

/** The simplest measure: how many people are in the population. */
export const PEOPLE: ph.Measure = {
  id: "people",
  aggregation: "count",
  numerator: { persons: { op: "ge", variable: "age", value: 0 } },
};

export const HYPERTENSION = "38341003";
export const DIABETES = "44054006";
export const FLU_VACCINE = "1037311000000106";
export const SYSTOLIC_BP = "271649006";
