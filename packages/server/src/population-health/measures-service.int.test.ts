import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import { runMeasure } from "./measures-service";

const SNOMED = "http://snomed.info/sct";

const measure = {
  population: { indexDate: "2025-03-31" },
  variables: {
    diabetes: {
      kind: "has_event",
      codes: [{ system: SNOMED, codes: ["44054006"] }],
    },
  },
  measures: [
    {
      id: "diabetes",
      aggregation: "proportion",
      numerator: { persons: { op: "true", variable: "diabetes" } },
      denominator: { persons: { op: "ge", variable: "age", value: 0 } },
    },
  ],
  breakdowns: [[], ["sex"]],
};

describeEachDatabase("running a measure", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    // 40 women (12 with diabetes), 23 men (3 with diabetes), and 5 opted-out women with it.
    const people = [
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `f${i}`,
        sex: "female",
        dm: i < 12,
        out: false,
      })),
      ...Array.from({ length: 23 }, (_, i) => ({
        id: `m${i}`,
        sex: "male",
        dm: i < 3,
        out: false,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `o${i}`,
        sex: "female",
        dm: true,
        out: true,
      })),
    ];
    for (const p of people) {
      await db.query(
        "insert into ph_patient (patient_id, sex, date_of_birth, opted_out, source) values ($1, $2, '1960-01-01', $3, 'test')",
        [p.id, p.sex, p.out],
      );
      await db.query(
        "insert into ph_registration (patient_id, practice_code, start_date) values ($1, 'A81001', '2000-01-01')",
        [p.id],
      );
      if (p.dm) {
        await db.query(
          "insert into ph_event (event_id, patient_id, resource_type, system, code, date) values ($1, $2, 'Condition', $3, '44054006', '2010-01-01')",
          [`e-${p.id}`, p.id, SNOMED],
        );
      }
    }
  });
  afterAll(() => db.close());

  it("publishes only protected counts, with the rule, and the proportion recomputed from them", async () => {
    const result = await runMeasure(db, measure, { lookups: {} });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.rule).toBe("nhs_hes_ecds_subnational");
    const cells = result.value.measures[0]?.cells ?? [];
    // Total 15 of 63 → 15 of 65; women 12 of 40 → 10 of 40; men 3 of 23 → * of 25, so
    // women's numerator is hidden as well (secondary suppression).
    expect(
      cells.map((c) => [
        c.breakdown.join("+"),
        c.group.sex ?? null,
        c.numerator,
        c.denominator,
        c.secondarySuppressed,
      ]),
    ).toEqual([
      ["", null, "15", "65", false],
      ["sex", "female", "*", "40", true],
      ["sex", "male", "*", "25", false],
    ]);
    expect(cells[0]?.estimate?.value).toBeCloseTo((15 / 65) * 100, 10);
    expect(cells[1]?.estimate?.value).toBeNull();
  });

  it("refuses an invalid measure with the field at fault", async () => {
    const result = await runMeasure(
      db,
      {
        ...measure,
        measures: [
          {
            id: "x",
            aggregation: "rate",
            numerator: { persons: { op: "true", variable: "nope" } },
          },
        ],
      },
      { lookups: {} },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({
      code: "invalid_measure",
      problems: [
        "measures.0.denominator: a rate needs a denominator",
        "measures.0.numerator: unknown variable 'nope'",
      ],
    });
  });

  it("refuses a codelist it cannot resolve", async () => {
    const result = await runMeasure(
      db,
      {
        ...measure,
        variables: {
          diabetes: {
            kind: "has_event",
            codes: [{ codelist: "nhsd/diabetes", version: "1" }],
          },
        },
      },
      { lookups: {} },
    );
    expect(result.ok ? null : result.error.code).toBe("unknown_codelist");
  });
});
