import { z } from "zod";

// Benchmarks: values of the same indicators for other areas (England above all), as the
// Fingertips data download gives them. Columns are found by their header, so extra columns and
// any column order are read; rows for a category (e.g. a deprivation decile of England) are
// left out, since a benchmark compares whole areas.

/** The headers a Fingertips data download has, and the field each becomes. */
export const FINGERTIPS_COLUMNS = {
  indicator_id: "Indicator ID",
  indicator_name: "Indicator Name",
  area_code: "Area Code",
  area_name: "Area Name",
  area_type: "Area Type",
  sex: "Sex",
  age: "Age",
  time_period: "Time period",
  value: "Value",
  lower_95: "Lower CI 95.0 limit",
  upper_95: "Upper CI 95.0 limit",
  count: "Count",
  denominator: "Denominator",
} as const;
export type BenchmarkField = keyof typeof FINGERTIPS_COLUMNS;

/** England's ONS code: the benchmark pages show first. */
export const ENGLAND_AREA_CODE = "E92000001";

const text = z.string().trim().min(1, "must not be empty");
const optionalNumber = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return null;
    const n = Number(s.replaceAll(",", ""));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `'${s}' is not a number` });
      return z.NEVER;
    }
    return n;
  });

export const benchmarkRow = z
  .object({
    indicator_id: z
      .string()
      .trim()
      .regex(/^\d+$/, "must be a whole Fingertips indicator ID")
      .transform(Number),
    indicator_name: text,
    area_code: text,
    area_name: text,
    area_type: text,
    sex: text,
    age: text,
    time_period: text,
    value: optionalNumber,
    lower_95: optionalNumber,
    upper_95: optionalNumber,
    count: optionalNumber,
    denominator: optionalNumber,
  })
  .superRefine((r, ctx) => {
    if (r.lower_95 !== null && r.upper_95 !== null && r.lower_95 > r.upper_95)
      ctx.addIssue({
        code: "custom",
        path: ["upper_95"],
        message: `the upper limit ${r.upper_95} is below the lower limit ${r.lower_95}`,
      });
  });
export type BenchmarkRow = z.output<typeof benchmarkRow>;

/** The headers missing from a file's header row, or [] when it is a Fingertips download. */
export function missingBenchmarkColumns(header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim()));
  return Object.values(FINGERTIPS_COLUMNS).filter((c) => !have.has(c));
}

export type BenchmarkRead =
  | { readonly ok: true; readonly row: BenchmarkRow }
  | { readonly ok: true; readonly row: null; readonly skipped: string }
  | { readonly ok: false; readonly field: string; readonly message: string };

/**
 * One line of a Fingertips download, keyed by header. A line of a category breakdown (a
 * non-empty "Category Type") is skipped with its reason; a fault names the header at fault.
 */
export function readBenchmarkRow(
  values: Readonly<Record<string, string>>,
): BenchmarkRead {
  const categoryType = (values["Category Type"] ?? "").trim();
  if (categoryType !== "")
    return {
      ok: true,
      row: null,
      skipped: `a breakdown by ${categoryType}`,
    };
  const input = Object.fromEntries(
    Object.entries(FINGERTIPS_COLUMNS).map(([field, header]) => [
      field,
      values[header] ?? "",
    ]),
  );
  const parsed = benchmarkRow.safeParse(input);
  if (parsed.success) return { ok: true, row: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  return {
    ok: false,
    field:
      typeof field === "string" && field in FINGERTIPS_COLUMNS
        ? FINGERTIPS_COLUMNS[field as BenchmarkField]
        : "(row)",
    message: issue?.message ?? "not valid",
  };
}

/** What identifies a benchmark value: a second line with the same key is a fault. */
export const benchmarkKey = (r: BenchmarkRow): string =>
  [r.indicator_id, r.area_code, r.sex, r.age, r.time_period].join("\u0000");
