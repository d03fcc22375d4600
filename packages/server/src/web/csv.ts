import type { Context } from "hono";

// CSV downloads: every table a page shows can be had as RFC 4180 CSV with `?format=csv`.

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => CsvValue;
}

// Spreadsheets run text that starts like a formula; a leading apostrophe keeps it text (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "string"
      ? FORMULA_START.test(value)
        ? `'${value}`
        : value
      : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as RFC 4180 CSV: a header row, CRLF line ends, fields quoted only when they must be. */
export function toCsv<Row>(
  rows: readonly Row[],
  columns: readonly CsvColumn<Row>[],
): string {
  const lines = [
    columns.map((c) => cell(c.header)).join(","),
    ...rows.map((row) => columns.map((c) => cell(c.value(row))).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** Whether the request asks for the CSV form of a page (`?format=csv`). */
export const wantsCsv = (c: Context): boolean =>
  c.req.query("format") === "csv";

/** Answers with a CSV file download. */
export function csvResponse(
  c: Context,
  fileName: string,
  csv: string,
): Response {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${safeName}"`,
    "cache-control": "no-cache",
  });
}

/** `toCsv` then `csvResponse`, for a handler that has the rows at hand. */
export function csvDownload<Row>(
  c: Context,
  fileName: string,
  rows: readonly Row[],
  columns: readonly CsvColumn<Row>[],
): Response {
  return csvResponse(c, fileName, toCsv(rows, columns));
}

/** The current URL with `format=csv` and the given `table`, for a download link. */
export function csvHref(
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  table: string,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && k !== "format" && k !== "table") params.set(k, v);
  params.set("format", "csv");
  params.set("table", table);
  return `${path}?${params.toString()}`;
}
