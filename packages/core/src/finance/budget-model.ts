import { z } from "zod";
import { utlaGss } from "../structure";
import { allocationYear } from "./model";
import { poolProblem } from "./budgets";

// What an ICS records about its money: budgets by level, control totals, pooled budgets, the
// health-creation earmark, capital schemes, public assets and the money flow. Amounts are whole
// pence (JSON numbers that are safe integers); signed only where a surplus or deficit is meant.

const wholePence = z
  .number()
  .int("expected whole pence")
  .refine(Number.isSafeInteger, "too large to hold exactly");
const pence = wholePence.refine((n) => n >= 0, "expected zero or more pence");
const text = (what: string, max = 200) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} is too long`);
const code = (what: string) =>
  z
    .string()
    .trim()
    .min(2, `${what} is too short`)
    .max(40, `${what} is too long`)
    .regex(/^[A-Za-z0-9-]+$/, `${what}: letters, digits and hyphens only`);

export const BUDGET_LEVELS = [
  "icb_programme",
  "running_costs",
  "delegated_place",
  "primary_care",
  "mental_health",
] as const;
export const budgetLevel = z.enum(BUDGET_LEVELS);
export type BudgetLevel = z.infer<typeof budgetLevel>;
export const BUDGET_LEVEL_LABELS: Record<BudgetLevel, string> = {
  icb_programme: "ICB programme",
  running_costs: "Running costs",
  delegated_place: "Delegated place budget",
  primary_care: "Primary care",
  mental_health: "Mental health",
};

/** One budget line: a level of one year, for a place when it is a delegated place budget. */
export const budgetLineInput = z
  .object({
    year: allocationYear,
    level: budgetLevel,
    place_code: utlaGss.nullable().default(null),
    planned_pence: pence,
    actual_pence: pence.nullable().default(null),
  })
  .superRefine((b, ctx) => {
    if (b.level === "delegated_place" && b.place_code === null)
      ctx.addIssue({
        code: "custom",
        path: ["place_code"],
        message: "a delegated place budget needs its place",
      });
    if (b.level !== "delegated_place" && b.place_code !== null)
      ctx.addIssue({
        code: "custom",
        path: ["place_code"],
        message: "only a delegated place budget has a place",
      });
  });
export type BudgetLineInput = z.infer<typeof budgetLineInput>;

export const CONTROL_TOTAL_STATUSES = ["proposed", "agreed"] as const;

/** The ICB's year: population for the running-cost allowance, and the control total. */
export const icbFinanceYearInput = z.object({
  year: allocationYear,
  registered_population: z.number().int().min(0).max(20_000_000),
  running_cost_allowance_per_head_pence: pence,
  control_total_pence: wholePence,
  forecast_outturn_pence: wholePence,
  control_total_status: z.enum(CONTROL_TOTAL_STATUSES),
});
export type IcbFinanceYearInput = z.infer<typeof icbFinanceYearInput>;

export const POOL_KINDS = ["section_75", "better_care_fund"] as const;
export const POOL_KIND_LABELS = {
  section_75: "Section 75 agreement",
  better_care_fund: "Better Care Fund",
} as const;
export const RISK_SHARE_RULES = [
  "proportional",
  "capped",
  "fixed_split",
  "lead_partner_bears",
] as const;
export const RISK_SHARE_LABELS = {
  proportional: "In proportion to contributions",
  capped: "In proportion, each partner capped",
  fixed_split: "Fixed split",
  lead_partner_bears: "Lead partner bears it",
} as const;

export const poolPartnerInput = z.object({
  code: code("partner code"),
  name: text("partner name"),
  contribution_pence: pence,
  cap_pence: pence.nullable().default(null),
  fixed_share_bp: z.number().int().min(0).max(10_000).nullable().default(null),
});

/** A Section 75 agreement or Better Care Fund plan, with its risk-share rule. */
export const pooledBudgetInput = z
  .object({
    ref: code("reference"),
    year: allocationYear,
    kind: z.enum(POOL_KINDS),
    name: text("name"),
    place_code: utlaGss,
    lead_partner: code("lead partner"),
    functions: z.array(text("function")).min(1, "name at least one function"),
    rule: z.enum(RISK_SHARE_RULES),
    actual_spend_pence: pence.nullable().default(null),
    partners: z.array(poolPartnerInput).min(1, "add at least one partner"),
  })
  .superRefine((p, ctx) => {
    const problem = poolProblem(
      p.partners.map((x) => ({
        code: x.code,
        contributionPence: BigInt(x.contribution_pence),
        capPence: x.cap_pence === null ? null : BigInt(x.cap_pence),
        fixedShareBp: x.fixed_share_bp,
      })),
      p.rule,
      p.lead_partner,
    );
    if (problem)
      ctx.addIssue({ code: "custom", path: ["partners"], message: problem });
  });
export type PooledBudgetInput = z.infer<typeof pooledBudgetInput>;

/** A PCN's budget and what it puts into community strengthening (the health-creation earmark). */
export const pcnEarmarkInput = z.object({
  year: allocationYear,
  pcn_code: code("PCN code"),
  budget_pence: pence,
  community_pence: pence,
});
export type PcnEarmarkInput = z.infer<typeof pcnEarmarkInput>;

export const CAPITAL_STATUSES = [
  "proposed",
  "approved",
  "in_progress",
  "complete",
] as const;
export const capitalSchemeInput = z
  .object({
    ref: code("reference"),
    name: text("name"),
    owner: text("owner"),
    deciding_body: text("deciding body"),
    value_pence: pence,
    first_year: allocationYear,
    last_year: allocationYear,
    status: z.enum(CAPITAL_STATUSES),
  })
  .refine((s) => s.first_year <= s.last_year, {
    path: ["last_year"],
    message: "the last year is before the first",
  });
export type CapitalSchemeInput = z.infer<typeof capitalSchemeInput>;

export const ASSET_KINDS = ["land", "building", "land_and_buildings"] as const;
export const publicAssetInput = z.object({
  ref: code("reference"),
  name: text("name"),
  kind: z.enum(ASSET_KINDS),
  owner: text("owner"),
  address: text("address", 300),
  proposed_disposal: z.boolean(),
  disposal_note: z.string().trim().max(500).nullable().default(null),
});
export type PublicAssetInput = z.infer<typeof publicAssetInput>;

export const FLOW_LEVELS = ["national", "icb", "place", "provider"] as const;
export const flowLevel = z.enum(FLOW_LEVELS);
/** One edge of the money flow, national → ICB → place → provider, with the body legally responsible. */
export const moneyFlowInput = z
  .object({
    year: allocationYear,
    from_level: flowLevel,
    from_code: code("from code"),
    from_name: text("from name"),
    to_level: flowLevel,
    to_code: code("to code"),
    to_name: text("to name"),
    amount_pence: pence,
    responsible_body: text("responsible body"),
  })
  .refine(
    (f) => FLOW_LEVELS.indexOf(f.to_level) > FLOW_LEVELS.indexOf(f.from_level),
    {
      path: ["to_level"],
      message: "money flows down: national → ICB → place → provider",
    },
  );
export type MoneyFlowInput = z.infer<typeof moneyFlowInput>;

/** Everything an ICS records for one year, as one document (the API and the demo load it whole). */
export const financePlanInput = z.object({
  icb_year: icbFinanceYearInput.nullable().default(null),
  budgets: z.array(budgetLineInput).default([]),
  pooled_budgets: z.array(pooledBudgetInput).default([]),
  earmarks: z.array(pcnEarmarkInput).default([]),
  capital_schemes: z.array(capitalSchemeInput).default([]),
  assets: z.array(publicAssetInput).default([]),
  flows: z.array(moneyFlowInput).default([]),
});
export type FinancePlanInput = z.infer<typeof financePlanInput>;
