import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase, loadSmallDemoGeography } from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

// The ICS's responses to scrutiny recommendations and the compact commitments it has done join
// the hash-chained public log, in the same transaction as the write: shown on the log page with
// their kind, verified with the rest of the chain, and an edit in the database is found.

type Json = Record<string, unknown>;

describeEachDatabase(
  "scrutiny responses and commitments in the public log",
  (open) => {
    let db: Database;
    let app: ReturnType<typeof createApp>;
    let officer: Record<string, string> = {};

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      await loadSmallDemoGeography(db);
      const password = "a long enough passphrase";
      await addUser(db, SYSTEM_ACTOR, {
        email: "officer@example.org",
        name: "Officer",
        role: "officer",
        ics: "QZ9",
        password,
      });
      const session = await signIn(db, "officer@example.org", password);
      if (!session.ok) throw new Error(session.error.message);
      officer = {
        cookie: `openics_session=${session.value.token}`,
        "x-csrf-token": session.value.csrfToken,
      };
      app = createApp(db, { log: () => undefined });
    });
    afterAll(async () => {
      await db.close();
    });

    const post = async (path: string, body: unknown) => {
      const res = await app.request(path, {
        method: "POST",
        headers: { ...officer, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as Json;
    };
    const get = async (path: string) =>
      (await (await app.request(path)).json()) as Json;
    const entries = async () =>
      (await get("/api/ics/QZ9/log"))["entries"] as Json[];

    it("appends the ICS's response to a recommendation, and a commitment done, to the log with the write", async () => {
      const inquiry = await post("/api/ics/QZ9/inquiries", {
        committee_kind: "ics_scrutiny_committee",
        committee_name: "Demo Vale ICS Scrutiny Committee",
        title: "Waiting for community mental health care",
        terms_of_reference: "How long people wait and why.",
        opened_on: "2025-05-01",
      });
      const base = `/api/ics/QZ9/inquiries/${String(inquiry["id"])}`;
      const rec = await post(`${base}/recommendations`, {
        number: "1",
        text: "Publish waiting times each quarter",
        addressed_to: "ICB board",
        made_on: "2025-09-01",
        response_due_on: "2025-11-30",
      });
      expect(await entries()).toHaveLength(0);
      await post(`${base}/recommendations/${String(rec["id"])}/response`, {
        outcome: "partly_accepted",
        text: "We will publish quarterly from April.",
        responding_body: "ICB board",
        responded_on: "2025-11-20",
      });
      const commitment = await post("/api/ics/QZ9/compacts/commitments", {
        instrument: "partnership_compact",
        description: "Publish a joint workforce plan",
        owner: "Director of Public Health",
        due_on: "2025-09-30",
      });
      expect(await entries()).toHaveLength(1);
      await post(
        `/api/ics/QZ9/compacts/commitments/${String(commitment["id"])}/done`,
        { done_on: "2025-09-15" },
      );

      const log = await entries();
      expect(log.map((e) => e["kind"])).toEqual([
        "scrutiny_response",
        "commitment_done",
      ]);
      expect(log[0]?.["payload"]).toMatchObject({
        recommendationId: rec["id"],
        response: { outcome: "partly_accepted", respondingBody: "ICB board" },
      });
      expect(log[1]?.["previous_hash"]).toBe(log[0]?.["hash"]);

      const [audit] = await db.query<{ after: Json }>(
        "select after from audit_log where action = 'respond_to_recommendation'",
      );
      expect(audit?.after["logSequence"]).toBe(0);
    });

    it("shows the entries on the log page with their kind", async () => {
      const res = await app.request("/ics/QZ9/log");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Response to scrutiny");
      expect(html).toContain(
        "ICB board partly accepted a recommendation of the inquiry",
      );
      expect(html).toContain("Commitment done");
      expect(html).toContain("Partnership Compact");
    });

    it("verifies the chain, and finds a response edited in the database", async () => {
      const verify = () => get("/api/ics/QZ9/log/verify");
      expect(await verify()).toEqual({
        valid: true,
        chains: [
          expect.objectContaining({ ics: "QZ9", valid: true, length: 2 }),
        ],
      });
      await db.query(
        `update governance_log set payload = jsonb_set(payload, '{response,outcome}', '"accepted"')
       where ics_code = 'QZ9' and sequence = 0`,
      );
      expect(await verify()).toEqual({
        valid: false,
        chains: [
          expect.objectContaining({
            ics: "QZ9",
            valid: false,
            first_broken: 0,
            reason: expect.stringMatching(/edited/) as unknown,
          }),
        ],
      });
    });
  },
);
