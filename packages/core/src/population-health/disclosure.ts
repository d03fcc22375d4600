// Statistical disclosure control for counts from patient-level data, before anything leaves
// the server. Three published small-number rules, chosen by name, and secondary suppression
// for breakdowns published with their total.

import { fail, ok, type Result } from "../shared";
import type { PopulationHealthErrorCode } from "./errors";

/**
 * The rules OpenICS can apply, named as in the shared reference vectors:
 * - `nhs_hes_ecds_subnational`: NHS England (NHS Digital HES/ECDS, Sept 2018): 0 stays 0,
 *   1–7 suppressed ("*"), every other count rounded to the nearest 5. The default.
 * - `ehrql_apply_sdc`: OpenSAFELY ehrQL measures: counts ≤ 7 become 0, then nearest 5.
 * - `opensafely_midpoint6`: OpenSAFELY midpoint-6 rounding: 0 stays 0, otherwise 6⌈x/6⌉ − 3.
 */
export const DISCLOSURE_RULES = [
  "nhs_hes_ecds_subnational",
  "ehrql_apply_sdc",
  "opensafely_midpoint6",
] as const;
export type DisclosureRule = (typeof DISCLOSURE_RULES)[number];
export const DEFAULT_DISCLOSURE_RULE: DisclosureRule =
  "nhs_hes_ecds_subnational";

/** Counts at or below this (and above 0) are suppressed by the NHS rule, or zeroed by ehrQL's. */
export const SMALL_NUMBER_THRESHOLD = 7;
const ROUNDING_MULTIPLE = 5;
const MIDPOINT_BIN = 6;

/** A count after disclosure control: `value` null means suppressed, shown as "*". */
export interface ProtectedCount {
  readonly rule: DisclosureRule;
  readonly value: number | null;
}

export type DisclosureProblem = Extract<
  PopulationHealthErrorCode,
  "not_a_count"
>;

/** The shown form of a protected count: the number, or "*" when suppressed. */
export const shownCount = (c: ProtectedCount): string =>
  c.value === null ? "*" : String(c.value);

// Integers never fall half-way between multiples of 5, so the tie rule never matters.
const nearestFive = (x: number): number =>
  ROUNDING_MULTIPLE * Math.round(x / ROUNDING_MULTIPLE);

/** Applies one rule to one count. Negative or fractional input is refused, as ehrQL does. */
export function protectCount(
  count: number,
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): Result<ProtectedCount, DisclosureProblem> {
  if (!Number.isSafeInteger(count) || count < 0) return fail("not_a_count");
  switch (rule) {
    case "nhs_hes_ecds_subnational":
      return ok({
        rule,
        value:
          count === 0
            ? 0
            : count <= SMALL_NUMBER_THRESHOLD
              ? null
              : nearestFive(count),
      });
    case "ehrql_apply_sdc":
      return ok({
        rule,
        value: count <= SMALL_NUMBER_THRESHOLD ? 0 : nearestFive(count),
      });
    case "opensafely_midpoint6":
      return ok({
        rule,
        value:
          count === 0
            ? 0
            : MIDPOINT_BIN * Math.ceil(count / MIDPOINT_BIN) - MIDPOINT_BIN / 2,
      });
  }
}

export interface ProtectedRatio {
  readonly rule: DisclosureRule;
  readonly numerator: ProtectedCount;
  readonly denominator: ProtectedCount;
  /** Recomputed from the protected counts × multiplier; null when either is suppressed or the denominator is 0. */
  readonly value: number | null;
}

/**
 * A rate or proportion after disclosure control: numerator and denominator are protected
 * separately and the ratio is recomputed from what is shown, never from the true counts.
 */
export function protectRatio(
  numerator: number,
  denominator: number,
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
  multiplier = 1,
): Result<ProtectedRatio, DisclosureProblem> {
  const n = protectCount(numerator, rule);
  const d = protectCount(denominator, rule);
  if (!n.ok) return n;
  if (!d.ok) return d;
  const top = n.value.value;
  const bottom = d.value.value;
  return ok({
    rule,
    numerator: n.value,
    denominator: d.value,
    value:
      top === null || bottom === null || bottom === 0
        ? null
        : (top / bottom) * multiplier,
  });
}

export interface ProtectedBreakdown {
  readonly rule: DisclosureRule;
  /** The cells in input order. */
  readonly cells: readonly ProtectedCount[];
  readonly total: ProtectedCount;
  /** Positions of cells hidden only so that another suppressed cell cannot be worked out. */
  readonly secondarySuppressed: readonly number[];
}

/**
 * Protects the cells of one breakdown (e.g. one indicator by age band) and their total.
 *
 * With a rule that suppresses (the NHS rule), a lone suppressed cell could be recovered as the
 * total minus the other cells, so a second cell is suppressed as well: the smallest non-zero
 * shown cell (least information lost), or the total itself when every other cell is 0.
 * ehrQL's rule zeroes rather than marks, and midpoint-6 suppresses nothing: for those the
 * rounding is the protection and cells are protected one by one.
 */
export function protectBreakdown(
  counts: readonly number[],
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): Result<ProtectedBreakdown, DisclosureProblem> {
  const protectedCells: ProtectedCount[] = [];
  for (const count of counts) {
    const p = protectCount(count, rule);
    if (!p.ok) return p;
    protectedCells.push(p.value);
  }
  const totalCount = counts.reduce((a, b) => a + b, 0);
  const total = protectCount(totalCount, rule);
  if (!total.ok) return total;
  const base = {
    rule,
    cells: protectedCells,
    total: total.value,
    secondarySuppressed: [],
  };
  if (rule !== "nhs_hes_ecds_subnational") return ok(base);

  const suppressed = protectedCells.filter((c) => c.value === null).length;
  if (suppressed !== 1 || total.value.value === null) return ok(base);

  // Exactly one hidden cell and a shown total: hide one more.
  let partner = -1;
  counts.forEach((count, i) => {
    const shown = protectedCells[i]?.value ?? null;
    if (shown === null || count === 0) return;
    if (partner === -1 || count < (counts[partner] ?? Infinity)) partner = i;
  });
  if (partner === -1) {
    return ok({ ...base, total: { rule, value: null } });
  }
  return ok({
    ...base,
    cells: protectedCells.map((c, i) =>
      i === partner ? { rule, value: null } : c,
    ),
    secondarySuppressed: [partner],
  });
}
