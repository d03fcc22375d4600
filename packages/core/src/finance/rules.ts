import type { RowProblem } from "../shared";
import {
  NEED_COMPONENTS,
  practiceWeightedPopulationRow,
  type NeedComponent,
  type NeedIndexLevel,
  type NeedIndexRow,
  type PracticeWeightedPopulation,
} from "./model";

// ---- Files, recognised by their header ----------------------------------------------------

const PRACTICE_COLUMNS = Object.keys(practiceWeightedPopulationRow.shape);

/** Published tables OpenICS recomputes (and tests itself against), so they are not imported. */
export const FINANCE_SUMMARY_KINDS = [
  {
    kind: "icb-need-index",
    title: "Published ICB need indices",
    reason: "OpenICS computes these from the practice files",
    signature: ["icb_code", "registered_population", "need_index", "practices"],
    absent: ["la_code"],
  },
  {
    kind: "place-need-index",
    title: "Published place need indices",
    reason: "OpenICS computes these from the practice files",
    signature: ["icb_code", "la_code", "need_index", "share_of_icb_population"],
    absent: [],
  },
  {
    kind: "england-totals",
    title: "England totals of the weighted populations",
    reason: "OpenICS computes these from the practice files",
    signature: [
      "year",
      "practices",
      "registered_population",
      "wp_core_overall",
    ],
    absent: ["practice_code", "icb_code"],
  },
  {
    kind: "lad-upper-tier-lookup",
    title: "District to upper-tier authority lookup",
    reason:
      "already applied: the practice files carry the upper-tier authority",
    signature: ["lad21_code", "utla21_code", "utla23_code"],
    absent: [],
  },
] as const;

export type FinanceFileKind =
  | { readonly type: "practices"; readonly title: string }
  | {
      readonly type: "summary";
      readonly kind: (typeof FINANCE_SUMMARY_KINDS)[number]["kind"];
      readonly title: string;
      readonly reason: string;
    }
  | { readonly type: "incomplete"; readonly missing: readonly string[] };

/**
 * Which finance file a header belongs to. Every allocation year from 2022-23 has the same tidy
 * layout, so a practice file is known by its columns, whatever its name or year.
 */
export function recogniseFinanceCsv(
  header: readonly string[],
): FinanceFileKind | null {
  const columns = new Set(header.map((h) => h.trim().replace(/^\uFEFF/, "")));
  const missing = PRACTICE_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length === 0)
    return { type: "practices", title: "GP practice weighted populations" };
  for (const s of FINANCE_SUMMARY_KINDS)
    if (
      s.signature.every((c) => columns.has(c)) &&
      s.absent.every((c) => !columns.has(c))
    )
      return {
        type: "summary",
        kind: s.kind,
        title: s.title,
        reason: s.reason,
      };
  // Most of the practice columns: a practice file with some missing, and saying so helps.
  if (missing.length * 2 < PRACTICE_COLUMNS.length)
    return { type: "incomplete", missing };
  return null;
}

const MAX_PROBLEMS = 20;

/**
 * Validates the data records of a practice file (header already recognised): every field of
 * every line, one year per file, no practice twice. Lines count from 1 at the header.
 */
export function validatePracticeRecords(
  file: string,
  header: readonly string[],
  records: readonly (readonly string[])[],
):
  | { ok: true; year: string; rows: PracticeWeightedPopulation[] }
  | { ok: false; problems: RowProblem[] } {
  const columns = header.map((h) => h.trim().replace(/^\uFEFF/, ""));
  const problems: RowProblem[] = [];
  const rows: PracticeWeightedPopulation[] = [];
  const seen = new Map<string, number>();
  let year: { value: string; line: number } | null = null;
  if (records.length === 0)
    return {
      ok: false,
      problems: [
        {
          file,
          line: 2,
          field: "(file)",
          message: "the file has a header and no data rows",
        },
      ],
    };
  for (let i = 0; i < records.length && problems.length < MAX_PROBLEMS; i++) {
    const line = i + 2;
    const cells = records[i] ?? [];
    if (cells.length !== columns.length) {
      problems.push({
        file,
        line,
        field: "(row)",
        message: `the row has ${cells.length} fields and the header ${columns.length} (is the file cut short?)`,
      });
      continue;
    }
    const record: Record<string, string> = {};
    columns.forEach((c, j) => (record[c] = cells[j] ?? ""));
    const result = practiceWeightedPopulationRow.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3))
        problems.push({
          file,
          line,
          field: issue.path.join(".") || "(row)",
          message: issue.message,
        });
      continue;
    }
    const row = result.data;
    if (year === null) year = { value: row.year, line };
    else if (row.year !== year.value) {
      problems.push({
        file,
        line,
        field: "year",
        message: `${row.year} differs from ${year.value} on line ${year.line}: one file holds one allocation year`,
      });
      continue;
    }
    const first = seen.get(row.practice_code);
    if (first !== undefined) {
      problems.push({
        file,
        line,
        field: "practice_code",
        message: `duplicates line ${first} (${row.practice_code})`,
      });
      continue;
    }
    seen.set(row.practice_code, line);
    rows.push(row);
  }
  if (problems.length > 0 || year === null) return { ok: false, problems };
  return { ok: true, year: year.value, rows };
}

// ---- Exact decimals ---------------------------------------------------------------------

/**
 * Populations are summed as integers of 10^-18 of a person, so sums are exact whatever their
 * order (the files carry at most 10 decimal places). Only the final ratios become floats.
 */
const SCALE_DIGITS = 18;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

export function toUnits(decimal: string): bigint {
  const [whole = "0", fraction = ""] = decimal.trim().split(".");
  const kept = fraction.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, "0");
  // Digits beyond 10^-18 are rounded half up; no file has them.
  const roundUp = (fraction[SCALE_DIGITS] ?? "0") >= "5" ? 1n : 0n;
  return BigInt(whole) * SCALE + BigInt(kept) + roundUp;
}

/** Units back to exact decimal text, trailing zeros dropped (for numeric columns). */
export function unitsToDecimal(units: bigint): string {
  const whole = units / SCALE;
  const fraction = (units % SCALE)
    .toString()
    .padStart(SCALE_DIGITS, "0")
    .replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole.toString()}.${fraction}`;
}

/** The nearest float to an exact number of units (parsed from its exact decimal text). */
export const unitsToNumber = (units: bigint): number =>
  Number(unitsToDecimal(units));

/** (a / b) as a float from exact integers, correct to far better than 1e-15 relative. */
export function exactRatio(a: bigint, b: bigint): number | null {
  if (b === 0n) return null;
  return unitsToNumber((a * SCALE) / b);
}

// ---- Weighted populations and need indices ----------------------------------------------

/** Registered and weighted populations summed over a set of practices, exactly. */
export interface PopulationTotals {
  readonly practices: number;
  readonly registered: bigint;
  readonly weighted: Readonly<Record<NeedComponent, bigint>>;
}

const wpValue = (
  row: PracticeWeightedPopulation,
  c: NeedComponent,
): string | null => row[`wp_${c}`];

export function sumPopulations(
  rows: readonly PracticeWeightedPopulation[],
): PopulationTotals {
  let registered = 0n;
  const weighted = Object.fromEntries(
    NEED_COMPONENTS.map((c) => [c, 0n]),
  ) as Record<NeedComponent, bigint>;
  for (const row of rows) {
    registered += toUnits(row.registered_population);
    for (const c of NEED_COMPONENTS) {
      const v = wpValue(row, c);
      // A blank (maternity, 17 practices in 2022-23) adds nothing, as NHS England's later tools do.
      if (v !== null) weighted[c] += toUnits(v);
    }
  }
  return { practices: rows.length, registered, weighted };
}

/**
 * Need index of an area against a reference: (WP_area / pop_area) / (WP_ref / pop_ref),
 * computed as one exact fraction. Null when a population is zero.
 */
export function needIndex(
  area: PopulationTotals,
  reference: PopulationTotals,
  component: NeedComponent,
): number | null {
  const numerator = area.weighted[component] * reference.registered;
  const denominator = area.registered * reference.weighted[component];
  return exactRatio(numerator, denominator);
}

interface Group {
  readonly icbCode: string;
  readonly icbName: string;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly rows: PracticeWeightedPopulation[];
}

// Groups in a stable order (ICB code, then LA code), so output never depends on input order.
function groupBy(
  rows: readonly PracticeWeightedPopulation[],
  level: NeedIndexLevel,
): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const la = level === "place" ? row.la_code : null;
    const key = `${row.icb_code}|${la ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        icbCode: row.icb_code,
        icbName: row.icb_name,
        laCode: la,
        laName: level === "place" ? row.la_name : null,
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g);
}

function toNeedIndexRow(
  year: string,
  group: Group,
  totals: PopulationTotals,
  reference: PopulationTotals,
): NeedIndexRow {
  const components = Object.fromEntries(
    NEED_COMPONENTS.map((c) => [
      c,
      {
        weighted_pop: unitsToNumber(totals.weighted[c]),
        need_index: needIndex(totals, reference, c),
      },
    ]),
  ) as NeedIndexRow["components"];
  return {
    year,
    icb_code: group.icbCode,
    icb_name: group.icbName,
    la_code: group.laCode,
    la_name: group.laName,
    practices: totals.practices,
    registered_pop: unitsToNumber(totals.registered),
    weighted_pop: unitsToNumber(totals.weighted.core_overall),
    need_index: needIndex(totals, reference, "core_overall"),
    components,
  };
}

/**
 * Each ICB's need index relative to England, by component, as NHS England defines it:
 * (WP_icb / pop_icb) / (WP_England / pop_England), England being every practice of the year.
 */
export function icbNeedIndices(
  year: string,
  rows: readonly PracticeWeightedPopulation[],
): NeedIndexRow[] {
  const england = sumPopulations(rows);
  return groupBy(rows, "icb").map((g) =>
    toNeedIndexRow(year, g, sumPopulations(g.rows), england),
  );
}

/**
 * Each place's need index relative to its own ICB, by component:
 * (WP_place / pop_place) / (WP_icb / pop_icb). A place is the practices of one ICB in one
 * upper-tier local authority (by the practice's address), so a place can be a small sliver.
 */
export function placeNeedIndices(
  year: string,
  rows: readonly PracticeWeightedPopulation[],
): NeedIndexRow[] {
  const icbs = new Map(
    groupBy(rows, "icb").map((g) => [g.icbCode, sumPopulations(g.rows)]),
  );
  return groupBy(rows, "place").map((g) => {
    const icb = icbs.get(g.icbCode);
    if (!icb) throw new Error(`unreachable: no ICB ${g.icbCode}`);
    return toNeedIndexRow(year, g, sumPopulations(g.rows), icb);
  });
}

export const needIndices = (
  level: NeedIndexLevel,
  year: string,
  rows: readonly PracticeWeightedPopulation[],
): NeedIndexRow[] =>
  level === "icb" ? icbNeedIndices(year, rows) : placeNeedIndices(year, rows);

// ---- Fair shares ------------------------------------------------------------------------

/**
 * Splits a sum of money (whole pence) in proportion to weights (a component's weighted
 * populations), so the shares add up to the sum exactly: each gets the whole pence of its exact
 * share, and the pence left over go to the largest remainders (ties by key, so it is stable).
 */
export function fairShares(
  totalPence: number,
  weights: readonly { readonly key: string; readonly weight: bigint }[],
): { key: string; pence: number }[] {
  if (!Number.isSafeInteger(totalPence) || totalPence < 0)
    throw new RangeError("the sum must be whole pence, zero or more");
  const sumWeights = weights.reduce((s, w) => s + w.weight, 0n);
  if (weights.some((w) => w.weight < 0n))
    throw new RangeError("weights must be zero or more");
  if (sumWeights === 0n) return weights.map((w) => ({ key: w.key, pence: 0 }));
  const total = BigInt(totalPence);
  const shares = weights.map((w, index) => {
    const exact = total * w.weight;
    return {
      key: w.key,
      index,
      pence: exact / sumWeights,
      remainder: exact % sumWeights,
    };
  });
  let left = total - shares.reduce((s, x) => s + x.pence, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder !== b.remainder
      ? a.remainder > b.remainder
        ? -1
        : 1
      : a.key < b.key
        ? -1
        : a.key > b.key
          ? 1
          : a.index - b.index,
  );
  for (const s of order) {
    if (left === 0n) break;
    s.pence += 1n;
    left -= 1n;
  }
  return shares.map((s) => ({ key: s.key, pence: Number(s.pence) }));
}

/**
 * The fair-share target of a sum for each ICB (or each place of an ICB) on one need component:
 * the sum split in proportion to their weighted populations for that component.
 */
export function fairShareTargets(
  totalPence: number,
  component: NeedComponent,
  level: NeedIndexLevel,
  rows: readonly PracticeWeightedPopulation[],
): { icb_code: string; la_code: string | null; pence: number }[] {
  const groups = groupBy(rows, level);
  const shares = fairShares(
    totalPence,
    groups.map((g) => ({
      key: `${g.icbCode}|${g.laCode ?? ""}`,
      weight: sumPopulations(g.rows).weighted[component],
    })),
  );
  return groups.map((g, i) => ({
    icb_code: g.icbCode,
    la_code: g.laCode,
    pence: shares[i]?.pence ?? 0,
  }));
}
