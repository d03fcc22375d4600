import type { Actor } from "../shared";

export type FinanceAction = "read" | "import";

/** Fair shares are public to read; weighted populations are national data, imported by a national administrator. */
export function can(actor: Actor, action: FinanceAction): boolean {
  switch (action) {
    case "read":
      return true;
    case "import":
      return actor.role === "administrator" && actor.icsCode === null;
  }
}
