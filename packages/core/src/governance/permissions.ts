import { atLeast, type Actor } from "../shared";

export type GovernanceAction =
  | "read"
  | "read_private"
  | "declare_interest"
  | "manage_bodies"
  | "run_meeting"
  | "record_decision";

/**
 * Governance is public to read, and anyone may verify the log. Private papers are for members and
 * officers of the ICS; members declare their own interests; officers of the ICS (the board
 * secretary) manage bodies, run meetings and record decisions. National administrators act anywhere.
 */
export function can(
  actor: Actor,
  action: GovernanceAction,
  subject: { icsCode?: string | null; personId?: string | null } = {},
): boolean {
  const ofThisIcs =
    actor.icsCode === null
      ? actor.role === "administrator"
      : actor.icsCode === (subject.icsCode ?? null);
  switch (action) {
    case "read":
      return true;
    case "read_private":
      return atLeast(actor, "member") && ofThisIcs;
    case "declare_interest":
      return (
        ofThisIcs &&
        (atLeast(actor, "officer") ||
          (actor.role === "member" && actor.id === (subject.personId ?? null)))
      );
    case "manage_bodies":
    case "run_meeting":
    case "record_decision":
      return atLeast(actor, "officer") && ofThisIcs;
  }
}
