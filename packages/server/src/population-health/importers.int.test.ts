import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR, PUBLIC_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase, refdataFolder } from "@openics/testkit";
import { importFhir } from "./fhir-importer";
import { importPatientCsv, setOptOuts } from "./csv-importer";

interface ExpectedCounts {
  resource_counts: Record<string, number>;
  patients: {
    distinct: number;
    deceased: number;
    by_gender: Record<string, number>;
    birth_year_min: number;
    birth_year_max: number;
  };
  condition: {
    distinct_codings: number;
    top10_codings: {
      system: string;
      code: string;
      condition_resources: number;
      distinct_patients: number;
    }[];
    top10_by_distinct_patients: {
      system: string;
      code: string;
      distinct_patients: number;
    }[];
  };
  observation: {
    with_valueQuantity: number;
    by_value_type: Record<string, number>;
  };
  encounter: {
    period_start_earliest: { value: string };
    period_start_latest: { value: string };
  };
}

const refdata = refdataFolder("fhir");

describeEachDatabase("FHIR bulk export reference set", (open) => {
  let db: Database;
  if (refdata.path === null) {
    it.skip(refdata.reason, () => undefined);
    return;
  }
  const folder = refdata.path;
  const expected = JSON.parse(
    readFileSync(join(folder, "expected_counts.json"), "utf8"),
  ) as ExpectedCounts;
  const ndjson = refdata.files.filter((f) => f.endsWith(".ndjson"));

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    const result = await importFhir(db, SYSTEM_ACTOR, ndjson);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.loaded).toEqual(expected.resource_counts);
    expect(result.value.patients).toBe(expected.patients.distinct);
    expect(result.value.skipped).toEqual({});
  });
  afterAll(() => db.close());

  const one = async <T>(sql: string, params: unknown[] = []) =>
    (await db.query<T & Record<string, unknown>>(sql, params))[0] as T;

  it("holds every resource of every type", async () => {
    const rows = await db.query<{ resource_type: string; n: number }>(
      "select resource_type, count(*)::int as n from ph_event group by resource_type",
    );
    const patients = await one<{ n: number }>(
      "select count(*)::int as n from ph_patient",
    );
    expect({
      ...Object.fromEntries(rows.map((r) => [r.resource_type, r.n])),
      Patient: patients.n,
    }).toEqual(expected.resource_counts);
  });

  it("has the patients' deaths, genders and birth years", async () => {
    const p = await one<{
      distinct_patients: number;
      deceased: number;
      min: number;
      max: number;
    }>(
      `select count(distinct patient_id)::int as distinct_patients,
         count(date_of_death)::int as deceased,
         min(extract(year from date_of_birth))::int as min,
         max(extract(year from date_of_birth))::int as max from ph_patient`,
    );
    expect(p).toEqual({
      distinct_patients: expected.patients.distinct,
      deceased: expected.patients.deceased,
      min: expected.patients.birth_year_min,
      max: expected.patients.birth_year_max,
    });
    const sexes = await db.query<{ sex: string; n: number }>(
      "select sex, count(*)::int as n from ph_patient group by sex",
    );
    expect(Object.fromEntries(sexes.map((s) => [s.sex, s.n]))).toEqual(
      expected.patients.by_gender,
    );
    const referenced = await one<{ n: number }>(
      "select count(distinct patient_id)::int as n from ph_event",
    );
    expect(referenced.n).toBe(expected.patients.distinct);
  });

  it("ranks Condition codings as the reference does, by resources and by distinct patients", async () => {
    const rows = await db.query<{
      system: string;
      code: string;
      resources: number;
      patients: number;
    }>(
      `select system, code, count(*)::int as resources, count(distinct patient_id)::int as patients
         from ph_event where resource_type = 'Condition' group by system, code
         order by resources desc, patients desc, system, code`,
    );
    expect(rows.length).toBe(expected.condition.distinct_codings);
    expect(
      rows.slice(0, 10).map((r) => ({
        system: r.system,
        code: r.code,
        condition_resources: r.resources,
        distinct_patients: r.patients,
      })),
    ).toEqual(
      expected.condition.top10_codings.map((c) => ({
        system: c.system,
        code: c.code,
        condition_resources: c.condition_resources,
        distinct_patients: c.distinct_patients,
      })),
    );
    const byPatients = [...rows].sort(
      (a, b) =>
        b.patients - a.patients ||
        b.resources - a.resources ||
        (a.code < b.code ? -1 : 1),
    );
    for (const c of expected.condition.top10_by_distinct_patients) {
      const row = byPatients.find(
        (r) => r.system === c.system && r.code === c.code,
      );
      expect(row?.patients).toBe(c.distinct_patients);
    }
  });

  it("keeps Observation values, and panels without a value", async () => {
    const o = await one<{ with_value: number; all: number }>(
      `select count(value)::int as with_value, count(*)::int as all
         from ph_event where resource_type = 'Observation'`,
    );
    expect(o.with_value).toBe(expected.observation.with_valueQuantity);
    expect(o.all - o.with_value).toBe(
      (expected.observation.by_value_type["(none)"] ?? 0) +
        (expected.observation.by_value_type["valueCodeableConcept"] ?? 0),
    );
  });

  it("dates Encounters from period.start", async () => {
    const e = await one<{ earliest: string; latest: string }>(
      `select min(date)::text as earliest, max(date)::text as latest
         from ph_event where resource_type = 'Encounter'`,
    );
    expect(e.earliest).toBe(
      expected.encounter.period_start_earliest.value.slice(0, 10),
    );
    expect(e.latest).toBe(
      expected.encounter.period_start_latest.value.slice(0, 10),
    );
  });

  it("replaces, never duplicates, on a second load", async () => {
    const before = await one<{ n: number }>(
      "select count(*)::int as n from ph_event",
    );
    const again = await importFhir(db, SYSTEM_ACTOR, ndjson);
    expect(again.ok).toBe(true);
    const after = await one<{ n: number }>(
      "select count(*)::int as n from ph_event",
    );
    expect(after.n).toBe(before.n);
  });
});

const line = (r: object) => JSON.stringify(r);
const patient = (id: string, extra: object = {}) =>
  line({
    resourceType: "Patient",
    id,
    gender: "male",
    birthDate: "1970-01-01",
    ...extra,
  });

describeEachDatabase("FHIR import of any standard bulk export", (open) => {
  let db: Database;
  const dir = mkdtempSync(join(tmpdir(), "openics-fhir-"));
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
  });
  afterAll(() => db.close());

  it("reads urn:uuid references, components without a value, unknown extensions and any code system", async () => {
    const id = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
    const path = write("mixed.ndjson", [
      patient(id, {
        extension: [{ url: "urn:test:unknown", valueDecimal: 1.5 }],
        generalPractitioner: [
          {
            identifier: {
              system: "https://fhir.nhs.uk/Id/ods-organization-code",
              value: "b86001",
            },
          },
        ],
      }),
      line({
        resourceType: "Observation",
        id: "bp",
        subject: { reference: `urn:uuid:${id}` },
        code: {
          coding: [{ system: "http://snomed.info/sct", code: "75367002" }],
        },
        effectiveDateTime: "2020-02-03T10:00:00Z",
        component: [
          { code: { text: "systolic" }, valueQuantity: { value: 141 } },
        ],
      }),
      line({
        resourceType: "Condition",
        id: "icd",
        subject: {
          reference: `https://fhir.example.nhs.uk/R4/Patient/${id}/_history/2`,
        },
        code: {
          coding: [{ system: "http://hl7.org/fhir/sid/icd-10", code: "I10" }],
        },
        recordedDate: "2019",
        extension: [
          {
            url: "urn:test:associated-goal",
            valueReference: { reference: "Goal/1" },
          },
        ],
      }),
      line({
        resourceType: "MedicationRequest",
        id: "dmd",
        subject: { reference: `Patient/${id}` },
        medicationCodeableConcept: {
          coding: [{ system: "https://dmd.nhs.uk", code: "39113611000001102" }],
        },
        authoredOn: "2021-06-01",
      }),
      line({
        resourceType: "Condition",
        id: "orphan",
        subject: { reference: "Patient/nobody" },
        code: { coding: [{ system: "s", code: "c" }] },
        recordedDate: "2020",
      }),
      line({
        resourceType: "Procedure",
        id: "nodate",
        subject: { reference: `Patient/${id}` },
        code: { coding: [{ system: "s", code: "c" }] },
      }),
      line({ resourceType: "Organization", id: "org" }),
    ]);
    const result = await importFhir(db, SYSTEM_ACTOR, [path]);
    expect(result.ok && result.value).toMatchObject({
      loaded: {
        Patient: 1,
        Observation: 1,
        Condition: 1,
        MedicationRequest: 1,
      },
      patients: 1,
      registrations: 1,
      skipped: {
        Condition: { unknown_patient: 1 },
        Procedure: { no_date: 1 },
        Organization: { not_imported_type: 1 },
      },
    });
    const events = await db.query<{
      event_id: string;
      system: string;
      value: number | null;
      date: string;
    }>(
      "select event_id, system, value, date::text as date from ph_event order by event_id",
    );
    expect(events).toEqual([
      {
        event_id: "Condition/icd",
        system: "http://hl7.org/fhir/sid/icd-10",
        value: null,
        date: "2019-01-01",
      },
      {
        event_id: "MedicationRequest/dmd",
        system: "https://dmd.nhs.uk",
        value: null,
        date: "2021-06-01",
      },
      {
        event_id: "Observation/bp",
        system: "http://snomed.info/sct",
        value: null,
        date: "2020-02-03",
      },
    ]);
    const reg = await db.query<{ practice_code: string }>(
      "select practice_code from ph_registration",
    );
    expect(reg).toEqual([{ practice_code: "B86001" }]);
  });

  it("reports a malformed line by file, line and field and writes nothing", async () => {
    const before = await db.query<{ n: number }>(
      "select count(*)::int as n from audit_log",
    );
    const good = write("good.ndjson", [patient("p-good")]);
    const bad = write("bad.ndjson", [
      patient("p-ok"),
      '{"resourceType": "Patient", "id": "p-broken", ',
      patient("p-date", { birthDate: "01/02/1970" }),
    ]);
    const result = await importFhir(db, SYSTEM_ACTOR, [good, bad]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("invalid_rows");
    expect(result.error.problems.map((p) => [p.file, p.line, p.field])).toEqual(
      [
        ["bad.ndjson", 2, "(line)"],
        ["bad.ndjson", 3, "birthDate"],
      ],
    );
    const found = await db.query(
      "select 1 from ph_patient where patient_id in ('p-good', 'p-ok')",
    );
    expect(found).toEqual([]);
    const after = await db.query<{ n: number }>(
      "select count(*)::int as n from audit_log",
    );
    expect(after).toEqual(before);
  });

  it("refuses the public", async () => {
    const result = await importFhir(db, PUBLIC_ACTOR, [
      write("p.ndjson", [patient("x")]),
    ]);
    expect(!result.ok && result.error.code).toBe("forbidden");
  });

  it("loads the CSV layout, checks patients exist, and keeps opt-outs through a reload", async () => {
    const patients = write("people.csv", [
      "patient_id,sex,date_of_birth,date_of_death,ethnicity_code,ethnicity_group,lsoa_code,opted_out,source",
      "c1,female,1980-02-03,,A,white,E01000001,false,demo",
      "c2,male,1955-06-07,2020-01-01,M,black,E01000002,false,demo",
    ]);
    const regs = write("regs.csv", [
      "patient_id,practice_code,start_date,end_date",
      "c1,B86001,2000-01-01,",
      "c2,B86002,1990-01-01,2020-01-01",
    ]);
    const events = write("ev.csv", [
      "event_id,patient_id,resource_type,system,code,date,end_date,category,value,unit",
      "e1,c1,Observation,http://snomed.info/sct,75367002,2020-01-01,,,141.5,mm[Hg]",
      "e2,c2,Encounter,http://snomed.info/sct,4525004,2019-05-05,2019-05-06,EMER,,",
    ]);
    const result = await importPatientCsv(db, SYSTEM_ACTOR, [
      events,
      regs,
      patients,
    ]);
    expect(result).toEqual({
      ok: true,
      value: { patients: 2, registrations: 2, events: 2 },
    });

    const list = write("optouts.txt", ["patient_id", "c2", ""]);
    const opt = await setOptOuts(db, SYSTEM_ACTOR, list);
    expect(opt.ok && opt.value).toEqual({
      listed: 1,
      flagged: 1,
      cleared: 0,
      notLoaded: 0,
    });
    const reload = await importPatientCsv(db, SYSTEM_ACTOR, [patients]);
    expect(reload.ok).toBe(true);
    const flags = await db.query<{ patient_id: string; opted_out: boolean }>(
      "select patient_id, opted_out from ph_patient where patient_id in ('c1','c2') order by patient_id",
    );
    expect(flags).toEqual([
      { patient_id: "c1", opted_out: false },
      { patient_id: "c2", opted_out: true },
    ]);

    const orphan = write("orphan.csv", [
      "event_id,patient_id,resource_type,system,code,date,end_date,category,value,unit",
      "e9,nobody,Condition,s,c,2020-01-01,,,,",
      "e10,c1,Condition,s,c,2020-13-01,,,,",
    ]);
    const refused = await importPatientCsv(db, SYSTEM_ACTOR, [orphan]);
    expect(
      !refused.ok && refused.error.problems.map((p) => [p.line, p.field]),
    ).toEqual([[3, "date"]]);
    const orphanOnly = write("orphan2.csv", [
      "event_id,patient_id,resource_type,system,code,date,end_date,category,value,unit",
      "e9,nobody,Condition,s,c,2020-01-01,,,,",
    ]);
    const refused2 = await importPatientCsv(db, SYSTEM_ACTOR, [orphanOnly]);
    expect(
      !refused2.ok &&
        refused2.error.problems.map((p) => [p.file, p.line, p.field]),
    ).toEqual([["orphan2.csv", 2, "patient_id"]]);
  });
});

describe("CSV header recognition", () => {
  it("refuses a file whose header is not a patient-level table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openics-csv-"));
    const path = join(dir, "x.csv");
    writeFileSync(path, "code,term\nA,B\n");
    const db = {
      transaction: () => Promise.reject(new Error("must not write")),
    } as unknown as Database;
    const result = await importPatientCsv(db, SYSTEM_ACTOR, [path]);
    expect(!result.ok && result.error.problems[0]?.field).toBe("(header)");
  });
});
