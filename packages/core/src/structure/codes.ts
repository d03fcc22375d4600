import { z } from "zod";

// Official identifiers, kept exactly as issued (ONS GSS and NHS ODS codes).
const gss = (prefixes: string, what: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^(${prefixes})\\d{6}$`), `expected ${what}`);

export const lsoaCode = gss("E01", "an English LSOA code (E01 and six digits)");
export const subIcbGss = gss(
  "E38",
  "a sub-ICB location code (E38 and six digits)",
);
export const icbGss = gss("E54", "an ICB code (E54 and six digits)");
export const regionGss = gss("E40", "an NHS region code (E40 and six digits)");
export const onsRegionGss = gss(
  "E12",
  "an ONS region code (E12 and six digits)",
);
export const ladGss = gss(
  "E06|E07|E08|E09",
  "a local authority district code (E06, E07, E08 or E09 and six digits)",
);
export const utlaGss = gss(
  "E06|E08|E09|E10|E11",
  "an upper-tier local authority code (E06, E08, E09, E10 or E11 and six digits)",
);
export const constituencyGss = gss(
  "E14",
  "a Westminster constituency code (E14 and six digits)",
);
export const wardGss = gss("E05", "a ward code (E05 and six digits)");

const ods = (pattern: RegExp, what: string) =>
  z.string().trim().toUpperCase().regex(pattern, `expected ${what}`);
export const icbOds = ods(
  /^(Q[A-Z0-9]{2}|T\d{2})$/,
  "an ICB ODS code such as QYG or T01",
);
export const regionOds = ods(/^Y\d{2}$/, "an NHS region ODS code such as Y56");
export const subIcbOds = ods(
  /^[0-9A-Z]{3,5}$/,
  "a sub-ICB location ODS code such as 01F or D4U1Y",
);
export const practiceOds = ods(
  /^[A-Z]\d{5}$/,
  "a GP practice ODS code such as A81001",
);
export const pcnOds = ods(/^U\d{5}$/, "a PCN ODS code such as U89141");
export const trustOds = ods(
  /^[A-Z0-9]{3,5}$/,
  "an NHS trust ODS code such as RJ1",
);

export const nonEmpty = (what: string) =>
  z.string().trim().min(1, `${what} is empty`);
export const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s));
