import type { Context } from "hono";
import { toCsv, type CsvValue } from "./web/csv";

const plain = (v: unknown): CsvValue =>
  v === null ||
  v === undefined ||
  typeof v === "string" ||
  typeof v === "number" ||
  typeof v === "boolean"
    ? v
    : v instanceof Date
      ? v.toISOString()
      : JSON.stringify(v);

/** Any table of records as CSV; columns are the first row's keys unless given. */
export function rowsToCsv(
  rows: readonly Record<string, unknown>[],
  columns?: readonly string[],
): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return toCsv(
    rows,
    cols.map((header) => ({
      header,
      value: (r: Record<string, unknown>) => plain(r[header]),
    })),
  );
}

export function toCsvResponse(
  c: Context,
  fileName: string,
  rows: readonly Record<string, unknown>[],
  columns?: readonly string[],
) {
  return c.body(rowsToCsv(rows, columns), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  });
}
