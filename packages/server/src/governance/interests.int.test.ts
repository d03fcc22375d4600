import { afterAll, beforeAll, expect, it } from "vitest";
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

interface ChainBody {
  valid: boolean;
  chains: {
    ics: string;
    valid: boolean;
    length: number;
    first_broken?: number;
    reason?: string;
  }[];
}

describeEachDatabase("the register of interests and the public log", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let memberUserId = "";
  const password = "a long enough passphrase";
  const session = async (email: string) => {
    const result = await signIn(db, email, password);
    if (!result.ok) throw new Error(result.error.message);
    return {
      cookie: `openics_session=${result.value.token}`,
      "x-csrf-token": result.value.csrfToken,
    };
  };
  const declare = (headers: Record<string, string>, body: unknown) =>
    app.request("/api/ics/QZ9/interests", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const interest = {
    person_id: "P-CHAIR",
    type: "financial",
    organisation_code: "VC-GOV-1",
    description: "Trustee (paid) of Vale Carers Centre",
    valid_from: "2025-04-01",
  };
  const verify = async () =>
    (await (await app.request("/api/ics/QZ9/log/verify")).json()) as ChainBody;

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    const partner = await recordPartner(db, SYSTEM_ACTOR, "QZ9", {
      code: "VC-GOV-1",
      name: "Vale Carers Centre (synthetic)",
      sector: "vcse",
    });
    if (!partner.ok) throw new Error(partner.error.message);
    await addUser(db, SYSTEM_ACTOR, {
      email: "officer@example.org",
      name: "Officer",
      role: "officer",
      ics: "QZ9",
      password,
    });
    const member = await addUser(db, SYSTEM_ACTOR, {
      email: "member@example.org",
      name: "Member",
      role: "member",
      ics: "QZ9",
      password,
    });
    if (!member.ok) throw new Error(member.error.message);
    memberUserId = String(member.value.id);
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
      user_id: memberUserId,
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  it("lets an officer declare an interest, which appears in the register, the log and the audit", async () => {
    const res = await declare(await session("officer@example.org"), interest);
    expect(res.status).toBe(201);
    const register = (await (
      await app.request("/api/ics/QZ9/interests?as_at=2025-06-01")
    ).json()) as { entries: Record<string, unknown>[] };
    expect(register.entries).toEqual([
      expect.objectContaining({
        person_id: "P-CHAIR",
        person_name: "Alex Chair",
        organisation_name: "Vale Carers Centre (synthetic)",
        type: "financial",
      }),
    ]);
    const log = (await (await app.request("/api/ics/QZ9/log")).json()) as {
      entries: Record<string, unknown>[];
    };
    expect(log.entries).toEqual([
      expect.objectContaining({
        sequence: 0,
        kind: "register_entry",
        previous_hash: "genesis",
        payload: expect.objectContaining({
          personName: "Alex Chair",
        }) as unknown,
      }),
    ]);
    const [audit] = await listAudit(db, { entity: "interest_declaration" });
    expect(audit).toMatchObject({
      action: "declare_interest",
      ics_code: "QZ9",
    });
  });

  it("keeps history: the register before the interest began does not show it", async () => {
    const before = (await (
      await app.request("/api/ics/QZ9/interests?as_at=2025-03-31")
    ).json()) as { entries: unknown[] };
    expect(before.entries).toEqual([]);
    const csv = await app.request(
      "/api/ics/QZ9/interests?as_at=2025-06-01&format=csv",
    );
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect((await csv.text()).split("\r\n")[0]).toMatch(
      /^id,person_id,person_name,type,/,
    );
  });

  it("lets a member declare their own interest, but not someone else's", async () => {
    const member = await session("member@example.org");
    expect(
      (
        await declare(member, {
          ...interest,
          person_id: "P-MEMBER",
          type: "indirect",
          held_by: "spouse",
        })
      ).status,
    ).toBe(201);
    const res = await declare(member, interest);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/officer/);
  });

  it("refuses the public", async () => {
    const page = await app.request("/login");
    const token =
      /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(
      (await declare({ cookie, "x-csrf-token": token }, interest)).status,
    ).toBe(403);
  });

  it("says which field is wrong", async () => {
    const officer = await session("officer@example.org");
    const badType = await declare(officer, { ...interest, type: "romantic" });
    expect(badType.status).toBe(400);
    expect(await badType.text()).toMatch(/type/);
    const noHolder = await declare(officer, { ...interest, type: "indirect" });
    expect(noHolder.status).toBe(400);
    expect(await noHolder.text()).toMatch(/held_by/);
    const unknown = await declare(officer, {
      ...interest,
      organisation_code: "NOPE-1",
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(/NOPE-1/);
    const nobody = await declare(officer, { ...interest, person_id: "P-X" });
    expect(nobody.status).toBe(404);
  });

  it("describes its routes in the OpenAPI document", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/ics/{code}/interests",
        "/api/ics/{code}/log",
        "/api/ics/{code}/log/verify",
      ]),
    );
  });

  it("lets the public verify the chain", async () => {
    expect(await verify()).toEqual({
      valid: true,
      chains: [expect.objectContaining({ ics: "QZ9", valid: true, length: 2 })],
    });
  });

  it("detects a log entry edited in the database and reports the first broken sequence", async () => {
    await declare(await session("officer@example.org"), {
      ...interest,
      description: "Director of Vale Carers Trading Ltd",
    });
    await db.query(
      `update governance_log set payload = jsonb_set(payload, '{personName}', '"Someone Else"')
       where ics_code = 'QZ9' and sequence = 1`,
    );
    expect(await verify()).toEqual({
      valid: false,
      chains: [
        expect.objectContaining({
          ics: "QZ9",
          valid: false,
          length: 3,
          first_broken: 1,
          reason: expect.stringMatching(/edited/) as unknown,
        }),
      ],
    });
  });
});
