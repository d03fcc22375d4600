import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apportion,
  budgetNeutralConvergence,
  budgetNeutralProblem,
  controlTotalStatus,
  convergenceScenario,
  distanceFromTarget,
  earmarkCheck,
  fairShareTargetsOf,
  mhisCheck,
  poundsToPence,
  runningCostCheck,
  settlePool,
  type PoolPartner,
  type RiskShareRule,
} from "./budgets";
import { pooledBudgetInput } from "./budget-model";

const RUNS = { seed: 20260401, numRuns: 200 };
const sum = (xs: readonly bigint[]) => xs.reduce((s, x) => s + x, 0n);
const pounds = (n: number) => BigInt(n) * 100n;

describe("apportioning a sum by largest remainder", () => {
  it("gives each part the whole pence of its share and the pence left to the largest remainders", () => {
    // 100p in thirds: 33.33… each; one penny left goes to the first of the tied remainders.
    expect(apportion(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    // 10p in 1:2:7 is exact.
    expect(apportion(10n, [1n, 2n, 7n])).toEqual([1n, 2n, 7n]);
    // 10p in 1:1:1:3 → 1.67, 1.67, 1.67, 5: the three .67 remainders share the pence left.
    expect(apportion(10n, [1n, 1n, 1n, 3n])).toEqual([2n, 2n, 1n, 5n]);
  });

  it("splits a negative sum as its size, negated", () => {
    expect(apportion(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it("always adds up to the sum exactly and never strays a penny from the exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), {
          minLength: 1,
          maxLength: 30,
        }),
        (total, weights) => {
          fc.pre(sum(weights) > 0n);
          const parts = apportion(total, weights) ?? [];
          expect(sum(parts)).toBe(total);
          const w = sum(weights);
          parts.forEach((p, i) => {
            const exactTimesW = total * (weights[i] ?? 0n);
            const gap = p * w - exactTimesW;
            expect(gap < 0n ? -gap : gap).toBeLessThan(w);
          });
        },
      ),
      RUNS,
    );
  });

  it("leaves a sum unsplit when every weight is zero", () => {
    expect(apportion(5n, [0n, 0n])).toBeNull();
  });
});

describe("fair-share targets", () => {
  it("gives each place its weighted population's share of the sum", () => {
    expect(
      fairShareTargetsOf(pounds(1_000_000), [
        { key: "A", weighted: 3n },
        { key: "B", weighted: 1n },
      ]),
    ).toEqual([
      { key: "A", targetPence: pounds(750_000) },
      { key: "B", targetPence: pounds(250_000) },
    ]);
  });

  it("measures distance from target in pence and percent", () => {
    expect(distanceFromTarget(pounds(105), pounds(100))).toEqual({
      pence: 500n,
      percent: 5,
    });
    expect(distanceFromTarget(pounds(97), pounds(100)).percent).toBe(-3);
    expect(distanceFromTarget(1n, 0n).percent).toBeNull();
  });
});

describe("convergence scenarios", () => {
  const rules = { years: 10, targetGrowthBp: 300, floorBp: 100, capBp: 600 };

  it("moves a place below target up by the cap until it reaches target", () => {
    const [path] = convergenceScenario(
      [
        {
          key: "A",
          budgetPence: pounds(90_000_000),
          targetPence: pounds(100_000_000),
        },
      ],
      rules,
    );
    // Each year the budget grows 6% and the target 3%: 10% short closes in four years.
    expect(path?.steps[1]?.budgetPence).toBe(pounds(95_400_000));
    expect(path?.reachesTargetInYear).toBe(4);
    expect(path?.steps.at(-1)?.distance.pence).toBe(0n);
  });

  it("slows a place above target to the floor until target catches it up", () => {
    const [path] = convergenceScenario(
      [
        {
          key: "B",
          budgetPence: pounds(104_000_000),
          targetPence: pounds(100_000_000),
        },
      ],
      rules,
    );
    expect(path?.steps[1]?.budgetPence).toBe(pounds(105_040_000));
    // 104 → 105.04 → 106.0904 (target 106.09, still above) → 109.2727, the target.
    expect(path?.reachesTargetInYear).toBe(3);
  });

  it("says when a place does not reach target within the years shown", () => {
    const [path] = convergenceScenario(
      [{ key: "C", budgetPence: pounds(50), targetPence: pounds(100) }],
      { ...rules, years: 3 },
    );
    expect(path?.reachesTargetInYear).toBeNull();
  });

  it("refuses a floor above the cap", () => {
    expect(() => convergenceScenario([], { ...rules, floorBp: 700 })).toThrow(
      /floor/,
    );
  });

  it("never changes a budget by less than the floor or more than the cap, and once at target stays there", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 15 }),
        (budget, target, floorBp, span, years) => {
          const capBp = floorBp + span;
          // Target growth inside the band, so a place at target can stay at target.
          const targetGrowthBp = floorBp + Math.floor(span / 2);
          const [path] = convergenceScenario(
            [{ key: "P", budgetPence: budget, targetPence: target }],
            { years, floorBp, capBp, targetGrowthBp },
          );
          const steps = path?.steps ?? [];
          expect(steps).toHaveLength(years + 1);
          for (let y = 1; y < steps.length; y++) {
            const before = steps[y - 1]?.budgetPence ?? 0n;
            const now = steps[y]?.budgetPence ?? 0n;
            // Within the band, allowing the half-penny of rounding each bound.
            expect(now * 10_000n * 2n).toBeGreaterThanOrEqual(
              before * BigInt(10_000 + floorBp) * 2n - 10_000n,
            );
            expect(now * 10_000n * 2n).toBeLessThanOrEqual(
              before * BigInt(10_000 + capBp) * 2n + 10_000n,
            );
          }
          const reached = path?.reachesTargetInYear ?? null;
          if (reached !== null)
            for (const s of steps.slice(reached))
              expect(s.budgetPence).toBe(s.targetPence);
        },
      ),
      RUNS,
    );
  });
});

describe("Mental Health Investment Standard", () => {
  it("is met when mental-health spend grows at least as fast as the programme allocation", () => {
    const check = mhisCheck({
      programmeBeforePence: pounds(1_000),
      programmeNowPence: pounds(1_050),
      mentalHealthBeforePence: pounds(100),
      mentalHealthNowPence: pounds(105),
    });
    expect(check).toEqual({
      programmeGrowthPercent: 5,
      mentalHealthGrowthPercent: 5,
      minimumMentalHealthPence: pounds(105),
      met: true,
    });
  });

  it("is not met a penny short of that growth", () => {
    expect(
      mhisCheck({
        programmeBeforePence: pounds(1_000),
        programmeNowPence: pounds(1_050),
        mentalHealthBeforePence: pounds(100),
        mentalHealthNowPence: pounds(105) - 1n,
      }).met,
    ).toBe(false);
  });

  it("rounds the minimum up to the penny, and meeting the minimum always meets the standard", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (pb, pn, mb) => {
          const { minimumMentalHealthPence: min } = mhisCheck({
            programmeBeforePence: pb,
            programmeNowPence: pn,
            mentalHealthBeforePence: mb,
            mentalHealthNowPence: 0n,
          });
          const at = (mn: bigint) =>
            mhisCheck({
              programmeBeforePence: pb,
              programmeNowPence: pn,
              mentalHealthBeforePence: mb,
              mentalHealthNowPence: mn,
            }).met;
          expect(at(min)).toBe(true);
          if (min > 0n) expect(at(min - 1n)).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

describe("running costs, control totals and the earmark", () => {
  it("checks running costs against the allowance per head", () => {
    // £18.76 a head for 1,000,000 people is £18.76m.
    expect(
      runningCostCheck({
        runningCostsPence: pounds(18_000_000),
        allowancePerHeadPence: 1876n,
        population: 1_000_000n,
      }),
    ).toEqual({
      allowancePence: pounds(18_760_000),
      headroomPence: pounds(760_000),
      met: true,
    });
  });

  it("meets a control total with an outturn at least as good", () => {
    expect(controlTotalStatus(-pounds(5_000_000), -pounds(4_000_000))).toEqual({
      status: "met",
      gapPence: pounds(1_000_000),
    });
    expect(controlTotalStatus(0n, -1n).status).toBe("not_met");
  });

  it("passes a PCN putting at least 1% of its budget into community strengthening", () => {
    expect(earmarkCheck(pounds(1_000_000), pounds(10_000))).toEqual({
      requiredPence: pounds(10_000),
      percent: 1,
      met: true,
    });
    expect(earmarkCheck(pounds(1_000_000), pounds(10_000) - 1n).met).toBe(
      false,
    );
    expect(earmarkCheck(101n, 2n).requiredPence).toBe(2n);
  });
});

describe("pooled-budget settlement", () => {
  const partners: PoolPartner[] = [
    {
      code: "ICB",
      contributionPence: pounds(6_000_000),
      capPence: pounds(200_000),
      fixedShareBp: 5_000,
    },
    {
      code: "LA",
      contributionPence: pounds(4_000_000),
      capPence: null,
      fixedShareBp: 5_000,
    },
  ];
  const overspend = pounds(10_000_000) + pounds(500_000);
  const lines = (rule: RiskShareRule, spend: bigint, lead = "LA") =>
    settlePool(partners, rule, lead, spend).lines.map((l) => [
      l.code,
      l.sharePence,
    ]);

  it("shares an overspend in proportion to contributions", () => {
    expect(lines("proportional", overspend)).toEqual([
      ["ICB", pounds(300_000)],
      ["LA", pounds(200_000)],
    ]);
  });

  it("returns an underspend in proportion, as negative shares", () => {
    expect(lines("proportional", pounds(9_000_000))).toEqual([
      ["ICB", -pounds(600_000)],
      ["LA", -pounds(400_000)],
    ]);
  });

  it("caps a partner's share and passes the rest to the others", () => {
    expect(lines("capped", overspend)).toEqual([
      ["ICB", pounds(200_000)],
      ["LA", pounds(300_000)],
    ]);
  });

  it("puts on the lead partner what no capped partner can take", () => {
    const bothCapped = partners.map((p) => ({
      ...p,
      capPence: pounds(100_000),
    }));
    expect(
      settlePool(bothCapped, "capped", "LA", overspend).lines.map(
        (l) => l.sharePence,
      ),
    ).toEqual([pounds(100_000), pounds(400_000)]);
  });

  it("splits by the fixed shares", () => {
    expect(lines("fixed_split", overspend)).toEqual([
      ["ICB", pounds(250_000)],
      ["LA", pounds(250_000)],
    ]);
  });

  it("puts it all on the lead partner when the lead bears it", () => {
    expect(lines("lead_partner_bears", overspend, "ICB")).toEqual([
      ["ICB", pounds(500_000)],
      ["LA", 0n],
    ]);
  });

  it("always settles the variance to the penny, whatever the rule, and respects every cap", () => {
    const partner = fc.record({
      contributionPence: fc.bigInt({ min: 0n, max: 10n ** 11n }),
      capPence: fc.option(fc.bigInt({ min: 0n, max: 10n ** 10n }), {
        nil: null,
      }),
    });
    fc.assert(
      fc.property(
        fc.array(partner, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<RiskShareRule>(
          "proportional",
          "capped",
          "fixed_split",
          "lead_partner_bears",
        ),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.nat(),
        (raw, rule, spend, leadPick) => {
          const shares =
            apportion(
              10_000n,
              raw.map(() => 1n),
            ) ?? [];
          const ps: PoolPartner[] = raw.map((p, i) => ({
            code: `P${i}`,
            ...p,
            fixedShareBp: Number(shares[i] ?? 0n),
          }));
          const lead = `P${leadPick % ps.length}`;
          const result = settlePool(ps, rule, lead, spend);
          expect(sum(result.lines.map((l) => l.sharePence))).toBe(
            result.variancePence,
          );
          if (rule === "capped")
            result.lines.forEach((l, i) => {
              const cap = ps[i]?.capPence ?? null;
              const size = l.sharePence < 0n ? -l.sharePence : l.sharePence;
              if (cap !== null && l.code !== lead)
                expect(size).toBeLessThanOrEqual(cap);
            });
        },
      ),
      RUNS,
    );
  });

  it("refuses a pool whose fixed shares do not add up to 100%", () => {
    const parsed = pooledBudgetInput.safeParse({
      ref: "S75-1",
      year: "2025-26",
      kind: "section_75",
      name: "Community equipment",
      place_code: "E06000001",
      lead_partner: "LA",
      functions: ["community equipment"],
      rule: "fixed_split",
      partners: [
        {
          code: "LA",
          name: "Council",
          contribution_pence: 100,
          fixed_share_bp: 6_000,
        },
        {
          code: "ICB",
          name: "ICB",
          contribution_pence: 100,
          fixed_share_bp: 3_000,
        },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/90\.00%, not 100%/);
  });
});

describe("pounds as typed", () => {
  it.each([
    ["1,234,567.89", 123456789],
    ["£250000", 25000000],
    ["-3.5", -350],
    ["0.07", 7],
    ["12.345", null],
    ["ten", null],
    ["", null],
  ] as const)("reads %s as %s pence", (text, pence) => {
    expect(poundsToPence(text)).toBe(pence);
  });
});

describe("convergence holding the ICB's total", () => {
  const rules = { years: 8, targetGrowthBp: 300, floorBp: 100, capBp: 600 };
  // Two places below target, one above; today's budgets add up to today's targets.
  const places = [
    {
      key: "A",
      budgetPence: pounds(90_000_000),
      targetPence: pounds(100_000_000),
    },
    {
      key: "B",
      budgetPence: pounds(57_000_000),
      targetPence: pounds(60_000_000),
    },
    {
      key: "C",
      budgetPence: pounds(153_000_000),
      targetPence: pounds(140_000_000),
    },
  ];

  it("makes the budgets add up to the ICB's total every year, to the penny", () => {
    const s = budgetNeutralConvergence(places, rules);
    expect(s.totals[0]?.totalPence).toBe(pounds(300_000_000));
    expect(s.totals[1]?.totalPence).toBe(pounds(309_000_000));
    for (const { year, totalPence } of s.totals)
      expect(sum(s.paths.map((p) => p.steps[year]?.budgetPence ?? 0n))).toBe(
        totalPence,
      );
  });

  it("gives places below target more growth than the ICB and the place above less", () => {
    const s = budgetNeutralConvergence(places, rules);
    const growth = (key: string) => {
      const steps = s.paths.find((p) => p.key === key)?.steps ?? [];
      return (
        Number(steps[1]?.budgetPence ?? 0n) /
        Number(steps[0]?.budgetPence ?? 1n)
      );
    };
    expect(growth("A")).toBeGreaterThan(1.03);
    expect(growth("B")).toBeGreaterThan(1.03);
    expect(growth("C")).toBeLessThan(1.03);
    expect(growth("C")).toBeGreaterThanOrEqual(1.01);
  });

  it("brings every place to target and says in which year", () => {
    const s = budgetNeutralConvergence(places, rules);
    expect(s.outcome).toBe("converged");
    const years = Object.fromEntries(
      s.paths.map((p) => [p.key, p.reachesTargetInYear]),
    );
    // C (9.3% above) can fall only 2% a year against target: it takes five years; A and B, capped
    // at 6% against 3% growth, close 10% and 5% gaps.
    expect(years).toEqual({ A: 5, B: 5, C: 5 });
    for (const p of s.paths)
      expect(p.steps.at(-1)?.budgetPence).toBe(p.steps.at(-1)?.targetPence);
  });

  it("reports a floor at the ICB's growth as preventing convergence", () => {
    const s = budgetNeutralConvergence(places, { ...rules, floorBp: 300 });
    expect(s.outcome).toBe("floor_prevents");
    expect(s.heldByFloor).toEqual(["C"]);
    expect(s.paths.every((p) => p.reachesTargetInYear === null)).toBe(true);
  });

  it("says when the places do not reach target within the years given", () => {
    const s = budgetNeutralConvergence(places, { ...rules, years: 2 });
    expect(s.outcome).toBe("not_within_years");
  });

  it("refuses a floor above the ICB's growth or a cap below it", () => {
    expect(budgetNeutralProblem({ ...rules, floorBp: 400 })).toMatch(
      /floor \(4\.00%\) is above the ICB's growth \(3\.00%\)/,
    );
    expect(budgetNeutralProblem({ ...rules, capBp: 200 })).toMatch(
      /cap \(2\.00%\) is below/,
    );
    expect(() =>
      budgetNeutralConvergence(places, { ...rules, floorBp: 400 }),
    ).toThrow(RangeError);
  });

  it("keeps totals exact and every change within the floor and cap, whatever the budgets (property)", () => {
    const place = fc.record({
      budget: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      target: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    });
    fc.assert(
      fc.property(
        fc.array(place, { minLength: 1, maxLength: 7 }),
        fc.integer({ min: -200, max: 800 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 10 }),
        (ps, growthBp, below, above, years) => {
          const r = {
            years,
            targetGrowthBp: growthBp,
            floorBp: growthBp - below,
            capBp: growthBp + above,
          };
          const s = budgetNeutralConvergence(
            ps.map((p, i) => ({
              key: `P${i}`,
              budgetPence: p.budget,
              targetPence: p.target,
            })),
            r,
          );
          for (const { year, totalPence } of s.totals) {
            expect(
              sum(s.paths.map((p) => p.steps[year]?.budgetPence ?? 0n)),
            ).toBe(totalPence);
            if (year === 0) continue;
            for (const p of s.paths) {
              const before = p.steps[year - 1]?.budgetPence ?? 0n;
              const now = p.steps[year]?.budgetPence ?? 0n;
              // Within the bounds, rounded outwards to the penny.
              expect(now * 10_000n).toBeGreaterThan(
                before * BigInt(10_000 + r.floorBp) - 10_000n,
              );
              expect(now * 10_000n).toBeLessThan(
                before * BigInt(10_000 + r.capBp) + 10_000n,
              );
            }
          }
        },
      ),
      { ...RUNS, numRuns: 150 },
    );
  });
});
