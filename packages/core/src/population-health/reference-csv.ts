// Reading the shared reference-vector CSV files (RFC 4180) for the tests. Pure: the tests read
// the files and hand the text over, so this stays inside core's no-I/O rule.

export type CsvRow = Readonly<Record<string, string>>;

/** Parses RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF) into header-keyed rows. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [rawHeader = [], ...body] = records.filter(
    (r) => !(r.length === 1 && r[0] === ""),
  );
  const header = rawHeader.map((h, i) =>
    i === 0 ? h.replace(/^\uFEFF/, "") : h,
  );
  return {
    header,
    rows: body.map((r) =>
      Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])),
    ),
  };
}

/** The cell as a number, or null for an empty cell (NA). */
export function numberOrNull(row: CsvRow, column: string): number | null {
  const cell = row[column];
  if (cell === undefined) throw new Error(`no column ${column}`);
  const trimmed = cell.trim();
  if (trimmed === "" || trimmed === "NA") return null;
  const n = Number(trimmed);
  if (Number.isNaN(n))
    throw new Error(`column ${column}: ${cell} is not a number`);
  return n;
}

export function requiredNumber(row: CsvRow, column: string): number {
  const n = numberOrNull(row, column);
  if (n === null) throw new Error(`column ${column} is empty`);
  return n;
}

export function cell(row: CsvRow, column: string): string {
  const c = row[column];
  if (c === undefined) throw new Error(`no column ${column}`);
  return c;
}

/** Rows grouped by `group_id`, in file order. */
export function groupRows(rows: readonly CsvRow[]): Map<string, CsvRow[]> {
  const groups = new Map<string, CsvRow[]>();
  for (const row of rows) {
    const id = cell(row, "group_id");
    const list = groups.get(id) ?? [];
    list.push(row);
    groups.set(id, list);
  }
  return groups;
}

/** The reference files whose header has every one of the columns: one layout, any file name. */
export function filesWithLayout(
  files: readonly string[],
  read: (file: string) => string,
  columns: readonly string[],
): { file: string; header: string[]; rows: CsvRow[] }[] {
  return files
    .filter((f) => f.endsWith(".csv"))
    .map((file) => ({ file, ...parseCsv(read(file)) }))
    .filter((f) => columns.every((c) => f.header.includes(c)));
}

/** Column suffix used by the reference files for a level: 0.95 → "95_0", 0.998 → "99_8". */
export function levelSuffix(confidence: number): string {
  return (confidence * 100).toFixed(1).replace(".", "_");
}

/** "95%" → 0.95, "99.8%" → 0.998, "95%;99.8%" → both. */
export function parseLevels(text: string): number[] {
  return text
    .split(";")
    .filter((t) => t.trim() !== "")
    .map((t) => Number(t.replace("%", "").trim()) / 100);
}

/** Relative difference, with an absolute floor so that expected zeros compare sensibly. */
export function relativeDifference(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

export type Tolerance =
  { readonly relative: number } | { readonly decimalPlaces: number };

/** Agreement the task asks for where the reference gives ≥10 significant digits. */
export const TIGHT: Tolerance = { relative: 1e-9 };

/**
 * Describes a disagreement between a computed and an expected value (NA must meet NA), or
 * returns an empty list. Tests collect these so that one failure names every bad cell.
 */
export function disagreement(
  label: string,
  actual: number | null | undefined,
  expected: number | null,
  tolerance: Tolerance,
): string[] {
  const got = actual ?? null;
  if (expected === null || got === null || Number.isNaN(got)) {
    return expected === null && (got === null || Number.isNaN(got))
      ? []
      : [`${label}: expected ${String(expected)}, got ${String(got)}`];
  }
  const ok =
    "relative" in tolerance
      ? relativeDifference(got, expected) <= tolerance.relative ||
        Math.abs(got - expected) <= 1e-300
      : Math.abs(got - expected) <= 0.5 * 10 ** -tolerance.decimalPlaces;
  return ok ? [] : [`${label}: expected ${expected}, got ${got}`];
}

/**
 * The agreement a cell can show when the reference wrote it rounded (e.g. "3.204264"): half a
 * unit in its last written decimal place.
 */
export function asWritten(row: CsvRow, column: string): Tolerance {
  const text = cell(row, column).trim();
  const decimals = /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;
  return { decimalPlaces: decimals };
}
