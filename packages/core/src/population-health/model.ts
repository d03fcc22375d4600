import { z } from "zod";

/** A confidence level as a fraction: 0.95 for 95%, 0.998 for 99.8% (Fingertips' two levels). */
export const confidenceSchema = z.number().gt(0).lt(1);

/** Fingertips' two standard levels, used when a caller names none. */
export const FINGERTIPS_CONFIDENCE = [0.95, 0.998] as const;

/** Limits at one confidence level; null means NA (not calculable or suppressed). */
export const confidenceIntervalSchema = z.object({
  confidence: confidenceSchema,
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export type ConfidenceInterval = z.infer<typeof confidenceIntervalSchema>;

/** An indicator value with its limits at each requested level, and the method used. */
export const estimateSchema = z.object({
  value: z.number().nullable(),
  intervals: z.array(confidenceIntervalSchema),
  method: z.string(),
});
export type Estimate = z.infer<typeof estimateSchema>;

/** Options shared by every method: the confidence levels and the multiplier (100 = %). */
export const methodOptionsSchema = z.object({
  confidence: z.array(confidenceSchema).optional(),
  multiplier: z.number().positive().optional(),
});
export type MethodOptions = z.infer<typeof methodOptionsSchema>;
