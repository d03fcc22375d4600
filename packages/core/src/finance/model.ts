import { z } from "zod";
import { icbOds, ladGss, practiceOds, regionOds, utlaGss } from "../structure";

/**
 * The need components of NHS England's weighted capitation, as the practice files name them
 * (`wp_<component>`). `core_overall` is the headline "Core Index"; it includes cost adjustments
 * the components do not, so it is always taken from the file, never rebuilt from them.
 */
export const NEED_COMPONENTS = [
  "core_overall",
  "general_acute",
  "community",
  "mental_health",
  "maternity",
  "prescribing",
  "primary_medical_care_need",
  "health_inequalities",
  "primary_medical_care_overall",
] as const;
export const needComponent = z.enum(NEED_COMPONENTS);
export type NeedComponent = z.infer<typeof needComponent>;

/** An allocation year as NHS England writes it: "2024-25", two consecutive years. */
export const allocationYear = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}$/, "expected an allocation year such as 2024-25")
  .refine(
    (y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5, 7)),
    "the two years of an allocation year must follow each other, as in 2024-25",
  );
export type AllocationYear = z.infer<typeof allocationYear>;

// Populations are kept as the decimal text the source gives, so sums can be exact.
const DECIMAL = /^\d+(\.\d+)?$/;
const decimal = z
  .string()
  .trim()
  .regex(DECIMAL, "expected a number of zero or more, such as 11819.46674");
const optionalDecimal = z
  .string()
  .trim()
  .regex(/^(\d+(\.\d+)?)?$/, "expected a number of zero or more, or nothing")
  .transform((s) => (s === "" ? null : s));
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s));

/**
 * One GP practice's weighted populations for one allocation year (the tidy copies of NHS
 * England's allocation-tool data, every year 2022-23 on). Quirks by year, from the provenance:
 * sub-ICB code empty from 2025-26, PCN and list size only in 2022-23, maternity blank for 17
 * practices in 2022-23 (the sums treat a blank as nothing, as the later tools do).
 */
export const practiceWeightedPopulationRow = z.object({
  year: allocationYear,
  practice_code: practiceOds,
  practice_name: text("practice name"),
  region_code: regionOds,
  icb_code: icbOds,
  icb_name: text("ICB name"),
  sub_icb_code: optionalText,
  pcn_code: optionalText,
  lad_code: ladGss,
  la_code: utlaGss,
  la_name: text("upper-tier local authority name"),
  registered_population: decimal,
  list_size_snapshot: optionalDecimal,
  wp_core_overall: decimal,
  wp_general_acute: decimal,
  wp_community: decimal,
  wp_mental_health: decimal,
  wp_maternity: optionalDecimal,
  wp_prescribing: decimal,
  wp_primary_medical_care_need: decimal,
  wp_health_inequalities: decimal,
  wp_primary_medical_care_overall: decimal,
});
export type PracticeWeightedPopulation = z.infer<
  typeof practiceWeightedPopulationRow
>;

/** Whether need is compared across ICBs (relative to England) or across an ICB's places. */
export const needIndexLevel = z.enum(["icb", "place"]);
export type NeedIndexLevel = z.infer<typeof needIndexLevel>;

/** One ICB's or one place's populations and need indices; la_code is null for an ICB. */
export const needIndexRow = z.object({
  year: allocationYear,
  icb_code: z.string(),
  icb_name: z.string(),
  la_code: z.string().nullable(),
  la_name: z.string().nullable(),
  practices: z.number().int(),
  registered_pop: z.number(),
  /** The overall core weighted population, behind the headline need index. */
  weighted_pop: z.number(),
  /** Core need index: relative to England for an ICB, to its ICB for a place. */
  need_index: z.number().nullable(),
  components: z.record(
    needComponent,
    z.object({
      weighted_pop: z.number(),
      need_index: z.number().nullable(),
    }),
  ),
});
export type NeedIndexRow = z.infer<typeof needIndexRow>;

/** The columns `need-index --format csv` prints, in order. */
export const NEED_INDEX_CSV_COLUMNS = [
  "icb_code",
  "la_code",
  "registered_pop",
  "weighted_pop",
  "need_index",
] as const;

/** A fair-share target: an amount in whole pence (never floating-point pounds). */
export const pence = z
  .number()
  .int("expected whole pence")
  .refine(Number.isSafeInteger, "too large to hold exactly");
export const fairShareTarget = z.object({
  key: z.string(),
  pence,
});
export type FairShareTarget = z.infer<typeof fairShareTarget>;
