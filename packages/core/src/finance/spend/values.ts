/**
 * Reading the values of spend files: money into integer pence, dates into ISO days. Each reader
 * returns null for a blank cell and an error message for a value it cannot read.
 */

export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** Spaces of every kind, the no-break space included, which spreadsheets leave in cells. */
const SPACES = /[\s\u00a0\u2007\u202f]+/g;

/** Trims ordinary and no-break spaces. */
export const cleanCell = (cell: string): string =>
  cell.replace(/^[\s\u00a0\u2007\u202f]+|[\s\u00a0\u2007\u202f]+$/g, "");

/**
 * Money as published, into integer pence with the sign the file gives it. Takes "£1,234.56",
 * " 1234.5 ", "(75.00)" and "75.00-" and "75.00 CR" for credits, and binary-float noise such as
 * "160190.85999999999", which is rounded half away from zero to the penny, exactly (the digits
 * are never passed through a float).
 */
export function parseMoney(cell: string): Read<number> | null {
  let text = cell.replace(SPACES, "");
  if (text === "") return null;
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(text);
  if (bracketed) {
    negative = true;
    text = bracketed[1] ?? "";
  }
  const credit = /^(.*?)(CR|-)$/i.exec(text);
  if (credit && !negative) {
    negative = true;
    text = credit[1] ?? "";
  }
  text = text.replace(/DR$/i, "");
  if (text.startsWith("-") || text.startsWith("+")) {
    if (text.startsWith("-")) negative = !negative;
    text = text.slice(1);
  }
  text = text.replace(/^(£|GBP)/i, "");
  if (text.startsWith("-") && !negative) {
    negative = true;
    text = text.slice(1);
  }
  if (
    !/^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(text) ||
    text === "" ||
    text === "."
  )
    return { ok: false, message: `"${cell.trim()}" is not an amount of money` };
  const [whole = "", fraction = ""] = text.replace(/,/g, "").split(".");
  const digits = `${fraction}000`;
  let pence = Number(whole || "0") * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) pence += 1;
  if (!Number.isSafeInteger(pence))
    return { ok: false, message: `"${cell.trim()}" is too large an amount` };
  return { ok: true, value: negative && pence !== 0 ? -pence : pence };
}

const MONTHS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];

const pad = (n: number) => String(n).padStart(2, "0");

function isoDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2199)
    return null;
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = month === 2 && leap ? 29 : (days[month - 1] ?? 0);
  return day > last ? null : `${year}-${pad(month)}-${pad(day)}`;
}

/** Days since 1899-12-30 (the Excel 1900 date system, past its 1900 leap-year fault). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 110000) return null;
  // Civil-from-days (proleptic Gregorian), counted from 1970-01-01.
  const z = serial - 25569 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe -
      Math.floor(doe / 1460) +
      Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) /
      365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return isoDay(year, month, day);
}

/** Whether a file's d/m/y dates are day first (UK) or month first (US). */
export type SlashOrder = "dmy" | "mdy";

const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/;
const TIME = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z)?$/;

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/**
 * Decides day-first or month-first for a file's slashed dates: a first part over 12 proves
 * day-first, a second part over 12 proves month-first. When nothing proves either, the reading
 * that puts the dates in fewer calendar months wins (a monthly file's dates agree with its
 * month); a tie reads them the UK way.
 */
export function slashOrderOf(cells: readonly string[]): SlashOrder {
  let dayFirst = false;
  let monthFirst = false;
  const monthsDmy = new Set<string>();
  const monthsMdy = new Set<string>();
  for (const cell of cells) {
    const m = SLASHED.exec(cleanCell(cell).replace(TIME, ""));
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12) dayFirst = true;
    if (b > 12) monthFirst = true;
    monthsDmy.add(`${m[3]}-${b}`);
    monthsMdy.add(`${m[3]}-${a}`);
  }
  if (dayFirst !== monthFirst) return dayFirst ? "dmy" : "mdy";
  return monthsMdy.size < monthsDmy.size ? "mdy" : "dmy";
}

/**
 * A date in any of the forms spend files use: dd/mm/yyyy and d/m/yy (or month first, as the
 * file's `order` says), dd-MON-yyyy, yyyy-mm-dd, with or without a time, and Excel serial days.
 */
export function parseSpendDate(
  cell: string,
  order: SlashOrder,
): Read<string> | null {
  const text = cleanCell(cell).replace(TIME, "");
  if (text === "") return null;
  const bad = {
    ok: false,
    message: `"${cell.trim()}" is not a date`,
  } as const;
  let day: string | null = null;
  let m = SLASHED.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3] ?? "");
    day = order === "dmy" ? isoDay(y, b, a) : isoDay(y, a, b);
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) {
    day = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  } else if (
    (m = /^(\d{1,2})[-\s/]([A-Za-z]{3,9})[-\s/](\d{2}|\d{4})$/.exec(text))
  ) {
    const month = MONTHS.indexOf((m[2] ?? "").slice(0, 3).toLowerCase()) + 1;
    day = month > 0 ? isoDay(fullYear(m[3] ?? ""), month, Number(m[1])) : null;
  } else if (/^\d{5}(\.0+)?$/.test(text)) {
    day = excelSerialToIso(Math.trunc(Number(text)));
  } else return bad;
  return day === null ? bad : { ok: true, value: day };
}
