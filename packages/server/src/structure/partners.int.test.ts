import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import { describeEachDatabase, loadSmallDemoGeography } from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

describeEachDatabase("recording partner organisations", (open) => {
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
  const post = (headers: Record<string, string>, body: unknown, ics = "QZ9") =>
    app.request(`/api/ics/${ics}/partners`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const charity = {
    code: "VC-TEST-1",
    name: "Vale Carers Centre (synthetic)",
    sector: "vcse",
  };

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    await addUser(db, SYSTEM_ACTOR, {
      email: "officer@example.org",
      name: "Officer",
      role: "officer",
      ics: "QZ9",
      password,
    });
    await addUser(db, SYSTEM_ACTOR, {
      email: "member@example.org",
      name: "Member",
      role: "member",
      ics: "QZ9",
      password,
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  it("lets an officer of the ICS record a partner, and lists it by sector", async () => {
    const res = await post(await session("officer@example.org"), charity);
    expect(res.status).toBe(201);
    const partners = (await (
      await app.request("/api/ics/QZ9/partners")
    ).json()) as { rows: { code: string; sector: string }[] };
    expect(partners.rows).toContainEqual(
      expect.objectContaining({ code: "VC-TEST-1", sector: "vcse" }),
    );
  });

  it("audits an update with what it was before and after", async () => {
    await post(await session("officer@example.org"), {
      ...charity,
      name: "Vale Carers Trust (synthetic)",
    });
    const [entry] = await listAudit(db, { entity: "partner" });
    expect(entry).toMatchObject({
      action: "update",
      before: { name: "Vale Carers Centre (synthetic)" },
      after: { name: "Vale Carers Trust (synthetic)" },
    });
  });

  it("refuses a member, who may read but not record", async () => {
    expect(
      (await post(await session("member@example.org"), charity)).status,
    ).toBe(403);
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
      (await post({ cookie, "x-csrf-token": token }, charity)).status,
    ).toBe(403);
  });

  it("refuses a request without the session's CSRF token", async () => {
    const { cookie } = await session("officer@example.org");
    expect((await post({ cookie }, charity)).status).toBe(403);
  });

  it("says which field is wrong", async () => {
    const res = await post(await session("officer@example.org"), {
      ...charity,
      sector: "pub",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/sector/);
  });

  it("records a partner through the staff form, without JavaScript, and shows it on the ICS page", async () => {
    const { cookie, "x-csrf-token": token } = await session(
      "officer@example.org",
    );
    const form = await app.request("/ics/QZ9/partners/new", {
      headers: { cookie },
    });
    expect(await form.text()).toContain("Record a partner organisation");
    const res = await app.request("/ics/QZ9/partners/new", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: token,
        code: "HW-VALE",
        name: "Healthwatch Vale (synthetic)",
        sector: "healthwatch",
      }).toString(),
    });
    expect(res.status).toBe(303);
    expect(await (await app.request("/ics/QZ9")).text()).toContain(
      "Healthwatch Vale (synthetic)",
    );
  });

  it("shows the form again with the error summary when a field is wrong", async () => {
    const { cookie, "x-csrf-token": token } = await session(
      "officer@example.org",
    );
    const res = await app.request("/ics/QZ9/partners/new", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: token,
        code: "X",
        name: "",
        sector: "vcse",
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /nhsuk-error-summary[\s\S]*Enter the organisation&#39;s name/,
    );
  });

  it("sends the public to sign in first", async () => {
    const res = await app.request("/ics/QZ9/partners/new");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      "/login?next=%2Fics%2FQZ9%2Fpartners%2Fnew",
    );
  });
});
