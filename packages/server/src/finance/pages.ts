import type { Context, Hono } from "hono";
import { z } from "zod";
import { finance, structure } from "@openics/core";
import type { AppEnv } from "../context";
import {
  chartFigure,
  choropleth,
  csvDownload,
  csvHref,
  formatNumber,
  mapFigure,
  NO_DATA_COLOUR,
  renderErrorPage,
  renderPage,
  toMapFeatures,
  wantsCsv,
  type ChartDrawing,
  type ColourScale,
  type CsvColumn,
  type FieldError,
  type FigureView,
  type LayoutView,
  type TableCell,
} from "../web";
import { escapeXml, svgRoot } from "../web/svg";
import { getBoundaries, getIcbAreas, listIcs } from "../structure/service";
import { allocationYears, needIndex, placeDistricts } from "./service";
import { registerFinanceHubPages } from "./hub-pages";
import { registerFinanceStaffPages } from "./staff-pages";

// The public fair-shares pages of the finance capability: need indices of every ICB (relative to
// England) with a map, and of each ICB's places (relative to the ICB) with a chart. Handlers parse
// the query, call the use cases in service.ts, shape a view model and render views/finance/.

type Db = AppEnv["Variables"]["db"];
type Row = finance.NeedIndexRow;

const LOAD_ALLOCATIONS =
  "openics import allocations ../shared/refdata/finance/";
const LOAD_GEOGRAPHY = "openics import geography ../shared/refdata/geo/*";
const SOURCE =
  "NHS England, ICB Place Based Allocation Tool: GP-practice registered and weighted populations, Open Government Licence v3.0.";

const pageQuery = z.object({
  year: z.string().trim().optional(),
});

const indexText = (n: number | null) =>
  n === null ? "No data" : formatNumber(n, 3);

const num = (n: number | null, digits = 0): TableCell => ({
  text: n === null ? "No data" : formatNumber(n, digits),
  format: "numeric",
});

const icbHref = (code: string, year: string) =>
  `/finance/need-index/${encodeURIComponent(code)}?year=${encodeURIComponent(year)}`;

const csvColumns: CsvColumn<Row>[] = finance.NEED_INDEX_CSV_COLUMNS.map(
  (header) => ({ header, value: (r: Row) => r[header] }),
);
const csvColumnsWithNames: CsvColumn<Row>[] = [
  { header: "year", value: (r) => r.year },
  ...csvColumns.slice(0, 1),
  { header: "icb_name", value: (r) => r.icb_name },
  ...csvColumns.slice(1, 2),
  { header: "la_name", value: (r) => r.la_name },
  ...csvColumns.slice(2),
];

// ---------------------------------------------------------------------------------------------
// The diverging colour scale, centred on 1.0

/**
 * ColorBrewer PuOr in six classes (colour-blind safe, no white middle so every class shows on
 * white): orange below 1.0 (less need per head than the average), purple above it.
 */
const PUOR_6 = [
  "#b35806",
  "#f1a340",
  "#fee0b6",
  "#d8daeb",
  "#998ec3",
  "#542788",
] as const;
const STEPS = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1] as const;

/** Six classes either side of 1.0 (three below, three above), wide enough for the values. */
export function needIndexScale(
  title: string,
  values: readonly (number | null)[],
): ColourScale {
  const finite = values.filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const spread = Math.max(0, ...finite.map((v) => Math.abs(v - 1)));
  const step = STEPS.find((s) => 2.5 * s >= spread) ?? 1;
  const edges = [1 - 2 * step, 1 - step, 1, 1 + step, 1 + 2 * step];
  const f = (v: number) => formatNumber(v, step < 0.05 ? 3 : 2);
  const classOf = (v: number) => edges.filter((e) => v >= e).length;
  const labels = [
    `under ${f(edges[0] ?? 0)}`,
    ...edges
      .slice(0, -1)
      .map((e, i) => `${f(e)} to under ${f(edges[i + 1] ?? 0)}`),
    `${f(edges.at(-1) ?? 0)} or more`,
  ];
  return {
    title,
    colour(value) {
      if (value === null || value === undefined || !Number.isFinite(value))
        return NO_DATA_COLOUR;
      return PUOR_6[classOf(value)] ?? NO_DATA_COLOUR;
    },
    legend: PUOR_6.map((colour, i) => ({ label: labels[i] ?? "", colour })),
  };
}

// ---------------------------------------------------------------------------------------------
// A bar chart of need indices around the 1.0 reference line

const ROW = 30;
const BAR = 20;
const CHAR_WIDTH = 7.4;
const TEXT_COLOUR = "#212b32";

/** Bars from the 1.0 line: right for more need than the reference, left for less. */
export function needIndexChart(options: {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly {
    label: string;
    value: number;
    colour: string;
  }[];
  readonly referenceLabel: string;
}): ChartDrawing {
  const { bars } = options;
  if (bars.length === 0)
    return { status: "empty", message: "No places to chart." };
  const width = 640;
  const longest = Math.max(...bars.map((b) => b.label.length));
  const labelWidth = Math.round(
    Math.min(width * 0.4, longest * CHAR_WIDTH + 16),
  );
  const maxChars = Math.floor((labelWidth - 8) / CHAR_WIDTH);
  const valueWidth = 56;
  const plot = width - labelWidth - 2 * valueWidth;
  const spread = Math.max(0.05, ...bars.map((b) => Math.abs(b.value - 1)));
  const centre = labelWidth + valueWidth + plot / 2;
  const x = (v: number) => centre + ((v - 1) / spread) * (plot / 2);
  const top = 24;
  const height = top + bars.length * ROW + 8;
  const rows = bars
    .map((b, i) => {
      const y = top + i * ROW;
      const middle = y + ROW / 2;
      const end = x(b.value);
      const left = Math.min(centre, end);
      const shown =
        b.label.length <= maxChars
          ? b.label
          : `${b.label.slice(0, Math.max(1, maxChars - 1)).trimEnd()}…`;
      const valueX = b.value >= 1 ? end + 6 : end - 6;
      const anchor = b.value >= 1 ? "start" : "end";
      return (
        `<g class="openics-chart__bar"><title>${escapeXml(`${b.label}: ${indexText(b.value)}`)}</title>` +
        `<text x="${labelWidth - 8}" y="${middle}" text-anchor="end" dominant-baseline="central">${escapeXml(shown)}</text>` +
        `<rect x="${left.toFixed(1)}" y="${y + (ROW - BAR) / 2}" width="${Math.abs(end - centre).toFixed(1)}" height="${BAR}" fill="${b.colour}" stroke="${TEXT_COLOUR}" stroke-width="0.5"/>` +
        `<text x="${valueX.toFixed(1)}" y="${middle}" text-anchor="${anchor}" dominant-baseline="central">${escapeXml(indexText(b.value))}</text></g>`
      );
    })
    .join("");
  const reference =
    `<line x1="${centre.toFixed(1)}" y1="${top - 4}" x2="${centre.toFixed(1)}" y2="${height - 2}" stroke="${TEXT_COLOUR}" stroke-width="2" stroke-dasharray="6 3"/>` +
    `<text x="${centre.toFixed(1)}" y="14" text-anchor="middle">${escapeXml(options.referenceLabel)}</text>`;
  const svg = svgRoot({
    id: options.id,
    className: "openics-chart",
    width,
    height,
    title: options.title,
    description: options.description,
    body: `<g font-size="14" fill="${TEXT_COLOUR}">${rows}${reference}</g>`,
  });
  return { status: "drawn", svg, bars: bars.length };
}

// ---------------------------------------------------------------------------------------------
// Years

/** The allocation year asked for, or the latest imported one, with the choices for the form. */
async function chooseYear(c: Context<AppEnv>) {
  const query = pageQuery.parse(c.req.query());
  const years = (await allocationYears(c.get("db"))).map((y) => y.year);
  const raw = query.year ?? "";
  if (raw === "")
    return { years, year: years.at(-1) ?? null, error: null } as const;
  const parsed = finance.allocationYear.safeParse(raw);
  // A year that is not a year is the reader's slip: show the latest year with the error summary.
  if (!parsed.success)
    return {
      years,
      year: years.at(-1) ?? null,
      error: {
        text: `Choose an allocation year from the list, written like 2024-25 ("${raw}" is not one)`,
        href: "#year",
      },
    } as const;
  return { years, year: parsed.data, error: null } as const;
}

function yearMissing(
  c: Context<AppEnv>,
  years: readonly string[],
  year: string | null,
  path: (year: string) => string,
): Response {
  const said =
    year === null
      ? "No allocation year has been imported yet, so there are no need indices to show."
      : `No weighted populations are imported for the allocation year ${year}.`;
  return renderErrorPage(
    c,
    404,
    "Allocation year not loaded",
    [
      said,
      `To load NHS England's GP-practice weighted populations for every published year, run: ${LOAD_ALLOCATIONS}`,
      ...(years.length > 0
        ? [`Years imported: ${years.join(", ")}.`]
        : ["No allocation years are imported yet."]),
    ],
    {
      links: years.map((y) => ({
        text: `See the need indices for ${y}`,
        href: path(y),
      })),
    },
  );
}

interface YearForm {
  readonly action: string;
  readonly items: readonly { value: string; text: string; selected: boolean }[];
  readonly error: string | null;
}

const yearForm = (
  action: string,
  years: readonly string[],
  year: string,
  error: FieldError | null,
): YearForm => ({
  action,
  error: error?.text ?? null,
  items: [...years]
    .reverse()
    .map((y) => ({ value: y, text: y, selected: y === year })),
});

// ---------------------------------------------------------------------------------------------
// Map of England's ICBs

const yearStart = (year: string) => {
  const start = `${year.slice(0, 4)}-04-01`;
  return start < structure.ICBS_ESTABLISHED
    ? structure.ICBS_ESTABLISHED
    : start;
};

/**
 * ICB boundary codes (GSS, as the boundary file keys them) for each ICB ODS code of the year. The
 * allocation files carry ODS codes only; the structure module knows each ICB's GSS code. An ICB
 * without a boundary of its own (the merged ICBs of April 2026) is drawn over its predecessors'.
 */
async function boundaryCodes(
  db: Db,
  year: string,
  odsCodes: readonly string[],
  drawable: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const start = yearStart(year);
  const codes = new Map<string, string[]>();
  const dates = [
    start,
    structure.ICB_RECODE_2023,
    structure.ICBS_ESTABLISHED,
    structure.ICB_MERGERS_2026,
  ];
  for (const date of dates) {
    for (const i of (await listIcs(db, date)).icbs)
      if (
        !codes.has(i.ods_code) &&
        i.gss_code !== null &&
        drawable.has(i.gss_code)
      )
        codes.set(i.ods_code, [i.gss_code]);
    if (odsCodes.every((c) => codes.has(c))) return codes;
  }
  for (const [ods, areas] of await getIcbAreas(db, start))
    if (!codes.has(ods)) codes.set(ods, areas);
  return codes;
}

async function icbMap(
  db: Db,
  year: string,
  rows: readonly Row[],
  download: string,
): Promise<FigureView | null> {
  const features = toMapFeatures(await getBoundaries(db, "icb", null)).features;
  if (features.length === 0) return null;
  const drawable = new Set(features.map((f) => f.code));
  const codes = await boundaryCodes(
    db,
    year,
    rows.map((r) => r.icb_code),
    drawable,
  );
  const byArea = new Map<string, Row>();
  for (const r of rows)
    for (const code of codes.get(r.icb_code) ?? [])
      if (drawable.has(code) && !byArea.has(code)) byArea.set(code, r);
  const named = features.map((f) => {
    const r = byArea.get(f.code);
    return { ...f, name: r ? r.icb_name : `${f.name} (no ICB in ${year})` };
  });
  const scale = needIndexScale(
    "Need index (1.00 is England's average need per person)",
    rows.map((r) => r.need_index),
  );
  const drawing = choropleth({
    id: "need-index-map",
    title: `Map of England's integrated care boards shaded by need index, ${year}`,
    description: `Each ICB area is shaded by its need index for ${year}: purple where need per person is above England's average (1.00), orange where it is below.`,
    features: named,
    values: new Map(
      named.map((f) => [f.code, byArea.get(f.code)?.need_index ?? null]),
    ),
    scale,
    formatValue: (v) =>
      v === null ? "no need index" : `need index ${indexText(v)}`,
    noDataLabel: "No need index for this area",
  });
  const onMap = new Set([...byArea.values()].map((r) => r.icb_code));
  const missing = rows.filter((r) => !onMap.has(r.icb_code));
  const sorted = [...rows].sort(
    (a, b) => (b.need_index ?? 0) - (a.need_index ?? 0),
  );
  const highest = sorted[0];
  const lowest = sorted.at(-1);
  return mapFigure({
    id: "need-index-england",
    caption: `Need index of each ICB relative to England, ${year}`,
    drawing,
    legendTitle: scale.title,
    summary: [
      ...(highest && lowest
        ? [
            `The highest need index is ${highest.icb_name}'s, ${indexText(highest.need_index)}; the lowest is ${lowest.icb_name}'s, ${indexText(lowest.need_index)}.`,
          ]
        : []),
      `${formatNumber(rows.length - missing.length)} of ${formatNumber(rows.length)} ICBs are on the map.`,
      ...(missing.length > 0
        ? [
            `Not on the map, because their boundary or code is not loaded: ${missing.map((r) => r.icb_name).join(", ")}. Load the geography with: ${LOAD_GEOGRAPHY}`,
          ]
        : []),
    ],
    table: {
      caption: `Need index of each ICB, ${year}`,
      head: [
        { text: "ICB" },
        { text: "Boundary code (GSS)" },
        { text: "Need index", format: "numeric" },
      ],
      rows: rows.map((r) => [
        { text: r.icb_name, href: icbHref(r.icb_code, year) },
        { text: (codes.get(r.icb_code) ?? []).join(", ") || "None" },
        num(r.need_index, 3),
      ]),
    },
    csvHref: download,
  });
}

/**
 * A map of an ICB's districts, each shaded by the need index of the place it lies in (a county's
 * districts share its shade), from the district boundaries loaded; null when none are.
 */
async function placeMap(
  db: Db,
  year: string,
  icbCode: string,
  icbName: string,
  rows: readonly Row[],
  scale: ReturnType<typeof needIndexScale>,
  download: string,
): Promise<FigureView | null> {
  const placeOf = await placeDistricts(db, year, icbCode);
  const features = toMapFeatures(
    await getBoundaries(db, "lad", [...placeOf.keys()]),
  ).features;
  if (features.length === 0) return null;
  const byPlace = new Map(rows.map((r) => [r.la_code ?? "", r]));
  const rowOf = (lad: string) => byPlace.get(placeOf.get(lad) ?? "");
  const named = features.map((f) => {
    const r = rowOf(f.code);
    const place = r?.la_name ?? r?.la_code ?? "no place";
    return { ...f, name: f.name === place ? place : `${f.name} (${place})` };
  });
  const drawing = choropleth({
    id: "place-need-index-map",
    title: `Map of ${icbName}'s places shaded by need index, ${year}`,
    description: `Each district is shaded by the need index of its place for ${year}: purple where need per person is above the ICB's average (1.00), orange where it is below.`,
    features: named,
    values: new Map(
      named.map((f) => [f.code, rowOf(f.code)?.need_index ?? null]),
    ),
    scale,
    formatValue: (v) =>
      v === null ? "no need index" : `need index ${indexText(v)}`,
    noDataLabel: "No need index for this area",
  });
  return mapFigure({
    id: "place-need-index-map-figure",
    caption: `Map of need by place in ${icbName}, ${year}`,
    drawing,
    legendTitle: scale.title,
    summary: [
      `${formatNumber(named.length)} districts drawn, each in the shade of its place's need index.`,
    ],
    table: {
      caption: `Need index by district's place, ${icbName}, ${year}`,
      head: [
        { text: "District" },
        { text: "Place" },
        { text: "Need index", format: "numeric" },
      ],
      rows: features.map((f) => {
        const r = rowOf(f.code);
        return [
          { text: f.name },
          { text: r?.la_name ?? r?.la_code ?? "None" },
          num(r?.need_index ?? null, 3),
        ];
      }),
    },
    csvHref: download,
  });
}

// ---------------------------------------------------------------------------------------------
// Pages

interface NeedIndexView extends LayoutView {
  readonly year: string;
  readonly yearForm: YearForm;
  readonly rows: readonly {
    name: string;
    href: string;
    code: string;
    registered: number;
    weighted: number;
    needIndex: number | null;
  }[];
  readonly map: FigureView | null;
  readonly loadGeography: string;
  readonly csvHref: string;
  readonly source: string;
}

async function needIndexPage(c: Context<AppEnv>): Promise<Response> {
  const db = c.get("db");
  const { years, year, error } = await chooseYear(c);
  const path = (y: string) =>
    `/finance/need-index?year=${encodeURIComponent(y)}`;
  if (year === null || !years.includes(year))
    return yearMissing(c, years, year, path);
  const result = await needIndex(db, { year, by: "icb" });
  if (!result.ok) return yearMissing(c, years, year, path);
  const rows = [...result.value].sort((a, b) =>
    a.icb_name.localeCompare(b.icb_name),
  );
  if (wantsCsv(c))
    return csvDownload(
      c,
      `need-index-icb-${year}.csv`,
      rows,
      csvColumnsWithNames,
    );
  const download = csvHref("/finance/need-index", { year }, "icbs");
  const view: NeedIndexView = {
    title: `Need index of each integrated care board, ${year}`,
    breadcrumbs: [{ text: "Home", href: "/" }],
    year,
    yearForm: yearForm("/finance/need-index", years, year, error),
    errors: error ? [error] : [],
    rows: rows.map((r) => ({
      name: r.icb_name,
      href: icbHref(r.icb_code, year),
      code: r.icb_code,
      registered: r.registered_pop,
      weighted: r.weighted_pop,
      needIndex: r.need_index,
    })),
    map: await icbMap(db, year, rows, download),
    loadGeography: LOAD_GEOGRAPHY,
    csvHref: download,
    source: SOURCE,
  };
  return renderPage(c, "finance/need-index.njk", view, error ? 400 : 200);
}

interface IcbNeedIndexView extends LayoutView {
  readonly year: string;
  readonly icbName: string;
  readonly icbCode: string;
  readonly yearForm: YearForm;
  readonly chart: FigureView;
  readonly map: FigureView | null;
  readonly rows: readonly {
    name: string;
    code: string;
    practices: number;
    registered: number;
    weighted: number;
    needIndex: number | null;
  }[];
  readonly csvHref: string;
  readonly englandHref: string;
  readonly source: string;
}

async function icbPage(c: Context<AppEnv>): Promise<Response> {
  const db = c.get("db");
  const code = (c.req.param("icb") ?? "").trim().toUpperCase();
  const { years, year, error } = await chooseYear(c);
  const path = (y: string) => icbHref(code, y);
  if (year === null || !years.includes(year))
    return yearMissing(c, years, year, path);
  const result = await needIndex(db, { year, by: "place", ics: code });
  if (!result.ok) {
    if (result.error.code === "unknown_allocation_year")
      return yearMissing(c, years, year, path);
    return renderErrorPage(
      c,
      404,
      "ICB not found",
      [
        result.error.message,
        "ICB codes in the allocation files are ODS codes, like QE1 (or T01 for the ICBs merged in April 2026).",
      ],
      {
        links: [
          {
            text: `See every ICB's need index for ${year}`,
            href: `/finance/need-index?year=${encodeURIComponent(year)}`,
          },
        ],
      },
    );
  }
  const rows = [...result.value].sort(
    (a, b) => (b.need_index ?? 0) - (a.need_index ?? 0),
  );
  const icbName = rows[0]?.icb_name ?? code;
  if (wantsCsv(c))
    return csvDownload(
      c,
      `need-index-place-${year}-${code}.csv`,
      rows,
      csvColumnsWithNames,
    );
  const download = csvHref(
    `/finance/need-index/${encodeURIComponent(code)}`,
    { year },
    "places",
  );
  const scale = needIndexScale(
    `Need index (1.00 is ${icbName}'s average need per person)`,
    rows.map((r) => r.need_index),
  );
  const above = rows.filter((r) => (r.need_index ?? 0) > 1);
  const chart = chartFigure({
    id: "place-need-index",
    caption: `Need index of each place relative to ${icbName}, ${year}`,
    drawing: needIndexChart({
      id: "place-need-index-chart",
      title: `Need index of each place in ${icbName}, ${year}`,
      description: `A bar for each place from the dashed line at 1.00 (the ICB's average need per person): to the right for more need per person than the ICB as a whole, to the left for less.`,
      bars: rows.flatMap((r) =>
        r.need_index === null
          ? []
          : [
              {
                label: r.la_name ?? r.la_code ?? "",
                value: r.need_index,
                colour: scale.colour(r.need_index),
              },
            ],
      ),
      referenceLabel: `1.00 = ${icbName.replace(/^NHS /, "").replace(/ ICB$/, "")} average`,
    }),
    legend: { title: scale.title, items: scale.legend },
    summary: [
      `${formatNumber(above.length)} of ${formatNumber(rows.length)} places have more need per person than ${icbName} as a whole (a need index above 1.00).`,
      "A few places hold only a handful of practices, where a practice lies over a council boundary from the rest of its ICB; their indices rest on small numbers.",
    ],
    table: {
      caption: `Need index of each place in ${icbName}, ${year}`,
      head: [{ text: "Place" }, { text: "Need index", format: "numeric" }],
      rows: rows.map((r) => [
        { text: r.la_name ?? r.la_code ?? "" },
        num(r.need_index, 3),
      ]),
    },
    csvHref: download,
  });
  const view: IcbNeedIndexView = {
    title: `Need index of each place in ${icbName}, ${year}`,
    breadcrumbs: [
      { text: "Home", href: "/" },
      {
        text: `Need index of each ICB, ${year}`,
        href: `/finance/need-index?year=${encodeURIComponent(year)}`,
      },
    ],
    year,
    icbName,
    icbCode: code,
    yearForm: yearForm(
      `/finance/need-index/${encodeURIComponent(code)}`,
      years,
      year,
      error,
    ),
    errors: error ? [error] : [],
    chart,
    map: await placeMap(db, year, code, icbName, rows, scale, download),
    rows: rows.map((r) => ({
      name: r.la_name ?? r.la_code ?? "",
      code: r.la_code ?? "",
      practices: r.practices,
      registered: r.registered_pop,
      weighted: r.weighted_pop,
      needIndex: r.need_index,
    })),
    csvHref: download,
    englandHref: `/finance/need-index?year=${encodeURIComponent(year)}`,
    source: SOURCE,
  };
  return renderPage(c, "finance/icb-need-index.njk", view, error ? 400 : 200);
}

/** The finance capability's public pages. */
export function registerFinancePages(app: Hono<AppEnv>): void {
  app.get("/finance/need-index", needIndexPage);
  app.get("/finance/need-index/:icb", icbPage);
  registerFinanceHubPages(app);
  registerFinanceStaffPages(app);
}
