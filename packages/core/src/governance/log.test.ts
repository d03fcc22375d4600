import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendEntry,
  canonicalJson,
  verifyChain,
  type HashFunction,
} from "./log";
import { LOG_ENTRY_KINDS, type JsonValue, type LogEntry } from "./model";

const sha256: HashFunction = (text) =>
  createHash("sha256").update(text, "utf8").digest("hex");
const settings = { seed: 2026, numRuns: 200 };

const buildChain = (payloads: readonly JsonValue[]): LogEntry[] =>
  payloads.reduce<LogEntry[]>(
    (chain, payload, i) => [
      ...chain,
      appendEntry(
        chain,
        {
          kind: "decision",
          recordedAt: `2025-06-12T10:0${i % 10}:00Z`,
          payload,
        },
        sha256,
      ),
    ],
    [],
  );
const headOf = (chain: readonly LogEntry[]) => ({
  length: chain.length,
  hash: chain.at(-1)?.hash ?? "",
});

const arbitraryChain = fc
  .array(fc.jsonValue({ maxDepth: 2 }), { minLength: 2, maxLength: 10 })
  .map((payloads) => buildChain(payloads as JsonValue[]));

type Edit = (e: LogEntry) => LogEntry;
const EDITS: Record<string, Edit> = {
  payload: (e) => ({ ...e, payload: { edited: e.payload } }),
  recordedAt: (e) => ({ ...e, recordedAt: `${e.recordedAt}!` }),
  kind: (e) => ({
    ...e,
    kind: LOG_ENTRY_KINDS.find((k) => k !== e.kind) ?? e.kind,
  }),
  sequence: (e) => ({ ...e, sequence: e.sequence + 1 }),
  previousHash: (e) => ({ ...e, previousHash: `${e.previousHash}0` }),
  hash: (e) => ({ ...e, hash: `${e.hash}0` }),
};

describe("canonical JSON", () => {
  it("writes object keys in a stable order at every depth", () => {
    expect(
      canonicalJson({ b: 1, a: { d: [2, { f: null, e: "x" }], c: true } }),
    ).toBe('{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}');
  });

  it("gives the same text whatever order the keys were added in", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        (record) => {
          const reversed = Object.fromEntries(Object.entries(record).reverse());
          expect(canonicalJson(reversed as JsonValue)).toBe(
            canonicalJson(record as JsonValue),
          );
        },
      ),
      settings,
    );
  });
});

describe("the hash-chained public log", () => {
  it("verifies an untouched chain against its published head", () => {
    const chain = buildChain([{ item: "4" }, { item: "5" }, { item: "6" }]);
    expect(verifyChain(chain, sha256, headOf(chain))).toEqual({
      valid: true,
      length: 3,
      head: headOf(chain).hash,
    });
  });

  it("finds a tampered entry and reports it as the first broken one", () => {
    const chain = buildChain([
      { item: "4", outcome: "carried" },
      { item: "5", outcome: "not carried" },
      { item: "6", outcome: "carried" },
    ]);
    const tampered = chain.map((e, i) =>
      i === 1 ? { ...e, payload: { item: "5", outcome: "carried" } } : e,
    );
    expect(verifyChain(tampered, sha256)).toEqual({
      valid: false,
      firstBroken: 1,
      reason: "Entry 1: its contents do not match its hash; it was edited.",
    });
  });

  it("detects any single edit of any field at the entry edited", () => {
    fc.assert(
      fc.property(
        arbitraryChain,
        fc.nat(),
        fc.constantFrom(...Object.keys(EDITS)),
        (chain, at, field) => {
          const i = at % chain.length;
          const edit = EDITS[field];
          if (edit === undefined) throw new Error(`no edit for ${field}`);
          const edited = chain.map((e, j) => (j === i ? edit(e) : e));
          expect(verifyChain(edited, sha256, headOf(chain))).toMatchObject({
            valid: false,
            firstBroken: i,
          });
        },
      ),
      settings,
    );
  });

  it("detects any single deletion, given the published head", () => {
    fc.assert(
      fc.property(arbitraryChain, fc.nat(), (chain, at) => {
        const i = at % chain.length;
        const shorter = chain.filter((_, j) => j !== i);
        expect(verifyChain(shorter, sha256, headOf(chain))).toMatchObject({
          valid: false,
          firstBroken: i,
        });
      }),
      settings,
    );
  });

  it("detects any single move of an entry to another position", () => {
    fc.assert(
      fc.property(arbitraryChain, fc.nat(), fc.nat(), (chain, from, to) => {
        const i = from % chain.length;
        const j = to % chain.length;
        fc.pre(i !== j);
        const moved = chain.filter((_, k) => k !== i);
        const entry = chain[i];
        if (entry === undefined) throw new Error("no entry to move");
        moved.splice(j, 0, entry);
        expect(verifyChain(moved, sha256, headOf(chain))).toMatchObject({
          valid: false,
          firstBroken: Math.min(i, j),
        });
      }),
      settings,
    );
  });
});
