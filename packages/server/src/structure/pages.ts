import type { Context, Hono } from "hono";
import { z } from "zod";
import { isoDate, structure } from "@openics/core";
import type { structureRepository as repo } from "@openics/db";
import type { AppEnv } from "../context";
import {
  barChart,
  binnedScale,
  chartFigure,
  choropleth,
  csvDownload,
  csvHref,
  decileLabel,
  formatDate,
  formatNumber,
  formatPercent,
  imdDecileScale,
  mapFigure,
  paginate,
  renderErrorPage,
  renderPage,
  toMapFeatures,
  weightedMeanBy,
  wantsCsv,
  type CsvColumn,
  type FieldError,
  type FigureView,
  type LayoutView,
  type MapFeature,
  type MapPoint,
  type TableCell,
} from "../web";
import {
  getBoundaries,
  getIcbAreas,
  ICS_TABLES,
  getIcsOverview,
  getPlace,
  getPractice,
  listIcs,
  resolveAsAt,
} from "./service";

// The public portal pages of the structure capability. Handlers parse the query, call the use
// cases in service.ts, shape a view model and render it; the templates are in views/structure/.

type Ok<T> = T extends { ok: true; value: infer V } ? V : never;
type Overview = Ok<Awaited<ReturnType<typeof getIcsOverview>>>;
type PlaceResult = Ok<Awaited<ReturnType<typeof getPlace>>>;
type PracticeResult = Ok<Awaited<ReturnType<typeof getPractice>>>;
type IcsListing = Awaited<ReturnType<typeof listIcs>>["icbs"][number];
type Db = AppEnv["Variables"]["db"];

const LOAD_GEOGRAPHY = "openics import geography ../shared/refdata/geo/*";
const LSOA_PAGE_SIZE = 100;

// ---------------------------------------------------------------------------------------------
// Query parsing

const pageQuery = z.object({
  as_at: z.string().trim().optional(),
  format: z.string().optional(),
  table: z.string().optional(),
  lsoa_page: z.coerce.number().int().positive().optional().catch(undefined),
});

interface AsAt {
  /** The date the page is about. */
  readonly date: string;
  /** The date the reader asked for, kept in links; undefined means "today". */
  readonly requested: string | undefined;
  /** The form's field value: the reader's own text when it was not a date. */
  readonly fieldValue: string;
  readonly error: FieldError | null;
}

function parseQuery(c: Context<AppEnv>) {
  const query = pageQuery.parse(c.req.query());
  const raw = query.as_at ?? "";
  const valid = raw === "" || isoDate.safeParse(raw).success;
  const asAt: AsAt = valid
    ? {
        date: resolveAsAt(raw === "" ? undefined : raw),
        requested: raw === "" ? undefined : raw,
        fieldValue: raw,
        error: null,
      }
    : {
        date: resolveAsAt(undefined),
        requested: undefined,
        fieldValue: raw,
        error: {
          text: "Enter a real date as year, month and day, like 2026-04-01",
          href: "#as-at",
        },
      };
  return { asAt, query };
}

/** A link that keeps the reader's chosen date. */
const withAsAt = (path: string, asAt: AsAt | string | undefined): string => {
  const date = typeof asAt === "string" ? asAt : asAt?.requested;
  return date ? `${path}?as_at=${encodeURIComponent(date)}` : path;
};

const queryFor = (asAt: AsAt) =>
  asAt.requested ? { as_at: asAt.requested } : {};

const dayBefore = (iso: string): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

const icsHref = (code: string, asAt?: AsAt | string) =>
  withAsAt(`/ics/${encodeURIComponent(code)}`, asAt);
const placeHref = (ics: string, place: string, asAt?: AsAt | string) =>
  withAsAt(
    `/ics/${encodeURIComponent(ics)}/places/${encodeURIComponent(place)}`,
    asAt,
  );
const practiceHref = (code: string) => `/practices/${encodeURIComponent(code)}`;

const text = (
  t: string | number | null | undefined,
  href?: string,
): TableCell =>
  href === undefined
    ? { text: t === null || t === undefined ? "" : String(t) }
    : { text: String(t ?? ""), href };
const num = (n: number | null | undefined, digits = 0): TableCell => ({
  text: n === null || n === undefined ? "No data" : formatNumber(n, digits),
  format: "numeric",
});

const populationSource = (asAt: string) =>
  structure.lsoaEditionAt(asAt) === 2011 ? "mid-2020 estimate" : "Census 2021";

// ---------------------------------------------------------------------------------------------
// Deprivation: the LSOA choropleth, or the district fallback, and the decile distribution

type LsoaRow = repo.LsoaRow;

interface DecileCount {
  readonly decile: number | null;
  readonly lsoas: number;
  readonly population: number;
}

function decileDistribution(lsoas: readonly LsoaRow[]): DecileCount[] {
  const rows: DecileCount[] = Array.from({ length: 10 }, (_, i) => {
    const inDecile = lsoas.filter((l) => l.imd_decile === i + 1);
    return {
      decile: i + 1,
      lsoas: inDecile.length,
      population: inDecile.reduce((s, l) => s + l.population, 0),
    };
  });
  const missing = lsoas.filter((l) => l.imd_decile === null);
  if (missing.length > 0)
    rows.push({
      decile: null,
      lsoas: missing.length,
      population: missing.reduce((s, l) => s + l.population, 0),
    });
  return rows;
}

function deprivationSentences(
  lsoas: readonly LsoaRow[],
  where: string,
): string[] {
  const withDecile = lsoas.filter((l) => l.imd_decile !== null);
  if (withDecile.length === 0)
    return [
      `No deprivation (IMD) figures are loaded for the LSOAs of ${where}.`,
    ];
  const total = lsoas.reduce((s, l) => s + l.population, 0);
  const core20 = withDecile.filter((l) => (l.imd_decile ?? 99) <= 2);
  const core20People = core20.reduce((s, l) => s + l.population, 0);
  const mean =
    weightedMeanBy(
      withDecile,
      () => "all",
      (l) => l.imd_decile,
      (l) => l.population,
    ).get("all")?.mean ?? null;
  const sentences = [
    `${formatNumber(core20.length)} of ${formatNumber(lsoas.length)} LSOAs in ${where} (${formatPercent(core20.length / lsoas.length, 0)}) are among the most deprived 20% in England (IMD deciles 1 and 2), home to ${formatNumber(core20People)} people (${formatPercent(total === 0 ? 0 : core20People / total, 0)} of the population).`,
  ];
  if (mean !== null)
    sentences.push(
      `The population-weighted mean IMD decile is ${formatNumber(mean, 1)} (England's is 5.5).`,
    );
  const missing = lsoas.length - withDecile.length;
  if (missing > 0)
    sentences.push(`${formatNumber(missing)} LSOAs have no IMD figure loaded.`);
  return sentences;
}

/** What the decile chart shows, in words: where the LSOAs sit against England's even tenths. */
function distributionSentences(
  rows: readonly DecileCount[],
  total: number,
): string[] {
  const deciles = rows.filter((r) => r.decile !== null);
  const top = [...deciles].sort((a, b) => b.lsoas - a.lsoas)[0];
  if (total === 0 || !top || top.lsoas === 0) return [];
  const share = (from: number, to: number) =>
    deciles
      .filter((r) => (r.decile ?? 0) >= from && (r.decile ?? 0) <= to)
      .reduce((s, r) => s + r.lsoas, 0) / total;
  return [
    `If the area were like England, each decile would hold 10% of its LSOAs. The most common decile here is ${decileLabel(top.decile ?? 0)}, with ${formatPercent(top.lsoas / total, 0)}.`,
    `${formatPercent(share(1, 2), 0)} of LSOAs are in deciles 1 and 2 (most deprived) and ${formatPercent(share(9, 10), 0)} in deciles 9 and 10 (least deprived).`,
  ];
}

function decileChart(
  id: string,
  lsoas: readonly LsoaRow[],
  where: string,
  download: string,
): FigureView {
  const rows = decileDistribution(lsoas);
  const total = lsoas.length;
  const drawing = barChart({
    id: `${id}-chart`,
    title: `Share of LSOAs in ${where} by IMD decile`,
    description: `A bar for each national IMD decile, from 1 (most deprived) to 10 (least deprived), giving the share of ${where}'s ${formatNumber(total)} LSOAs in it.`,
    bars: rows
      .filter((r) => r.decile !== null)
      .map((r) => ({
        label:
          r.decile === 1
            ? "1 (most deprived)"
            : r.decile === 10
              ? "10 (least deprived)"
              : String(r.decile),
        value: total === 0 ? 0 : r.lsoas / total,
        colour: imdDecileScale.colour(r.decile),
      })),
    formatValue: (v) => formatPercent(v, 0),
    emptyMessage: `No LSOAs are loaded for ${where}.`,
  });
  return chartFigure({
    id,
    caption: `Share of LSOAs by deprivation decile, ${where}`,
    drawing:
      total === 0
        ? { status: "empty", message: `No LSOAs are loaded for ${where}.` }
        : drawing,
    summary: distributionSentences(rows, total),
    table: {
      caption: `LSOAs and people by IMD decile, ${where}`,
      head: [
        { text: "IMD decile" },
        { text: "LSOAs", format: "numeric" },
        { text: "Share of LSOAs", format: "numeric" },
        { text: "Population", format: "numeric" },
      ],
      rows: rows.map((r) => [
        text(r.decile === null ? "No IMD figure" : decileLabel(r.decile)),
        num(r.lsoas),
        {
          text: formatPercent(total === 0 ? 0 : r.lsoas / total, 1),
          format: "numeric",
        },
        num(r.population),
      ]),
    },
    csvHref: download,
  });
}

const practicePoints = (
  practices: readonly {
    ods_code: string;
    name: string;
    latitude: number | null;
    longitude: number | null;
  }[],
): MapPoint[] =>
  practices.flatMap((p) =>
    p.latitude !== null && p.longitude !== null
      ? [
          {
            code: p.ods_code,
            name: p.name,
            latitude: p.latitude,
            longitude: p.longitude,
          },
        ]
      : [],
  );

interface DeprivationMapInput {
  readonly id: string;
  readonly where: string;
  readonly asAt: AsAt;
  readonly lsoas: readonly LsoaRow[];
  readonly practices: readonly {
    ods_code: string;
    name: string;
    latitude: number | null;
    longitude: number | null;
  }[];
  readonly outline: readonly MapFeature[];
  readonly outlineLabel: string;
  readonly lsoaPage: number;
  readonly pageHref: (page: number) => string;
  readonly download: (table: string) => string;
}

/** Districts of the LSOAs, with the population-weighted mean IMD decile: the fallback map's numbers. */
function districtsOf(lsoas: readonly LsoaRow[]) {
  return weightedMeanBy(
    lsoas,
    (l) => l.lad_gss,
    (l) => l.imd_decile,
    (l) => l.population,
  );
}

async function deprivationMap(
  db: Db,
  input: DeprivationMapInput,
): Promise<FigureView> {
  const { lsoas, where } = input;
  const points = practicePoints(input.practices);
  const pointsNote = (drawn: number, outside: number) =>
    drawn === 0
      ? []
      : [
          `White circles mark ${formatNumber(drawn)} GP practices${outside > 0 ? ` (${formatNumber(outside)} more lie outside the map's frame)` : ""}.`,
        ];
  const lsoaFeatures =
    lsoas.length === 0
      ? []
      : toMapFeatures(
          await getBoundaries(
            db,
            "lsoa",
            lsoas.map((l) => l.code),
          ),
          new Map(lsoas.map((l) => [l.code, l.name])),
        ).features;

  if (lsoaFeatures.length > 0) {
    const drawing = choropleth({
      id: `${input.id}-map`,
      title: `Map of ${where}'s LSOAs shaded by IMD decile`,
      description: `Each of ${formatNumber(lsoaFeatures.length)} small areas (LSOAs) is shaded by its national Index of Multiple Deprivation decile, darkest for the most deprived.`,
      features: lsoaFeatures,
      values: new Map(lsoas.map((l) => [l.code, l.imd_decile])),
      scale: imdDecileScale,
      formatValue: (v) =>
        v === null ? "no IMD figure" : `IMD decile ${formatNumber(v)}`,
      outlines: { label: input.outlineLabel, features: input.outline },
      points: { label: "GP practice", points },
    });
    const page = paginate(
      lsoas,
      input.lsoaPage,
      LSOA_PAGE_SIZE,
      input.pageHref,
    );
    const missing = lsoas.length - lsoaFeatures.length;
    return mapFigure({
      id: input.id,
      caption: `Deprivation by LSOA, ${where}, as at ${formatDate(input.asAt.date)}`,
      drawing,
      legendTitle: imdDecileScale.title,
      pointsLabel: "GP practice",
      summary: [
        ...deprivationSentences(lsoas, where),
        ...(missing > 0
          ? [
              `${formatNumber(missing)} LSOAs have no boundary loaded and are not on the map.`,
            ]
          : []),
        ...(drawing.status === "drawn"
          ? pointsNote(drawing.pointsDrawn, drawing.pointsOutside)
          : []),
      ],
      table: {
        caption: `LSOAs of ${where}${page.pages > 1 ? ` (page ${page.page} of ${page.pages})` : ""}`,
        head: [
          { text: "LSOA" },
          { text: "Code" },
          { text: "Population", format: "numeric" },
          { text: "IMD decile", format: "numeric" },
        ],
        rows: page.rows.map((l) => [
          text(l.name),
          text(l.code),
          num(l.population),
          num(l.imd_decile),
        ]),
      },
      csvHref: input.download("lsoas"),
      open: input.lsoaPage > 1,
      pagination: page.pagination,
    });
  }

  // No LSOA boundaries: shade local authority districts by the mean decile of their LSOAs here.
  const districts = districtsOf(lsoas);
  const ladRows =
    districts.size === 0
      ? []
      : await getBoundaries(db, "lad", [...districts.keys()]);
  const ladFeatures = toMapFeatures(ladRows).features;
  const ladName = new Map(ladFeatures.map((f) => [f.code, f.name]));
  const districtRows = [...districts]
    .map(([code, d]) => ({ code, name: ladName.get(code) ?? code, ...d }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const drawing = choropleth({
    id: `${input.id}-map`,
    title: `Map of the local authority districts of ${where} shaded by mean IMD decile`,
    description: `Each district is shaded by the population-weighted mean national IMD decile of its LSOAs in ${where}, darkest for the most deprived.`,
    features: ladFeatures,
    values: new Map(districtRows.map((d) => [d.code, d.mean])),
    scale: imdDecileScale,
    formatValue: (v) =>
      v === null ? "no IMD figure" : `mean IMD decile ${formatNumber(v, 1)}`,
    outlines: { label: input.outlineLabel, features: input.outline },
    points: { label: "GP practice", points },
    emptyMessage: `No LSOA or local authority boundaries are loaded, so there is no map. Load them with: ${LOAD_GEOGRAPHY}`,
  });
  return mapFigure({
    id: input.id,
    caption: `Deprivation by local authority district, ${where}, as at ${formatDate(input.asAt.date)}`,
    drawing,
    legendTitle: `${imdDecileScale.title} (population-weighted mean of the district's LSOAs here, to the nearest decile)`,
    pointsLabel: "GP practice",
    summary: [
      ...(drawing.status === "drawn"
        ? [
            "No LSOA boundaries are loaded, so this map shades each local authority district by the population-weighted mean IMD decile of its LSOAs in this area instead. Load LSOA boundaries for the detailed map.",
            `A district only partly in ${where} is drawn whole, but shaded by its LSOAs here only; the table gives the LSOAs and people here.`,
          ]
        : []),
      ...deprivationSentences(lsoas, where),
      ...(drawing.status === "drawn"
        ? pointsNote(drawing.pointsDrawn, drawing.pointsOutside)
        : []),
    ],
    table: {
      caption: `Local authority districts of ${where}`,
      head: [
        { text: "District" },
        { text: "Code" },
        { text: "LSOAs here", format: "numeric" },
        { text: "Population here", format: "numeric" },
        { text: "Mean IMD decile", format: "numeric" },
      ],
      rows: districtRows.map((d) => [
        text(d.name),
        text(d.code),
        num(d.count),
        num(d.weight),
        num(d.mean, 1),
      ]),
    },
    csvHref: input.download("districts"),
  });
}

/** The outline of an ICS: its own ICB boundary, or those of the ICBs it took over. */
/** The "as at" form and its error summary, the same on every page that has one. */
function asAtFields(asAt: AsAt, action: string, shown: string) {
  return {
    errors: asAt.error ? [asAt.error] : [],
    asAtForm: {
      action,
      value: asAt.fieldValue || shown,
      error: asAt.error?.text ?? null,
    },
  };
}

async function boundaryOf(
  db: Db,
  icb: { ods_code: string; gss_code: string | null },
  asAt: string,
): Promise<MapFeature[]> {
  const own =
    icb.gss_code === null
      ? []
      : toMapFeatures(await getBoundaries(db, "icb", [icb.gss_code])).features;
  if (own.length > 0) return own;
  const codes = (await getIcbAreas(db, asAt)).get(icb.ods_code) ?? [];
  return codes.length === 0
    ? []
    : toMapFeatures(await getBoundaries(db, "icb", codes)).features;
}

// ---------------------------------------------------------------------------------------------
// Home

interface IcsListItem {
  readonly code: string;
  readonly name: string;
  readonly href: string;
  readonly region: string;
  readonly population: number;
  readonly lsoas: number;
  readonly synthetic: boolean;
}

interface HomeView extends LayoutView {
  readonly asAt: string;
  readonly asAtForm: { action: string; value: string; error: string | null };
  readonly systems: readonly IcsListItem[];
  readonly totalPopulation: number;
  readonly realSystems: number;
  readonly syntheticSystems: number;
  readonly beforeIcbs: boolean;
  readonly map: FigureView | null;
  readonly loadCommand: string;
  readonly csvHref: string;
}

const icsColumns: CsvColumn<IcsListing>[] = [
  { header: "icb_ods", value: (r) => r.ods_code },
  { header: "icb_gss", value: (r) => r.gss_code },
  { header: "name", value: (r) => r.name },
  { header: "region", value: (r) => r.region_name },
  { header: "population", value: (r) => r.population },
  { header: "lsoas", value: (r) => r.lsoas },
  { header: "synthetic", value: (r) => r.synthetic },
];

async function homeMap(
  db: Db,
  icbs: readonly IcsListing[],
  asAt: AsAt,
): Promise<FigureView | null> {
  const features = toMapFeatures(await getBoundaries(db, "icb", null)).features;
  if (features.length === 0) return null;
  // Boundaries are keyed by ICB GSS code; merged ICBs are drawn over their predecessors' areas.
  const byOds = new Map(icbs.map((i) => [i.ods_code, i] as const));
  const current = new Map(
    icbs.flatMap((i) => (i.gss_code ? [[i.gss_code, i] as const] : [])),
  );
  for (const [ods, codes] of await getIcbAreas(db, asAt.date)) {
    const icb = byOds.get(ods);
    if (icb)
      for (const code of codes) if (!current.has(code)) current.set(code, icb);
  }
  const named = features.map((f) => {
    const icb = current.get(f.code);
    return {
      ...f,
      name: icb
        ? `${icb.name}${icb.synthetic ? " (synthetic)" : ""}`
        : `${f.name} (not an ICB on this date)`,
    };
  });
  const scale = binnedScale(
    "Population",
    [...current.values()].map((i) => i.population),
  );
  const drawing = choropleth({
    id: "england-map",
    title: `Map of England's integrated care systems shaded by population, as at ${formatDate(asAt.date)}`,
    description: `Each ICS area is shaded by its population (${populationSource(asAt.date)}), darker for more people.`,
    features: named,
    values: new Map(
      named.map((f) => [f.code, current.get(f.code)?.population ?? null]),
    ),
    scale,
    formatValue: (v) =>
      v === null
        ? "no ICB with this boundary on this date"
        : `${formatNumber(v)} people`,
    noDataLabel: "Not an ICB on this date",
  });
  const unmatched = named.filter((f) => !current.has(f.code));
  const drawnIcbs = new Set(
    named.flatMap((f) => {
      const icb = current.get(f.code);
      return icb ? [icb.ods_code] : [];
    }),
  );
  const withoutBoundary = icbs.filter((i) => !drawnIcbs.has(i.ods_code));
  const drawn = icbs.length - withoutBoundary.length;
  return mapFigure({
    id: "england",
    caption: `Integrated care systems by population, as at ${formatDate(asAt.date)}`,
    drawing,
    legendTitle: `Population (${populationSource(asAt.date)})`,
    summary: [
      `${formatNumber(drawn)} of ${formatNumber(icbs.length)} ICSs on this date are on the map.`,
      ...(unmatched.length > 0
        ? [
            `${formatNumber(unmatched.length)} grey areas are ICB boundaries from the loaded boundary file that belong to no ICB on this date.`,
          ]
        : []),
    ],
    table: {
      caption: `Population of each ICS, as at ${formatDate(asAt.date)}`,
      head: [
        { text: "ICS" },
        { text: "GSS code" },
        { text: "Population", format: "numeric" },
      ],
      rows: icbs.map((i) => [
        text(i.name, icsHref(i.ods_code, asAt)),
        text(i.gss_code ?? "None"),
        num(i.population),
      ]),
    },
    csvHref: csvHref("/", queryFor(asAt), "ics"),
  });
}

async function homePage(c: Context<AppEnv>): Promise<Response> {
  const { asAt, query } = parseQuery(c);
  const db = c.get("db");
  const listing = await listIcs(db, asAt.date);
  if (wantsCsv(c)) {
    if (query.table !== undefined && query.table !== "ics")
      return unknownDownload(c, query.table);
    return csvDownload(c, `ics-${listing.asAt}.csv`, listing.icbs, icsColumns);
  }
  const view: HomeView = {
    title: "Integrated care systems in the open",
    asAt: asAt.date,
    ...asAtFields(asAt, "/", asAt.date),
    systems: listing.icbs.map((i) => ({
      code: i.ods_code,
      name: i.name,
      href: icsHref(i.ods_code, asAt),
      region: i.region_name ?? i.region_ods,
      population: i.population,
      lsoas: i.lsoas,
      synthetic: i.synthetic,
    })),
    // Synthetic ICSs are fictional: they are never added into England's figures.
    totalPopulation: listing.icbs
      .filter((i) => !i.synthetic)
      .reduce((s, i) => s + i.population, 0),
    realSystems: listing.icbs.filter((i) => !i.synthetic).length,
    syntheticSystems: listing.icbs.filter((i) => i.synthetic).length,
    beforeIcbs: asAt.date < structure.ICBS_ESTABLISHED,
    map: await homeMap(db, listing.icbs, asAt),
    loadCommand: LOAD_GEOGRAPHY,
    csvHref: csvHref("/", queryFor(asAt), "ics"),
  };
  return renderPage(c, "structure/home.njk", view, asAt.error ? 400 : 200);
}

// ---------------------------------------------------------------------------------------------
// ICS

interface HistoryLine {
  readonly text: string;
  readonly href: string | null;
  readonly linkText: string | null;
}

interface IcsView extends LayoutView {
  readonly code: string;
  readonly asAt: string;
  readonly asAtForm: { action: string; value: string; error: string | null };
  readonly summaryRows: readonly { key: string; value: string }[];
  readonly periods: readonly (readonly TableCell[])[];
  readonly history: readonly HistoryLine[];
  readonly places: readonly {
    name: string;
    href: string;
    code: string;
    kind: string;
    population: number;
    share: number;
    coterminosity: string;
    split: boolean;
    icsCount: number;
  }[];
  readonly placesChart: FigureView;
  readonly deprivationMap: FigureView;
  readonly decileChart: FigureView;
  readonly pcns: readonly (readonly TableCell[])[];
  readonly practices: readonly (readonly TableCell[])[];
  readonly sectors: readonly {
    label: string;
    count: number;
    showOwner: boolean;
    members: readonly { code: string; name: string; owner: string | null }[];
  }[];
  readonly emptySectors: readonly string[];
  readonly practicesInPartners: number;
  readonly constituencies: readonly (readonly TableCell[])[];
  readonly downloads: Readonly<
    Record<
      "places" | "practices" | "lsoas" | "pcns" | "partners" | "constituencies",
      string
    >
  >;
}

const PAGE_TABLES = [...ICS_TABLES, "districts"] as const;
type IcsTable = (typeof PAGE_TABLES)[number];

function icsCsv(c: Context<AppEnv>, o: Overview, table: IcsTable): Response {
  const name = `${o.icb.ods_code}-${table}-${o.asAt}.csv`;
  switch (table) {
    case "places":
      return csvDownload(c, name, o.places, [
        { header: "utla_gss", value: (p) => p.utla_gss },
        { header: "name", value: (p) => p.name },
        { header: "kind", value: (p) => p.kind },
        { header: "lsoas_in_ics", value: (p) => p.lsoas_in_ics },
        { header: "population_in_ics", value: (p) => p.population_in_ics },
        { header: "population_total", value: (p) => p.population_total },
        { header: "share_in_ics", value: (p) => p.share.toFixed(4) },
        { header: "coterminosity", value: (p) => p.coterminosity },
        { header: "ics_count", value: (p) => p.ics_count },
      ]);
    case "practices":
      return csvDownload(c, name, o.practices, practiceColumns);
    case "lsoas":
      return csvDownload(c, name, o.lsoas, lsoaColumns);
    case "districts":
      return csvDownload(
        c,
        name,
        [...districtsOf(o.lsoas)].map(([code, d]) => ({ code, ...d })),
        [
          { header: "lad_gss", value: (d) => d.code },
          { header: "lsoas", value: (d) => d.count },
          { header: "population", value: (d) => d.weight },
          {
            header: "mean_imd_decile",
            value: (d) => (d.mean === null ? null : d.mean.toFixed(2)),
          },
        ],
      );
    case "pcns":
      return csvDownload(c, name, o.pcns, [
        { header: "pcn_ods", value: (p) => p.ods_code },
        { header: "name", value: (p) => p.name },
        { header: "practices", value: (p) => p.practices },
      ]);
    case "partners":
      return csvDownload(
        c,
        name,
        partnersBySector(o).flatMap((s) =>
          s.members.map((m) => ({ sector: s.sector, label: s.label, ...m })),
        ),
        [
          { header: "sector", value: (m) => m.sector },
          { header: "sector_label", value: (m) => m.label },
          { header: "code", value: (m) => m.code },
          { header: "name", value: (m) => m.name },
          {
            header: "ultimate_parent_owner",
            value: (m) => m.ultimate_parent_owner,
          },
        ],
      );
    case "constituencies":
      return csvDownload(c, name, o.constituencies, [
        { header: "pcon_gss", value: (r) => r.gss_code },
        { header: "name", value: (r) => r.name },
        { header: "mp", value: (r) => r.mp_name },
        { header: "party", value: (r) => r.party },
        { header: "lsoas_in_ics", value: (r) => r.lsoas },
      ]);
  }
}

const practiceColumns: CsvColumn<repo.PracticeRow>[] = [
  { header: "practice_ods", value: (p) => p.ods_code },
  { header: "name", value: (p) => p.name },
  { header: "postcode", value: (p) => p.postcode },
  { header: "pcn_ods", value: (p) => p.pcn_ods },
  { header: "pcn_name", value: (p) => p.pcn_name },
  { header: "sub_icb_ods", value: (p) => p.sub_icb_ods },
  { header: "lad_gss", value: (p) => p.lad_gss },
  { header: "utla_gss", value: (p) => p.utla_gss },
  { header: "latitude", value: (p) => p.latitude },
  { header: "longitude", value: (p) => p.longitude },
];

const lsoaColumns: CsvColumn<LsoaRow>[] = [
  { header: "lsoa_code", value: (l) => l.code },
  { header: "name", value: (l) => l.name },
  { header: "edition", value: (l) => l.edition },
  { header: "lad_gss", value: (l) => l.lad_gss },
  { header: "utla_gss", value: (l) => l.utla_gss },
  { header: "sub_icb_ods", value: (l) => l.sub_icb_ods },
  { header: "population", value: (l) => l.population },
  { header: "imd_decile", value: (l) => l.imd_decile },
  { header: "imd_rank", value: (l) => l.imd_rank },
  { header: "imd_score", value: (l) => l.imd_score },
];

const isTable = <T extends readonly string[]>(
  tables: T,
  table: string | undefined,
): table is T[number] => table !== undefined && tables.includes(table);

function unknownDownload(
  c: Context<AppEnv>,
  table: string | undefined,
): Response {
  return renderErrorPage(
    c,
    404,
    "No such download",
    `There is no table called "${table ?? ""}" to download from this page.`,
  );
}

/** Names of ICBs on the dates their history links point at, so a link can say where it goes. */
async function icbNames(
  db: Db,
  dates: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const date of new Set(dates)) {
    for (const i of (await listIcs(db, date)).icbs)
      if (!names.has(i.ods_code)) names.set(i.ods_code, i.name);
  }
  return names;
}

async function historyLines(db: Db, o: Overview): Promise<HistoryLine[]> {
  const code = o.icb.ods_code;
  const links = o.history.links;
  const names =
    links.length === 0
      ? new Map<string, string>()
      : await icbNames(
          db,
          links.flatMap((l) => [l.effective, dayBefore(l.effective)]),
        );
  const named = (ods: string) =>
    names.has(ods) ? `${names.get(ods) ?? ""} (${ods})` : ods;
  const patients = (n: number | null) =>
    n === null ? "" : `, with ${formatNumber(n)} registered patients`;
  return links.map((l): HistoryLine => {
    const when = formatDate(l.effective);
    if (l.from_ods === l.to_ods) {
      return {
        text: `On ${when} ONS recoded this ICB from ${l.from_gss ?? "?"} to ${l.to_gss ?? "?"}; its ODS code stayed ${code}.`,
        href: null,
        linkText: null,
      };
    }
    if (l.from_ods === code) {
      const verb =
        l.kind === "split" ? "Part of this ICB passed" : "This ICB merged";
      return {
        text: `${verb} into ${named(l.to_ods)} on ${when}${patients(l.registered_patients)}.`,
        href: icsHref(l.to_ods, l.effective),
        linkText: `See ${named(l.to_ods)}`,
      };
    }
    const how = l.kind === "split" ? "part of" : "all of";
    return {
      text: `On ${when} this ICB took on ${how} ${named(l.from_ods)}${patients(l.registered_patients)}.`,
      href: icsHref(l.from_ods, dayBefore(l.effective)),
      linkText: `See ${named(l.from_ods)} before ${when}`,
    };
  });
}

/**
 * Partners by sector, one row per organisation code: a council can be both a place of the ICS and
 * a registered partner, and the partner record (with the council's own name) wins.
 */
function partnersBySector(o: Overview) {
  return o.partnersBySector.map((s) => {
    const byCode = new Map<string, (typeof s.members)[number]>();
    for (const m of s.members) byCode.set(m.code, m);
    const members = [...byCode.values()];
    return { ...s, members, count: members.length };
  });
}

function partnerSectors(o: Overview) {
  const all = partnersBySector(o);
  return {
    sectors: all
      .filter((s) => s.count > 0 && s.sector !== "gp_practice")
      .map((s) => ({
        label: s.label,
        count: s.count,
        showOwner: s.sector === "independent_sector_provider",
        members: s.members.map((m) => ({
          code: m.code,
          name: m.name,
          owner: m.ultimate_parent_owner,
        })),
      })),
    emptySectors: all.filter((s) => s.count === 0).map((s) => s.label),
    practicesInPartners:
      all.find((s) => s.sector === "gp_practice")?.count ?? 0,
  };
}

/** Why an ICS code finds nothing on a date: it merged, it was recoded, or it is not yet formed. */
async function explainMissingIcs(
  db: Db,
  code: string,
  asAt: string,
  serviceMessage: string,
) {
  const today = resolveAsAt(undefined);
  const changes = [
    structure.ICBS_ESTABLISHED,
    structure.ICB_RECODE_2023,
    structure.ICB_MERGERS_2026,
  ];
  const candidates = [
    ...new Set([...changes, ...changes.map(dayBefore), today]),
  ]
    .filter((d) => d >= structure.ICBS_ESTABLISHED)
    .sort(
      (a, b) =>
        Math.abs(Date.parse(a) - Date.parse(asAt)) -
        Math.abs(Date.parse(b) - Date.parse(asAt)),
    );
  const wanted = code.toUpperCase();
  for (const date of candidates) {
    const found = (await listIcs(db, date)).icbs.find(
      (i) => i.ods_code === wanted || i.gss_code?.toUpperCase() === wanted,
    );
    if (!found) continue;
    const name = `${found.name} (${found.ods_code})`;
    if (found.valid_from > asAt) {
      return {
        message: [
          `${name} did not exist yet on ${formatDate(asAt)}: it was formed on ${formatDate(found.valid_from)}.`,
        ],
        links: [
          {
            text: `See ${name} from ${formatDate(found.valid_from)}`,
            href: icsHref(found.ods_code, found.valid_from),
          },
        ],
      };
    }
    const ended = found.valid_to ?? asAt;
    const overview = await getIcsOverview(db, found.ods_code, date);
    const successors = overview.ok
      ? overview.value.history.links.filter(
          (l) =>
            l.from_ods === found.ods_code &&
            l.to_ods !== found.ods_code &&
            l.effective === ended,
        )
      : [];
    const names =
      successors.length > 0
        ? await icbNames(db, [ended])
        : new Map<string, string>();
    const successorText = successors
      .map((l) => `${names.get(l.to_ods) ?? l.to_ods} (${l.to_ods})`)
      .join(" and ");
    return {
      message: [
        successors.length > 0
          ? `${name} ${successors.some((l) => l.kind === "split") ? "was split between" : "merged into"} ${successorText} on ${formatDate(ended)}, so it is not an ICS on ${formatDate(asAt)}.`
          : `${name} was in effect until ${formatDate(ended)}, so it is not an ICS on ${formatDate(asAt)}.`,
      ],
      links: [
        ...successors.map((l) => ({
          text: `See ${names.get(l.to_ods) ?? l.to_ods} (${l.to_ods})`,
          href: icsHref(l.to_ods, asAt),
        })),
        {
          text: `See ${name} on ${formatDate(dayBefore(ended))}`,
          href: icsHref(found.ods_code, dayBefore(ended)),
        },
      ],
    };
  }
  return {
    message: [
      serviceMessage,
      "ICB codes look like QHG or T01 (ODS), or E54000024 (ONS GSS).",
    ],
    links: [],
  };
}

async function icsPage(c: Context<AppEnv>): Promise<Response> {
  const { asAt, query } = parseQuery(c);
  const db = c.get("db");
  const code = c.req.param("code") ?? "";
  const result = await getIcsOverview(db, code, asAt.date);
  if (!result.ok) {
    const why = await explainMissingIcs(
      db,
      code,
      asAt.date,
      result.error.message,
    );
    return renderErrorPage(c, 404, "ICS not found", why.message, {
      links: why.links,
    });
  }
  const o = result.value;
  if (wantsCsv(c))
    return isTable(PAGE_TABLES, query.table)
      ? icsCsv(c, o, query.table)
      : unknownDownload(c, query.table);

  const path = `/ics/${encodeURIComponent(code)}`;
  const download = (table: string) => csvHref(path, queryFor(asAt), table);
  const where = o.icb.name;
  const outline = await boundaryOf(db, o.icb, o.asAt);
  const sectors = partnerSectors(o);
  const view: IcsView = {
    title: o.icb.name,
    code: o.icb.ods_code,
    breadcrumbs: [{ text: "Home", href: withAsAt("/", asAt) }],
    synthetic: o.icb.synthetic,
    asAt: o.asAt,
    ...asAtFields(asAt, path, o.asAt),
    summaryRows: [
      { key: "ICB ODS code", value: o.icb.ods_code },
      {
        key: "ICB GSS code",
        value:
          o.icb.gss_code ??
          "None yet (ICBs formed in April 2026 have no ONS code)",
      },
      {
        key: "NHS region",
        value: `${o.icb.region_name ?? "Unknown"} (${o.icb.region_ods})`,
      },
      {
        key: "In effect",
        value: `From ${formatDate(o.icb.valid_from)}${o.icb.valid_to ? ` until ${formatDate(o.icb.valid_to)}` : ""}`,
      },
      {
        key: `Population (${populationSource(o.asAt)})`,
        value: formatNumber(o.counts.population),
      },
      {
        key: "Sub-ICB locations",
        value: formatNumber(o.counts.sub_icb_locations),
      },
      {
        key: "Places (upper-tier local authorities)",
        value: formatNumber(o.counts.places),
      },
      { key: "Primary care networks", value: formatNumber(o.counts.pcns) },
      { key: "GP practices", value: formatNumber(o.counts.practices) },
      { key: "LSOAs (small areas)", value: formatNumber(o.counts.lsoas) },
    ],
    // Periods are half-open [from, to): the last day in effect is the day before `to`.
    periods: o.history.periods.map((p) => [
      text(formatDate(p.valid_from)),
      text(p.valid_to ? formatDate(dayBefore(p.valid_to)) : "Still in effect"),
      text(p.gss_code ?? "None"),
    ]),
    history: await historyLines(db, o),
    places: o.places.map((p) => ({
      name: p.name,
      href: placeHref(o.icb.ods_code, p.utla_gss, asAt),
      code: p.utla_gss,
      kind: p.kind,
      population: p.population_in_ics,
      share: p.share,
      coterminosity: p.coterminosity,
      split: p.splitAcrossIcs,
      icsCount: p.ics_count,
    })),
    placesChart: chartFigure({
      id: "population-by-place",
      caption: `Population by place, ${where}`,
      drawing: barChart({
        id: "population-by-place-chart",
        title: `Population of each place in ${where}`,
        description: `A bar for each of ${formatNumber(o.places.length)} places, its length the number of people in the place who live in this ICS.`,
        bars: o.places.map((p) => ({
          label: p.name,
          value: p.population_in_ics,
        })),
        emptyMessage: "No places are loaded for this ICS.",
      }),
      summary: o.places.length === 0 ? [] : placesSentences(o),
      table: {
        caption: `Population by place, ${where}`,
        head: [
          { text: "Place" },
          { text: "Population in this ICS", format: "numeric" },
          { text: "Share of the ICS", format: "numeric" },
        ],
        rows: o.places.map((p) => [
          text(p.name),
          num(p.population_in_ics),
          {
            text: formatPercent(
              o.counts.population === 0
                ? 0
                : p.population_in_ics / o.counts.population,
            ),
            format: "numeric",
          },
        ]),
      },
      csvHref: download("places"),
    }),
    deprivationMap: await deprivationMap(db, {
      id: "deprivation",
      where,
      asAt,
      lsoas: o.lsoas,
      practices: o.practices,
      outline,
      outlineLabel: "ICS boundary",
      lsoaPage: query.lsoa_page ?? 1,
      pageHref: (n) =>
        `${path}?${new URLSearchParams({ ...queryFor(asAt), lsoa_page: String(n) }).toString()}#deprivation`,
      download,
    }),
    decileChart: decileChart(
      "deprivation-deciles",
      o.lsoas,
      where,
      download("lsoas"),
    ),
    pcns: o.pcns.map((p) => [text(p.name), text(p.ods_code), num(p.practices)]),
    practices: o.practices.map((p) => [
      text(p.name, practiceHref(p.ods_code)),
      text(p.ods_code),
      text(p.postcode),
      text(p.pcn_name ?? "None"),
      text(p.sub_icb_ods),
    ]),
    ...sectors,
    constituencies: o.constituencies.map((r) => [
      text(r.name),
      text(r.gss_code),
      text(r.mp_name ?? "Not recorded"),
      text(r.party ?? ""),
      num(r.lsoas),
    ]),
    downloads: {
      places: download("places"),
      practices: download("practices"),
      lsoas: download("lsoas"),
      pcns: download("pcns"),
      partners: download("partners"),
      constituencies: download("constituencies"),
    },
  };
  return renderPage(c, "structure/ics.njk", view, asAt.error ? 400 : 200);
}

function placesSentences(o: Overview): string[] {
  const largest = [...o.places].sort(
    (a, b) => b.population_in_ics - a.population_in_ics,
  )[0];
  const split = o.places.filter((p) => p.splitAcrossIcs);
  return [
    `${o.icb.name} covers ${formatNumber(o.places.length)} places.${largest ? ` The largest is ${largest.name}, with ${formatNumber(largest.population_in_ics)} people here (${formatPercent(o.counts.population === 0 ? 0 : largest.population_in_ics / o.counts.population, 0)} of the ICS).` : ""}`,
    split.length === 0
      ? "Every place lies wholly in this ICS."
      : `${formatNumber(split.length)} ${split.length === 1 ? "place is" : "places are"} split across more than one ICS: ${split.map((p) => p.name).join(", ")}.`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Place

interface PlaceView extends LayoutView {
  readonly icsName: string;
  readonly icsHref: string;
  readonly asAt: string;
  readonly asAtForm: { action: string; value: string; error: string | null };
  readonly summaryRows: readonly { key: string; value: string }[];
  readonly split: boolean;
  readonly icsCount: number;
  readonly districts: readonly (readonly TableCell[])[];
  readonly decileChart: FigureView;
  readonly deprivationMap: FigureView;
  readonly practices: readonly (readonly TableCell[])[];
  readonly downloads: Readonly<
    Record<"practices" | "lsoas" | "districts", string>
  >;
}

const PLACE_TABLES = ["lsoas", "practices", "districts"] as const;

function placeCsv(
  c: Context<AppEnv>,
  p: PlaceResult,
  table: (typeof PLACE_TABLES)[number],
): Response {
  const name = `${p.icb.ods_code}-${p.place.utla_gss}-${table}-${p.asAt}.csv`;
  switch (table) {
    case "lsoas":
      return csvDownload(c, name, p.lsoas, lsoaColumns);
    case "practices":
      return csvDownload(c, name, p.practices, practiceColumns);
    case "districts":
      return csvDownload(c, name, p.districts, [
        { header: "lad_gss", value: (d) => d.lad_gss },
        { header: "name", value: (d) => d.name },
        { header: "lsoas", value: (d) => d.lsoas },
        { header: "population", value: (d) => d.population },
      ]);
  }
}

async function placePage(c: Context<AppEnv>): Promise<Response> {
  const { asAt, query } = parseQuery(c);
  const db = c.get("db");
  const code = c.req.param("code") ?? "";
  const placeCode = c.req.param("place") ?? "";
  const result = await getPlace(db, code, placeCode, asAt.date);
  if (!result.ok) {
    if (result.error.code === "unknown_ics") {
      const why = await explainMissingIcs(
        db,
        code,
        asAt.date,
        result.error.message,
      );
      return renderErrorPage(c, 404, "ICS not found", why.message, {
        links: why.links,
      });
    }
    return renderErrorPage(c, 404, "Place not found", result.error.message, {
      links: [
        { text: "See the ICS and its places", href: icsHref(code, asAt) },
      ],
    });
  }
  const p = result.value;
  if (wantsCsv(c))
    return isTable(PLACE_TABLES, query.table)
      ? placeCsv(c, p, query.table)
      : unknownDownload(c, query.table);

  const path = `/ics/${encodeURIComponent(code)}/places/${encodeURIComponent(placeCode)}`;
  const download = (table: string) => csvHref(path, queryFor(asAt), table);
  const where = `${p.place.name} (in ${p.icb.name})`;
  const view: PlaceView = {
    title: p.place.name,
    icsName: p.icb.name,
    icsHref: icsHref(p.icb.ods_code, asAt),
    breadcrumbs: [
      { text: "Home", href: withAsAt("/", asAt) },
      { text: p.icb.name, href: icsHref(p.icb.ods_code, asAt) },
    ],
    synthetic: p.icb.synthetic,
    asAt: p.asAt,
    ...asAtFields(asAt, path, p.asAt),
    summaryRows: [
      { key: "GSS code", value: p.place.utla_gss },
      { key: "Type of authority", value: p.place.kind },
      {
        key: `Population in this ICS (${populationSource(p.asAt)})`,
        value: formatNumber(p.place.population_in_ics),
      },
      {
        key: "Population of the whole place",
        value: formatNumber(p.place.population_total),
      },
      {
        key: "Share of the place in this ICS",
        value: formatPercent(p.place.share),
      },
      {
        key: "Coterminosity",
        value:
          p.place.coterminosity === "whole"
            ? "Whole: all of the place is in this ICS"
            : "Partial: some of the place is in another ICS",
      },
      { key: "LSOAs in this ICS", value: formatNumber(p.place.lsoas_in_ics) },
      { key: "Districts", value: formatNumber(p.districts.length) },
      { key: "GP practices", value: formatNumber(p.practices.length) },
    ],
    split: p.place.splitAcrossIcs,
    icsCount: p.place.ics_count,
    districts: p.districts.map((d) => [
      text(d.name),
      text(d.lad_gss),
      num(d.lsoas),
      num(d.population),
    ]),
    decileChart: decileChart(
      "deprivation-deciles",
      p.lsoas,
      p.place.name,
      download("lsoas"),
    ),
    deprivationMap: await deprivationMap(db, {
      id: "deprivation",
      where,
      asAt,
      lsoas: p.lsoas,
      practices: p.practices,
      outline: [],
      outlineLabel: "Place boundary",
      lsoaPage: query.lsoa_page ?? 1,
      pageHref: (n) =>
        `${path}?${new URLSearchParams({ ...queryFor(asAt), lsoa_page: String(n) }).toString()}#deprivation`,
      download,
    }),
    practices: p.practices.map((r) => [
      text(r.name, practiceHref(r.ods_code)),
      text(r.ods_code),
      text(r.postcode),
      text(r.pcn_name ?? "None"),
    ]),
    downloads: {
      practices: download("practices"),
      lsoas: download("lsoas"),
      districts: download("districts"),
    },
  };
  return renderPage(c, "structure/place.njk", view, asAt.error ? 400 : 200);
}

// ---------------------------------------------------------------------------------------------
// Practice

const PRACTICE_STATUS: Readonly<Record<string, string>> = {
  A: "Active",
  C: "Closed",
  D: "Dormant",
  P: "Proposed",
};

interface PracticeView extends LayoutView {
  readonly code: string;
  readonly summaryRows: readonly { key: string; value: string }[];
  readonly pcns: readonly (readonly TableCell[])[];
  readonly commissioners: readonly (readonly TableCell[])[];
  readonly derivedNote: boolean;
}

function practiceView(p: PracticeResult, synthetic: boolean): PracticeView {
  const current =
    [...p.commissioners].reverse().find((r) => r.valid_to === null) ??
    p.commissioners.at(-1);
  const icb = current?.icb_ods ?? null;
  return {
    title: p.name,
    code: p.ods_code,
    synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      ...(icb ? [{ text: `ICS ${icb}`, href: icsHref(icb) }] : []),
    ],
    summaryRows: [
      { key: "ODS code", value: p.ods_code },
      { key: "Status", value: PRACTICE_STATUS[p.status] ?? p.status },
      { key: "Address", value: p.address ?? "Not recorded" },
      { key: "Postcode", value: p.postcode ?? "Not recorded" },
      {
        key: "Local authority",
        value: p.lad_name
          ? `${p.lad_name} (${p.lad_gss ?? ""})`
          : (p.lad_gss ?? "Not recorded"),
      },
      {
        key: "Opened",
        value: p.open_date ? formatDate(p.open_date) : "Not recorded",
      },
      ...(p.close_date
        ? [{ key: "Closed", value: formatDate(p.close_date) }]
        : []),
      {
        key: "Location",
        value:
          p.latitude !== null && p.longitude !== null
            ? `${formatNumber(p.latitude, 5)}, ${formatNumber(p.longitude, 5)} (latitude, longitude)`
            : "Not recorded",
      },
    ],
    pcns: p.pcns.map((m) => [
      text(m.pcn_name ?? m.pcn_ods),
      text(m.pcn_ods),
      text(formatDate(m.valid_from)),
      text(m.valid_to ? formatDate(m.valid_to) : "Current"),
    ]),
    commissioners: p.commissioners.map((r) => [
      text(r.sub_icb_ods),
      r.icb_ods
        ? text(r.icb_ods, icsHref(r.icb_ods, r.valid_from))
        : text("As its sub-ICB location"),
      text(formatDate(r.valid_from)),
      text(r.valid_to ? formatDate(r.valid_to) : "Current"),
      text(r.derived_by ? `Derived (${r.derived_by})` : "ODS"),
    ]),
    derivedNote: p.commissioners.some((r) => r.derived_by !== null),
  };
}

async function practicePage(c: Context<AppEnv>): Promise<Response> {
  const db = c.get("db");
  const code = c.req.param("code") ?? "";
  const result = await getPractice(db, code);
  if (!result.ok) {
    return renderErrorPage(c, 404, "GP practice not found", [
      result.error.message,
      "GP practice ODS codes are a letter and five digits, like A81001.",
    ]);
  }
  const p = result.value;
  // A practice is synthetic when its ICS is; the demo generator also labels every synthetic name.
  const icb =
    (
      [...p.commissioners].reverse().find((r) => r.valid_to === null) ??
      p.commissioners.at(-1)
    )?.icb_ods ?? null;
  const listing = icb
    ? (await listIcs(db)).icbs.find((i) => i.ods_code === icb)
    : undefined;
  const synthetic =
    listing?.synthetic === true || /\bsynthetic\b/i.test(p.name);
  return renderPage(c, "structure/practice.njk", practiceView(p, synthetic));
}

// ---------------------------------------------------------------------------------------------

/** The structure capability's public pages. */
export function registerStructurePages(app: Hono<AppEnv>): void {
  app.get("/", homePage);
  app.get("/ics/:code", icsPage);
  app.get("/ics/:code/places/:place", placePage);
  app.get("/practices/:code", practicePage);
}
