import { describe, expect, it } from "vitest";
import { giftsAsAt, matchesSearch, poundsToPence, recordGift } from "./gifts";

const gift = {
  id: "g1",
  personId: "p1",
  kind: "hospitality",
  giverName: "Acme Care Ltd",
  giverOrganisationCode: "CARE",
  description: "Dinner at the annual care awards",
  valuePence: 8500,
  receivedOn: "2025-06-03",
  accepted: true,
  declaredOn: "2025-06-10",
};

describe("the register of gifts and hospitality", () => {
  it("accepts a complete entry from a known organisation", () => {
    expect(recordGift(gift, ["CARE"]).ok).toBe(true);
  });

  it("accepts a giver that is not in the partner list when no code is given", () => {
    expect(recordGift({ ...gift, giverOrganisationCode: null }, []).ok).toBe(
      true,
    );
  });

  it("refuses a code the partner and supplier list does not have", () => {
    const result = recordGift(gift, ["OTHER"]);
    expect(!result.ok && result.error).toMatchObject({
      code: "unknown_organisation",
      message: expect.stringMatching(/CARE/) as unknown,
    });
  });

  it("refuses money that is not in whole pence", () => {
    const result = recordGift({ ...gift, valuePence: 85.5 }, ["CARE"]);
    expect(!result.ok && result.error.message).toMatch(/valuePence/);
  });

  it("refuses a gift declared before it was received", () => {
    const result = recordGift({ ...gift, receivedOn: "2025-06-11" }, ["CARE"]);
    expect(!result.ok && result.error.message).toMatch(/^receivedOn:/);
  });

  it("publishes, as at a date, only what had been declared by then, newest first", () => {
    const later = {
      ...gift,
      id: "g2",
      receivedOn: "2025-07-01",
      declaredOn: "2025-07-02",
    };
    const earlier = {
      ...gift,
      id: "g3",
      receivedOn: "2025-01-01",
      declaredOn: "2025-01-05",
    };
    expect(
      giftsAsAt([gift, later, earlier], "2025-06-30").map((g) => g.id),
    ).toEqual(["g1", "g3"]);
  });
});

describe("searching a register", () => {
  const row = {
    personName: "Zoë Brontë",
    organisationCode: "CARE",
    organisationName: "Acme Care Ltd",
    type: "financial",
  };

  it("finds a name without regard to case or accents", () => {
    expect(matchesSearch(row, { name: "zoe bronte" })).toBe(true);
    expect(matchesSearch(row, { name: "Emily" })).toBe(false);
  });

  it("finds an organisation by its name or its code", () => {
    expect(matchesSearch(row, { organisation: "acme" })).toBe(true);
    expect(matchesSearch(row, { organisation: "care" })).toBe(true);
    expect(matchesSearch(row, { organisation: "Vale" })).toBe(false);
  });

  it("matches the type exactly, and an empty search matches everything", () => {
    expect(matchesSearch(row, { type: "indirect" })).toBe(false);
    expect(
      matchesSearch(row, { type: "financial", name: "", organisation: "" }),
    ).toBe(true);
    expect(matchesSearch(row, {})).toBe(true);
  });
});

describe("pounds typed into a form", () => {
  it("become whole pence exactly", () => {
    expect(poundsToPence("85")).toBe(8500);
    expect(poundsToPence("85.5")).toBe(8550);
    expect(poundsToPence("£1,234.05")).toBe(123405);
    expect(poundsToPence("0.10")).toBe(10);
  });

  it("are refused when they are not an amount of money", () => {
    for (const bad of ["", "ten", "85.555", "-5", "1,23", "1e3"])
      expect(poundsToPence(bad)).toBeNull();
  });
});
