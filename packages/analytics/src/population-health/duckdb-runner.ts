// Runs compiled population-health queries on DuckDB: the patient-level tables are created in
// the connection and filled from rows or straight from the CSV files (read_csv).
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import type { populationHealth as ph } from "@openics/core";
import { decodeRows, type CompiledQuery } from "./compile";
import {
  EVENT_COLUMNS,
  eventValues,
  PATIENT_COLUMNS,
  patientValues,
  REGISTRATION_COLUMNS,
  registrationValues,
  type Lookups,
  type PatientRecords,
} from "./tables";

const TABLE_COLUMNS = {
  ph_patient: {
    patient_id: "varchar",
    sex: "varchar",
    date_of_birth: "date",
    date_of_death: "date",
    ethnicity_code: "varchar",
    ethnicity_group: "varchar",
    lsoa_code: "varchar",
    opted_out: "boolean",
    source: "varchar",
  },
  ph_registration: {
    patient_id: "varchar",
    practice_code: "varchar",
    start_date: "date",
    end_date: "date",
  },
  ph_event: {
    event_id: "varchar",
    patient_id: "varchar",
    resource_type: "varchar",
    system: "varchar",
    code: "varchar",
    date: "date",
    end_date: "date",
    category: "varchar",
    value: "double",
    unit: "varchar",
  },
} as const;
type Table = keyof typeof TABLE_COLUMNS;

/** Creates (or empties) ph_patient, ph_registration and ph_event in the connection. */
export async function createPatientTables(
  connection: DuckDBConnection,
): Promise<void> {
  for (const [table, columns] of Object.entries(TABLE_COLUMNS)) {
    const defs = Object.entries(columns)
      .map(([name, type]) => `"${name}" ${type}`)
      .join(", ");
    await connection.run(`create or replace table ${table} (${defs})`);
  }
}

async function insertRows(
  connection: DuckDBConnection,
  table: Table,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  const types = TABLE_COLUMNS[table] as Record<string, string>;
  const chunk = 200;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: DuckDBValue[] = [];
    const tuples = part.map((row) => {
      const cells = row.map((value, i) => {
        params.push(value as DuckDBValue);
        return `cast($${params.length} as ${types[columns[i] ?? ""] ?? "varchar"})`;
      });
      return `(${cells.join(", ")})`;
    });
    await connection.run(
      `insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}`,
      params,
    );
  }
}

/** Adds rows to the patient-level tables. */
export async function insertPatientRecords(
  connection: DuckDBConnection,
  records: PatientRecords,
): Promise<void> {
  await insertRows(
    connection,
    "ph_patient",
    PATIENT_COLUMNS,
    records.patients.map(patientValues),
  );
  await insertRows(
    connection,
    "ph_registration",
    REGISTRATION_COLUMNS,
    (records.registrations ?? []).map(registrationValues),
  );
  await insertRows(
    connection,
    "ph_event",
    EVENT_COLUMNS,
    (records.events ?? []).map(eventValues),
  );
}

/**
 * Appends rows (values in the table's column order; dates as YYYY-MM-DD) through DuckDB's
 * appender: a text staging table, then one typed insert. For bulk copies from another store.
 */
export async function appendRows(
  connection: DuckDBConnection,
  table: "ph_patient" | "ph_registration" | "ph_event",
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(TABLE_COLUMNS[table]);
  await connection.run(
    `create or replace table ${table}_staging (${columns.map(([name]) => `"${name}" varchar`).join(", ")})`,
  );
  const appender = await connection.createAppender(`${table}_staging`);
  for (const row of rows) {
    for (const value of row) {
      if (value === null || value === undefined) appender.appendNull();
      else
        appender.appendVarchar(
          typeof value === "string" ? value : JSON.stringify(value),
        );
    }
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(
    `insert into ${table} select ${columns.map(([name, type]) => `cast("${name}" as ${type})`).join(", ")} from ${table}_staging`,
  );
  await connection.run(`drop table ${table}_staging`);
}

export interface PatientCsvFiles {
  readonly patients: string;
  readonly registrations: string;
  readonly events: string;
}

const quoted = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Loads patients.csv, registrations.csv and events.csv (header row = column names) with read_csv. */
export async function loadPatientCsv(
  connection: DuckDBConnection,
  files: PatientCsvFiles,
): Promise<void> {
  const load = async (table: Table, path: string) => {
    const columns = Object.entries(TABLE_COLUMNS[table])
      .map(([name, type]) => `${quoted(name)}: ${quoted(type)}`)
      .join(", ");
    await connection.run(
      `insert into ${table} select * from read_csv(${quoted(path)}, header = true, auto_detect = false, columns = {${columns}}, dateformat = '%Y-%m-%d')`,
    );
  };
  await load("ph_patient", files.patients);
  await load("ph_registration", files.registrations);
  await load("ph_event", files.events);
}

/** Creates the lookup tables the compiled SQL joins to (empty when none are given). */
export async function setLookups(
  connection: DuckDBConnection,
  lookups: Lookups,
): Promise<void> {
  await connection.run(
    "create or replace table ph_lsoa_lookup (lsoa_code varchar primary key, imd_decile integer, place_code varchar)",
  );
  await connection.run(
    "create or replace table ph_practice_lookup (practice_code varchar primary key, pcn_code varchar, place_code varchar)",
  );
  for (const [table, rows] of [
    [
      "ph_lsoa_lookup",
      (lookups.lsoas ?? []).map((r) => [
        r.lsoa_code,
        r.imd_decile,
        r.place_code,
      ]),
    ],
    [
      "ph_practice_lookup",
      (lookups.practices ?? []).map((r) => [
        r.practice_code,
        r.pcn_code,
        r.place_code,
      ]),
    ],
  ] as const) {
    if (rows.length === 0) continue;
    const appender = await connection.createAppender(table);
    for (const row of rows) {
      for (const cell of row) {
        if (cell === null) appender.appendNull();
        else if (typeof cell === "number") appender.appendInteger(cell);
        else appender.appendVarchar(cell);
      }
      appender.endRow();
    }
    appender.closeSync();
  }
}

/** Runs a query compiled for DuckDB and returns one row per measure and cell. */
export async function runOnDuckDB(
  connection: DuckDBConnection,
  compiled: CompiledQuery,
): Promise<ph.MeasureRow[]> {
  if (compiled.dialect !== "duckdb") {
    throw new Error(
      `a query compiled for ${compiled.dialect} cannot run on DuckDB`,
    );
  }
  const reader = await connection.runAndReadAll(compiled.sql, [
    ...compiled.params,
  ]);
  return decodeRows(compiled, reader.getRowObjectsJS());
}
