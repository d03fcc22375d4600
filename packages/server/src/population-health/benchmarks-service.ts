import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import {
  populationHealth as ph,
  type Actor,
  type RowProblem,
} from "@openics/core";
import {
  appendAudit,
  benchmarkRepository,
  type Database,
  type Queryable,
} from "@openics/db";
import type { ImportFailure } from "./fhir-importer";

// Loading benchmarks (England and other comparator areas) from the Fingertips data download.
// Every line is validated first; any fault writes nothing. Values are keyed as Fingertips keys
// them, so loading the same file again changes nothing but the time it was loaded.

export interface BenchmarkImportReport {
  readonly file: string;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly indicators: readonly number[];
  readonly areas: number;
  /** Lines left out, by reason (e.g. a breakdown by deprivation decile). */
  readonly skipped: Readonly<Record<string, number>>;
}

export type BenchmarkImportResult =
  | { readonly ok: true; readonly value: BenchmarkImportReport }
  | { readonly ok: false; readonly error: ImportFailure };

const MAX_PROBLEMS = 50;

const failure = (
  code: ImportFailure["code"],
  problems: readonly RowProblem[],
  message: string = ph.PATIENT_DATA_ERRORS[code],
): BenchmarkImportResult => ({ ok: false, error: { code, problems, message } });

/** Validates a Fingertips download and, only if every line is valid, stores it with an audit entry. */
export async function importBenchmarks(
  db: Database,
  actor: Actor,
  path: string,
): Promise<BenchmarkImportResult> {
  if (!ph.mayManagePatientData(actor)) return failure("forbidden", []);
  const file = basename(path);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(await readFile(path, "utf8"), {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    return failure("invalid_rows", [
      {
        file,
        line: (error as { lines?: number }).lines ?? 1,
        field: "(file)",
        message: (error as Error).message,
      },
    ]);
  }
  const [head, ...body] = records;
  const header = head?.record.map((h) => h.trim()) ?? [];
  const missing = ph.missingBenchmarkColumns(header);
  if (head === undefined || missing.length > 0)
    return failure(
      "invalid_rows",
      [
        {
          file,
          line: 1,
          field: "(header)",
          message: `not a Fingertips data download: no column ${missing.map((m) => `"${m}"`).join(", ")}`,
        },
      ],
      "The file is not in a layout this import reads.",
    );

  const problems: RowProblem[] = [];
  let faults = 0;
  const fault = (p: RowProblem) => {
    faults++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const rows = new Map<string, { row: ph.BenchmarkRow; line: number }>();
  const skipped: Record<string, number> = {};
  for (const { record, info } of body) {
    const line = info.lines;
    const values = Object.fromEntries(
      header.map((h, i) => [h, record[i] ?? ""]),
    );
    const read = ph.readBenchmarkRow(values);
    if (!read.ok) {
      fault({ file, line, field: read.field, message: read.message });
      continue;
    }
    if (read.row === null) {
      skipped[read.skipped] = (skipped[read.skipped] ?? 0) + 1;
      continue;
    }
    const key = ph.benchmarkKey(read.row);
    const seen = rows.get(key);
    if (seen) {
      fault({
        file,
        line,
        field: "Time period",
        message: `the same indicator, area, sex, age and period as line ${seen.line}`,
      });
      continue;
    }
    rows.set(key, { row: read.row, line });
  }
  if (faults > 0)
    return failure(
      "invalid_rows",
      problems,
      `${faults} ${faults === 1 ? "line is" : "lines are"} not valid; nothing was written.`,
    );
  if (rows.size === 0) return failure("no_rows", []);

  const valid = [...rows.values()].map((r) => r.row);
  const indicators = [...new Set(valid.map((r) => r.indicator_id))].sort(
    (a, b) => a - b,
  );
  const areas = new Set(valid.map((r) => r.area_code)).size;
  return db.transaction(async (tx) => {
    const written = await benchmarkRepository.upsertBenchmarks(tx, valid, {
      file,
      loadedBy: actor.id,
    });
    const value: BenchmarkImportReport = {
      file,
      rows: valid.length,
      ...written,
      indicators,
      areas,
      skipped,
    };
    await appendAudit(tx, {
      actor: actor.id,
      action: "import_benchmarks",
      entity: "benchmark",
      entityKey: file,
      icsCode: actor.icsCode,
      after: { ...value },
    });
    return { ok: true as const, value };
  });
}

export type StoredBenchmark = benchmarkRepository.StoredBenchmark;

/** Every stored benchmark value of a Fingertips indicator. */
export function benchmarksOf(
  db: Queryable,
  fingertipsId: number,
): Promise<StoredBenchmark[]> {
  return benchmarkRepository.benchmarksOf(db, fingertipsId);
}
