import { z } from "zod";
import { fail, ok, type Actor, type Result } from "@openics/core";
import {
  accountsRepository as repo,
  appendAudit,
  type Database,
} from "@openics/db";
import { hashPassword, hashToken, newToken, verifyPassword } from "./passwords";

export const newUserInput = z.object({
  email: z
    .email("Enter an email address like name@example.org")
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "Enter a name"),
  role: z.enum(["member", "officer", "administrator"]),
  ics: z.string().trim().toUpperCase().nullable().default(null),
  password: z.string().min(12, "A password needs at least 12 characters"),
});
export type NewUserInput = z.input<typeof newUserInput>;

type AccountError = {
  code: "invalid_request" | "conflict" | "forbidden" | "unauthenticated";
  message: string;
};

/** Adds a user. The first user of an instance may be added by the system (`openics user add`). */
export async function addUser(
  db: Database,
  actor: Actor,
  input: NewUserInput,
): Promise<Result<{ id: number; email: string }, AccountError>> {
  const parsed = newUserInput.safeParse(input);
  if (!parsed.success)
    return fail({
      code: "invalid_request",
      message: parsed.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; "),
    });
  if (actor.role !== "administrator")
    return fail({
      code: "forbidden",
      message: "Only an administrator can add users.",
    });
  const user = parsed.data;
  if (await repo.findUserByEmail(db, user.email))
    return fail({
      code: "conflict",
      message: `A user with the email ${user.email} already exists.`,
    });
  const passwordHash = await hashPassword(user.password);
  return db.transaction(async (tx) => {
    const created = await repo.insertUser(tx, {
      email: user.email,
      display_name: user.name,
      role: user.role,
      ics_code: user.ics,
      password_hash: passwordHash,
    });
    await appendAudit(tx, {
      actor: actor.id,
      action: "create",
      entity: "user",
      entityKey: String(created.id),
      icsCode: user.ics,
      after: {
        email: user.email,
        name: user.name,
        role: user.role,
        ics: user.ics,
      },
    });
    return ok({ id: created.id, email: created.email });
  });
}

const SESSION_HOURS = 8;

/** Signs in with email and password; returns a session token for the cookie. */
export async function signIn(
  db: Database,
  email: string,
  password: string,
  now = new Date(),
): Promise<Result<{ token: string; csrfToken: string }, AccountError>> {
  const user = await repo.findUserByEmail(db, email.trim().toLowerCase());
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const valid = user
    ? await verifyPassword(password, user.password_hash)
    : (await verifyPassword(password, DUMMY_HASH), false);
  if (!user || !valid)
    return fail({
      code: "unauthenticated",
      message: "The email address or password is not right.",
    });
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async (tx) => {
    await repo.insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
    });
    await appendAudit(tx, {
      actor: String(user.id),
      action: "sign_in",
      entity: "user",
      entityKey: String(user.id),
      icsCode: user.ics_code,
    });
  });
  return ok({ token, csrfToken });
}

const DUMMY_HASH =
  "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function sessionActor(
  db: Database,
  token: string,
  now = new Date(),
) {
  const found = await repo.findSession(db, hashToken(token), now);
  if (!found) return null;
  const actor: Actor = {
    id: String(found.id),
    role: found.role,
    icsCode: found.ics_code,
  };
  return { actor, name: found.display_name, csrfToken: found.csrf_token };
}

export async function signOut(db: Database, token: string): Promise<void> {
  await db.transaction((tx) => repo.deleteSession(tx, hashToken(token)));
}
