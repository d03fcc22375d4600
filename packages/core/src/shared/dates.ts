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
