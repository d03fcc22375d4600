import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyCoterminosity,
  icbAfterMergers,
  LIFE_TABLE_BANDS,
  toLifeTableBands,
} from "./rules";

const property = { seed: 2026, numRuns: 200 };

describe("life-table age bands", () => {
  it("keep every person: the bands add up to the single years and the 90+", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(500), { minLength: 90, maxLength: 90 }),
        fc.nat(500),
        (years, ninetyPlus) => {
          const total = toLifeTableBands(years, ninetyPlus).reduce(
            (s, b) => s + b.population,
            0,
          );
          expect(total).toBe(years.reduce((s, n) => s + n, 0) + ninetyPlus);
        },
      ),
      property,
    );
  });

  it("run from under 1 to 90+ without gaps or overlaps", () => {
    LIFE_TABLE_BANDS.forEach((band, i) => {
      const next = LIFE_TABLE_BANDS[i + 1];
      if (next && band.to !== null) expect(next.from).toBe(band.to + 1);
    });
    expect(LIFE_TABLE_BANDS[0]?.from).toBe(0);
    expect(LIFE_TABLE_BANDS.at(-1)?.to).toBeNull();
  });
});

describe("coterminosity", () => {
  it("calls a place whole only when the ICS holds all its people, and its share never exceeds 1", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        const [inIcs, total] = a <= b ? [a, b] : [b, a];
        const result = classifyCoterminosity(inIcs, total);
        expect(result.share).toBeLessThanOrEqual(1);
        expect(result.coterminosity === "whole").toBe(inIcs === total);
      }),
      property,
    );
  });
});

describe("the April 2026 mergers", () => {
  const successors = new Map([
    ["QHG", ["T01"]],
    ["QNQ", ["QRL", "T05", "T07"]],
  ]);
  it("leave an ICB that did not merge as it was", () => {
    expect(icbAfterMergers("QYG", "E08000012", successors)).toEqual({
      icb: "QYG",
      rule: "unchanged",
    });
  });
  it("move a whole ICB into the one it merged into", () => {
    expect(icbAfterMergers("QHG", "E06000055", successors)).toEqual({
      icb: "T01",
      rule: "merged",
    });
  });
  it("split Frimley by upper-tier authority: Slough to Thames Valley, Surrey to Surrey and Sussex", () => {
    expect(icbAfterMergers("QNQ", "E06000039", successors).icb).toBe("T05");
    expect(icbAfterMergers("QNQ", "E10000030", successors).icb).toBe("T07");
  });
  it("admit it does not know where an unlisted part of a split ICB went", () => {
    expect(icbAfterMergers("QNQ", "E09000001", successors)).toEqual({
      icb: null,
      rule: "unknown split",
    });
  });
});
