import type { Context, Hono } from "hono";
import { populationHealth } from "@openics/core";
import type { AppEnv } from "../context";
import { renderPage, type LayoutView } from "../web";

// The published rules for segmenting the population and scoring risk, rendered from the very
// rules the code runs (core's segmentation.ts), so the page cannot drift from what is applied.

interface MethodsView extends LayoutView {
  readonly segments: readonly { label: string; rule: string }[];
  readonly risk: readonly { label: string; points: string }[];
  readonly bands: readonly { band: string; from: number; to: number | null }[];
  readonly disclosureRules: readonly string[];
}

const BAND_LABELS: Record<populationHealth.RiskBand, string> = {
  low: "Low",
  moderate: "Moderate",
  high: "High",
  very_high: "Very high",
};

function methodsPage(c: Context<AppEnv>): Response {
  const bands = populationHealth.RISK_BANDS;
  const view: MethodsView = {
    title: "How we segment the population and score risk",
    breadcrumbs: [{ text: "Home", href: "/" }],
    segments: populationHealth.SEGMENT_RULES.map((r) => ({
      label: populationHealth.BRIDGES_SEGMENT_LABELS[r.segment],
      rule: r.rule,
    })),
    risk: populationHealth.RISK_SCORE.map((r) => ({
      label: r.label,
      points: r.published,
    })),
    bands: bands.map((b, i) => ({
      band: BAND_LABELS[b.band],
      from: b.from,
      to:
        (bands[i + 1]?.from ?? 0) - 1 >= b.from
          ? (bands[i + 1]?.from ?? 0) - 1
          : null,
    })),
    disclosureRules: [...populationHealth.DISCLOSURE_RULES],
  };
  return renderPage(c, "population-health/methods.njk", view);
}

export function registerMethodsPages(app: Hono<AppEnv>): void {
  app.get("/population-health/methods", methodsPage);
}
