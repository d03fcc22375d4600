import { describe, expect, it } from "vitest";
import { classifySupplier, supplierMatchKey } from "./suppliers";

const sector = (name: string, expenseType: string | null = null) =>
  classifySupplier(name, {}, expenseType).sector;

describe("supplier classification", () => {
  it("reads the sector from the name", () => {
    expect(sector("Barts Health NHS Trust")).toBe("nhs");
    expect(sector("Guy's and St Thomas' Foundation Trust")).toBe("nhs");
    expect(sector("London Borough of Barking and Dagenham Council")).toBe(
      "local_authority",
    );
    expect(sector("Leeds City Council")).toBe("local_authority");
    expect(sector("Healthy Living CIC")).toBe("vcse");
    expect(sector("St Francis Hospice")).toBe("vcse");
    expect(sector("Deloitte And Touche Llp")).toBe("independent_sector");
    expect(sector("TOTAL GAS & POWER LTD")).toBe("independent_sector");
    expect(sector("Ramsay Health Care UK Operations Limited")).toBe(
      "independent_sector",
    );
    expect(sector("Kings College London")).toBe("other");
    expect(sector("A MOGHAL")).toBe("other");
    expect(sector("REDACTED PERSONAL DATA")).toBe("other");
  });
  it("uses a Companies House number and the expense type as weaker signs", () => {
    const boc = classifySupplier("BOC :02107500");
    expect(boc).toMatchObject({
      sector: "independent_sector",
      company_number: "02107500",
      parent_owner: "BOC",
    });
    expect(
      sector("Spire Healthcare", "Clinical&Medical-Independent Sector"),
    ).toBe("independent_sector");
    expect(
      sector("Homerton", "Hcare Srv Rec NHS Trust-Contract Baseline"),
    ).toBe("nhs");
  });
  it("takes a partner organisation's sector and parent owner, and an override above all", () => {
    const partners = [
      {
        name: "Example Diagnostics Limited",
        sector: "independent_sector_provider",
        ultimate_parent_owner: "Example Health Group plc",
      },
    ];
    expect(
      classifySupplier("EXAMPLE DIAGNOSTICS LTD - Site 2", { partners }),
    ).toMatchObject({
      sector: "independent_sector",
      parent_owner: "Example Health Group plc",
      basis: "partner",
    });
    expect(
      classifySupplier("Example Diagnostics Ltd", {
        partners,
        overrides: [
          {
            supplier: "example diagnostics limited",
            sector: "vcse",
            parent_owner: null,
          },
        ],
      }),
    ).toMatchObject({ sector: "vcse", basis: "override" });
  });
  it("compares names without case, punctuation or Limited/Ltd", () => {
    expect(supplierMatchKey(" Penna Plc\u00a0")).toBe("penna plc");
    expect(supplierMatchKey("BOC LIMITED :02107500")).toBe(
      supplierMatchKey("boc ltd"),
    );
  });
});
