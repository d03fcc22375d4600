import type { Actor } from "@openics/core";
import type { Database } from "@openics/db";

/** What every request handler can reach: the database and who is asking. */
export interface AppEnv {
  Variables: {
    db: Database;
    actor: Actor;
    /** The signed-in user's name, for the header; null for the public. */
    userName: string | null;
    /** The token every form must send back (CSRF protection); present for every visitor. */
    csrfToken: string;
    requestId: string;
  };
}
