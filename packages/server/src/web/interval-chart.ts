import type { ChartDrawing } from "./chart";
import { escapeXml, formatNumber, svgRoot } from "./svg";

// Indicator charts drawn on the server: values with their confidence intervals, by group (e.g.
// IMD decile) or over time, with an optional comparator line and an optional fitted inequality
// line. As with every figure, the page gives the same numbers in a table beside the drawing.

export interface IntervalValue {
  readonly label: string;
  /** Null when the value is suppressed or not calculable: drawn as a gap and said so. */
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly colour?: string;
}

export interface IntervalChartOptions {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly values: readonly IntervalValue[];
  /** A horizontal reference, e.g. the ICS or England value. */
  readonly reference?: { readonly label: string; readonly value: number };
  /**
   * A straight line across the groups, e.g. the slope index of inequality: its value at the
   * left edge (relative rank 0) and the right edge (rank 1) of the plotted groups.
   */
  readonly fitted?: {
    readonly label: string;
    readonly atStart: number;
    readonly atEnd: number;
  };
  readonly formatValue?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
  readonly emptyMessage?: string;
}

const BAR_COLOUR = "#005eb8";
const TEXT_COLOUR = "#212b32";
const WHISKER_COLOUR = "#212b32";
const REFERENCE_COLOUR = "#d5281b";
const FITTED_COLOUR = "#330072";
const FONT = 14;
const CHAR_WIDTH = 7.4;

/** Round axis ticks covering [min, max]: 1, 2 or 5 × a power of ten apart. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

interface Frame {
  readonly left: number;
  readonly top: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  readonly y: (v: number) => number;
  readonly axis: string;
}

function verticalFrame(
  values: readonly number[],
  width: number,
  height: number,
  format: (v: number) => string,
  fromZero: boolean,
): Frame {
  const lo = Math.min(...values, fromZero ? 0 : Infinity);
  const hi = Math.max(...values);
  const ticks = niceTicks(lo, hi === lo ? lo + 1 : hi);
  const min = Math.min(...ticks);
  const max = Math.max(...ticks);
  const left =
    Math.max(...ticks.map((t) => format(t).length)) * CHAR_WIDTH + 16;
  const top = 12;
  const bottom = 44;
  const plotWidth = width - left - 12;
  const plotHeight = height - top - bottom;
  const y = (v: number) =>
    top + plotHeight - ((v - min) / (max - min)) * plotHeight;
  const axis =
    ticks
      .map(
        (t) =>
          `<line x1="${left}" x2="${left + plotWidth}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#d8dde0" stroke-width="1"/>` +
          `<text x="${left - 6}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="central">${escapeXml(format(t))}</text>`,
      )
      .join("") +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`;
  return { left, top, plotWidth, plotHeight, y, axis };
}

const finite = (v: number | null): v is number =>
  v !== null && Number.isFinite(v);

/**
 * A group's name under its bar, on two lines when it is wider than the bar's slot; a name longer
 * still is cut with an ellipsis (the bar's title and the table beside give it whole).
 */
function axisLabel(
  text: string,
  centre: number,
  y: number,
  slot: number,
): string {
  const perLine = Math.max(4, Math.floor(slot / (FONT * 0.55)));
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= perLine)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const shown = lines.slice(0, 2);
  if (lines.length > 2 || (shown[1]?.length ?? 0) > perLine)
    shown[1] = `${(shown[1] ?? "").slice(0, perLine - 1)}…`;
  if ((shown[0]?.length ?? 0) > perLine && shown.length === 1)
    shown[0] = `${(shown[0] ?? "").slice(0, perLine - 1)}…`;
  const x = centre.toFixed(1);
  return shown.length === 1
    ? `<text x="${x}" y="${y}" text-anchor="middle">${escapeXml(shown[0] ?? "")}</text>`
    : `<text x="${x}" y="${y}" text-anchor="middle">${shown
        .map(
          (line, i) =>
            `<tspan x="${x}" dy="${i === 0 ? 0 : FONT + 2}">${escapeXml(line)}</tspan>`,
        )
        .join("")}</text>`;
}

/** Vertical bars with confidence-interval whiskers, one per group, left to right. */
export function intervalBarChart(options: IntervalChartOptions): ChartDrawing {
  const shown = options.values.filter((v) => finite(v.value));
  if (shown.length === 0)
    return {
      status: "empty",
      message: options.emptyMessage ?? "No values to chart.",
    };
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const format = options.formatValue ?? ((v: number) => formatNumber(v, 1));
  const all = [
    ...options.values.flatMap((v) => [v.value, v.lower, v.upper]),
    options.reference?.value ?? null,
    options.fitted?.atStart ?? null,
    options.fitted?.atEnd ?? null,
  ].filter(finite);
  const f = verticalFrame(all, width, height, format, true);
  const n = options.values.length;
  const slot = f.plotWidth / n;
  const barWidth = Math.max(4, Math.min(48, slot * 0.6));
  const base = f.y(Math.max(0, Math.min(...all, 0)));
  const bars = options.values
    .map((v, i) => {
      const centre = f.left + slot * (i + 0.5);
      const label = axisLabel(v.label, centre, f.top + f.plotHeight + 18, slot);
      if (!finite(v.value))
        return (
          `<g class="openics-chart__bar"><title>${escapeXml(`${v.label}: not shown`)}</title>${label}` +
          `<text x="${centre.toFixed(1)}" y="${(base - 8).toFixed(1)}" text-anchor="middle" font-size="12">*</text></g>`
        );
      const top = f.y(v.value);
      const interval =
        finite(v.lower) && finite(v.upper)
          ? `<line x1="${centre.toFixed(1)}" x2="${centre.toFixed(1)}" y1="${f.y(v.lower).toFixed(1)}" y2="${f.y(v.upper).toFixed(1)}" stroke="${WHISKER_COLOUR}" stroke-width="1.5"/>` +
            [v.lower, v.upper]
              .map(
                (w) =>
                  `<line x1="${(centre - 6).toFixed(1)}" x2="${(centre + 6).toFixed(1)}" y1="${f.y(w).toFixed(1)}" y2="${f.y(w).toFixed(1)}" stroke="${WHISKER_COLOUR}" stroke-width="1.5"/>`,
              )
              .join("")
          : "";
      const ci =
        finite(v.lower) && finite(v.upper)
          ? ` (${format(v.lower)} to ${format(v.upper)})`
          : "";
      return (
        `<g class="openics-chart__bar"><title>${escapeXml(`${v.label}: ${format(v.value)}${ci}`)}</title>` +
        `<rect x="${(centre - barWidth / 2).toFixed(1)}" y="${Math.min(top, base).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.abs(base - top).toFixed(1)}" fill="${v.colour ?? BAR_COLOUR}" stroke="${TEXT_COLOUR}" stroke-width="0.5"/>` +
        interval +
        label +
        `</g>`
      );
    })
    .join("");
  const reference = options.reference
    ? `<g class="openics-chart__reference"><line x1="${f.left}" x2="${f.left + f.plotWidth}" y1="${f.y(options.reference.value).toFixed(1)}" y2="${f.y(options.reference.value).toFixed(1)}" stroke="${REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>` +
      `<text x="${f.left + f.plotWidth}" y="${(f.y(options.reference.value) - 6).toFixed(1)}" text-anchor="end" fill="${REFERENCE_COLOUR}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${escapeXml(`${options.reference.label}: ${format(options.reference.value)}`)}</text></g>`
    : "";
  const fitted = options.fitted
    ? `<g class="openics-chart__fitted"><line x1="${f.left}" x2="${f.left + f.plotWidth}" y1="${f.y(options.fitted.atStart).toFixed(1)}" y2="${f.y(options.fitted.atEnd).toFixed(1)}" stroke="${FITTED_COLOUR}" stroke-width="2.5"/>` +
      `<text x="${f.left + 4}" y="${(f.top + f.plotHeight + 36).toFixed(1)}" fill="${FITTED_COLOUR}">${escapeXml(options.fitted.label)}</text></g>`
    : "";
  const svg = svgRoot({
    id: options.id,
    className: "openics-chart",
    width,
    height,
    title: options.title,
    description: options.description,
    body: `<g font-size="${FONT}" fill="${TEXT_COLOUR}">${f.axis}${bars}${reference}${fitted}</g>`,
  });
  return { status: "drawn", svg, bars: shown.length };
}

export interface TrendSeries {
  readonly label: string;
  readonly colour?: string;
  readonly dashed?: boolean;
  readonly points: readonly IntervalValue[];
}

/**
 * Values over time (or any ordered axis) as lines with markers, the first series with its
 * confidence interval as a shaded band. Every series must share the same ordered labels.
 */
export function trendChart(options: {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly series: readonly TrendSeries[];
  readonly formatValue?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
  readonly fromZero?: boolean;
  readonly emptyMessage?: string;
}): ChartDrawing {
  const [main] = options.series;
  const labels = main?.points.map((p) => p.label) ?? [];
  const all = options.series
    .flatMap((s) => s.points.flatMap((p) => [p.value, p.lower, p.upper]))
    .filter(finite);
  if (main === undefined || labels.length === 0 || all.length === 0)
    return {
      status: "empty",
      message: options.emptyMessage ?? "No values to chart.",
    };
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const format = options.formatValue ?? ((v: number) => formatNumber(v, 1));
  const f = verticalFrame(all, width, height, format, options.fromZero ?? true);
  const step = labels.length > 1 ? f.plotWidth / (labels.length - 1) : 0;
  const x = (i: number) =>
    f.left + (labels.length > 1 ? i * step : f.plotWidth / 2);
  const every = Math.max(1, Math.ceil((labels.length * 60) / f.plotWidth));
  // The first and last periods sit on the plot's edges: their labels run inwards, not off it.
  const anchorOf = (i: number) =>
    labels.length < 2
      ? "middle"
      : i === 0
        ? "start"
        : i === labels.length - 1
          ? "end"
          : "middle";
  const xLabels = labels
    .map((l, i) =>
      i % every === 0 || i === labels.length - 1
        ? `<text x="${x(i).toFixed(1)}" y="${f.top + f.plotHeight + 18}" text-anchor="${anchorOf(i)}">${escapeXml(l)}</text>`
        : "",
    )
    .join("");
  const band = (() => {
    const pts = main.points
      .map((p, i) => ({ i, p }))
      .filter(({ p }) => finite(p.lower) && finite(p.upper));
    if (pts.length < 2) return "";
    const upper = pts.map(
      ({ i, p }) => `${x(i).toFixed(1)},${f.y(p.upper ?? 0).toFixed(1)}`,
    );
    const lower = pts
      .map(({ i, p }) => `${x(i).toFixed(1)},${f.y(p.lower ?? 0).toFixed(1)}`)
      .reverse();
    return `<polygon points="${[...upper, ...lower].join(" ")}" fill="#005eb8" fill-opacity="0.15" stroke="none"/>`;
  })();
  const palette = ["#005eb8", "#d5281b", "#330072", "#007f3b"];
  const lines = options.series
    .map((s, si) => {
      const colour = s.colour ?? palette[si % palette.length] ?? BAR_COLOUR;
      // A gap (suppressed value) breaks the line rather than joining across it.
      const segments: string[][] = [[]];
      s.points.forEach((p, i) => {
        if (finite(p.value))
          segments[segments.length - 1]?.push(
            `${x(i).toFixed(1)},${f.y(p.value).toFixed(1)}`,
          );
        else segments.push([]);
      });
      const paths = segments
        .filter((seg) => seg.length > 1)
        .map(
          (seg) =>
            `<polyline points="${seg.join(" ")}" fill="none" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
        )
        .join("");
      const markers = s.points
        .map((p, i) =>
          finite(p.value)
            ? `<circle cx="${x(i).toFixed(1)}" cy="${f.y(p.value).toFixed(1)}" r="4" fill="${colour}"><title>${escapeXml(`${s.label}, ${p.label}: ${format(p.value)}`)}</title></circle>`
            : "",
        )
        .join("");
      return `<g class="openics-chart__series">${paths}${markers}</g>`;
    })
    .join("");
  const key = options.series
    .map((s, si) => {
      const colour = s.colour ?? palette[si % palette.length] ?? BAR_COLOUR;
      const kx = f.left + si * 200;
      return (
        `<line x1="${kx}" x2="${kx + 24}" y1="${height - 8}" y2="${height - 8}" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>` +
        `<text x="${kx + 30}" y="${height - 8}" dominant-baseline="central">${escapeXml(s.label)}</text>`
      );
    })
    .join("");
  const svg = svgRoot({
    id: options.id,
    className: "openics-chart",
    width,
    height,
    title: options.title,
    description: options.description,
    body: `<g font-size="${FONT}" fill="${TEXT_COLOUR}">${f.axis}${band}${lines}${xLabels}${key}</g>`,
  });
  return { status: "drawn", svg, bars: all.length };
}
