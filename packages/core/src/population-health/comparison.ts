// Comparing an area with a benchmark as Fingertips does with its "confidence intervals" method:
// an area is significantly different from the benchmark when the area's 95% confidence interval
// excludes the benchmark's value. The indicator's polarity turns "higher" or "lower" into
// "better" or "worse"; an indicator without polarity stays "higher" or "lower".

export type BenchmarkComparison =
  "better" | "similar" | "worse" | "higher" | "lower" | "not_compared";

export const BENCHMARK_COMPARISONS: readonly BenchmarkComparison[] = [
  "worse",
  "lower",
  "similar",
  "higher",
  "better",
  "not_compared",
];

/** An area's published value with its 95% interval; null where it is suppressed or missing. */
export interface ComparedValue {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

const known = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** "RAG - High is good" and "RAG - Low is good" carry a judgement; anything else does not. */
export function polarityDirection(polarity: string): "high" | "low" | null {
  if (polarity === "RAG - High is good") return "high";
  if (polarity === "RAG - Low is good") return "low";
  return null;
}

/**
 * The area against the benchmark value. Not compared when the area's value or either limit is
 * missing (a suppressed cell has neither), or when there is no benchmark value.
 */
export function compareWithBenchmark(
  area: ComparedValue,
  benchmark: number | null,
  polarity: string,
): BenchmarkComparison {
  if (
    !known(area.value) ||
    !known(area.lower) ||
    !known(area.upper) ||
    !known(benchmark)
  )
    return "not_compared";
  const side =
    area.lower > benchmark ? "higher" : area.upper < benchmark ? "lower" : null;
  if (side === null) return "similar";
  const good = polarityDirection(polarity);
  if (good === null) return side;
  return (side === "higher") === (good === "high") ? "better" : "worse";
}

/** How many areas fall in each comparison, every comparison present (zero when none). */
export function countComparisons(
  results: readonly BenchmarkComparison[],
): Record<BenchmarkComparison, number> {
  const counts = Object.fromEntries(
    BENCHMARK_COMPARISONS.map((c) => [c, 0]),
  ) as Record<BenchmarkComparison, number>;
  for (const r of results) counts[r]++;
  return counts;
}

/** Words for a comparison, e.g. "significantly worse than England". */
export function comparisonText(
  result: BenchmarkComparison,
  benchmarkName: string,
): string {
  switch (result) {
    case "not_compared":
      return "not compared";
    case "similar":
      return `similar to ${benchmarkName}`;
    default:
      return `significantly ${result} than ${benchmarkName}`;
  }
}

/**
 * The Fingertips "Time period" of a reporting period: "2024/25" for a financial year
 * (1 April to 31 March), "2024" for a calendar year; null for any other span.
 */
export function fingertipsTimePeriod(period: {
  readonly from: string;
  readonly to: string;
}): string | null {
  const fromYear = Number(period.from.slice(0, 4));
  const toYear = Number(period.to.slice(0, 4));
  if (
    period.from.slice(4) === "-04-01" &&
    period.to.slice(4) === "-03-31" &&
    toYear === fromYear + 1
  )
    return `${fromYear}/${String(toYear % 100).padStart(2, "0")}`;
  if (
    period.from.slice(4) === "-01-01" &&
    period.to.slice(4) === "-12-31" &&
    toYear === fromYear
  )
    return String(fromYear);
  return null;
}
