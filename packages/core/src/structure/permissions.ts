import { atLeast, type Actor } from "../shared";

export type StructureAction = "read" | "import" | "edit_partner";

/** Structure is public to read; imports are national and need an administrator; partners need an officer of that ICS. */
export function can(
  actor: Actor,
  action: StructureAction,
  subject: { icsCode?: string | null } = {},
): boolean {
  switch (action) {
    case "read":
      return true;
    case "import":
      return actor.role === "administrator" && actor.icsCode === null;
    case "edit_partner":
      return (
        atLeast(actor, "officer") &&
        (actor.icsCode === null || actor.icsCode === (subject.icsCode ?? null))
      );
  }
}
