import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import {
  governanceRepository,
  listAudit,
  migrateAll,
  type Database,
} from "@openics/db";
import {
  describeEachDatabase,
  formPost,
  loadDemoGovernance,
  loadSmallDemoGeography,
  signedInUser,
  type TestSession as Session,
} from "@openics/testkit";
import { createApp } from "../app";
import { recordPartner } from "../structure/partners";

// The staff forms for the register of interests and members' terms: declaring an interest (a
// member their own, an officer anyone's) and ending a term (officers). Each good post is written
// through the same use case as the API, with its audit entry; each bad one writes nothing.

describeEachDatabase("register of interests and term forms", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let officer: Session = { userId: "", cookie: "", csrf: "" };
  let member: Session = { userId: "", cookie: "", csrf: "" };

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    await loadDemoGovernance(db);
    const partner = await recordPartner(db, SYSTEM_ACTOR, "QZ9", {
      code: "VC-FORM-1",
      name: "Vale Carers Forum (synthetic)",
      sector: "vcse",
    });
    if (!partner.ok) throw new Error(partner.error.message);
    officer = await signedInUser(db, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
    });
    member = await signedInUser(db, {
      email: "member@example.org",
      name: "Member",
      role: "member",
      ics: "QZ9",
    });
    await governanceRepository.insertPerson(db, {
      ics_code: "QZ9",
      id: "P-FORM-MEMBER",
      name: "Sam Formmember",
      user_id: member.userId,
    });
    await governanceRepository.insertPerson(db, {
      ics_code: "QZ9",
      id: "P-FORM-OTHER",
      name: "Robin Otherperson",
      user_id: null,
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  const get = (path: string, as: Session | null = officer) =>
    app.request(path, { headers: { cookie: as?.cookie ?? "" } });
  const post = (
    path: string,
    fields: Record<string, string>,
    as: Session = officer,
  ) => app.request(path, formPost(as, fields));
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(sql, params))[0]?.n ?? 0;
  const audits = (action: string) =>
    count("select count(*)::int as n from audit_log where action = $1", [
      action,
    ]);
  const declarations = () =>
    count(
      "select count(*)::int as n from interest_declaration where ics_code = 'QZ9'",
    );
  const logLength = () =>
    count(
      "select count(*)::int as n from governance_log where ics_code = 'QZ9'",
    );

  const R = "/ics/QZ9/registers/interests";
  const G = "/ics/QZ9/governance";
  const interest = {
    person_id: "P-FORM-OTHER",
    type: "financial",
    organisation_code: "VC-FORM-1",
    description: "Paid trustee of Vale Carers Forum",
    held_by: "",
    valid_from: "2025-04-01",
    valid_to: "",
  };

  it("links the interest form from the register for officers and members, not for the public", async () => {
    expect(await (await get(R)).text()).toContain(`${R}/new`);
    expect(await (await get(R, member)).text()).toContain(`${R}/new`);
    const publicView = await (await get(R, null)).text();
    expect(publicView).toContain("Register of interests");
    expect(publicView).not.toContain(`${R}/new`);
  });

  it("sends a visitor who is not signed in to the sign-in page, from both forms", async () => {
    for (const path of [
      `${R}/new`,
      `${G}/memberships/QZ9-audit_committee-x/end`,
    ]) {
      const res = await get(path, null);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toContain("/login");
    }
  });

  it("offers an officer everyone in the ICS, a member only themselves", async () => {
    const staff = await (await get(`${R}/new`)).text();
    expect(staff).toContain("Robin Otherperson");
    expect(staff).toContain("Sam Formmember");
    const own = await (await get(`${R}/new`, member)).text();
    expect(own).toContain("Sam Formmember");
    expect(own).not.toContain("Robin Otherperson");
  });

  it("declares an interest for an officer: on the register, in the log and the audit", async () => {
    const [rows, log, audit] = [
      await declarations(),
      await logLength(),
      await audits("declare_interest"),
    ];
    const res = await post(`${R}/new`, interest);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${R}#history`);
    expect(await declarations()).toBe(rows + 1);
    expect(await logLength()).toBe(log + 1);
    expect(await audits("declare_interest")).toBe(audit + 1);
    const written = await db.query<{
      person_id: string;
      type: string;
      organisation_code: string;
    }>(
      "select person_id, type, organisation_code from interest_declaration where description = $1",
      [interest.description],
    );
    expect(written).toEqual([
      {
        person_id: "P-FORM-OTHER",
        type: "financial",
        organisation_code: "VC-FORM-1",
      },
    ]);
    const register = await (await get(`${R}?as_at=2025-06-01`, null)).text();
    expect(register).toContain("Paid trustee of Vale Carers Forum");
    const verify = (await (
      await app.request("/api/ics/QZ9/log/verify")
    ).json()) as { valid: boolean };
    expect(verify.valid).toBe(true);
  });

  it("refuses a declaration with the fields at fault, keeping what was typed, and writes nothing", async () => {
    const [rows, log] = [await declarations(), await logLength()];
    const res = await post(`${R}/new`, {
      person_id: "P-FORM-OTHER",
      organisation_code: "VC-FORM-1",
      description: "A shareholding kept as typed",
      valid_from: "2025-02-30x",
      valid_to: "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('href="#type"');
    expect(html).toContain('href="#valid_from"');
    expect(html).toContain("A shareholding kept as typed");
    const indirect = await post(`${R}/new`, {
      ...interest,
      type: "indirect",
      valid_to: "2025-01-01",
    });
    expect(indirect.status).toBe(400);
    const indirectHtml = await indirect.text();
    expect(indirectHtml).toContain('href="#held_by"');
    expect(indirectHtml).toContain('href="#valid_to"');
    const unknown = await post(`${R}/new`, {
      ...interest,
      organisation_code: "NO-SUCH-ORG",
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('href="#organisation_code"');
    expect(await declarations()).toBe(rows);
    expect(await logLength()).toBe(log);
  });

  it("lets a member declare their own interest but refuses one for someone else", async () => {
    const before = await declarations();
    const other = await post(`${R}/new`, interest, member);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain(
      "declare an interest for someone else",
    );
    expect(await declarations()).toBe(before);
    const own = await post(
      `${R}/new`,
      {
        ...interest,
        person_id: "P-FORM-MEMBER",
        type: "non_financial_personal",
        description: "Volunteer at Vale Carers Forum",
      },
      member,
    );
    expect(own.status).toBe(303);
    expect(await declarations()).toBe(before + 1);
  });

  it("links an end form beside each member of a body for an officer, not for the public", async () => {
    const body = `${G}/bodies/QZ9-audit_committee`;
    const staff = await (await get(body)).text();
    expect(staff).toMatch(/\/governance\/memberships\/[^"]+\/end"/);
    expect(await (await get(body, null)).text()).not.toContain("/memberships/");
    expect(await (await get(body, member)).text()).not.toContain(
      "/memberships/",
    );
  });

  it("ends a member's term with its reason in the audit, and refuses a bad date writing nothing", async () => {
    const body = `${G}/bodies/QZ9-audit_committee`;
    const staff = await (await get(body)).text();
    const href = /href="([^"]+\/memberships\/[^"]+\/end)"/.exec(staff)?.[1];
    if (href === undefined) throw new Error("no end link on the body page");
    const id = decodeURIComponent(href.split("/").at(-2) ?? "");
    const form = await get(href);
    expect(form.status).toBe(200);
    const before = await audits("end_member");

    const bad = await post(href, { valid_to: "soon", reason: "Resigned" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#valid_to"');
    expect(badHtml).toContain("Resigned");
    const [term] = await db.query<{ valid_from: string }>(
      "select valid_from::text as valid_from from governance_membership where id = $1",
      [id],
    );
    // A term cannot end on the day it starts.
    const early = await post(href, { valid_to: term?.valid_from ?? "" });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('href="#valid_to"');
    expect(await audits("end_member")).toBe(before);
    const refused = await post(href, { valid_to: "2099-01-01" }, member);
    expect(refused.status).toBe(403);

    const done = await post(href, {
      valid_to: "2099-01-01",
      reason: "Resigned to take up a post elsewhere",
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(body);
    expect(await audits("end_member")).toBe(before + 1);
    const [audit] = await listAudit(db, { entity: "governance_membership" });
    expect(audit).toMatchObject({ action: "end_member", entity_key: id });
    expect(JSON.stringify(audit)).toContain(
      "Resigned to take up a post elsewhere",
    );
    const ended = await db.query<{ valid_to: string }>(
      "select valid_to::text as valid_to from governance_membership where id = $1",
      [id],
    );
    expect(ended).toEqual([{ valid_to: "2099-01-01" }]);
  });
});
