import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import readXlsxFile from "read-excel-file/node";
import {
  finance,
  formatProblem,
  type Actor,
  type RowProblem,
} from "@openics/core";
import {
  appendAudit,
  spendRepository as repo,
  type Database,
} from "@openics/db";

const spend = finance.spend;

export type SpendImportProgress =
  | {
      readonly stage: "read";
      readonly file: string;
      readonly rows: number;
      readonly encoding: string;
    }
  | {
      readonly stage: "write";
      readonly file: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly stage: "skip"; readonly file: string; readonly reason: string };

export interface SpendFileOutcome extends finance.spend.SpendSummary {
  readonly file: string;
  readonly body_code: string;
  readonly sha256: string;
  readonly encoding: string;
  readonly header_line: number;
  readonly mapping: Readonly<Record<string, string>>;
  readonly date_order: "dmy" | "mdy";
  /** False when the same file was imported for the same body before (nothing was written). */
  readonly written: boolean;
}

type FailureCode =
  "unrecognised_file" | "invalid_rows" | "no_rows" | "forbidden";

export type SpendImportResult =
  | { readonly ok: true; readonly files: readonly SpendFileOutcome[] }
  | {
      readonly ok: false;
      readonly code: FailureCode;
      readonly problems: readonly RowProblem[];
      readonly message: string;
    };

export interface SpendFileInput {
  readonly path: string;
  readonly bytes?: Buffer | undefined;
  /** The paying body's code (ODS code for NHS bodies); by default the file's own body column. */
  readonly body?: string | undefined;
  /** The ICS (ICB ODS code) the body belongs to, for the ICS's spend analysis. */
  readonly ics?: string | undefined;
}

interface ParsedSpendFile {
  readonly file: string;
  readonly sha256: string;
  readonly encoding: string;
  readonly body_code: string;
  readonly body_name: string | null;
  readonly ics_code: string | null;
  readonly layout: finance.spend.SpendLayout;
  readonly lines: readonly finance.spend.SpendLine[];
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/** A workbook's first sheet holding any value, as text records (dates as ISO days). */
async function workbookRecords(bytes: Buffer): Promise<string[][]> {
  const sheets = await readXlsxFile(bytes, { parseNumber: (s: string) => s });
  const sheet = sheets.find((s) =>
    s.data.some((row) =>
      row.some((c) => c !== null && String(c).trim() !== ""),
    ),
  );
  return (sheet?.data ?? []).map((row) =>
    row.map((c) =>
      c === null ? "" : c instanceof Date ? isoOf(c) : String(c),
    ),
  );
}

const isWorkbook = (bytes: Buffer) =>
  bytes.length > 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  bytes[2] === 3 &&
  bytes[3] === 4;

/** The value written most often in a column, e.g. the body's name in an "Entity" column. */
function commonest(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts)
    if (best === null || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

type Parsed =
  | { ok: true; parsed: ParsedSpendFile }
  | { ok: false; code: FailureCode; problems: readonly RowProblem[] };

/** Reads and validates one spend file (CSV in any of its encodings, or XLSX) without writing. */
export async function parseSpendFile(input: SpendFileInput): Promise<Parsed> {
  const file = basename(input.path);
  const bytes = input.bytes ?? (await readFile(input.path));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let records: string[][];
  let lineNumbers: number[] | undefined;
  let encoding: string;
  if (isWorkbook(bytes)) {
    try {
      records = await workbookRecords(bytes);
    } catch (error) {
      return {
        ok: false,
        code: "unrecognised_file",
        problems: [
          {
            file,
            line: 0,
            field: "(file)",
            message: `not a readable XLSX workbook: ${(error as Error).message}`,
          },
        ],
      };
    }
    encoding = "xlsx";
  } else {
    const decoded = spend.decodeSpendBytes(bytes);
    const split = spend.splitCsv(decoded.text);
    records = split.records;
    lineNumbers = split.lines;
    encoding = decoded.encoding;
  }
  const result = spend.parseSpendRecords(file, records, lineNumbers);
  if (!result.ok) return result;
  const bodyName = commonest(result.lines.map((l) => l.body_name));
  const bodyCode = input.body?.trim() || bodyName;
  if (!bodyCode)
    return {
      ok: false,
      code: "invalid_rows",
      problems: [
        {
          file,
          line: result.layout.header_line,
          field: "(body)",
          message: "the file names no paying body: give the body's code",
        },
      ],
    };
  return {
    ok: true,
    parsed: {
      file,
      sha256,
      encoding,
      body_code: bodyCode,
      body_name: bodyName,
      ics_code: input.ics ?? null,
      layout: result.layout,
      lines: result.lines,
    },
  };
}

const failure = (
  code: FailureCode,
  problems: readonly RowProblem[],
  message = problems.map(formatProblem).join("\n"),
): SpendImportResult => ({ ok: false, code, problems, message });

/**
 * Imports spend files. Every file is read and validated first; then all new files are written in
 * one transaction, each audited. A fault in any file writes nothing. A file already imported for
 * the same body (same checksum) is passed over, so importing again changes nothing.
 */
export async function importSpend(
  db: Database,
  actor: Actor,
  files: readonly SpendFileInput[],
  onProgress: (p: SpendImportProgress) => void = () => undefined,
): Promise<SpendImportResult> {
  for (const f of files)
    if (!spend.canImportSpend(actor, f.ics ?? null))
      return failure(
        "forbidden",
        [],
        "Only a national administrator, or an officer of the ICS, may import its spend files.",
      );
  const parsed: ParsedSpendFile[] = [];
  for (const f of files) {
    const result = await parseSpendFile(f);
    if (!result.ok) return failure(result.code, result.problems);
    const p = result.parsed;
    const twin = parsed.find(
      (q) => q.body_code === p.body_code && q.sha256 === p.sha256,
    );
    if (twin)
      return failure("invalid_rows", [
        {
          file: p.file,
          line: 1,
          field: "(file)",
          message: `the same file as ${twin.file} for ${p.body_code}: give each file once`,
        },
      ]);
    onProgress({
      stage: "read",
      file: p.file,
      rows: p.lines.length,
      encoding: p.encoding,
    });
    parsed.push(p);
  }
  const outcomes = await db.transaction(async (tx) => {
    const out: SpendFileOutcome[] = [];
    for (const p of parsed) {
      const summary = spend.summariseSpend(p.lines);
      const record: repo.SpendFileRecord = {
        body_code: p.body_code,
        sha256: p.sha256,
        ics_code: p.ics_code,
        body_name: p.body_name,
        source_file: p.file,
        encoding: p.encoding,
        header_line: p.layout.header_line,
        mapping: p.layout.mapping,
        date_order: p.layout.date_order,
        rows: summary.rows,
        total_pence: summary.total_pence,
        earliest_date: summary.earliest_date,
        latest_date: summary.latest_date,
      };
      const before = await repo.getFile(tx, p.body_code, p.sha256);
      if (before) {
        onProgress({
          stage: "skip",
          file: p.file,
          reason: `already imported for ${p.body_code} as ${before.source_file}`,
        });
      } else {
        const total = p.lines.length;
        await repo.insertFile(tx, record, p.lines, (done) => {
          onProgress({ stage: "write", file: p.file, done, total });
        });
        await appendAudit(tx, {
          actor: actor.id,
          action: "import",
          entity: "spend_file",
          entityKey: `${p.body_code}/${p.sha256}`,
          before: null,
          after: {
            file: p.file,
            body: p.body_code,
            ics: p.ics_code,
            encoding: p.encoding,
            mapping: p.layout.mapping,
            rows: summary.rows,
            total_pence: summary.total_pence,
          },
        });
      }
      out.push({
        file: p.file,
        body_code: p.body_code,
        sha256: p.sha256,
        encoding: p.encoding,
        header_line: p.layout.header_line,
        mapping: p.layout.mapping,
        date_order: p.layout.date_order,
        written: !before,
        ...summary,
      });
    }
    return out;
  });
  return { ok: true, files: outcomes };
}
