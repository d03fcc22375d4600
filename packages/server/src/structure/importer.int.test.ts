import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, listAudit, type Database } from "@openics/db";
import {
  describeEachDatabase,
  generateDemoIcs,
  refdataFolder,
} from "@openics/testkit";
import { importGeography } from "./importer";
import { summariseStructure } from "./service";

const demo = generateDemoIcs({ seed: 7, scale: 0.05 });
const demoFile = (name: string) => {
  const file = demo.find((f) => f.name === name);
  if (!file) throw new Error(`demo has no ${name}`);
  return { path: file.name, bytes: Buffer.from(file.contents) };
};
const demoFiles = () =>
  demo.map((f) => ({ path: f.name, bytes: Buffer.from(f.contents) }));
const LOOKUP = "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv";

/** A copy of a demo file with its text changed, under a name that says what is wrong. */
const altered = (
  name: string,
  change: (text: string) => string,
  as = `bad-${name}`,
) => ({
  path: as,
  bytes: Buffer.from(change(demoFile(name).bytes.toString("utf8"))),
});

async function snapshot(db: Database) {
  const [row] = await db.query<{ n: number }>(
    "select (select count(*) from lsoa) + (select count(*) from lsoa_geography) + (select count(*) from practice) + (select count(*) from lsoa_population) + (select count(*) from audit_log) as n",
  );
  return row?.n;
}

describeEachDatabase("geography import", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it("loads the demo ICS and counts it as its files describe", async () => {
    const result = await importGeography(db, SYSTEM_ACTOR, demoFiles());
    expect(result.ok).toBe(true);
    const summary = await summariseStructure(db, {
      ics: "QZ9",
      asAt: "2025-01-01",
    });
    const lookupRows =
      demoFile(LOOKUP).bytes.toString().trim().split("\n").length - 1;
    expect(summary.ok && summary.value.lsoas).toBe(lookupRows);
    expect(summary.ok && summary.value.places).toBe(5);
  });

  it("writes the same rows when the same files are imported again", async () => {
    const before = await db.query(
      "select count(*)::int as n, sum(population)::bigint as p from lsoa",
    );
    const result = await importGeography(db, SYSTEM_ACTOR, demoFiles());
    expect(result.ok).toBe(true);
    expect(
      await db.query(
        "select count(*)::int as n, sum(population)::bigint as p from lsoa",
      ),
    ).toEqual(before);
  });

  it("records each imported file in the audit log", async () => {
    const entries = await listAudit(db, { entity: "geography_file" });
    expect(entries.map((e) => e.entity_key)).toContain(
      `lsoa21-lookup:${LOOKUP}`,
    );
  });

  const refused = [
    [
      "a file cut off in the middle of a row",
      altered(LOOKUP, (t) => t.slice(0, Math.floor(t.length / 2))),
      /different number of fields|cut short/,
    ],
    [
      "a file whose header matches no layout",
      altered(LOOKUP, (t) =>
        t.replace(/^[^\n]*/, (h) =>
          h
            .split(",")
            .map((_c, i) => `column_${i}`)
            .join(","),
        ),
      ),
      /match no known layout/,
    ],
    [
      "a known layout with columns renamed",
      altered(LOOKUP, (t) =>
        t.replace("lsoa21cd", "area_code").replace("sicbl24cdh", "x"),
      ),
      /look like LSOA 2021 .* but lsoa21cd, sicbl24cdh are missing/,
    ],
    [
      "a bad LSOA code",
      altered(LOOKUP, (t) => t.replace(/\nE01900002/, "\nX01900002")),
      /line 3, field lsoa21cd: expected an English LSOA code/,
    ],
    [
      "a duplicated row",
      altered(LOOKUP, (t) => `${t}${t.trim().split("\n")[1] ?? ""}\n`),
      /field lsoa21cd: duplicates line 2/,
    ],
    [
      "a population whose bands do not add up",
      altered("census2021_lsoa21_age6_persons_en.csv", (t) =>
        t.replace(
          /\n(E01\d+),([^,]*),(\d+),/,
          (_m, c: string, n: string, all: string) =>
            `\n${c},${n},${Number(all) + 1},`,
        ),
      ),
      /all_ages: the age bands do not add up/,
    ],
    [
      "a header with no rows",
      altered(LOOKUP, (t) => `${t.split("\n")[0] ?? ""}\n`),
      /no data rows/,
    ],
  ] as const;

  for (const [what, file, message] of refused) {
    it(`refuses ${what}, names the file, line and field, and changes nothing`, async () => {
      const before = await snapshot(db);
      // The bad file comes after a good one: the good one must not be written either.
      const result = await importGeography(db, SYSTEM_ACTOR, [
        demoFile("imd2025_lsoa21_en.csv"),
        file,
      ]);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(message);
      expect(!result.ok && result.message).toContain(basename(file.path));
      expect(await snapshot(db)).toBe(before);
    });
  }

  it("refuses an import by anyone but a national administrator", async () => {
    const result = await importGeography(db, PUBLIC_ACTOR, demoFiles());
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
  });
});

const geo = refdataFolder("geo");

describe.skipIf(geo.path === null)(
  `England from ${geo.path ?? "(missing refdata)"}`,
  () => {
    describeEachDatabase("the official geography files", (open) => {
      let db: Database;
      beforeAll(async () => {
        db = await open();
        await migrateAll(db);
        const files =
          "files" in geo
            ? geo.files.filter((f) => /\.(csv|geojson)$/.test(f))
            : [];
        const result = await importGeography(
          db,
          SYSTEM_ACTOR,
          files.map((path) => ({ path, bytes: readFileSync(path) })),
        );
        if (!result.ok) throw new Error(result.message);
      });
      afterAll(async () => {
        await db.close();
      });

      const england = async (asAt: string) => {
        const s = await summariseStructure(db, { asAt });
        if (!s.ok) throw new Error(s.error.message);
        return s.value;
      };

      it("gives England as it was in autumn 2025: 42 ICBs, 106 sub-ICB locations, 33,755 LSOAs, 6,220 practices", async () => {
        expect(await england("2025-10-01")).toMatchObject({
          icbs: 42,
          sub_icb_locations: 106,
          lsoas: 33755,
          practices: 6220,
          population: 56489608,
        });
      });

      it("counts the 7 NHS regions", async () => {
        const [row] = await db.query<{ n: number }>(
          "select count(distinct region_ods)::int as n from lsoa_geography where valid_to is null",
        );
        expect(row?.n).toBe(7);
      });

      it("describes 2022 on 2011 LSOAs with the mid-2020 population", async () => {
        expect(await england("2022-10-01")).toMatchObject({
          icbs: 42,
          lsoas: 32844,
          population: 56550138,
        });
      });

      it("keeps the 2023 recode of Surrey Heartlands as history of one ICB", async () => {
        const codes = await db.query<{ gss_code: string; valid_from: string }>(
          "select gss_code, valid_from from icb where ods_code = 'QXU' order by valid_from",
        );
        expect(codes.map((c) => c.gss_code)).toEqual([
          "E54000052",
          "E54000063",
        ]);
      });

      it("applies the April 2026 mergers: 36 ICBs, Frimley split three ways", async () => {
        expect((await england("2026-05-01")).icbs).toBe(36);
        const frimley = await db.query<{ icb_ods: string }>(
          "select distinct icb_ods from lsoa_geography where sub_icb_ods = 'D4U1Y' and valid_from = '2026-04-01' order by 1",
        );
        expect(frimley.map((r) => r.icb_ods)).toEqual(["QRL", "T05", "T07"]);
      });

      it("sums ICB populations to England's", async () => {
        const [row] = await db.query<{ p: number }>(
          "select sum(l.population)::bigint as p from lsoa_geography g join lsoa l on l.code = g.lsoa_code and l.edition = g.edition where g.valid_from <= '2026-05-01' and (g.valid_to is null or g.valid_to > '2026-05-01')",
        );
        expect(row?.p).toBe(56489608);
      });
    });
  },
);

if (geo.path === null) {
  describe("England from the official files", () => {
    it.skip(geo.reason, () => undefined);
  });
}
