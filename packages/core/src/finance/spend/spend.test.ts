import { describe, expect, it } from "vitest";
import {
  decodeSpendBytes,
  excelSerialToIso,
  mapSpendHeader,
  normaliseHeader,
  parseMoney,
  parseSpendDate,
  parseSpendRecords,
  slashOrderOf,
  splitCsv,
  summariseSpend,
} from "./index";

const pence = (cell: string) => {
  const r = parseMoney(cell);
  return r === null ? null : r.ok ? r.value : r.message;
};

describe("money", () => {
  it("reads published forms into integer pence, keeping the sign", () => {
    expect(pence("9,038,600.00")).toBe(903860000);
    expect(pence("49,521.52 ")).toBe(4952152);
    expect(pence("-99,999.99 ")).toBe(-9999999);
    expect(pence("£1,234.5")).toBe(123450);
    expect(pence("(75.00)")).toBe(-7500);
    expect(pence("£(75.00)")).toBe('"£(75.00)" is not an amount of money');
    expect(pence("75.00 CR")).toBe(-7500);
    expect(pence("75.00-")).toBe(-7500);
    expect(pence("-£12")).toBe(-1200);
    expect(pence("77,041")).toBe(7704100);
    expect(pence("2906752.8")).toBe(290675280);
    expect(pence("\u00a0 61920 ")).toBe(6192000);
    expect(pence("")).toBeNull();
    expect(pence("  ")).toBeNull();
  });
  it("rounds binary-float noise half away from zero, exactly", () => {
    expect(pence("160190.85999999999")).toBe(16019086);
    expect(pence("0.005")).toBe(1);
    expect(pence("-0.005")).toBe(-1);
    expect(pence("10.004999")).toBe(1000);
  });
  it("refuses what is not money", () => {
    for (const bad of ["12,34", "abc", "1.2.3", "5.56E+15", "£", "."])
      expect(typeof pence(bad)).toBe("string");
  });
});

describe("dates", () => {
  const day = (cell: string, order: "dmy" | "mdy" = "dmy") => {
    const r = parseSpendDate(cell, order);
    return r === null ? null : r.ok ? r.value : r.message;
  };
  it("reads every form the files use", () => {
    expect(day("30/04/2020")).toBe("2020-04-30");
    expect(day("1/4/20")).toBe("2020-04-01");
    expect(day("7/31/2020", "mdy")).toBe("2020-07-31");
    expect(day("08/01/2020", "mdy")).toBe("2020-08-01");
    expect(day("01-Apr-2020")).toBe("2020-04-01");
    expect(day("1 April 2020")).toBe("2020-04-01");
    expect(day("2020-04-01")).toBe("2020-04-01");
    expect(day("2020-04-01 00:00:00")).toBe("2020-04-01");
    expect(day("43922")).toBe("2020-04-01");
    expect(day("31/02/2020")).toBe('"31/02/2020" is not a date');
    expect(day("soon")).toBe('"soon" is not a date');
    expect(day(" ")).toBeNull();
  });
  it("counts Excel serial days from 1899-12-30", () => {
    expect(excelSerialToIso(43922)).toBe("2020-04-01");
    expect(excelSerialToIso(43831)).toBe("2020-01-01");
    expect(excelSerialToIso(36526)).toBe("2000-01-01");
    expect(excelSerialToIso(61)).toBe("1900-03-01");
  });
  it("chooses day-first or month-first from the file", () => {
    expect(slashOrderOf(["30/04/2020", "01/04/2020"])).toBe("dmy");
    expect(slashOrderOf(["08/01/2020", "8/31/2020"])).toBe("mdy");
    // Nothing proves either: the reading that keeps a month's file in one month wins.
    expect(slashOrderOf(["08/01/2020", "08/05/2020", "08/12/2020"])).toBe(
      "mdy",
    );
    expect(slashOrderOf(["01/08/2020", "05/08/2020"])).toBe("dmy");
    expect(slashOrderOf(["01/02/2020"])).toBe("dmy");
  });
});

describe("headers", () => {
  it("matches names whatever their case, spacing and currency mark", () => {
    expect(normaliseHeader(" Amount (£) ")).toBe("amount");
    expect(normaliseHeader("9AN - Level 9 Account Name")).toBe(
      "9an level 9 account name",
    );
    const m = mapSpendHeader(["Supplier", "Date", "amount", "Expenses Area"]);
    expect(m.ok).toBe(true);
    expect(m.mapping.expense_area?.index).toBe(3);
  });
  it("prefers the earlier synonym when a file has two", () => {
    const m = mapSpendHeader([
      "Effective Date",
      "Payment Date",
      "Beneficiary Name",
      "Amount",
      "Irrecoverable VAT Amount",
    ]);
    expect(m.mapping.date?.header).toBe("Payment Date");
    expect(m.mapping.amount?.header).toBe("Amount");
  });
  it("says what is missing", () => {
    const m = mapSpendHeader(["Name", "Date", "Cost"]);
    expect(m).toMatchObject({ ok: false, missing: ["supplier", "amount"] });
  });
});

describe("decoding", () => {
  it("takes a BOM as UTF-8, else strict UTF-8, else Windows-1252", () => {
    expect(decodeSpendBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      text: "A",
      encoding: "utf-8-bom",
    });
    expect(decodeSpendBytes(new Uint8Array([0xc2, 0xa3, 0x31]))).toEqual({
      text: "£1",
      encoding: "utf-8",
    });
    expect(decodeSpendBytes(new Uint8Array([0x96, 0xd0, 0xbf, 0xa0]))).toEqual({
      text: "–Ð¿\u00a0",
      encoding: "windows-1252",
    });
  });
  it("splits quoted CSV and numbers lines", () => {
    const { records, lines } = splitCsv(
      'a,b\r\n"x, ""y""",2\r\n"multi\nline",3\n\nlast,4',
    );
    expect(records).toEqual([
      ["a", "b"],
      ['x, "y"', "2"],
      ["multi\nline", "3"],
      [""],
      ["last", "4"],
    ]);
    expect(lines).toEqual([1, 2, 3, 5, 6]);
  });
});

const layout = (text: string) => {
  const { records, lines } = splitCsv(text);
  return parseSpendRecords("f.csv", records, lines);
};

describe("a file", () => {
  it("takes an unseen layout after a title, skipping blank and total lines", () => {
    const p = layout(
      [
        "Borough of Example: payments over £500,,,,",
        "Published monthly,,,,",
        ",,,,",
        "Payee Name,Invoice Ref,Transaction Date,Service Area,Value (£)",
        'TOTAL GAS & POWER LTD,A1,01-Apr-2020,Estates,"£1,000.00"',
        "Acme Care Homes Ltd,A2,02-Apr-2020,Adult Social Care,(250.50)",
        'Grand Total,,,,"£749.50"',
        ",,,,",
      ].join("\r\n"),
    );
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.layout.header_line).toBe(4);
    expect(p.layout.mapping).toEqual({
      supplier: "Payee Name",
      transaction_id: "Invoice Ref",
      date: "Transaction Date",
      expense_area: "Service Area",
      amount: "Value (£)",
    });
    expect(p.lines.map((l) => [l.line, l.supplier, l.amount_pence])).toEqual([
      [5, "TOTAL GAS & POWER LTD", 100000],
      [6, "Acme Care Homes Ltd", -25050],
    ]);
    expect(p.skipped).toEqual([{ line: 7, reason: "a total line" }]);
    expect(summariseSpend(p.lines)).toEqual({
      rows: 2,
      total_pence: 74950,
      distinct_suppliers: 2,
      earliest_date: "2020-04-01",
      latest_date: "2020-04-02",
    });
  });
  it("reports line and field of every bad value and writes no lines", () => {
    const p = layout(
      "Supplier,Date,Amount\nA,01/04/2020,12.x\nB,32/04/2020,1\n,01/04/2020,5\n",
    );
    expect(p).toEqual({
      ok: false,
      code: "invalid_rows",
      problems: [
        {
          file: "f.csv",
          line: 2,
          field: "Amount",
          message: '"12.x" is not an amount of money',
        },
        {
          file: "f.csv",
          line: 3,
          field: "Date",
          message: '"32/04/2020" is not a date (read as day/month/year)',
        },
        {
          file: "f.csv",
          line: 4,
          field: "Supplier",
          message: "the supplier is empty but the line has an amount",
        },
      ],
    });
  });
  it("refuses a file it cannot map, naming the columns found and missing", () => {
    const p = layout("Name,When,Cost\nA,01/04/2020,1\n");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.code).toBe("unrecognised_file");
    expect(p.problems[0]?.message).toContain(
      'found "Name", "When", "Cost"; no column for date, supplier, amount',
    );
  });
  it("refuses an empty file and a header without lines", () => {
    expect(layout("")).toMatchObject({ ok: false, code: "no_rows" });
    expect(layout("Supplier,Date,Amount\r\n,,\r\n")).toMatchObject({
      ok: false,
      code: "no_rows",
    });
  });
  it("keeps an empty amount as unknown", () => {
    const p = layout("Supplier,Date,Amount\nMedtronic Ltd,24/04/2020,\n");
    expect(p.ok && p.lines[0]?.amount_pence).toBeNull();
  });
});
