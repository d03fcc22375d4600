import { fail, formatPence, inEffect, ok, type Result } from "../shared";
import { governanceError, type GovernanceError } from "./errors";
import type { SordEntry } from "./model";

/** Pence as pounds for people to read: 120000000 → "£1,200,000.00". */
export const formatPounds = formatPence;

const covers = (e: SordEntry, valuePence: number) =>
  e.upToPence === null || valuePence <= e.upToPence;
const limit = (e: SordEntry) => e.upToPence ?? Number.POSITIVE_INFINITY;

/**
 * "Who decides X up to value V?": the most delegated body or officer whose limit covers the value,
 * with the body legally responsible for the decision, from the scheme in force on the date.
 */
export function whoDecides(
  scheme: readonly SordEntry[],
  decisionType: string,
  valuePence: number,
  asAt: string,
): Result<SordEntry, GovernanceError> {
  const ofType = scheme.filter(
    (e) => e.decisionType === decisionType && inEffect(e, asAt),
  );
  if (ofType.length === 0)
    return fail(
      governanceError(
        "no_delegation",
        `No entry in the scheme of reservation and delegation covers "${decisionType}" on ${asAt}: add one before this decision is taken.`,
      ),
    );
  const [best] = ofType
    .filter((e) => covers(e, valuePence))
    .sort((a, b) => limit(a) - limit(b));
  if (best === undefined) {
    const highest = Math.max(...ofType.map(limit));
    return fail(
      governanceError(
        "no_delegation",
        `No one may decide "${decisionType}" at ${formatPounds(valuePence)}: the highest delegated limit is ${formatPounds(highest)}. Add a reserved entry to the scheme.`,
      ),
    );
  }
  return ok(best);
}

/** The entry under which this body or officer may take the decision, or null if the scheme does not allow it. */
export function authorityFor(
  scheme: readonly SordEntry[],
  deciderId: string,
  decisionType: string,
  valuePence: number,
  asAt: string,
): SordEntry | null {
  return (
    scheme.find(
      (e) =>
        e.decider.id === deciderId &&
        e.decisionType === decisionType &&
        inEffect(e, asAt) &&
        covers(e, valuePence),
    ) ?? null
  );
}
