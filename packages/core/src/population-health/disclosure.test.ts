import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { refdataFolder } from "@openics/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DISCLOSURE_RULES,
  protectBreakdown,
  protectCount,
  protectRatio,
  shownCount,
  type DisclosureRule,
  type ProtectedBreakdown,
} from "./disclosure";
import {
  cell,
  filesWithLayout,
  numberOrNull,
  requiredNumber,
} from "./reference-csv";

const read = (f: string): string => readFileSync(f, "utf8");
const sdc = refdataFolder("sdc");
const isRule = (name: string): name is DisclosureRule =>
  (DISCLOSURE_RULES as readonly string[]).includes(name);

describe("small-number rules against the SDC reference vectors", () => {
  if (sdc.path === null) {
    it.skip(sdc.reason, () => undefined);
    return;
  }

  for (const { file, rows } of filesWithLayout(sdc.files, read, [
    "rule",
    "input",
    "expected",
  ])) {
    const rules = [...new Set(rows.map((r) => cell(r, "rule")))];
    for (const rule of rules) {
      const ruleRows = rows.filter((r) => cell(r, "rule") === rule);
      it(`${basename(file)}: ${rule} gives the expected output for all ${ruleRows.length} inputs`, () => {
        if (!isRule(rule)) throw new Error(`unknown rule ${rule}`);
        const problems = ruleRows.flatMap((row) => {
          const input = requiredNumber(row, "input");
          const expected = cell(row, "expected");
          const got = protectCount(input, rule);
          const shown = got.ok ? shownCount(got.value) : "ERROR";
          const named = !got.ok || got.value.rule === rule;
          return shown === expected && named
            ? []
            : [`${input}: expected ${expected}, got ${shown}`];
        });
        expect(problems).toEqual([]);
      });
    }
  }

  for (const { file, rows } of filesWithLayout(sdc.files, read, [
    "numerator",
    "denominator",
    "sdc_numerator",
    "sdc_denominator",
    "sdc_ratio",
  ])) {
    it(`${basename(file)}: ehrQL ratios are recomputed from the rounded counts (${rows.length} pairs)`, () => {
      const problems = rows.flatMap((row) => {
        const got = protectRatio(
          requiredNumber(row, "numerator"),
          requiredNumber(row, "denominator"),
          "ehrql_apply_sdc",
        );
        if (!got.ok)
          return [
            `${cell(row, "numerator")}/${cell(row, "denominator")} refused`,
          ];
        const actual = [
          got.value.numerator.value,
          got.value.denominator.value,
          got.value.value,
        ];
        const expected = [
          numberOrNull(row, "sdc_numerator"),
          numberOrNull(row, "sdc_denominator"),
          numberOrNull(row, "sdc_ratio"),
        ];
        return JSON.stringify(actual) === JSON.stringify(expected)
          ? []
          : [
              `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
            ];
      });
      expect(problems).toEqual([]);
    });
  }
});

describe("the NHS England small-number rule for rates", () => {
  it("does not show a rate whose numerator is suppressed", () => {
    const r = protectRatio(5, 1000, "nhs_hes_ecds_subnational", 100_000);
    expect(r.ok && r.value.value).toBeNull();
  });

  it("recomputes a rate from the rounded numerator and denominator", () => {
    const r = protectRatio(23, 1002, "nhs_hes_ecds_subnational", 100);
    expect(r.ok && r.value.value).toBe((25 / 1000) * 100);
  });
});

// What anyone can see of a breakdown: the shown cells and total, never the true counts.
const published = (b: ProtectedBreakdown): string =>
  JSON.stringify([b.cells.map(shownCount), shownCount(b.total)]);

function publish(counts: readonly number[]): string {
  const b = protectBreakdown(counts);
  if (!b.ok) throw new Error("refused a valid breakdown");
  return published(b.value);
}

/**
 * True when some other breakdown, differing in cell `i`, publishes exactly the same table:
 * then nobody can work out cell `i` from what was published. The search moves up to 7 from
 * cell `i` to (or from) any one other cell, or changes cell `i` alone.
 */
function hasIndistinguishableAlternative(
  counts: readonly number[],
  i: number,
): boolean {
  const seen = publish(counts);
  for (let d = -7; d <= 7; d++) {
    if (d === 0) continue;
    const own = (counts[i] ?? 0) + d;
    if (own < 0) continue;
    for (let j = -1; j < counts.length; j++) {
      if (j === i) continue;
      const alt = [...counts];
      alt[i] = own;
      if (j >= 0) {
        const other = (counts[j] ?? 0) - d;
        if (other < 0) continue;
        alt[j] = other;
      }
      if (publish(alt) === seen) return true;
    }
  }
  return false;
}

describe("secondary suppression", () => {
  it("hides a second cell when only one would be hidden beside a shown total", () => {
    const b = protectBreakdown([3, 40, 120]);
    expect(b.ok && b.value.cells.map(shownCount)).toEqual(["*", "*", "120"]);
    expect(b.ok && b.value.secondarySuppressed).toEqual([1]);
  });

  it("names the rule on every output", () => {
    const b = protectBreakdown([3, 40, 120], "opensafely_midpoint6");
    expect(
      b.ok &&
        [...b.value.cells, b.value.total].every(
          (c) => c.rule === "opensafely_midpoint6",
        ),
    ).toBe(true);
  });

  it("leaves no suppressed cell recoverable by subtraction even if rounding is undone", () => {
    // The strongest attacker knows the unrounded total and the other cells; each hidden cell
    // is then one unknown in total = Σ cells, so it stays unknown only with a second unknown.
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 9 }),
            fc.integer({ min: 0, max: 60 }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (counts) => {
          const b = protectBreakdown(counts);
          if (!b.ok) return false;
          const hidden = b.value.cells.filter((c) => c.value === null).length;
          return hidden === 0 || hidden >= 2 || b.value.total.value === null;
        },
      ),
      { seed: 2026, numRuns: 200 },
    );
  });

  it("leaves no suppressed cell recoverable from the published total and other cells", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 9 }),
            fc.integer({ min: 0, max: 60 }),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (counts) => {
          const b = protectBreakdown(counts);
          if (!b.ok) return false;
          return b.value.cells.every(
            (c, i) =>
              c.value !== null || hasIndistinguishableAlternative(counts, i),
          );
        },
      ),
      { seed: 2026, numRuns: 200 },
    );
  });
});
