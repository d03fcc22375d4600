import { z } from "zod";
import { fail, ok, type Result } from "../shared";

// The public register of data-sharing agreements and the rule every query on patient-level data
// must pass: some agreement in force on the day covers the organisation, the purpose and every
// kind of data the query reads. Commercial use is never permitted.

/** The kinds of patient-level data an agreement may cover (the tables a query reads). */
export const DATA_KINDS = ["patients", "registrations", "events"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const PURPOSES = [
  "population health management",
  "planning and commissioning",
  "health inequalities",
  "public health surveillance",
  "research",
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** UK GDPR Article 6 lawful bases open to NHS bodies for these purposes. */
export const ARTICLE_6_BASES = [
  "6(1)(c) legal obligation",
  "6(1)(e) public task",
] as const;
/** UK GDPR Article 9 conditions for health data. */
export const ARTICLE_9_CONDITIONS = [
  "9(2)(h) health or social care",
  "9(2)(i) public health",
  "9(2)(j) archiving, research and statistics",
] as const;
/** How the common-law duty of confidentiality is met. */
export const COMMON_LAW_BASES = [
  "implied consent for direct care",
  "explicit consent",
  "section 251 support (COPI Regulations 2002, regulation 3)",
  "section 251 support (Confidentiality Advisory Group approval)",
  "statutory direction (Health and Social Care Act 2012)",
  "anonymised data: the duty does not apply",
] as const;

export const COMMERCIAL_USE = "not permitted" as const;

const isoDate = z.iso.date();
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);

export const agreementInputSchema = z
  .object({
    agreement_id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9\-_.]{0,63}$/,
        "letters, digits, - _ . only",
      ),
    title: text("title"),
    organisation: text("organisation"),
    data_scope: z
      .array(z.enum(DATA_KINDS))
      .min(1, "name at least one kind of data"),
    purposes: z.array(z.enum(PURPOSES)).min(1, "name at least one purpose"),
    legal_basis_article_6: z.enum(ARTICLE_6_BASES),
    legal_basis_article_9: z.enum(ARTICLE_9_CONDITIONS),
    common_law_basis: z.enum(COMMON_LAW_BASES),
    processors: z.array(
      z.object({ name: text("processor name"), role: text("processor role") }),
    ),
    valid_from: isoDate,
    valid_until: isoDate,
    commercial_use: z
      .literal(COMMERCIAL_USE, { message: "commercial use is never permitted" })
      .default(COMMERCIAL_USE),
  })
  .refine((a) => a.valid_until >= a.valid_from, {
    path: ["valid_until"],
    message: "must be on or after valid_from",
  });
export type AgreementInput = z.input<typeof agreementInputSchema>;
export type Agreement = z.infer<typeof agreementInputSchema>;

/** What a query asks to do with patient-level data. */
export interface DataUse {
  readonly purpose: string;
  readonly data: readonly DataKind[];
  readonly organisation: string;
  /** The day of the run, YYYY-MM-DD. */
  readonly date: string;
}

const permitsCommercialUse = (a: { readonly commercial_use: string }) =>
  a.commercial_use !== COMMERCIAL_USE;

const same = (a: string, b: string) =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The agreement a use of patient-level data runs under: the first (by id) in force on the day
 * that names the organisation and the purpose and covers every kind of data read. Outside every
 * agreement the use is refused with the reason the nearest agreement does not cover it.
 */
export function agreementFor(
  agreements: readonly Agreement[],
  use: DataUse,
): Result<Agreement, { code: "no_agreement"; message: string }> {
  const reasons: string[] = [];
  for (const a of [...agreements].sort((x, y) =>
    x.agreement_id < y.agreement_id ? -1 : 1,
  )) {
    const why: string[] = [];
    if (!same(a.organisation, use.organisation))
      why.push(`it is for ${a.organisation}`);
    if (!a.purposes.some((p) => same(p, use.purpose)))
      why.push(`it does not allow ${use.purpose}`);
    const missing = use.data.filter((d) => !a.data_scope.includes(d));
    if (missing.length > 0) why.push(`it does not cover ${missing.join(", ")}`);
    if (use.date < a.valid_from || use.date > a.valid_until)
      why.push(`it is in force from ${a.valid_from} to ${a.valid_until}`);
    // A record read back from storage is checked again: commercial use is never covered.
    if (permitsCommercialUse(a)) why.push("it allows commercial use");
    if (why.length === 0) return ok(a);
    reasons.push(`${a.agreement_id}: ${why.join("; ")}`);
  }
  return fail({
    code: "no_agreement",
    message:
      `No data-sharing agreement allows ${use.organisation} to use ${use.data.join(", ")} for ${use.purpose} on ${use.date}` +
      (reasons.length > 0
        ? ` (${reasons.join(". ")})`
        : ": the register holds no agreement"),
  });
}

/**
 * JSON with object keys sorted at every depth, so the same definition always has the same text
 * and so the same hash, whatever order its keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  const json: unknown = JSON.stringify(value);
  return typeof json === "string" ? json : "null";
}
