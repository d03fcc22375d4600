import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import {
  governanceRepository,
  listAudit,
  migrateAll,
  type Database,
} from "@openics/db";
import { describeEachDatabase, loadSmallDemoGeography } from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

import { recordPartner } from "../structure/partners";
import { markCommitmentDone, recordGift } from "./scrutiny-service";

// Gifts and hospitality, scrutiny inquiries and compact commitments through the API and the
// staff forms, on the database: each use case, its refusals, and that a refused write leaves nothing.

type Json = Record<string, unknown>;

describeEachDatabase("gifts, scrutiny and compacts", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const password = "a long enough passphrase";
  const session = async (email: string) => {
    const result = await signIn(db, email, password);
    if (!result.ok) throw new Error(result.error.message);
    return {
      cookie: `openics_session=${result.value.token}`,
      "x-csrf-token": result.value.csrfToken,
    };
  };
  let officer: Record<string, string> = {};
  let member: Record<string, string> = {};
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = officer,
  ) =>
    app.request(path, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const get = async (path: string) =>
    (await (await app.request(path)).json()) as Json;
  const count = async (table: string) =>
    Number(
      (
        await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)
      )[0]?.n,
    );

  // A real database fault, not a stand-in: a trigger that refuses one kind of audit entry.
  const refuseAudit = async (action: string) => {
    await db.query(
      `create or replace function openics_test_refuse_audit() returns trigger language plpgsql as $$
       begin raise exception 'audit refused'; end $$`,
    );
    await db.query(
      `create trigger openics_test_refuse_audit before insert on audit_log for each row
       when (new.action = '${action}') execute function openics_test_refuse_audit()`,
    );
  };
  const allowAudit = () =>
    db.query("drop trigger openics_test_refuse_audit on audit_log");

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    const partner = await recordPartner(db, SYSTEM_ACTOR, "QZ9", {
      code: "SUP-GIFT-1",
      name: "Vale Diagnostics Ltd (synthetic)",
      sector: "independent_sector_provider",
    });
    if (!partner.ok) throw new Error(partner.error.message);
    await addUser(db, SYSTEM_ACTOR, {
      email: "officer@example.org",
      name: "Officer",
      role: "officer",
      ics: "QZ9",
      password,
    });
    const m = await addUser(db, SYSTEM_ACTOR, {
      email: "member@example.org",
      name: "Member",
      role: "member",
      ics: "QZ9",
      password,
    });
    if (!m.ok) throw new Error(m.error.message);
    await governanceRepository.insertPerson(db, {
      ics_code: "QZ9",
      id: "P-CHAIR",
      name: "Alex Chair",
      user_id: null,
    });
    await governanceRepository.insertPerson(db, {
      ics_code: "QZ9",
      id: "P-MEMBER",
      name: "Sam Member",
      user_id: String(m.value.id),
    });
    app = createApp(db, { log: () => undefined });
    officer = await session("officer@example.org");
    member = await session("member@example.org");
  });
  afterAll(async () => {
    await db.close();
  });

  describe("the register of gifts and hospitality", () => {
    const gift = {
      person_id: "P-CHAIR",
      kind: "hospitality",
      giver_name: "Vale Diagnostics Ltd",
      giver_organisation_code: "SUP-GIFT-1",
      description: "Dinner at a supplier conference",
      value_pence: 8550,
      received_on: "2025-06-03",
      accepted: true,
    };

    it("records a gift from a known supplier, publishes it with the supplier's name, and appends it to the log and the audit", async () => {
      const res = await post("/api/ics/QZ9/gifts", gift);
      expect(res.status).toBe(201);
      const register = await get("/api/ics/QZ9/gifts");
      expect(register["entries"]).toEqual([
        expect.objectContaining({
          person_name: "Alex Chair",
          giver_organisation_name: "Vale Diagnostics Ltd (synthetic)",
          value_pence: 8550,
          accepted: true,
        }),
      ]);
      const log = (await get("/api/ics/QZ9/log"))["entries"] as Json[];
      expect(log.at(-1)).toMatchObject({
        kind: "register_entry",
        payload: {
          register: "gifts_and_hospitality",
          summary: "Alex Chair accepted hospitality from Vale Diagnostics Ltd",
        },
      });
      const [audit] = await listAudit(db, { entity: "gift_hospitality" });
      expect(audit).toMatchObject({ action: "record_gift", ics_code: "QZ9" });
      expect((await get("/api/ics/QZ9/log/verify"))["valid"]).toBe(true);
    });

    it("records a declined gift from a giver outside the partner list", async () => {
      const res = await post("/api/ics/QZ9/gifts", {
        ...gift,
        giver_name: "A visiting delegation",
        giver_organisation_code: null,
        kind: "gift",
        accepted: false,
        value_pence: 2500,
      });
      expect(res.status).toBe(201);
    });

    it("lets a member record their own gift but not someone else's", async () => {
      expect(
        (
          await post(
            "/api/ics/QZ9/gifts",
            { ...gift, person_id: "P-MEMBER" },
            member,
          )
        ).status,
      ).toBe(201);
      const res = await post("/api/ics/QZ9/gifts", gift, member);
      expect(res.status).toBe(403);
    });

    it("refuses an unknown giver code, fractional pence and an unknown person, writing nothing", async () => {
      const before = await count("gift_hospitality");
      const logBefore = await count("governance_log");
      const unknown = await post("/api/ics/QZ9/gifts", {
        ...gift,
        giver_organisation_code: "NOPE-9",
      });
      expect(unknown.status).toBe(422);
      expect(await unknown.text()).toMatch(/NOPE-9/);
      const pence = await post("/api/ics/QZ9/gifts", {
        ...gift,
        value_pence: 85.5,
      });
      expect(pence.status).toBe(400);
      expect(await pence.text()).toMatch(/value_pence/);
      const future = await post("/api/ics/QZ9/gifts", {
        ...gift,
        received_on: "2999-01-01",
      });
      expect(future.status).toBe(400);
      expect(await future.text()).toMatch(/received_on/);
      expect(
        (await post("/api/ics/QZ9/gifts", { ...gift, person_id: "P-X" }))
          .status,
      ).toBe(404);
      expect(await count("gift_hospitality")).toBe(before);
      expect(await count("governance_log")).toBe(logBefore);
    });

    it("writes nothing, neither the entry nor its log entry, when the audit cannot be written", async () => {
      const before = await count("gift_hospitality");
      const logBefore = await count("governance_log");
      await refuseAudit("record_gift");
      try {
        await expect(
          recordGift(db, SYSTEM_ACTOR, "QZ9", { ...gift, accepted: false }),
        ).rejects.toThrow(/audit refused/);
      } finally {
        await allowAudit();
      }
      expect(await count("gift_hospitality")).toBe(before);
      expect(await count("governance_log")).toBe(logBefore);
    });

    it("downloads the register as CSV", async () => {
      const csv = await app.request("/api/ics/QZ9/gifts?format=csv");
      expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
      const lines = (await csv.text()).trim().split("\r\n");
      expect(lines[0]).toMatch(/^id,person_id,person_name,kind,giver_name,/);
      expect(lines).toHaveLength(4);
    });
  });

  describe("scrutiny inquiries", () => {
    let inquiry = "";
    let overdueRec = "";
    let answeredRec = "";
    const base = () => `/api/ics/QZ9/inquiries/${inquiry}`;

    it("opens an inquiry, for officers only", async () => {
      const body = {
        committee_kind: "ics_scrutiny_committee",
        committee_name: "Demo Vale ICS Scrutiny Committee",
        title: "Waiting for community mental health care",
        terms_of_reference: "How long people wait and why.",
        opened_on: "2025-05-01",
        sessions: ["2025-06-12"],
      };
      expect((await post("/api/ics/QZ9/inquiries", body, member)).status).toBe(
        403,
      );
      const res = await post("/api/ics/QZ9/inquiries", body);
      expect(res.status).toBe(201);
      inquiry = String(((await res.json()) as Json)["id"]);
      const [audit] = await listAudit(db, { entity: "scrutiny_inquiry" });
      expect(audit).toMatchObject({
        action: "open_inquiry",
        entity_key: inquiry,
      });
    });

    it("refuses a Health Overview and Scrutiny Committee inquiry without its local authority", async () => {
      const res = await post("/api/ics/QZ9/inquiries", {
        committee_kind: "health_overview_and_scrutiny_committee",
        committee_name: "Vale Council Health Scrutiny",
        title: "Hospital discharge",
        terms_of_reference: "Delays.",
        opened_on: "2025-05-01",
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/local_authority_code/);
    });

    it("adds evidence and a public session, refusing evidence before the inquiry opened", async () => {
      expect(
        (
          await post(`${base()}/evidence`, {
            given_by: "Director of Mental Health, Vale Trust",
            given_on: "2025-06-12",
            summary: "Median wait is 19 weeks.",
            link: "https://example.org/evidence/1",
          })
        ).status,
      ).toBe(201);
      const early = await post(`${base()}/evidence`, {
        given_by: "Someone",
        given_on: "2025-04-01",
        summary: "Too early.",
      });
      expect(early.status).toBe(400);
      expect(await early.text()).toMatch(/given_on/);
      expect(
        (await post(`${base()}/sessions`, { held_on: "2025-07-10" })).status,
      ).toBe(201);
      expect(
        (await post(`${base()}/sessions`, { held_on: "2025-07-10" })).status,
      ).toBe(400);
      const detail = (await get(base()))["inquiry"] as Json;
      expect(detail["sessions"]).toEqual(["2025-06-12", "2025-07-10"]);
      expect(detail["evidence"]).toHaveLength(1);
    });

    it("makes recommendations with deadlines, refusing a deadline before the recommendation", async () => {
      const rec = (number: string, due: string) =>
        post(`${base()}/recommendations`, {
          number,
          text: `Recommendation ${number}`,
          addressed_to: "ICB board",
          made_on: "2025-09-01",
          response_due_on: due,
        });
      const r1 = await rec("1", "2025-10-31");
      const r2 = await rec("2", "2025-11-30");
      overdueRec = String(((await r1.json()) as Json)["id"]);
      answeredRec = String(((await r2.json()) as Json)["id"]);
      const bad = await rec("3", "2025-08-01");
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/response_due_on/);
      expect((await rec("1", "2025-12-01")).status).toBe(400);
    });

    it("records a response once, and counts the unanswered one as overdue after its deadline", async () => {
      const response = {
        outcome: "partly_accepted",
        text: "We will publish quarterly.",
        responding_body: "ICB board",
        responded_on: "2025-11-20",
      };
      expect(
        (
          await post(
            `${base()}/recommendations/${answeredRec}/response`,
            response,
          )
        ).status,
      ).toBe(201);
      const again = await post(
        `${base()}/recommendations/${answeredRec}/response`,
        response,
      );
      expect(again.status).toBe(409);
      const unknown = await post(
        `${base()}/recommendations/nope/response`,
        response,
      );
      expect(unknown.status).toBe(404);
      const listing = await get("/api/ics/QZ9/inquiries?as_at=2025-12-01");
      expect(listing["overdue"]).toEqual([
        expect.objectContaining({ id: overdueRec, status: "overdue" }),
      ]);
      expect((listing["inquiries"] as Json[])[0]?.["counts"]).toEqual({
        answered: 1,
        answered_late: 0,
        awaiting: 0,
        overdue: 1,
      });
      const before = await get("/api/ics/QZ9/inquiries?as_at=2025-10-15");
      expect(before["overdue"]).toEqual([]);
    });

    it("answers an unknown inquiry with 404", async () => {
      expect((await app.request("/api/ics/QZ9/inquiries/nope")).status).toBe(
        404,
      );
    });
  });

  describe("compact commitments", () => {
    let id = "";
    it("adds commitments and marks one done, once", async () => {
      const add = (description: string, due_on: string) =>
        post("/api/ics/QZ9/compacts/commitments", {
          instrument: "partnership_compact",
          description,
          owner: "Director of Public Health",
          due_on,
        });
      id = String(
        (
          (await (
            await add("Publish a joint workforce plan", "2025-09-30")
          ).json()) as Json
        )["id"],
      );
      await add("Agree a shared estates strategy", "2025-06-30");
      await add("Pool the falls prevention budget", "2099-03-31");
      const done = await post(`/api/ics/QZ9/compacts/commitments/${id}/done`, {
        done_on: "2025-09-15",
      });
      expect(done.status).toBe(201);
      expect(await done.json()).toEqual({ status: "done", on_time: true });
      const again = await post(`/api/ics/QZ9/compacts/commitments/${id}/done`, {
        done_on: "2025-09-20",
      });
      expect(again.status).toBe(409);
      const listing = await get("/api/ics/QZ9/compacts?as_at=2025-10-01");
      expect(listing["counts"]).toEqual({ done: 1, open: 1, overdue: 1 });
    });

    it("leaves a commitment open when marking it done cannot be audited", async () => {
      const [open] = (
        (await get("/api/ics/QZ9/compacts"))["commitments"] as Json[]
      ).filter((x) => x["done_on"] === null);
      await refuseAudit("mark_commitment_done");
      try {
        await expect(
          markCommitmentDone(db, SYSTEM_ACTOR, "QZ9", String(open?.["id"]), {
            done_on: "2025-10-01",
          }),
        ).rejects.toThrow(/audit refused/);
      } finally {
        await allowAudit();
      }
      const after = (
        (await get("/api/ics/QZ9/compacts"))["commitments"] as Json[]
      ).find((x) => x["id"] === open?.["id"]);
      expect(after?.["done_on"]).toBeNull();
    });

    it("refuses a commitment without an owner, and the public, writing nothing", async () => {
      const before = await count("compact_commitment");
      const res = await post("/api/ics/QZ9/compacts/commitments", {
        instrument: "annual_joint_mandate",
        description: "Something",
        owner: "",
        due_on: "2026-03-31",
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/owner/);
      expect(
        (
          await post(
            "/api/ics/QZ9/compacts/commitments",
            {
              instrument: "annual_joint_mandate",
              description: "x",
              owner: "y",
              due_on: "2026-03-31",
            },
            member,
          )
        ).status,
      ).toBe(403);
      expect(await count("compact_commitment")).toBe(before);
      expect(
        (
          await post("/api/ics/QZ9/compacts/commitments/nope/done", {
            done_on: "2025-01-01",
          })
        ).status,
      ).toBe(404);
    });
  });

  it("describes its routes in the OpenAPI document", async () => {
    const doc = await get("/api/openapi.json");
    expect(Object.keys(doc["paths"] as Json)).toEqual(
      expect.arrayContaining([
        "/api/ics/{code}/gifts",
        "/api/ics/{code}/inquiries",
        "/api/ics/{code}/inquiries/{id}",
        "/api/ics/{code}/inquiries/{id}/evidence",
        "/api/ics/{code}/inquiries/{id}/sessions",
        "/api/ics/{code}/inquiries/{id}/recommendations",
        "/api/ics/{code}/inquiries/{id}/recommendations/{recommendation}/response",
        "/api/ics/{code}/compacts",
        "/api/ics/{code}/compacts/commitments",
        "/api/ics/{code}/compacts/commitments/{id}/done",
      ]),
    );
  });

  describe("pages", () => {
    const html = async (path: string, init?: RequestInit) => {
      const res = await app.request(path, init);
      return { status: res.status, text: await res.text(), res };
    };

    it("shows the registers, searchable by GET, with CSV links", async () => {
      const all = await html("/ics/QZ9/registers/gifts");
      expect(all.status).toBe(200);
      expect(all.text).toContain("Vale Diagnostics Ltd");
      expect(all.text).toContain("/api/ics/QZ9/gifts?format=csv");
      const search = await html(
        "/ics/QZ9/registers/gifts?name=sam&type=hospitality",
      );
      expect(search.text).toMatch(/1 of 3 entries match/);
      const interests = await html(
        "/ics/QZ9/registers/interests?organisation=zzz",
      );
      expect(interests.status).toBe(200);
      expect(interests.text).toContain("No interests match.");
      const badDate = await html(
        "/ics/QZ9/registers/interests?as_at=2025-13-45",
      );
      expect(badDate.status).toBe(400);
    });

    it("shows the log with the server's verification and how to recompute it", async () => {
      const page = await html("/ics/QZ9/log");
      expect(page.status).toBe(200);
      expect(page.text).toContain("The log is intact.");
      expect(page.text).toContain("Log entries, newest first (page 1 of 1)");
      expect(page.text).toContain("SHA-256");
      expect(page.text).toContain(
        "accepted hospitality from Vale Diagnostics Ltd",
      );
    });

    it("shows scrutiny with the overdue response counted", async () => {
      const page = await html("/ics/QZ9/scrutiny?as_at=2025-12-01");
      expect(page.status).toBe(200);
      expect(page.text).toContain("1 response is overdue");
      const compacts = await html("/ics/QZ9/compacts?as_at=2025-10-01");
      expect(compacts.text).toMatch(/1 done, 1 open, 1 overdue/);
    });

    it("sends the public to sign in from a staff form, and refuses a form without the CSRF token", async () => {
      const form = await html("/ics/QZ9/scrutiny/new");
      expect(form.status).toBe(303);
      const noToken = await html("/ics/QZ9/compacts/commitments", {
        method: "POST",
        headers: {
          cookie: officer["cookie"] ?? "",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "instrument=partnership_compact&description=x&owner=y&due_on=2026-01-01",
      });
      expect(noToken.status).toBe(403);
    });

    it("lets a member record their own gift through the form, in pounds, and re-shows the form when the value is not money", async () => {
      const form = await html("/ics/QZ9/registers/gifts/new", {
        headers: { cookie: member["cookie"] ?? "" },
      });
      expect(form.status).toBe(200);
      // A member may record only their own: the form offers no one else.
      expect(form.text).toContain("Sam Member");
      expect(form.text).not.toContain("Alex Chair");
      const send = (value: string) =>
        html("/ics/QZ9/registers/gifts/new", {
          method: "POST",
          headers: {
            cookie: member["cookie"] ?? "",
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            _csrf: member["x-csrf-token"] ?? "",
            person_id: "P-MEMBER",
            kind: "gift",
            giver_name: "Vale Diagnostics Ltd",
            giver_organisation_code: "SUP-GIFT-1",
            description: "A desk diary",
            value,
            received_on: "2025-12-01",
            accepted: "no",
          }).toString(),
        });
      const bad = await send("twelve pounds");
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('href="#gift-value"');
      const good = await send("12.5");
      expect(good.status).toBe(303);
      const register = await get("/api/ics/QZ9/gifts");
      expect(register["entries"]).toContainEqual(
        expect.objectContaining({
          description: "A desk diary",
          value_pence: 1250,
          accepted: false,
        }),
      );
    });

    it("lets an officer open an inquiry through the form and re-shows the form with the field at fault", async () => {
      const post = (body: Record<string, string>) =>
        html("/ics/QZ9/scrutiny/new", {
          method: "POST",
          headers: {
            cookie: officer["cookie"] ?? "",
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            _csrf: officer["x-csrf-token"] ?? "",
            ...body,
          }).toString(),
        });
      const fields = {
        committee_kind: "ics_scrutiny_committee",
        committee_name: "Scrutiny Committee",
        local_authority_code: "",
        title: "Hospital discharge",
        terms_of_reference: "Why people wait to leave hospital.",
        opened_on: "2025-10-01",
        sessions: "2025-11-01, 2025-12-01",
      };
      const bad = await post({ ...fields, title: "" });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('href="#inquiry-title"');
      const good = await post(fields);
      expect(good.status).toBe(303);
      const location = good.res.headers.get("location") ?? "";
      expect(location).toMatch(/^\/ics\/QZ9\/scrutiny\/.+/);
      const page = await html(location);
      expect(page.text).toContain("Hospital discharge");
      expect(page.text).toContain("1 December 2025");
    });
  });
});
