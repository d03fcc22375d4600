import { describe, expect, it } from "vitest";
import { recogniseBoundaryLayer, recogniseCsv } from "./files";

describe("recognising a file by its header", () => {
  it("knows the LSOA 2021 lookup whatever its file name", () => {
    const r = recogniseCsv([
      "lsoa21cd",
      "lsoa21nm",
      "sicbl24cd",
      "sicbl24cdh",
      "icb24cdh",
      "nhser24cdh",
      "lad24cd",
      "utla23cd",
    ]);
    expect(r).toMatchObject({ type: "table", kind: { kind: "lsoa21-lookup" } });
  });

  it("tells the two IMD releases apart", () => {
    expect(
      recogniseCsv([
        "lsoa11cd",
        "imd_decile",
        "imd_rank",
        "housing_and_access_rank",
      ]),
    ).toMatchObject({ kind: { kind: "imd2019" } });
    expect(
      recogniseCsv([
        "lsoa21cd",
        "imd_decile",
        "imd_rank",
        "imd_score",
        "housing_and_services_rank",
      ]),
    ).toMatchObject({ kind: { kind: "imd2025" } });
  });

  it("ignores a byte-order mark on the first column", () => {
    expect(
      recogniseCsv(["\uFEFFlad24cd", "utla23cd", "rgn24cd"]),
    ).toMatchObject({ kind: { kind: "lad-utla-region" } });
  });

  it("names the columns missing from a layout it nearly matches", () => {
    const r = recogniseCsv([
      "area_code",
      "x",
      "icb24cdh",
      "nhser24cdh",
      "lad24cd",
      "utla23cd",
      "rgn24cd",
    ]);
    expect(r).toMatchObject({
      type: "incomplete",
      missing: ["lsoa21cd", "sicbl24cdh"],
    });
  });

  it("returns nothing for columns it has never seen", () => {
    expect(recogniseCsv(["a", "b"])).toBeNull();
  });

  it("recognises a published summary so it is not mistaken for data", () => {
    expect(
      recogniseCsv([
        "icb24cd",
        "icb24cdh",
        "n_sicbl24",
        "n_lsoa21",
        "census2021_usual_residents",
      ]),
    ).toMatchObject({ type: "summary" });
  });
});

describe("recognising a boundary layer", () => {
  it("takes the most specific code: an ICB feature also names its region", () => {
    expect(
      recogniseBoundaryLayer({ icb24cd: "E54000008", nhser24cd: "E40000010" })
        ?.layer,
    ).toBe("icb");
    expect(recogniseBoundaryLayer({ LSOA21CD: "E01000001" })?.layer).toBe(
      "lsoa",
    );
  });
});
