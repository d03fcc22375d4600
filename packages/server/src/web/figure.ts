import type { ChartDrawing } from "./chart";
import type { LegendItem, MapDrawing } from "./map";

// A figure is a map or chart with everything that makes it usable without sight of the picture:
// a caption, a text summary, the same numbers as a table behind "Show the data", and a CSV link.
// Rendered by the `figure` macro in web/views/openics/figure.njk.

/** A cell for nhsuk-frontend's table macro. Text only: it is escaped when rendered. */
export interface TableCell {
  readonly text: string;
  readonly href?: string;
  readonly format?: "numeric";
}

export interface TableView {
  readonly caption: string;
  readonly head: readonly {
    readonly text: string;
    readonly format?: "numeric";
  }[];
  readonly rows: readonly (readonly TableCell[])[];
}

export interface PaginationView {
  readonly previous?: { readonly href: string };
  readonly next?: { readonly href: string };
  readonly items: readonly (
    | {
        readonly number: string;
        readonly href: string;
        readonly current: boolean;
      }
    | { readonly ellipsis: true }
  )[];
}

export interface FigureView {
  /** Unique on the page: the figure's anchor. */
  readonly id: string;
  /** The visible caption: what the figure shows, where and when. */
  readonly caption: string;
  /** The drawing (escaped SVG from map.ts or chart.ts), or null with `emptyMessage` saying why. */
  readonly svg: string | null;
  readonly emptyMessage: string | null;
  readonly legend: {
    readonly title: string;
    readonly items: readonly LegendItem[];
  } | null;
  /** A label for a points layer (e.g. "GP practice") shown in the legend as a circle. */
  readonly pointsLabel: string | null;
  /** Sentences that say what the figure says. */
  readonly summary: readonly string[];
  readonly table: TableView;
  readonly csvHref: string | null;
  /** Open "Show the data" at first, e.g. when the reader is paging through the table. */
  readonly open: boolean;
  readonly pagination: PaginationView | null;
}

export interface FigureParts {
  readonly id: string;
  readonly caption: string;
  readonly summary: readonly string[];
  readonly table: TableView;
  readonly csvHref?: string | null;
  readonly open?: boolean;
  readonly pagination?: PaginationView | null;
}

/** A figure around a map: its legend (with a circle for points, if any were drawn) and the data. */
export function mapFigure(
  parts: FigureParts & {
    readonly drawing: MapDrawing;
    readonly legendTitle: string;
    readonly pointsLabel?: string;
  },
): FigureView {
  const drawn = parts.drawing.status === "drawn" ? parts.drawing : null;
  return {
    ...base(parts),
    svg: drawn?.svg ?? null,
    emptyMessage:
      parts.drawing.status === "empty" ? parts.drawing.message : null,
    legend:
      drawn && drawn.legend.length > 0
        ? { title: parts.legendTitle, items: drawn.legend }
        : null,
    pointsLabel:
      drawn && drawn.pointsDrawn > 0 ? (parts.pointsLabel ?? null) : null,
  };
}

/** A figure around a chart. */
export function chartFigure(
  parts: FigureParts & {
    readonly drawing: ChartDrawing;
    readonly legend?: { title: string; items: readonly LegendItem[] };
  },
): FigureView {
  return {
    ...base(parts),
    svg: parts.drawing.status === "drawn" ? parts.drawing.svg : null,
    emptyMessage:
      parts.drawing.status === "empty" ? parts.drawing.message : null,
    legend: parts.legend ?? null,
    pointsLabel: null,
  };
}

function base(parts: FigureParts) {
  return {
    id: parts.id,
    caption: parts.caption,
    summary: parts.summary,
    table: parts.table,
    csvHref: parts.csvHref ?? null,
    open: parts.open ?? false,
    pagination: parts.pagination ?? null,
  };
}

/** Pages of `size` rows: which rows to show and the links to the others (nhsuk pagination). */
export function paginate<T>(
  rows: readonly T[],
  page: number,
  size: number,
  href: (page: number) => string,
): {
  rows: readonly T[];
  pagination: PaginationView | null;
  page: number;
  pages: number;
} {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const shown = rows.slice((current - 1) * size, current * size);
  if (pages === 1) return { rows: shown, pagination: null, page: 1, pages };
  // The first, last and neighbouring pages, with an ellipsis for each gap.
  const numbers = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: PaginationView["items"][number][] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - (numbers[i - 1] ?? n) > 1) items.push({ ellipsis: true });
    items.push({ number: String(n), href: href(n), current: n === current });
  });
  return {
    rows: shown,
    page: current,
    pages,
    pagination: {
      ...(current > 1 ? { previous: { href: href(current - 1) } } : {}),
      ...(current < pages ? { next: { href: href(current + 1) } } : {}),
      items,
    },
  };
}
