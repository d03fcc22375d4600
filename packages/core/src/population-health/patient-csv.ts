import { z } from "zod";
import {
  CLINICAL_RESOURCE_TYPES,
  ETHNICITY_GROUPS,
  SEXES,
  type EventRow,
  type PatientRow,
  type RegistrationRow,
} from "./fhir/index";

// The CSV form of the patient-level tables: one file per table, a header row of exactly the
// table's column names (in any order), recognised by that header, not by the file's name.

export const PATIENT_CSV_COLUMNS = {
  patients: [
    "patient_id",
    "sex",
    "date_of_birth",
    "date_of_death",
    "ethnicity_code",
    "ethnicity_group",
    "lsoa_code",
    "opted_out",
    "source",
  ],
  registrations: ["patient_id", "practice_code", "start_date", "end_date"],
  events: [
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
  ],
} as const;
export type PatientCsvKind = keyof typeof PATIENT_CSV_COLUMNS;

/** Which table a header belongs to, or null. */
export function recognisePatientCsv(
  header: readonly string[],
): PatientCsvKind | null {
  const names = header.map((h) => h.trim().toLowerCase()).sort();
  for (const [kind, columns] of Object.entries(PATIENT_CSV_COLUMNS))
    if (
      names.length === columns.length &&
      [...columns].sort().every((c, i) => c === names[i])
    )
      return kind as PatientCsvKind;
  return null;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const date = z.string().regex(ISO_DATE, "must be a date, YYYY-MM-DD");
const blankToNull = (v: string | undefined) =>
  v === undefined || v.trim() === "" ? null : v.trim();
const optionalDate = z
  .string()
  .optional()
  .transform(blankToNull)
  .pipe(date.nullable());
const optionalText = z.string().optional().transform(blankToNull);
const required = z.string().trim().min(1, "must not be empty");

const patientRow = z.object({
  patient_id: required,
  sex: z.enum(SEXES, { message: `must be one of ${SEXES.join(", ")}` }),
  date_of_birth: date,
  date_of_death: optionalDate,
  ethnicity_code: optionalText,
  ethnicity_group: z
    .string()
    .optional()
    .transform((v) => blankToNull(v) ?? "unknown")
    .pipe(
      z.enum(ETHNICITY_GROUPS, {
        message: `must be one of ${ETHNICITY_GROUPS.join(", ")}`,
      }),
    ),
  lsoa_code: optionalText,
  opted_out: z
    .string()
    .optional()
    .transform((v) => (blankToNull(v) ?? "false").toLowerCase())
    .pipe(
      z.enum(["true", "false", "t", "f", "1", "0", "yes", "no"], {
        message: "must be true or false",
      }),
    )
    .transform((v) => ["true", "t", "1", "yes"].includes(v)),
  source: optionalText,
});

const registrationRow = z.object({
  patient_id: required,
  practice_code: required,
  start_date: date,
  end_date: optionalDate,
});

const eventRow = z.object({
  event_id: required,
  patient_id: required,
  resource_type: z.enum(CLINICAL_RESOURCE_TYPES, {
    message: `must be one of ${CLINICAL_RESOURCE_TYPES.join(", ")}`,
  }),
  system: required,
  code: required,
  date,
  end_date: optionalDate,
  category: optionalText,
  value: z
    .string()
    .optional()
    .transform(blankToNull)
    .pipe(
      z
        .string()
        .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, "must be a number")
        .transform(Number)
        .nullable(),
    ),
  unit: optionalText,
});

export type PatientCsvRow =
  | { readonly kind: "patients"; readonly row: PatientRow }
  | { readonly kind: "registrations"; readonly row: RegistrationRow }
  | { readonly kind: "events"; readonly row: EventRow };

/**
 * Validates one data row (an object keyed by column name). On failure gives the first field at
 * fault and why. `source` fills an empty source column of a patient.
 */
export function readPatientCsvRow(
  kind: PatientCsvKind,
  record: Readonly<Record<string, string>>,
  source: string,
):
  | { ok: true; value: PatientCsvRow }
  | { ok: false; field: string; message: string } {
  const schema = {
    patients: patientRow,
    registrations: registrationRow,
    events: eventRow,
  }[kind];
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      field: issue?.path.join(".") || "(row)",
      message: issue?.message ?? "not valid",
    };
  }
  switch (kind) {
    case "patients": {
      const p = parsed.data as z.infer<typeof patientRow>;
      return {
        ok: true,
        value: { kind, row: { ...p, source: p.source ?? source } },
      };
    }
    case "registrations": {
      const r = parsed.data as z.infer<typeof registrationRow>;
      if (r.end_date !== null && r.end_date <= r.start_date)
        return {
          ok: false,
          field: "end_date",
          message: "must be after start_date",
        };
      return { ok: true, value: { kind, row: r } };
    }
    case "events":
      return { ok: true, value: { kind, row: parsed.data as EventRow } };
  }
}
