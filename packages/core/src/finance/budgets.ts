// Pure money rules of the single pot: fair-share targets, distance from target, convergence,
// the Mental Health Investment Standard, the running-cost allowance, control totals, pooled-budget
// settlements and the health-creation earmark. Every amount is whole pence; every split adds up.
import { poundsToPence as sharedPoundsToPence } from "../shared";

// ---- Splitting a sum exactly ------------------------------------------------------------

/**
 * Splits a signed sum of pence in proportion to weights so the parts add up to the sum exactly
 * (the largest-remainder, or Hamilton, method): each part gets the whole pence of its exact share
 * of the sum's size, the pence left over go one each to the largest remainders (ties to the
 * earlier weight), and a negative sum is split as its size and the parts negated. Zero weights
 * get nothing; if every weight is zero, nobody gets anything and the sum stays unsplit (returns
 * null).
 */
export function apportion(
  totalPence: bigint,
  weights: readonly bigint[],
): bigint[] | null {
  if (weights.some((w) => w < 0n))
    throw new RangeError("weights must be zero or more");
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) return totalPence === 0n ? weights.map(() => 0n) : null;
  const sign = totalPence < 0n ? -1n : 1n;
  const size = totalPence * sign;
  const parts = weights.map((w, index) => ({
    index,
    pence: (size * w) / sum,
    remainder: (size * w) % sum,
  }));
  let left = size - parts.reduce((s, p) => s + p.pence, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder !== b.remainder
      ? a.remainder > b.remainder
        ? -1
        : 1
      : a.index - b.index,
  );
  for (const p of order) {
    if (left === 0n) break;
    p.pence += 1n;
    left -= 1n;
  }
  return parts.map((p) => p.pence * sign);
}

/** a / b rounded half away from zero, for pence. */
export function divideRounded(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError("division by zero");
  const negative = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (2n * x + y) / (2n * y);
  return negative ? -q : q;
}

// ---- Fair-share targets and distance from target ------------------------------------------

export interface TargetInput {
  readonly key: string;
  /** The area's weighted population for the component, in the exact units of `toUnits`. */
  readonly weighted: bigint;
}

/**
 * The fair-share target of a sum for each area: the sum split in proportion to the areas'
 * weighted populations for one need component (weighted population is registered population ×
 * need index, so this is the share NHS England's method gives), by largest remainder.
 */
export function fairShareTargetsOf(
  totalPence: bigint,
  areas: readonly TargetInput[],
): { key: string; targetPence: bigint }[] {
  const parts =
    apportion(
      totalPence,
      areas.map((a) => a.weighted),
    ) ?? areas.map(() => 0n);
  return areas.map((a, i) => ({ key: a.key, targetPence: parts[i] ?? 0n }));
}

export interface DistanceFromTarget {
  /** Budget minus target: above target when positive. */
  readonly pence: bigint;
  /** The same as a percentage of the target (null when the target is zero). */
  readonly percent: number | null;
}

export function distanceFromTarget(
  budgetPence: bigint,
  targetPence: bigint,
): DistanceFromTarget {
  const pence = budgetPence - targetPence;
  return {
    pence,
    percent:
      targetPence === 0n
        ? null
        : // Hundredths of a basis point, exactly, then to a number.
          Number(divideRounded(pence * 1_000_000n, targetPence)) / 10_000,
  };
}

// ---- Convergence ----------------------------------------------------------------------------

export interface ConvergencePlace {
  readonly key: string;
  /** This year's budget. */
  readonly budgetPence: bigint;
  /** This year's fair-share target. */
  readonly targetPence: bigint;
}

export interface ConvergenceRules {
  /** Years to look ahead (1 to 50). */
  readonly years: number;
  /** Growth of every target each year, in basis points (1% = 100). */
  readonly targetGrowthBp: number;
  /** The smallest change of a budget in a year, in basis points (may be negative: a cut). */
  readonly floorBp: number;
  /** The largest change of a budget in a year, in basis points. */
  readonly capBp: number;
}

export interface ConvergencePath {
  readonly key: string;
  /** Year 0 (now) to year N: budget, target and the distance between them. */
  readonly steps: readonly {
    readonly year: number;
    readonly budgetPence: bigint;
    readonly targetPence: bigint;
    readonly distance: DistanceFromTarget;
  }[];
  /** The first year (0 = already) the budget equals its target, or null if not within N years. */
  readonly reachesTargetInYear: number | null;
}

const BP = 10_000n;

/** Checks convergence rules; returns what is wrong, or null. */
export function convergenceRulesProblem(
  rules: ConvergenceRules,
): string | null {
  if (!Number.isInteger(rules.years) || rules.years < 1 || rules.years > 50)
    return "years must be a whole number from 1 to 50";
  for (const [name, v] of [
    ["target growth", rules.targetGrowthBp],
    ["floor", rules.floorBp],
    ["cap", rules.capBp],
  ] as const)
    if (!Number.isInteger(v) || v <= -10_000 || v > 100_000)
      return `${name} must be whole basis points above -10000`;
  if (rules.floorBp > rules.capBp)
    return `the floor (${rules.floorBp} bp) is above the cap (${rules.capBp} bp)`;
  return null;
}

/**
 * A convergence (pace-of-change) scenario: each year every target grows by the same rate, and
 * each budget moves to its target as far as it may: by no less than the floor and no more than
 * the cap on its change from last year (bounds rounded half away from zero to the penny). A
 * budget below target grows faster than target, one above grows more slowly, until it reaches it.
 */
export function convergenceScenario(
  places: readonly ConvergencePlace[],
  rules: ConvergenceRules,
): ConvergencePath[] {
  const problem = convergenceRulesProblem(rules);
  if (problem) throw new RangeError(problem);
  const growth = BP + BigInt(rules.targetGrowthBp);
  const floor = BP + BigInt(rules.floorBp);
  const cap = BP + BigInt(rules.capBp);
  return places.map((p) => {
    let budget = p.budgetPence;
    let target = p.targetPence;
    const steps = [
      {
        year: 0,
        budgetPence: budget,
        targetPence: target,
        distance: distanceFromTarget(budget, target),
      },
    ];
    for (let year = 1; year <= rules.years; year++) {
      target = divideRounded(
        p.targetPence * growth ** BigInt(year),
        BP ** BigInt(year),
      );
      const lower = divideRounded(budget * floor, BP);
      const upper = divideRounded(budget * cap, BP);
      budget = target < lower ? lower : target > upper ? upper : target;
      steps.push({
        year,
        budgetPence: budget,
        targetPence: target,
        distance: distanceFromTarget(budget, target),
      });
    }
    const reached = steps.find((s) => s.budgetPence === s.targetPence);
    return {
      key: p.key,
      steps,
      reachesTargetInYear: reached ? reached.year : null,
    };
  });
}

// ---- Convergence holding the ICB's total ---------------------------------------------------------

/** How a convergence scenario moves budgets: each place on its own, or within the ICB's total. */
export const CONVERGENCE_MODES = ["per_place", "budget_neutral"] as const;
export type ConvergenceMode = (typeof CONVERGENCE_MODES)[number];
export const CONVERGENCE_MODE_LABELS: Record<ConvergenceMode, string> = {
  per_place:
    "Each place on its own: every budget moves towards its target within the floor and cap",
  budget_neutral:
    "Within the ICB's total (NHS England's pace of change): the budgets add up to the ICB's total each year; places below target get more growth, places above less",
};

export type BudgetNeutralOutcome =
  "converged" | "not_within_years" | "floor_prevents";

export interface BudgetNeutralScenario {
  readonly paths: readonly ConvergencePath[];
  /** The ICB's total each year (year 0 = the sum of today's budgets); the budgets add up to it. */
  readonly totals: readonly {
    readonly year: number;
    readonly totalPence: bigint;
  }[];
  readonly outcome: BudgetNeutralOutcome;
  /** Places above target in the last year whose budget sits on its floor: the floor holds them. */
  readonly heldByFloor: readonly string[];
}

/** Checks the rules of a budget-neutral scenario; returns what is wrong, or null. */
export function budgetNeutralProblem(rules: ConvergenceRules): string | null {
  const problem = convergenceRulesProblem(rules);
  if (problem) return problem;
  const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
  if (rules.floorBp > rules.targetGrowthBp)
    return `within the ICB's total every budget must be able to grow by the floor: the floor (${pct(rules.floorBp)}) is above the ICB's growth (${pct(rules.targetGrowthBp)})`;
  if (rules.capBp < rules.targetGrowthBp)
    return `within the ICB's total the budgets must be able to grow as fast as the ICB: the cap (${pct(rules.capBp)}) is below the ICB's growth (${pct(rules.targetGrowthBp)})`;
  return null;
}

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b);

/**
 * A pace-of-change scenario that holds the ICB's total, as NHS England converges ICBs: each year
 * the ICB's total grows by the growth rate (to the penny, half away from zero) and is shared out
 * so the place budgets add up to it exactly; each year's targets are that total's fair shares
 * (today's targets as weights). Each budget moves towards its target, but changes by no less
 * than the floor and no more than the cap (the bounds rounded outwards to the penny). What the
 * budgets then want is squared with the total: money short is taken from those above their floor
 * in proportion to their room above it; money over goes to those below their cap in proportion
 * to their room below it, the pennies by largest remainder. A floor at or above the growth leaves
 * budgets above target unable to fall towards it: the outcome says so.
 */
export function budgetNeutralConvergence(
  places: readonly ConvergencePlace[],
  rules: ConvergenceRules,
): BudgetNeutralScenario {
  const problem = budgetNeutralProblem(rules);
  if (problem) throw new RangeError(problem);
  const growth = BP + BigInt(rules.targetGrowthBp);
  const floor = BP + BigInt(rules.floorBp);
  const cap = BP + BigInt(rules.capBp);
  const weights = places.map((p) => p.targetPence);
  let budgets = places.map((p) => p.budgetPence);
  let total = budgets.reduce((s, b) => s + b, 0n);
  const targetsOf = (sum: bigint) =>
    apportion(sum, weights) ?? places.map(() => 0n);
  let targets = targetsOf(total);
  const steps = places.map((_, i) => [
    {
      year: 0,
      budgetPence: budgets[i] ?? 0n,
      targetPence: targets[i] ?? 0n,
      distance: distanceFromTarget(budgets[i] ?? 0n, targets[i] ?? 0n),
    },
  ]);
  const totals = [{ year: 0, totalPence: total }];
  let lower: bigint[] = [];
  for (let year = 1; year <= rules.years; year++) {
    total = divideRounded(total * growth, BP);
    targets = targetsOf(total);
    lower = budgets.map((b) => floorDiv(b * floor, BP));
    const upper = budgets.map((b) => ceilDiv(b * cap, BP));
    const wanted = targets.map((t, i) => {
      const [lo, hi] = [lower[i] ?? 0n, upper[i] ?? 0n];
      return t < lo ? lo : t > hi ? hi : t;
    });
    const gap = total - wanted.reduce((s, w) => s + w, 0n);
    // Room to move, in the direction the total needs; with floor ≤ growth ≤ cap there is enough.
    const room = wanted.map((w, i) =>
      gap >= 0n ? (upper[i] ?? 0n) - w : w - (lower[i] ?? 0n),
    );
    const moves =
      gap === 0n
        ? wanted.map(() => 0n)
        : (apportion(gap < 0n ? -gap : gap, room) ?? wanted.map(() => 0n));
    budgets = wanted.map(
      (w, i) => w + (gap < 0n ? -1n : 1n) * (moves[i] ?? 0n),
    );
    totals.push({ year, totalPence: total });
    budgets.forEach((b, i) =>
      steps[i]?.push({
        year,
        budgetPence: b,
        targetPence: targets[i] ?? 0n,
        distance: distanceFromTarget(b, targets[i] ?? 0n),
      }),
    );
  }
  const paths = places.map((p, i) => {
    const path = steps[i] ?? [];
    // The first year from which the budget stays on its target to the end of the scenario.
    let from: number | null = null;
    for (let k = path.length - 1; k >= 0; k--) {
      const s = path[k];
      if (!s || s.budgetPence !== s.targetPence) break;
      from = s.year;
    }
    return { key: p.key, steps: path, reachesTargetInYear: from };
  });
  const heldByFloor = paths
    .filter((p, i) => {
      const last = p.steps.at(-1);
      return (
        rules.years > 0 &&
        last !== undefined &&
        last.budgetPence > last.targetPence &&
        last.budgetPence === lower[i]
      );
    })
    .map((p) => p.key);
  const converged = paths.every((p) => p.reachesTargetInYear !== null);
  const aboveAtStart = paths.some((p) => {
    const first = p.steps[0];
    return first !== undefined && first.budgetPence > first.targetPence;
  });
  return {
    paths,
    totals,
    outcome: converged
      ? "converged"
      : rules.floorBp >= rules.targetGrowthBp && aboveAtStart
        ? "floor_prevents"
        : "not_within_years",
    heldByFloor,
  };
}

// ---- Checks: MHIS, running costs, control totals, earmark -----------------------------------

export interface MhisCheck {
  readonly programmeGrowthPercent: number | null;
  readonly mentalHealthGrowthPercent: number | null;
  /** The least mental-health spend this year that meets the standard (rounded up to the penny). */
  readonly minimumMentalHealthPence: bigint;
  readonly met: boolean;
}

/**
 * The Mental Health Investment Standard: mental-health spend grows at least as fast as the
 * programme allocation, i.e. mh_now / mh_before ≥ programme_now / programme_before, compared
 * exactly by cross-multiplying.
 */
export function mhisCheck(input: {
  readonly programmeBeforePence: bigint;
  readonly programmeNowPence: bigint;
  readonly mentalHealthBeforePence: bigint;
  readonly mentalHealthNowPence: bigint;
}): MhisCheck {
  const { programmeBeforePence: pb, programmeNowPence: pn } = input;
  const { mentalHealthBeforePence: mb, mentalHealthNowPence: mn } = input;
  if (pb <= 0n)
    throw new RangeError("last year's programme allocation must be above zero");
  const growth = (now: bigint, before: bigint) =>
    before === 0n
      ? null
      : Number(divideRounded((now - before) * 1_000_000n, before)) / 10_000;
  const product = mb * pn;
  const minimum = product / pb + (product % pb === 0n ? 0n : 1n);
  return {
    programmeGrowthPercent: growth(pn, pb),
    mentalHealthGrowthPercent: growth(mn, mb),
    minimumMentalHealthPence: minimum,
    met: mn * pb >= mb * pn,
  };
}

/** Running costs against the allowance: a per-head rate × the registered population. */
export function runningCostCheck(input: {
  readonly runningCostsPence: bigint;
  readonly allowancePerHeadPence: bigint;
  readonly population: bigint;
}): { allowancePence: bigint; headroomPence: bigint; met: boolean } {
  const allowancePence = input.allowancePerHeadPence * input.population;
  const headroomPence = allowancePence - input.runningCostsPence;
  return { allowancePence, headroomPence, met: headroomPence >= 0n };
}

export type ControlTotalStatus = "met" | "not_met";

/**
 * A control total is the surplus (positive) or deficit (negative) NHS England agreed for the
 * year; the forecast outturn meets it when it is at least as good.
 */
export function controlTotalStatus(
  controlTotalPence: bigint,
  forecastOutturnPence: bigint,
): { status: ControlTotalStatus; gapPence: bigint } {
  const gapPence = forecastOutturnPence - controlTotalPence;
  return { status: gapPence >= 0n ? "met" : "not_met", gapPence };
}

/** The health-creation earmark: at least `minimumBp` (100 = 1%) of a PCN's budget. */
export function earmarkCheck(
  budgetPence: bigint,
  communityPence: bigint,
  minimumBp = 100,
): { requiredPence: bigint; percent: number | null; met: boolean } {
  const product = budgetPence * BigInt(minimumBp);
  const requiredPence = product / BP + (product % BP === 0n ? 0n : 1n);
  return {
    requiredPence,
    percent:
      budgetPence === 0n
        ? null
        : Number(divideRounded(communityPence * 1_000_000n, budgetPence)) /
          10_000,
    met: communityPence * BP >= product,
  };
}

// ---- Pooled budgets: risk share and settlement -----------------------------------------------

export interface PoolPartner {
  readonly code: string;
  readonly contributionPence: bigint;
  /** The most this partner bears of a variance (capped rule). */
  readonly capPence?: bigint | null | undefined;
  /** Its share of the variance in basis points (fixed-split rule; the shares add up to 10000). */
  readonly fixedShareBp?: number | null | undefined;
}

export type RiskShareRule =
  "proportional" | "capped" | "fixed_split" | "lead_partner_bears";

export interface SettlementLine {
  readonly code: string;
  /** What the partner pays in (an overspend, positive) or gets back (an underspend, negative). */
  readonly sharePence: bigint;
}

/** What is wrong with a pool's partners for a rule, or null. */
export function poolProblem(
  partners: readonly PoolPartner[],
  rule: RiskShareRule,
  leadPartner: string,
): string | null {
  if (partners.length === 0)
    return "a pooled budget needs at least one partner";
  const codes = new Set(partners.map((p) => p.code));
  if (codes.size !== partners.length) return "a partner is listed twice";
  if (!codes.has(leadPartner))
    return `the lead partner ${leadPartner} is not one of the partners`;
  if (partners.some((p) => p.contributionPence < 0n))
    return "contributions are zero or more";
  if (rule === "fixed_split") {
    const total = partners.reduce((s, p) => s + (p.fixedShareBp ?? 0), 0);
    if (
      partners.some(
        (p) => p.fixedShareBp === null || p.fixedShareBp === undefined,
      )
    )
      return "a fixed split needs every partner's share";
    if (total !== 10_000)
      return `the fixed shares add up to ${(total / 100).toFixed(2)}%, not 100%`;
  }
  if (rule === "capped" && partners.some((p) => (p.capPence ?? 0n) < 0n))
    return "caps are zero or more";
  return null;
}

/**
 * The year-end settlement of a pooled budget: the variance (actual spend minus the pool, so an
 * overspend is positive and an underspend negative) shared among the partners by the agreed
 * rule, to the penny, adding up to the variance exactly:
 * - proportional: in proportion to contributions;
 * - capped: in proportion to contributions, but no partner bears more than its cap (of an over-
 *   or underspend); what a capped partner cannot take is shared among the others in proportion,
 *   and what nobody can take falls to the lead partner;
 * - fixed_split: by the agreed percentages;
 * - lead_partner_bears: the lead (host) partner bears it all.
 */
export function settlePool(
  partners: readonly PoolPartner[],
  rule: RiskShareRule,
  leadPartner: string,
  actualSpendPence: bigint,
): { variancePence: bigint; lines: SettlementLine[] } {
  const problem = poolProblem(partners, rule, leadPartner);
  if (problem) throw new RangeError(problem);
  const pool = partners.reduce((s, p) => s + p.contributionPence, 0n);
  const variance = actualSpendPence - pool;
  const lead = partners.findIndex((p) => p.code === leadPartner);
  const shares: bigint[] = partners.map(() => 0n);
  const toLead = (amount: bigint) =>
    (shares[lead] = (shares[lead] ?? 0n) + amount);
  const proportional = (amount: bigint, among: readonly number[]) => {
    const parts = apportion(
      amount,
      among.map((i) => partners[i]?.contributionPence ?? 0n),
    );
    // Nobody contributed: the lead partner carries it.
    if (parts === null) return toLead(amount);
    among.forEach((i, k) => (shares[i] = (shares[i] ?? 0n) + (parts[k] ?? 0n)));
  };
  switch (rule) {
    case "proportional":
      proportional(
        variance,
        partners.map((_, i) => i),
      );
      break;
    case "lead_partner_bears":
      toLead(variance);
      break;
    case "fixed_split": {
      const parts =
        apportion(
          variance,
          partners.map((p) => BigInt(p.fixedShareBp ?? 0)),
        ) ?? [];
      parts.forEach((v, i) => (shares[i] = v));
      break;
    }
    case "capped": {
      const sign = variance < 0n ? -1n : 1n;
      let left = variance * sign;
      let open = partners.map((_, i) => i);
      const borne = partners.map(() => 0n);
      const capOf = (i: number) => partners[i]?.capPence ?? null;
      // Each round shares what is left among partners below their cap; a partner whose share
      // would pass its cap takes its cap and leaves the round. At most one round per partner.
      while (left > 0n && open.length > 0) {
        const parts = apportion(
          left,
          open.map((i) => partners[i]?.contributionPence ?? 0n),
        );
        if (parts === null) break;
        const over = open.filter((i, k) => {
          const cap = capOf(i);
          return cap !== null && (borne[i] ?? 0n) + (parts[k] ?? 0n) > cap;
        });
        if (over.length === 0) {
          open.forEach(
            (i, k) => (borne[i] = (borne[i] ?? 0n) + (parts[k] ?? 0n)),
          );
          left = 0n;
          break;
        }
        for (const i of over) {
          const room = (capOf(i) ?? 0n) - (borne[i] ?? 0n);
          borne[i] = (borne[i] ?? 0n) + room;
          left -= room;
        }
        open = open.filter((i) => !over.includes(i));
      }
      borne.forEach((v, i) => (shares[i] = v * sign));
      if (left > 0n) toLead(left * sign);
      break;
    }
  }
  return {
    variancePence: variance,
    lines: partners.map((p, i) => ({
      code: p.code,
      sharePence: shares[i] ?? 0n,
    })),
  };
}

// ---- Money as people type it -------------------------------------------------------------------

/** Pounds as typed in a form, in whole pence; negative amounts (an overspend) are allowed. */
export const poundsToPence = (text: string): number | null =>
  sharedPoundsToPence(text, { negative: true });
