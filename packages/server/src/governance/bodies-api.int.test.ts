import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import {
  describeEachDatabase,
  loadDemoGovernance,
  loadSmallDemoGeography,
} from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

describeEachDatabase("the governance API", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const password = "a long enough passphrase";
  let officer: Record<string, string> = {};

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    await loadDemoGovernance(db);
    await addUser(db, SYSTEM_ACTOR, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
      password,
    });
    const session = await signIn(db, "secretary@example.org", password);
    if (!session.ok) throw new Error(session.error.message);
    officer = {
      cookie: `openics_session=${session.value.token}`,
      "x-csrf-token": session.value.csrfToken,
      "content-type": "application/json",
    };
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  const json = async (path: string) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };

  it("lists the bodies the adopted model created, with the model's history", async () => {
    const body = await json("/api/ics/QZ9/bodies?as_at=2025-09-18");
    expect(body["model"]).toMatchObject({ model: "health_and_prosperity" });
    expect(body["history"]).toHaveLength(2);
    const ids = (body["bodies"] as { id: string }[]).map((b) => b.id);
    expect(ids).toContain("QZ9-icb_board");
    expect(ids).toContain("QZ9-ics_scrutiny_committee");
  });

  it("answers who decides a contract award over £1m, with the legally responsible body", async () => {
    const body = await json(
      "/api/ics/QZ9/who-decides?decision_type=contract_award&value_pence=150000000&as_at=2025-10-01",
    );
    expect(body).toMatchObject({
      reference: "SoRD 2.2",
      decider_name: "Finance Committee",
    });
    expect(String(body["legally_responsible_body"])).toContain(
      "Integrated Care Board",
    );
  });

  it("says no one may decide a decision type the scheme does not cover", async () => {
    const res = await app.request(
      "/api/ics/QZ9/who-decides?decision_type=sell_the_hospital&as_at=2025-10-01",
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toContain(
      'No entry in the scheme of reservation and delegation covers "sell_the_hospital"',
    );
  });

  it("hides a private item's title from the public but publishes why it is withheld", async () => {
    const body = await json("/api/ics/QZ9/meetings/QZ9-icb_board-2025-09-18");
    const items = body["items"] as Record<string, unknown>[];
    const privateItem = items.find((i) => i["number"] === "4");
    expect(privateItem).toMatchObject({
      title: null,
      withheld: {
        reason: "negotiations_in_progress",
        decided_by: "Helen Marsh, Chair",
        review_on: "2027-03-31",
      },
    });
  });

  it("refuses an item in private without a reason with 422 and says what to record", async () => {
    const res = await app.request(
      "/api/ics/QZ9/meetings/QZ9-icb_board-2025-09-18/items",
      {
        method: "POST",
        headers: officer,
        body: JSON.stringify({
          number: "9",
          title: "Staffing matter",
          in_private: true,
        }),
      },
    );
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toContain("private_without_reason");
    expect(problem.detail).toContain("without a recorded reason");
  });

  it("refuses writes from the public, who may read", async () => {
    const first = await app.request("/api/ics/QZ9/meetings");
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const res = await app.request("/api/ics/QZ9/meetings", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie,
        "x-csrf-token": cookie.split("=")[1] ?? "",
      },
      body: JSON.stringify({
        body_id: "QZ9-icb_board",
        meeting_date: "2025-12-01",
        title: "x",
      }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { type: string }).type).toContain(
      "forbidden",
    );
  });

  it("describes the governance routes in the OpenAPI document", async () => {
    const doc = await json("/api/openapi.json");
    const paths = Object.keys(doc["paths"] as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/ics/{code}/bodies/{id}",
        "/api/ics/{code}/who-decides",
        "/api/ics/{code}/meetings/{id}/items/{item}/votes",
      ]),
    );
  });

  it("changes a committee's quorum from a date and keeps the earlier constitution", async () => {
    const res = await app.request(
      "/api/ics/QZ9/bodies/QZ9-audit_committee/changes",
      {
        method: "POST",
        headers: officer,
        body: JSON.stringify({
          from: "2026-01-01",
          quorum: {
            minimumVotingMembers: 2,
            minimumNhs: 0,
            minimumLocalGovernment: 0,
          },
        }),
      },
    );
    expect(res.status).toBe(201);
    const quorumOn = async (date: string) =>
      (
        (await json(
          `/api/ics/QZ9/bodies/QZ9-audit_committee?as_at=${date}`,
        )) as { body: { quorum: { minimumVotingMembers: number } } }
      ).body.quorum.minimumVotingMembers;
    expect(await quorumOn("2025-12-31")).toBe(3);
    expect(await quorumOn("2026-01-01")).toBe(2);
  });

  // Changes the demo's model from 1 October 2026, so it runs last.
  it("changes the model from a date, ending the bodies the new model has not and keeping the history", async () => {
    const res = await app.request("/api/ics/QZ9/governance-model", {
      method: "POST",
      headers: officer,
      body: JSON.stringify({
        model: "statutory_committee",
        decided_by: "Partner boards, joint resolution",
        valid_from: "2026-10-01",
      }),
    });
    expect(res.status).toBe(201);
    const change = (await res.json()) as { created: string[]; ended: string[] };
    expect(change.created).toContain("QZ9-ics_statutory_committee");
    expect(change.ended).toEqual(
      expect.arrayContaining(["QZ9-icb_board", "QZ9-ics_scrutiny_committee"]),
    );
    const before = await json("/api/ics/QZ9/bodies?as_at=2026-09-30");
    expect(before["model"]).toMatchObject({
      model: "health_and_prosperity",
      valid_to: "2026-10-01",
    });
    const after = await json("/api/ics/QZ9/bodies?as_at=2026-10-01");
    expect(after["history"]).toHaveLength(3);
    const ids = (after["bodies"] as { id: string }[]).map((b) => b.id);
    expect(ids).not.toContain("QZ9-icb_board");
  });
});
