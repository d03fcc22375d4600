import { fail, finance, ok, type Actor, type Result } from "@openics/core";
import {
  appendAudit,
  financeRepository,
  structureRepository,
  type Database,
  type Queryable,
} from "@openics/db";
import { resolveAsAt } from "../structure/service";

// The same shape as service.ts's FinanceError (which re-exports these use cases).
type FinanceError = {
  readonly code: finance.FinanceErrorCode;
  readonly message: string;
};

// Use cases for what an ICS records about its money, and the one view of it that the hub page,
// the API and the CSV downloads share. Amounts leave here as numbers of pence (safe integers).

const repo = financeRepository.budgets;

const issuesText = (
  issues: readonly { path: PropertyKey[]; message: string }[],
) =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
    .join("; ");

async function icsOf(db: Queryable, code: string) {
  const icb = await structureRepository.icbAt(db, code, resolveAsAt(undefined));
  return icb ?? null;
}

export interface RecordedPlan {
  readonly ics: string;
  readonly budgets: number;
  readonly pooledBudgets: number;
  readonly earmarks: number;
  readonly capitalSchemes: number;
  readonly assets: number;
  readonly flows: number;
  readonly icbYear: boolean;
}

/**
 * Records an ICS's budgets, control total, pooled budgets, earmark, capital schemes, public assets
 * and money flows, all or nothing, with one audit entry. Places must be places of the ICS and
 * PCNs its PCNs, on the structure as it is today.
 */
export async function recordFinancePlan(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: unknown,
): Promise<Result<RecordedPlan, FinanceError>> {
  const parsed = finance.financePlanInput.safeParse(input);
  if (!parsed.success)
    return fail({
      code: "invalid_request",
      message: `The finance plan is not valid: ${issuesText(parsed.error.issues)}.`,
    });
  const icb = await icsOf(db, icsCode);
  if (!icb)
    return fail({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} today.`,
    });
  const ics = icb.ods_code;
  if (!finance.can(actor, "record", ics))
    return fail({
      code: "forbidden",
      message: `Only an officer of ${icb.name} (or a national administrator) may record its finances.`,
    });
  const plan = parsed.data;
  const asAt = resolveAsAt(undefined);
  const [places, pcns] = await Promise.all([
    structureRepository.placesAt(db, asAt, ics),
    structureRepository.pcnsAt(db, asAt, ics),
  ]);
  const placeCodes = new Set(places.map((p) => p.utla_gss));
  const usedPlaces = [
    ...plan.budgets.flatMap((b) =>
      b.place_code === null ? [] : [b.place_code],
    ),
    ...plan.pooled_budgets.map((p) => p.place_code),
  ];
  const strayPlace = usedPlaces.find((p) => !placeCodes.has(p));
  if (strayPlace !== undefined)
    return fail({
      code: "unknown_place",
      message: `${strayPlace} is not a place of ${icb.name}. Its places are ${[...placeCodes].join(", ") || "none"}.`,
    });
  const pcnCodes = new Set(pcns.map((p) => p.ods_code));
  const strayPcn = plan.earmarks.find((e) => !pcnCodes.has(e.pcn_code));
  if (strayPcn !== undefined)
    return fail({
      code: "unknown_pcn",
      message: `${strayPcn.pcn_code} is not a PCN of ${icb.name}.`,
    });
  await db.transaction(async (tx) => {
    if (plan.icb_year) await repo.upsertIcbYear(tx, ics, plan.icb_year);
    for (const b of plan.budgets) await repo.upsertBudgetLine(tx, ics, b);
    for (const p of plan.pooled_budgets)
      await repo.replacePooledBudget(tx, ics, p);
    for (const e of plan.earmarks) await repo.upsertEarmark(tx, ics, e);
    for (const s of plan.capital_schemes)
      await repo.upsertCapitalScheme(tx, ics, s);
    for (const a of plan.assets) await repo.upsertAsset(tx, ics, a);
    for (const f of plan.flows) await repo.upsertFlow(tx, ics, f);
    await appendAudit(tx, {
      actor: actor.id,
      action: "record",
      entity: "finance_plan",
      entityKey: ics,
      icsCode: ics,
      after: plan,
    });
  });
  return ok({
    ics,
    budgets: plan.budgets.length,
    pooledBudgets: plan.pooled_budgets.length,
    earmarks: plan.earmarks.length,
    capitalSchemes: plan.capital_schemes.length,
    assets: plan.assets.length,
    flows: plan.flows.length,
    icbYear: plan.icb_year !== null,
  });
}

// ---- The finance view of one ICS in one year ----------------------------------------------------

export interface ConvergenceQuery {
  readonly years: number;
  readonly targetGrowthBp: number;
  readonly floorBp: number;
  readonly capBp: number;
  /** Each place on its own, or within the ICB's total (budget neutral). */
  readonly mode?: finance.ConvergenceMode;
}
export const DEFAULT_CONVERGENCE: ConvergenceQuery = {
  years: 5,
  targetGrowthBp: 300,
  floorBp: 100,
  capBp: 600,
  mode: "per_place",
};

const n = (v: bigint) => Number(v);

/** The allocation year before: 2025-26 → 2024-25. */
export function previousYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

export async function financeHub(
  db: Queryable,
  icsCode: string,
  query: {
    readonly year?: string | undefined;
    readonly convergence?: ConvergenceQuery;
  },
) {
  const icb = await icsOf(db, icsCode);
  if (!icb)
    return fail<FinanceError>({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} today.`,
    });
  const ics = icb.ods_code;
  const asAt = resolveAsAt(undefined);
  const [
    icbYears,
    lines,
    pools,
    marks,
    schemes,
    assetRows,
    flowRows,
    places,
    pcns,
  ] = await Promise.all([
    repo.icbYears(db, ics),
    repo.budgetLines(db, ics),
    repo.pooledBudgets(db, ics),
    repo.earmarks(db, ics),
    repo.capitalSchemes(db, ics),
    repo.assets(db, ics),
    repo.flows(db, ics),
    structureRepository.placesAt(db, asAt, ics),
    structureRepository.pcnsAt(db, asAt, ics),
  ]);
  const years = [
    ...new Set([
      ...icbYears.map((y) => y.year),
      ...lines.map((l) => l.year),
      ...pools.map((p) => p.year),
      ...marks.map((m) => m.year),
      ...flowRows.map((f) => f.year),
    ]),
  ].sort();
  const year = query.year ?? years.at(-1) ?? null;
  if (year !== null && query.year !== undefined && !years.includes(year))
    return fail<FinanceError>({
      code: "not_found",
      message: `${icb.name} has recorded no budgets for ${year}. Years recorded: ${years.join(", ") || "none"}.`,
    });
  const placeName = new Map(places.map((p) => [p.utla_gss, p.name]));
  const ofYear = lines.filter((l) => l.year === year);
  const line = (y: string | null, level: finance.BudgetLevel) =>
    lines.find(
      (l) => l.year === y && l.level === level && l.placeCode === null,
    ) ?? null;

  // Fair shares: the delegated place budgets against targets from NHS England's weighted populations.
  const placeBudgets = ofYear.filter((l) => l.level === "delegated_place");
  const fairShares =
    year === null
      ? null
      : await placeFairShares(
          db,
          year,
          ics,
          placeBudgets,
          query.convergence ?? DEFAULT_CONVERGENCE,
          placeName,
        );

  const yearRow = icbYears.find((y) => y.year === year) ?? null;
  const running = line(year, "running_costs");
  const runningCosts =
    yearRow && running
      ? {
          population: n(yearRow.registeredPopulation),
          allowancePerHeadPence: n(yearRow.runningCostAllowancePerHeadPence),
          runningCostsPence: n(running.plannedPence),
          ...mapBig(
            finance.runningCostCheck({
              runningCostsPence: running.plannedPence,
              allowancePerHeadPence: yearRow.runningCostAllowancePerHeadPence,
              population: yearRow.registeredPopulation,
            }),
          ),
        }
      : null;
  const controlTotal = yearRow
    ? {
        controlTotalPence: n(yearRow.controlTotalPence),
        forecastOutturnPence: n(yearRow.forecastOutturnPence),
        agreement: yearRow.controlTotalStatus,
        ...mapBig(
          finance.controlTotalStatus(
            yearRow.controlTotalPence,
            yearRow.forecastOutturnPence,
          ),
        ),
      }
    : null;
  const before = year === null ? null : previousYear(year);
  const [pb, pn, mb, mn] = [
    line(before, "icb_programme"),
    line(year, "icb_programme"),
    line(before, "mental_health"),
    line(year, "mental_health"),
  ];
  const mhis =
    pb && pn && mb && mn && pb.plannedPence > 0n
      ? {
          yearBefore: before,
          programmeBeforePence: n(pb.plannedPence),
          programmeNowPence: n(pn.plannedPence),
          mentalHealthBeforePence: n(mb.plannedPence),
          mentalHealthNowPence: n(mn.plannedPence),
          ...mapBig(
            finance.mhisCheck({
              programmeBeforePence: pb.plannedPence,
              programmeNowPence: pn.plannedPence,
              mentalHealthBeforePence: mb.plannedPence,
              mentalHealthNowPence: mn.plannedPence,
            }),
          ),
        }
      : null;

  const budgets = ofYear.map((l) => ({
    level: l.level,
    level_label: finance.BUDGET_LEVEL_LABELS[l.level],
    place_code: l.placeCode,
    place_name:
      l.placeCode === null ? null : (placeName.get(l.placeCode) ?? l.placeCode),
    planned_pence: n(l.plannedPence),
    actual_pence: l.actualPence === null ? null : n(l.actualPence),
    variance_pence:
      l.actualPence === null ? null : n(l.actualPence - l.plannedPence),
  }));

  const pooled = pools
    .filter((p) => p.year === year)
    .map((p) => {
      const partners = p.partners.map((x) => ({
        code: x.code,
        contributionPence: x.contributionPence,
        capPence: x.capPence,
        fixedShareBp: x.fixedShareBp,
      }));
      const pool = p.partners.reduce((s, x) => s + x.contributionPence, 0n);
      const settlement =
        p.actualSpendPence === null
          ? null
          : finance.settlePool(
              partners,
              p.rule,
              p.leadPartner,
              p.actualSpendPence,
            );
      return {
        ref: p.ref,
        kind: p.kind,
        kind_label: finance.POOL_KIND_LABELS[p.kind],
        name: p.name,
        place_code: p.placeCode,
        place_name: placeName.get(p.placeCode) ?? p.placeCode,
        lead_partner: p.leadPartner,
        functions: p.functions,
        rule: p.rule,
        rule_label: finance.RISK_SHARE_LABELS[p.rule],
        pool_pence: n(pool),
        actual_spend_pence:
          p.actualSpendPence === null ? null : n(p.actualSpendPence),
        variance_pence:
          settlement === null ? null : n(settlement.variancePence),
        partners: p.partners.map((x, i) => ({
          code: x.code,
          name: x.name,
          contribution_pence: n(x.contributionPence),
          cap_pence: x.capPence === null ? null : n(x.capPence),
          fixed_share_bp: x.fixedShareBp,
          settlement_pence:
            settlement === null
              ? null
              : n(settlement.lines[i]?.sharePence ?? 0n),
        })),
      };
    });

  // Every PCN of the structure is listed; one with nothing recorded has not shown it meets the earmark.
  const earmark = pcns.map((pcn) => {
    const m =
      marks.find((x) => x.year === year && x.pcnCode === pcn.ods_code) ?? null;
    const check = m
      ? finance.earmarkCheck(m.budgetPence, m.communityPence)
      : null;
    return {
      pcn_code: pcn.ods_code,
      pcn_name: pcn.name,
      budget_pence: m ? n(m.budgetPence) : null,
      community_pence: m ? n(m.communityPence) : null,
      required_pence: check ? n(check.requiredPence) : null,
      percent: check?.percent ?? null,
      status: check === null ? "not_recorded" : check.met ? "pass" : "fail",
    } as const;
  });

  return ok({
    ics,
    icsName: icb.name,
    synthetic: icb.synthetic,
    years,
    year,
    budgets,
    runningCosts,
    controlTotal,
    mhis,
    fairShares,
    pooled,
    earmark,
    capital: schemes.map((s) => ({ ...s, value_pence: n(s.value_pence) })),
    assets: assetRows,
    flows: flowRows
      .filter((f) => f.year === year)
      .map((f) => ({ ...f, amount_pence: n(f.amount_pence) })),
  });
}

/** Every bigint of a flat record as a number (for JSON and templates). */
function mapBig<T extends object>(
  record: T,
): { [K in keyof T]: T[K] extends bigint ? number : T[K] } {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      typeof v === "bigint" ? Number(v) : v,
    ]),
  ) as { [K in keyof T]: T[K] extends bigint ? number : T[K] };
}

async function placeFairShares(
  db: Queryable,
  year: string,
  ics: string,
  placeBudgets: readonly financeRepository.budgets.BudgetLine[],
  convergence: ConvergenceQuery,
  placeName: ReadonlyMap<string, string>,
) {
  const practices = await financeRepository.practicesOfYear(db, year, ics);
  const total = placeBudgets.reduce((s, l) => s + l.plannedPence, 0n);
  if (practices.length === 0)
    return {
      available: false as const,
      message: `NHS England's weighted populations for ${year} do not include ${ics}, so its places have no fair-share targets.`,
    };
  const indices = finance.placeNeedIndices(year, practices);
  // Targets share out the sum of the delegated place budgets by each place's overall core
  // weighted population, exactly (largest remainder).
  const targets = finance.fairShareTargets(
    Number(total),
    "core_overall",
    "place",
    practices,
  );
  const rows = indices.map((r) => {
    const budget = placeBudgets.find((l) => l.placeCode === r.la_code) ?? null;
    const target = BigInt(
      targets.find((t) => t.la_code === r.la_code)?.pence ?? 0,
    );
    const distance = budget
      ? finance.distanceFromTarget(budget.plannedPence, target)
      : null;
    return {
      place_code: r.la_code ?? "",
      place_name: placeName.get(r.la_code ?? "") ?? r.la_name ?? "",
      registered_pop: r.registered_pop,
      weighted_pop: r.weighted_pop,
      need_index: r.need_index,
      budget_pence: budget ? n(budget.plannedPence) : null,
      target_pence: n(target),
      distance_pence: distance ? n(distance.pence) : null,
      distance_percent: distance?.percent ?? null,
    };
  });
  const starts = placeBudgets
    .map((l) => ({
      key: l.placeCode ?? "",
      budgetPence: l.plannedPence,
      targetPence: BigInt(
        rows.find((r) => r.place_code === l.placeCode)?.target_pence ?? 0,
      ),
    }))
    .filter((p) => p.targetPence > 0n);
  const rules = {
    years: convergence.years,
    targetGrowthBp: convergence.targetGrowthBp,
    floorBp: convergence.floorBp,
    capBp: convergence.capBp,
  };
  const mode = convergence.mode ?? "per_place";
  const problem =
    mode === "budget_neutral" ? finance.budgetNeutralProblem(rules) : null;
  const neutral =
    mode === "budget_neutral" && problem === null
      ? finance.budgetNeutralConvergence(starts, rules)
      : null;
  const paths =
    mode === "per_place"
      ? finance.convergenceScenario(starts, rules)
      : (neutral?.paths ?? []);
  return {
    available: true as const,
    totalPence: n(total),
    rows,
    convergence: {
      rules: { ...convergence, mode },
      mode,
      modeLabel: finance.CONVERGENCE_MODE_LABELS[mode],
      /** Why a budget-neutral scenario cannot run with these rules, or null. */
      problem,
      /** Budget neutral only: the ICB's total each year, and how the scenario ends. */
      totals: (neutral?.totals ?? []).map((t) => ({
        year: t.year,
        total_pence: n(t.totalPence),
      })),
      outcome: neutral?.outcome ?? null,
      heldByFloor: (neutral?.heldByFloor ?? []).map(
        (k) => placeName.get(k) ?? k,
      ),
      paths: paths.map((p) => ({
        place_code: p.key,
        place_name: placeName.get(p.key) ?? p.key,
        reaches_target_in_year: p.reachesTargetInYear,
        steps: p.steps.map((s) => ({
          year: s.year,
          budget_pence: n(s.budgetPence),
          target_pence: n(s.targetPence),
          distance_percent: s.distance.percent,
        })),
      })),
    },
  };
}

export type FinanceHub = Extract<
  Awaited<ReturnType<typeof financeHub>>,
  { ok: true }
>["value"];
