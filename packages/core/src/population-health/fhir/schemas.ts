import { z } from "zod";

// The subset of FHIR R4 (and the UK Core profiles) the patient-level import reads. Every object
// keeps the elements it does not name (extensions, narrative, identifiers…), so a resource from
// any conforming bulk export passes; only the elements read here are checked.

/** FHIR date or dateTime: a year, year-month, date, or date and time with an optional zone. */
export const FHIR_DATE_TIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const dateTime = z
  .string()
  .regex(
    FHIR_DATE_TIME,
    "must be a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a zone)",
  );

export const codingSchema = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof codingSchema>;

export const codeableConceptSchema = z.looseObject({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof codeableConceptSchema>;

export const identifierSchema = z.looseObject({
  system: z.string().optional(),
  value: z.string().optional(),
});

export const periodSchema = z.looseObject({
  start: dateTime.optional(),
  end: dateTime.optional(),
});
export type Period = z.infer<typeof periodSchema>;

export interface Extension {
  readonly url: string;
  readonly extension?: readonly Extension[] | undefined;
  readonly valueString?: string | undefined;
  readonly valueCode?: string | undefined;
  readonly valueCoding?: Coding | undefined;
  readonly valueCodeableConcept?: CodeableConcept | undefined;
  readonly valuePeriod?: Period | undefined;
  readonly [other: string]: unknown;
}
export const extensionSchema: z.ZodType<Extension> = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    extension: z.array(extensionSchema).optional(),
    valueString: z.string().optional(),
    valueCode: z.string().optional(),
    valueCoding: codingSchema.optional(),
    valueCodeableConcept: codeableConceptSchema.optional(),
    valuePeriod: periodSchema.optional(),
  }),
);

export const referenceSchema = z.looseObject({
  reference: z.string().optional(),
  identifier: identifierSchema.optional(),
  extension: z.array(extensionSchema).optional(),
});
export type Reference = z.infer<typeof referenceSchema>;

export const quantitySchema = z.looseObject({
  value: z.number().optional(),
  unit: z.string().optional(),
  code: z.string().optional(),
});

const resource = {
  id: z.string().min(1, "every resource needs an id"),
  status: z.string().optional(),
  extension: z.array(extensionSchema).optional(),
};

export const patientSchema = z.looseObject({
  resourceType: z.literal("Patient"),
  ...resource,
  gender: z.enum(["male", "female", "other", "unknown"]).optional(),
  birthDate: dateTime.optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: dateTime.optional(),
  address: z
    .array(
      z.looseObject({
        extension: z.array(extensionSchema).optional(),
        postalCode: z.string().optional(),
      }),
    )
    .optional(),
  generalPractitioner: z.array(referenceSchema).optional(),
  managingOrganization: referenceSchema.optional(),
});
export type FhirPatient = z.infer<typeof patientSchema>;

const clinical = {
  ...resource,
  subject: referenceSchema.optional(),
  patient: referenceSchema.optional(),
  category: z.array(codeableConceptSchema).optional(),
};

export const conditionSchema = z.looseObject({
  resourceType: z.literal("Condition"),
  ...clinical,
  code: codeableConceptSchema.optional(),
  onsetDateTime: dateTime.optional(),
  onsetPeriod: periodSchema.optional(),
  recordedDate: dateTime.optional(),
  abatementDateTime: dateTime.optional(),
});

export const observationSchema = z.looseObject({
  resourceType: z.literal("Observation"),
  ...clinical,
  code: codeableConceptSchema.optional(),
  effectiveDateTime: dateTime.optional(),
  effectiveInstant: dateTime.optional(),
  effectivePeriod: periodSchema.optional(),
  issued: dateTime.optional(),
  valueQuantity: quantitySchema.optional(),
});

export const encounterSchema = z.looseObject({
  resourceType: z.literal("Encounter"),
  ...clinical,
  class: codingSchema.optional(),
  type: z.array(codeableConceptSchema).optional(),
  period: periodSchema.optional(),
});

export const procedureSchema = z.looseObject({
  resourceType: z.literal("Procedure"),
  ...clinical,
  code: codeableConceptSchema.optional(),
  performedDateTime: dateTime.optional(),
  performedPeriod: periodSchema.optional(),
});

export const medicationRequestSchema = z.looseObject({
  resourceType: z.literal("MedicationRequest"),
  ...clinical,
  medicationCodeableConcept: codeableConceptSchema.optional(),
  authoredOn: dateTime.optional(),
});

export const immunizationSchema = z.looseObject({
  resourceType: z.literal("Immunization"),
  ...clinical,
  vaccineCode: codeableConceptSchema.optional(),
  occurrenceDateTime: dateTime.optional(),
});

/** The clinical resource types loaded into ph_event, in the order a report lists them. */
export const CLINICAL_RESOURCE_TYPES = [
  "Condition",
  "Observation",
  "Encounter",
  "Procedure",
  "MedicationRequest",
  "Immunization",
] as const;
export type ClinicalResourceType = (typeof CLINICAL_RESOURCE_TYPES)[number];

export const RESOURCE_SCHEMAS = {
  Patient: patientSchema,
  Condition: conditionSchema,
  Observation: observationSchema,
  Encounter: encounterSchema,
  Procedure: procedureSchema,
  MedicationRequest: medicationRequestSchema,
  Immunization: immunizationSchema,
} as const;
export type ImportedResourceType = keyof typeof RESOURCE_SCHEMAS;
