import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runOpenics as openics } from "./testing";
import { governance } from "@openics/core";
import { governanceRepository, migrateAll, openDatabase } from "@openics/db";
import { governanceService } from "@openics/server";

/** Works on the same embedded database as the CLI, closing it before the CLI opens it. */
async function withDb(
  dataDir: string,
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
) {
  const db = await openDatabase({ dataDir });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

describe("openics verify", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "openics-verify-"));

  beforeAll(async () => {
    await withDb(dataDir, async (db) => {
      await migrateAll(db);
      // Three entries chained exactly as the service chains them.
      let chain: governance.LogEntry[] = [];
      for (const n of [1, 2, 3]) {
        const entry = governance.appendEntry(
          chain,
          {
            kind: "register_entry",
            recordedAt: `2025-05-0${n}T09:00:00.000Z`,
            payload: { icsCode: "QZ9", note: `entry ${n}` },
          },
          governanceService.sha256,
        );
        chain = [...chain, entry];
        await governanceRepository.appendLogRow(db, {
          ics_code: "QZ9",
          sequence: entry.sequence,
          kind: entry.kind,
          recorded_at: entry.recordedAt,
          payload: entry.payload,
          previous_hash: entry.previousHash,
          hash: entry.hash,
        });
      }
    });
  });

  it("reports an intact chain and exits 0", async () => {
    const result = await openics(dataDir, ["verify", "--ics", "QZ9"]);
    expect(result.stderr).not.toMatch(/openics:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^QZ9: 3 entries, the chain checks out/);
  });

  it("refuses an ICS it knows nothing of", async () => {
    const result = await openics(dataDir, ["verify", "--ics", "QXX"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/openics: No ICS has the code QXX/);
  });

  it("finds an entry edited in the database, names its sequence and exits 1", async () => {
    await withDb(dataDir, async (db) => {
      await db.query(
        `update governance_log set payload = jsonb_set(payload, '{note}', '"rewritten"')
         where ics_code = 'QZ9' and sequence = 1`,
      );
    });
    const result = await openics(dataDir, ["verify"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^QZ9: BROKEN at sequence 1 of 3: Entry 1:/);
    expect(result.stderr).toMatch(
      /openics: the governance log of QZ9 does not verify/,
    );
  });
});
