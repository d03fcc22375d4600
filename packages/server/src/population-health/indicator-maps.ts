import { populationHealth } from "@openics/core";
import {
  BLUES_5,
  NO_DATA_COLOUR,
  binnedScale,
  choropleth,
  formatNumber,
  mapFigure,
  paginate,
  type ColourScale,
  type FigureView,
  type MapFeature,
  type TableCell,
} from "../web";
import {
  COMPARISON_LABELS,
  compareCell,
  comparisonSummary,
  dimensionLabel,
  dimensionPhrase,
  lowerFirst,
  type Benchmark,
  type IndicatorDescription,
} from "./indicator-figures";

// Maps of a published indicator by area (place or LSOA), shaded by the published value: the
// value after disclosure control, never a count it hid. A suppressed area has its own colour and
// legend entry and reads "suppressed" wherever a number would be.

type Publication = populationHealth.Publication;
type PublishedCell = populationHealth.PublishedCell;

/** Suppressed areas: NHS warm yellow, apart from the blues of the values and the grey of no data. */
export const SUPPRESSED_COLOUR = "#ffb81c";
export const SUPPRESSED_LABEL = "Suppressed (small numbers)";
export const NO_VALUE_LABEL = "No published value";

/**
 * What a map shades an area by: its published value, null when it has none, and NaN (drawn as
 * suppressed) when disclosure control hid its count. The value of a suppressed cell is never read.
 */
export function mapValueOf(cell: PublishedCell | undefined): number | null {
  if (cell === undefined) return null;
  if (cell.numerator === null) return Number.NaN;
  return cell.estimate.value;
}

/**
 * Five classes of equal width with round edges over the published values (ColorBrewer Blues,
 * safe with the common colour-vision deficiencies), plus a class for suppressed areas. Fixed
 * from the values alone, so the same publication always gives the same map.
 */
export function indicatorColourScale(
  title: string,
  values: readonly (number | null)[],
  format: (value: number) => string = (v) => formatNumber(v, 1),
): ColourScale {
  const finite = values.filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const inner = binnedScale(title, finite, BLUES_5, format);
  const anySuppressed = values.some((v) => v !== null && Number.isNaN(v));
  const classes = inner.legend.filter((l) => l.colour !== NO_DATA_COLOUR);
  return {
    title,
    colour(value) {
      if (value !== null && value !== undefined && Number.isNaN(value))
        return SUPPRESSED_COLOUR;
      return inner.colour(value);
    },
    legend: [
      ...classes,
      ...(anySuppressed
        ? [{ label: SUPPRESSED_LABEL, colour: SUPPRESSED_COLOUR }]
        : []),
    ],
  };
}

const interval95 = (cell: PublishedCell) =>
  cell.estimate.intervals.find((i) => i.confidence === 0.95) ?? {
    lower: null,
    upper: null,
  };

const countText = (v: number | null) => (v === null ? "*" : formatNumber(v));

export interface AreaMapInput {
  readonly indicator: IndicatorDescription;
  readonly publication: Publication;
  /** "place" or "lsoa". */
  readonly dimension: string;
  readonly areaName: string;
  readonly period: string;
  /** The boundaries to draw, each keyed by its own code. */
  readonly features: readonly MapFeature[];
  /** The breakdown group each drawn area takes its value from (an LSOA's own code, a district's place). */
  readonly groupOf: (featureCode: string) => string | null;
  readonly nameOf: (group: string) => string;
  readonly benchmark: Benchmark;
  /** Sentences about how the areas are drawn, e.g. districts standing for their place. */
  readonly notes?: readonly string[];
  readonly emptyMessage: string;
  readonly csvHref: string;
  readonly page?: number;
  readonly pageHref?: (page: number) => string;
  readonly pageSize?: number;
}

/** A choropleth of one area breakdown with its table: value, interval, counts and comparison. */
export function areaMapFigure(input: AreaMapInput): FigureView | null {
  const breakdown = input.publication.breakdowns.find(
    (b) => b.dimension === input.dimension,
  );
  if (breakdown === undefined) return null;
  const { indicator, benchmark } = input;
  const cells = new Map(breakdown.cells.map((c) => [c.group, c]));
  const valueOfFeature = (code: string) => {
    const group = input.groupOf(code);
    return mapValueOf(group === null ? undefined : cells.get(group));
  };
  const values = new Map(
    input.features.map((f) => [f.code, valueOfFeature(f.code)]),
  );
  const label = dimensionPhrase(input.dimension);
  const scale = indicatorColourScale(
    `${indicator.title} (${indicator.unit}), in five equal intervals of the published values`,
    [...values.values()],
  );
  const drawing = choropleth({
    id: `${indicator.id}-${input.dimension}-map-drawing`,
    title: `Map of ${lowerFirst(indicator.title)} by ${label}, ${input.areaName}`,
    description: `Each area is shaded by its published value, darker for higher values; suppressed areas are yellow, and areas without a published value are grey.`,
    features: input.features,
    values,
    scale,
    formatValue: (v) =>
      v === null
        ? "no published value"
        : Number.isNaN(v)
          ? "suppressed"
          : `${formatNumber(v, 1)} ${indicator.unit}`,
    noDataLabel: NO_VALUE_LABEL,
    emptyMessage: input.emptyMessage,
  });
  const comparisons = breakdown.cells.map((c) =>
    compareCell(c, benchmark, indicator.polarity),
  );
  const suppressed = breakdown.cells.filter((c) => c.numerator === null);
  const rows: TableCell[][] = breakdown.cells.map((c, i) => {
    const hidden = c.numerator === null;
    const ci = interval95(c);
    return [
      { text: input.nameOf(c.group) },
      { text: c.group },
      {
        text: hidden
          ? "suppressed"
          : c.estimate.value === null
            ? "not calculated"
            : formatNumber(c.estimate.value, 1),
        format: "numeric",
      },
      {
        text: hidden
          ? "not published"
          : ci.lower === null || ci.upper === null
            ? ""
            : `${formatNumber(ci.lower, 1)} to ${formatNumber(ci.upper, 1)}`,
        format: "numeric",
      },
      { text: countText(c.numerator), format: "numeric" },
      { text: countText(c.denominator), format: "numeric" },
      {
        text: COMPARISON_LABELS[comparisons[i] ?? "not_compared"],
      },
    ];
  });
  const size = input.pageSize ?? 100;
  const page = paginate(
    rows,
    input.page ?? 1,
    size,
    input.pageHref ?? (() => ""),
  );
  const drawnAreas = drawing.status === "drawn" ? drawing.areas : 0;
  return mapFigure({
    id: `${indicator.id}-${input.dimension}-map`,
    caption: `${indicator.title} by ${label}, ${input.period} (map)`,
    drawing,
    legendTitle: scale.title,
    summary: [
      ...(drawing.status === "drawn"
        ? [
            `${formatNumber(drawnAreas)} areas are drawn, shaded by the published ${label} values.`,
          ]
        : []),
      ...(input.notes ?? []),
      ...(suppressed.length > 0
        ? [
            `${suppressed.length} of ${breakdown.cells.length} ${label} values are suppressed to protect privacy and shown in yellow.`,
          ]
        : []),
      comparisonSummary(input.dimension, comparisons, benchmark.name),
    ],
    table: {
      caption: `${indicator.title} by ${label}, ${input.areaName}${page.pages > 1 ? ` (page ${page.page} of ${page.pages})` : ""}`,
      head: [
        { text: dimensionLabel(input.dimension) },
        { text: "Code" },
        { text: `Value (${indicator.unit})`, format: "numeric" },
        { text: "95% confidence interval", format: "numeric" },
        { text: "Numerator", format: "numeric" },
        { text: "Denominator", format: "numeric" },
        { text: `Compared with ${benchmark.name}` },
      ],
      rows: page.rows,
    },
    csvHref: input.csvHref,
    open: (input.page ?? 1) > 1,
    pagination: page.pagination,
  });
}
