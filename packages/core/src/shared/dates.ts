import { z } from "zod";

/** An ISO calendar date, 'YYYY-MM-DD'. Structure is effective-dated on whole days. */
export const isoDate = z.iso.date();
export type IsoDate = z.infer<typeof isoDate>;

/** ODS files write dates as YYYYMMDD; an empty cell means "no date". */
export const odsDate = z
  .string()
  .trim()
  .regex(/^(\d{8})?$/, "expected a date as YYYYMMDD")
  .transform((s) =>
    s === "" ? null : `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
  )
  .refine(
    (d) => d === null || isoDate.safeParse(d).success,
    "not a real calendar date",
  );

/** True when `asAt` falls in the half-open period [from, to). */
export function inEffect(
  period: { validFrom: string; validTo: string | null },
  asAt: string,
): boolean {
  return (
    period.validFrom <= asAt &&
    (period.validTo === null || asAt < period.validTo)
  );
}

/**
 * ODS relationship end dates are the last day the relationship held. Effective dating is
 * half-open, so the period ends the day after: a practice that left its PCN on 31 March is in
 * the new PCN from 1 April and in neither twice.
 */
export const odsEndDate = odsDate.transform((d) =>
  d === null ? null : nextDay(d),
);

export function nextDay(isoDay: string): string {
  const t = new Date(`${isoDay}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
