import { z } from "zod";
import { utlaGss } from "../structure";

// Spend files carry no place. A line is attributed to a place by these rules, in order:
// 1. a file published by a local authority belongs to that authority's place (the paying body's
//    code is the place's upper-tier code, or one of its districts' codes);
// 2. an officer's mapping of (paying body, expense area) to a place; a mapping with no expense
//    area covers every area of that body that has no mapping of its own;
// 3. otherwise the line is ICS-wide and not attributed, and is shown as such with its total.

/** How a spend line came to its place. */
export const SPEND_PLACE_BASES = [
  "local_authority",
  "mapping",
  "not_attributed",
] as const;
export type SpendPlaceBasis = (typeof SPEND_PLACE_BASES)[number];
export const SPEND_PLACE_BASIS_LABELS: Record<SpendPlaceBasis, string> = {
  local_authority: "Published by the place's local authority",
  mapping: "Mapped by an officer from the paying body and expense area",
  not_attributed: "ICS-wide / not attributed",
};

/** An officer's rule: spend of this body in this expense area belongs to this place. */
export const spendPlaceMappingInput = z.object({
  body_code: z
    .string()
    .trim()
    .min(1, "the paying body's code is empty")
    .max(40, "the paying body's code is too long"),
  /** Empty: every expense area of the body that has no mapping of its own. */
  expense_area: z
    .string()
    .trim()
    .max(200, "the expense area is too long")
    .default(""),
  place_code: utlaGss,
});
export type SpendPlaceMappingInput = z.infer<typeof spendPlaceMappingInput>;

export interface SpendPlace {
  /** The place's upper-tier local authority code. */
  readonly code: string;
  /** Its lower-tier districts' codes (a unitary authority is its own district). */
  readonly districts: readonly string[];
}

export interface SpendPlaceAttribution {
  readonly place_code: string | null;
  readonly basis: SpendPlaceBasis;
}

/** Expense areas are compared as people type them: case, spacing and padding do not matter. */
export const expenseAreaKey = (area: string | null): string =>
  (area ?? "").trim().replace(/\s+/g, " ").toLowerCase();

/** Attributes spend lines to places; build once per ICS, then call for each line. */
export function spendPlaceAttributor(
  places: readonly SpendPlace[],
  mappings: readonly SpendPlaceMappingInput[],
): (line: {
  readonly body_code: string;
  readonly expense_area: string | null;
}) => SpendPlaceAttribution {
  const authority = new Map<string, string>();
  for (const p of places) {
    for (const d of p.districts) authority.set(d.toUpperCase(), p.code);
    authority.set(p.code.toUpperCase(), p.code);
  }
  const known = new Set(places.map((p) => p.code));
  const mapped = new Map<string, string>();
  for (const m of mappings)
    if (known.has(m.place_code))
      mapped.set(
        `${m.body_code.trim().toUpperCase()}\u0000${expenseAreaKey(m.expense_area)}`,
        m.place_code,
      );
  return (line) => {
    const body = line.body_code.trim().toUpperCase();
    const la = authority.get(body);
    if (la !== undefined) return { place_code: la, basis: "local_authority" };
    const exact = mapped.get(
      `${body}\u0000${expenseAreaKey(line.expense_area)}`,
    );
    const any = mapped.get(`${body}\u0000`);
    const place = exact ?? any;
    return place !== undefined
      ? { place_code: place, basis: "mapping" }
      : { place_code: null, basis: "not_attributed" };
  };
}
