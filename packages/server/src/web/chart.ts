import { escapeXml, formatNumber, svgRoot } from "./svg";

// A horizontal bar chart drawn on the server as an accessible SVG image. Like the maps, the
// page gives its numbers as a table too (figure.ts).

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A fill for this bar only, e.g. the map colour of an IMD decile so chart and map agree. */
  readonly colour?: string;
}

export interface BarChartOptions {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly Bar[];
  readonly formatValue?: (value: number) => string;
  readonly width?: number;
  readonly emptyMessage?: string;
}

export type ChartDrawing =
  | { readonly status: "drawn"; readonly svg: string; readonly bars: number }
  | { readonly status: "empty"; readonly message: string };

/** NHS blue: 4.8:1 against white, enough for a graphic object (WCAG 1.4.11 asks 3:1). */
const BAR_COLOUR = "#005eb8";
const TEXT_COLOUR = "#212b32";
const ROW = 30;
const BAR = 20;
const FONT = 14;
// Average glyph width at 14px in Frutiger/Arial: enough to size the label column.
const CHAR_WIDTH = 7.4;

function truncate(label: string, maxChars: number): string {
  return label.length <= maxChars
    ? label
    : `${label.slice(0, Math.max(1, maxChars - 1)).trimEnd()}…`;
}

/** Bars from zero, one row per bar, labels on the left and values at the bar ends. */
export function barChart(options: BarChartOptions): ChartDrawing {
  const bars = options.bars;
  if (bars.length === 0)
    return {
      status: "empty",
      message: options.emptyMessage ?? "No data to chart.",
    };
  const width = options.width ?? 640;
  const format = options.formatValue ?? ((v: number) => formatNumber(v));
  const longest = Math.max(...bars.map((b) => b.label.length));
  const labelWidth = Math.round(
    Math.min(width * 0.4, Math.max(60, longest * CHAR_WIDTH)) + 8,
  );
  const maxChars = Math.floor((labelWidth - 8) / CHAR_WIDTH);
  const valueWidth =
    Math.max(...bars.map((b) => format(b.value).length)) * CHAR_WIDTH + 20;
  const plot = Math.max(40, width - labelWidth - valueWidth);
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const scale = (v: number) => (max === 0 ? 0 : (Math.max(0, v) / max) * plot);

  const rows = bars
    .map((b, i) => {
      const y = 4 + i * ROW;
      const length = scale(b.value);
      const middle = y + ROW / 2;
      const shown = truncate(b.label, maxChars);
      return (
        `<g class="openics-chart__bar"><title>${escapeXml(`${b.label}: ${format(b.value)}`)}</title>` +
        `<text x="${labelWidth - 8}" y="${middle}" text-anchor="end" dominant-baseline="central">${escapeXml(shown)}</text>` +
        `<rect x="${labelWidth}" y="${y + (ROW - BAR) / 2}" width="${length.toFixed(1)}" height="${BAR}" fill="${b.colour ?? BAR_COLOUR}"${b.colour ? ` stroke="${TEXT_COLOUR}" stroke-width="0.5"` : ""}/>` +
        `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${middle}" dominant-baseline="central">${escapeXml(format(b.value))}</text></g>`
      );
    })
    .join("");
  const axis = `<line x1="${labelWidth}" y1="2" x2="${labelWidth}" y2="${height - 2}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`;
  const svg = svgRoot({
    id: options.id,
    className: "openics-chart",
    width,
    height,
    title: options.title,
    description: options.description,
    body: `<g font-size="${FONT}" fill="${TEXT_COLOUR}">${rows}</g>${axis}`,
  });
  return { status: "drawn", svg, bars: bars.length };
}
