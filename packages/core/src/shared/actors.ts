/** Roles, from least to most trusted. Every role but public is scoped to one ICS, or to all (national). */
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
/** The actor for work the system does itself, such as loading the demo ICS on first start. */
export const SYSTEM_ACTOR: Actor = {
  id: "system",
  role: "administrator",
  icsCode: null,
};

export const atLeast = (actor: Actor, role: Role): boolean =>
  ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
