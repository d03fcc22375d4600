import { populationHealth } from "@openics/core";
import {
  chartFigure,
  formatNumber,
  type CsvColumn,
  type FigureView,
  type TableCell,
} from "../web";
import type { ChartDrawing } from "../web";
import { intervalBarChart } from "../web/interval-chart";

// How a published measure is shown: a chart with confidence intervals for each breakdown, the
// same numbers in a table and as CSV, with "*" where disclosure control hid a count. Only a
// Publication (counts already protected) can reach this module.

type Publication = populationHealth.Publication;
type PublishedCell = populationHealth.PublishedCell;

/** How the groups of each breakdown are named for a reader. */
export const DIMENSION_LABELS: Readonly<Record<string, string>> = {
  imd_decile: "Deprivation decile (1 = most deprived 10%)",
  imd_quintile: "Deprivation quintile (1 = most deprived 20%)",
  sex: "Sex",
  age_band: "Age band",
  age_band_5: "Age band (5 years)",
  ethnicity_group: "Ethnic group",
  place: "Place",
  pcn: "Primary care network",
  practice: "GP practice",
  lsoa: "Neighbourhood (LSOA)",
};

export const dimensionLabel = (dimension: string): string =>
  DIMENSION_LABELS[dimension] ?? dimension.replaceAll("_", " ");

/** A capitalised word in lower case, an initialism ("GP", "LSOA") as it is. */
export const lowerFirst = (text: string): string =>
  /^[A-Z][a-z]/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;

/** The breakdown's name inside a sentence, e.g. "by GP practice", "by neighbourhood (LSOA)". */
export const dimensionPhrase = (dimension: string): string =>
  lowerFirst(dimensionLabel(dimension));

/** Breakdowns by area, each compared with the ICS as a whole. */
export const AREA_DIMENSIONS: readonly string[] = [
  "place",
  "pcn",
  "practice",
  "lsoa",
];

type Comparison = populationHealth.BenchmarkComparison;

const AREA_NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  place: ["place", "places"],
  pcn: ["primary care network", "primary care networks"],
  practice: ["GP practice", "GP practices"],
  lsoa: ["neighbourhood (LSOA)", "neighbourhoods (LSOAs)"],
};

export const COMPARISON_LABELS: Readonly<Record<Comparison, string>> = {
  better: "Significantly better",
  similar: "Similar",
  worse: "Significantly worse",
  higher: "Significantly higher",
  lower: "Significantly lower",
  not_compared: "Not compared",
};

/**
 * Bar colours for a comparison: orange and purple (told apart with the common colour-vision
 * deficiencies) for worse and better, dark and light blue for higher and lower where the
 * indicator has no polarity, grey for similar. The table always says it in words too.
 */
export const COMPARISON_COLOURS: Readonly<Record<Comparison, string>> = {
  worse: "#e66100",
  better: "#5d3a9b",
  higher: "#003087",
  lower: "#41b6e6",
  similar: "#768692",
  not_compared: "#d8dde0",
};

/** The benchmark an area is compared with, e.g. the ICS as a whole or England. */
export interface Benchmark {
  readonly name: string;
  readonly value: number | null;
}

/** An area's comparison with the benchmark, from its published value and 95% interval. */
export function compareCell(
  cell: PublishedCell,
  benchmark: Benchmark,
  polarity: string,
): Comparison {
  const ci = interval95(cell);
  return populationHealth.compareWithBenchmark(
    { value: cell.estimate.value, lower: ci.lower, upper: ci.upper },
    benchmark.value,
    polarity,
  );
}

/**
 * One sentence counting the comparisons, e.g. "2 of 5 places are significantly worse than
 * Demo Vale ICS, 1 is significantly better and 2 are similar."
 */
export function comparisonSummary(
  dimension: string,
  results: readonly Comparison[],
  benchmarkName: string,
): string {
  const [one, many] = AREA_NOUNS[dimension] ?? ["group", "groups"];
  const counts = populationHealth.countComparisons(results);
  const total = results.length;
  const verb = (n: number) => (n === 1 ? "is" : "are");
  const order: Comparison[] = ["worse", "lower", "better", "higher", "similar"];
  const parts = order
    .filter((c) => counts[c] > 0)
    .map((c, i) => {
      const n = counts[c];
      if (i > 0)
        return `${n} ${verb(n)} ${c === "similar" ? "similar" : `significantly ${c}`}`;
      return `${n} of ${total} ${total === 1 ? one : many} ${verb(n)} ${populationHealth.comparisonText(c, benchmarkName)}`;
    });
  const notCompared = counts.not_compared;
  const tail =
    notCompared > 0
      ? ` ${notCompared} ${notCompared === 1 ? `${one} is` : `${many} are`} not compared, because the value or its interval is not published.`
      : "";
  if (parts.length === 0)
    return `None of the ${total} ${many} can be compared with ${benchmarkName}.${tail}`;
  const last = parts.pop() ?? "";
  return `${parts.length === 0 ? last : `${parts.join(", ")} and ${last}`}.${tail}`;
}

export interface IndicatorDescription {
  readonly id: string;
  readonly title: string;
  /** e.g. "%" or "per 100,000". */
  readonly unit: string;
  /** "higher is better", "lower is better" or "no judgement". */
  readonly polarity: string;
}

const shown = (v: number | null): string =>
  v === null ? "*" : formatNumber(v);

const interval95 = (cell: PublishedCell) =>
  cell.estimate.intervals.find((i) => i.confidence === 0.95) ?? {
    lower: null,
    upper: null,
  };

const valueText = (v: number | null, digits = 1): string =>
  v === null ? "*" : formatNumber(v, digits);

/** The CSV of every cell of a publication: one row per breakdown group, with the rule used. */
export interface PublishedRow {
  readonly indicator: string;
  readonly breakdown: string;
  readonly group: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly lower_95: number | null;
  readonly upper_95: number | null;
  readonly lower_99_8: number | null;
  readonly upper_99_8: number | null;
  readonly method: string;
  /** For a breakdown by area: how it compares with the ICS as a whole (blank otherwise). */
  readonly compared_with_ics: string;
  readonly disclosure_rule: string;
}

export function publishedRows(
  indicator: IndicatorDescription,
  publication: Publication,
): PublishedRow[] {
  const ics: Benchmark = {
    name: "the ICS",
    value: publication.overall.estimate.value,
  };
  const row = (breakdown: string, cell: PublishedCell): PublishedRow => {
    const at = (c: number) =>
      cell.estimate.intervals.find((i) => i.confidence === c);
    return {
      indicator: indicator.id,
      breakdown,
      group: cell.group,
      numerator: cell.numerator,
      denominator: cell.denominator,
      value: cell.estimate.value,
      lower_95: at(0.95)?.lower ?? null,
      upper_95: at(0.95)?.upper ?? null,
      lower_99_8: at(0.998)?.lower ?? null,
      upper_99_8: at(0.998)?.upper ?? null,
      method: cell.estimate.method,
      compared_with_ics: AREA_DIMENSIONS.includes(breakdown)
        ? compareCell(cell, ics, indicator.polarity)
        : "",
      disclosure_rule: publication.rule,
    };
  };
  return [
    row("overall", publication.overall),
    ...publication.breakdowns.flatMap((b) =>
      b.cells.map((c) => row(b.dimension, c)),
    ),
  ];
}

export const PUBLISHED_CSV_COLUMNS: readonly CsvColumn<PublishedRow>[] = (
  [
    "indicator",
    "breakdown",
    "group",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "method",
    "compared_with_ics",
    "disclosure_rule",
  ] as const
).map((header) => ({ header, value: (r: PublishedRow) => r[header] }));

/** One figure per breakdown: bars with 95% intervals, the overall value as a reference line. */
export function breakdownFigure(
  indicator: IndicatorDescription,
  publication: Publication,
  dimension: string,
  options: {
    readonly areaName: string;
    readonly groupLabel?: (group: string) => string;
    /** The group's name in the table, where it differs from the chart's short label. */
    readonly tableLabel?: (group: string) => string;
    readonly csvHref?: string;
    /** Groups of an area breakdown are compared with it (by default the ICS overall). */
    readonly benchmark?: Benchmark;
    /** Past this many groups the chart is left out; the table lists them all. */
    readonly maxBars?: number;
  },
): FigureView | null {
  const breakdown = publication.breakdowns.find(
    (b) => b.dimension === dimension,
  );
  if (breakdown === undefined) return null;
  const label = options.groupLabel ?? ((g: string) => g);
  const tableLabel = options.tableLabel ?? label;
  const benchmark: Benchmark = options.benchmark ?? {
    name: options.areaName,
    value: publication.overall.estimate.value,
  };
  const comparisons = AREA_DIMENSIONS.includes(dimension)
    ? breakdown.cells.map((c) => compareCell(c, benchmark, indicator.polarity))
    : null;
  const tooMany = breakdown.cells.length > (options.maxBars ?? 40);
  const inequality =
    publication.inequality?.status === "calculated" &&
    publication.inequality.dimension === dimension
      ? publication.inequality.result
      : null;
  const overall = publication.overall.estimate.value;
  const drawing: ChartDrawing = tooMany
    ? {
        status: "empty",
        message: `There are ${breakdown.cells.length} groups, too many to chart; the table lists them all.`,
      }
    : intervalBarChart({
        id: `${indicator.id}-${dimension}`,
        title: `${indicator.title} by ${dimensionPhrase(dimension)}, ${options.areaName}`,
        description: `Values with 95% confidence intervals${overall === null ? "" : `; the line shows ${options.areaName} overall`}${inequality ? "; the sloping line is the fitted slope index of inequality" : ""}.`,
        values: breakdown.cells.map((c, i) => {
          const ci = interval95(c);
          const compared = comparisons?.[i];
          return {
            label: label(c.group),
            value: c.estimate.value,
            lower: ci.lower,
            upper: ci.upper,
            ...(compared ? { colour: COMPARISON_COLOURS[compared] } : {}),
          };
        }),
        ...(overall === null
          ? {}
          : { reference: { label: options.areaName, value: overall } }),
        ...(inequality
          ? {
              fitted: {
                label: `Slope index of inequality: ${valueText(inequality.sii)} ${indicator.unit}`,
                atStart: inequality.intercept * scaleOf(publication),
                atEnd:
                  inequality.intercept * scaleOf(publication) + inequality.sii,
              },
            }
          : {}),
        emptyMessage:
          "Every value in this breakdown is suppressed to protect privacy.",
      });
  const suppressed = breakdown.cells.filter((c) => c.numerator === null);
  const summary = [
    ...(suppressed.length > 0
      ? [
          `${suppressed.length} of ${breakdown.cells.length} groups are shown as * to protect privacy (${publication.rule === "nhs_hes_ecds_subnational" ? "counts of 1 to 7, or a count that would let one be worked out" : "small counts"}).`,
        ]
      : []),
    ...(comparisons
      ? [comparisonSummary(dimension, comparisons, benchmark.name)]
      : []),
    ...(inequality
      ? [
          `Across deprivation, the fitted gap between the most and least deprived is ${valueText(Math.abs(inequality.sii))} ${indicator.unit}, and the relative index of inequality is ${valueText(inequality.rii, 2)}.`,
        ]
      : []),
  ];
  const rows: TableCell[][] = breakdown.cells.map((c, i) => {
    const ci = interval95(c);
    const compared = comparisons?.[i];
    return [
      { text: tableLabel(c.group) },
      { text: shown(c.numerator), format: "numeric" },
      { text: shown(c.denominator), format: "numeric" },
      { text: valueText(c.estimate.value), format: "numeric" },
      {
        text:
          ci.lower === null || ci.upper === null
            ? "*"
            : `${valueText(ci.lower)} to ${valueText(ci.upper)}`,
        format: "numeric",
      },
      ...(compared ? [{ text: COMPARISON_LABELS[compared] }] : []),
    ];
  });
  const shownComparisons = [...new Set(comparisons ?? [])];
  return chartFigure({
    id: `${indicator.id}-${dimension}-figure`,
    caption: `${indicator.title} by ${dimensionPhrase(dimension)}`,
    summary,
    drawing,
    table: {
      caption: `${indicator.title} by ${dimensionPhrase(dimension)}, ${options.areaName}`,
      head: [
        { text: dimensionLabel(dimension) },
        { text: "Numerator", format: "numeric" },
        { text: "Denominator", format: "numeric" },
        { text: `Value (${indicator.unit})`, format: "numeric" },
        { text: "95% confidence interval", format: "numeric" },
        ...(comparisons ? [{ text: `Compared with ${benchmark.name}` }] : []),
      ],
      rows,
    },
    csvHref: options.csvHref ?? null,
    ...(comparisons && drawing.status === "drawn"
      ? {
          legend: {
            title: `Compared with ${benchmark.name} (95% confidence interval)`,
            items: populationHealth.BENCHMARK_COMPARISONS.filter((c) =>
              shownComparisons.includes(c),
            ).map((c) => ({
              label: COMPARISON_LABELS[c],
              colour: COMPARISON_COLOURS[c],
            })),
          },
        }
      : {}),
  });
}

/** Proportions are fitted on the 0–1 scale, so the fitted line is drawn × the multiplier. */
const scaleOf = (publication: Publication): number =>
  publication.statistic === "proportion" ? publication.multiplier : 1;
