import { z } from "zod";
import { isoDate } from "../shared";
import { organisationSector } from "../structure";

const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const count = z.number().int().nonnegative();
/** Money in pence, as a whole number: never floating-point pounds. */
export const pence = z
  .number()
  .int("money is held in whole pence")
  .nonnegative();

/** The three governance options of the seeds: statutory committee, ICB corporate body, Health and Prosperity. */
export const GOVERNANCE_MODELS = [
  "statutory_committee",
  "icb_corporate_body",
  "health_and_prosperity",
] as const;
export const governanceModel = z.enum(GOVERNANCE_MODELS);
export type GovernanceModel = z.infer<typeof governanceModel>;

/** Which model an ICS runs on, from when: an ICS may change model, and history is kept. */
export const modelAdoption = z.object({
  icsCode: text("ICS code"),
  model: governanceModel,
  decidedBy: text("who decided"),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
export type ModelAdoption = z.infer<typeof modelAdoption>;

export const BODY_KINDS = [
  "ics_statutory_committee",
  "icb_board",
  "integrated_care_partnership",
  "place_board",
  "health_and_wellbeing_board",
  "audit_committee",
  "remuneration_committee",
  "quality_committee",
  "finance_committee",
  "primary_care_committee",
  "joint_committee",
  "ics_scrutiny_committee",
] as const;
export const bodyKind = z.enum(BODY_KINDS);
export type BodyKind = z.infer<typeof bodyKind>;

export const MEMBER_ROLES = [
  "chair",
  "chief_executive",
  "finance_director",
  "medical_director",
  "nursing_director",
  "partner_member_trusts",
  "partner_member_primary_care",
  "partner_member_local_authority",
  "non_executive",
  "lay",
  "clinical",
  "public_health",
  "trade_union",
  "worker",
  "patient_carer",
  "healthwatch",
  "member_of_parliament",
  "local_government",
  "health_and_wellbeing_board",
  "business",
  "social_enterprise_charity",
  "regional_public_health_director",
  "local_authority_leader",
  "metro_mayor",
] as const;
export const memberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof memberRole>;

/** Which side of a partnership of equals a member sits on; the double-majority rule counts NHS and local government. */
export const CONSTITUENCIES = ["nhs", "local_government", "other"] as const;
export const constituency = z.enum(CONSTITUENCIES);
export type Constituency = z.infer<typeof constituency>;

export const VOTING_RULES = [
  "simple_majority",
  "consensus",
  "double_majority",
] as const;
export const votingRule = z.enum(VOTING_RULES);
export type VotingRule = z.infer<typeof votingRule>;

/** How many voting members must be present (after withdrawals), and from which side. */
export const quorumRule = z.object({
  minimumVotingMembers: count,
  minimumNhs: count,
  minimumLocalGovernment: count,
});
export type QuorumRule = z.infer<typeof quorumRule>;

const roleList = z.array(memberRole).min(1);
/** Where a rule comes from: the Act, NHS England's guidance, the model's template, or the ICS itself. */
export const ruleSource = z.enum([
  "act_2022",
  "nhse_guidance",
  "template",
  "local",
]);
export type RuleSource = z.infer<typeof ruleSource>;
const ruleBase = {
  id: text("rule id"),
  source: ruleSource,
  label: text("rule label"),
};
/** A membership rule as data, so that an ICS can add its own without code. */
export const membershipRule = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("requires_role"),
    ...ruleBase,
    roles: roleList,
    atLeast: z.number().int().positive(),
    votingOnly: z.boolean(),
  }),
  z.object({
    kind: z.literal("balance"),
    ...ruleBase,
    first: roleList,
    second: roleList,
    maxDifference: count,
  }),
  z.object({
    kind: z.literal("nominated_by"),
    ...ruleBase,
    role: memberRole,
    sectors: z.array(organisationSector).min(1),
  }),
  z.object({
    kind: z.literal("party_proportion"),
    ...ruleBase,
    role: memberRole,
    seats: z.number().int().positive(),
  }),
]);
export type MembershipRule = z.infer<typeof membershipRule>;

export const body = z.object({
  id: text("body id"),
  icsCode: text("ICS code"),
  kind: bodyKind,
  name: text("body name"),
  placeCode: z.string().nullable(),
  votingRule,
  /** Whether the chair has a casting vote on a tie, as the constitution says. */
  chairHasCastingVote: z.boolean(),
  quorum: quorumRule,
  rules: z.array(membershipRule),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
export type Body = z.infer<typeof body>;

/** The open appointment record: how the member came to sit on the body. */
export const appointmentRecord = z.object({
  advertisedOn: isoDate.nullable(),
  advertUrl: z.string().nullable(),
  panel: z.array(text("panel member")),
  criteria: z.array(text("criterion")),
  outcome: text("outcome"),
});
export type AppointmentRecord = z.infer<typeof appointmentRecord>;

export const membership = z.object({
  id: text("membership id"),
  personId: text("person id"),
  personName: text("person's name"),
  bodyId: text("body id"),
  role: memberRole,
  voting: z.boolean(),
  constituency,
  nominatedBy: z.string().nullable(),
  /** Political party, for members of Parliament on a scrutiny committee. */
  party: z.string().nullable(),
  appointment: appointmentRecord.nullable(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
export type Membership = z.infer<typeof membership>;

export const ruleCheck = z.object({
  ruleId: z.string(),
  source: ruleSource,
  label: z.string(),
  passed: z.boolean(),
  message: z.string(),
});
export type RuleCheck = z.infer<typeof ruleCheck>;

// Registers of interests

export const INTEREST_TYPES = [
  "financial",
  "non_financial_professional",
  "non_financial_personal",
  "indirect",
] as const;
export const interestType = z.enum(INTEREST_TYPES);
export type InterestType = z.infer<typeof interestType>;

export const INTEREST_TYPE_LABELS: Record<InterestType, string> = {
  financial: "financial",
  non_financial_professional: "non-financial professional",
  non_financial_personal: "non-financial personal",
  indirect: "indirect",
};

export const interestDeclaration = z
  .object({
    id: text("declaration id"),
    personId: text("person id"),
    type: interestType,
    organisationCode: text("organisation code"),
    description: text("description"),
    /** For an indirect interest: whose interest it is (e.g. "spouse", "business partner"). */
    heldBy: z.string().nullable(),
    declaredOn: isoDate,
    validFrom: isoDate,
    validTo: isoDate.nullable(),
  })
  .refine((d) => d.type !== "indirect" || d.heldBy !== null, {
    message: "an indirect interest must say who holds it",
    path: ["heldBy"],
  });
export type InterestDeclaration = z.infer<typeof interestDeclaration>;

export const giftOrHospitality = z.object({
  id: text("entry id"),
  personId: text("person id"),
  organisationCode: text("organisation code"),
  description: text("description"),
  valuePence: pence,
  accepted: z.boolean(),
  receivedOn: isoDate,
});
export type GiftOrHospitality = z.infer<typeof giftOrHospitality>;

/** An organisation in the structure module's partner and supplier list, with its parent owner. */
export const organisationNode = z.object({
  code: text("organisation code"),
  name: text("organisation name"),
  parentCode: z.string().nullable(),
  placeCode: z.string().nullable(),
  sector: organisationSector.nullable(),
});
export type OrganisationNode = z.infer<typeof organisationNode>;

// Meetings

export const itemConcern = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("organisation"), code: text("organisation") }),
  z.object({ kind: z.literal("supplier"), code: text("supplier") }),
  z.object({
    kind: z.literal("contract"),
    reference: text("contract reference"),
    supplierCode: text("supplier"),
  }),
  z.object({ kind: z.literal("place"), code: text("place code") }),
]);
export type ItemConcern = z.infer<typeof itemConcern>;

/** The fixed list of reasons an item may be held in private. */
export const WITHHOLDING_REASONS = [
  "commercial_sensitivity",
  "personal_data",
  "legal_privilege",
  "staff_matters",
  "negotiations_in_progress",
  "security",
] as const;
export const withholdingReason = z.enum(WITHHOLDING_REASONS);
export type WithholdingReason = z.infer<typeof withholdingReason>;
export const WITHHOLDING_REASON_LABELS: Record<WithholdingReason, string> = {
  commercial_sensitivity: "commercial sensitivity",
  personal_data: "personal data",
  legal_privilege: "legal privilege",
  staff_matters: "individual staff matters",
  negotiations_in_progress: "negotiations in progress",
  security: "security",
};

export const withholding = z.object({
  reason: withholdingReason,
  decidedBy: text("who decided"),
  reviewOn: isoDate,
});
export type Withholding = z.infer<typeof withholding>;

export const agendaItem = z.object({
  id: text("item id"),
  /** The number on the agenda, as the papers print it ("4", "7.2"). */
  number: text("item number"),
  title: text("item title"),
  concerns: z.array(itemConcern),
  inPrivate: z.boolean(),
  withholding: withholding.nullable(),
  /** The decision type in the scheme of reservation and delegation, and its value, if the item decides something. */
  decisionType: z.string().nullable(),
  valuePence: pence.nullable(),
});
export type AgendaItem = z.infer<typeof agendaItem>;

export const CHAIR_RULINGS = ["withdraw", "observe", "participate"] as const;
export const chairRuling = z.enum(CHAIR_RULINGS);
export type ChairRuling = z.infer<typeof chairRuling>;

/** The chair's decision on one member's conflict for one item. */
export const conflictRuling = z.object({
  itemId: text("item id"),
  personId: text("person id"),
  ruling: chairRuling,
  reason: text("reason"),
  decidedBy: text("who decided"),
});
export type ConflictRuling = z.infer<typeof conflictRuling>;

export const VOTE_CHOICES = ["for", "against", "abstain"] as const;
export const voteChoice = z.enum(VOTE_CHOICES);
export type VoteChoice = z.infer<typeof voteChoice>;
export const vote = z.object({
  personId: text("person id"),
  choice: voteChoice,
});
export type Vote = z.infer<typeof vote>;

// Scheme of reservation and delegation

export const sordEntry = z.object({
  reference: text("SoRD reference"),
  decisionType: text("decision type"),
  decider: z.object({
    kind: z.enum(["body", "officer"]),
    id: text("decider id"),
    name: text("decider name"),
  }),
  /** The most this decider may commit; null means no limit (a reserved matter). */
  upToPence: pence.nullable(),
  legallyResponsibleBody: text("legally responsible body"),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
export type SordEntry = z.infer<typeof sordEntry>;

// Partnership Compact and Annual Joint Mandate

export const commitment = z.object({
  id: text("commitment id"),
  instrument: z.enum(["partnership_compact", "annual_joint_mandate"]),
  description: text("description"),
  owner: text("owner"),
  dueOn: isoDate,
  doneOn: isoDate.nullable(),
});
export type Commitment = z.infer<typeof commitment>;

// The public log

export const jsonValue = z.json();
export type JsonValue = z.infer<typeof jsonValue>;

export const LOG_ENTRY_KINDS = [
  "decision",
  "register_entry",
  "withholding",
  /** The ICS's response to a scrutiny recommendation. */
  "scrutiny_response",
  /** A commitment of the Partnership Compact or the Annual Joint Mandate, done. */
  "commitment_done",
] as const;
export const logEntry = z.object({
  sequence: z.number().int().nonnegative(),
  kind: z.enum(LOG_ENTRY_KINDS),
  recordedAt: z.string(),
  payload: jsonValue,
  previousHash: z.string(),
  hash: z.string(),
});
export type LogEntry = z.infer<typeof logEntry>;
