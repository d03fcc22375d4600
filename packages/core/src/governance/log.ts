import type { JsonValue, LogEntry } from "./model";

/** A hash of text as hex; the server passes SHA-256. Core does no cryptography of its own. */
export type HashFunction = (text: string) => string;

/** What the first entry of a chain points back to. */
export const GENESIS_HASH = "genesis";

/**
 * JSON with object keys in a stable (code-unit) order and no whitespace, so the same entry gives
 * the same text, and so the same hash, wherever it is computed.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new RangeError(`cannot serialise ${String(value)} as JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const fields = Object.keys(value)
    .sort()
    .map((key) => {
      const field = value[key];
      return field === undefined
        ? null
        : `${JSON.stringify(key)}:${canonicalJson(field)}`;
    })
    .filter((f) => f !== null);
  return `{${fields.join(",")}}`;
}

type Unsealed = Omit<LogEntry, "hash">;

const hashOf = (entry: Unsealed, hash: HashFunction): string =>
  hash(
    canonicalJson({
      sequence: entry.sequence,
      kind: entry.kind,
      recordedAt: entry.recordedAt,
      payload: entry.payload,
      previousHash: entry.previousHash,
    }),
  );

/** The next entry of the chain: numbered after the last and carrying its hash. */
export function appendEntry(
  chain: readonly LogEntry[],
  entry: Pick<LogEntry, "kind" | "recordedAt" | "payload">,
  hash: HashFunction,
): LogEntry {
  const last = chain.at(-1);
  const unsealed: Unsealed = {
    sequence: chain.length,
    kind: entry.kind,
    recordedAt: entry.recordedAt,
    payload: entry.payload,
    previousHash: last?.hash ?? GENESIS_HASH,
  };
  return { ...unsealed, hash: hashOf(unsealed, hash) };
}

/** The published head of the chain; without it, entries cut from the end cannot be noticed. */
export interface ChainHead {
  readonly length: number;
  readonly hash: string;
}

export type ChainVerification =
  | { readonly valid: true; readonly length: number; readonly head: string }
  | {
      readonly valid: false;
      /** Position (from 0) of the first entry that does not check out. */
      readonly firstBroken: number;
      readonly reason: string;
    };

/**
 * Recomputes every hash and link from the start and reports the first entry that does not check
 * out: an edited entry fails its own hash, a deleted or moved one breaks the numbering or the link.
 */
export function verifyChain(
  entries: readonly LogEntry[],
  hash: HashFunction,
  publishedHead?: ChainHead,
): ChainVerification {
  let previous = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const broken = (reason: string): ChainVerification => ({
      valid: false,
      firstBroken: i,
      reason: `Entry ${i}: ${reason}`,
    });
    if (entry.sequence !== i)
      return broken(
        `numbered ${entry.sequence} where ${i} was expected; an entry was removed or moved.`,
      );
    if (entry.previousHash !== previous)
      return broken(
        "does not carry the hash of the entry before it; the history before it was changed.",
      );
    if (hashOf(entry, hash) !== entry.hash)
      return broken("its contents do not match its hash; it was edited.");
    previous = entry.hash;
  }
  if (publishedHead !== undefined) {
    if (entries.length !== publishedHead.length)
      return {
        valid: false,
        firstBroken: Math.min(entries.length, publishedHead.length),
        reason: `The log has ${entries.length} entries but ${publishedHead.length} were published.`,
      };
    if (previous !== publishedHead.hash)
      return {
        valid: false,
        firstBroken: Math.max(entries.length - 1, 0),
        reason: "The last entry does not match the published head of the log.",
      };
  }
  return { valid: true, length: entries.length, head: previous };
}
