import type { ChartDrawing } from "./chart";
import { escapeXml, formatNumber, svgRoot } from "./svg";

// A small Sankey diagram drawn on the server: nodes stand in columns (one per stage of the flow),
// each as tall as the money through it, and each edge is a band as wide as its amount. The layout
// is deterministic: columns in the order given, nodes in each column by code, bands in the order
// of the nodes they join. The page gives the same numbers as a table beside it.

export interface SankeyEdge {
  readonly from: {
    readonly code: string;
    readonly name: string;
    readonly column: number;
  };
  readonly to: {
    readonly code: string;
    readonly name: string;
    readonly column: number;
  };
  readonly value: number;
}

export interface SankeyOptions {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly edges: readonly SankeyEdge[];
  readonly formatValue?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

interface Node {
  readonly code: string;
  readonly name: string;
  readonly column: number;
  inflow: number;
  outflow: number;
  y: number;
  h: number;
  inUsed: number;
  outUsed: number;
}

const NODE_WIDTH = 14;
const GAP = 12;
const LABEL = 170;
const BAND_COLOURS = ["#005eb8", "#007f3b", "#7c2855", "#330072"] as const;
const TEXT = "#212b32";

export interface SankeyLayout {
  readonly nodes: readonly {
    code: string;
    name: string;
    column: number;
    x: number;
    y: number;
    height: number;
    value: number;
  }[];
  readonly bands: readonly {
    from: string;
    to: string;
    value: number;
    path: string;
    column: number;
  }[];
}

/** Positions of nodes and bands (exported for tests: it is the whole of the layout). */
export function sankeyLayout(
  edges: readonly SankeyEdge[],
  width: number,
  height: number,
): SankeyLayout {
  const nodes = new Map<string, Node>();
  const node = (n: SankeyEdge["from"]) => {
    let found = nodes.get(n.code);
    if (!found) {
      found = {
        ...n,
        inflow: 0,
        outflow: 0,
        y: 0,
        h: 0,
        inUsed: 0,
        outUsed: 0,
      };
      nodes.set(n.code, found);
    }
    return found;
  };
  const live = edges.filter((e) => e.value > 0);
  for (const e of live) {
    node(e.from).outflow += e.value;
    node(e.to).inflow += e.value;
  }
  const columns = [...new Set([...nodes.values()].map((n) => n.column))].sort(
    (a, b) => a - b,
  );
  const inColumn = (c: number) =>
    [...nodes.values()]
      .filter((n) => n.column === c)
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const value = (n: Node) => Math.max(n.inflow, n.outflow);
  // One scale for every column, set by the fullest one.
  const scale = Math.min(
    ...columns.map((c) => {
      const ns = inColumn(c);
      const total = ns.reduce((s, n) => s + value(n), 0);
      return total === 0 ? Infinity : (height - GAP * (ns.length - 1)) / total;
    }),
  );
  const usable = width - 2 * LABEL;
  const xOf = (c: number) =>
    LABEL +
    (columns.length === 1
      ? 0
      : (columns.indexOf(c) * (usable - NODE_WIDTH)) / (columns.length - 1));
  for (const c of columns) {
    let y = 0;
    for (const n of inColumn(c)) {
      n.y = y;
      n.h = Math.max(1, value(n) * scale);
      y += n.h + GAP;
    }
  }
  const order = (a: Node, b: Node) =>
    a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const sorted = [...live].sort(
    (a, b) =>
      order(node(a.from), node(b.from)) || order(node(a.to), node(b.to)),
  );
  const bands = sorted.map((e) => {
    const s = node(e.from);
    const t = node(e.to);
    const w = e.value * scale;
    const y0 = s.y + s.outUsed;
    const y1 = t.y + t.inUsed;
    s.outUsed += w;
    t.inUsed += w;
    const x0 = xOf(s.column) + NODE_WIDTH;
    const x1 = xOf(t.column);
    const mid = (x0 + x1) / 2;
    const f = (v: number) => v.toFixed(1);
    const path =
      `M${f(x0)},${f(y0)} C${f(mid)},${f(y0)} ${f(mid)},${f(y1)} ${f(x1)},${f(y1)} ` +
      `L${f(x1)},${f(y1 + w)} C${f(mid)},${f(y1 + w)} ${f(mid)},${f(y0 + w)} ${f(x0)},${f(y0 + w)} Z`;
    return { from: s.code, to: t.code, value: e.value, path, column: s.column };
  });
  return {
    nodes: [...nodes.values()].sort(order).map((n) => ({
      code: n.code,
      name: n.name,
      column: n.column,
      x: xOf(n.column),
      y: n.y,
      height: n.h,
      value: value(n),
    })),
    bands,
  };
}

export function sankeyChart(options: SankeyOptions): ChartDrawing {
  if (!options.edges.some((e) => e.value > 0))
    return { status: "empty", message: "No money flows are recorded." };
  const width = options.width ?? 760;
  const height = options.height ?? 420;
  const format = options.formatValue ?? ((v: number) => formatNumber(v));
  const layout = sankeyLayout(options.edges, width, height);
  const lastColumn = Math.max(...layout.nodes.map((n) => n.column));
  const bands = layout.bands
    .map(
      (b) =>
        `<path d="${b.path}" fill="${BAND_COLOURS[b.column % BAND_COLOURS.length] ?? "#005eb8"}" fill-opacity="0.35"><title>${escapeXml(`${b.from} → ${b.to}: ${format(b.value)}`)}</title></path>`,
    )
    .join("");
  const nodes = layout.nodes
    .map((n) => {
      const right = n.column === lastColumn;
      const tx = right ? n.x + NODE_WIDTH + 6 : n.x - 6;
      const anchor = right ? "start" : "end";
      const label = n.name.length > 22 ? `${n.name.slice(0, 21)}…` : n.name;
      return (
        `<rect x="${n.x.toFixed(1)}" y="${n.y.toFixed(1)}" width="${NODE_WIDTH}" height="${n.height.toFixed(1)}" fill="${TEXT}"/>` +
        `<text x="${tx.toFixed(1)}" y="${(n.y + n.height / 2 + 4).toFixed(1)}" text-anchor="${anchor}" font-size="12" fill="${TEXT}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(label)}</text>`
      );
    })
    .join("");
  return {
    status: "drawn",
    svg: svgRoot({
      id: options.id,
      className: "openics-chart openics-sankey",
      width,
      height,
      title: options.title,
      description: options.description,
      body: bands + nodes,
    }),
    bars: layout.bands.length,
  };
}
