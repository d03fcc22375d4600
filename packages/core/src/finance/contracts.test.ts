import { describe, expect, it } from "vitest";
import { contractInput, ownerChanges, standstillEnd } from "./contracts";

const base = {
  reference: "QZ9-MSK-2025",
  title: "Community MSK service",
  service: "Musculoskeletal",
  provider: "Example Physio Ltd",
  provider_sector: "independent_sector",
  route: "most_suitable_provider",
  value_pence: "125000000",
  start_date: "2025-04-01",
  end_date: "2028-03-31",
  intention_notice_date: "2025-01-10",
  standstill_end_date: "2025-01-22",
};

describe("contracts", () => {
  it("counts a standstill of 8 working days, passing weekends and bank holidays", () => {
    expect(standstillEnd("2025-01-10")).toBe("2025-01-22");
    expect(standstillEnd("2025-04-14", ["2025-04-18", "2025-04-21"])).toBe(
      "2025-04-28",
    );
  });
  it("takes a valid record and coerces the value", () => {
    const r = contractInput.safeParse(base);
    expect(r.success && r.data.value_pence).toBe(125000000);
  });
  it("refuses a short standstill, a missing notice and a standstill on a direct award A", () => {
    const issues = (v: object) => {
      const r = contractInput.safeParse({ ...base, ...v });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({ standstill_end_date: "2025-01-20" })).toEqual([
      "The standstill runs at least 8 working days, to 2025-01-22 or later",
    ]);
    expect(
      issues({ intention_notice_date: "", standstill_end_date: "" })[0],
    ).toContain("notice of intention");
    expect(issues({ route: "direct_award_a" })[0]).toBe(
      "Direct award process A has no notice of intention or standstill",
    );
    expect(issues({ end_date: "2024-01-01" })).toContain(
      "The end date must not be before the start date",
    );
  });
  it("flags a service that passes to a new owner", () => {
    expect(
      ownerChanges([
        {
          reference: "A",
          previous_reference: null,
          provider: "Old Ltd",
          parent_owner: "Old Group",
          start_date: "2022-04-01",
        },
        {
          reference: "B",
          previous_reference: "A",
          provider: "New Ltd",
          parent_owner: "New Group plc",
          start_date: "2025-04-01",
        },
        {
          reference: "C",
          previous_reference: "B",
          provider: "Newer Ltd",
          parent_owner: "new group PLC",
          start_date: "2027-04-01",
        },
      ]),
    ).toEqual([
      {
        reference: "B",
        previous_reference: "A",
        from_owner: "Old Group",
        to_owner: "New Group plc",
        start_date: "2025-04-01",
      },
    ]);
  });
});
