import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR, finance } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import { describeEachDatabase, refdataFolder } from "@openics/testkit";
import { createApp } from "../app";
import { importAllocations, needIndex, needIndexCsv } from "./service";

const folder = refdataFolder("finance");

const header = (path: string) =>
  (readFileSync(path, "utf8").split("\n", 1)[0] ?? "").split(",");

/** Every practice file and every published need-index table in the folder, by its header. */
function filesOfKind(
  kind: "practices" | "icb-need-index" | "place-need-index",
) {
  if (folder.path === null) return [];
  return folder.files.filter((path) => {
    if (!path.endsWith(".csv")) return false;
    const k = finance.recogniseFinanceCsv(header(path));
    return kind === "practices"
      ? k?.type === "practices"
      : k?.type === "summary" && k.kind === kind;
  });
}

const yearOf = (path: string) =>
  (readFileSync(path, "utf8").split("\n", 2)[1] ?? "").split(",", 1)[0] ?? "";

// Every year in the folder goes through the importer, the service and the CSV contract.
const imported = filesOfKind("practices");
const importedYears = new Set(imported.map(yearOf));

const published = (kind: "icb-need-index" | "place-need-index") =>
  filesOfKind(kind).flatMap((path) => {
    const [head, ...records] = parse(readFileSync(path), {
      bom: true,
      skip_empty_lines: true,
    });
    return records
      .map((r) =>
        Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ""])),
      )
      .filter((r) => importedYears.has(r.year ?? ""));
  });

/** A copy of the first imported practice file with its text changed, named for what is wrong. */
const altered = (name: string, change: (text: string) => string) => ({
  path: name,
  bytes: Buffer.from(change(readFileSync(imported[0] ?? "", "utf8"))),
});

async function snapshot(db: Database) {
  return db.query(
    `select (select count(*)::int from practice_weighted_population) as practices,
            (select coalesce(sum(wp_core_overall), 0)::text from practice_weighted_population) as wp,
            (select count(*)::int from allocation_year) as years,
            (select count(*)::int from audit_log) as audit`,
  );
}

if (folder.path === null)
  describe("allocations import", () => {
    it.skip(folder.reason, () => undefined);
  });

if (folder.path !== null)
  describeEachDatabase("allocations import", (open) => {
    let db: Database;
    let seconds = 0;
    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      const started = performance.now();
      let reports = 0;
      const result = await importAllocations(
        db,
        SYSTEM_ACTOR,
        imported.map((path) => ({ path })),
        () => (reports += 1),
      );
      seconds = (performance.now() - started) / 1000;
      if (!result.ok) throw new Error(result.message);
      expect(reports).toBeGreaterThan(imported.length);
      if (process.env.OPENICS_REPORT_GAPS)
        process.stderr.write(
          `${db.kind}: imported ${imported.length} years in ${seconds.toFixed(1)} s\n`,
        );
    });
    afterAll(async () => {
      await db.close();
    });

    // England's need indices for one year, worked out once: the tests below only read them,
    // and the stored years they come from stay as imported until the last test.
    const englandIndices = new Map<string, ReturnType<typeof needIndex>>();
    const englandIndex = (year: string, by: "icb" | "place") => {
      const key = `${year}/${by}`;
      const known = englandIndices.get(key);
      if (known) return known;
      const computed = needIndex(db, { year, by });
      englandIndices.set(key, computed);
      return computed;
    };

    it("stores every practice of every imported year", async () => {
      const [row] = await db.query<{ n: number }>(
        "select count(*)::int as n from practice_weighted_population",
      );
      const lines = imported.reduce(
        (n, path) =>
          n + readFileSync(path, "utf8").trim().split("\n").length - 1,
        0,
      );
      // Quoted names hold no line breaks in these files, so lines count practices.
      expect(row?.n).toBe(lines);
    });

    it.each([
      ["icb", "icb-need-index"],
      ["place", "place-need-index"],
    ] as const)(
      "computes %s need indices matching NHS England's tables to 1e-6",
      async (by, kind) => {
        const rows = published(kind);
        expect(rows.length).toBeGreaterThan(0);
        const computed = new Map<string, finance.NeedIndexRow>();
        for (const year of importedYears) {
          const result = await englandIndex(year, by);
          if (!result.ok) throw new Error(result.error.message);
          for (const r of result.value)
            computed.set(`${year}/${r.icb_code}/${r.la_code ?? ""}`, r);
        }
        expect(computed.size).toBe(rows.length);
        let largestGap = 0;
        for (const row of rows) {
          const key = `${row.year ?? ""}/${row.icb_code ?? ""}/${by === "place" ? (row.la_code ?? "") : ""}`;
          const mine = computed.get(key);
          expect(mine, key).toBeDefined();
          largestGap = Math.max(
            largestGap,
            Math.abs((mine?.need_index ?? Number.NaN) - Number(row.need_index)),
          );
        }
        expect(largestGap).toBeLessThanOrEqual(1e-6);
      },
    );

    it.each([
      ["icb", "icb-need-index"],
      ["place", "place-need-index"],
    ] as const)(
      "prints %s need indices as the agreed CSV, matching NHS England's tables to 1e-6 in every year",
      async (by, kind) => {
        const expected = new Map(
          published(kind).map((r) => [
            `${r.year ?? ""}/${r.icb_code ?? ""}/${by === "place" ? (r.la_code ?? "") : ""}`,
            Number(r.need_index),
          ]),
        );
        let compared = 0;
        for (const year of importedYears) {
          const result = await englandIndex(year, by);
          const [head, ...records]: string[][] = parse(
            result.ok ? needIndexCsv(result.value) : "",
          );
          expect(head).toEqual([...finance.NEED_INDEX_CSV_COLUMNS]);
          for (const [icb, la, , , index] of records) {
            if (by === "icb") expect(la).toBe("");
            const want = expected.get(`${year}/${icb ?? ""}/${la ?? ""}`);
            expect(want, `${year}/${icb ?? ""}/${la ?? ""}`).toBeDefined();
            expect(
              Math.abs(Number(index) - (want ?? Number.NaN)),
            ).toBeLessThanOrEqual(1e-6);
            compared++;
          }
        }
        expect(compared).toBe(expected.size);
      },
    );

    it("gives one ICB's places relative to that ICB", async () => {
      const all = await needIndex(db, {
        year: yearOf(imported[0] ?? ""),
        by: "place",
      });
      const one = await needIndex(db, {
        year: yearOf(imported[0] ?? ""),
        by: "place",
        ics: "QE1",
      });
      expect(one.ok && one.value).toEqual(
        all.ok && all.value.filter((r) => r.icb_code === "QE1"),
      );
    });

    it("prints the need-index table as CSV with the agreed columns", async () => {
      const result = await needIndex(db, {
        year: yearOf(imported[0] ?? ""),
        by: "icb",
      });
      const csv = result.ok ? needIndexCsv(result.value) : "";
      const [head, first] = csv.split("\r\n");
      expect(head).toBe(
        "icb_code,la_code,registered_pop,weighted_pop,need_index",
      );
      expect(first).toMatch(/^Q[A-Z0-9]{2},,\d+(\.\d+)?,\d+(\.\d+)?,\d\.\d+$/);
    });

    it("changes nothing when the same files are imported again", async () => {
      const before = await snapshot(db);
      const result = await importAllocations(
        db,
        SYSTEM_ACTOR,
        imported.map((path) => ({ path })),
      );
      expect(
        result.ok &&
          result.files.map((f) => f.inserted + f.updated + f.removed),
      ).toEqual(imported.map(() => 0));
      expect(await snapshot(db)).toEqual(before);
    });

    it("records each imported year in the audit log", async () => {
      const entries = await listAudit(db, { entity: "allocation_year" });
      expect(entries.map((e) => e.entity_key).sort()).toEqual(
        [...importedYears].sort(),
      );
    });

    it("answers a year never imported with unknown_allocation_year, listing the years loaded", async () => {
      const result = await needIndex(db, { year: "2019-20", by: "icb" });
      expect(result).toMatchObject({
        ok: false,
        error: { code: "unknown_allocation_year" },
      });
      expect(!result.ok && result.error.message).toContain(
        [...importedYears].sort().join(", "),
      );
    });

    const refused = [
      [
        "a file whose header matches no layout",
        altered("bad-header.csv", (t) =>
          t.replace(/^[^\n]*/, (h) =>
            h
              .split(",")
              .map((_c, i) => `column_${i}`)
              .join(","),
          ),
        ),
        /bad-header\.csv, line 1, field \(header\): the columns match no known allocations layout/,
      ],
      [
        "a practice file with a column missing",
        altered("missing.csv", (t) => t.replace("wp_core_overall", "core_wp")),
        /line 1, field \(header\): .* but wp_core_overall is missing/,
      ],
      [
        "a bad number",
        altered("bad-number.csv", (t) => {
          const lines = t.split("\n");
          const cells = (lines[2] ?? "").split(",");
          // The registered population is the 19th column in every year's layout.
          const at = header(imported[0] ?? "").indexOf("registered_population");
          cells[at] = "12k";
          lines[2] = cells.join(",");
          return lines.join("\n");
        }),
        /bad-number\.csv, line 3, field registered_population: expected a number/,
      ],
      [
        "a practice listed twice",
        altered(
          "duplicate.csv",
          (t) => `${t.trimEnd()}\n${t.split("\n")[1] ?? ""}\n`,
        ),
        /field practice_code: duplicates line 2/,
      ],
      [
        "a file cut off in the middle of a row",
        altered("truncated.csv", (t) => t.slice(0, Math.floor(t.length / 2))),
        /truncated\.csv, line \d+, field \(row\): .*cut short/,
      ],
    ] as const;

    it.each(refused)(
      "refuses %s, naming the file, line and field, and writes nothing",
      async (_what, file, message) => {
        const before = await snapshot(db);
        const result = await importAllocations(db, SYSTEM_ACTOR, [file]);
        expect(result.ok).toBe(false);
        expect(result.ok ? "" : result.message).toMatch(message);
        expect(await snapshot(db)).toEqual(before);
      },
    );

    it("writes nothing from good files when another file in the same import is bad", async () => {
      const before = await snapshot(db);
      const first = yearOf(imported[0] ?? "");
      const result = await importAllocations(db, SYSTEM_ACTOR, [
        altered("next-year.csv", (t) =>
          t.replaceAll(`\n${first},`, "\n2030-31,"),
        ),
        altered("bad.csv", (t) =>
          t.replace(/\n([^,\n]*),[A-Z]\d{5},/, "\n$1,not-a-code,"),
        ),
      ]);
      expect(result.ok ? "" : result.message).toMatch(
        /bad\.csv, line 2, field practice_code/,
      );
      expect(await snapshot(db)).toEqual(before);
    });

    it("refuses an import by anyone but a national administrator", async () => {
      const result = await importAllocations(db, PUBLIC_ACTOR, []);
      expect(result).toMatchObject({ ok: false, code: "forbidden" });
    });

    describe("the API", () => {
      const year = () => yearOf(imported[0] ?? "");
      const app = () => createApp(db, { log: () => undefined });

      it("lists the need-index route in the OpenAPI document", async () => {
        const doc = (await (
          await app().request("/api/openapi.json")
        ).json()) as {
          paths: Record<string, unknown>;
        };
        expect(Object.keys(doc.paths)).toContain("/api/finance/need-index");
      });

      it("downloads place need indices of one ICB as CSV", async () => {
        const res = await app().request(
          `/api/finance/need-index?year=${year()}&by=place&ics=QE1&format=csv`,
        );
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/text\/csv/);
        const [head, ...rows] = (await res.text()).trim().split("\r\n");
        expect(head).toBe(
          "icb_code,la_code,registered_pop,weighted_pop,need_index",
        );
        expect(rows.length).toBeGreaterThan(1);
        expect(rows.every((r) => r.startsWith("QE1,E"))).toBe(true);
      });

      it("gives through the API, byte for byte, the CSV the command line prints", async () => {
        for (const year of importedYears)
          for (const by of ["icb", "place"] as const) {
            const res = await app().request(
              `/api/finance/need-index?year=${year}&by=${by}&format=csv`,
            );
            const direct = await englandIndex(year, by);
            expect(await res.text()).toBe(
              direct.ok ? needIndexCsv(direct.value) : "",
            );
          }
      });

      it("names the loaded years when a year was never imported", async () => {
        const res = await app().request(
          "/api/finance/need-index?year=2019-20&by=icb",
        );
        const body = (await res.json()) as { type: string; detail: string };
        expect(body.type).toMatch(/unknown_allocation_year$/);
        expect(body.detail).toContain([...importedYears].sort()[0]);
      });

      it("answers JSON with every component's index", async () => {
        const res = await app().request(
          `/api/finance/need-index?year=${year()}&by=icb`,
        );
        const body = (await res.json()) as { rows: finance.NeedIndexRow[] };
        expect(body.rows[0]?.components.maternity.need_index).toEqual(
          expect.any(Number),
        );
      });

      it("answers a year never imported with a 404 problem", async () => {
        const res = await app().request(
          "/api/finance/need-index?year=2019-20&by=icb",
        );
        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toMatch(
          /application\/problem\+json/,
        );
      });

      it("answers an unknown ICB with a 404 problem", async () => {
        const res = await app().request(
          `/api/finance/need-index?year=${year()}&by=icb&ics=QQQ`,
        );
        expect(res.status).toBe(404);
        expect(await res.text()).toMatch(/No ICB has the code QQQ/);
      });

      it("answers a malformed year with a 400 naming the field", async () => {
        const res = await app().request(
          "/api/finance/need-index?year=2024&by=icb",
        );
        expect(res.status).toBe(400);
        expect(await res.text()).toMatch(/year/);
      });
    });

    // Runs last: it changes a stored year, then puts it back.
    it("takes a corrected file as the whole year, dropping a practice it no longer lists", async () => {
      const lines = readFileSync(imported[0] ?? "", "utf8")
        .trimEnd()
        .split("\n");
      const fewer = {
        path: "corrected.csv",
        bytes: Buffer.from(`${lines.slice(0, -1).join("\n")}\n`),
      };
      const corrected = await importAllocations(db, SYSTEM_ACTOR, [fewer]);
      expect(corrected.ok && corrected.files[0]).toMatchObject({
        inserted: 0,
        updated: 0,
        removed: 1,
      });
      const restored = await importAllocations(db, SYSTEM_ACTOR, [
        { path: imported[0] ?? "" },
      ]);
      expect(restored.ok && restored.files[0]).toMatchObject({
        inserted: 1,
        removed: 0,
      });
    });
  });
