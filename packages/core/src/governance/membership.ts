import { inEffect } from "../shared";
import { SECTOR_LABELS } from "../structure";
import type {
  Body,
  Membership,
  MembershipRule,
  OrganisationNode,
  RuleCheck,
} from "./model";

/** The members of a body whose term covers the date (terms are half-open: the end date is the first day off). */
export function membersAsAt(
  bodyId: string,
  memberships: readonly Membership[],
  asAt: string,
): Membership[] {
  return memberships.filter((m) => m.bodyId === bodyId && inEffect(m, asAt));
}

/**
 * Seats per party by the largest-remainder method, ties to the party with more MPs, then by name,
 * so the answer is the same wherever it is computed.
 */
export function partyProportionalSeats(
  seats: number,
  mpsByParty: Readonly<Record<string, number>>,
): Record<string, number> {
  const parties = Object.entries(mpsByParty).filter(([, n]) => n > 0);
  const total = parties.reduce((s, [, n]) => s + n, 0);
  const result: Record<string, number> = {};
  if (total === 0) return result;
  const quotas = parties.map(([party, n]) => {
    const exact = (seats * n) / total;
    return { party, n, whole: Math.floor(exact), remainder: exact % 1 };
  });
  let left = seats - quotas.reduce((s, q) => s + q.whole, 0);
  const byRemainder = [...quotas].sort(
    (a, b) =>
      b.remainder - a.remainder || b.n - a.n || a.party.localeCompare(b.party),
  );
  for (const q of quotas) result[q.party] = q.whole;
  for (const q of byRemainder) {
    if (left <= 0) break;
    result[q.party] = (result[q.party] ?? 0) + 1;
    left--;
  }
  return result;
}

export interface MembershipContext {
  /** The MPs of the area by party, for the scrutiny committee's party-proportion rule. */
  readonly mpsByParty?: Readonly<Record<string, number>>;
  /** Partner organisations, to check who nominated each partner member. */
  readonly organisations?: readonly OrganisationNode[];
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

function checkRule(
  rule: MembershipRule,
  members: readonly Membership[],
  context: MembershipContext,
): { passed: boolean; message: string } {
  switch (rule.kind) {
    case "requires_role": {
      const n = members.filter(
        (m) => rule.roles.includes(m.role) && (!rule.votingOnly || m.voting),
      ).length;
      return n >= rule.atLeast
        ? { passed: true, message: `Has ${rule.label}.` }
        : {
            passed: false,
            message: `Needs ${rule.label}: has ${n}, needs ${rule.atLeast}.`,
          };
    }
    case "balance": {
      const first = members.filter((m) => rule.first.includes(m.role)).length;
      const second = members.filter((m) => rule.second.includes(m.role)).length;
      const counts = `${first} ${rule.first.join("/")} and ${second} ${rule.second.join("/")}`;
      return Math.abs(first - second) <= rule.maxDifference
        ? { passed: true, message: `Balanced: ${counts}.` }
        : {
            passed: false,
            message: `Out of balance (${rule.label}): ${counts}; they may differ by at most ${rule.maxDifference}.`,
          };
    }
    case "nominated_by": {
      const holders = members.filter((m) => m.role === rule.role);
      const wrong = holders.flatMap((m) => {
        const org = context.organisations?.find(
          (o) => o.code === m.nominatedBy,
        );
        if (org?.sector != null && rule.sectors.includes(org.sector)) return [];
        const by =
          m.nominatedBy === null
            ? "has no nominating organisation recorded"
            : org === undefined
              ? `is nominated by ${m.nominatedBy}, which is not in the partner list`
              : `is nominated by ${org.name} (${org.sector === null ? "sector not recorded" : SECTOR_LABELS[org.sector]})`;
        return [`${m.personName} ${by}`];
      });
      return wrong.length === 0
        ? { passed: true, message: `Has ${rule.label}.` }
        : {
            passed: false,
            message: `Needs ${rule.label}: ${wrong.join("; ")}.`,
          };
    }
    case "party_proportion": {
      if (context.mpsByParty === undefined)
        return {
          passed: false,
          message: `Record the area's MPs by party to check ${rule.label}.`,
        };
      const due = partyProportionalSeats(rule.seats, context.mpsByParty);
      const held: Record<string, number> = {};
      for (const m of members)
        if (m.role === rule.role) {
          const party = m.party ?? "no party recorded";
          held[party] = (held[party] ?? 0) + 1;
        }
      const parties = [
        ...new Set([...Object.keys(due), ...Object.keys(held)]),
      ].sort();
      const wrong = parties.filter((p) => (due[p] ?? 0) !== (held[p] ?? 0));
      return wrong.length === 0
        ? { passed: true, message: `Has ${rule.label}.` }
        : {
            passed: false,
            message: `Needs ${rule.label}: ${wrong
              .map(
                (p) =>
                  `${p} has ${plural(held[p] ?? 0, "seat")}, due ${due[p] ?? 0}`,
              )
              .join("; ")}.`,
          };
    }
  }
}

/**
 * Checks a body's membership on a date against its own rules (the Act, NHS England's guidance and
 * its template) and any local rules the ICS adds. Every rule gets a line, passed or not.
 */
export function checkMembership(
  body: Body,
  memberships: readonly Membership[],
  asAt: string,
  localRules: readonly MembershipRule[] = [],
  context: MembershipContext = {},
): RuleCheck[] {
  const members = membersAsAt(body.id, memberships, asAt);
  return [...body.rules, ...localRules].map((rule) => ({
    ruleId: rule.id,
    source: rule.source,
    label: rule.label,
    ...checkRule(rule, members, context),
  }));
}
