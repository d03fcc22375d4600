/** Roles, from least to most trusted; every role but public is scoped to one ICS or to all. */
export const ROLES = ["public", "member", "officer", "administrator"] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** The ICS (ICB ODS code) the actor works for; null for national administrators and the public. */
  readonly icsCode: string | null;
}

export const PUBLIC_ACTOR: Actor = {
  id: "public",
  role: "public",
  icsCode: null,
};
export const SYSTEM_ACTOR: Actor = {
  id: "system",
  role: "administrator",
  icsCode: null,
};

export type StructureAction = "read" | "import" | "edit_partner";

const rank = (role: Role) => ROLES.indexOf(role);

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
        rank(actor.role) >= rank("officer") &&
        (actor.icsCode === null || actor.icsCode === (subject.icsCode ?? null))
      );
  }
}
