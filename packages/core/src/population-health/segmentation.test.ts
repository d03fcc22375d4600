import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BRIDGES_SEGMENTS,
  bridgesSegment,
  core20PlusGroups,
  riskScore,
  type PersonProfile,
} from "./segmentation";

const healthy: PersonProfile = {
  age: 35,
  pregnantInLastYear: false,
  endOfLife: false,
  frailty: "none",
  dementia: false,
  organFailure: false,
  seriousDisability: false,
  longTermConditions: 0,
  emergencyAdmissionsLastYear: 0,
  imdDecile: 6,
};

const profile = fc.record({
  age: fc.integer({ min: 0, max: 110 }),
  pregnantInLastYear: fc.boolean(),
  endOfLife: fc.boolean(),
  frailty: fc.constantFrom("none", "mild", "moderate", "severe" as const),
  dementia: fc.boolean(),
  organFailure: fc.boolean(),
  seriousDisability: fc.boolean(),
  longTermConditions: fc.integer({ min: 0, max: 8 }),
  emergencyAdmissionsLastYear: fc.integer({ min: 0, max: 6 }),
  imdDecile: fc.option(fc.integer({ min: 1, max: 10 })),
});

describe("Bridges to Health segmentation", () => {
  it("puts a person with nothing recorded in the healthy segment", () => {
    expect(bridgesSegment(healthy).segment).toBe("healthy");
  });

  it("takes the highest-need segment whose rule applies", () => {
    expect(
      bridgesSegment({ ...healthy, longTermConditions: 2, dementia: true })
        .segment,
    ).toBe("frailty_long_decline");
    expect(
      bridgesSegment({ ...healthy, dementia: true, endOfLife: true }).segment,
    ).toBe("short_decline_before_dying");
    expect(
      bridgesSegment({
        ...healthy,
        longTermConditions: 1,
        emergencyAdmissionsLastYear: 2,
      }).segment,
    ).toBe("limited_reserve_exacerbations");
    expect(
      bridgesSegment({ ...healthy, emergencyAdmissionsLastYear: 2 }).segment,
    ).toBe("acutely_ill");
    expect(bridgesSegment({ ...healthy, age: 0 }).segment).toBe(
      "maternal_and_infant",
    );
    expect(
      bridgesSegment({
        ...healthy,
        pregnantInLastYear: true,
        longTermConditions: 1,
      }).segment,
    ).toBe("chronic_normal_function");
  });

  it("says which rule placed the person", () => {
    expect(
      bridgesSegment({ ...healthy, seriousDisability: true }).rule,
    ).toMatch(/learning disability/);
  });

  it("never moves anyone to a lower-need segment when a need is added", () => {
    fc.assert(
      fc.property(profile, (p) => {
        const before = BRIDGES_SEGMENTS.indexOf(bridgesSegment(p).segment);
        const after = BRIDGES_SEGMENTS.indexOf(
          bridgesSegment({ ...p, organFailure: true }).segment,
        );
        return after >= before;
      }),
    );
  });
});

describe("the published risk score", () => {
  it("adds up the points of each component", () => {
    const r = riskScore({
      ...healthy,
      age: 80,
      longTermConditions: 6,
      emergencyAdmissionsLastYear: 1,
      frailty: "moderate",
      imdDecile: 1,
    });
    // age 3 + conditions capped at 4 + admissions 2 + frailty 2 + deprivation 1
    expect(r.score).toBe(12);
    expect(r.band).toBe("very_high");
    expect(
      r.components.find((c) => c.id === "long_term_conditions")?.points,
    ).toBe(4);
  });

  it("is zero for a healthy young adult outside the most deprived areas", () => {
    expect(riskScore(healthy)).toMatchObject({ score: 0, band: "low" });
  });

  it("is the sum of its components and never falls as age rises", () => {
    fc.assert(
      fc.property(profile, (p) => {
        const r = riskScore(p);
        const total = r.components.reduce((t, c) => t + c.points, 0);
        const older = riskScore({ ...p, age: Math.min(p.age + 10, 130) });
        return total === r.score && older.score >= r.score;
      }),
    );
  });
});

describe("Core20PLUS5 groups", () => {
  const plus = [
    {
      id: "ethnic_minority",
      label: "Black and Asian communities",
      ethnicityGroups: ["black", "asian"],
      flags: [],
    },
    {
      id: "carers",
      label: "Unpaid carers",
      ethnicityGroups: [],
      flags: ["carer"],
    },
  ];
  it("flags the most deprived 20% nationally and the locally chosen groups", () => {
    expect(
      core20PlusGroups(
        { imdDecile: 2, ethnicityGroup: "black", flags: [] },
        plus,
      ),
    ).toEqual(["core20", "ethnic_minority"]);
    expect(
      core20PlusGroups(
        { imdDecile: 3, ethnicityGroup: "white", flags: ["carer"] },
        plus,
      ),
    ).toEqual(["carers"]);
    expect(
      core20PlusGroups(
        { imdDecile: null, ethnicityGroup: null, flags: [] },
        plus,
      ),
    ).toEqual([]);
  });
});
