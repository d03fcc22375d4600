import { atLeast, type Actor } from "../shared";

export type FinanceAction = "read" | "import" | "record";

/**
 * Fair shares and budgets are public to read; weighted populations are national data, imported
 * by a national administrator; an ICS's budgets, pooled budgets, earmark, capital plan, assets and
 * money flow are recorded by its own officers (or a national administrator).
 */
export function can(
  actor: Actor,
  action: FinanceAction,
  icsCode: string | null = null,
): boolean {
  switch (action) {
    case "read":
      return true;
    case "import":
      return actor.role === "administrator" && actor.icsCode === null;
    case "record":
      if (actor.role === "administrator" && actor.icsCode === null) return true;
      return (
        atLeast(actor, "officer") &&
        icsCode !== null &&
        actor.icsCode?.toUpperCase() === icsCode.toUpperCase()
      );
  }
}
