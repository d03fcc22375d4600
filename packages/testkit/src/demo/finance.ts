import { SYSTEM_ACTOR, type Actor, type finance } from "@openics/core";
import { structureRepository, type Database } from "@openics/db";
import { Rng } from "./prng";

// Plausible synthetic finances for the demo ICS: two years of budgets by level (the second year's
// mental-health growth meets the standard), delegated place budgets a little off their fair
// shares, a Section 75 agreement and a Better Care Fund plan in each place, the health-creation
// earmark of every PCN (most meet it), a capital plan, public assets and the money flow. The same
// seed always gives the same figures; everything is recorded through the finance use case.

const YEARS = ["2024-25", "2025-26"] as const;
const TRUSTS = [
  { code: "RZ1", name: "Demo Vale Hospitals NHS Foundation Trust", share: 52 },
  {
    code: "RZ2",
    name: "Demo Vale Mental Health and Wellbeing NHS Foundation Trust",
    share: 14,
  },
  {
    code: "RZ3",
    name: "Demoshire Community Health Services NHS Trust",
    share: 11,
  },
  { code: "RZ4", name: "Demo Island Ambulance Service NHS Trust", share: 6 },
] as const;

/** Whole pounds, as pence. */
const pounds = (n: number) => Math.round(n) * 100;

export function demoFinancePlans(
  icsCode: string,
  icsName: string,
  places: readonly { code: string; name: string; population: number }[],
  pcns: readonly { code: string; name: string }[],
  seed = 2026,
): finance.FinancePlanInput[] {
  const rng = new Rng(seed).fork("finance");
  const population = places.reduce((s, p) => s + p.population, 0);
  // About £1,750 a head in core services (NHS England's 2024-25 average was £1,732).
  const programme2425 = pounds(population * (1_700 + rng.int(0, 100)));
  const growth = 1.044;
  const mh2425 = Math.round(programme2425 * 0.088);
  const plans = YEARS.map((year, y): finance.FinancePlanInput => {
    const programme =
      y === 0 ? programme2425 : Math.round(programme2425 * growth);
    const mentalHealth =
      y === 0 ? mh2425 : Math.round(mh2425 * (growth + 0.006));
    const delegatedTotal = Math.round(programme * 0.3);
    // Delegated budgets follow population, with history pulling each a few per cent off its share.
    const budgets: finance.BudgetLineInput[] = [
      {
        year,
        level: "icb_programme",
        place_code: null,
        planned_pence: programme,
        actual_pence: y === 0 ? Math.round(programme * 1.004) : null,
      },
      {
        year,
        level: "running_costs",
        place_code: null,
        planned_pence: pounds(population * (18 + rng.float() * 0.7)),
        actual_pence: null,
      },
      {
        year,
        level: "primary_care",
        place_code: null,
        planned_pence: Math.round(programme * 0.105),
        actual_pence: null,
      },
      {
        year,
        level: "mental_health",
        place_code: null,
        planned_pence: mentalHealth,
        actual_pence: null,
      },
      ...places.map((p, i) => ({
        year,
        level: "delegated_place" as const,
        place_code: p.code,
        planned_pence:
          Math.round(
            (((delegatedTotal * p.population) / population) *
              (1 + (i % 2 === 0 ? 1 : -1) * (0.02 + rng.float() * 0.04))) /
              100,
          ) * 100,
        actual_pence: null,
      })),
    ];
    const pooled: finance.PooledBudgetInput[] = places.flatMap((p, i) => {
      const council = { code: p.code, name: `${p.name} Council` };
      const nhs = pounds((p.population * (90 + rng.int(0, 30))) / 1);
      const la = pounds((p.population * (60 + rng.int(0, 30))) / 1);
      const rules = [
        "proportional",
        "capped",
        "lead_partner_bears",
        "fixed_split",
      ] as const;
      const rule = rules[(i + y) % rules.length] ?? "proportional";
      return [
        {
          ref: `BCF-${p.code}-${year}`,
          year,
          kind: "better_care_fund" as const,
          name: `${p.name} Better Care Fund`,
          place_code: p.code,
          lead_partner: council.code,
          functions: [
            "Discharge to assess",
            "Reablement",
            "Disabled Facilities Grant",
            "Carers' support",
          ],
          rule,
          actual_spend_pence: Math.round(
            (nhs + la) * (1 + (rng.float() - 0.4) * 0.05),
          ),
          partners: [
            {
              code: icsCode,
              name: icsName,
              contribution_pence: nhs,
              cap_pence: rule === "capped" ? Math.round(nhs * 0.01) : null,
              fixed_share_bp: rule === "fixed_split" ? 6_000 : null,
            },
            {
              code: council.code,
              name: council.name,
              contribution_pence: la,
              cap_pence: null,
              fixed_share_bp: rule === "fixed_split" ? 4_000 : null,
            },
          ],
        },
        {
          ref: `S75-${p.code}-EQUIP`,
          year,
          kind: "section_75" as const,
          name: `${p.name} integrated community equipment service`,
          place_code: p.code,
          lead_partner: council.code,
          functions: ["Community equipment", "Minor adaptations"],
          rule: "proportional" as const,
          actual_spend_pence:
            y === 0
              ? Math.round(
                  pounds(p.population * 9) * (0.97 + rng.float() * 0.06),
                )
              : null,
          partners: [
            {
              code: icsCode,
              name: icsName,
              contribution_pence: pounds(p.population * 5),
              cap_pence: null,
              fixed_share_bp: null,
            },
            {
              code: council.code,
              name: council.name,
              contribution_pence: pounds(p.population * 4),
              cap_pence: null,
              fixed_share_bp: null,
            },
          ],
        },
      ];
    });
    const earmarks = pcns.map((pcn) => {
      const budget = pounds(2_000_000 + rng.int(0, 2_500_000));
      // About one PCN in six falls short of 1%.
      const share =
        rng.float() < 0.17
          ? 0.004 + rng.float() * 0.005
          : 0.01 + rng.float() * 0.012;
      return {
        year,
        pcn_code: pcn.code,
        budget_pence: budget,
        community_pence: Math.round((budget * share) / 100) * 100,
      };
    });
    const national = { code: "NHSE", name: "NHS England" };
    const flows: finance.MoneyFlowInput[] = [
      {
        year,
        from_level: "national",
        from_code: national.code,
        from_name: national.name,
        to_level: "icb",
        to_code: icsCode,
        to_name: icsName,
        amount_pence: programme,
        responsible_body:
          "NHS England (allocation under the NHS Act 2006, s223G)",
      },
      ...budgets
        .filter((b) => b.level === "delegated_place" && b.place_code !== null)
        .map((b) => ({
          year,
          from_level: "icb" as const,
          from_code: icsCode,
          from_name: icsName,
          to_level: "place" as const,
          to_code: b.place_code ?? "",
          to_name: places.find((p) => p.code === b.place_code)?.name ?? "",
          amount_pence: b.planned_pence,
          responsible_body: `${icsName} (the ICB remains accountable for delegated place budgets)`,
        })),
      ...places.flatMap((p) => {
        const placeBudget =
          budgets.find((b) => b.place_code === p.code)?.planned_pence ?? 0;
        return TRUSTS.map((t) => ({
          year,
          from_level: "place" as const,
          from_code: p.code,
          from_name: p.name,
          to_level: "provider" as const,
          to_code: t.code,
          to_name: t.name,
          amount_pence: Math.round((placeBudget * t.share) / 100 / 100) * 100,
          responsible_body: `${icsName} (contract holder)`,
        }));
      }),
      {
        year,
        from_level: "icb",
        from_code: icsCode,
        from_name: icsName,
        to_level: "provider",
        to_code: "RZ1",
        to_name: TRUSTS[0].name,
        amount_pence:
          Math.round(((programme - delegatedTotal) * 0.45) / 100) * 100,
        responsible_body: `${icsName} (contract holder)`,
      },
    ];
    return {
      icb_year: {
        year,
        registered_population: population,
        running_cost_allowance_per_head_pence: 1_876,
        control_total_pence: y === 0 ? 0 : -pounds(population * 2),
        forecast_outturn_pence:
          y === 0 ? pounds(population * 0.3) : -pounds(population * 2.6),
        control_total_status: "agreed",
      },
      budgets,
      pooled_budgets: pooled,
      earmarks,
      capital_schemes: [],
      assets: [],
      flows,
    };
  });
  const last = plans.at(-1);
  if (last) {
    last.capital_schemes = [
      {
        ref: "CAP-001",
        name: "Demo Vale General Hospital emergency department expansion",
        owner: TRUSTS[0].name,
        deciding_body: `${icsName} board`,
        value_pence: pounds(38_500_000),
        first_year: "2025-26",
        last_year: "2027-28",
        status: "approved",
      },
      {
        ref: "CAP-002",
        name: "Harbour View community diagnostic centre",
        owner: TRUSTS[1].name,
        deciding_body: "NHS England (above the ICB's delegated limit)",
        value_pence: pounds(21_000_000),
        first_year: "2025-26",
        last_year: "2026-27",
        status: "in_progress",
      },
      {
        ref: "CAP-003",
        name: "Primary care estate: three neighbourhood health centres",
        owner: icsName,
        deciding_body: `${icsName} primary care committee`,
        value_pence: pounds(9_750_000),
        first_year: "2026-27",
        last_year: "2028-29",
        status: "proposed",
      },
      {
        ref: "CAP-004",
        name: "Ambulance fleet electrification, phase 1",
        owner: TRUSTS[3].name,
        deciding_body: `${TRUSTS[3].name} board`,
        value_pence: pounds(4_200_000),
        first_year: "2024-25",
        last_year: "2025-26",
        status: "complete",
      },
    ];
    last.assets = [
      {
        ref: "EST-001",
        name: "Demo Vale General Hospital site",
        kind: "land_and_buildings",
        owner: TRUSTS[0].name,
        address: "Hospital Road, Demo Vale",
        proposed_disposal: false,
        disposal_note: null,
      },
      {
        ref: "EST-002",
        name: "Former Wold House clinic",
        kind: "building",
        owner: TRUSTS[2].name,
        address: "Wold Lane, Demoshire",
        proposed_disposal: true,
        disposal_note:
          "Empty since 2023; offered first to the councils and VCSE partners for community use",
      },
      {
        ref: "EST-003",
        name: "Land north of Beacon House",
        kind: "land",
        owner: TRUSTS[3].name,
        address: "Beacon Way, Demo Island",
        proposed_disposal: true,
        disposal_note:
          "Surplus to the fleet plan; proposed for key-worker housing",
      },
      {
        ref: "EST-004",
        name: "Harbour View House",
        kind: "land_and_buildings",
        owner: TRUSTS[1].name,
        address: "Harbour Street, Demo Vale",
        proposed_disposal: false,
        disposal_note: null,
      },
    ];
  }
  return plans;
}

/** The finance use case that records a plan (the server's recordFinancePlan). */
export type RecordFinancePlan = (
  db: Database,
  actor: Actor,
  icsCode: string,
  plan: unknown,
) => Promise<{ ok: true } | { ok: false; error: { readonly message: string } }>;

/** Records the demo ICS's synthetic finances through the finance use case. */
export async function loadDemoFinance(
  db: Database,
  record: RecordFinancePlan,
  icsCode = "QZ9",
  seed = 2026,
): Promise<void> {
  const asAt = new Date().toISOString().slice(0, 10);
  const icb = await structureRepository.icbAt(db, icsCode, asAt);
  if (!icb) throw new Error(`the demo ICS ${icsCode} is not loaded`);
  const [places, pcns] = await Promise.all([
    structureRepository.placesAt(db, asAt, icb.ods_code),
    structureRepository.pcnsAt(db, asAt, icb.ods_code),
  ]);
  const plans = demoFinancePlans(
    icb.ods_code,
    icb.name,
    places.map((p) => ({
      code: p.utla_gss,
      name: p.name,
      population: p.population_in_ics,
    })),
    pcns.map((p) => ({ code: p.ods_code, name: p.name })),
    seed,
  );
  for (const plan of plans) {
    const result = await record(db, SYSTEM_ACTOR, icb.ods_code, plan);
    if (!result.ok) throw new Error(result.error.message);
  }
}
