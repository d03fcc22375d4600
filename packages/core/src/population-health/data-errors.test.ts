import { describe, expect, it } from "vitest";
import { mayManagePatientData, mayUseIcsPatientData } from "./data-errors";

describe("who may use patient-level data", () => {
  const officer = { id: "o", role: "officer", icsCode: "QZ9" } as const;
  const admin = { id: "a", role: "administrator", icsCode: null } as const;
  const publicVisitor = { id: "p", role: "public", icsCode: null } as const;

  it("lets an officer use their own ICS's data, and no other's", () => {
    expect(mayUseIcsPatientData(officer, "QZ9")).toBe(true);
    expect(mayUseIcsPatientData(officer, "QX1")).toBe(false);
  });

  it("lets a national administrator use any ICS's data", () => {
    expect(mayUseIcsPatientData(admin, "QX1")).toBe(true);
  });

  it("does not let a board member who is not an officer", () => {
    expect(
      mayUseIcsPatientData({ id: "m", role: "member", icsCode: "QZ9" }, "QZ9"),
    ).toBe(false);
  });

  it("never lets the public", () => {
    expect(mayManagePatientData(publicVisitor)).toBe(false);
    expect(mayUseIcsPatientData(publicVisitor, "QZ9")).toBe(false);
  });
});
