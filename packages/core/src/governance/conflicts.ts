import { inEffect } from "../shared";
import {
  INTEREST_TYPE_LABELS,
  type AgendaItem,
  type InterestDeclaration,
  type InterestType,
  type ItemConcern,
  type Membership,
  type OrganisationNode,
} from "./model";

/** One member's declared interest touching one agenda item, with the chain of ownership that links them. */
export interface Conflict {
  readonly itemId: string;
  readonly personId: string;
  readonly personName: string;
  readonly declarationId: string;
  readonly interestType: InterestType;
  /** direct: the interest is in an organisation the item names; parent_owner: linked through ownership. */
  readonly route: "direct" | "parent_owner";
  /** Organisation codes from the declared interest to the organisation the item concerns. */
  readonly path: readonly string[];
  readonly explanation: string;
}

/** An organisation followed by its parent owners up to the ultimate parent (stopping at any loop in the data). */
export function ownershipChain(
  code: string,
  organisations: ReadonlyMap<string, OrganisationNode>,
): string[] {
  const chain = [code];
  let parent = organisations.get(code)?.parentCode ?? null;
  while (parent !== null && !chain.includes(parent)) {
    chain.push(parent);
    parent = organisations.get(parent)?.parentCode ?? null;
  }
  return chain;
}

interface Touched {
  readonly code: string;
  /** How the item names it, to finish the explanation: "names X as a supplier". */
  readonly how: string;
}

function touchedOrganisations(
  concern: ItemConcern,
  organisations: readonly OrganisationNode[],
  nameOf: (code: string) => string,
): Touched[] {
  switch (concern.kind) {
    case "organisation":
      return [{ code: concern.code, how: `names ${nameOf(concern.code)}` }];
    case "supplier":
      return [
        {
          code: concern.code,
          how: `names ${nameOf(concern.code)} as a supplier`,
        },
      ];
    case "contract":
      return [
        {
          code: concern.supplierCode,
          how: `concerns contract ${concern.reference} with ${nameOf(concern.supplierCode)}`,
        },
      ];
    case "place":
      return [
        {
          code: concern.code,
          how: `concerns the place ${nameOf(concern.code)}`,
        },
        ...organisations
          .filter((o) => o.placeCode === concern.code)
          .map((o) => ({
            code: o.code,
            how: `concerns the place ${nameOf(concern.code)}, where ${o.name} works`,
          })),
      ];
  }
}

/**
 * The ownership path linking two organisations through their nearest common owner, or null if none.
 * Up to `commonAt` each organisation is owned by the next; after it, each owns the next.
 */
function linkingPath(
  interestIn: string,
  touched: string,
  organisations: ReadonlyMap<string, OrganisationNode>,
): { path: string[]; commonAt: number } | null {
  const up = ownershipChain(interestIn, organisations);
  const down = ownershipChain(touched, organisations);
  const commonAt = up.findIndex((code) => down.includes(code));
  const common = up[commonAt];
  if (common === undefined) return null;
  return {
    path: [
      ...up.slice(0, commonAt + 1),
      ...down.slice(0, down.indexOf(common)).reverse(),
    ],
    commonAt,
  };
}

function explain(
  person: string,
  declaration: InterestDeclaration,
  itemNumber: string,
  link: { path: readonly string[]; commonAt: number },
  how: string,
  nameOf: (code: string) => string,
): string {
  const type = INTEREST_TYPE_LABELS[declaration.type];
  const holder =
    declaration.type === "indirect" && declaration.heldBy !== null
      ? ` (held by their ${declaration.heldBy})`
      : "";
  const parts = [
    `${person} declared ${type === "indirect" ? "an" : "a"} ${type} interest${holder} in ${nameOf(declaration.organisationCode)}`,
  ];
  link.path.slice(1).forEach((next, i) => {
    const from = nameOf(link.path[i] ?? "");
    parts.push(
      i < link.commonAt
        ? `${from} is owned by ${nameOf(next)}`
        : `${nameOf(next)} is owned by ${from}`,
    );
  });
  return `${parts.join("; ")}; item ${itemNumber} ${how}.`;
}

/**
 * Every member of the meeting whose declared interest touches the item: directly, via a parent
 * owner (shared ownership up the organisation graph), or via an indirect interest held by someone
 * close to them. Declarations are taken as in force on the meeting date.
 */
export function findConflicts(
  item: AgendaItem,
  members: readonly Membership[],
  declarations: readonly InterestDeclaration[],
  organisations: readonly OrganisationNode[],
  asAt: string,
): Conflict[] {
  const byCode = new Map(organisations.map((o) => [o.code, o]));
  const nameOf = (code: string) => byCode.get(code)?.name ?? code;
  const touched = item.concerns.flatMap((c) =>
    touchedOrganisations(c, organisations, nameOf),
  );
  const people = new Map(members.map((m) => [m.personId, m.personName]));
  const conflicts: Conflict[] = [];
  const seen = new Set<string>();
  for (const d of declarations) {
    const person = people.get(d.personId);
    if (person === undefined || !inEffect(d, asAt)) continue;
    for (const t of touched) {
      const link = linkingPath(d.organisationCode, t.code, byCode);
      if (link === null) continue;
      const path = link.path;
      const key = `${d.id}|${path.join(">")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      conflicts.push({
        itemId: item.id,
        personId: d.personId,
        personName: person,
        declarationId: d.id,
        interestType: d.type,
        route: path.length === 1 ? "direct" : "parent_owner",
        path,
        explanation: explain(person, d, item.number, link, t.how, nameOf),
      });
    }
  }
  return conflicts;
}
