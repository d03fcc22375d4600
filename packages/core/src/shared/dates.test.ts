import { describe, expect, it } from "vitest";
import { inEffect, nextDay, odsDate, odsEndDate } from "./dates";

describe("dates", () => {
  it("reads ODS YYYYMMDD dates and empty cells", () => {
    expect(odsDate.parse("19740401")).toBe("1974-04-01");
    expect(odsDate.parse("")).toBeNull();
  });
  it("refuses a day that is not in the calendar", () => {
    expect(odsDate.safeParse("20230230").success).toBe(false);
  });
  it("turns an inclusive ODS end date into the exclusive end of a period", () => {
    expect(odsEndDate.parse("20240331")).toBe("2024-04-01");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
  });
  it("treats periods as half-open", () => {
    const period = { validFrom: "2022-07-01", validTo: "2023-04-01" };
    expect(inEffect(period, "2022-07-01")).toBe(true);
    expect(inEffect(period, "2023-03-31")).toBe(true);
    expect(inEffect(period, "2023-04-01")).toBe(false);
  });
});
