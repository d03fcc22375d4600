import { z } from "zod";
import {
  fail,
  isoDate,
  ok,
  poundsToPence as sharedPoundsToPence,
  type Result,
} from "../shared";
import { governanceError, type GovernanceError } from "./errors";
import { pence } from "./model";

// The register of gifts and hospitality. A giver is named as given; when it is one of the
// structure module's partner organisations or suppliers its code links the two, so a gift from a
// supplier shows beside that supplier's contracts and the receiver's interests.

export const GIFT_KINDS = ["gift", "hospitality"] as const;
export const giftKind = z.enum(GIFT_KINDS);
export type GiftKind = z.infer<typeof giftKind>;

const text = (what: string) => z.string().trim().min(1, `${what} is empty`);

export const giftEntry = z.object({
  id: text("entry id"),
  personId: text("person id"),
  kind: giftKind,
  giverName: text("giver's name"),
  /** The giver's code in the partner and supplier list, when it is there. */
  giverOrganisationCode: z.string().trim().min(1).nullable(),
  description: text("description"),
  valuePence: pence,
  receivedOn: isoDate,
  accepted: z.boolean(),
  declaredOn: isoDate,
});
export type GiftEntry = z.infer<typeof giftEntry>;

/**
 * Checks a gift or hospitality entry before it joins the register: complete, in whole pence,
 * received no later than it is declared, and, when it names a giver's code, one the structure
 * module knows.
 */
export function recordGift(
  input: unknown,
  knownOrganisationCodes: readonly string[],
): Result<GiftEntry, GovernanceError> {
  const parsed = giftEntry.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError(
        "invalid_gift",
        `The gift or hospitality entry is not complete: ${parsed.error.issues
          .map((i) => `${i.path.join(".") || "entry"}: ${i.message}`)
          .join("; ")}.`,
      ),
    );
  const g = parsed.data;
  if (g.receivedOn > g.declaredOn)
    return fail(
      governanceError(
        "invalid_gift",
        `receivedOn: ${g.receivedOn} is after the date it is declared (${g.declaredOn}); a gift is declared once received or offered.`,
      ),
    );
  if (
    g.giverOrganisationCode !== null &&
    !knownOrganisationCodes.includes(g.giverOrganisationCode)
  )
    return fail(
      governanceError(
        "unknown_organisation",
        `No partner or supplier has the code ${g.giverOrganisationCode}: leave the code empty and name the giver, or add the organisation first.`,
      ),
    );
  return ok(g);
}

/** The gifts register as published on a date: what had been declared by then, newest first. */
export function giftsAsAt<
  G extends Pick<GiftEntry, "id" | "declaredOn" | "receivedOn">,
>(entries: readonly G[], asAt: string): G[] {
  return entries
    .filter((g) => g.declaredOn <= asAt)
    .sort(
      (a, b) =>
        b.receivedOn.localeCompare(a.receivedOn) || a.id.localeCompare(b.id),
    );
}

/** What a reader may search a register by; empty fields match everything. */
export interface RegisterSearch {
  readonly name?: string | undefined;
  readonly organisation?: string | undefined;
  readonly type?: string | undefined;
}

/** A register row as search sees it: who, which organisation (code and name) and which type. */
export interface Searchable {
  readonly personName: string;
  readonly organisationCode: string | null;
  readonly organisationName: string | null;
  readonly type: string;
}

const folded = (s: string) =>
  s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();

/**
 * Whether a register row matches a reader's search: the name and organisation as case- and
 * accent-insensitive parts of the text (the organisation by its name or its code), the type exactly.
 */
export function matchesSearch(
  row: Searchable,
  search: RegisterSearch,
): boolean {
  const name = folded(search.name ?? "");
  const organisation = folded(search.organisation ?? "");
  const type = (search.type ?? "").trim();
  if (name !== "" && !folded(row.personName).includes(name)) return false;
  if (
    organisation !== "" &&
    ![row.organisationCode, row.organisationName].some(
      (o) => o !== null && folded(o).includes(organisation),
    )
  )
    return false;
  return type === "" || row.type === type;
}

/** Pounds as a person types them, in whole pence; a gift is never worth less than nothing. */
export const poundsToPence = (text: string): number | null =>
  sharedPoundsToPence(text);
