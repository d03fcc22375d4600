import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runOpenics as openics } from "./testing";
import { refdataFolder } from "@openics/testkit";

const folder = refdataFolder("spend");

describe.skipIf(folder.path === null)("openics import spend", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "openics-spend-"));
  const croydon = join(
    folder.path ?? "",
    "croydon-health-services-nhs-trust_2020-04.csv",
  );

  it("refuses a file that names no paying body unless --body gives it", async () => {
    const result = await openics(dataDir, ["import", "spend", croydon]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("the file names no paying body");
  });

  it("prints each file's figures and column mapping as JSON", async () => {
    const result = await openics(dataDir, [
      "import",
      "spend",
      croydon,
      "--body",
      "RJ6",
      "--json",
    ]);
    expect(result.code).toBe(0);
    // Croydon's April 2020 file: 185 rows, £8,357,148.00, 34 suppliers (its published self-check).
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: "croydon-health-services-nhs-trust_2020-04.csv",
        body: "RJ6",
        rows: 185,
        total_pence: 835714800,
        distinct_suppliers: 34,
        earliest_date: "2020-04-02",
        latest_date: "2020-04-28",
        mapping: {
          date: "Date",
          supplier: "Supplier",
          amount: "amount",
          expense_type: "Expense type",
          expense_area: "Expense area",
          transaction_id: "Transaction Number",
          department: "Department family",
        },
        encoding: "utf-8",
        written: true,
      },
    ]);
    const again = await openics(dataDir, [
      "import",
      "spend",
      croydon,
      "--body",
      "RJ6",
      "--json",
    ]);
    expect(
      (JSON.parse(again.stdout) as { written: boolean }[])[0]?.written,
    ).toBe(false);
  });

  it("names the file, line and field of a bad amount, and imports nothing", async () => {
    const bad = join(dataDir, "bad.csv");
    writeFileSync(
      bad,
      "Supplier,Date,Amount\nA Ltd,01/04/2020,1.00\nB Ltd,02/04/2020,twelve\n",
    );
    const result = await openics(dataDir, [
      "import",
      "spend",
      bad,
      "--body",
      "X1",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'nothing was imported: bad.csv, line 3, field Amount: "twelve" is not an amount of money',
    );
  });
});
