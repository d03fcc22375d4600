import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import { createApp } from "../app";
import { addUser } from "./service";

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .join("; ");

describeEachDatabase("signing in through the portal", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await addUser(db, SYSTEM_ACTOR, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
      password: "a long enough passphrase",
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  const signInForm = async () => {
    const page = await app.request("/login");
    const token =
      /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    return { token, cookie: cookiesOf(page) };
  };

  it("signs in with the form's token and shows the user's name", async () => {
    const { token, cookie } = await signInForm();
    const res = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({
        _csrf: token,
        email: "secretary@example.org",
        password: "a long enough passphrase",
        next: "/",
      }).toString(),
    });
    expect(res.status).toBe(303);
    const session = cookiesOf(res);
    expect(session).toMatch(/openics_session=/);
    const home = await app.request("/", { headers: { cookie: session } });
    expect(await home.text()).toContain("Board Secretary");
  });

  it("answers a wrong password on the form, with the error summary, and no session", async () => {
    const { token, cookie } = await signInForm();
    const res = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({
        _csrf: token,
        email: "secretary@example.org",
        password: "wrong password here",
      }).toString(),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(
      /nhsuk-error-summary[\s\S]*email address or password is not right/,
    );
    expect(cookiesOf(res)).not.toMatch(/openics_session=/);
  });

  it("refuses a sign-in posted without the form's token", async () => {
    const res = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: "secretary@example.org",
        password: "a long enough passphrase",
      }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it("never sends the user to another site after signing in", async () => {
    const { token, cookie } = await signInForm();
    const res = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({
        _csrf: token,
        email: "secretary@example.org",
        password: "a long enough passphrase",
        next: "//evil.example",
      }).toString(),
    });
    expect(res.headers.get("location")).toBe("/");
  });
});
