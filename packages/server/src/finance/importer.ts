import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import {
  finance,
  formatProblem,
  type Actor,
  type RowProblem,
} from "@openics/core";
import {
  appendAudit,
  financeRepository as repo,
  type Database,
} from "@openics/db";

export type AllocationImportProgress =
  | {
      readonly stage: "read";
      readonly file: string;
      readonly year: string;
      readonly rows: number;
    }
  | {
      readonly stage: "write";
      readonly file: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly stage: "skip"; readonly file: string; readonly reason: string };

export interface AllocationFileOutcome {
  readonly file: string;
  readonly year: string | null;
  readonly rows: number;
  /** Practices new, changed or removed by this import: 0 when the file was imported before. */
  readonly inserted: number;
  readonly updated: number;
  readonly removed: number;
  readonly skipped?: string;
}

export type AllocationImportResult =
  | { readonly ok: true; readonly files: readonly AllocationFileOutcome[] }
  | {
      readonly ok: false;
      readonly code:
        "unrecognised_file" | "invalid_rows" | "no_rows" | "forbidden";
      readonly problems: readonly RowProblem[];
      readonly message: string;
    };

interface ParsedYear {
  readonly file: string;
  readonly sha256: string;
  readonly year: string;
  readonly rows: readonly finance.PracticeWeightedPopulation[];
}

type Parsed =
  | { ok: true; parsed: ParsedYear | { file: string; skipped: string } }
  | {
      ok: false;
      code: "unrecognised_file" | "invalid_rows" | "no_rows";
      problems: RowProblem[];
    };

// Without a columns option, csv-parse yields each record as an array of strings. Rows of a
// different length are kept, so the core check can say which line is short.
const readRecords = parse as (
  input: Buffer,
  options: {
    bom: boolean;
    skip_empty_lines: boolean;
    relax_column_count: boolean;
  },
) => string[][];

const refuse = (
  code: "unrecognised_file" | "invalid_rows" | "no_rows",
  problem: RowProblem,
): Parsed => ({ ok: false, code, problems: [problem] });

/** Reads and validates one allocations file without writing anything. */
export function parseAllocationFile(path: string, bytes: Buffer): Parsed {
  const file = basename(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let records: string[][];
  try {
    records = readRecords(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return refuse("invalid_rows", {
      file,
      line: e.lines ?? 0,
      field: "(row)",
      message: `${e.message.replace(/^Invalid [^:]*: /, "")} (is the file cut short?)`,
    });
  }
  const [header, ...data] = records;
  if (!header)
    return refuse("no_rows", {
      file,
      line: 1,
      field: "(file)",
      message: "the file is empty",
    });
  const kind = finance.recogniseFinanceCsv(header);
  if (!kind)
    return refuse("unrecognised_file", {
      file,
      line: 1,
      field: "(header)",
      message: `the columns match no known allocations layout: found ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""}`,
    });
  if (kind.type === "incomplete")
    return refuse("unrecognised_file", {
      file,
      line: 1,
      field: "(header)",
      message: `the columns look like GP practice weighted populations but ${kind.missing.join(", ")} ${kind.missing.length === 1 ? "is" : "are"} missing`,
    });
  if (kind.type === "summary")
    return {
      ok: true,
      parsed: {
        file,
        skipped: `${kind.title}: ${kind.reason}`,
      },
    };
  const result = finance.validatePracticeRecords(file, header, data);
  if (!result.ok)
    return {
      ok: false,
      code: data.length === 0 ? "no_rows" : "invalid_rows",
      problems: result.problems,
    };
  return {
    ok: true,
    parsed: { file, sha256, year: result.year, rows: result.rows },
  };
}

const failure = (
  code: "unrecognised_file" | "invalid_rows" | "no_rows" | "forbidden",
  problems: readonly RowProblem[],
  message = problems.map(formatProblem).join("\n"),
): AllocationImportResult => ({ ok: false, code, problems, message });

/**
 * Imports GP-practice weighted populations, one allocation year per file. Every file is read and
 * validated first; then all are written in one transaction, each changed year audited. Any
 * fault in any file writes nothing. Importing the same files again changes nothing.
 */
export async function importAllocations(
  db: Database,
  actor: Actor,
  files: readonly { path: string; bytes?: Buffer }[],
  onProgress: (p: AllocationImportProgress) => void = () => undefined,
): Promise<AllocationImportResult> {
  if (!finance.can(actor, "import"))
    return failure(
      "forbidden",
      [],
      "Only a national administrator may import allocations.",
    );
  const years: ParsedYear[] = [];
  const skipped: AllocationFileOutcome[] = [];
  for (const f of files) {
    const result = parseAllocationFile(
      f.path,
      f.bytes ?? (await readFile(f.path)),
    );
    if (!result.ok) return failure(result.code, result.problems);
    const p = result.parsed;
    if ("skipped" in p) {
      onProgress({ stage: "skip", file: p.file, reason: p.skipped });
      skipped.push({
        file: p.file,
        year: null,
        rows: 0,
        inserted: 0,
        updated: 0,
        removed: 0,
        skipped: p.skipped,
      });
      continue;
    }
    const twin = years.find((y) => y.year === p.year);
    if (twin)
      return failure("invalid_rows", [
        {
          file: p.file,
          line: 2,
          field: "year",
          message: `${p.year} is also the year of ${twin.file}: import one file per allocation year`,
        },
      ]);
    onProgress({
      stage: "read",
      file: p.file,
      year: p.year,
      rows: p.rows.length,
    });
    years.push(p);
  }
  const written = await db.transaction(async (tx) => {
    const outcomes: AllocationFileOutcome[] = [];
    for (const y of years) {
      const registered = finance.sumPopulations(y.rows).registered;
      const before = await repo.getYear(tx, y.year);
      const yearChanged = await repo.upsertYear(tx, {
        year: y.year,
        practices: y.rows.length,
        registered_population: finance.unitsToDecimal(registered),
        source_file: y.file,
        sha256: y.sha256,
      });
      const total = y.rows.length;
      const { inserted, updated } = await repo.upsertPractices(
        tx,
        y.rows,
        (done) => {
          onProgress({ stage: "write", file: y.file, done, total });
        },
      );
      const removed = await repo.removePracticesNotIn(
        tx,
        y.year,
        y.rows.map((r) => r.practice_code),
        [...new Set(y.rows.map((r) => r.icb_code))],
      );
      // Only a change is an event: a repeated import leaves the audit log as it was.
      if (yearChanged || inserted + updated + removed > 0)
        await appendAudit(tx, {
          actor: actor.id,
          action: "import",
          entity: "allocation_year",
          entityKey: y.year,
          before,
          after: {
            file: y.file,
            sha256: y.sha256,
            practices: total,
            inserted,
            updated,
            removed,
          },
        });
      outcomes.push({
        file: y.file,
        year: y.year,
        rows: total,
        inserted,
        updated,
        removed,
      });
    }
    return outcomes;
  });
  return { ok: true, files: [...written, ...skipped] };
}
