import { describe, expect, it } from "vitest";
import { membershipFigures } from "./figures";
import type { Membership } from "./model";

const member = (
  personId: string,
  role: Membership["role"],
  constituency: Membership["constituency"] = "nhs",
): Membership => ({
  id: `m-${personId}`,
  personId,
  personName: personId,
  bodyId: "b",
  role,
  voting: true,
  constituency,
  nominatedBy: null,
  party: null,
  appointment: null,
  validFrom: "2025-04-01",
  validTo: null,
});

describe("membershipFigures", () => {
  const members = [
    member("a", "clinical"),
    member("b", "medical_director"),
    member("c", "clinical"),
    member("d", "public_health", "local_government"),
  ];

  it("counts members by field of expertise", () => {
    const clinical = membershipFigures(members).byExpertise.find(
      (f) => f.key === "clinical",
    );
    expect(clinical).toMatchObject({ count: 3, shown: "3" });
  });

  it("suppresses counts of one or two so no figure points at a person", () => {
    const figures = membershipFigures(members);
    expect(
      figures.byConstituency.find((f) => f.key === "local_government"),
    ).toMatchObject({ count: null, shown: "fewer than 3" });
    expect(figures.byConstituency.find((f) => f.key === "other")).toMatchObject(
      { count: 0, shown: "0" },
    );
  });

  it("lists the expected fields that no member brings", () => {
    expect(
      membershipFigures(members).underRepresented.map((u) => u.key),
    ).toEqual([
      "nursing",
      "local_government",
      "patient_and_public_voice",
      "workforce",
    ]);
  });
});
