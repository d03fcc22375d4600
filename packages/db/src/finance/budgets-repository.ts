import type { finance } from "@openics/core";
import type { Queryable } from "../database";

// Typed reads and writes for what an ICS records about its money. No rules live here. Pence
// travel as decimal text in SQL and as bigint in TypeScript, so no amount passes through a float.

// Amounts are selected as ::text, so each value is decimal text (or null).
const big = (v: unknown): bigint => BigInt(v as string);
const bigOrNull = (v: unknown): bigint | null =>
  v === null || v === undefined ? null : big(v);
const str = (v: bigint | number | null): string | null =>
  v === null ? null : v.toString();

// ---- The ICB's year: population, running-cost allowance, control total ---------------------

export interface IcbFinanceYear {
  readonly year: string;
  readonly registeredPopulation: bigint;
  readonly runningCostAllowancePerHeadPence: bigint;
  readonly controlTotalPence: bigint;
  readonly forecastOutturnPence: bigint;
  readonly controlTotalStatus: string;
}

export async function upsertIcbYear(
  tx: Queryable,
  ics: string,
  y: finance.IcbFinanceYearInput,
): Promise<void> {
  await tx.query(
    `insert into icb_finance_year (ics_code, year, registered_population, running_cost_allowance_per_head_pence,
       control_total_pence, forecast_outturn_pence, control_total_status)
     values ($1, $2, $3::bigint, $4::bigint, $5::bigint, $6::bigint, $7)
     on conflict (ics_code, year) do update set registered_population = excluded.registered_population,
       running_cost_allowance_per_head_pence = excluded.running_cost_allowance_per_head_pence,
       control_total_pence = excluded.control_total_pence, forecast_outturn_pence = excluded.forecast_outturn_pence,
       control_total_status = excluded.control_total_status`,
    [
      ics,
      y.year,
      str(y.registered_population),
      str(y.running_cost_allowance_per_head_pence),
      str(y.control_total_pence),
      str(y.forecast_outturn_pence),
      y.control_total_status,
    ],
  );
}

export async function icbYears(
  db: Queryable,
  ics: string,
): Promise<IcbFinanceYear[]> {
  const rows = await db.query(
    `select year, registered_population::text as p, running_cost_allowance_per_head_pence::text as r,
            control_total_pence::text as c, forecast_outturn_pence::text as f, control_total_status as s
     from icb_finance_year where ics_code = $1 order by year`,
    [ics],
  );
  return rows.map((r) => ({
    year: String(r.year),
    registeredPopulation: big(r.p),
    runningCostAllowancePerHeadPence: big(r.r),
    controlTotalPence: big(r.c),
    forecastOutturnPence: big(r.f),
    controlTotalStatus: String(r.s),
  }));
}

// ---- Budget lines ----------------------------------------------------------------------------

export interface BudgetLine {
  readonly year: string;
  readonly level: finance.BudgetLevel;
  readonly placeCode: string | null;
  readonly plannedPence: bigint;
  readonly actualPence: bigint | null;
}

export async function upsertBudgetLine(
  tx: Queryable,
  ics: string,
  b: finance.BudgetLineInput,
): Promise<void> {
  await tx.query(
    `insert into budget_line (ics_code, year, level, place_code, planned_pence, actual_pence)
     values ($1, $2, $3, $4, $5::bigint, $6::bigint)
     on conflict (ics_code, year, level, place_code) do update
       set planned_pence = excluded.planned_pence, actual_pence = excluded.actual_pence`,
    [
      ics,
      b.year,
      b.level,
      b.place_code ?? "",
      str(b.planned_pence),
      str(b.actual_pence),
    ],
  );
}

export async function budgetLines(
  db: Queryable,
  ics: string,
): Promise<BudgetLine[]> {
  const rows = await db.query(
    `select year, level, place_code, planned_pence::text as planned, actual_pence::text as actual
     from budget_line where ics_code = $1 order by year, level, place_code`,
    [ics],
  );
  return rows.map((r) => ({
    year: String(r.year),
    level: r.level as finance.BudgetLevel,
    placeCode: r.place_code === "" ? null : String(r.place_code),
    plannedPence: big(r.planned),
    actualPence: bigOrNull(r.actual),
  }));
}

// ---- Pooled budgets ----------------------------------------------------------------------------

export interface PooledBudget {
  readonly ref: string;
  readonly year: string;
  readonly kind: (typeof finance.POOL_KINDS)[number];
  readonly name: string;
  readonly placeCode: string;
  readonly leadPartner: string;
  readonly functions: readonly string[];
  readonly rule: finance.RiskShareRule;
  readonly actualSpendPence: bigint | null;
  readonly partners: readonly {
    readonly code: string;
    readonly name: string;
    readonly contributionPence: bigint;
    readonly capPence: bigint | null;
    readonly fixedShareBp: number | null;
  }[];
}

/** Records a pooled budget whole: its partners become exactly those given. */
export async function replacePooledBudget(
  tx: Queryable,
  ics: string,
  p: finance.PooledBudgetInput,
): Promise<void> {
  await tx.query(
    `insert into pooled_budget (ics_code, ref, year, kind, name, place_code, lead_partner, functions, rule, actual_spend_pence)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10::bigint)
     on conflict (ics_code, ref) do update set year = excluded.year, kind = excluded.kind, name = excluded.name,
       place_code = excluded.place_code, lead_partner = excluded.lead_partner, functions = excluded.functions,
       rule = excluded.rule, actual_spend_pence = excluded.actual_spend_pence`,
    [
      ics,
      p.ref,
      p.year,
      p.kind,
      p.name,
      p.place_code,
      p.lead_partner,
      p.functions,
      p.rule,
      str(p.actual_spend_pence),
    ],
  );
  // A partner that has left the agreement is no longer one of its partners.
  await tx.query(
    "delete from pooled_budget_partner where ics_code = $1 and ref = $2 and not (code = any($3::text[]))",
    [ics, p.ref, p.partners.map((x) => x.code)],
  );
  for (const [position, x] of p.partners.entries())
    await tx.query(
      `insert into pooled_budget_partner (ics_code, ref, position, code, name, contribution_pence, cap_pence, fixed_share_bp)
       values ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8)
       on conflict (ics_code, ref, code) do update set position = excluded.position, name = excluded.name,
         contribution_pence = excluded.contribution_pence, cap_pence = excluded.cap_pence,
         fixed_share_bp = excluded.fixed_share_bp`,
      [
        ics,
        p.ref,
        position,
        x.code,
        x.name,
        str(x.contribution_pence),
        str(x.cap_pence),
        x.fixed_share_bp,
      ],
    );
}

export async function pooledBudgets(
  db: Queryable,
  ics: string,
): Promise<PooledBudget[]> {
  const [pools, partners] = await Promise.all([
    db.query(
      `select ref, year, kind, name, place_code, lead_partner, functions, rule, actual_spend_pence::text as actual
       from pooled_budget where ics_code = $1 order by year, ref`,
      [ics],
    ),
    db.query(
      `select ref, code, name, contribution_pence::text as contribution, cap_pence::text as cap, fixed_share_bp
       from pooled_budget_partner where ics_code = $1 order by ref, position`,
      [ics],
    ),
  ]);
  return pools.map((p) => ({
    ref: String(p.ref),
    year: String(p.year),
    kind: p.kind as PooledBudget["kind"],
    name: String(p.name),
    placeCode: String(p.place_code),
    leadPartner: String(p.lead_partner),
    functions: p.functions as string[],
    rule: p.rule as finance.RiskShareRule,
    actualSpendPence: bigOrNull(p.actual),
    partners: partners
      .filter((x) => x.ref === p.ref)
      .map((x) => ({
        code: String(x.code),
        name: String(x.name),
        contributionPence: big(x.contribution),
        capPence: bigOrNull(x.cap),
        fixedShareBp:
          x.fixed_share_bp === null ? null : Number(x.fixed_share_bp),
      })),
  }));
}

// ---- Health-creation earmark -----------------------------------------------------------------

export interface PcnEarmark {
  readonly year: string;
  readonly pcnCode: string;
  readonly budgetPence: bigint;
  readonly communityPence: bigint;
}

export async function upsertEarmark(
  tx: Queryable,
  ics: string,
  e: finance.PcnEarmarkInput,
): Promise<void> {
  await tx.query(
    `insert into pcn_earmark (ics_code, year, pcn_code, budget_pence, community_pence)
     values ($1, $2, $3, $4::bigint, $5::bigint)
     on conflict (ics_code, year, pcn_code) do update
       set budget_pence = excluded.budget_pence, community_pence = excluded.community_pence`,
    [ics, e.year, e.pcn_code, str(e.budget_pence), str(e.community_pence)],
  );
}

export async function earmarks(
  db: Queryable,
  ics: string,
): Promise<PcnEarmark[]> {
  const rows = await db.query(
    `select year, pcn_code, budget_pence::text as budget, community_pence::text as community
     from pcn_earmark where ics_code = $1 order by year, pcn_code`,
    [ics],
  );
  return rows.map((r) => ({
    year: String(r.year),
    pcnCode: String(r.pcn_code),
    budgetPence: big(r.budget),
    communityPence: big(r.community),
  }));
}

// ---- Capital plan and public assets ------------------------------------------------------------

export type CapitalScheme = Omit<finance.CapitalSchemeInput, "value_pence"> & {
  readonly value_pence: bigint;
};

export async function upsertCapitalScheme(
  tx: Queryable,
  ics: string,
  s: finance.CapitalSchemeInput,
): Promise<void> {
  await tx.query(
    `insert into capital_scheme (ics_code, ref, name, owner, deciding_body, value_pence, first_year, last_year, status)
     values ($1, $2, $3, $4, $5, $6::bigint, $7, $8, $9)
     on conflict (ics_code, ref) do update set name = excluded.name, owner = excluded.owner,
       deciding_body = excluded.deciding_body, value_pence = excluded.value_pence,
       first_year = excluded.first_year, last_year = excluded.last_year, status = excluded.status`,
    [
      ics,
      s.ref,
      s.name,
      s.owner,
      s.deciding_body,
      str(s.value_pence),
      s.first_year,
      s.last_year,
      s.status,
    ],
  );
}

export async function capitalSchemes(
  db: Queryable,
  ics: string,
): Promise<CapitalScheme[]> {
  const rows = await db.query(
    `select ref, name, owner, deciding_body, value_pence::text as value, first_year, last_year, status
     from capital_scheme where ics_code = $1 order by first_year, ref`,
    [ics],
  );
  return rows.map((r) => ({
    ref: String(r.ref),
    name: String(r.name),
    owner: String(r.owner),
    deciding_body: String(r.deciding_body),
    value_pence: big(r.value),
    first_year: String(r.first_year),
    last_year: String(r.last_year),
    status: r.status as CapitalScheme["status"],
  }));
}

export async function upsertAsset(
  tx: Queryable,
  ics: string,
  a: finance.PublicAssetInput,
): Promise<void> {
  await tx.query(
    `insert into public_asset (ics_code, ref, name, kind, owner, address, proposed_disposal, disposal_note)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (ics_code, ref) do update set name = excluded.name, kind = excluded.kind, owner = excluded.owner,
       address = excluded.address, proposed_disposal = excluded.proposed_disposal, disposal_note = excluded.disposal_note`,
    [
      ics,
      a.ref,
      a.name,
      a.kind,
      a.owner,
      a.address,
      a.proposed_disposal,
      a.disposal_note,
    ],
  );
}

export async function assets(
  db: Queryable,
  ics: string,
): Promise<finance.PublicAssetInput[]> {
  const rows = await db.query(
    `select ref, name, kind, owner, address, proposed_disposal, disposal_note
     from public_asset where ics_code = $1 order by ref`,
    [ics],
  );
  return rows.map((r) => ({
    ref: String(r.ref),
    name: String(r.name),
    kind: r.kind as finance.PublicAssetInput["kind"],
    owner: String(r.owner),
    address: String(r.address),
    proposed_disposal: r.proposed_disposal === true,
    disposal_note: r.disposal_note as string | null,
  }));
}

// ---- Money flow --------------------------------------------------------------------------------

export type MoneyFlow = Omit<finance.MoneyFlowInput, "amount_pence"> & {
  readonly amount_pence: bigint;
};

export async function upsertFlow(
  tx: Queryable,
  ics: string,
  f: finance.MoneyFlowInput,
): Promise<void> {
  await tx.query(
    `insert into money_flow (ics_code, year, from_level, from_code, from_name, to_level, to_code, to_name, amount_pence, responsible_body)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $10)
     on conflict (ics_code, year, from_code, to_code) do update set from_level = excluded.from_level,
       from_name = excluded.from_name, to_level = excluded.to_level, to_name = excluded.to_name,
       amount_pence = excluded.amount_pence, responsible_body = excluded.responsible_body`,
    [
      ics,
      f.year,
      f.from_level,
      f.from_code,
      f.from_name,
      f.to_level,
      f.to_code,
      f.to_name,
      str(f.amount_pence),
      f.responsible_body,
    ],
  );
}

export async function flows(db: Queryable, ics: string): Promise<MoneyFlow[]> {
  const rows = await db.query(
    `select year, from_level, from_code, from_name, to_level, to_code, to_name, amount_pence::text as amount, responsible_body
     from money_flow where ics_code = $1 order by year, from_code, to_code`,
    [ics],
  );
  return rows.map((r) => ({
    year: String(r.year),
    from_level: r.from_level as MoneyFlow["from_level"],
    from_code: String(r.from_code),
    from_name: String(r.from_name),
    to_level: r.to_level as MoneyFlow["to_level"],
    to_code: String(r.to_code),
    to_name: String(r.to_name),
    amount_pence: big(r.amount),
    responsible_body: String(r.responsible_body),
  }));
}
