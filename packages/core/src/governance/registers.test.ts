import { describe, expect, it } from "vitest";
import { overdueCommitments } from "./compacts";
import type { Commitment } from "./model";
import { declareInterest, registerAsAt } from "./registers";

const organisations = [
  {
    code: "CARE",
    name: "Acme Care Ltd",
    parentCode: null,
    placeCode: null,
    sector: "independent_sector_provider" as const,
  },
];
const declaration = {
  id: "d1",
  personId: "p1",
  type: "indirect",
  organisationCode: "CARE",
  description: "spouse is a director",
  heldBy: "spouse",
  declaredOn: "2025-01-10",
  validFrom: "2025-01-10",
  validTo: null,
};

describe("registers of interests", () => {
  it("accepts a complete declaration about a known organisation", () => {
    expect(declareInterest(declaration, organisations).ok).toBe(true);
  });

  it("refuses an indirect interest that does not say who holds it", () => {
    const result = declareInterest(
      { ...declaration, heldBy: null },
      organisations,
    );
    expect(!result.ok && result.error.message).toBe(
      "The declaration is not complete: heldBy: an indirect interest must say who holds it.",
    );
  });

  it("refuses a declaration about an organisation the structure does not know", () => {
    const result = declareInterest(
      { ...declaration, organisationCode: "NOPE" },
      organisations,
    );
    expect(!result.ok && result.error.code).toBe("unknown_organisation");
  });

  it("publishes only the interests in force on the date", () => {
    const parsed = declareInterest(declaration, organisations);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const ended = { ...parsed.value, id: "d0", validTo: "2025-01-01" };
    expect([
      ...registerAsAt([parsed.value, ended], "2025-06-01").values(),
    ]).toEqual([[parsed.value]]);
  });
});

describe("compacts and mandates", () => {
  it("lists commitments past due and not done, oldest first", () => {
    const c = (
      id: string,
      dueOn: string,
      doneOn: string | null,
    ): Commitment => ({
      id,
      instrument: "annual_joint_mandate",
      description: id,
      owner: "Director of Public Health",
      dueOn,
      doneOn,
    });
    expect(
      overdueCommitments(
        [
          c("b", "2025-03-31", null),
          c("a", "2025-01-31", null),
          c("done", "2025-01-31", "2025-01-20"),
          c("open", "2025-12-31", null),
        ],
        "2025-06-01",
      ).map((x) => x.id),
    ).toEqual(["a", "b"]);
  });
});
