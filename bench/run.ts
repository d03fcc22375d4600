// npm run bench: times the geography importer on England's LSOA lookup, populations and IMD, and
// compares it with the database's own bulk load (COPY) of the same files, measured in the same run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_ACTOR } from "@openics/core";
import { openDatabase, migrateAll, type Database } from "@openics/db";
import { importGeography } from "@openics/server";
import { refdataFolder } from "@openics/testkit";

const FILES = [
  "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv",
  "census2021_lsoa21_age6_persons_en.csv",
  "population_mid2020_lsoa11_syoa_persons_en.csv",
  "imd2025_lsoa21_en.csv",
];

const geo = refdataFolder("geo");
if (geo.path === null) {
  console.error(`bench: ${geo.reason}`);
  process.exit(1);
}
const files = FILES.map((name) => ({
  name,
  path: join(geo.path, name),
  bytes: readFileSync(join(geo.path, name)),
}));
const rows = files.reduce(
  (n, f) => n + f.bytes.toString().trim().split("\n").length - 1,
  0,
);

const time = async (work: () => Promise<void>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** The baseline: COPY each file as it is into a staging table of text columns. */
async function copyBaseline(db: Database): Promise<void> {
  for (const [i, f] of files.entries()) {
    const text = f.bytes.toString("utf8");
    const header = (text.split("\n", 1)[0] ?? "").trim().split(",");
    const columns = header.map((_, j) => `c${j}`);
    await db.query(
      `create table bench_copy_${i} (${columns.map((c) => `${c} text`).join(", ")})`,
    );
    await db.copyCsv(`bench_copy_${i}`, columns, text);
  }
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
  await importDb.close();
  const copyDb = await open();
  const copy = await time(() => copyBaseline(copyDb));
  await copyDb.close();
  const perSecond = (s: number) => Math.round(rows / s).toLocaleString("en-GB");
  console.log(
    `${label.padEnd(10)} importer ${importer.toFixed(1)} s (${perSecond(importer)} rows/s)   COPY baseline ${copy.toFixed(1)} s (${perSecond(copy)} rows/s)   ratio ${(importer / copy).toFixed(2)}× the baseline`,
  );
}

console.log(
  `Importing ${rows.toLocaleString("en-GB")} rows from ${FILES.length} files (validated, upserted, derived, audited) vs COPY of the raw files`,
);
await benchOne("PGlite", () => openDatabase({}));
const url = process.env.DATABASE_URL;
if (url) {
  const { testDatabases } = await import("@openics/testkit");
  const pg = testDatabases().find((d) => d.name === "postgres");
  if (pg) await benchOne("PostgreSQL", () => pg.open());
} else {
  console.log(
    "PostgreSQL  skipped: set DATABASE_URL to a server to measure it too",
  );
}
