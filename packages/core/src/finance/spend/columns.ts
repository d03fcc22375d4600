/**
 * Spend files name the same field in many ways. Each field lists the header names it is known
 * by, best first: when a file has two candidates (a council file has both "Payment Date" and
 * "Effective Date") the earlier name wins. Names are compared after `normaliseHeader`, so case,
 * spaces, punctuation and "(£)" do not matter. To take a new layout, add its names here.
 */
export const SPEND_COLUMN_SYNONYMS = {
  date: [
    "date paid",
    "payment date",
    "date of payment",
    "paid date",
    "transaction date",
    "date",
    "invoice date",
    "posting date",
    "effective date",
  ],
  supplier: [
    "supplier",
    "supplier name",
    "beneficiary name",
    "beneficiary",
    "payee",
    "payee name",
    "vendor",
    "vendor name",
    "creditor",
    "creditor name",
    "merchant name",
    "recipient",
  ],
  amount: [
    "amount",
    "amount gbp",
    "net amount",
    "amount paid",
    "transaction amount",
    "value",
    "net value",
    "payment amount",
    "gross amount",
    "total amount",
  ],
  expense_type: [
    "expense type",
    "expenses type",
    "expenditure type",
    "expenditure category",
    "9an level 9 account name",
    "account name",
    "account description",
    "category",
    "purpose",
    "category internal name",
  ],
  expense_area: [
    "expense area",
    "expenses area",
    "expenditure area",
    "cost centre name",
    "cost centre",
    "service division label",
    "service area",
    "service",
  ],
  transaction_id: [
    "transaction number",
    "transaction reference",
    "transaction id",
    "transaction no",
    "transaction ref",
    "invoice number",
    "invoice reference",
    "invoice ref",
    "reference",
    "document number",
  ],
  body: [
    "entity",
    "organisation name",
    "organisation label",
    "body name",
    "body",
    "organisation",
  ],
  department: [
    "department family",
    "dept family",
    "department",
    "organisational unit",
    "directorate",
  ],
  description: ["description", "narrative", "line description"],
  supplier_postcode: ["supplier postcode", "postcode"],
  vat_number: ["vat registration number", "vat number", "supplier vat number"],
} as const;

export type SpendField = keyof typeof SPEND_COLUMN_SYNONYMS;
export const SPEND_FIELDS = Object.keys(SPEND_COLUMN_SYNONYMS) as SpendField[];
/** A file lacking any of these cannot be imported. */
export const REQUIRED_SPEND_FIELDS: readonly SpendField[] = [
  "date",
  "supplier",
  "amount",
];

/** Header text compared as lower-case words: "Amount (£)" and " amount " are both "amount". */
export function normaliseHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/£/g, " gbp ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/\bgbp\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The column chosen for each field: its position and the header exactly as the file gave it. */
export type SpendColumnMapping = Partial<
  Record<SpendField, { readonly index: number; readonly header: string }>
>;

export type HeaderMatch =
  | { readonly ok: true; readonly mapping: SpendColumnMapping }
  | {
      readonly ok: false;
      readonly mapping: SpendColumnMapping;
      readonly missing: readonly SpendField[];
    };

/** Maps a header row's columns to spend fields through `SPEND_COLUMN_SYNONYMS`. */
export function mapSpendHeader(header: readonly string[]): HeaderMatch {
  const names = header.map(normaliseHeader);
  const mapping: SpendColumnMapping = {};
  const taken = new Set<number>();
  for (const field of SPEND_FIELDS) {
    for (const synonym of SPEND_COLUMN_SYNONYMS[field]) {
      const index = names.findIndex((n, i) => n === synonym && !taken.has(i));
      if (index >= 0) {
        mapping[field] = { index, header: header[index] ?? "" };
        taken.add(index);
        break;
      }
    }
  }
  const missing = REQUIRED_SPEND_FIELDS.filter((f) => !mapping[f]);
  return missing.length === 0
    ? { ok: true, mapping }
    : { ok: false, mapping, missing };
}

/** How many lines from the top a title or preamble may take before the header must appear. */
export const HEADER_SEARCH_LINES = 30;

/**
 * The first record, within `HEADER_SEARCH_LINES`, whose columns map every required field; when
 * none does, the record that mapped most (for the refusal message).
 */
export function findSpendHeader(records: readonly (readonly string[])[]):
  | {
      readonly ok: true;
      readonly index: number;
      readonly mapping: SpendColumnMapping;
    }
  | {
      readonly ok: false;
      readonly index: number;
      readonly header: readonly string[];
      readonly missing: readonly SpendField[];
    } {
  let best: { index: number; missing: readonly SpendField[] } | null = null;
  const limit = Math.min(records.length, HEADER_SEARCH_LINES);
  for (let i = 0; i < limit; i++) {
    const record = records[i] ?? [];
    const match = mapSpendHeader(record);
    if (match.ok) return { ok: true, index: i, mapping: match.mapping };
    if (!best || match.missing.length < best.missing.length)
      best = { index: i, missing: match.missing };
  }
  const index = best?.index ?? 0;
  return {
    ok: false,
    index,
    header: (records[index] ?? []).filter((c) => c.trim() !== ""),
    missing: best?.missing ?? REQUIRED_SPEND_FIELDS,
  };
}
