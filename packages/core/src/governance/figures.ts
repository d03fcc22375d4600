import type { Constituency, MemberRole, Membership } from "./model";

/** The field of expertise each role brings to a body, for the board's expertise figures. */
export const EXPERTISE_CATEGORIES = [
  "executive_leadership",
  "finance",
  "clinical",
  "nursing",
  "public_health",
  "nhs_providers",
  "primary_care",
  "local_government",
  "independent_oversight",
  "patient_and_public_voice",
  "workforce",
  "business_and_voluntary_sector",
] as const;
export type ExpertiseCategory = (typeof EXPERTISE_CATEGORIES)[number];

export const EXPERTISE_LABELS: Record<ExpertiseCategory, string> = {
  executive_leadership: "Executive leadership",
  finance: "Finance",
  clinical: "Clinical (medical)",
  nursing: "Nursing",
  public_health: "Public health",
  nhs_providers: "NHS providers",
  primary_care: "Primary care",
  local_government: "Local government",
  independent_oversight: "Independent oversight (non-executive, lay)",
  patient_and_public_voice: "Patient and public voice",
  workforce: "Workforce and trade unions",
  business_and_voluntary_sector: "Business and voluntary sector",
};

export const ROLE_EXPERTISE: Record<MemberRole, ExpertiseCategory> = {
  chair: "executive_leadership",
  chief_executive: "executive_leadership",
  finance_director: "finance",
  medical_director: "clinical",
  nursing_director: "nursing",
  partner_member_trusts: "nhs_providers",
  partner_member_primary_care: "primary_care",
  partner_member_local_authority: "local_government",
  non_executive: "independent_oversight",
  lay: "independent_oversight",
  clinical: "clinical",
  public_health: "public_health",
  trade_union: "workforce",
  worker: "workforce",
  patient_carer: "patient_and_public_voice",
  healthwatch: "patient_and_public_voice",
  member_of_parliament: "local_government",
  local_government: "local_government",
  health_and_wellbeing_board: "local_government",
  business: "business_and_voluntary_sector",
  social_enterprise_charity: "business_and_voluntary_sector",
  regional_public_health_director: "public_health",
  local_authority_leader: "local_government",
  metro_mayor: "local_government",
};

/**
 * The fields a body deciding on health and care should hear from; one with no member is
 * reported as under-represented.
 */
export const EXPECTED_EXPERTISE: readonly ExpertiseCategory[] = [
  "clinical",
  "nursing",
  "public_health",
  "local_government",
  "patient_and_public_voice",
  "workforce",
];

/** Counts below this are shown as "fewer than 3", so no figure points at one or two people. */
export const FIGURE_THRESHOLD = 3;

export interface ProtectedFigure {
  readonly key: string;
  readonly label: string;
  /** The count, or null when it is suppressed (between 1 and the threshold). */
  readonly count: number | null;
  readonly shown: string;
}

const protect = (key: string, label: string, n: number): ProtectedFigure => {
  const hidden = n > 0 && n < FIGURE_THRESHOLD;
  return {
    key,
    label,
    count: hidden ? null : n,
    shown: hidden ? `fewer than ${FIGURE_THRESHOLD}` : String(n),
  };
};

const CONSTITUENCY_LABELS: Record<Constituency, string> = {
  nhs: "NHS",
  local_government: "Local government",
  other: "Other (independent, voluntary, community)",
};

export interface MembershipFigures {
  readonly members: number;
  readonly voting: number;
  readonly byExpertise: readonly ProtectedFigure[];
  readonly byConstituency: readonly ProtectedFigure[];
  /** Expected fields of expertise with no member. */
  readonly underRepresented: readonly { key: string; label: string }[];
}

/**
 * Anonymised figures about a body's members: counts by field of expertise and by constituency,
 * small counts suppressed, and the expected fields no member brings.
 */
export function membershipFigures(
  members: readonly Membership[],
): MembershipFigures {
  const expertise = (c: ExpertiseCategory) =>
    members.filter((m) => ROLE_EXPERTISE[m.role] === c).length;
  return {
    members: members.length,
    voting: members.filter((m) => m.voting).length,
    byExpertise: EXPERTISE_CATEGORIES.map((c) =>
      protect(c, EXPERTISE_LABELS[c], expertise(c)),
    ),
    byConstituency: (Object.keys(CONSTITUENCY_LABELS) as Constituency[]).map(
      (c) =>
        protect(
          c,
          CONSTITUENCY_LABELS[c],
          members.filter((m) => m.constituency === c).length,
        ),
    ),
    underRepresented: EXPECTED_EXPERTISE.filter((c) => expertise(c) === 0).map(
      (c) => ({ key: c, label: EXPERTISE_LABELS[c] }),
    ),
  };
}
