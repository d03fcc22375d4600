import { describe, expect, it } from "vitest";
import { checkMembership, partyProportionalSeats } from "./membership";
import type {
  MemberRole,
  Membership,
  MembershipRule,
  OrganisationNode,
} from "./model";
import { bodiesForModel } from "./templates";

const [board] = bodiesForModel(
  "icb_corporate_body",
  { icsCode: "QWE", places: [] },
  "2022-07-01",
);
if (board === undefined) throw new Error("the template has no ICB board");

const member = (
  role: MemberRole,
  n: number,
  extra: Partial<Membership> = {},
): Membership => ({
  id: `m${n}`,
  personId: `p${n}`,
  personName: `Member ${n}`,
  bodyId: board.id,
  role,
  voting: true,
  constituency: "nhs",
  nominatedBy: null,
  party: null,
  appointment: null,
  validFrom: "2022-07-01",
  validTo: null,
  ...extra,
});

const NOMINATORS: Partial<Record<MemberRole, string>> = {
  partner_member_trusts: "RMC",
  partner_member_primary_care: "P82001",
  partner_member_local_authority: "E08000001",
};

const minimumBoard: Membership[] = (
  [
    "chair",
    "chief_executive",
    "partner_member_trusts",
    "partner_member_primary_care",
    "partner_member_local_authority",
    "finance_director",
    "medical_director",
    "nursing_director",
    "non_executive",
    "non_executive",
  ] as const
).map((role, i) => member(role, i, { nominatedBy: NOMINATORS[role] ?? null }));

const organisation = (
  code: string,
  name: string,
  sector: OrganisationNode["sector"],
): OrganisationNode => ({
  code,
  name,
  parentCode: null,
  placeCode: null,
  sector,
});
const organisations = [
  organisation("RMC", "Bolton NHS Foundation Trust", "nhs_trust"),
  organisation("P82001", "Bolton Medical Centre", "gp_practice"),
  organisation("E08000001", "Bolton Council", "local_authority"),
  organisation("CARE", "Acme Care Ltd", "independent_sector_provider"),
];

const check = (
  body: typeof board,
  members: readonly Membership[],
  asAt: string,
  localRules: readonly MembershipRule[] = [],
) => checkMembership(body, members, asAt, localRules, { organisations });

const failing = (checks: ReturnType<typeof checkMembership>) =>
  checks.filter((c) => !c.passed).map((c) => c.ruleId);

describe("membership rules", () => {
  it("passes an ICB board with the Act's minimum and NHS England's roles", () => {
    expect(failing(check(board, minimumBoard, "2024-01-01"))).toEqual([]);
  });

  it("fails an ICB board without a partner member nominated by primary care, saying what is missing", () => {
    const withoutPrimaryCare = minimumBoard.filter(
      (m) => m.role !== "partner_member_primary_care",
    );
    const line = check(board, withoutPrimaryCare, "2024-01-01").find(
      (c) => c.ruleId === "act-partner-primary-care",
    );
    expect(line?.message).toBe(
      "Needs a partner member nominated by providers of primary medical services: has 0, needs 1.",
    );
  });

  it("does not count a member whose term ended before the date", () => {
    const ended = minimumBoard.map((m) =>
      m.role === "chair" ? { ...m, validTo: "2023-07-01" } : m,
    );
    expect(failing(check(board, ended, "2024-01-01"))).toEqual(["act-chair"]);
  });

  it("fails a trusts' partner member nominated by an independent-sector provider, naming the nominator", () => {
    const wrongNominator = minimumBoard.map((m) =>
      m.role === "partner_member_trusts" ? { ...m, nominatedBy: "CARE" } : m,
    );
    const result = check(board, wrongNominator, "2024-01-01").find(
      (c) => !c.passed,
    );
    expect(result?.message).toBe(
      "Needs the partner member trusts nominated by an NHS trust or foundation trust: Member 2 is nominated by Acme Care Ltd (Independent-sector providers).",
    );
  });

  it("fails a board with one independent non-executive member", () => {
    const one = minimumBoard.filter((m) => m.id !== "m9");
    expect(failing(check(board, one, "2024-01-01"))).toEqual([
      "nhse-non-executives",
    ]);
  });

  it("applies a local rule requiring a public-health member", () => {
    const local: MembershipRule = {
      kind: "requires_role",
      id: "local-public-health",
      source: "local",
      label: "a public-health member",
      roles: ["public_health"],
      atLeast: 1,
      votingOnly: false,
    };
    expect(failing(check(board, minimumBoard, "2024-01-01", [local]))).toEqual([
      "local-public-health",
    ]);
  });

  it("fails a lay and clinical balance rule when clinical members outnumber lay members", () => {
    const balance: MembershipRule = {
      kind: "balance",
      id: "local-lay-clinical",
      source: "local",
      label: "lay and clinical members in balance",
      first: ["lay"],
      second: ["clinical", "medical_director", "nursing_director"],
      maxDifference: 1,
    };
    const line = check(board, minimumBoard, "2024-01-01", [balance]).find(
      (c) => c.ruleId === "local-lay-clinical",
    );
    expect(line?.passed).toBe(false);
  });

  it("shares five scrutiny seats between parties by largest remainder", () => {
    expect(
      partyProportionalSeats(5, {
        Labour: 14,
        Conservative: 4,
        "Liberal Democrat": 2,
      }),
    ).toEqual({ Labour: 4, Conservative: 1, "Liberal Democrat": 0 });
  });

  it("fails a scrutiny committee whose MPs are not in party proportion", () => {
    const scrutiny = bodiesForModel(
      "health_and_prosperity",
      { icsCode: "QWE", places: [] },
      "2026-04-01",
    ).find((b) => b.kind === "ics_scrutiny_committee");
    if (scrutiny === undefined) throw new Error("no scrutiny committee");
    const mps = [0, 1, 2, 3, 4].map((n) =>
      member("member_of_parliament", n, {
        bodyId: scrutiny.id,
        party: n < 3 ? "Labour" : "Conservative",
      }),
    );
    const line = checkMembership(scrutiny, mps, "2026-05-01", [], {
      mpsByParty: { Labour: 14, Conservative: 4, "Liberal Democrat": 2 },
    }).find((c) => c.ruleId === "hdc-mps");
    expect(line?.message).toBe(
      "Needs five MPs in proportion to the parties' MPs in the area: Conservative has 2 seats, due 1; Labour has 3 seats, due 4.",
    );
  });
});
