import type { Context, Hono } from "hono";
import { z } from "zod";
import { finance } from "@openics/core";
import type { AppEnv } from "../context";
import {
  chartFigure,
  csvHref,
  csvResponse,
  formatNumber,
  renderErrorPage,
  renderPage,
  wantsCsv,
  type ChartDrawing,
  type FigureView,
} from "../web";
import { toCsv } from "../web/csv";
import { escapeXml, svgRoot } from "../web/svg";
import { sankeyChart } from "../web/sankey";
import { DEFAULT_CONVERGENCE, financeHub, type FinanceHub } from "./service";
import { HUB_TABLES, hubTable, type HubTable } from "./hub-tables";

// The public finance hub of one ICS: budgets and their checks, place fair shares with distance
// from target and a convergence chart, pooled budgets with settlements, the health-creation
// earmark, capital plan, public assets and the money flow. Every table downloads as CSV.

const query = z.object({
  year: z.string().trim().max(20).optional().catch(undefined),
  years: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .catch(DEFAULT_CONVERGENCE.years),
  growth_bp: z.coerce
    .number()
    .int()
    .min(-5000)
    .max(5000)
    .catch(DEFAULT_CONVERGENCE.targetGrowthBp),
  floor_bp: z.coerce
    .number()
    .int()
    .min(-5000)
    .max(5000)
    .catch(DEFAULT_CONVERGENCE.floorBp),
  cap_bp: z.coerce
    .number()
    .int()
    .min(-5000)
    .max(5000)
    .catch(DEFAULT_CONVERGENCE.capBp),
  mode: z.enum(finance.CONVERGENCE_MODES).catch("per_place"),
  table: z.enum(HUB_TABLES).optional(),
});

/** Pence as pounds, e.g. "£1,234,567" (or "£1.2m" when short). */
export function money(pence: number | null, short = false): string {
  if (pence === null) return "Not recorded";
  const sign = pence < 0 ? "−" : "";
  const pounds = Math.abs(pence) / 100;
  if (short && pounds >= 1_000_000)
    return `${sign}£${formatNumber(pounds / 1_000_000, 1)}m`;
  return `${sign}£${formatNumber(pounds, 0)}`;
}
const percent = (p: number | null) =>
  p === null
    ? "Not recorded"
    : `${p > 0 ? "+" : p < 0 ? "−" : ""}${formatNumber(Math.abs(p), 2)}%`;

const LINE_COLOURS = [
  "#005eb8",
  "#007f3b",
  "#7c2855",
  "#ed8b00",
  "#330072",
  "#00a499",
];

/** Distance from target (%) of each place, year by year, as lines around the 0% target line. */
function convergenceChart(hub: FinanceHub): ChartDrawing {
  const fs = hub.fairShares;
  if (!fs?.available || fs.convergence.paths.length === 0)
    return {
      status: "empty",
      message: "No place has both a budget and a fair-share target.",
    };
  const paths = fs.convergence.paths;
  const years = fs.convergence.rules.years;
  const values = paths.flatMap((p) =>
    p.steps.map((s) => s.distance_percent ?? 0),
  );
  const top = Math.max(1, ...values);
  const bottom = Math.min(-1, ...values);
  const [w, h, left, right, pad] = [640, 300, 76, 190, 20];
  const x = (year: number) => left + (year * (w - left - right)) / years;
  const y = (v: number) => pad + ((top - v) * (h - 2 * pad)) / (top - bottom);
  const axisLabel = (v: number) =>
    escapeXml(
      percent(Math.abs(v) >= 100 ? Math.round(v) : v).replace(/\.00%$/, "%"),
    );
  const axis =
    `<line x1="${left}" x2="${w - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#212b32" stroke-dasharray="4 3"/>` +
    `<text x="${left - 6}" y="${(y(0) + 4).toFixed(1)}" text-anchor="end" font-size="12">target</text>` +
    (y(0) - y(top) > 16
      ? `<text x="${left - 6}" y="${(y(top) + 4).toFixed(1)}" text-anchor="end" font-size="12">${axisLabel(top)}</text>`
      : "") +
    (y(bottom) - y(0) > 16
      ? `<text x="${left - 6}" y="${(y(bottom) + 4).toFixed(1)}" text-anchor="end" font-size="12">${axisLabel(bottom)}</text>`
      : "") +
    Array.from(
      { length: years + 1 },
      (_, i) =>
        `<text x="${x(i).toFixed(1)}" y="${h - 2}" text-anchor="middle" font-size="12">${i === 0 ? "now" : `+${i}`}</text>`,
    ).join("");
  // Place names at the lines' ends, nudged apart so none overlaps another.
  const ends = paths
    .map((p, i) => ({ i, y: y(p.steps.at(-1)?.distance_percent ?? 0) + 4 }))
    .sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) {
    const prev = ends[k - 1];
    const cur = ends[k];
    if (prev && cur && cur.y - prev.y < 14) cur.y = prev.y + 14;
  }
  const labelY = new Map(ends.map((e) => [e.i, e.y]));
  const lines = paths
    .map((p, i) => {
      const colour = LINE_COLOURS[i % LINE_COLOURS.length] ?? "#005eb8";
      const pts = p.steps.map(
        (s) =>
          `${x(s.year).toFixed(1)},${y(s.distance_percent ?? 0).toFixed(1)}`,
      );
      return (
        `<polyline points="${pts.join(" ")}" fill="none" stroke="${colour}" stroke-width="2.5"/>` +
        `<text x="${(w - right + 6).toFixed(1)}" y="${(labelY.get(i) ?? 0).toFixed(1)}" font-size="12" fill="#212b32">${escapeXml(p.place_name.slice(0, 26))}</text>`
      );
    })
    .join("");
  const height = Math.max(h, ...ends.map((e) => e.y + 6));
  return {
    status: "drawn",
    bars: paths.length,
    svg: svgRoot({
      id: "convergence-chart",
      className: "openics-chart",
      width: w,
      height,
      title: `Distance from fair-share target by place, ${hub.year ?? ""} and the next ${years} years`,
      description: paths
        .map(
          (p) =>
            `${p.place_name}: ${percent(p.steps[0]?.distance_percent ?? null)} now, ${p.reaches_target_in_year === null ? "not at target" : `at target in year ${p.reaches_target_in_year}`}`,
        )
        .join("; "),
      body: axis + lines,
    }),
  };
}

function sankeyFigure(hub: FinanceHub, csv: string): FigureView {
  const column = { national: 0, icb: 1, place: 2, provider: 3 } as const;
  return chartFigure({
    id: "money-flow",
    caption: `Where the money goes, ${hub.year ?? ""}: national → ICB → place → provider`,
    summary: [
      `${hub.flows.length} flows recorded. Each band is as wide as the money it carries; the table names the body legally responsible for each.`,
    ],
    drawing: sankeyChart({
      id: "money-flow-chart",
      title: `Money flow of ${hub.icsName}, ${hub.year ?? ""}`,
      description: hub.flows
        .map((f) => `${f.from_name} to ${f.to_name}: ${money(f.amount_pence)}`)
        .join("; "),
      edges: hub.flows.map((f) => ({
        from: {
          code: f.from_code,
          name: f.from_name,
          column: column[f.from_level],
        },
        to: { code: f.to_code, name: f.to_name, column: column[f.to_level] },
        value: f.amount_pence,
      })),
      formatValue: (v) => money(v, true),
    }),
    table: {
      caption: "Money flows",
      head: [
        { text: "From" },
        { text: "To" },
        { text: "Amount", format: "numeric" },
        { text: "Legally responsible body" },
      ],
      rows: hub.flows.map((f) => [
        { text: f.from_name },
        { text: f.to_name },
        { text: money(f.amount_pence), format: "numeric" },
        { text: f.responsible_body },
      ]),
    },
    csvHref: csv,
  });
}

type FairShares = Extract<
  NonNullable<FinanceHub["fairShares"]>,
  { available: true }
>;

/** One sentence on how a budget-neutral scenario ends (null for the per-place mode). */
function convergenceOutcome(fs: FairShares): string | null {
  const c = fs.convergence;
  if (c.mode !== "budget_neutral" || c.outcome === null) return null;
  const years = c.rules.years;
  const last = c.totals.at(-1);
  const totals = last
    ? `The place budgets add up to the ICB's total every year, ${money(last.total_pence)} in year ${last.year}.`
    : "";
  const held =
    c.heldByFloor.length > 0
      ? ` The floor holds ${c.heldByFloor.join(", ")} above target.`
      : "";
  switch (c.outcome) {
    case "converged":
      return `${totals} Every place reaches its fair share within ${years} years.`;
    case "floor_prevents":
      return `${totals} The floor prevents convergence: at a floor as high as the ICB's growth, a budget above target cannot fall towards it.${held}`;
    case "not_within_years":
      return `${totals} Not every place reaches its fair share within ${years} years.${held}`;
  }
}

async function hubPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const q = query.parse(c.req.query());
  const convergence = {
    years: q.years,
    targetGrowthBp: q.growth_bp,
    floorBp: Math.min(q.floor_bp, q.cap_bp),
    capBp: Math.max(q.floor_bp, q.cap_bp),
    mode: q.mode,
  };
  const result = await financeHub(c.get("db"), code, {
    year: q.year,
    convergence,
  });
  if (!result.ok)
    return renderErrorPage(
      c,
      404,
      result.error.code === "unknown_ics"
        ? "ICS not found"
        : "No budgets for that year",
      [result.error.message],
    );
  const hub = result.value;
  const path = `/ics/${encodeURIComponent(hub.ics)}/finance`;
  const params = {
    year: hub.year ?? undefined,
    years: String(q.years),
    growth_bp: String(q.growth_bp),
    floor_bp: String(q.floor_bp),
    cap_bp: String(q.cap_bp),
    mode: q.mode,
  };
  if (wantsCsv(c)) {
    const table: HubTable = q.table ?? "budgets";
    const { columns, rows } = hubTable(hub, table);
    return csvResponse(
      c,
      `${hub.ics}-${table}-${hub.year ?? "none"}.csv`,
      toCsv(
        rows,
        columns.map((header) => ({
          header,
          value: (r: (typeof rows)[number]) => r[header],
        })),
      ),
    );
  }
  const csv = Object.fromEntries(
    HUB_TABLES.map((t) => [t, csvHref(path, params, t)]),
  );
  const fs = hub.fairShares;
  const view = {
    title: `Finance of ${hub.icsName}`,
    synthetic: hub.synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: hub.icsName, href: `/ics/${encodeURIComponent(hub.ics)}` },
    ],
    hub,
    path,
    csv,
    q,
    yearItems: hub.years.map((y) => ({
      value: y,
      text: y,
      selected: y === hub.year,
    })),
    budgetRows: hub.budgets.map((b) => [
      {
        text: b.place_name
          ? `${b.level_label}: ${b.place_name}`
          : b.level_label,
      },
      { text: money(b.planned_pence), format: "numeric" },
      { text: money(b.actual_pence), format: "numeric" },
      {
        text:
          b.variance_pence === null ? "Not recorded" : money(b.variance_pence),
        format: "numeric",
      },
    ]),
    checks: [
      hub.runningCosts && {
        name: "Running costs within the allowance",
        met: hub.runningCosts.met,
        text: `${money(hub.runningCosts.runningCostsPence)} against an allowance of ${money(hub.runningCosts.allowancePence)} (£${formatNumber(hub.runningCosts.allowancePerHeadPence / 100, 2)} a head × ${formatNumber(hub.runningCosts.population)} people).`,
      },
      hub.mhis && {
        name: "Mental Health Investment Standard",
        met: hub.mhis.met,
        text: `Mental-health spend grows ${percent(hub.mhis.mentalHealthGrowthPercent)} against programme growth of ${percent(hub.mhis.programmeGrowthPercent)} since ${hub.mhis.yearBefore ?? ""}; the least that meets the standard is ${money(hub.mhis.minimumMentalHealthPence)}.`,
      },
      hub.controlTotal && {
        name: `Control total (${hub.controlTotal.agreement})`,
        met: hub.controlTotal.status === "met",
        text: `Control total ${money(hub.controlTotal.controlTotalPence)}, forecast outturn ${money(hub.controlTotal.forecastOutturnPence)}: ${money(hub.controlTotal.gapPence)} ${hub.controlTotal.gapPence >= 0 ? "better than" : "worse than"} agreed.`,
      },
    ].filter((x) => x !== null),
    modeItems: finance.CONVERGENCE_MODES.map((m) => ({
      value: m,
      text: finance.CONVERGENCE_MODE_LABELS[m],
      checked: m === q.mode,
    })),
    convergenceProblem:
      fs?.available && fs.convergence.problem !== null
        ? `The scenario within the ICB's total cannot run: ${fs.convergence.problem}.`
        : null,
    convergenceOutcome: fs?.available ? convergenceOutcome(fs) : null,
    fairShareRows: fs?.available
      ? fs.rows.map((r) => [
          { text: r.place_name },
          {
            text:
              r.need_index === null ? "No data" : formatNumber(r.need_index, 3),
            format: "numeric",
          },
          { text: money(r.budget_pence), format: "numeric" },
          { text: money(r.target_pence), format: "numeric" },
          {
            text:
              r.distance_pence === null
                ? "Not recorded"
                : money(r.distance_pence),
            format: "numeric",
          },
          { text: percent(r.distance_percent), format: "numeric" },
        ])
      : [],
    convergenceFigure: fs?.available
      ? chartFigure({
          id: "convergence",
          caption: `Path to fair share${q.mode === "budget_neutral" ? " within the ICB's total" : ""}: ${q.years} years, ${q.mode === "budget_neutral" ? "the ICB's total and targets" : "targets"} growing ${formatNumber(q.growth_bp / 100, 2)}% a year, each budget changing by ${formatNumber(convergence.floorBp / 100, 2)}% to ${formatNumber(convergence.capBp / 100, 2)}% a year`,
          summary: fs.convergence.paths.map(
            (p) =>
              `${p.place_name}: ${percent(p.steps[0]?.distance_percent ?? null)} from target now; ${p.reaches_target_in_year === null ? `not at target within ${q.years} years` : p.reaches_target_in_year === 0 ? "at target" : `reaches target in year ${p.reaches_target_in_year}`}.`,
          ),
          drawing: convergenceChart(hub),
          table: {
            caption: "Budget and target by place and year",
            head: [
              { text: "Place" },
              { text: "Year" },
              { text: "Budget", format: "numeric" },
              { text: "Target", format: "numeric" },
              { text: "Distance", format: "numeric" },
            ],
            rows: fs.convergence.paths.flatMap((p) =>
              p.steps.map((s) => [
                { text: p.place_name },
                { text: s.year === 0 ? "now" : `+${s.year}` },
                { text: money(s.budget_pence), format: "numeric" as const },
                { text: money(s.target_pence), format: "numeric" as const },
                {
                  text: percent(s.distance_percent),
                  format: "numeric" as const,
                },
              ]),
            ),
          },
          csvHref: csv["convergence"] ?? null,
        })
      : null,
    pools: hub.pooled.map((p) => ({
      ...p,
      poolText: money(p.pool_pence),
      spendText: money(p.actual_spend_pence),
      varianceText:
        p.variance_pence === null
          ? "Year not closed"
          : `${money(Math.abs(p.variance_pence))} ${p.variance_pence > 0 ? "overspent" : p.variance_pence < 0 ? "underspent" : "on budget"}`,
      rows: p.partners.map((x) => [
        { text: x.name },
        { text: money(x.contribution_pence), format: "numeric" },
        {
          text: x.cap_pence === null ? "" : money(x.cap_pence),
          format: "numeric",
        },
        {
          text:
            x.fixed_share_bp === null
              ? ""
              : `${formatNumber(x.fixed_share_bp / 100, 2)}%`,
          format: "numeric",
        },
        {
          text: x.settlement_pence === null ? "" : money(x.settlement_pence),
          format: "numeric",
        },
      ]),
    })),
    earmarkRows: hub.earmark.map((e) => [
      { text: e.pcn_name },
      { text: money(e.budget_pence), format: "numeric" },
      { text: money(e.community_pence), format: "numeric" },
      {
        text:
          e.percent === null
            ? "Not recorded"
            : `${formatNumber(e.percent, 2)}%`,
        format: "numeric",
      },
      {
        text:
          e.status === "pass"
            ? "Meets 1%"
            : e.status === "fail"
              ? "Below 1%"
              : "Not recorded",
      },
    ]),
    earmarkPassed: hub.earmark.filter((e) => e.status === "pass").length,
    capitalRows: hub.capital.map((s) => [
      { text: s.name },
      { text: s.owner },
      { text: s.deciding_body },
      { text: money(s.value_pence), format: "numeric" },
      {
        text:
          s.first_year === s.last_year
            ? s.first_year
            : `${s.first_year} to ${s.last_year}`,
      },
      { text: s.status.replace("_", " ") },
    ]),
    assetRows: hub.assets.map((a) => [
      { text: a.name },
      { text: a.kind.replaceAll("_", " ") },
      { text: a.owner },
      { text: a.address },
      {
        text: a.proposed_disposal ? `Proposed: ${a.disposal_note ?? ""}` : "No",
      },
    ]),
    sankey: sankeyFigure(hub, csv["flows"] ?? ""),
  };
  return renderPage(c, "finance/hub.njk", view);
}

export function registerFinanceHubPages(app: Hono<AppEnv>): void {
  app.get("/ics/:code/finance", hubPage);
}
