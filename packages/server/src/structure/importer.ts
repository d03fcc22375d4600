import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import {
  structure,
  formatProblem,
  type RowProblem,
  type Actor,
} from "@openics/core";
import {
  appendAudit,
  structureRepository as repo,
  type Database,
  type Queryable,
} from "@openics/db";
import { WRITERS, deriveGeography } from "./writers";

export type ImportProgress =
  | {
      readonly stage: "read";
      readonly file: string;
      readonly kind: string;
      readonly title: string;
      readonly rows: number;
    }
  | {
      readonly stage: "write";
      readonly file: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly stage: "skip"; readonly file: string; readonly reason: string }
  | { readonly stage: "derive" };

export interface FileOutcome {
  readonly file: string;
  readonly kind: string;
  readonly title: string;
  readonly rows: number;
  readonly written: number;
  readonly skipped?: string;
}

export type ImportResult =
  | { readonly ok: true; readonly files: readonly FileOutcome[] }
  | {
      readonly ok: false;
      readonly code:
        "unrecognised_file" | "invalid_rows" | "no_rows" | "forbidden";
      readonly problems: readonly RowProblem[];
      readonly message: string;
    };

const MAX_PROBLEMS = 20;

interface ParsedFile {
  readonly file: string;
  readonly sha256: string;
  readonly kind:
    | (typeof structure.TABLE_FILE_KINDS)[number]
    | { kind: "boundaries"; title: string }
    | null;
  readonly rows: readonly Record<string, unknown>[];
  readonly skipped?: string;
}

type Parse =
  | { ok: true; parsed: ParsedFile }
  | {
      ok: false;
      code: "unrecognised_file" | "invalid_rows" | "no_rows";
      problems: RowProblem[];
    };

// Without a columns option, csv-parse yields each record as an array of strings.
const parseRecords = parse as (
  input: string,
  options?: { bom: boolean; skip_empty_lines: boolean },
) => string[][];
const readRecords = (text: string) =>
  parseRecords(text, { bom: true, skip_empty_lines: true });

const refuse = (
  code: "unrecognised_file" | "invalid_rows" | "no_rows",
  file: string,
  line: number,
  field: string,
  message: string,
): Parse => ({
  ok: false,
  code,
  problems: [{ file, line, field, message }],
});

function parseCsv(file: string, text: string, sha256: string): Parse {
  const name = basename(file);
  let records: string[][];
  try {
    records = readRecords(text);
  } catch (error) {
    const e = error as { lines?: number; message: string; code?: string };
    const message =
      e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH"
        ? "the row has a different number of fields from the header (is the file cut short?)"
        : e.message.replace(/^Invalid [^:]*: /, "");
    return {
      ok: false,
      code: "invalid_rows",
      problems: [{ file: name, line: e.lines ?? 0, field: "(row)", message }],
    };
  }
  const [header, ...data] = records;
  if (!header) return refuse("no_rows", name, 1, "(file)", "the file is empty");
  const recognised = structure.recogniseCsv(header);
  if (!recognised) {
    return refuse(
      "unrecognised_file",
      name,
      1,
      "(header)",
      `the columns match no known layout: found ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", …" : ""}`,
    );
  }
  if (recognised.type === "incomplete") {
    return refuse(
      "unrecognised_file",
      name,
      1,
      "(header)",
      `the columns look like ${recognised.kind.title} but ${recognised.missing.join(", ")} ${recognised.missing.length === 1 ? "is" : "are"} missing`,
    );
  }
  if (recognised.type === "summary") {
    return {
      ok: true,
      parsed: {
        file: name,
        sha256,
        kind: null,
        rows: [],
        skipped: `${recognised.kind.title}: a published summary that OpenICS recomputes from the LSOA files`,
      },
    };
  }
  const kind = recognised.kind;
  if (data.length === 0)
    return refuse(
      "no_rows",
      name,
      2,
      "(file)",
      "the file has a header and no data rows",
    );
  const problems: RowProblem[] = [];
  const rows: Record<string, unknown>[] = [];
  const seen = new Map<string, number>();
  const columns = header.map((h) => h.trim());
  for (let i = 0; i < data.length && problems.length < MAX_PROBLEMS; i++) {
    const line = i + 2;
    const cells = data[i] ?? [];
    const record: Record<string, string> = {};
    columns.forEach((c, j) => (record[c] = cells[j] ?? ""));
    const result = kind.row.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3)) {
        problems.push({
          file: name,
          line,
          field: issue.path.join(".") || "(row)",
          message: issue.message,
        });
      }
      continue;
    }
    const key = kind.key.map((k) => record[k]?.trim() ?? "").join("|");
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        file: name,
        line,
        field: kind.key.join("+"),
        message: `duplicates line ${first} (${key})`,
      });
      continue;
    }
    seen.set(key, line);
    rows.push(result.data);
  }
  if (problems.length > 0) return { ok: false, code: "invalid_rows", problems };
  return { ok: true, parsed: { file: name, sha256, kind, rows } };
}

interface Feature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

function parseGeoJson(file: string, text: string, sha256: string): Parse {
  const name = basename(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return refuse(
      "invalid_rows",
      name,
      1,
      "(json)",
      `not valid JSON: ${(error as Error).message}`,
    );
  }
  const features = (doc as { type?: unknown; features?: unknown }).features;
  if (
    (doc as { type?: unknown }).type !== "FeatureCollection" ||
    !Array.isArray(features)
  ) {
    return refuse(
      "unrecognised_file",
      name,
      1,
      "type",
      "expected a GeoJSON FeatureCollection",
    );
  }
  const first = features[0] as Feature | undefined;
  const layer = first
    ? structure.recogniseBoundaryLayer(first.properties)
    : null;
  if (!layer) {
    return refuse(
      "unrecognised_file",
      name,
      1,
      "properties",
      `no known boundary code property (found ${Object.keys(first?.properties ?? {}).join(", ")})`,
    );
  }
  const problems: RowProblem[] = [];
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  features.forEach((f: Feature, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const code = f.properties[layer.codeProperty];
    const where = { file: name, line: i + 1 };
    if (typeof code !== "string" || code.trim() === "")
      problems.push({
        ...where,
        field: `features[${i}].properties.${layer.codeProperty}`,
        message: "missing code",
      });
    else if (seen.has(code))
      problems.push({
        ...where,
        field: `features[${i}].properties.${layer.codeProperty}`,
        message: `duplicate code ${code}`,
      });
    else if (
      !["Polygon", "MultiPolygon"].includes(f.geometry.type) ||
      !Array.isArray(f.geometry.coordinates)
    )
      problems.push({
        ...where,
        field: `features[${i}].geometry`,
        message: "expected a Polygon or MultiPolygon",
      });
    else {
      seen.add(code);
      rows.push({
        layer: layer.layer,
        code,
        name: f.properties[layer.nameProperty] ?? null,
        geometry: f.geometry,
      });
    }
  });
  if (problems.length > 0) return { ok: false, code: "invalid_rows", problems };
  return {
    ok: true,
    parsed: {
      file: name,
      sha256,
      kind: { kind: "boundaries", title: `Boundaries (${layer.layer})` },
      rows,
    },
  };
}

/** Reads and validates one file without writing anything. */
export function parseGeographyFile(file: string, bytes: Buffer): Parse {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const text = bytes.toString("utf8");
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  return trimmed.startsWith("{")
    ? parseGeoJson(file, text, sha256)
    : parseCsv(file, text, sha256);
}

async function writeParsed(
  tx: Queryable,
  parsed: ParsedFile,
  actor: Actor,
  onProgress: (p: ImportProgress) => void,
): Promise<number> {
  if (!parsed.kind) return 0;
  const total = parsed.rows.length;
  const progress = (done: number) => {
    onProgress({ stage: "write", file: parsed.file, done, total });
  };
  const written =
    parsed.kind.kind === "boundaries"
      ? (
          await repo.upsert(
            tx,
            "boundary",
            parsed.rows.map((r) => [r.layer, r.code, r.name, r.geometry]),
            progress,
          )
        ).inserted + total
      : await WRITERS[parsed.kind.kind](tx, parsed.rows, progress);
  await repo.recordImport(tx, {
    actor: actor.id,
    fileName: parsed.file,
    fileKind: parsed.kind.kind,
    sha256: parsed.sha256,
    rows: total,
  });
  await appendAudit(tx, {
    actor: actor.id,
    action: "import",
    entity: "geography_file",
    entityKey: `${parsed.kind.kind}:${parsed.file}`,
    after: {
      file: parsed.file,
      kind: parsed.kind.kind,
      sha256: parsed.sha256,
      rows: total,
    },
  });
  return written;
}

/**
 * Imports geography files: every file is read and validated first; then all of them are written
 * in one transaction, derived geography is recomputed, and the audit log records each file.
 * Any fault in any file writes nothing.
 */
export async function importGeography(
  db: Database,
  actor: Actor,
  files: readonly { path: string; bytes?: Buffer }[],
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportResult> {
  if (!structure.can(actor, "import")) {
    return {
      ok: false,
      code: "forbidden",
      problems: [],
      message: "Only a national administrator may import geography.",
    };
  }
  const parsed: ParsedFile[] = [];
  for (const f of files) {
    const result = parseGeographyFile(
      f.path,
      f.bytes ?? (await readFile(f.path)),
    );
    if (!result.ok) {
      return {
        ok: false,
        code: result.code,
        problems: result.problems,
        message: result.problems.map(formatProblem).join("\n"),
      };
    }
    const p = result.parsed;
    if (p.skipped)
      onProgress({ stage: "skip", file: p.file, reason: p.skipped });
    else
      onProgress({
        stage: "read",
        file: p.file,
        kind: p.kind?.kind ?? "",
        title: p.kind?.title ?? "",
        rows: p.rows.length,
      });
    parsed.push(p);
  }
  const outcomes = await db.transaction(async (tx) => {
    const done: FileOutcome[] = [];
    for (const p of parsed) {
      const written = await writeParsed(tx, p, actor, onProgress);
      done.push({
        file: p.file,
        kind: p.kind?.kind ?? "summary",
        title: p.kind?.title ?? "",
        rows: p.rows.length,
        written,
        ...(p.skipped ? { skipped: p.skipped } : {}),
      });
    }
    onProgress({ stage: "derive" });
    await deriveGeography(tx);
    return done;
  });
  return { ok: true, files: outcomes };
}
