import { describe, expect, it } from "vitest";
import {
  agreementFor,
  agreementInputSchema,
  canonicalJson,
  readCodelist,
  type Agreement,
} from "./index";

const agreement = (over: Partial<Agreement> = {}): Agreement =>
  agreementInputSchema.parse({
    agreement_id: "DSA-1",
    title: "Population health analytics",
    organisation: "QZ9",
    data_scope: ["patients", "events"],
    purposes: ["population health management", "health inequalities"],
    legal_basis_article_6: "6(1)(e) public task",
    legal_basis_article_9: "9(2)(h) health or social care",
    common_law_basis:
      "section 251 support (COPI Regulations 2002, regulation 3)",
    processors: [{ name: "An ICB data team", role: "analysis" }],
    valid_from: "2025-04-01",
    valid_until: "2026-03-31",
    ...over,
  });

describe("agreementFor", () => {
  const use = {
    purpose: "health inequalities",
    data: ["patients", "events"] as const,
    organisation: "qz9",
    date: "2025-10-01",
  };

  it("finds the agreement in force that covers the use", () => {
    const result = agreementFor([agreement()], use);
    expect(result.ok && result.value.agreement_id).toBe("DSA-1");
  });

  it("refuses outside every agreement, saying why", () => {
    const cases = [
      { ...use, date: "2026-04-01" },
      { ...use, purpose: "research" },
      { ...use, data: ["registrations"] as const },
      { ...use, organisation: "QZ8" },
    ];
    const messages = cases.map((c) => {
      const r = agreementFor([agreement()], c);
      return r.ok ? "covered" : r.error.message;
    });
    expect(messages[0]).toMatch(/in force from 2025-04-01 to 2026-03-31/);
    expect(messages[1]).toMatch(/does not allow research/);
    expect(messages[2]).toMatch(/does not cover registrations/);
    expect(messages[3]).toMatch(/it is for QZ9/);
    const none = agreementFor([], use);
    expect(!none.ok && none.error.code).toBe("no_agreement");
  });

  it("never accepts commercial use", () => {
    const parsed = agreementInputSchema.safeParse({
      ...agreement(),
      commercial_use: "permitted",
    });
    expect(parsed.success).toBe(false);
    const stored = {
      ...agreement(),
      commercial_use: "permitted",
    } as unknown as Agreement;
    expect(agreementFor([stored], use).ok).toBe(false);
  });
});

describe("canonicalJson", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe(
      canonicalJson({ a: [{ c: "x", d: null }], b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe("readCodelist", () => {
  it("reads the OpenCodelists layout, ignoring other columns", () => {
    const result = readCodelist("hyp.csv", [
      ["code", "term", "notes"],
      ["38341003", "Hypertensive disorder", ""],
      ["1201005", "Benign essential hypertension", "x"],
    ]);
    expect(result).toEqual({
      ok: true,
      entries: [
        { code: "38341003", term: "Hypertensive disorder" },
        { code: "1201005", term: "Benign essential hypertension" },
      ],
    });
  });

  it("reports the line of an empty or repeated code and an unknown header", () => {
    const result = readCodelist("x.csv", [
      ["code", "term"],
      ["A", "a"],
      ["", "b"],
      ["A", "c"],
    ]);
    expect(
      !result.ok && result.problems.map((p) => [p.line, p.message]),
    ).toEqual([
      [3, "the code is empty"],
      [4, "A is also on line 2"],
    ]);
    const header = readCodelist("y.csv", [["a", "b"]]);
    expect(!header.ok && header.problems[0]?.field).toBe("(header)");
  });
});
