// Times the spend importer on a year of spend files: the twelve monthly files of the synthetic
// demo ICS and every real file in the reference spend folder (CSV in three encodings, and XLSX),
// and compares it with the database's own bulk load (COPY) of the same rows into the same
// tables, measured in the same run.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { spendImporter } from "@openics/server";
import { demoSpendFiles, refdataFolder, testDatabases } from "@openics/testkit";

const TABLES = ["spend_file", "spend_line"];

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
  return /[",\r\n]/.test(s) || s === "" ? `"${s.replaceAll('"', '""')}"` : s;
};

function inputs(): spendImporter.SpendFileInput[] {
  const demo = demoSpendFiles().map((f) => ({
    path: f.name,
    bytes: Buffer.from(f.bytes),
    body: "QZ9",
  }));
  const folder = refdataFolder("spend");
  const real =
    folder.path === null
      ? []
      : folder.files
          .filter((f) => /\.(csv|xlsx)$/i.test(f))
          .map((path) => ({
            path,
            bytes: readFileSync(path),
            body: basename(path).split("_")[0] ?? "",
          }));
  return [...demo, ...real];
}

async function benchOne(
  label: string,
  open: () => Promise<Database>,
  files: readonly spendImporter.SpendFileInput[],
): Promise<void> {
  const importDb = await open();
  await migrateAll(importDb);
  const importer = await time(async () => {
    const result = await spendImporter.importSpend(
      importDb,
      SYSTEM_ACTOR,
      files,
    );
    if (!result.ok) throw new Error(result.message);
  });
  const written: {
    table: string;
    columns: string[];
    csv: string;
    rows: number;
  }[] = [];
  for (const table of TABLES) {
    const rows = await importDb.query(`select * from ${table}`);
    const first = rows[0];
    if (!first) continue;
    const columns = Object.keys(first);
    const csv = `${[columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n")}\n`;
    written.push({ table, columns, csv, rows: rows.length });
  }
  await importDb.close();
  const copyDb = await open();
  await migrateAll(copyDb);
  const copy = await time(async () => {
    for (const t of written) await copyDb.copyCsv(t.table, t.columns, t.csv);
  });
  await copyDb.close();
  const rows = written.reduce((n, t) => n + t.rows, 0);
  const perSecond = (s: number) => Math.round(rows / s).toLocaleString("en-GB");
  console.log(
    `${label.padEnd(11)} spend importer ${importer.toFixed(1)} s (${perSecond(importer)} rows/s)   COPY of the same ${rows.toLocaleString("en-GB")} rows ${copy.toFixed(1)} s (${perSecond(copy)} rows/s)   ratio ${(importer / copy).toFixed(2)}× the baseline`,
  );
}

/** Import a year of spend files (decoded, mapped, validated, stored and audited) against COPY. */
export async function benchSpend(): Promise<void> {
  const files = inputs();
  const bytes = files.reduce((n, f) => n + (f.bytes?.length ?? 0), 0);
  console.log(
    `Importing a year of spend files: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, against COPY of the rows written`,
  );
  await benchOne("PGlite", () => openDatabase({}), files);
  const postgres = process.env.DATABASE_URL
    ? testDatabases().find((d) => d.name === "postgres")
    : undefined;
  if (postgres) await benchOne("PostgreSQL", () => postgres.open(), files);
}
