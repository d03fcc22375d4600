import { afterAll, beforeAll, expect, it } from "vitest";

import { migrateAll, type Database } from "@openics/db";
import {
  describeEachDatabase,
  loadScrutinyDemo,
  loadSmallDemoGeography,
} from "@openics/testkit";

import { listCommitments, listGifts, listInquiries } from "./scrutiny-service";
import { listLog, verifyLog } from "./service";

describeEachDatabase(
  "the demo ICS's registers, scrutiny and compacts",
  (open) => {
    let db: Database;

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      await loadSmallDemoGeography(db);
      await loadScrutinyDemo(db);
    });
    afterAll(async () => {
      await db.close();
    });

    it("has gifts from its partner organisations, accepted and declined, each in the log", async () => {
      const gifts = await listGifts(db, "QZ9", "2026-01-31");
      if (!gifts.ok) throw new Error(gifts.error.message);
      expect(gifts.value.entries).toHaveLength(4);
      expect(gifts.value.entries.filter((g) => !g.accepted)).toEqual([
        expect.objectContaining({
          giver_organisation_name: "Saltby Diagnostics Centre (synthetic)",
        }),
      ]);
      const log = await listLog(db, "QZ9");
      const kinds = log.ok ? log.value.entries.map((e) => e.kind) : [];
      expect(kinds.filter((k) => k === "register_entry")).toHaveLength(4);
      // The responses to recommendations and the commitments done are in the log too.
      expect(kinds.filter((k) => k === "scrutiny_response")).toHaveLength(2);
      expect(kinds.filter((k) => k === "commitment_done")).toHaveLength(2);
      const verified = await verifyLog(db, "QZ9");
      expect(verified.ok && verified.value.valid).toBe(true);
    });

    it("has one inquiry with one response overdue", async () => {
      const listing = await listInquiries(db, "QZ9", "2026-01-31");
      if (!listing.ok) throw new Error(listing.error.message);
      expect(listing.value.inquiries).toHaveLength(1);
      expect(listing.value.inquiries[0]?.counts).toEqual({
        answered: 1,
        answered_late: 1,
        awaiting: 0,
        overdue: 1,
      });
      expect(listing.value.overdue.map((r) => r.number)).toEqual(["3"]);
    });

    it("has compact commitments done, open and overdue", async () => {
      const compacts = await listCommitments(db, "QZ9", "2026-02-01");
      expect(compacts.ok && compacts.value.counts).toEqual({
        done: 2,
        open: 1,
        overdue: 1,
      });
    });

    it("is the same log, hash for hash, every time, and loading it again changes nothing", async () => {
      const again = await loadScrutinyDemo(db);
      expect(again.loaded).toBe(false);
      const log = await listLog(db, "QZ9");
      expect(log.ok && log.value.entries).toHaveLength(8);
      const other = await open();
      try {
        await migrateAll(other);
        await loadSmallDemoGeography(other);
        await loadScrutinyDemo(other);
        const otherLog = await listLog(other, "QZ9");
        expect(otherLog.ok && otherLog.value.entries.at(-1)?.hash).toBe(
          log.ok && log.value.entries.at(-1)?.hash,
        );
      } finally {
        await other.close();
      }
    });
  },
);
