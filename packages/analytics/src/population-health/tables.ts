// The patient-level tables as rows, and the lookup tables a runner provides to the compiled SQL.

export interface PatientRow {
  readonly patient_id: string;
  readonly sex: "female" | "male" | "other" | "unknown";
  readonly date_of_birth: string;
  readonly date_of_death?: string | null;
  readonly ethnicity_code?: string | null;
  readonly ethnicity_group?:
    "asian" | "black" | "mixed" | "white" | "other" | "unknown" | null;
  readonly lsoa_code?: string | null;
  readonly opted_out?: boolean;
  readonly source?: string;
}

export interface RegistrationRow {
  readonly patient_id: string;
  readonly practice_code: string;
  readonly start_date: string;
  readonly end_date?: string | null;
}

export interface EventRow {
  readonly event_id: string;
  readonly patient_id: string;
  readonly resource_type:
    | "Condition"
    | "Observation"
    | "Encounter"
    | "Procedure"
    | "MedicationRequest"
    | "Immunization";
  readonly system: string;
  readonly code: string;
  readonly date: string;
  readonly end_date?: string | null;
  readonly category?: string | null;
  readonly value?: number | null;
  readonly unit?: string | null;
}

export interface PatientRecords {
  readonly patients: readonly PatientRow[];
  readonly registrations?: readonly RegistrationRow[];
  readonly events?: readonly EventRow[];
}

/** LSOA → IMD decile (1 most deprived) and place of residence. */
export interface LsoaLookupRow {
  readonly lsoa_code: string;
  readonly imd_decile: number | null;
  readonly place_code: string | null;
}

/** Practice → PCN and place. */
export interface PracticeLookupRow {
  readonly practice_code: string;
  readonly pcn_code: string | null;
  readonly place_code: string | null;
}

export interface Lookups {
  readonly lsoas?: readonly LsoaLookupRow[];
  readonly practices?: readonly PracticeLookupRow[];
}

/** Column order of each table, as in the CSV layout (patients.csv, registrations.csv, events.csv). */
export const PATIENT_COLUMNS = [
  "patient_id",
  "sex",
  "date_of_birth",
  "date_of_death",
  "ethnicity_code",
  "ethnicity_group",
  "lsoa_code",
  "opted_out",
  "source",
] as const;
export const REGISTRATION_COLUMNS = [
  "patient_id",
  "practice_code",
  "start_date",
  "end_date",
] as const;
export const EVENT_COLUMNS = [
  "event_id",
  "patient_id",
  "resource_type",
  "system",
  "code",
  "date",
  "end_date",
  "category",
  "value",
  "unit",
] as const;

export const patientValues = (r: PatientRow): unknown[] => [
  r.patient_id,
  r.sex,
  r.date_of_birth,
  r.date_of_death ?? null,
  r.ethnicity_code ?? null,
  r.ethnicity_group ?? null,
  r.lsoa_code ?? null,
  r.opted_out ?? false,
  r.source ?? "test",
];
export const registrationValues = (r: RegistrationRow): unknown[] => [
  r.patient_id,
  r.practice_code,
  r.start_date,
  r.end_date ?? null,
];
export const eventValues = (r: EventRow): unknown[] => [
  r.event_id,
  r.patient_id,
  r.resource_type,
  r.system,
  r.code,
  r.date,
  r.end_date ?? null,
  r.category ?? null,
  r.value ?? null,
  r.unit ?? null,
];
