import { describe, expect, it } from "vitest";
import { formatPence, poundsToPence } from "./money";

describe("pounds as typed", () => {
  it.each([
    ["85", 8500],
    ["85.5", 8550],
    ["£1,234.05", 123405],
    ["1,234,567.89", 123456789],
    ["0.07", 7],
  ] as const)("reads %s as %s pence", (text, pence) => {
    expect(poundsToPence(text)).toBe(pence);
  });

  it("refuses what is not an amount of money", () => {
    for (const bad of ["", "ten", "85.555", "1,23", "12,34.5", "1e3", "£"])
      expect(poundsToPence(bad)).toBeNull();
  });

  it("reads a negative amount only where one is allowed", () => {
    expect(poundsToPence("-5")).toBeNull();
    expect(poundsToPence("-3.5", { negative: true })).toBe(-350);
    expect(poundsToPence("-£1,000", { negative: true })).toBe(-100000);
  });
});

describe("pence as people read them", () => {
  it("shows pounds with thousands grouped and two places of pence", () => {
    expect(formatPence(120_000_005)).toBe("£1,200,000.05");
    expect(formatPence(7)).toBe("£0.07");
    expect(formatPence(-350)).toBe("−£3.50");
  });
});
