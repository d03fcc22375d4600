import type { Context, Hono } from "hono";
import type { populationHealth } from "@openics/core";
import { publicationRepository, structureRepository } from "@openics/db";
import type { AppEnv } from "../context";
import {
  csvDownload,
  formatNumber,
  renderErrorPage,
  renderPage,
  wantsCsv,
  type FigureView,
  type LayoutView,
} from "../web";
import {
  PUBLISHED_CSV_COLUMNS,
  breakdownFigure,
  dimensionLabel,
  publishedRows,
  type IndicatorDescription,
} from "./indicator-figures";

// Public indicator pages. They read stored publications only: aggregates that passed disclosure
// control when they were published. No patient-level table is read here.

type Publication = populationHealth.Publication;
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
  readonly metadata: StoredMetadata;
  readonly period: string;
  readonly value: string;
  readonly interval: string;
  readonly rule: string;
  readonly publishedAt: string;
  readonly queryHash: string;
  readonly queryLogHref: string;
  readonly figures: readonly FigureView[];
  readonly trend: readonly {
    period: string;
    value: string;
    interval: string;
  }[];
  readonly inequality: string | null;
  readonly csvHref: string;
}

async function detailPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const id = c.req.param("indicator") ?? "";
  const ics = await icsName(c, code);
  const series = await publicationRepository.indicatorSeries(
    c.get("db"),
    code,
    id,
  );
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
  const figures = p.breakdowns
    .filter((b) => b.cells.length <= 40)
    .flatMap((b) => {
      const f = breakdownFigure(description, p, b.dimension, {
        areaName: ics.name,
        csvHref,
      });
      return f ? [f] : [];
    });
  const ci = ci95(p);
  const view: DetailView = {
    title: m.name,
    synthetic: ics.synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: ics.name, href: `/ics/${code}` },
      { text: "Health of the population", href: `/ics/${code}/health` },
    ],
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
    figures,
    trend: series.map((r) => {
      const q = publicationOf(r);
      const qi = ci95(q);
      return {
        period: `${r.period_from} to ${r.period_to}`,
        value: show(q.overall.estimate.value),
        interval:
          qi.lower === null || qi.upper === null
            ? "*"
            : `${show(qi.lower)} to ${show(qi.upper)}`,
      };
    }),
    inequality:
      p.inequality?.status === "calculated"
        ? `Slope index of inequality across ${dimensionLabel(p.inequality.dimension).toLowerCase()}: ${show(p.inequality.result.sii)} ${m.unit} (least minus most deprived); relative index ${show(p.inequality.result.rii, 2)}.`
        : p.inequality
          ? p.inequality.reason
          : null,
    csvHref,
  };
  return renderPage(c, "population-health/indicator.njk", view);
}

export function registerIndicatorPages(app: Hono<AppEnv>): void {
  app.get("/ics/:code/health", listPage);
  app.get("/ics/:code/health/:indicator", detailPage);
}
