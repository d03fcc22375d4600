// What the server's page and API tests share: the small demo ICS's geography, and a user signed
// in as a browser would be, with the session cookie and CSRF token every staff request carries.
import { SYSTEM_ACTOR, type Role } from "@openics/core";
import type { Database } from "@openics/db";
import { accountsService, importGeography } from "@openics/server";
import { generateDemoIcs } from "./demo";

/** The password every test user is given (long enough for the accounts rules). */
export const TEST_PASSWORD = "a long enough passphrase";

/** Imports the geography of a small demo ICS (QZ9): by default seed 5 at 5% scale. */
export async function loadSmallDemoGeography(
  db: Database,
  options: { readonly seed?: number; readonly scale?: number } = {},
): Promise<void> {
  const files = generateDemoIcs({
    seed: options.seed ?? 5,
    scale: options.scale ?? 0.05,
  }).map((f) => ({ path: f.name, bytes: Buffer.from(f.contents) }));
  const loaded = await importGeography(db, SYSTEM_ACTOR, files);
  if (!loaded.ok) throw new Error(loaded.message);
}

export interface TestSession {
  readonly userId: string;
  /** The Cookie header of the session. */
  readonly cookie: string;
  readonly csrf: string;
}

/** Adds a user and signs them in. */
export async function signedInUser(
  db: Database,
  user: {
    readonly email: string;
    readonly name?: string;
    readonly role: Exclude<Role, "public">;
    readonly ics: string | null;
  },
): Promise<TestSession> {
  const added = await accountsService.addUser(db, SYSTEM_ACTOR, {
    email: user.email,
    name: user.name ?? user.email,
    role: user.role,
    ...(user.ics === null ? {} : { ics: user.ics }),
    password: TEST_PASSWORD,
  });
  if (!added.ok) throw new Error(added.error.message);
  const session = await accountsService.signIn(db, user.email, TEST_PASSWORD);
  if (!session.ok) throw new Error(session.error.message);
  return {
    userId: String(added.value.id),
    cookie: `openics_session=${session.value.token}`,
    csrf: session.value.csrfToken,
  };
}

/**
 * A form post as a browser sends it: URL-encoded, with the session's cookie and CSRF token; a
 * field given as a list is sent once for each value (checkboxes).
 */
export function formPost(
  session: Pick<TestSession, "cookie" | "csrf">,
  fields: Readonly<Record<string, string | readonly string[]>>,
): RequestInit {
  const body = new URLSearchParams({ _csrf: session.csrf });
  for (const [k, v] of Object.entries(fields))
    for (const x of typeof v === "string" ? [v] : v) body.append(k, x);
  return {
    method: "POST",
    headers: {
      cookie: session.cookie,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: body.toString(),
  };
}
