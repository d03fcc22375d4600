import { describe, expect, it } from "vitest";
import { findConflicts } from "./conflicts";
import type {
  AgendaItem,
  InterestDeclaration,
  Membership,
  OrganisationNode,
} from "./model";

const organisations: OrganisationNode[] = [
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
  {
    code: "DIAG",
    name: "Acme Diagnostics Ltd",
    parentCode: "HOLD",
    placeCode: null,
    sector: "independent_sector_provider",
  },
  {
    code: "RMC",
    name: "Bolton NHS Foundation Trust",
    parentCode: null,
    placeCode: "E08000001",
    sector: "nhs_trust",
  },
  {
    code: "E08000001",
    name: "Bolton",
    parentCode: null,
    placeCode: null,
    sector: "local_authority",
  },
  {
    code: "OTHER",
    name: "Other Ltd",
    parentCode: null,
    placeCode: null,
    sector: null,
  },
];

const member = (n: number): Membership => ({
  id: `m${n}`,
  personId: `p${n}`,
  personName: `Member ${n}`,
  bodyId: "board",
  role: "non_executive",
  voting: true,
  constituency: "nhs",
  nominatedBy: null,
  party: null,
  appointment: null,
  validFrom: "2022-07-01",
  validTo: null,
});
const members = [1, 2, 3].map(member);

const interest = (
  personId: string,
  organisationCode: string,
  extra: Partial<InterestDeclaration> = {},
): InterestDeclaration => ({
  id: `${personId}-${organisationCode}`,
  personId,
  type: "financial",
  organisationCode,
  description: "shareholding",
  heldBy: null,
  declaredOn: "2023-01-01",
  validFrom: "2023-01-01",
  validTo: null,
  ...extra,
});

const item = (concerns: AgendaItem["concerns"]): AgendaItem => ({
  id: "i4",
  number: "4",
  title: "Community diagnostics contract",
  concerns,
  inPrivate: false,
  withholding: null,
  decisionType: null,
  valuePence: null,
});

const contractItem = item([
  { kind: "contract", reference: "CDC-2025-01", supplierCode: "CARE" },
]);

describe("conflicts of interest", () => {
  it("flags a member with an interest in the parent owner of the item's supplier, explaining the path", () => {
    const [conflict, ...rest] = findConflicts(
      contractItem,
      members,
      [interest("p1", "HOLD")],
      organisations,
      "2025-06-01",
    );
    expect(rest).toEqual([]);
    expect(conflict?.route).toBe("parent_owner");
    expect(conflict?.path).toEqual(["HOLD", "CARE"]);
    expect(conflict?.explanation).toBe(
      "Member 1 declared a financial interest in Acme Health Holdings plc; Acme Care Ltd is owned by Acme Health Holdings plc; item 4 concerns contract CDC-2025-01 with Acme Care Ltd.",
    );
  });

  it("flags an interest in a sister company under the same parent owner", () => {
    const [conflict] = findConflicts(
      contractItem,
      members,
      [interest("p2", "DIAG")],
      organisations,
      "2025-06-01",
    );
    expect(conflict?.path).toEqual(["DIAG", "HOLD", "CARE"]);
  });

  it("flags an interest in the organisation the item names as direct", () => {
    const [conflict] = findConflicts(
      contractItem,
      members,
      [interest("p1", "CARE")],
      organisations,
      "2025-06-01",
    );
    expect(conflict?.route).toBe("direct");
  });

  it("flags an indirect interest and says who holds it", () => {
    const [conflict] = findConflicts(
      contractItem,
      members,
      [interest("p3", "CARE", { type: "indirect", heldBy: "spouse" })],
      organisations,
      "2025-06-01",
    );
    expect(conflict?.explanation).toMatch(
      /^Member 3 declared an indirect interest \(held by their spouse\) in Acme Care Ltd;/,
    );
  });

  it("flags an interest in an organisation working in a place the item concerns", () => {
    const conflicts = findConflicts(
      item([{ kind: "place", code: "E08000001" }]),
      members,
      [interest("p2", "RMC", { type: "non_financial_professional" })],
      organisations,
      "2025-06-01",
    );
    expect(conflicts.map((c) => c.personId)).toEqual(["p2"]);
  });

  it("does not flag an interest in an unrelated organisation", () => {
    expect(
      findConflicts(
        contractItem,
        members,
        [interest("p1", "OTHER")],
        organisations,
        "2025-06-01",
      ),
    ).toEqual([]);
  });

  it("does not flag an interest that ended before the meeting", () => {
    expect(
      findConflicts(
        contractItem,
        members,
        [interest("p1", "CARE", { validTo: "2024-04-01" })],
        organisations,
        "2025-06-01",
      ),
    ).toEqual([]);
  });
});
