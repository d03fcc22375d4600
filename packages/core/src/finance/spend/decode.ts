/** The character encodings spend files come in. */
export type SpendEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

/**
 * Decodes a file's bytes: a byte-order mark means UTF-8; otherwise strict UTF-8, and when the
 * bytes are not valid UTF-8, Windows-1252 (which every byte decodes in). The original bytes are
 * kept by the caller; this only chooses how to read them.
 */
export function decodeSpendBytes(bytes: Uint8Array): {
  readonly text: string;
  readonly encoding: SpendEncoding;
} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return {
      text: new TextDecoder("utf-8").decode(bytes.subarray(3)),
      encoding: "utf-8-bom",
    };
  try {
    return {
      text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      encoding: "utf-8",
    };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/**
 * RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; lines end in
 * CRLF or LF. Each record carries the line it starts on (1-based), so problems can name it.
 */
export function splitCsv(text: string): {
  readonly records: string[][];
  readonly lines: number[];
} {
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      record.push(field);
      records.push(record);
      lines.push(start);
      record = [];
      field = "";
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
    lines.push(start);
  }
  return { records, lines };
}

/** Windows-1252's characters for bytes 0x80 to 0x9F; the five bytes it leaves undefined stay C1. */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * Windows-1252, decoded by table: some runtimes' TextDecoder reads "windows-1252" as Latin-1,
 * which turns the en dash 0x96 into a control character.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    for (const b of bytes.subarray(start, start + CHUNK))
      codes.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}
