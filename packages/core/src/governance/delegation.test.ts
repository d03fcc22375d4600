import { describe, expect, it } from "vitest";
import { formatPounds, whoDecides } from "./delegation";
import type { SordEntry } from "./model";

const entry = (
  reference: string,
  name: string,
  upToPence: number | null,
): SordEntry => ({
  reference,
  decisionType: "contract_award",
  decider: { kind: reference === "4.1" ? "officer" : "body", id: name, name },
  upToPence,
  legallyResponsibleBody: "NHS Example ICB",
  validFrom: "2022-07-01",
  validTo: null,
});
const scheme = [
  entry("4.3", "Integrated Care Board", null),
  entry("4.1", "Chief Finance Officer", 25_000_000),
  entry("4.2", "Finance Committee", 100_000_000),
];

describe("scheme of reservation and delegation", () => {
  it("gives a contract award over £1m to the board, with the legally responsible body", () => {
    const result = whoDecides(
      scheme,
      "contract_award",
      150_000_000,
      "2025-06-12",
    );
    expect(
      result.ok && [
        result.value.decider.name,
        result.value.legallyResponsibleBody,
      ],
    ).toEqual(["Integrated Care Board", "NHS Example ICB"]);
  });

  it("gives a small award to the most delegated decider whose limit covers it", () => {
    const result = whoDecides(
      scheme,
      "contract_award",
      10_000_000,
      "2025-06-12",
    );
    expect(result.ok && result.value.reference).toBe("4.1");
  });

  it("says when no entry covers a decision type", () => {
    const result = whoDecides(scheme, "capital_plan", 0, "2025-06-12");
    expect(!result.ok && result.error.message).toBe(
      'No entry in the scheme of reservation and delegation covers "capital_plan" on 2025-06-12: add one before this decision is taken.',
    );
  });

  it("ignores an entry that is not yet in force", () => {
    const later = [
      { ...entry("9.1", "Place Board", null), validFrom: "2026-04-01" },
    ];
    expect(whoDecides(later, "contract_award", 1, "2025-06-12").ok).toBe(false);
  });

  it("writes pence as pounds with thousands separators", () => {
    expect(formatPounds(120_000_005)).toBe("£1,200,000.05");
  });
});
