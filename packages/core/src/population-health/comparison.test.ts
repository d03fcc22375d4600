import { describe, expect, it } from "vitest";
import {
  comparisonText,
  compareWithBenchmark,
  countComparisons,
  fingertipsTimePeriod,
  polarityDirection,
} from "./comparison";
import { readBenchmarkRow, missingBenchmarkColumns } from "./benchmarks";

const area = (
  value: number | null,
  lower: number | null,
  upper: number | null,
) => ({
  value,
  lower,
  upper,
});
const LOW = "RAG - Low is good";
const HIGH = "RAG - High is good";

describe("compareWithBenchmark", () => {
  it("calls an area worse when its whole interval is above the benchmark and low is good", () => {
    expect(compareWithBenchmark(area(12, 11, 13), 10, LOW)).toBe("worse");
  });

  it("calls an area better when its whole interval is below the benchmark and low is good", () => {
    expect(compareWithBenchmark(area(8, 7, 9), 10, LOW)).toBe("better");
  });

  it("reverses the judgement when high is good", () => {
    expect(compareWithBenchmark(area(12, 11, 13), 10, HIGH)).toBe("better");
    expect(compareWithBenchmark(area(8, 7, 9), 10, HIGH)).toBe("worse");
  });

  it("says higher or lower without a judgement when the indicator has no polarity", () => {
    expect(compareWithBenchmark(area(12, 11, 13), 10, "no judgement")).toBe(
      "higher",
    );
    expect(compareWithBenchmark(area(8, 7, 9), 10, "")).toBe("lower");
  });

  it("calls an area similar when its interval contains the benchmark", () => {
    expect(compareWithBenchmark(area(11, 9, 13), 10, LOW)).toBe("similar");
  });

  it("calls an area similar when a limit equals the benchmark exactly", () => {
    expect(compareWithBenchmark(area(11, 10, 12), 10, LOW)).toBe("similar");
    expect(compareWithBenchmark(area(9, 8, 10), 10, HIGH)).toBe("similar");
  });

  it("does not compare a suppressed area", () => {
    expect(compareWithBenchmark(area(null, null, null), 10, LOW)).toBe(
      "not_compared",
    );
  });

  it("does not compare an area whose interval is missing, even far from the benchmark", () => {
    expect(compareWithBenchmark(area(50, null, null), 10, LOW)).toBe(
      "not_compared",
    );
    expect(compareWithBenchmark(area(50, 45, null), 10, LOW)).toBe(
      "not_compared",
    );
  });

  it("does not compare when there is no benchmark value", () => {
    expect(compareWithBenchmark(area(12, 11, 13), null, LOW)).toBe(
      "not_compared",
    );
    expect(compareWithBenchmark(area(12, 11, 13), Number.NaN, LOW)).toBe(
      "not_compared",
    );
  });
});

describe("polarityDirection", () => {
  it("reads Fingertips' polarity words", () => {
    expect(polarityDirection(HIGH)).toBe("high");
    expect(polarityDirection(LOW)).toBe("low");
    expect(polarityDirection("RAG - None")).toBeNull();
  });
});

describe("countComparisons", () => {
  it("counts each outcome, with zero for those that do not occur", () => {
    const counts = countComparisons([
      "worse",
      "worse",
      "similar",
      "not_compared",
    ]);
    expect(counts).toEqual({
      worse: 2,
      lower: 0,
      similar: 1,
      higher: 0,
      better: 0,
      not_compared: 1,
    });
  });
});

describe("comparisonText", () => {
  it("names the benchmark", () => {
    expect(comparisonText("worse", "England")).toBe(
      "significantly worse than England",
    );
    expect(comparisonText("similar", "the ICS")).toBe("similar to the ICS");
    expect(comparisonText("not_compared", "England")).toBe("not compared");
  });
});

describe("fingertipsTimePeriod", () => {
  it("writes a financial year as Fingertips does", () => {
    expect(fingertipsTimePeriod({ from: "2024-04-01", to: "2025-03-31" })).toBe(
      "2024/25",
    );
    expect(fingertipsTimePeriod({ from: "1999-04-01", to: "2000-03-31" })).toBe(
      "1999/00",
    );
  });

  it("writes a calendar year as the year", () => {
    expect(fingertipsTimePeriod({ from: "2023-01-01", to: "2023-12-31" })).toBe(
      "2023",
    );
  });

  it("has no label for any other span", () => {
    expect(
      fingertipsTimePeriod({ from: "2024-02-01", to: "2025-01-31" }),
    ).toBeNull();
  });
});

const ROW: Record<string, string> = {
  "Indicator ID": "241",
  "Indicator Name": "Diabetes: QOF prevalence (17+ yrs)",
  "Parent Code": "",
  "Area Code": "E92000001",
  "Area Name": "England",
  "Area Type": "England",
  Sex: "Persons",
  Age: "17+ yrs",
  "Category Type": "",
  "Time period": "2024/25",
  Value: "7.6",
  "Lower CI 95.0 limit": "7.59",
  "Upper CI 95.0 limit": "7.61",
  Count: "3,800,000",
  Denominator: "50000000",
};

describe("readBenchmarkRow", () => {
  it("reads a Fingertips line by its headers, ignoring extra columns", () => {
    const read = readBenchmarkRow(ROW);
    expect(read).toEqual({
      ok: true,
      row: {
        indicator_id: 241,
        indicator_name: "Diabetes: QOF prevalence (17+ yrs)",
        area_code: "E92000001",
        area_name: "England",
        area_type: "England",
        sex: "Persons",
        age: "17+ yrs",
        time_period: "2024/25",
        value: 7.6,
        lower_95: 7.59,
        upper_95: 7.61,
        count: 3_800_000,
        denominator: 50_000_000,
      },
    });
  });

  it("keeps an empty value as missing, as Fingertips leaves suppressed values", () => {
    const read = readBenchmarkRow({
      ...ROW,
      Value: "",
      "Lower CI 95.0 limit": "",
      "Upper CI 95.0 limit": "",
    });
    expect(read.ok && read.row?.value).toBeNull();
  });

  it("names the header of a value that is not a number", () => {
    expect(readBenchmarkRow({ ...ROW, Value: "seven" })).toEqual({
      ok: false,
      field: "Value",
      message: "'seven' is not a number",
    });
  });

  it("names the indicator ID when it is not a whole number", () => {
    const read = readBenchmarkRow({ ...ROW, "Indicator ID": "24x" });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.field).toBe("Indicator ID");
  });

  it("refuses an upper limit below the lower limit", () => {
    const read = readBenchmarkRow({ ...ROW, "Upper CI 95.0 limit": "7.0" });
    expect(!read.ok && read.field).toBe("Upper CI 95.0 limit");
  });

  it("skips a line of a category breakdown", () => {
    const read = readBenchmarkRow({
      ...ROW,
      "Category Type": "County & UA deprivation deciles",
    });
    expect(read).toEqual({
      ok: true,
      row: null,
      skipped: "a breakdown by County & UA deprivation deciles",
    });
  });
});

describe("missingBenchmarkColumns", () => {
  it("lists the Fingertips headers a file lacks", () => {
    expect(missingBenchmarkColumns(Object.keys(ROW))).toEqual([]);
    expect(missingBenchmarkColumns(["Indicator ID", "Value"])).toContain(
      "Area Code",
    );
  });
});
