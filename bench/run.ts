// npm run bench: times the geography importer on England's LSOA lookup, populations and IMD, and
// compares it with the database's own bulk load (COPY) of the same rows into the same tables,
// measured in the same run, on PGlite and (with DATABASE_URL) on PostgreSQL.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_ACTOR } from "@openics/core";
import { openDatabase, migrateAll, type Database } from "@openics/db";
import { importGeography } from "@openics/server";
import { refdataFolder, testDatabases } from "@openics/testkit";
import { benchAllocation } from "./allocation";

const FILES = [
  "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv",
  "census2021_lsoa21_age6_persons_en.csv",
  "population_mid2020_lsoa11_syoa_persons_en.csv",
  "imd2025_lsoa21_en.csv",
];
const DATA_TABLES = [
  "nhs_region",
  "icb",
  "icb_succession",
  "sub_icb_location",
  "local_authority",
  "lsoa",
  "lsoa_geography",
  "lsoa_population",
  "lsoa_deprivation",
];

const geo = refdataFolder("geo");
if (geo.path === null) {
  console.error(`bench: ${geo.reason}`);
  process.exit(1);
}
const files = FILES.map((name) => ({
  name,
  bytes: readFileSync(join(geo.path, name)),
}));
const fileRows = files.reduce(
  (n, f) => n + f.bytes.toString().trim().split("\n").length - 1,
  0,
);

const time = async (work: () => Promise<void>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s =
    typeof v === "string"
      ? v
      : typeof v === "number" || typeof v === "boolean"
        ? String(v)
        : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The rows the importer wrote, table by table, as CSV ready for COPY (prepared outside the timing). */
async function writtenRows(db: Database) {
  const out: { table: string; columns: string[]; csv: string; rows: number }[] =
    [];
  for (const table of DATA_TABLES) {
    const rows = await db.query(`select * from ${table}`);
    const first = rows[0];
    if (!first) continue;
    const columns = Object.keys(first);
    const csv = `${[columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n")}\n`;
    out.push({ table, columns, csv, rows: rows.length });
  }
  return out;
}

async function benchOne(
  label: string,
  open: () => Promise<Database>,
): Promise<void> {
  const importDb = await open();
  await migrateAll(importDb);
  const importer = await time(async () => {
    const result = await importGeography(
      importDb,
      SYSTEM_ACTOR,
      files.map((f) => ({ path: f.name, bytes: f.bytes })),
    );
    if (!result.ok) throw new Error(result.message);
  });
  const written = await writtenRows(importDb);
  await importDb.close();
  // The baseline: the database's own COPY of exactly those rows into the same, indexed, tables.
  const copyDb = await open();
  await migrateAll(copyDb);
  const copy = await time(async () => {
    for (const t of written) await copyDb.copyCsv(t.table, t.columns, t.csv);
  });
  await copyDb.close();
  const dbRows = written.reduce((n, t) => n + t.rows, 0);
  const perSecond = (s: number) =>
    Math.round(dbRows / s).toLocaleString("en-GB");
  console.log(
    `${label.padEnd(11)} importer ${importer.toFixed(1)} s (${perSecond(importer)} rows/s)   COPY of the same ${dbRows.toLocaleString("en-GB")} rows ${copy.toFixed(1)} s (${perSecond(copy)} rows/s)   ratio ${(importer / copy).toFixed(2)}× the baseline`,
  );
}

console.log(
  `Importing ${FILES.length} files, ${fileRows.toLocaleString("en-GB")} file rows (validated, normalised, upserted, derived, audited), against COPY of the rows written`,
);
await benchOne("PGlite", () => openDatabase({}));
const postgres = process.env.DATABASE_URL
  ? testDatabases().find((d) => d.name === "postgres")
  : undefined;
if (postgres) await benchOne("PostgreSQL", () => postgres.open());
else
  console.log(
    "PostgreSQL  skipped: set DATABASE_URL to a server to measure it too",
  );
await benchAllocation();
await (await import("./spend")).benchSpend();
await import("./population-health");
