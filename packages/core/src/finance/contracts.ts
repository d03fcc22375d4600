import { z } from "zod";
import { SUPPLIER_SECTORS } from "./suppliers";

/**
 * Routes to award a healthcare services contract under the Provider Selection Regime (the Health
 * Care Services (Provider Selection Regime) Regulations 2023).
 */
export const PSR_ROUTES = [
  "direct_award_a",
  "direct_award_b",
  "direct_award_c",
  "most_suitable_provider",
  "competitive_process",
] as const;
export type PsrRoute = (typeof PSR_ROUTES)[number];

export const PSR_ROUTE_LABELS: Record<PsrRoute, string> = {
  direct_award_a: "Direct award process A",
  direct_award_b: "Direct award process B",
  direct_award_c: "Direct award process C",
  most_suitable_provider: "Most suitable provider process",
  competitive_process: "Competitive process",
};

/** Routes that end in a notice of intention and a standstill period before the award. */
export const ROUTES_WITH_STANDSTILL: readonly PsrRoute[] = [
  "direct_award_c",
  "most_suitable_provider",
  "competitive_process",
];
/** The standstill period's length, in working days from the day after the notice of intention. */
export const STANDSTILL_WORKING_DAYS = 8;

const optionalText = z
  .string()
  .trim()
  .nullable()
  .default(null)
  .transform((s) => (s === "" ? null : s));
const optionalDate = z
  .union([z.iso.date("Enter a date as YYYY-MM-DD"), z.literal("")])
  .nullable()
  .default(null)
  .transform((s) => (s === "" ? null : s));
const optionalUrl = z
  .union([z.url("Enter a web address starting https://"), z.literal("")])
  .nullable()
  .default(null)
  .transform((s) => (s === "" ? null : s));

/** A contract as an officer records it. Money in whole pence. */
export const contractInput = z
  .object({
    reference: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9/_.-]{1,40}$/,
        "Enter a reference of up to 40 letters, digits and / _ . -",
      ),
    title: z.string().trim().min(1, "Enter the contract's title"),
    service: z.string().trim().min(1, "Enter the service the contract buys"),
    provider: z.string().trim().min(1, "Enter the provider's name"),
    provider_sector: z.enum(SUPPLIER_SECTORS),
    parent_owner: optionalText,
    route: z.enum(PSR_ROUTES, "Choose the Provider Selection Regime route"),
    value_pence: z.coerce
      .number("Enter the value in pence")
      .int("Enter the value in whole pence")
      .min(0, "The value cannot be negative"),
    start_date: z.iso.date("Enter the start date as YYYY-MM-DD"),
    end_date: z.iso.date("Enter the end date as YYYY-MM-DD"),
    intention_notice_date: optionalDate,
    standstill_end_date: optionalDate,
    intention_notice_url: optionalUrl,
    award_notice_url: optionalUrl,
    previous_reference: optionalText,
    subcontractors: z.array(z.string().trim().min(1)).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.end_date < c.start_date)
      ctx.addIssue({
        code: "custom",
        path: ["end_date"],
        message: "The end date must not be before the start date",
      });
    const standstill = ROUTES_WITH_STANDSTILL.includes(c.route);
    if (!standstill && (c.intention_notice_date || c.standstill_end_date))
      ctx.addIssue({
        code: "custom",
        path: ["intention_notice_date"],
        message: `${PSR_ROUTE_LABELS[c.route]} has no notice of intention or standstill`,
      });
    if (standstill && !c.intention_notice_date)
      ctx.addIssue({
        code: "custom",
        path: ["intention_notice_date"],
        message: `Enter the date the notice of intention was published (${PSR_ROUTE_LABELS[c.route]} has a standstill)`,
      });
    if (c.intention_notice_date && c.standstill_end_date) {
      const earliest = standstillEnd(c.intention_notice_date);
      if (c.standstill_end_date < earliest)
        ctx.addIssue({
          code: "custom",
          path: ["standstill_end_date"],
          message: `The standstill runs at least ${STANDSTILL_WORKING_DAYS} working days, to ${earliest} or later`,
        });
    }
  });
export type ContractInput = z.infer<typeof contractInput>;

/** A stored contract, with the ICS it belongs to. */
export interface Contract extends ContractInput {
  readonly ics_code: string;
}

const addDays = (iso: string, days: number): string => {
  const [y = 0, m = 1, d = 1] = iso.split("-").map(Number);
  const t = Date.UTC(y, m - 1, d) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};

/**
 * The last day of the standstill: `STANDSTILL_WORKING_DAYS` working days counted from the day
 * after the notice of intention, passing over weekends and the bank holidays given.
 */
export function standstillEnd(
  noticeDate: string,
  bankHolidays: readonly string[] = [],
): string {
  let day = noticeDate;
  let counted = 0;
  while (counted < STANDSTILL_WORKING_DAYS) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !bankHolidays.includes(day))
      counted++;
  }
  return day;
}

/** A contract whose provider's parent owner differs from the one that held the service before. */
export interface OwnerChange {
  readonly reference: string;
  readonly previous_reference: string;
  readonly from_owner: string;
  readonly to_owner: string;
  readonly start_date: string;
}

const ownerOf = (c: Pick<ContractInput, "parent_owner" | "provider">) =>
  c.parent_owner ?? c.provider;

/** Contracts that change hands to a new owner, through their previous contract. */
export function ownerChanges(
  contracts: readonly Pick<
    ContractInput,
    | "reference"
    | "previous_reference"
    | "parent_owner"
    | "provider"
    | "start_date"
  >[],
): OwnerChange[] {
  const byRef = new Map(contracts.map((c) => [c.reference, c]));
  const changes: OwnerChange[] = [];
  for (const c of contracts) {
    const before = c.previous_reference
      ? byRef.get(c.previous_reference)
      : undefined;
    if (!before) continue;
    const from = ownerOf(before);
    const to = ownerOf(c);
    if (from.trim().toLowerCase() !== to.trim().toLowerCase())
      changes.push({
        reference: c.reference,
        previous_reference: before.reference,
        from_owner: from,
        to_owner: to,
        start_date: c.start_date,
      });
  }
  return changes;
}
