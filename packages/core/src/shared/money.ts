// Money is held in whole pence. These read pounds as people type them and write pence as people
// read them, exactly: no floating point on the way in or out.

/**
 * Pounds as typed ("85", "85.5", "1,234.50", "£12", "-3.5") in whole pence. Null when the text is
 * not an amount of money (commas must group thousands), or is below zero unless `negative` allows
 * it (an overspend or a credit).
 */
export function poundsToPence(
  text: string,
  options: { readonly negative?: boolean } = {},
): number | null {
  const match = /^(-?)£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, sign = "", whole = "0", fraction = ""] = match;
  if (sign === "-" && options.negative !== true) return null;
  const pence =
    BigInt(whole.replaceAll(",", "")) * 100n + BigInt(fraction.padEnd(2, "0"));
  const value = Number(sign === "-" ? -pence : pence);
  return Number.isSafeInteger(value) ? value : null;
}

/** Whole pence as pounds and pence: 120000005 → "£1,200,000.05", −350 → "−£3.50". */
export function formatPence(pence: number): string {
  const magnitude = Math.abs(pence);
  const pounds = String(Math.trunc(magnitude / 100)).replace(
    /\B(?=(\d{3})+$)/g,
    ",",
  );
  const rest = String(magnitude % 100).padStart(2, "0");
  return `${pence < 0 ? "−" : ""}£${pounds}.${rest}`;
}
