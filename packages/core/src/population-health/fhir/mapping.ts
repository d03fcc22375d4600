import type { z } from "zod";
import { parseReference } from "./references";
import {
  CLINICAL_RESOURCE_TYPES,
  RESOURCE_SCHEMAS,
  type ClinicalResourceType,
  type CodeableConcept,
  type Coding,
  type Extension,
  type FhirPatient,
  type ImportedResourceType,
  type Period,
  type Reference,
} from "./schemas";

// Pure mapping from FHIR R4 resources to the patient-level tables (ph_patient, ph_registration,
// ph_event). Codes are kept exactly as issued (system + code); nothing is translated.

export const SEXES = ["female", "male", "other", "unknown"] as const;
export type Sex = (typeof SEXES)[number];
export const ETHNICITY_GROUPS = [
  "asian",
  "black",
  "mixed",
  "white",
  "other",
  "unknown",
] as const;
export type EthnicityGroup = (typeof ETHNICITY_GROUPS)[number];

export interface PatientRow {
  readonly patient_id: string;
  readonly sex: Sex;
  readonly date_of_birth: string;
  readonly date_of_death: string | null;
  readonly ethnicity_code: string | null;
  readonly ethnicity_group: EthnicityGroup;
  readonly lsoa_code: string | null;
  readonly opted_out: boolean;
  readonly source: string;
}

export interface RegistrationRow {
  readonly patient_id: string;
  readonly practice_code: string;
  readonly start_date: string;
  readonly end_date: string | null;
}

export interface EventRow {
  readonly event_id: string;
  readonly patient_id: string;
  readonly resource_type: ClinicalResourceType;
  readonly system: string;
  readonly code: string;
  readonly date: string;
  readonly end_date: string | null;
  readonly category: string | null;
  readonly value: number | null;
  readonly unit: string | null;
}

/** Why a well-formed resource was not loaded: a closed set, counted by type in every report. */
export const SKIP_REASONS = {
  not_imported_type: "a resource type this import does not load",
  entered_in_error: "status entered-in-error",
  no_patient_reference: "no reference to a patient",
  not_a_patient_reference: "the patient reference points at another type",
  unknown_patient:
    "the patient it refers to is not in the import or the database",
  no_code: "no coded value (system and code)",
  no_date: "no date",
  no_birth_date: "a patient without a birth date",
  medication_by_reference: "the medicine is given by reference, not by code",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export type MappedResource =
  | {
      readonly kind: "patient";
      readonly patient: PatientRow;
      readonly registrations: readonly RegistrationRow[];
    }
  | { readonly kind: "event"; readonly event: EventRow }
  | {
      readonly kind: "skip";
      readonly resourceType: string;
      readonly reason: SkipReason;
    };

/** One line of an NDJSON file that is not a resource the import can read. */
export interface LineFault {
  readonly field: string;
  readonly message: string;
}

export type ReadResource =
  | {
      readonly ok: true;
      readonly resourceType: ImportedResourceType;
      readonly resource: z.infer<
        (typeof RESOURCE_SCHEMAS)[ImportedResourceType]
      >;
    }
  | {
      readonly ok: true;
      readonly resourceType: string;
      readonly resource: null;
    }
  | { readonly ok: false; readonly fault: LineFault };

const isImported = (type: string): type is ImportedResourceType =>
  Object.hasOwn(RESOURCE_SCHEMAS, type);

/**
 * Parses and validates one NDJSON line. A resource of a type not loaded here (Organization,
 * Practitioner…) is returned without validation so it can be counted as skipped.
 */
export function readResourceLine(line: string): ReadResource {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return {
      ok: false,
      fault: {
        field: "(line)",
        message: `not valid JSON: ${(error as Error).message}`,
      },
    };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return {
      ok: false,
      fault: { field: "(line)", message: "not a JSON object" },
    };
  const type = (json as { resourceType?: unknown }).resourceType;
  if (typeof type !== "string" || type === "")
    return {
      ok: false,
      fault: {
        field: "resourceType",
        message: "missing: every line must be one FHIR resource",
      },
    };
  if (!isImported(type))
    return { ok: true, resourceType: type, resource: null };
  const parsed = RESOURCE_SCHEMAS[type].safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      fault: {
        field:
          issue && issue.path.length > 0 ? issue.path.join(".") : "(resource)",
        message: issue?.message ?? "not a valid resource",
      },
    };
  }
  return { ok: true, resourceType: type, resource: parsed.data };
}

/** The calendar date a FHIR date/dateTime falls on as written; a partial date gives its first day. */
export function fhirDate(value: string): string {
  const date = value.slice(0, 10);
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date;
}

const optionalDate = (value: string | undefined): string | null =>
  value === undefined ? null : fhirDate(value);

/** The first coding of a concept that has both a system and a code. */
export function firstCoding(
  concept: CodeableConcept | undefined,
): { system: string; code: string } | null {
  for (const c of concept?.coding ?? [])
    if (c.system && c.code) return { system: c.system, code: c.code };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Ethnicity: the NHS Data Dictionary ethnic category (2001 census classification, codes A–Z) as
// UK Core carries it in its EthnicCategory extension, grouped into the ONS five groups.

const ETHNIC_CATEGORY_GROUPS: Readonly<Record<string, EthnicityGroup>> = {
  A: "white",
  B: "white",
  C: "white",
  D: "mixed",
  E: "mixed",
  F: "mixed",
  G: "mixed",
  H: "asian",
  J: "asian",
  K: "asian",
  L: "asian",
  M: "black",
  N: "black",
  P: "black",
  // Chinese: in the 2001 classification's last group, in the ONS Asian group since 2011.
  R: "asian",
  S: "other",
  Z: "unknown",
  "99": "unknown",
};

/** The ONS five-group of an NHS ethnic category code; any other code is 'unknown'. */
export const ethnicityGroupOf = (code: string | null): EthnicityGroup =>
  code === null
    ? "unknown"
    : (ETHNIC_CATEGORY_GROUPS[code.toUpperCase()] ?? "unknown");

const isEthnicCategoryExtension = (url: string) =>
  /EthnicCategory/i.test(url) && !/us-core/i.test(url);

const extensionCode = (e: Extension): string | null =>
  e.valueCode ??
  e.valueCoding?.code ??
  e.valueCodeableConcept?.coding?.find((c: Coding) => c.code)?.code ??
  e.valueString ??
  null;

/** The NHS ethnic category code of a patient, from the UK Core (or Care Connect) extension. */
export function ethnicCategoryOf(patient: FhirPatient): string | null {
  for (const e of patient.extension ?? [])
    if (isEthnicCategoryExtension(e.url)) {
      const code = extensionCode(e);
      if (code) return code;
    }
  return null;
}

const LSOA = /^[EW]01\d{6}$/;

/**
 * The LSOA of residence: an extension on the patient or an address whose URL names an LSOA, or
 * any extension value that is an LSOA code (E01/W01 and six digits). Postcodes are not looked up.
 */
export function lsoaOf(patient: FhirPatient): string | null {
  const extensions = [
    ...(patient.address ?? []).flatMap((a) => a.extension ?? []),
    ...(patient.extension ?? []),
  ];
  for (const e of extensions) {
    const code = extensionCode(e);
    if (code && (LSOA.test(code) || /lsoa/i.test(e.url))) return code;
  }
  return null;
}

export const ODS_ORGANISATION_SYSTEM =
  "https://fhir.nhs.uk/Id/ods-organization-code";

const periodOf = (ref: Reference): Period | undefined =>
  ref.extension?.find((e) => e.valuePeriod !== undefined)?.valuePeriod;

/**
 * Registrations: each GP practice the patient names (generalPractitioner, else
 * managingOrganization) by its ODS code, with the period an extension on the reference gives.
 * Without a period the registration is read as running from birth, the widest reading of a
 * current registration whose start the export does not say.
 */
export function registrationsOf(
  patient: FhirPatient,
  dateOfBirth: string,
): RegistrationRow[] {
  const refs = [
    ...(patient.generalPractitioner ?? []),
    ...(patient.managingOrganization ? [patient.managingOrganization] : []),
  ];
  const rows: RegistrationRow[] = [];
  for (const ref of refs) {
    const id = ref.identifier;
    if (id?.system !== ODS_ORGANISATION_SYSTEM || !id.value) continue;
    const period = periodOf(ref);
    const start = period?.start ? fhirDate(period.start) : dateOfBirth;
    if (rows.some((r) => r.start_date === start)) continue;
    const end = period?.end ? fhirDate(period.end) : null;
    rows.push({
      patient_id: patient.id,
      practice_code: id.value.toUpperCase(),
      start_date: start,
      end_date: end !== null && end > start ? end : null,
    });
  }
  return rows;
}

export function mapPatient(
  patient: FhirPatient,
  source: string,
): MappedResource {
  if (!patient.birthDate)
    return { kind: "skip", resourceType: "Patient", reason: "no_birth_date" };
  const dateOfBirth = fhirDate(patient.birthDate);
  const ethnicity = ethnicCategoryOf(patient);
  return {
    kind: "patient",
    patient: {
      patient_id: patient.id,
      sex: patient.gender ?? "unknown",
      date_of_birth: dateOfBirth,
      date_of_death: optionalDate(patient.deceasedDateTime),
      ethnicity_code: ethnicity,
      ethnicity_group: ethnicityGroupOf(ethnicity),
      lsoa_code: lsoaOf(patient),
      opted_out: false,
      source,
    },
    registrations: registrationsOf(patient, dateOfBirth),
  };
}

/** A patient recorded as dead: deceasedBoolean true or a deceasedDateTime. */
export const isDeceased = (patient: FhirPatient): boolean =>
  patient.deceasedBoolean === true || patient.deceasedDateTime !== undefined;

type Clinical = z.infer<(typeof RESOURCE_SCHEMAS)[ClinicalResourceType]>;

const categoryCode = (r: { category?: CodeableConcept[] | undefined }) =>
  r.category?.[0]?.coding?.find((c) => c.code)?.code ?? null;

interface EventParts {
  coding: { system: string; code: string } | null;
  date: string | undefined;
  end?: string | undefined;
  category: string | null;
  value?: number | undefined;
  unit?: string | undefined;
}

function partsOf(r: Clinical): EventParts | "medication_by_reference" {
  switch (r.resourceType) {
    case "Condition":
      return {
        coding: firstCoding(r.code),
        date: r.onsetDateTime ?? r.onsetPeriod?.start ?? r.recordedDate,
        end: r.abatementDateTime,
        category: categoryCode(r),
      };
    case "Observation":
      return {
        coding: firstCoding(r.code),
        date:
          r.effectiveDateTime ??
          r.effectiveInstant ??
          r.effectivePeriod?.start ??
          r.issued,
        category: categoryCode(r),
        value: r.valueQuantity?.value,
        unit: r.valueQuantity?.unit ?? r.valueQuantity?.code,
      };
    case "Encounter": {
      const type = r.type?.map(firstCoding).find((c) => c !== null) ?? null;
      const cls =
        r.class?.system && r.class.code
          ? { system: r.class.system, code: r.class.code }
          : null;
      return {
        coding: type ?? cls,
        date: r.period?.start,
        end: r.period?.end,
        category: r.class?.code ?? null,
      };
    }
    case "Procedure":
      return {
        coding: firstCoding(r.code),
        date: r.performedDateTime ?? r.performedPeriod?.start,
        end: r.performedPeriod?.end,
        category: categoryCode(r),
      };
    case "MedicationRequest":
      if (!r.medicationCodeableConcept && "medicationReference" in r)
        return "medication_by_reference";
      return {
        coding: firstCoding(r.medicationCodeableConcept),
        date: r.authoredOn,
        category: categoryCode(r),
      };
    case "Immunization":
      return {
        coding: firstCoding(r.vaccineCode),
        date: r.occurrenceDateTime,
        category: null,
      };
  }
}

/** The patient a clinical resource is about: `subject`, else `patient`. */
export function patientReferenceOf(
  r: Clinical,
): { id: string } | "no_patient_reference" | "not_a_patient_reference" {
  const ref = r.subject ?? r.patient;
  if (!ref?.reference) return "no_patient_reference";
  const parsed = parseReference(ref.reference);
  if (!parsed) return "no_patient_reference";
  if (parsed.type !== null && parsed.type !== "Patient")
    return "not_a_patient_reference";
  return { id: parsed.id };
}

/** Maps one clinical resource to an event row (event_id is `Type/id`), or says why it is skipped. */
export function mapClinical(r: Clinical): MappedResource {
  const skip = (reason: SkipReason): MappedResource => ({
    kind: "skip",
    resourceType: r.resourceType,
    reason,
  });
  if (r.status === "entered-in-error") return skip("entered_in_error");
  const patient = patientReferenceOf(r);
  if (typeof patient === "string") return skip(patient);
  const parts = partsOf(r);
  if (parts === "medication_by_reference") return skip(parts);
  if (!parts.coding) return skip("no_code");
  if (!parts.date) return skip("no_date");
  const date = fhirDate(parts.date);
  const end = optionalDate(parts.end);
  return {
    kind: "event",
    event: {
      event_id: `${r.resourceType}/${r.id}`,
      patient_id: patient.id,
      resource_type: r.resourceType,
      system: parts.coding.system,
      code: parts.coding.code,
      date,
      end_date: end !== null && end >= date ? end : null,
      category: parts.category,
      value: parts.value ?? null,
      unit: parts.value === undefined ? null : (parts.unit ?? null),
    },
  };
}

/** Maps any resource read by readResourceLine. `source` is recorded on each patient. */
export function mapResource(
  read: Extract<ReadResource, { ok: true }>,
  source: string,
): MappedResource {
  if (read.resource === null)
    return {
      kind: "skip",
      resourceType: read.resourceType,
      reason: "not_imported_type",
    };
  const r = read.resource;
  if (r.resourceType === "Patient") return mapPatient(r, source);
  return mapClinical(r);
}

export const isClinicalType = (type: string): type is ClinicalResourceType =>
  (CLINICAL_RESOURCE_TYPES as readonly string[]).includes(type);

/** Skips counted by resource type, then by reason. */
export type SkipCounts = Record<string, Partial<Record<SkipReason, number>>>;

export function countSkip(
  counts: SkipCounts,
  resourceType: string,
  reason: SkipReason,
): void {
  const byReason = (counts[resourceType] ??= {});
  byReason[reason] = (byReason[reason] ?? 0) + 1;
}
