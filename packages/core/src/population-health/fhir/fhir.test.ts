import { describe, expect, it } from "vitest";
import {
  ethnicityGroupOf,
  fhirDate,
  mapResource,
  parseReference,
  readResourceLine,
  type MappedResource,
} from "./index";

const map = (resource: object): MappedResource => {
  const read = readResourceLine(JSON.stringify(resource));
  if (!read.ok) throw new Error(`${read.fault.field}: ${read.fault.message}`);
  return mapResource(read, "test");
};

describe("parseReference", () => {
  it("reads relative, absolute, versioned and urn:uuid references", () => {
    expect(parseReference("Patient/abc-1")).toEqual({
      type: "Patient",
      id: "abc-1",
    });
    expect(
      parseReference("https://fhir.example.org/r4/Patient/p9/_history/3"),
    ).toEqual({
      type: "Patient",
      id: "p9",
    });
    expect(parseReference("http://x.org/fhir/Encounter/e1")).toEqual({
      type: "Encounter",
      id: "e1",
    });
    expect(
      parseReference("urn:uuid:8ee183e2-b3c0-4151-be94-b945d6aa8c6d"),
    ).toEqual({
      type: null,
      id: "8ee183e2-b3c0-4151-be94-b945d6aa8c6d",
    });
    expect(parseReference("#contained-1")).toBeNull();
    expect(parseReference("a patient")).toBeNull();
  });
});

describe("readResourceLine", () => {
  it("names the field at fault", () => {
    const bad = readResourceLine(
      JSON.stringify({
        resourceType: "Patient",
        id: "p",
        birthDate: "12/03/1980",
      }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fault.field).toBe("birthDate");
    const broken = readResourceLine('{"resourceType": "Patient", "id": ');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.fault.message).toMatch(/not valid JSON/);
    const noType = readResourceLine("{}");
    expect(!noType.ok && noType.fault.field).toBe("resourceType");
  });

  it("keeps elements and extensions it does not know", () => {
    const read = readResourceLine(
      JSON.stringify({
        resourceType: "Patient",
        id: "p",
        birthDate: "1980",
        extension: [{ url: "urn:test:unknown", valueInteger: 4 }],
        photo: [{ url: "x" }],
      }),
    );
    expect(read.ok && read.resource).toMatchObject({ photo: [{ url: "x" }] });
  });
});

describe("mapping a Patient", () => {
  it("reads sex, dates, UK Core ethnic category, LSOA and ODS registration", () => {
    const mapped = map({
      resourceType: "Patient",
      id: "p1",
      gender: "female",
      birthDate: "1950-04-02",
      deceasedDateTime: "2020-01-05T10:00:00+00:00",
      extension: [
        {
          url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory",
          valueCodeableConcept: {
            coding: [
              {
                system:
                  "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland",
                code: "M",
              },
            ],
          },
        },
      ],
      address: [
        {
          postalCode: "LS1 4AP",
          extension: [
            { url: "https://example.org/lsoa", valueCode: "E01011365" },
          ],
        },
      ],
      generalPractitioner: [
        {
          identifier: {
            system: "https://fhir.nhs.uk/Id/ods-organization-code",
            value: "B86001",
          },
          extension: [
            { url: "urn:test:period", valuePeriod: { start: "2001-02-03" } },
          ],
        },
      ],
    });
    expect(mapped).toEqual({
      kind: "patient",
      patient: {
        patient_id: "p1",
        sex: "female",
        date_of_birth: "1950-04-02",
        date_of_death: "2020-01-05",
        ethnicity_code: "M",
        ethnicity_group: "black",
        lsoa_code: "E01011365",
        opted_out: false,
        source: "test",
      },
      registrations: [
        {
          patient_id: "p1",
          practice_code: "B86001",
          start_date: "2001-02-03",
          end_date: null,
        },
      ],
    });
  });

  it("gives unknown sex and ethnicity when absent, and skips a patient without a birth date", () => {
    const mapped = map({
      resourceType: "Patient",
      id: "p2",
      birthDate: "1990-05",
    });
    expect(mapped.kind === "patient" && mapped.patient).toMatchObject({
      sex: "unknown",
      date_of_birth: "1990-05-01",
      ethnicity_group: "unknown",
      lsoa_code: null,
    });
    expect(map({ resourceType: "Patient", id: "p3" })).toEqual({
      kind: "skip",
      resourceType: "Patient",
      reason: "no_birth_date",
    });
  });

  it("groups NHS ethnic categories into the ONS five groups", () => {
    expect(
      ["A", "D", "H", "M", "R", "S", "Z", "X"].map(ethnicityGroupOf),
    ).toEqual([
      "white",
      "mixed",
      "asian",
      "black",
      "asian",
      "other",
      "unknown",
      "unknown",
    ]);
  });
});

describe("mapping clinical resources", () => {
  it("keeps a blood-pressure panel without a top-level value, value null", () => {
    const mapped = map({
      resourceType: "Observation",
      id: "o1",
      subject: { reference: "urn:uuid:8ee183e2-b3c0-4151-be94-b945d6aa8c6d" },
      code: { coding: [{ system: "http://loinc.org", code: "55284-4" }] },
      effectiveDateTime: "2012-03-04T09:00:00+00:00",
      component: [
        { code: { coding: [] }, valueQuantity: { value: 120, unit: "mm[Hg]" } },
      ],
    });
    expect(mapped).toEqual({
      kind: "event",
      event: {
        event_id: "Observation/o1",
        patient_id: "8ee183e2-b3c0-4151-be94-b945d6aa8c6d",
        resource_type: "Observation",
        system: "http://loinc.org",
        code: "55284-4",
        date: "2012-03-04",
        end_date: null,
        category: null,
        value: null,
        unit: null,
      },
    });
  });

  it("reads an Encounter's type and class, and an Immunization's patient", () => {
    const enc = map({
      resourceType: "Encounter",
      id: "e1",
      class: {
        system: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        code: "EMER",
      },
      subject: { reference: "Patient/p1" },
      period: { start: "2019-08-15T08:27:40+00:00", end: "2019-08-16" },
    });
    expect(enc.kind === "event" && enc.event).toMatchObject({
      system: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
      code: "EMER",
      category: "EMER",
      date: "2019-08-15",
      end_date: "2019-08-16",
    });
    const imm = map({
      resourceType: "Immunization",
      id: "i1",
      patient: { reference: "Patient/p1" },
      vaccineCode: {
        coding: [{ system: "http://hl7.org/fhir/sid/cvx", code: "140" }],
      },
      occurrenceDateTime: "2015-10-01",
    });
    expect(imm.kind === "event" && imm.event.patient_id).toBe("p1");
  });

  it("counts a reason for every resource it skips", () => {
    const base = { resourceType: "Condition", id: "c" };
    const code = {
      coding: [{ system: "http://snomed.info/sct", code: "38341003" }],
    };
    const reasons = [
      map({ ...base, code, recordedDate: "2010" }),
      map({
        ...base,
        subject: { reference: "Group/g" },
        code,
        recordedDate: "2010",
      }),
      map({
        ...base,
        subject: { reference: "Patient/p" },
        recordedDate: "2010",
      }),
      map({ ...base, subject: { reference: "Patient/p" }, code }),
      map({ ...base, status: "entered-in-error" }),
      map({ resourceType: "Organization", id: "o" }),
    ].map((m) => (m.kind === "skip" ? m.reason : m.kind));
    expect(reasons).toEqual([
      "no_patient_reference",
      "not_a_patient_reference",
      "no_code",
      "no_date",
      "entered_in_error",
      "not_imported_type",
    ]);
  });

  it("reads partial dates as their first day", () => {
    expect(fhirDate("2001")).toBe("2001-01-01");
    expect(fhirDate("2001-07")).toBe("2001-07-01");
    expect(fhirDate("2001-07-09T23:30:00-05:00")).toBe("2001-07-09");
  });
});
