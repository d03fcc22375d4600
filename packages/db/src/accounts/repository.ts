import type { Queryable } from "../database";

export interface UserRecord {
  id: number;
  email: string;
  display_name: string;
  role: "member" | "officer" | "administrator";
  ics_code: string | null;
  password_hash: string;
}

export async function insertUser(
  tx: Queryable,
  user: Omit<UserRecord, "id">,
): Promise<UserRecord> {
  const [row] = await tx.query<UserRecord & Record<string, unknown>>(
    `insert into app_user (email, display_name, role, ics_code, password_hash) values ($1, $2, $3, $4, $5)
     returning id, email, display_name, role, ics_code, password_hash`,
    [
      user.email,
      user.display_name,
      user.role,
      user.ics_code,
      user.password_hash,
    ],
  );
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRecord & Record<string, unknown>>(
    "select id, email, display_name, role, ics_code, password_hash from app_user where email = $1",
    [email],
  );
  return row;
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from app_user",
  );
  return row?.n ?? 0;
}

export async function insertSession(
  tx: Queryable,
  session: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    "insert into app_session (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)",
    [
      session.tokenHash,
      session.userId,
      session.csrfToken,
      session.expiresAt.toISOString(),
    ],
  );
}

export async function findSession(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<(UserRecord & { csrf_token: string }) | undefined> {
  const [row] = await db.query<
    UserRecord & { csrf_token: string } & Record<string, unknown>
  >(
    `select u.id, u.email, u.display_name, u.role, u.ics_code, u.password_hash, s.csrf_token
     from app_session s join app_user u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > $2`,
    [tokenHash, now.toISOString()],
  );
  return row;
}

export async function deleteSession(
  tx: Queryable,
  tokenHash: string,
): Promise<void> {
  await tx.query("delete from app_session where token_hash = $1", [tokenHash]);
}
