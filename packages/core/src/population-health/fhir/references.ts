/** What a FHIR reference points at: its type when the reference names one, and the id. */
export interface ParsedReference {
  readonly type: string | null;
  readonly id: string;
}

const RELATIVE =
  /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/;
const UUID = /^urn:uuid:([0-9a-fA-F-]{36})$/;
const OID = /^urn:oid:([0-9.]+)$/;

/**
 * Reads `Type/id`, an absolute URL ending in `Type/id` (optionally with `/_history/n`), or a
 * `urn:uuid:` / `urn:oid:` reference (which names no type). Anything else, such as a fragment
 * (`#contained`) or free text, gives null.
 */
export function parseReference(reference: string): ParsedReference | null {
  const text = reference.trim();
  const uuid = UUID.exec(text) ?? OID.exec(text);
  if (uuid?.[1]) return { type: null, id: uuid[1] };
  if (text.startsWith("#")) return null;
  let path = text;
  if (/^https?:\/\//i.test(text)) {
    const withoutQuery = text.split(/[?#]/)[0] ?? "";
    const parts = withoutQuery.split("/");
    const history = parts.lastIndexOf("_history");
    const end = history >= 2 ? history : parts.length;
    if (end < 2) return null;
    path = `${parts[end - 2]}/${parts[end - 1]}`;
  }
  const relative = RELATIVE.exec(path);
  return relative?.[1] && relative[2]
    ? { type: relative[1], id: relative[2] }
    : null;
}
