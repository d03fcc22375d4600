import type { Context, Hono } from "hono";
import { populationHealth as ph } from "@openics/core";
import {
  publicationRepository,
  structureRepository,
  type Queryable,
} from "@openics/db";
import type { AppEnv } from "../context";
import { getBoundaries } from "../structure/service";
import {
  chartFigure,
  toMapFeatures,
  csvDownload,
  formatNumber,
  renderErrorPage,
  renderPage,
  wantsCsv,
  type FigureView,
  type LayoutView,
  type TableCell,
} from "../web";
import { trendChart } from "../web/interval-chart";
import * as populationHealthService from "./benchmarks-service";
import { areaMapFigure } from "./indicator-maps";
import {
  COMPARISON_LABELS,
  PUBLISHED_CSV_COLUMNS,
  breakdownFigure,
  dimensionPhrase,
  publishedRows,
  type IndicatorDescription,
} from "./indicator-figures";

// Public indicator pages. They read stored publications only: aggregates that passed disclosure
// control when they were published. No patient-level table is read here.

type Publication = ph.Publication;
type Row = publicationRepository.PublicationRow;

interface StoredMetadata {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly method: string;
  readonly unit: string;
  readonly polarity: string;
  readonly source: string;
  readonly fingertipsId?: number;
}

const metadataOf = (r: Row) => r.metadata as StoredMetadata;
const publicationOf = (r: Row) => r.payload as Publication;

const ci95 = (p: Publication) =>
  p.overall.estimate.intervals.find((i) => i.confidence === 0.95) ?? {
    lower: null,
    upper: null,
  };
const show = (v: number | null, digits = 1) =>
  v === null ? "*" : formatNumber(v, digits);

const RULE_TEXT: Record<string, string> = {
  nhs_hes_ecds_subnational:
    "NHS England's small-number rule: counts of 1 to 7 are shown as *, other counts are rounded to the nearest 5, and values are worked out again from the rounded counts.",
  ehrql_apply_sdc:
    "OpenSAFELY ehrQL's rule: counts of 7 or fewer become 0, others are rounded to the nearest 5.",
  opensafely_midpoint6: "OpenSAFELY midpoint-6 rounding.",
};

async function icsName(
  c: Context<AppEnv>,
  code: string,
): Promise<{ name: string; synthetic: boolean } | null> {
  const icb = await structureRepository.icbAt(
    c.get("db"),
    code,
    new Date().toISOString().slice(0, 10),
  );
  return icb ? { name: icb.name, synthetic: icb.synthetic } : null;
}

interface ListView extends LayoutView {
  readonly icsCode: string;
  readonly rows: readonly {
    name: string;
    href: string;
    period: string;
    value: string;
    interval: string;
    unit: string;
    gap: string;
  }[];
  readonly queryLogHref: string;
}

async function listPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const ics = await icsName(c, code);
  if (ics === null)
    return renderErrorPage(c, 404, "ICS not found", [
      `There is no integrated care system with the code ${code}.`,
    ]);
  const rows = await publicationRepository.latestPublications(
    c.get("db"),
    code,
  );
  const latest = new Map<string, Row>();
  for (const r of rows) {
    const seen = latest.get(r.indicator_id);
    if (!seen || seen.period_to < r.period_to) latest.set(r.indicator_id, r);
  }
  const view: ListView = {
    title: `Health of the population: ${ics.name}`,
    synthetic: ics.synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: ics.name, href: `/ics/${code}` },
    ],
    icsCode: code,
    queryLogHref: `/ics/${code}/query-log`,
    rows: [...latest.values()].map((r) => {
      const m = metadataOf(r);
      const p = publicationOf(r);
      const ci = ci95(p);
      const gap =
        p.inequality?.status === "calculated"
          ? `${show(p.inequality.result.sii)} ${m.unit}`
          : "Not calculated";
      return {
        name: m.name,
        href: `/ics/${code}/health/${encodeURIComponent(r.indicator_id)}`,
        period: `${r.period_from} to ${r.period_to}`,
        value: show(p.overall.estimate.value),
        interval:
          ci.lower === null || ci.upper === null
            ? "*"
            : `${show(ci.lower)} to ${show(ci.upper)}`,
        unit: m.unit,
        gap,
      };
    }),
  };
  return renderPage(c, "population-health/indicators.njk", view);
}

interface DetailView extends LayoutView {
  readonly icsName: string;
  readonly metadata: StoredMetadata;
  readonly period: string;
  readonly value: string;
  readonly interval: string;
  readonly rule: string;
  readonly publishedAt: string;
  readonly queryHash: string;
  readonly queryLogHref: string;
  readonly england: {
    readonly value: string;
    readonly comparison: string;
    readonly source: string;
  } | null;
  readonly englandMissing: string | null;
  /** Other comparator areas loaded for the period: name, type, value, how the ICS compares. */
  readonly comparators: readonly (readonly TableCell[])[];
  readonly maps: readonly FigureView[];
  readonly figures: readonly FigureView[];
  readonly trend: FigureView;
  readonly inequality: string | null;
  readonly csvHref: string;
}

const LOAD_BENCHMARKS =
  "openics import benchmarks <file.csv>, with the CSV from the Fingertips data download (Download, then 'Data for England and all areas')";
const LOAD_GEOGRAPHY = "openics import geography <boundary files>";

/** The Fingertips indicator an indicator is comparable to: from the library, else as stored. */
function fingertipsIdOf(
  id: string,
  period: { from: string; to: string },
  stored: StoredMetadata,
): number | null {
  const known = ph.standardIndicators(period).find((i) => i.metadata.id === id)
    ?.metadata.fingertipsId;
  return known ?? stored.fingertipsId ?? null;
}

/** England's value for each Fingertips time period, persons only. */
function englandSeries(
  rows: readonly populationHealthService.StoredBenchmark[],
): Map<string, populationHealthService.StoredBenchmark> {
  const out = new Map<string, populationHealthService.StoredBenchmark>();
  for (const r of rows)
    if (
      r.area_code === ph.ENGLAND_AREA_CODE &&
      r.sex === "Persons" &&
      !out.has(r.time_period)
    )
      out.set(r.time_period, r);
  return out;
}

async function detailPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const id = c.req.param("indicator") ?? "";
  const db = c.get("db");
  const ics = await icsName(c, code);
  const series = await publicationRepository.indicatorSeries(db, code, id);
  const current = series.at(-1);
  if (ics === null || current === undefined)
    return renderErrorPage(c, 404, "Indicator not found", [
      `${code} has not published an indicator called ${id}.`,
    ]);
  const m = metadataOf(current);
  const p = publicationOf(current);
  const description: IndicatorDescription = {
    id,
    title: m.name,
    unit: m.unit,
    polarity: m.polarity,
  };
  if (wantsCsv(c))
    return csvDownload(
      c,
      `${code}-${id}-${current.period_to}.csv`,
      publishedRows(description, p),
      PUBLISHED_CSV_COLUMNS,
    );
  const csvHref = `/ics/${code}/health/${encodeURIComponent(id)}?format=csv`;
  const pageHref = `/ics/${code}/health/${encodeURIComponent(id)}`;
  const period = { from: current.period_from, to: current.period_to };
  const icsBenchmark = {
    name: ics.name,
    value: p.overall.estimate.value,
  };

  const [lsoas, places, practices] = await Promise.all([
    structureRepository.lsoasAt(db, period.to, code),
    structureRepository.placesAt(db, period.to, code),
    structureRepository.practicesAt(db, period.to, code),
  ]);
  const names = areaNames(lsoas, places, practices);
  const named = (dimension: string) => (group: string) => {
    const name = names.get(dimension)?.get(group);
    return name ? `${name} (${group})` : group;
  };

  const figures = p.breakdowns
    .filter((b) => b.dimension !== "lsoa")
    .flatMap((b) => {
      const f = breakdownFigure(description, p, b.dimension, {
        areaName: ics.name,
        csvHref,
        benchmark: icsBenchmark,
        tableLabel: named(b.dimension),
        // Places are few: the chart names them; PCNs and practices go by code under the bars.
        ...(b.dimension === "place"
          ? {
              groupLabel: (g: string) => names.get("place")?.get(g) ?? g,
            }
          : {}),
        maxBars: 40,
      });
      return f ? [f] : [];
    });

  const lsoaPage = Number.parseInt(c.req.query("lsoaPage") ?? "1", 10);
  const maps = await indicatorMaps(db, {
    description,
    publication: p,
    areaName: ics.name,
    periodText: `${period.from} to ${period.to}`,
    benchmark: icsBenchmark,
    lsoas,
    places,
    names,
    csvHref,
    lsoaPage: Number.isFinite(lsoaPage) ? lsoaPage : 1,
    pageHref: (n) => `${pageHref}?lsoaPage=${n}#${id}-lsoa-map`,
  });

  const fingertipsId = fingertipsIdOf(id, period, m);
  const benchmarks =
    fingertipsId === null
      ? []
      : await populationHealthService.benchmarksOf(db, fingertipsId);
  const england = englandSeries(benchmarks);
  const englandFor = (r: Row) => {
    const label = ph.fingertipsTimePeriod({
      from: r.period_from,
      to: r.period_to,
    });
    return label === null ? undefined : england.get(label);
  };
  const ci = ci95(p);
  const icsEstimate = {
    value: p.overall.estimate.value,
    lower: ci.lower,
    upper: ci.upper,
  };
  const periodLabel = ph.fingertipsTimePeriod(period);
  // Any other area loaded from Fingertips (a region, a neighbouring ICS) for the same period.
  const comparators = benchmarks
    .filter(
      (b) =>
        b.area_code !== ph.ENGLAND_AREA_CODE &&
        b.sex === "Persons" &&
        b.time_period === periodLabel,
    )
    .map((b) => [
      { text: `${b.area_name} (${b.area_code})` },
      { text: b.area_type },
      {
        text: b.value === null ? "not published" : show(b.value),
        format: "numeric" as const,
      },
      {
        text: COMPARISON_LABELS[
          ph.compareWithBenchmark(icsEstimate, b.value, m.polarity)
        ],
      },
    ]);
  const englandNow = englandFor(current);
  const englandComparison =
    englandNow === undefined
      ? null
      : ph.compareWithBenchmark(icsEstimate, englandNow.value, m.polarity);
  const view: DetailView = {
    title: m.name,
    synthetic: ics.synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: ics.name, href: `/ics/${code}` },
      { text: "Health of the population", href: `/ics/${code}/health` },
    ],
    icsName: ics.name,
    metadata: m,
    period: `${current.period_from} to ${current.period_to}`,
    value: `${show(p.overall.estimate.value)} ${m.unit}`,
    interval:
      ci.lower === null || ci.upper === null
        ? "not shown"
        : `${show(ci.lower)} to ${show(ci.upper)} ${m.unit}`,
    rule: RULE_TEXT[p.rule] ?? p.rule,
    publishedAt: current.published_at.slice(0, 16).replace("T", " "),
    queryHash: current.query_hash,
    queryLogHref: `/ics/${code}/query-log`,
    england:
      englandNow === undefined || englandComparison === null
        ? null
        : {
            value:
              englandNow.value === null
                ? `England's value for ${englandNow.time_period} is not published`
                : `England: ${show(englandNow.value)} ${m.unit} in ${englandNow.time_period} (Fingertips indicator ${englandNow.indicator_id}, ${englandNow.age})`,
            comparison:
              englandComparison === "not_compared"
                ? `${ics.name} is not compared with England: a value or interval is missing.`
                : `${ics.name} is ${ph.comparisonText(englandComparison, "England")} (its 95% confidence interval ${englandComparison === "similar" ? "includes" : "excludes"} England's value).`,
            source: `Loaded from ${englandNow.source_file}.`,
          },
    comparators,
    englandMissing:
      englandNow !== undefined
        ? null
        : fingertipsId === null
          ? "No England comparator: this indicator has no matching Fingertips indicator."
          : `No England comparator loaded for Fingertips indicator ${fingertipsId} in ${ph.fingertipsTimePeriod(period) ?? "this period"}. Load one with: ${LOAD_BENCHMARKS}.`,
    maps,
    figures,
    trend: trendFigure(description, series, englandFor, ics.name, csvHref),
    inequality:
      p.inequality?.status === "calculated"
        ? `Slope index of inequality across ${dimensionPhrase(p.inequality.dimension)}: ${show(p.inequality.result.sii)} ${m.unit} (least minus most deprived); relative index ${show(p.inequality.result.rii, 2)}.`
        : p.inequality
          ? p.inequality.reason
          : null,
    csvHref,
  };
  return renderPage(c, "population-health/indicator.njk", view);
}

type LsoaRow = structureRepository.LsoaRow;
type PlaceRow = Awaited<
  ReturnType<typeof structureRepository.placesAt>
>[number];
type PracticeRow = structureRepository.PracticeRow;

/** The names of the areas of each breakdown, keyed by the codes the breakdowns use. */
function areaNames(
  lsoas: readonly LsoaRow[],
  places: readonly PlaceRow[],
  practices: readonly PracticeRow[],
): Map<string, Map<string, string>> {
  const pcns = new Map<string, string>();
  for (const pr of practices)
    if (pr.pcn_ods !== null) pcns.set(pr.pcn_ods, pr.pcn_name ?? pr.pcn_ods);
  return new Map([
    ["lsoa", new Map(lsoas.map((l) => [l.code, l.name]))],
    ["place", new Map(places.map((pl) => [pl.utla_gss, pl.name]))],
    ["practice", new Map(practices.map((pr) => [pr.ods_code, pr.name]))],
    ["pcn", pcns],
  ]);
}

/** Maps by place (drawn as its districts) and by LSOA, each with its table. */
async function indicatorMaps(
  db: Queryable,
  input: {
    description: IndicatorDescription;
    publication: Publication;
    areaName: string;
    periodText: string;
    benchmark: { name: string; value: number | null };
    lsoas: readonly LsoaRow[];
    places: readonly PlaceRow[];
    names: Map<string, Map<string, string>>;
    csvHref: string;
    lsoaPage: number;
    pageHref: (page: number) => string;
  },
): Promise<FigureView[]> {
  const nameIn = (dimension: string) => (group: string) =>
    input.names.get(dimension)?.get(group) ?? group;
  const common = {
    indicator: input.description,
    publication: input.publication,
    areaName: input.areaName,
    period: input.periodText,
    benchmark: input.benchmark,
    csvHref: input.csvHref,
  };
  // Places are upper-tier local authorities: a county is drawn as its districts in the ICS.
  const placeOfDistrict = new Map<string, string>();
  for (const l of input.lsoas)
    if (l.utla_gss !== null) placeOfDistrict.set(l.lad_gss, l.utla_gss);
  const districts = [...placeOfDistrict.keys()];
  const districtFeatures =
    districts.length === 0
      ? []
      : toMapFeatures(await getBoundaries(db, "lad", districts)).features;
  const counties = [...placeOfDistrict].some(([lad, utla]) => lad !== utla);
  const placeMap = areaMapFigure({
    ...common,
    dimension: "place",
    features: districtFeatures.map((f) => {
      const place = placeOfDistrict.get(f.code);
      const placeName = place ? nameIn("place")(place) : null;
      return place === f.code || placeName === null
        ? f
        : { ...f, name: `${f.name}, part of ${placeName}` };
    }),
    groupOf: (lad) => placeOfDistrict.get(lad) ?? null,
    nameOf: nameIn("place"),
    notes: [
      ...(counties
        ? [
            "A county place is drawn as its districts, each shaded by the value of the whole place.",
          ]
        : []),
      `A district only partly in ${input.areaName} is drawn whole.`,
    ],
    emptyMessage: `No local authority district boundaries are loaded, so there is no map of places. Load them with: ${LOAD_GEOGRAPHY}`,
  });
  const lsoaFeatures =
    input.lsoas.length === 0
      ? []
      : toMapFeatures(
          await getBoundaries(
            db,
            "lsoa",
            input.lsoas.map((l) => l.code),
          ),
          new Map(input.lsoas.map((l) => [l.code, l.name])),
        ).features;
  const lsoaMap = areaMapFigure({
    ...common,
    dimension: "lsoa",
    features: lsoaFeatures,
    groupOf: (code) => code,
    nameOf: nameIn("lsoa"),
    emptyMessage: `No LSOA boundaries are loaded, so there is no map of neighbourhoods; the table gives every published LSOA value. Load them with: ${LOAD_GEOGRAPHY}`,
    page: input.lsoaPage,
    pageHref: input.pageHref,
  });
  return [placeMap, lsoaMap].filter((f): f is FigureView => f !== null);
}

function trendFigure(
  indicator: IndicatorDescription,
  series: readonly Row[],
  englandFor: (r: Row) => populationHealthService.StoredBenchmark | undefined,
  areaName: string,
  csvHref: string,
): FigureView {
  const periodLabel = (r: Row) =>
    ph.fingertipsTimePeriod({ from: r.period_from, to: r.period_to }) ??
    `${r.period_from} to ${r.period_to}`;
  const points = series.map((r) => {
    const q = publicationOf(r);
    const qi = ci95(q);
    return {
      label: periodLabel(r),
      value: q.overall.estimate.value,
      lower: qi.lower,
      upper: qi.upper,
    };
  });
  const englandPoints = series.map((r) => {
    const e = englandFor(r);
    return {
      label: periodLabel(r),
      value: e?.value ?? null,
      lower: e?.lower_95 ?? null,
      upper: e?.upper_95 ?? null,
    };
  });
  const anyEngland = englandPoints.some((e) => e.value !== null);
  const drawing = trendChart({
    id: `${indicator.id}-trend`,
    title: `${indicator.title} over time, ${areaName}${anyEngland ? " and England" : ""}`,
    description: `The published value of ${areaName} ("This ICS") in each period with its 95% confidence interval as a shaded band${anyEngland ? ", and England's value as a dashed line" : ""}.`,
    series: [
      // The key gives each series 200 pixels: a short name keeps them apart.
      { label: "This ICS", points },
      ...(anyEngland
        ? [{ label: "England", dashed: true, points: englandPoints }]
        : []),
    ],
    emptyMessage: "No value has been published for any period.",
  });
  return chartFigure({
    id: `${indicator.id}-trend-figure`,
    caption: `${indicator.title} over time`,
    summary: [
      `${series.length} ${series.length === 1 ? "period is" : "periods are"} published.${anyEngland ? "" : " No England values are loaded for these periods."}`,
    ],
    drawing,
    table: {
      caption: `Published values by period, ${areaName}${anyEngland ? " and England" : ""}`,
      head: [
        { text: "Period" },
        { text: `Value (${indicator.unit})`, format: "numeric" },
        { text: "95% confidence interval", format: "numeric" },
        { text: `England (${indicator.unit})`, format: "numeric" },
        { text: "Compared with England" },
      ],
      rows: series.map((r, i) => {
        const pt = points[i];
        const e = englandPoints[i];
        const compared = ph.compareWithBenchmark(
          {
            value: pt?.value ?? null,
            lower: pt?.lower ?? null,
            upper: pt?.upper ?? null,
          },
          e?.value ?? null,
          indicator.polarity,
        );
        return [
          { text: pt?.label ?? "" },
          { text: show(pt?.value ?? null), format: "numeric" },
          {
            text:
              pt?.lower == null || pt.upper == null
                ? "*"
                : `${show(pt.lower)} to ${show(pt.upper)}`,
            format: "numeric",
          },
          {
            text: e?.value == null ? "not loaded" : show(e.value),
            format: "numeric",
          },
          { text: COMPARISON_LABELS[compared] },
        ];
      }),
    },
    csvHref,
  });
}

export function registerIndicatorPages(app: Hono<AppEnv>): void {
  app.get("/ics/:code/health", listPage);
  app.get("/ics/:code/health/:indicator", detailPage);
}
