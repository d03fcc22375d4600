import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, spendRepository, type Database } from "@openics/db";
import { describeEachDatabase, refdataFolder } from "@openics/testkit";
import { importSpend, type SpendFileOutcome } from "./spend-importer";

const folder = refdataFolder("spend");
const dataFiles =
  folder.path === null
    ? []
    : folder.files.filter((f) => /\.(csv|xlsx)$/i.test(f)).sort();

/**
 * What the folder's PROVENANCE states of each file: its body's code (from the summary table) and
 * its self-check figures, read from the text rather than from anything this importer computes.
 */
interface Stated {
  body: string;
  rows: number;
  pence: number;
  suppliers: number;
  earliest: string;
  latest: string;
}
function statedFacts(): Map<string, Stated> {
  const facts = new Map<string, Stated>();
  if (folder.path === null) return facts;
  const text = readFileSync(join(folder.path, "PROVENANCE.md"), "utf8");
  const bodies = new Map<string, string>();
  for (const m of text.matchAll(/^\| `([^`]+)` \| [^|]*\(([^()|]+)\) \|/gm))
    bodies.set(m[1] ?? "", (m[2] ?? "").split(" ").at(-1) ?? "");
  for (const section of text.split(/^### /m).slice(1)) {
    const file = /^`([^`]+)`/.exec(section)?.[1] ?? "";
    const check =
      /Self-check: ([^\n]+(\n {2}[^\n]+)*)/.exec(section)?.[1] ?? "";
    const num = (re: RegExp) =>
      Number((re.exec(check)?.[1] ?? "").replace(/,/g, ""));
    const days = [...check.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((d) => d[0]);
    facts.set(file, {
      body: bodies.get(file) ?? "",
      rows: num(/([\d,]+) rows/),
      pence: num(/\((\d+) p\)/),
      suppliers: num(/([\d,]+)\s+(?:distinct\s+)?(?:suppliers|beneficiary)/),
      earliest: days[0] ?? "",
      latest: days.at(-1) ?? "",
    });
  }
  return facts;
}

/**
 * An independent reading of a CSV file: another CSV parser, the encoding chosen the simplest way,
 * amounts added as decimal strings. It checks the importer's totals without sharing its code.
 */
function independentFigures(path: string) {
  const bytes = readFileSync(path);
  const text = (() => {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return bytes.toString("latin1");
    }
  })().replace(/^\uFEFF/, "");
  const records: string[][] = parse(text, { relax_column_count: true });
  const [head = [], ...rows] = records;
  const names = head.map((h) => h.trim().toLowerCase());
  const at = (...candidates: string[]) =>
    names.findIndex((n) => candidates.includes(n));
  const supplier = at("supplier", "supplier name", "beneficiary name");
  const amount = names.lastIndexOf("amount");
  let pence = 0n;
  const suppliers = new Set<string>();
  let count = 0;
  for (const r of rows) {
    const s = (r[supplier] ?? "").replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, "");
    if (s === "") continue;
    count++;
    suppliers.add(s.toLowerCase());
    let a = (r[amount] ?? "").replace(/[\s\u00a0£,]/g, "");
    const negative = a.startsWith("-");
    a = a.replace(/^-/, "");
    if (a === "") continue;
    const [whole = "0", frac = ""] = a.split(".");
    const p = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
    pence += negative ? -p : p;
  }
  return { rows: count, pence: Number(pence), suppliers: suppliers.size };
}

const stated = statedFacts();

async function snapshot(db: Database) {
  const [row] = await db.query(
    `select (select count(*)::int from spend_file) as files,
            (select count(*)::int from spend_line) as lines,
            (select coalesce(sum(amount_pence), 0)::bigint from spend_line) as pence,
            (select count(*)::int from audit_log) as audit`,
  );
  return row;
}

const fixture = (name: string, text: string, body = "TEST") => ({
  path: name,
  bytes: Buffer.from(text, "utf8"),
  body,
  ics: "QZ9",
});

if (folder.path === null)
  describe("spend import", () => {
    it.skip(folder.reason, () => undefined);
  });

if (folder.path !== null)
  describeEachDatabase("spend import", (open) => {
    let db: Database;
    let outcomes: readonly SpendFileOutcome[] = [];
    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      let reports = 0;
      const result = await importSpend(
        db,
        SYSTEM_ACTOR,
        dataFiles.map((path) => ({
          path,
          body: stated.get(basename(path))?.body,
        })),
        () => (reports += 1),
      );
      if (!result.ok) throw new Error(result.message);
      outcomes = result.files;
      expect(reports).toBeGreaterThan(dataFiles.length);
    });
    afterAll(async () => {
      await db.close();
    });

    it("reads every file in the folder", () => {
      expect(dataFiles.length).toBeGreaterThanOrEqual(12);
      expect(outcomes.map((o) => o.file)).toEqual(
        dataFiles.map((f) => basename(f)),
      );
      expect(new Set(outcomes.map((o) => o.encoding))).toEqual(
        new Set(["utf-8", "utf-8-bom", "windows-1252", "xlsx"]),
      );
    });

    it.each(dataFiles.map((f) => basename(f)))(
      "%s: rows, total, suppliers and dates agree with the stated self-check",
      async (file) => {
        const facts = stated.get(file);
        const o = outcomes.find((x) => x.file === file);
        expect(facts, "PROVENANCE describes the file").toBeDefined();
        expect(o).toBeDefined();
        if (!facts || !o) return;
        expect(o.body_code).toBe(facts.body);
        expect([o.rows, o.total_pence, o.distinct_suppliers]).toEqual([
          facts.rows,
          facts.pence,
          facts.suppliers,
        ]);
        expect([o.earliest_date, o.latest_date]).toEqual([
          facts.earliest,
          facts.latest,
        ]);
        // What the database holds, counted by SQL, is the same again.
        const stored = await spendRepository.fileFigures(
          db,
          o.body_code,
          o.sha256,
        );
        expect(stored).toEqual({
          rows: o.rows,
          total_pence: o.total_pence,
          distinct_suppliers: o.distinct_suppliers,
          earliest_date: o.earliest_date,
          latest_date: o.latest_date,
        });
        if (file.endsWith(".csv")) {
          const mine = independentFigures(join(folder.path, file));
          expect(mine).toEqual({
            rows: o.rows,
            pence: o.total_pence,
            suppliers: o.distinct_suppliers,
          });
        }
      },
    );

    it("records the columns chosen for each file", () => {
      const croydon = outcomes.find((o) => o.file.startsWith("croydon"));
      expect(croydon?.mapping).toMatchObject({
        supplier: "Supplier",
        date: "Date",
        amount: "amount",
      });
      const leeds = outcomes.find((o) => o.file.startsWith("leeds"));
      expect(leeds?.mapping).toMatchObject({
        supplier: "Beneficiary Name",
        date: "Payment Date",
        amount: "Amount",
        expense_area: "Service Division Label",
      });
      const epsom = outcomes.find((o) => o.file.startsWith("epsom"));
      expect(epsom?.date_order).toBe("mdy");
    });

    it("keeps Windows-1252 text as published", async () => {
      const rows = await db.query<{ supplier: string; expense_area: string }>(
        `select supplier, expense_area from spend_line
         where body_code = 'RQM' and expense_area like 'Hiv%Herts'`,
      );
      expect(rows[0]?.expense_area).toBe("Hiv \u00d0 Herts");
    });

    it("changes nothing when the same files are imported again", async () => {
      const before = await snapshot(db);
      const again = await importSpend(
        db,
        SYSTEM_ACTOR,
        dataFiles.slice(0, 3).map((path) => ({
          path,
          body: stated.get(basename(path))?.body,
        })),
      );
      expect(again.ok && again.files.map((f) => f.written)).toEqual([
        false,
        false,
        false,
      ]);
      expect(await snapshot(db)).toEqual(before);
    });

    it.each([
      [
        "wrong columns",
        fixture("wrong.csv", "Name,When,Cost\nA,01/04/2020,5\n"),
        "unrecognised_file",
        "no column for date, supplier, amount",
      ],
      [
        "a bad amount",
        fixture(
          "bad-amount.csv",
          "Supplier,Date,Amount\nA Ltd,01/04/2020,1.00\nB Ltd,02/04/2020,12.x\n",
        ),
        "invalid_rows",
        'bad-amount.csv, line 3, field Amount: "12.x" is not an amount of money',
      ],
      [
        "a bad date",
        fixture(
          "bad-date.csv",
          "Supplier,Date,Amount\nA Ltd,31/02/2020,1.00\n",
        ),
        "invalid_rows",
        "line 2, field Date",
      ],
    ])(
      "refuses %s and writes nothing, with the good files beside it",
      async (_, bad, code, message) => {
        const before = await snapshot(db);
        const result = await importSpend(db, SYSTEM_ACTOR, [
          fixture(
            "good.csv",
            "Supplier,Date,Amount\nGood Ltd,01/04/2020,10.00\n",
          ),
          bad,
        ]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.code).toBe(code);
        expect(result.message).toContain(message);
        expect(await snapshot(db)).toEqual(before);
      },
    );

    it("refuses the same file twice in one import and writes nothing", async () => {
      const before = await snapshot(db);
      const f = fixture(
        "twice.csv",
        "Supplier,Date,Amount\nTwice Ltd,01/04/2020,10.00\n",
      );
      const result = await importSpend(db, SYSTEM_ACTOR, [
        f,
        { ...f, path: "copy.csv" },
      ]);
      expect(result).toMatchObject({ ok: false, code: "invalid_rows" });
      expect(!result.ok && result.message).toContain(
        "the same file as twice.csv",
      );
      expect(await snapshot(db)).toEqual(before);
    });

    it("refuses the public and officers of another ICS", async () => {
      const f = fixture(
        "ok.csv",
        "Supplier,Date,Amount\nA Ltd,01/04/2020,10.00\n",
      );
      expect(await importSpend(db, PUBLIC_ACTOR, [f])).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(
        await importSpend(db, { id: "o", role: "officer", icsCode: "QXX" }, [
          f,
        ]),
      ).toMatchObject({ ok: false, code: "forbidden" });
    });

    it("takes a layout never seen before, by its column names", async () => {
      const text = [
        "London Borough of Example,,,,,",
        "Expenditure over £500: April 2021,,,,,",
        ",,,,,",
        "Payee Name,Invoice Ref,Transaction Date,Service Area,Expenditure Category,Value (£)",
        'Example Care Homes Ltd,INV-1,01-Apr-2021,Adult Social Care,Residential care,"£12,500.00"',
        "TOTAL GAS & POWER LTD,INV-2,15-Apr-2021,Estates,Utilities,(1 250.00)",
        "TOTAL GAS & POWER LTD,INV-3,16-Apr-2021,Estates,Utilities,980.10 CR",
        'Grand Total,,,,,"£10,269.90"',
      ].join("\r\n");
      const result = await importSpend(db, SYSTEM_ACTOR, [
        fixture("example-borough_2021-04.csv", text, "E09000099"),
      ]);
      if (!result.ok) throw new Error(result.message);
      const [o] = result.files;
      expect(o).toMatchObject({
        header_line: 4,
        rows: 3,
        total_pence: 1250000 - 125000 - 98010,
        distinct_suppliers: 2,
        earliest_date: "2021-04-01",
        latest_date: "2021-04-16",
        mapping: {
          supplier: "Payee Name",
          date: "Transaction Date",
          amount: "Value (£)",
          transaction_id: "Invoice Ref",
          expense_area: "Service Area",
          expense_type: "Expenditure Category",
        },
      });
    });
  });
