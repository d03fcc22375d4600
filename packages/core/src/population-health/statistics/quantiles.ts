import { fail, ok, type Result } from "../../shared";
import type { PopulationHealthErrorCode } from "../errors";
import { isKnown } from "./common";

export interface QuantileAssignment {
  /** Rank after any inversion, 1 = lowest adjusted value; ties share the lowest rank. Null for NA. */
  readonly rank: number | null;
  /** 1…quantiles, or null for an NA value or a group with fewer values than quantiles. */
  readonly quantile: number | null;
}

/**
 * Fingertips quantile assignment (PHE "phe_quantile"): with N known values ranked 1…N,
 * quantile = ⌊(q + 1) − ⌈(N + 1 − rank)/(N/q)⌉⌋, at least 1. With `invert` (the default, as
 * upstream) values are ranked from the highest, so quantile 1 holds the highest values, e.g.
 * the worst areas when low is good.
 */
export function assignQuantiles(
  values: readonly (number | null)[],
  options: { readonly quantiles?: number; readonly invert?: boolean } = {},
): QuantileAssignment[] {
  const quantiles = options.quantiles ?? 10;
  const invert = options.invert ?? true;
  const known = values.filter(isKnown);
  const n = known.length;
  const highest = Math.max(...known);
  const adjust = (v: number): number => (invert ? highest - v : v);
  const adjusted = known.map(adjust).sort((a, b) => a - b);
  return values.map((v) => {
    if (!isKnown(v)) return { rank: null, quantile: null };
    const rank = lowerBound(adjusted, adjust(v)) + 1;
    if (n < quantiles) return { rank, quantile: null };
    const quantile = Math.floor(
      quantiles + 1 - Math.ceil((n + 1 - rank) / (n / quantiles)),
    );
    return { rank, quantile: Math.max(quantile, 1) };
  });
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether to invert, from the Fingertips polarity of each row of one group: "RAG - Low is good"
 * (or a logical "True") inverts, "RAG - High is good" (or "False") does not. A group whose rows
 * disagree cannot be ranked one way, which is an error upstream too.
 */
export function invertFromPolarity(
  polarities: readonly string[],
): Result<
  boolean,
  Extract<
    PopulationHealthErrorCode,
    "invert_varies_within_group" | "invalid_polarity"
  >
> {
  const inverts = new Set<boolean>();
  for (const polarity of polarities) {
    const p = polarity.trim().toLowerCase();
    if (p === "rag - low is good" || p === "true") inverts.add(true);
    else if (p === "rag - high is good" || p === "false") inverts.add(false);
    else return fail("invalid_polarity");
  }
  if (inverts.size > 1) return fail("invert_varies_within_group");
  return ok(inverts.has(true));
}
