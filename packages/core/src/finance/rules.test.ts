import { readFileSync } from "node:fs";
import { basename } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refdataFolder } from "@openics/testkit";
import {
  NEED_COMPONENTS,
  type NeedIndexRow,
  type PracticeWeightedPopulation,
} from "./model";
import {
  exactRatio,
  fairShareTargets,
  fairShares,
  icbNeedIndices,
  needIndex,
  placeNeedIndices,
  recogniseFinanceCsv,
  sumPopulations,
  toUnits,
  unitsToNumber,
  validatePracticeRecords,
} from "./rules";

/**
 * RFC 4180 records of a CSV file. Core has no CSV dependency; the reference files only need
 * quoted fields (names with commas and doubled quotes) and CRLF or LF line ends.
 */
function readCsv(path: string): string[][] {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      if (record.length > 1 || record[0] !== "") records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

const practice = (
  code: string,
  icb: string,
  la: string,
  pop: string,
  core: string,
  other: string = core,
): PracticeWeightedPopulation => ({
  year: "2024-25",
  practice_code: code,
  practice_name: code,
  region_code: "Y60",
  icb_code: icb,
  icb_name: icb,
  sub_icb_code: null,
  pcn_code: null,
  lad_code: "E06000001",
  la_code: la,
  la_name: la,
  registered_population: pop,
  list_size_snapshot: null,
  wp_core_overall: core,
  wp_general_acute: other,
  wp_community: other,
  wp_mental_health: other,
  wp_maternity: other,
  wp_prescribing: other,
  wp_primary_medical_care_need: other,
  wp_health_inequalities: other,
  wp_primary_medical_care_overall: other,
});

describe("exact decimals", () => {
  it("sums decimal populations exactly, in any order", () => {
    const values = ["0.1", "0.2", "11819.46674", "10607.9850843791"];
    const forward = values.reduce((s, v) => s + toUnits(v), 0n);
    const backward = [...values].reverse().reduce((s, v) => s + toUnits(v), 0n);
    expect(forward).toBe(backward);
    expect(unitsToNumber(forward)).toBe(22427.7518243791);
  });

  it("divides exact totals only at the end", () => {
    expect(exactRatio(toUnits("1"), toUnits("3"))).toBeCloseTo(1 / 3, 15);
    expect(exactRatio(1n, 0n)).toBeNull();
  });
});

describe("need indices on a small ICS", () => {
  // Two ICBs: A needs twice B's per-head weighted population.
  const rows = [
    practice("A00001", "QAA", "E06000001", "100", "200"),
    practice("A00002", "QAA", "E06000002", "100", "100"),
    practice("B00001", "QBB", "E06000003", "200", "100"),
  ];

  it("gives an ICB its ratio over England's", () => {
    const [a, b] = icbNeedIndices("2024-25", rows);
    // England: 400 weighted over 400 registered = 1.
    expect(a?.need_index).toBeCloseTo(1.5, 12);
    expect(b?.need_index).toBeCloseTo(0.5, 12);
  });

  it("gives a place its ratio over its own ICB's", () => {
    const places = placeNeedIndices("2024-25", rows);
    expect(
      places.map((p) => [p.la_code, p.need_index, p.registered_pop]),
    ).toEqual([
      ["E06000001", 2 / 1.5, 100],
      ["E06000002", 1 / 1.5, 100],
      ["E06000003", 1, 200],
    ]);
  });

  it("computes every component against the same component's reference", () => {
    const skewed = [
      practice("A00001", "QAA", "E06000001", "100", "100", "300"),
      practice("B00001", "QBB", "E06000003", "100", "100", "100"),
    ];
    const [a] = icbNeedIndices("2024-25", skewed);
    expect(a?.need_index).toBe(1);
    expect(a?.components.community.need_index).toBeCloseTo(1.5, 12);
  });

  it("treats a blank component as nothing added", () => {
    const blank = {
      ...practice("A00003", "QAA", "E06000001", "50", "50"),
      wp_maternity: null,
    };
    expect(sumPopulations([...rows, blank]).weighted.maternity).toBe(
      sumPopulations(rows).weighted.maternity,
    );
  });

  it("does not depend on the order of the practices", () => {
    expect(icbNeedIndices("2024-25", [...rows].reverse())).toEqual(
      icbNeedIndices("2024-25", rows),
    );
  });
});

describe("fair shares", () => {
  it("splits a sum in proportion to weighted population, in whole pence", () => {
    expect(
      fairShares(100, [
        { key: "a", weight: 1n },
        { key: "b", weight: 1n },
        { key: "c", weight: 1n },
      ]),
    ).toEqual([
      { key: "a", pence: 34 },
      { key: "b", pence: 33 },
      { key: "c", pence: 33 },
    ]);
  });

  it("always adds up to the sum exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 24n }), {
          minLength: 1,
          maxLength: 50,
        }),
        (total, weights) => {
          const shares = fairShares(
            total,
            weights.map((weight, i) => ({ key: String(i), weight })),
          );
          const sum = shares.reduce((s, x) => s + x.pence, 0);
          const anyWeight = weights.some((w) => w > 0n);
          expect(sum).toBe(anyWeight ? total : 0);
          expect(shares.every((s) => Number.isSafeInteger(s.pence))).toBe(true);
        },
      ),
      { seed: 20260401, numRuns: 200 },
    );
  });

  it("gives each ICB its component's share of a sum", () => {
    const rows = [
      practice("A00001", "QAA", "E06000001", "100", "300"),
      practice("B00001", "QBB", "E06000003", "100", "100"),
    ];
    expect(fairShareTargets(1_000_000, "core_overall", "icb", rows)).toEqual([
      { icb_code: "QAA", la_code: null, pence: 750_000 },
      { icb_code: "QBB", la_code: null, pence: 250_000 },
    ]);
  });

  it("refuses money that is not whole pence", () => {
    expect(() => fairShares(1.5, [{ key: "a", weight: 1n }])).toThrow(
      /whole pence/,
    );
  });
});

describe("reading a practice file", () => {
  const header = [
    "year",
    "practice_code",
    "practice_name",
    "region_code",
    "icb_code",
    "icb_name",
    "sub_icb_code",
    "pcn_code",
    "lad_code",
    "la_code",
    "la_name",
    "registered_population",
    "list_size_snapshot",
    ...NEED_COMPONENTS.map((c) => `wp_${c}`),
  ];
  const good = [
    "2024-25",
    "P81005",
    "Little Harwood",
    "Y62",
    "QE1",
    "NHS Lancashire and South Cumbria ICB",
    "",
    "",
    "E06000008",
    "E06000008",
    "Blackburn with Darwen",
    "11865.68977",
    "",
    ...NEED_COMPONENTS.map(() => "13485.33174"),
  ];

  it("recognises the layout by its header, whatever the file's name", () => {
    expect(recogniseFinanceCsv(header)).toMatchObject({ type: "practices" });
    expect(recogniseFinanceCsv(["a", "b"])).toBeNull();
    expect(
      recogniseFinanceCsv(header.filter((h) => h !== "wp_core_overall")),
    ).toEqual({ type: "incomplete", missing: ["wp_core_overall"] });
  });

  it("names the file, line and field of a bad number", () => {
    const bad = [...good];
    bad[11] = "12,3x";
    expect(validatePracticeRecords("f.csv", header, [good, bad])).toEqual({
      ok: false,
      problems: [
        {
          file: "f.csv",
          line: 3,
          field: "registered_population",
          message: expect.stringMatching(/expected a number/) as unknown,
        },
      ],
    });
  });

  it("refuses a practice listed twice", () => {
    const result = validatePracticeRecords("f.csv", header, [good, good]);
    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          line: 3,
          field: "practice_code",
          message: "duplicates line 2 (P81005)",
        },
      ],
    });
  });
});

// ---- Against NHS England's published indices, every year in the folder ------------------

const folder = refdataFolder("finance");

/** Every file in the folder, by what its header says it is. */
function financeFiles(files: readonly string[]) {
  const practices = new Map<string, PracticeWeightedPopulation[]>();
  const published: {
    file: string;
    level: "icb" | "place";
    rows: Record<string, string>[];
  }[] = [];
  for (const path of files) {
    if (!path.endsWith(".csv")) continue;
    const [header, ...records] = readCsv(path);
    if (!header) continue;
    const kind = recogniseFinanceCsv(header);
    if (kind?.type === "practices") {
      const result = validatePracticeRecords(basename(path), header, records);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      practices.set(result.year, result.rows);
    } else if (
      kind?.type === "summary" &&
      (kind.kind === "icb-need-index" || kind.kind === "place-need-index")
    ) {
      published.push({
        file: basename(path),
        level: kind.kind === "icb-need-index" ? "icb" : "place",
        rows: records.map((r) =>
          Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])),
        ),
      });
    }
  }
  return { practices, published };
}

const INDEX_COLUMNS = [
  ["need_index", "core_overall"],
  ...NEED_COMPONENTS.map((c) => [`need_index_${c}`, c] as const),
] as const;

describe.skipIf(folder.path === null)(
  "need indices against NHS England's published tables",
  () => {
    const { practices, published } = financeFiles(
      folder.path === null ? [] : folder.files,
    );

    it("finds published tables at both levels for every practice year", () => {
      expect(published.length).toBeGreaterThanOrEqual(2 * practices.size);
      expect(practices.size).toBeGreaterThan(0);
    });

    const computedFor = new Map<string, NeedIndexRow[]>();
    const compute = (level: "icb" | "place", year: string) => {
      const key = `${level}:${year}`;
      let computed = computedFor.get(key);
      if (!computed) {
        const rows = practices.get(year);
        if (!rows) throw new Error(`no practice file for ${year}`);
        computed =
          level === "icb"
            ? icbNeedIndices(year, rows)
            : placeNeedIndices(year, rows);
        computedFor.set(key, computed);
      }
      return computed;
    };

    // NHS England's own worked example (the tool's FAQ screenshot, "Default Place" 2023/24):
    // four West Yorkshire practices against their ICB, QWO, shown to 2 dp.
    it.skipIf(!practices.has("2023-24"))(
      "reproduces the tool's Default Place example for 2023-24",
      () => {
        const rows = practices.get("2023-24") ?? [];
        const place = sumPopulations(
          rows.filter((r) =>
            ["B85005", "B85022", "B85061", "B85026"].includes(r.practice_code),
          ),
        );
        const icb = sumPopulations(rows.filter((r) => r.icb_code === "QWO"));
        const shown = {
          core_overall: 0.94,
          general_acute: 1.08,
          community: 1.06,
          mental_health: 0.66,
          maternity: 0.59,
          prescribing: 1.04,
          primary_medical_care_need: 0.98,
          health_inequalities: 0.55,
          primary_medical_care_overall: 0.9,
        } as const;
        expect(place.practices).toBe(4);
        for (const c of NEED_COMPONENTS)
          expect(needIndex(place, icb, c), c).toBeCloseTo(shown[c], 2);
      },
    );

    it.each(published.map((p) => [p.file, p] as const))(
      "%s matches to 1e-6",
      (_file, table) => {
        const mismatches = new Map<string, string[]>();
        let largestGap = 0;
        const years = new Set(table.rows.map((r) => r.year ?? ""));
        for (const year of years) {
          const computed = new Map(
            compute(table.level, year).map((c) => [
              `${c.icb_code}/${c.la_code ?? ""}`,
              c,
            ]),
          );
          const rows = table.rows.filter((r) => r.year === year);
          expect(computed.size).toBe(rows.length);
          for (const row of rows) {
            const key = `${row.icb_code ?? ""}/${table.level === "place" ? (row.la_code ?? "") : ""}`;
            const mine = computed.get(key);
            expect(mine, key).toBeDefined();
            if (!mine) continue;
            expect(mine.practices).toBe(Number(row.practices));
            expect(mine.registered_pop).toBeCloseTo(
              Number(row.registered_population),
              2,
            );
            for (const [column, component] of INDEX_COLUMNS) {
              const cell = row[column];
              if (cell === undefined || cell === "") continue;
              const value =
                component === "core_overall"
                  ? mine.need_index
                  : mine.components[component].need_index;
              const gap = Math.abs((value ?? Number.NaN) - Number(cell));
              if (gap <= 1e-6) largestGap = Math.max(largestGap, gap);
              else mismatches.set(`${key}/${column}`, [cell, String(value)]);
            }
          }
        }
        expect(Object.fromEntries(mismatches)).toEqual({});
        expect(largestGap).toBeLessThanOrEqual(1e-6);
        if (process.env.OPENICS_REPORT_GAPS)
          process.stderr.write(`${table.file}: largest gap ${largestGap}\n`);
      },
    );
  },
);

if (folder.path === null)
  describe("need indices against published tables", () => {
    it.skip(folder.reason, () => undefined);
  });
