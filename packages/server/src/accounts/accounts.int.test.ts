import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import { hashPassword, verifyPassword } from "./passwords";
import { addUser, sessionActor, signIn, signOut } from "./service";

it("hashes passwords with a salt and verifies only the right one", async () => {
  const a = await hashPassword("correct horse battery staple");
  const b = await hashPassword("correct horse battery staple");
  expect(a).not.toBe(b);
  expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await verifyPassword("correct horse battery staple", a)).toBe(true);
  expect(await verifyPassword("Correct horse battery staple", a)).toBe(false);
});

describeEachDatabase("users and sessions", (open) => {
  let db: Database;
  const password = "a long enough passphrase";
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it("adds the first administrator and audits it without the password", async () => {
    const result = await addUser(db, SYSTEM_ACTOR, {
      email: "Admin@Example.org",
      name: "Ada Admin",
      role: "administrator",
      ics: null,
      password,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { email: "admin@example.org" },
    });
    const [entry] = await listAudit(db, { entity: "user" });
    expect(entry?.after).toEqual({
      email: "admin@example.org",
      name: "Ada Admin",
      role: "administrator",
      ics: null,
    });
  });

  it("refuses a second user with the same email", async () => {
    expect(
      await addUser(db, SYSTEM_ACTOR, {
        email: "admin@example.org",
        name: "Again",
        role: "member",
        password,
      }),
    ).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("refuses a short password with a message a person can act on", async () => {
    expect(
      await addUser(db, SYSTEM_ACTOR, {
        email: "b@example.org",
        name: "B",
        role: "member",
        password: "short",
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "invalid_request",
        message: expect.stringMatching(/at least 12 characters/) as unknown,
      },
    });
  });

  it("lets only administrators add users", async () => {
    expect(
      await addUser(db, PUBLIC_ACTOR, {
        email: "c@example.org",
        name: "C",
        role: "member",
        password,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("signs in with the right password, and the session names the actor", async () => {
    const result = await signIn(db, "ADMIN@example.org", password);
    if (!result.ok) throw new Error(result.error.message);
    const session = await sessionActor(db, result.value.token);
    expect(session?.actor).toMatchObject({
      role: "administrator",
      icsCode: null,
    });
    await signOut(db, result.value.token);
    expect(await sessionActor(db, result.value.token)).toBeNull();
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const wrong = await signIn(
      db,
      "admin@example.org",
      "not the password at all",
    );
    const unknown = await signIn(db, "nobody@example.org", password);
    expect(wrong).toEqual(unknown);
  });

  it("ends a session when it expires", async () => {
    const result = await signIn(
      db,
      "admin@example.org",
      password,
      new Date("2020-01-01T00:00:00Z"),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(
      await sessionActor(
        db,
        result.value.token,
        new Date("2020-01-01T09:00:00Z"),
      ),
    ).toBeNull();
  });
});
