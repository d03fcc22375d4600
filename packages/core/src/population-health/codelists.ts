import { z } from "zod";
import type { RowProblem } from "../shared";

// Codelists in the OpenCodelists CSV layout: a header naming a code column and a term column
// (other columns are ignored), one code per row. Each is kept by slug and version with its source.

export const codelistMetaSchema = z.object({
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9\-_/]{0,127}$/,
      "lower-case letters, digits, - _ / only",
    ),
  version: z.string().trim().min(1, "version is empty").max(64),
  source: z.string().trim().min(1, "source is empty"),
});
export type CodelistMeta = z.infer<typeof codelistMetaSchema>;

export interface CodelistEntry {
  readonly code: string;
  readonly term: string;
}

// OpenCodelists names the columns by coding system (e.g. "code", "dmd_id", "snomedcode", "ctv3_id").
const CODE_COLUMNS = [
  "code",
  "id",
  "dmd_id",
  "snomedcode",
  "snomed_code",
  "ctv3_id",
  "icd10_code",
];
const TERM_COLUMNS = ["term", "description", "dmd_name", "name", "display"];

/** The positions of the code and term columns, or null when the header is not a codelist's. */
export function recogniseCodelistHeader(
  header: readonly string[],
): { code: number; term: number } | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const code = CODE_COLUMNS.map((c) => names.indexOf(c)).find((i) => i >= 0);
  const term = TERM_COLUMNS.map((c) => names.indexOf(c)).find((i) => i >= 0);
  return code === undefined || term === undefined ? null : { code, term };
}

/** Validates a codelist's rows (header first). Duplicate codes and empty codes are faults. */
export function readCodelist(
  file: string,
  records: readonly (readonly string[])[],
):
  | { ok: true; entries: CodelistEntry[] }
  | { ok: false; problems: RowProblem[] } {
  const [header, ...rows] = records;
  const columns = header ? recogniseCodelistHeader(header) : null;
  if (!header || !columns)
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          field: "(header)",
          message: `a codelist needs a code column and a term column: found ${(header ?? []).join(", ") || "nothing"}`,
        },
      ],
    };
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const entries: CodelistEntry[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const code = (row[columns.code] ?? "").trim();
    const term = (row[columns.term] ?? "").trim();
    if (code === "") {
      problems.push({
        file,
        line,
        field: header[columns.code] ?? "code",
        message: "the code is empty",
      });
      return;
    }
    const twin = seen.get(code);
    if (twin !== undefined) {
      problems.push({
        file,
        line,
        field: header[columns.code] ?? "code",
        message: `${code} is also on line ${twin}`,
      });
      return;
    }
    seen.set(code, line);
    entries.push({ code, term });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (entries.length === 0)
    return {
      ok: false,
      problems: [
        {
          file,
          line: 2,
          field: "(file)",
          message: "the codelist has no codes",
        },
      ],
    };
  return { ok: true, entries };
}
