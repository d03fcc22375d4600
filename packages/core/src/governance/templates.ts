import { inEffect } from "../shared";
import type {
  ModelAdoption,
  Body,
  BodyKind,
  GovernanceModel,
  MemberRole,
  MembershipRule,
  QuorumRule,
  RuleSource,
  VotingRule,
} from "./model";

const requires = (
  id: string,
  source: RuleSource,
  label: string,
  roles: readonly MemberRole[],
  atLeast = 1,
): MembershipRule => ({
  kind: "requires_role",
  id,
  source,
  label,
  roles: [...roles],
  atLeast,
  votingOnly: false,
});

/**
 * Health and Care Act 2022, Schedule 1B para 3: an ICB has a chair, a chief executive and at least
 * three partner members, nominated by the NHS trusts and foundation trusts, by the providers of
 * primary medical services, and by the local authorities of its area.
 */
export const ACT_2022_RULES: readonly MembershipRule[] = [
  requires("act-chair", "act_2022", "a chair", ["chair"]),
  requires("act-chief-executive", "act_2022", "a chief executive", [
    "chief_executive",
  ]),
  requires(
    "act-partner-trusts",
    "act_2022",
    "a partner member nominated by NHS trusts and foundation trusts",
    ["partner_member_trusts"],
  ),
  requires(
    "act-partner-primary-care",
    "act_2022",
    "a partner member nominated by providers of primary medical services",
    ["partner_member_primary_care"],
  ),
  requires(
    "act-partner-local-authorities",
    "act_2022",
    "a partner member nominated by the local authorities",
    ["partner_member_local_authority"],
  ),
];

/** Schedule 1B para 4: each partner member is nominated by organisations of the kind they represent. */
export const ACT_2022_NOMINATION_RULES: readonly MembershipRule[] = (
  [
    ["partner_member_trusts", "nhs_trust", "an NHS trust or foundation trust"],
    [
      "partner_member_primary_care",
      "gp_practice",
      "a provider of primary medical services",
    ],
    ["partner_member_local_authority", "local_authority", "a local authority"],
  ] as const
).map(([role, sector, what]) => ({
  kind: "nominated_by",
  id: `act-nomination-${role}`,
  source: "act_2022",
  label: `the ${role.replaceAll("_", " ")} nominated by ${what}`,
  role,
  sectors: [sector],
}));

/** NHS England's guidance on ICB constitutions: executive directors and independent non-executives. */
export const NHSE_GUIDANCE_RULES: readonly MembershipRule[] = [
  requires("nhse-finance", "nhse_guidance", "a director of finance", [
    "finance_director",
  ]),
  requires("nhse-medical", "nhse_guidance", "a medical director", [
    "medical_director",
  ]),
  requires("nhse-nursing", "nhse_guidance", "a director of nursing", [
    "nursing_director",
  ]),
  requires(
    "nhse-non-executives",
    "nhse_guidance",
    "at least two independent non-executive members",
    ["non_executive"],
    2,
  ),
];

/**
 * The ICS Scrutiny Committee as the Health Devolution Commission proposes it (Appendix 2 of its
 * response to "Integrating Care"): five MPs in party proportion and one nominee of each other seat.
 */
export const SCRUTINY_COMMITTEE_RULES: readonly MembershipRule[] = [
  {
    kind: "party_proportion",
    id: "hdc-mps",
    source: "template",
    label: "five MPs in proportion to the parties' MPs in the area",
    role: "member_of_parliament",
    seats: 5,
  },
  ...(
    [
      [
        "hdc-local-government",
        "a local government nominee",
        "local_government",
      ],
      ["hdc-healthwatch", "a Healthwatch nominee", "healthwatch"],
      [
        "hdc-hwb",
        "a Health and Wellbeing Board nominee",
        "health_and_wellbeing_board",
      ],
      ["hdc-business", "a business sector nominee", "business"],
      [
        "hdc-social-enterprise",
        "a social enterprise or charity nominee",
        "social_enterprise_charity",
      ],
      ["hdc-workforce", "a workforce nominee (through the TUC)", "trade_union"],
      [
        "hdc-public-health",
        "the regional director of public health",
        "regional_public_health_director",
      ],
    ] as const
  ).map(([id, label, role]) => requires(id, "template", label, [role])),
];

/** Option 3: joint civic and clinical leadership in a partnership of equals. */
export const HEALTH_AND_PROSPERITY_RULES: readonly MembershipRule[] = [
  requires(
    "hp-civic-leader",
    "template",
    "a civic co-leader (a local authority leader or metro mayor)",
    ["local_authority_leader", "metro_mayor"],
  ),
  requires(
    "hp-clinical-leader",
    "template",
    "a clinical co-leader (a medical director or clinical member)",
    ["medical_director", "clinical"],
  ),
  requires("hp-healthwatch", "template", "a Healthwatch member", [
    "healthwatch",
  ]),
];

/** Option 1: an accountable officer binding together the statutory organisations, with broad membership. */
export const STATUTORY_COMMITTEE_RULES: readonly MembershipRule[] = [
  requires("sc-chair", "template", "a chair", ["chair"]),
  requires("sc-accountable-officer", "template", "an accountable officer", [
    "chief_executive",
  ]),
  requires("sc-providers", "template", "a representative of NHS providers", [
    "partner_member_trusts",
  ]),
  requires("sc-primary-care", "template", "a primary care representative", [
    "partner_member_primary_care",
  ]),
  requires(
    "sc-local-government",
    "template",
    "a local authority representative",
    ["partner_member_local_authority", "local_government"],
  ),
];

export interface BodyTemplate {
  readonly kind: BodyKind;
  readonly name: string;
  /** Place boards and Health and Wellbeing Boards are created once per place. */
  readonly perPlace: boolean;
  readonly votingRule: VotingRule;
  readonly chairHasCastingVote: boolean;
  readonly quorum: QuorumRule;
  readonly rules: readonly MembershipRule[];
}

export interface GovernanceTemplate {
  readonly model: GovernanceModel;
  readonly name: string;
  readonly summary: string;
  readonly bodies: readonly BodyTemplate[];
  /** Agreements the model runs on, tracked as commitments with owners and due dates. */
  readonly instruments: readonly (
    "partnership_compact" | "annual_joint_mandate"
  )[];
}

const quorum = (
  minimumVotingMembers: number,
  minimumNhs = 0,
  minimumLocalGovernment = 0,
): QuorumRule => ({ minimumVotingMembers, minimumNhs, minimumLocalGovernment });

const committee = (kind: BodyKind, name: string): BodyTemplate => ({
  kind,
  name,
  perPlace: false,
  votingRule: "simple_majority",
  chairHasCastingVote: true,
  quorum: quorum(3),
  rules: [requires(`${kind}-chair`, "template", "a chair", ["chair"])],
});

const ICB_COMMITTEES: readonly BodyTemplate[] = [
  {
    ...committee("audit_committee", "Audit Committee"),
    rules: [
      requires(
        "audit-non-executive-chair",
        "template",
        "a non-executive member (the chair)",
        ["non_executive"],
      ),
    ],
  },
  committee("remuneration_committee", "Remuneration Committee"),
  committee("quality_committee", "Quality Committee"),
  committee("finance_committee", "Finance Committee"),
  committee("primary_care_committee", "Primary Care Committee"),
];

const PARTNERSHIP_BODIES: readonly BodyTemplate[] = [
  {
    kind: "integrated_care_partnership",
    name: "Integrated Care Partnership",
    perPlace: false,
    votingRule: "consensus",
    chairHasCastingVote: false,
    quorum: quorum(4, 1, 1),
    rules: [
      requires("icp-local-authority", "template", "a local authority member", [
        "partner_member_local_authority",
        "local_government",
        "local_authority_leader",
      ]),
    ],
  },
  {
    kind: "place_board",
    name: "Place Board",
    perPlace: true,
    votingRule: "consensus",
    chairHasCastingVote: false,
    quorum: quorum(3, 1, 1),
    rules: [],
  },
  {
    kind: "health_and_wellbeing_board",
    name: "Health and Wellbeing Board",
    perPlace: true,
    votingRule: "simple_majority",
    chairHasCastingVote: true,
    quorum: quorum(3),
    rules: [],
  },
  {
    kind: "joint_committee",
    name: "Joint Committee",
    perPlace: false,
    votingRule: "double_majority",
    chairHasCastingVote: false,
    quorum: quorum(4, 2, 2),
    rules: [],
  },
];

export const GOVERNANCE_TEMPLATES: Readonly<
  Record<GovernanceModel, GovernanceTemplate>
> = {
  statutory_committee: {
    model: "statutory_committee",
    name: "Option 1: statutory committee",
    summary:
      "A statutory committee with an accountable officer binds together the existing statutory organisations.",
    bodies: [
      {
        kind: "ics_statutory_committee",
        name: "ICS Statutory Committee",
        perPlace: false,
        votingRule: "simple_majority",
        chairHasCastingVote: true,
        quorum: quorum(5, 2, 1),
        rules: STATUTORY_COMMITTEE_RULES,
      },
      ...ICB_COMMITTEES,
      ...PARTNERSHIP_BODIES,
    ],
    instruments: [],
  },
  icb_corporate_body: {
    model: "icb_corporate_body",
    name: "Option 2: ICB as a statutory corporate body",
    summary:
      "The Integrated Care Board is a statutory NHS body holding the single pot and the former CCG functions.",
    bodies: [
      {
        kind: "icb_board",
        name: "Integrated Care Board",
        perPlace: false,
        votingRule: "simple_majority",
        chairHasCastingVote: true,
        quorum: quorum(6, 3, 1),
        rules: [
          ...ACT_2022_RULES,
          ...ACT_2022_NOMINATION_RULES,
          ...NHSE_GUIDANCE_RULES,
        ],
      },
      ...ICB_COMMITTEES,
      ...PARTNERSHIP_BODIES,
    ],
    instruments: [],
  },
  health_and_prosperity: {
    model: "health_and_prosperity",
    name: 'Option 3: "Health and Prosperity"',
    summary:
      "Joint civic and clinical leadership in a partnership of equals: a local authority leader or metro mayor may chair, decisions need a majority of both NHS and local government members, with a Partnership Compact, an Annual Joint Mandate and an ICS Scrutiny Committee.",
    bodies: [
      {
        kind: "icb_board",
        name: "Integrated Care Board",
        perPlace: false,
        votingRule: "double_majority",
        chairHasCastingVote: false,
        quorum: quorum(6, 2, 2),
        rules: [
          ...ACT_2022_RULES,
          ...ACT_2022_NOMINATION_RULES,
          ...NHSE_GUIDANCE_RULES,
          ...HEALTH_AND_PROSPERITY_RULES,
        ],
      },
      ...ICB_COMMITTEES,
      ...PARTNERSHIP_BODIES,
      {
        kind: "ics_scrutiny_committee",
        name: "ICS Scrutiny Committee",
        perPlace: false,
        votingRule: "simple_majority",
        chairHasCastingVote: true,
        quorum: quorum(6),
        rules: SCRUTINY_COMMITTEE_RULES,
      },
    ],
    instruments: ["partnership_compact", "annual_joint_mandate"],
  },
};

/** The bodies an ICS gets by adopting a governance model from a date: one of each, and per-place bodies for every place. */
export function bodiesForModel(
  model: GovernanceModel,
  ics: {
    readonly icsCode: string;
    readonly places: readonly {
      readonly code: string;
      readonly name: string;
    }[];
  },
  validFrom: string,
): Body[] {
  return GOVERNANCE_TEMPLATES[model].bodies.flatMap((t) => {
    const make = (place: { code: string; name: string } | null): Body => ({
      id:
        place === null
          ? `${ics.icsCode}-${t.kind}`
          : `${ics.icsCode}-${t.kind}-${place.code}`,
      icsCode: ics.icsCode,
      kind: t.kind,
      name: place === null ? t.name : `${place.name} ${t.name}`,
      placeCode: place === null ? null : place.code,
      votingRule: t.votingRule,
      chairHasCastingVote: t.chairHasCastingVote,
      quorum: { ...t.quorum },
      rules: [...t.rules],
      validFrom,
      validTo: null,
    });
    return t.perPlace ? ics.places.map(make) : [make(null)];
  });
}

/** The model an ICS was running on a date, or null if it had not adopted one. */
export function modelAsAt(
  adoptions: readonly ModelAdoption[],
  icsCode: string,
  asAt: string,
): GovernanceModel | null {
  return (
    adoptions.find((a) => a.icsCode === icsCode && inEffect(a, asAt))?.model ??
    null
  );
}
