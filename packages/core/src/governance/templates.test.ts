import { describe, expect, it } from "vitest";
import { bodiesForModel, GOVERNANCE_TEMPLATES, modelAsAt } from "./templates";

const ics = {
  icsCode: "QWE",
  places: [
    { code: "E08000001", name: "Bolton" },
    { code: "E08000002", name: "Bury" },
  ],
};

describe("governance templates", () => {
  it("gives an ICB corporate body an ICB board held to the Act and NHS England's guidance", () => {
    const [board] = bodiesForModel("icb_corporate_body", ics, "2022-07-01");
    expect(board?.kind).toBe("icb_board");
    expect(board?.rules.map((r) => r.source)).toEqual(
      expect.arrayContaining(["act_2022", "nhse_guidance"]),
    );
  });

  it("creates a place board and a Health and Wellbeing Board for every place", () => {
    const bodies = bodiesForModel("statutory_committee", ics, "2022-07-01");
    expect(
      bodies.filter((b) => b.kind === "place_board").map((b) => b.name),
    ).toEqual(["Bolton Place Board", "Bury Place Board"]);
    expect(
      bodies.filter((b) => b.kind === "health_and_wellbeing_board"),
    ).toHaveLength(2);
  });

  it("creates every standing committee under each model", () => {
    for (const model of Object.keys(
      GOVERNANCE_TEMPLATES,
    ) as (keyof typeof GOVERNANCE_TEMPLATES)[]) {
      const kinds = bodiesForModel(model, ics, "2022-07-01").map((b) => b.kind);
      expect(kinds).toEqual(
        expect.arrayContaining([
          "audit_committee",
          "remuneration_committee",
          "quality_committee",
          "finance_committee",
          "primary_care_committee",
          "integrated_care_partnership",
          "joint_committee",
        ]),
      );
    }
  });

  it("gives Health and Prosperity a double-majority board, a scrutiny committee, a compact and a mandate", () => {
    const template = GOVERNANCE_TEMPLATES.health_and_prosperity;
    const bodies = bodiesForModel("health_and_prosperity", ics, "2026-04-01");
    expect(bodies.find((b) => b.kind === "icb_board")?.votingRule).toBe(
      "double_majority",
    );
    expect(template.instruments).toEqual([
      "partnership_compact",
      "annual_joint_mandate",
    ]);
    const scrutiny = bodies.find((b) => b.kind === "ics_scrutiny_committee");
    expect(scrutiny?.rules.map((r) => r.id)).toEqual([
      "hdc-mps",
      "hdc-local-government",
      "hdc-healthwatch",
      "hdc-hwb",
      "hdc-business",
      "hdc-social-enterprise",
      "hdc-workforce",
      "hdc-public-health",
    ]);
  });

  it("answers which model an ICS ran on a date after it changed model", () => {
    const adoptions = [
      {
        icsCode: "QWE",
        model: "icb_corporate_body",
        decidedBy: "ICB board",
        validFrom: "2022-07-01",
        validTo: "2026-04-01",
      },
      {
        icsCode: "QWE",
        model: "health_and_prosperity",
        decidedBy: "ICB board and council leaders",
        validFrom: "2026-04-01",
        validTo: null,
      },
    ] as const;
    expect([
      modelAsAt(adoptions, "QWE", "2025-01-01"),
      modelAsAt(adoptions, "QWE", "2026-04-01"),
    ]).toEqual(["icb_corporate_body", "health_and_prosperity"]);
  });
});
