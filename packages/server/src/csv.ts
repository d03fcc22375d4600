import type { Context } from "hono";

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s =
    v instanceof Date
      ? v.toISOString()
      : typeof v === "string"
        ? v
        : typeof v === "number" || typeof v === "boolean" || typeof v === "bigint"
          ? String(v)
          : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** RFC 4180 CSV of a table's rows; columns are the first row's keys unless given. */
export function rowsToCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const lines = [cols.map(cell).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))];
  return lines.join("\r\n") + "\r\n";
}

export function toCsvResponse(c: Context, fileName: string, rows: readonly Record<string, unknown>[], columns?: readonly string[]) {
  return c.body(rowsToCsv(rows, columns), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  });
}
