import { describe, expect, it } from "vitest";
import {
  checkPrivateItem,
  countVotes,
  recordDecision,
  type DecisionInput,
} from "./meetings";
import type {
  AgendaItem,
  Body,
  Constituency,
  ConflictRuling,
  InterestDeclaration,
  Membership,
  SordEntry,
  Vote,
} from "./model";

const board: Body = {
  id: "QWE-icb_board",
  icsCode: "QWE",
  kind: "icb_board",
  name: "Integrated Care Board",
  placeCode: null,
  votingRule: "simple_majority",
  chairHasCastingVote: true,
  quorum: { minimumVotingMembers: 4, minimumNhs: 0, minimumLocalGovernment: 0 },
  rules: [],
  validFrom: "2022-07-01",
  validTo: null,
};

const member = (n: number, constituency: Constituency = "nhs"): Membership => ({
  id: `m${n}`,
  personId: `p${n}`,
  personName: `Member ${n}`,
  bodyId: board.id,
  role: n === 1 ? "chair" : "non_executive",
  voting: true,
  constituency,
  nominatedBy: null,
  party: null,
  appointment: null,
  validFrom: "2022-07-01",
  validTo: null,
});
const seven = [1, 2, 3, 4, 5, 6, 7].map((n) => member(n));

const item: AgendaItem = {
  id: "i4",
  number: "4",
  title: "Community diagnostics contract award",
  concerns: [{ kind: "supplier", code: "CARE" }],
  inPrivate: false,
  withholding: null,
  decisionType: "contract_award",
  valuePence: 120_000_000,
};

const interestInParent = (personId: string): InterestDeclaration => ({
  id: `d-${personId}`,
  personId,
  type: "financial",
  organisationCode: "HOLD",
  description: "shareholding",
  heldBy: null,
  declaredOn: "2024-01-01",
  validFrom: "2024-01-01",
  validTo: null,
});

const withdraw = (personId: string): ConflictRuling => ({
  itemId: "i4",
  personId,
  ruling: "withdraw",
  reason: "financial interest in the supplier's parent company",
  decidedBy: "Member 1 (chair)",
});

const scheme: SordEntry[] = [
  {
    reference: "SoRD 4.2",
    decisionType: "contract_award",
    decider: { kind: "body", id: board.id, name: "Integrated Care Board" },
    upToPence: null,
    legallyResponsibleBody: "NHS Example ICB",
    validFrom: "2022-07-01",
    validTo: null,
  },
];

const votesFor = (people: readonly string[]): Vote[] =>
  people.map((personId) => ({ personId, choice: "for" }));

const meeting: DecisionInput = {
  body: board,
  memberships: seven,
  meetingDate: "2025-06-12",
  present: seven.map((m) => m.personId),
  item,
  declarations: [],
  organisations: [
    {
      code: "HOLD",
      name: "Acme Health Holdings plc",
      parentCode: null,
      placeCode: null,
      sector: null,
    },
    {
      code: "CARE",
      name: "Acme Care Ltd",
      parentCode: "HOLD",
      placeCode: null,
      sector: "independent_sector_provider",
    },
  ],
  rulings: [],
  votes: votesFor(["p1", "p2", "p3", "p4"]),
  castingVote: null,
  scheme,
};

describe("recording a decision", () => {
  it("records a quorate, conflict-free vote with its authority", () => {
    const result = recordDecision(meeting);
    expect(result.ok && result.value.authority?.reference).toBe("SoRD 4.2");
  });

  it("refuses a vote when withdrawals for declared interests leave the meeting inquorate", () => {
    const conflicted = ["p3", "p4", "p5", "p6", "p7"];
    const result = recordDecision({
      ...meeting,
      declarations: conflicted.map(interestInParent),
      rulings: conflicted.map(withdraw),
      votes: votesFor(["p1", "p2"]),
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "quorum_not_met",
        message:
          "Quorum not met: 5 of 7 voting members withdrew for declared interests in item 4; 2 voting members remain and the quorum is 4.",
      },
    });
  });

  it("says members who may only observe stepped back when quorum is lost", () => {
    const conflicted = ["p3", "p4", "p5", "p6", "p7"];
    const result = recordDecision({
      ...meeting,
      declarations: conflicted.map(interestInParent),
      rulings: conflicted.map((p) => ({
        ...withdraw(p),
        ruling: "observe" as const,
      })),
      votes: [],
    });
    expect(!result.ok && result.error.message).toMatch(
      /^Quorum not met: 5 of 7 voting members may only observe for declared interests in item 4;/,
    );
  });

  it("refuses a decision while a flagged conflict has no chair's ruling", () => {
    const result = recordDecision({
      ...meeting,
      declarations: [interestInParent("p5")],
    });
    expect(!result.ok && result.error.message).toBe(
      "Item 4: the chair has not ruled (withdraw, observe or participate) on the declared interests of Member 5.",
    );
  });

  it("refuses a vote cast by a member who withdrew", () => {
    const result = recordDecision({
      ...meeting,
      declarations: [interestInParent("p4")],
      rulings: [withdraw("p4")],
    });
    expect(!result.ok && result.error.code).toBe("ineligible_vote");
  });

  it("counts a conflicted member the chair allows to participate", () => {
    const result = recordDecision({
      ...meeting,
      declarations: [interestInParent("p4")],
      rulings: [
        {
          ...withdraw("p4"),
          ruling: "participate",
          reason: "interest too remote to affect judgement",
        },
      ],
    });
    expect(result.ok && result.value.withdrawn).toEqual([]);
  });

  it("refuses a decision the scheme of delegation gives to another body", () => {
    const committee: Body = {
      ...board,
      id: "QWE-finance_committee",
      name: "Finance Committee",
    };
    const result = recordDecision({
      ...meeting,
      body: committee,
      memberships: seven.map((m) => ({ ...m, bodyId: committee.id })),
    });
    expect(!result.ok && result.error.message).toBe(
      'Finance Committee may not decide "contract_award" at £1,200,000.00: under SoRD 4.2 of the scheme of reservation and delegation it is for Integrated Care Board.',
    );
  });

  it("refuses a private item without a reason with a message saying what to record", () => {
    const result = recordDecision({
      ...meeting,
      item: { ...item, inPrivate: true },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "private_without_reason",
        message:
          'Item 4 ("Community diagnostics contract award") is held in private without a recorded reason. Choose a reason (commercial sensitivity, personal data, legal privilege, individual staff matters, negotiations in progress, security), record who decided and set a review date, or take the item in public.',
      },
    });
  });
});

describe("private items", () => {
  it("accepts a private item with a reason, who decided and a later review date", () => {
    const withholding = {
      reason: "commercial_sensitivity" as const,
      decidedBy: "Member 1 (chair)",
      reviewOn: "2026-06-12",
    };
    expect(
      checkPrivateItem({ ...item, inPrivate: true, withholding }, "2025-06-12"),
    ).toEqual({ ok: true, value: withholding });
  });

  it("refuses a review date on or before the meeting", () => {
    const result = checkPrivateItem(
      {
        ...item,
        inPrivate: true,
        withholding: {
          reason: "personal_data",
          decidedBy: "Chair",
          reviewOn: "2025-06-12",
        },
      },
      "2025-06-12",
    );
    expect(!result.ok && result.error.code).toBe("review_date_passed");
  });
});

describe("voting rules", () => {
  const partnership = [
    ...[1, 2, 3].map((n) => member(n, "nhs")),
    ...[4, 5, 6].map((n) => member(n, "local_government")),
  ];
  const votes = (choices: readonly Vote["choice"][]): Vote[] =>
    choices.map((choice, i) => ({ personId: `p${i + 1}`, choice }));

  it("does not carry a double-majority vote that most NHS members but not most local government members support", () => {
    const result = countVotes({
      rule: "double_majority",
      chairHasCastingVote: false,
      eligible: partnership,
      votes: votes(["for", "for", "for", "for", "against", "against"]),
      castingVote: null,
      itemNumber: "4",
    });
    expect(result.ok && result.value.carried).toBe(false);
  });

  it("carries a double-majority vote with a majority on both sides", () => {
    const result = countVotes({
      rule: "double_majority",
      chairHasCastingVote: false,
      eligible: partnership,
      votes: votes(["for", "for", "against", "for", "for", "abstain"]),
      castingVote: null,
      itemNumber: "4",
    });
    expect(result.ok && result.value.explanation).toBe(
      "Carried by a majority of both the NHS members (2 for, 1 against) and the local government members (2 for, 0 against).",
    );
  });

  it("settles a tied simple-majority vote by the chair's casting vote", () => {
    const result = countVotes({
      rule: "simple_majority",
      chairHasCastingVote: true,
      eligible: partnership,
      votes: votes(["for", "for", "for", "against", "against", "against"]),
      castingVote: "for",
      itemNumber: "4",
    });
    expect(result.ok && result.value.castingVoteUsed).toBe(true);
  });

  it("asks for the casting vote when a tie has none recorded", () => {
    const result = countVotes({
      rule: "simple_majority",
      chairHasCastingVote: true,
      eligible: partnership,
      votes: votes(["for", "against"]),
      castingVote: null,
      itemNumber: "4",
    });
    expect(!result.ok && result.error.code).toBe("casting_vote_missing");
  });

  it("fails consensus when anyone votes against", () => {
    const result = countVotes({
      rule: "consensus",
      chairHasCastingVote: false,
      eligible: partnership,
      votes: votes(["for", "for", "for", "for", "for", "against"]),
      castingVote: null,
      itemNumber: "4",
    });
    expect(result.ok && result.value.carried).toBe(false);
  });

  it("refuses a second vote from the same member", () => {
    const result = countVotes({
      rule: "simple_majority",
      chairHasCastingVote: true,
      eligible: partnership,
      votes: [...votes(["for"]), ...votes(["for"])],
      castingVote: null,
      itemNumber: "4",
    });
    expect(!result.ok && result.error.code).toBe("ineligible_vote");
  });
});
