import type { RowProblem } from "../../shared";
import {
  findSpendHeader,
  SPEND_FIELDS,
  type SpendColumnMapping,
  type SpendField,
} from "./columns";
import {
  cleanCell,
  parseMoney,
  parseSpendDate,
  slashOrderOf,
  type SlashOrder,
} from "./values";

/** One transaction line of a spend file, as published (amount signed as the file gives it). */
export interface SpendLine {
  /** Line of the file (CSV) or row of the sheet (XLSX) it came from. */
  readonly line: number;
  readonly payment_date: string;
  readonly supplier: string;
  /** Integer pence; null when the file leaves the amount empty. */
  readonly amount_pence: number | null;
  readonly expense_type: string | null;
  readonly expense_area: string | null;
  readonly transaction_id: string | null;
  readonly body_name: string | null;
  readonly department: string | null;
  readonly description: string | null;
}

/** What was chosen to read a file: the header's place and each field's column. */
export interface SpendLayout {
  readonly header_line: number;
  readonly mapping: Partial<Record<SpendField, string>>;
  readonly date_order: SlashOrder;
}

export type SpendParse =
  | {
      readonly ok: true;
      readonly layout: SpendLayout;
      readonly lines: readonly SpendLine[];
      /** Blank, empty-supplier and total lines passed over, by line. */
      readonly skipped: readonly { line: number; reason: string }[];
    }
  | {
      readonly ok: false;
      readonly code: "unrecognised_file" | "invalid_rows" | "no_rows";
      readonly problems: readonly RowProblem[];
    };

/** At most this many problems are reported for one file. */
export const MAX_PROBLEMS = 50;

/** A line that totals the others rather than recording a payment, e.g. "Grand Total". */
const TOTAL_LABEL = /^(grand\s+|sub[\s-]?)?totals?(\s+(for|of)\b.*)?:?$/i;

/**
 * Reads a spend file's records (CSV fields, or sheet cells written as text) into spend lines.
 * The header may follow title lines; columns are taken by name (see SPEND_COLUMN_SYNONYMS).
 * Blank lines and total lines are passed over; a supplier merely containing "total" is kept.
 * Every bad value is reported with its line and field; any problem refuses the whole file.
 */
export function parseSpendRecords(
  file: string,
  records: readonly (readonly string[])[],
  lineNumbers?: readonly number[],
): SpendParse {
  const lineOf = (i: number) => lineNumbers?.[i] ?? i + 1;
  const nonBlank = records.filter((r) => r.some((c) => cleanCell(c) !== ""));
  if (nonBlank.length === 0)
    return {
      ok: false,
      code: "no_rows",
      problems: [
        { file, line: 1, field: "(file)", message: "the file is empty" },
      ],
    };
  const found = findSpendHeader(records);
  if (!found.ok)
    return {
      ok: false,
      code: "unrecognised_file",
      problems: [
        {
          file,
          line: lineOf(found.index),
          field: "(header)",
          message: `the columns do not make a spend file: found ${found.header.map((h) => `"${h}"`).join(", ") || "no column names"}; no column for ${found.missing.join(", ")} (see SPEND_COLUMN_SYNONYMS for the names taken)`,
        },
      ],
    };
  const mapping: SpendColumnMapping = found.mapping;
  const col = (field: SpendField) => mapping[field]?.index;
  const dateCol = col("date") ?? 0;
  const supplierCol = col("supplier") ?? 0;
  const amountCol = col("amount") ?? 0;
  const data = records.slice(found.index + 1);
  const order = slashOrderOf(data.map((r) => r[dateCol] ?? ""));
  const problems: RowProblem[] = [];
  const lines: SpendLine[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const text = (r: readonly string[], field: SpendField) => {
    const i = col(field);
    if (i === undefined) return null;
    const v = cleanCell(r[i] ?? "");
    return v === "" ? null : v;
  };
  for (let k = 0; k < data.length; k++) {
    const r = data[k] ?? [];
    const line = lineOf(found.index + 1 + k);
    if (problems.length >= MAX_PROBLEMS) break;
    if (r.every((c) => cleanCell(c) === "")) continue;
    const supplier = cleanCell(r[supplierCol] ?? "");
    const labels = r.map(cleanCell).filter((c) => c !== "");
    if (
      TOTAL_LABEL.test(supplier) ||
      (supplier === "" && labels.some((c) => TOTAL_LABEL.test(c)))
    ) {
      skipped.push({ line, reason: "a total line" });
      continue;
    }
    const amount = parseMoney(r[amountCol] ?? "");
    const date = parseSpendDate(r[dateCol] ?? "", order);
    if (supplier === "") {
      if (amount === null) {
        skipped.push({ line, reason: "no supplier and no amount" });
        continue;
      }
      problems.push({
        file,
        line,
        field: mapping.supplier?.header ?? "supplier",
        message: "the supplier is empty but the line has an amount",
      });
      continue;
    }
    if (amount && !amount.ok)
      problems.push({
        file,
        line,
        field: mapping.amount?.header ?? "amount",
        message: amount.message,
      });
    if (date === null)
      problems.push({
        file,
        line,
        field: mapping.date?.header ?? "date",
        message: "the date is empty",
      });
    else if (!date.ok)
      problems.push({
        file,
        line,
        field: mapping.date?.header ?? "date",
        message: `${date.message} (read as ${order === "dmy" ? "day/month/year" : "month/day/year"})`,
      });
    if (!date?.ok || (amount && !amount.ok)) continue;
    lines.push({
      line,
      payment_date: date.value,
      supplier,
      amount_pence: amount ? amount.value : null,
      expense_type: text(r, "expense_type"),
      expense_area: text(r, "expense_area"),
      transaction_id: text(r, "transaction_id"),
      body_name: text(r, "body"),
      department: text(r, "department"),
      description: text(r, "description"),
    });
  }
  if (problems.length > 0) return { ok: false, code: "invalid_rows", problems };
  if (lines.length === 0)
    return {
      ok: false,
      code: "no_rows",
      problems: [
        {
          file,
          line: lineOf(found.index),
          field: "(file)",
          message: "the file has a header but no transaction lines",
        },
      ],
    };
  const chosen: Partial<Record<SpendField, string>> = {};
  for (const f of SPEND_FIELDS) {
    const m = mapping[f];
    if (m) chosen[f] = m.header;
  }
  return {
    ok: true,
    layout: {
      header_line: lineOf(found.index),
      mapping: chosen,
      date_order: order,
    },
    lines,
    skipped,
  };
}

/** The figures a reader checks a file by: rows, total, distinct suppliers, date range. */
export interface SpendSummary {
  readonly rows: number;
  readonly total_pence: number;
  readonly distinct_suppliers: number;
  readonly earliest_date: string | null;
  readonly latest_date: string | null;
}

/** Suppliers compared as the file names them, case-folded; redaction labels count as named. */
export const supplierKey = (supplier: string): string =>
  cleanCell(supplier).toLowerCase();

export function summariseSpend(lines: readonly SpendLine[]): SpendSummary {
  let total = 0;
  let earliest: string | null = null;
  let latest: string | null = null;
  const suppliers = new Set<string>();
  for (const l of lines) {
    total += l.amount_pence ?? 0;
    suppliers.add(supplierKey(l.supplier));
    if (earliest === null || l.payment_date < earliest)
      earliest = l.payment_date;
    if (latest === null || l.payment_date > latest) latest = l.payment_date;
  }
  return {
    rows: lines.length,
    total_pence: total,
    distinct_suppliers: suppliers.size,
    earliest_date: earliest,
    latest_date: latest,
  };
}

/**
 * Who may import spend files: a national administrator for any body, an ICS's own officers and
 * administrators for that ICS's bodies.
 */
export function canImportSpend(
  actor: { readonly role: string; readonly icsCode: string | null },
  icsCode: string | null,
): boolean {
  if (actor.role === "administrator" && actor.icsCode === null) return true;
  return (
    (actor.role === "officer" || actor.role === "administrator") &&
    actor.icsCode !== null &&
    actor.icsCode === icsCode
  );
}
