import { describe, expect, it } from "vitest";
import { spendPlaceAttributor, spendPlaceMappingInput } from "./spend-places";

const PLACES = [
  { code: "E06900001", districts: ["E06900001"] },
  { code: "E10900001", districts: ["E07900001", "E07900002"] },
];

describe("attributing spend lines to places", () => {
  it("puts a file published by a unitary authority in that authority's place", () => {
    const attribute = spendPlaceAttributor(PLACES, []);
    expect(
      attribute({ body_code: "E06900001", expense_area: "Adult social care" }),
    ).toEqual({ place_code: "E06900001", basis: "local_authority" });
  });

  it("puts a file published by a county's district in the county's place", () => {
    const attribute = spendPlaceAttributor(PLACES, []);
    expect(attribute({ body_code: "e07900002", expense_area: null })).toEqual({
      place_code: "E10900001",
      basis: "local_authority",
    });
  });

  it("follows an officer's mapping of body and expense area, whatever the case and spacing", () => {
    const attribute = spendPlaceAttributor(PLACES, [
      {
        body_code: "RZ1",
        expense_area: "Port Demo  Community Services",
        place_code: "E06900001",
      },
    ]);
    expect(
      attribute({
        body_code: "RZ1",
        expense_area: " port demo community services ",
      }),
    ).toEqual({ place_code: "E06900001", basis: "mapping" });
    expect(
      attribute({ body_code: "RZ1", expense_area: "Acute commissioning" }),
    ).toEqual({ place_code: null, basis: "not_attributed" });
  });

  it("lets a mapping with no expense area cover the body's other areas, an exact one winning", () => {
    const attribute = spendPlaceAttributor(PLACES, [
      { body_code: "RZ3", expense_area: "", place_code: "E10900001" },
      { body_code: "RZ3", expense_area: "Harbour", place_code: "E06900001" },
    ]);
    expect(
      attribute({ body_code: "RZ3", expense_area: "Anything" }).place_code,
    ).toBe("E10900001");
    expect(
      attribute({ body_code: "RZ3", expense_area: "Harbour" }).place_code,
    ).toBe("E06900001");
  });

  it("prefers the publishing local authority to any mapping", () => {
    const attribute = spendPlaceAttributor(PLACES, [
      { body_code: "E06900001", expense_area: "", place_code: "E10900001" },
    ]);
    expect(
      attribute({ body_code: "E06900001", expense_area: "x" }).place_code,
    ).toBe("E06900001");
  });

  it("leaves everything else ICS-wide and not attributed, and ignores a mapping to a place outside the ICS", () => {
    const attribute = spendPlaceAttributor(PLACES, [
      { body_code: "QZ9", expense_area: "", place_code: "E06000001" },
    ]);
    expect(attribute({ body_code: "QZ9", expense_area: "Corporate" })).toEqual({
      place_code: null,
      basis: "not_attributed",
    });
  });

  it("validates a mapping, naming the place field when it is not a place code", () => {
    const r = spendPlaceMappingInput.safeParse({
      body_code: "RZ1",
      place_code: "E07900001",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["place_code"]);
    expect(
      spendPlaceMappingInput.parse({
        body_code: "RZ1",
        place_code: "E06900001",
      }).expense_area,
    ).toBe("");
  });
});
