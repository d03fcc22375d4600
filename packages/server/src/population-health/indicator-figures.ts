import { populationHealth } from "@openics/core";
import {
  chartFigure,
  formatNumber,
  type CsvColumn,
  type FigureView,
  type TableCell,
} from "../web";
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
  ethnicity_group: "Ethnic group",
  place: "Place",
  pcn: "Primary care network",
  practice: "GP practice",
  lsoa: "Neighbourhood (LSOA)",
};

export const dimensionLabel = (dimension: string): string =>
  DIMENSION_LABELS[dimension] ?? dimension.replaceAll("_", " ");

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
  readonly disclosure_rule: string;
}

export function publishedRows(
  indicator: IndicatorDescription,
  publication: Publication,
): PublishedRow[] {
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
    readonly csvHref?: string;
  },
): FigureView | null {
  const breakdown = publication.breakdowns.find(
    (b) => b.dimension === dimension,
  );
  if (breakdown === undefined) return null;
  const label = options.groupLabel ?? ((g: string) => g);
  const inequality =
    publication.inequality?.status === "calculated" &&
    publication.inequality.dimension === dimension
      ? publication.inequality.result
      : null;
  const overall = publication.overall.estimate.value;
  const drawing = intervalBarChart({
    id: `${indicator.id}-${dimension}`,
    title: `${indicator.title} by ${dimensionLabel(dimension).toLowerCase()}, ${options.areaName}`,
    description: `Values with 95% confidence intervals${overall === null ? "" : `; the line shows ${options.areaName} overall`}${inequality ? "; the sloping line is the fitted slope index of inequality" : ""}.`,
    values: breakdown.cells.map((c) => {
      const ci = interval95(c);
      return {
        label: label(c.group),
        value: c.estimate.value,
        lower: ci.lower,
        upper: ci.upper,
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
            atEnd: inequality.intercept * scaleOf(publication) + inequality.sii,
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
    ...(inequality
      ? [
          `Across deprivation, the fitted gap between the most and least deprived is ${valueText(Math.abs(inequality.sii))} ${indicator.unit}, and the relative index of inequality is ${valueText(inequality.rii, 2)}.`,
        ]
      : []),
  ];
  const rows: TableCell[][] = breakdown.cells.map((c) => {
    const ci = interval95(c);
    return [
      { text: label(c.group) },
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
    ];
  });
  return chartFigure({
    id: `${indicator.id}-${dimension}-figure`,
    caption: `${indicator.title} by ${dimensionLabel(dimension).toLowerCase()}`,
    summary,
    drawing,
    table: {
      caption: `${indicator.title} by ${dimensionLabel(dimension).toLowerCase()}, ${options.areaName}`,
      head: [
        { text: dimensionLabel(dimension) },
        { text: "Numerator", format: "numeric" },
        { text: "Denominator", format: "numeric" },
        { text: `Value (${indicator.unit})`, format: "numeric" },
        { text: "95% confidence interval", format: "numeric" },
      ],
      rows,
    },
    csvHref: options.csvHref ?? null,
  });
}

/** Proportions are fitted on the 0–1 scale, so the fitted line is drawn × the multiplier. */
const scaleOf = (publication: Publication): number =>
  publication.statistic === "proportion" ? publication.multiplier : 1;
