import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { populationHealth as ph } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import { openAnalytics } from "../engine";
import { compileQuery } from "./compile";
import {
  createPatientTables,
  insertPatientRecords,
  runOnDuckDB,
  setLookups,
} from "./duckdb-runner";
import { runOnPostgres } from "./postgres-runner";
import { SPEC_CASES, type ExpectedRow, type SpecCase } from "./spec";
import {
  EVENT_COLUMNS,
  PATIENT_COLUMNS,
  REGISTRATION_COLUMNS,
  eventValues,
  patientValues,
  registrationValues,
} from "./tables";

const round = (v: number | null) =>
  v === null ? null : Math.round(v * 1e9) / 1e9;
const normalise = (rows: readonly (ExpectedRow | ph.MeasureRow)[]) =>
  rows.map((r) => ({
    measure: r.measure,
    group: r.group,
    numerator: round(r.numerator),
    denominator: round(r.denominator),
  }));

it("the specification has a case for every feature (at least 30)", () => {
  expect(SPEC_CASES.length).toBeGreaterThanOrEqual(30);
  expect(new Set(SPEC_CASES.map((c) => c.name)).size).toBe(SPEC_CASES.length);
});

describe("query specification [duckdb]", () => {
  let engine: Awaited<ReturnType<typeof openAnalytics>>;
  beforeAll(async () => {
    engine = await openAnalytics();
  });
  afterAll(() => {
    engine.close();
  });

  it.each(SPEC_CASES.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, c: SpecCase) => {
      await createPatientTables(engine.connection);
      await insertPatientRecords(engine.connection, c.records);
      await setLookups(engine.connection, c.lookups ?? {});
      const rows = await runOnDuckDB(
        engine.connection,
        compileQuery(c.query, "duckdb", c.options),
      );
      expect(normalise(rows)).toEqual(normalise(c.expected));
    },
  );
});

async function insert(
  db: Database,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
) {
  for (const row of rows) {
    await db.query(
      `insert into ${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      row,
    );
  }
}

describeEachDatabase("query specification", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
  });
  afterAll(() => db.close());

  it.each(SPEC_CASES.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, c: SpecCase) => {
      // Each case starts from empty tables (the migrations allow no DELETE; the test may).
      await db.query("delete from ph_event");
      await db.query("delete from ph_registration");
      await db.query("delete from ph_patient");
      await insert(
        db,
        "ph_patient",
        PATIENT_COLUMNS,
        c.records.patients.map(patientValues),
      );
      await insert(
        db,
        "ph_registration",
        REGISTRATION_COLUMNS,
        (c.records.registrations ?? []).map(registrationValues),
      );
      await insert(
        db,
        "ph_event",
        EVENT_COLUMNS,
        (c.records.events ?? []).map(eventValues),
      );
      const compiled = compileQuery(c.query, "postgres", c.options);
      const rows = await db.transaction((tx) =>
        runOnPostgres(tx, compiled, c.lookups ?? {}),
      );
      expect(normalise(rows)).toEqual(normalise(c.expected));
    },
  );
});
