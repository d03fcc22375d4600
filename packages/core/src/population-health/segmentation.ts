import { z } from "zod";

// Population segmentation and risk: every rule is written out here and published beside every
// output that uses it, so anyone can work out by hand which segment a person falls into and why.

/**
 * The eight Bridges to Health segments (Lynn et al., 2007), in order of need from least to most.
 * A person falls into exactly one: the highest-need segment whose rule they meet.
 */
export const BRIDGES_SEGMENTS = [
  "healthy",
  "maternal_and_infant",
  "acutely_ill",
  "chronic_normal_function",
  "stable_serious_disability",
  "limited_reserve_exacerbations",
  "frailty_long_decline",
  "short_decline_before_dying",
] as const;
export type BridgesSegment = (typeof BRIDGES_SEGMENTS)[number];

export const BRIDGES_SEGMENT_LABELS: Record<BridgesSegment, string> = {
  healthy: "Healthy",
  maternal_and_infant: "Maternal and infant health",
  acutely_ill: "Acutely ill, mostly curable",
  chronic_normal_function: "Chronic conditions, normal function",
  stable_serious_disability: "Stable but serious disability",
  limited_reserve_exacerbations:
    "Limited reserve with exacerbations (organ failure)",
  frailty_long_decline: "Frailty or dementia with a long decline",
  short_decline_before_dying: "Short period of decline before dying",
};

export const FRAILTY_LEVELS = ["none", "mild", "moderate", "severe"] as const;

/** What segmentation and the risk score read about one person, all from coded records. */
export const personProfile = z.object({
  age: z.number().int().min(0).max(130),
  pregnantInLastYear: z.boolean(),
  /** On a palliative or end-of-life care register. */
  endOfLife: z.boolean(),
  frailty: z.enum(FRAILTY_LEVELS),
  dementia: z.boolean(),
  /** Heart failure, advanced COPD, chronic kidney disease stage 4–5, liver failure. */
  organFailure: z.boolean(),
  /** Learning disability, severe physical disability or serious mental illness. */
  seriousDisability: z.boolean(),
  longTermConditions: z.number().int().min(0),
  emergencyAdmissionsLastYear: z.number().int().min(0),
  /** National IMD decile of the LSOA of residence (1 = most deprived); null when unknown. */
  imdDecile: z.number().int().min(1).max(10).nullable(),
});
export type PersonProfile = z.infer<typeof personProfile>;

interface SegmentRule {
  readonly segment: BridgesSegment;
  readonly rule: string;
  readonly applies: (p: PersonProfile) => boolean;
}

/** The rules, tried from the highest-need segment down; the first that applies wins. */
export const SEGMENT_RULES: readonly SegmentRule[] = [
  {
    segment: "short_decline_before_dying",
    rule: "on a palliative or end-of-life care register",
    applies: (p) => p.endOfLife,
  },
  {
    segment: "frailty_long_decline",
    rule: "severe frailty, or dementia",
    applies: (p) => p.frailty === "severe" || p.dementia,
  },
  {
    segment: "limited_reserve_exacerbations",
    rule: "organ failure, or a long-term condition with 2 or more emergency admissions in a year",
    applies: (p) =>
      p.organFailure ||
      (p.longTermConditions > 0 && p.emergencyAdmissionsLastYear >= 2),
  },
  {
    segment: "stable_serious_disability",
    rule: "learning disability, severe physical disability or serious mental illness",
    applies: (p) => p.seriousDisability,
  },
  {
    segment: "chronic_normal_function",
    rule: "one or more long-term conditions, or moderate frailty",
    applies: (p) => p.longTermConditions > 0 || p.frailty === "moderate",
  },
  {
    segment: "maternal_and_infant",
    rule: "pregnant in the last year, or under 1 year old",
    applies: (p) => p.pregnantInLastYear || p.age < 1,
  },
  {
    segment: "acutely_ill",
    rule: "an emergency admission in the last year",
    applies: (p) => p.emergencyAdmissionsLastYear > 0,
  },
  { segment: "healthy", rule: "none of the above", applies: () => true },
];

export interface SegmentAssignment {
  readonly segment: BridgesSegment;
  readonly rule: string;
}

export function bridgesSegment(person: PersonProfile): SegmentAssignment {
  for (const r of SEGMENT_RULES) {
    if (r.applies(person)) return { segment: r.segment, rule: r.rule };
  }
  // The last rule always applies; this line is never reached.
  return { segment: "healthy", rule: "none of the above" };
}

/** One line of the published risk score: what earns points and how many. */
export interface RiskComponent {
  readonly id: string;
  readonly label: string;
  readonly points: (p: PersonProfile) => number;
  readonly published: string;
}

const agePoints = (age: number): number =>
  age >= 85 ? 4 : age >= 75 ? 3 : age >= 65 ? 2 : age >= 50 ? 1 : 0;

/**
 * The risk score: a sum of points, each shown to the person it is about. It ranks people for
 * proactive care (e.g. a call from the practice team); it is not a prediction of any one
 * person's future and no one is refused care because of it.
 */
export const RISK_SCORE: readonly RiskComponent[] = [
  {
    id: "age",
    label: "Age",
    points: (p) => agePoints(p.age),
    published: "50–64: 1, 65–74: 2, 75–84: 3, 85 and over: 4",
  },
  {
    id: "long_term_conditions",
    label: "Long-term conditions",
    points: (p) => Math.min(p.longTermConditions, 4),
    published: "1 per condition, at most 4",
  },
  {
    id: "emergency_admissions",
    label: "Emergency admissions in the last year",
    points: (p) => 2 * Math.min(p.emergencyAdmissionsLastYear, 3),
    published: "2 per admission, at most 6",
  },
  {
    id: "frailty",
    label: "Frailty",
    points: (p) =>
      p.frailty === "severe"
        ? 3
        : p.frailty === "moderate"
          ? 2
          : p.frailty === "mild"
            ? 1
            : 0,
    published: "mild: 1, moderate: 2, severe: 3",
  },
  {
    id: "organ_failure",
    label: "Organ failure",
    points: (p) => (p.organFailure ? 2 : 0),
    published: "2",
  },
  {
    id: "deprivation",
    label: "Lives in the most deprived 20% nationally",
    points: (p) => (isCore20(p.imdDecile) ? 1 : 0),
    published: "IMD decile 1 or 2: 1",
  },
];

export const RISK_BANDS = [
  { band: "low", from: 0 },
  { band: "moderate", from: 4 },
  { band: "high", from: 8 },
  { band: "very_high", from: 12 },
] as const;
export type RiskBand = (typeof RISK_BANDS)[number]["band"];

export interface RiskScore {
  readonly score: number;
  readonly band: RiskBand;
  readonly components: readonly { id: string; points: number }[];
}

export function riskScore(person: PersonProfile): RiskScore {
  const components = RISK_SCORE.map((c) => ({
    id: c.id,
    points: c.points(person),
  }));
  const score = components.reduce((total, c) => total + c.points, 0);
  let band: RiskBand = "low";
  for (const b of RISK_BANDS) if (score >= b.from) band = b.band;
  return { score, band, components };
}

/** Core20: the most deprived 20% of England, i.e. national IMD deciles 1 and 2. */
export function isCore20(imdDecile: number | null): boolean {
  return imdDecile !== null && imdDecile <= 2;
}

/** A locally chosen PLUS group: people in named ethnicity groups or with a coded flag. */
export const plusGroup = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  ethnicityGroups: z.array(z.string()).default([]),
  flags: z.array(z.string()).default([]),
});
export type PlusGroup = z.infer<typeof plusGroup>;

/** Which Core20PLUS5 groups a person belongs to: "core20" and the ids of matching PLUS groups. */
export function core20PlusGroups(
  person: {
    imdDecile: number | null;
    ethnicityGroup: string | null;
    flags: readonly string[];
  },
  plus: readonly PlusGroup[],
): string[] {
  const groups = isCore20(person.imdDecile) ? ["core20"] : [];
  for (const g of plus) {
    const byEthnicity =
      person.ethnicityGroup !== null &&
      g.ethnicityGroups.includes(person.ethnicityGroup);
    const byFlag = g.flags.some((f) => person.flags.includes(f));
    if (byEthnicity || byFlag) groups.push(g.id);
  }
  return groups;
}
