import { fail, inEffect, ok, type Result } from "../shared";
import { governanceError, type GovernanceError } from "./errors";
import {
  interestDeclaration,
  type InterestDeclaration,
  type OrganisationNode,
} from "./model";

/**
 * Checks a declaration of interest before it joins the register: complete, and linked to an
 * organisation the structure module knows, so that conflict detection can follow its owners.
 */
export function declareInterest(
  input: unknown,
  organisations: readonly OrganisationNode[],
): Result<InterestDeclaration, GovernanceError> {
  const parsed = interestDeclaration.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError(
        "invalid_declaration",
        `The declaration is not complete: ${parsed.error.issues
          .map((i) => `${i.path.join(".") || "declaration"}: ${i.message}`)
          .join("; ")}.`,
      ),
    );
  const d = parsed.data;
  if (!organisations.some((o) => o.code === d.organisationCode))
    return fail(
      governanceError(
        "unknown_organisation",
        `No partner or supplier has the code ${d.organisationCode}: add the organisation (with its parent owner) first, or correct the code.`,
      ),
    );
  return ok(d);
}

/** The register as published on a date: interests in force, grouped by person, in a stable order. */
export function registerAsAt(
  declarations: readonly InterestDeclaration[],
  asAt: string,
): Map<string, InterestDeclaration[]> {
  const register = new Map<string, InterestDeclaration[]>();
  const current = declarations
    .filter((d) => inEffect(d, asAt))
    .sort(
      (a, b) =>
        a.personId.localeCompare(b.personId) || a.id.localeCompare(b.id),
    );
  for (const d of current)
    register.set(d.personId, [...(register.get(d.personId) ?? []), d]);
  return register;
}
