import { z } from "zod";

// The population-health query model: one JSON-serialisable definition of who is counted, what
// is known about each person (variables from coded events and registrations) and which
// aggregates are wanted, broken down how. The analytics package compiles it to SQL for DuckDB
// and for PostgreSQL over the patient-level tables (ph_patient, ph_registration, ph_event).
// Opted-out patients are excluded by the compiler, always: no query can ask for them.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date, ISO 8601 (YYYY-MM-DD). */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, "expected a date as YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "not a calendar date");

/** Names of variables and measures: lower case, digits and underscores, starting with a letter. */
export const queryNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    "use a-z, 0-9 and _, starting with a letter",
  );

export const SEXES = ["female", "male", "other", "unknown"] as const;
export const ETHNICITY_GROUPS = [
  "asian",
  "black",
  "mixed",
  "white",
  "other",
  "unknown",
] as const;
export const RESOURCE_TYPES = [
  "Condition",
  "Observation",
  "Encounter",
  "Procedure",
  "MedicationRequest",
  "Immunization",
] as const;
export type Sex = (typeof SEXES)[number];
export type EthnicityGroup = (typeof ETHNICITY_GROUPS)[number];
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** Codes written into the query, one coding system (its FHIR system URI) per list. */
export const inlineCodesSchema = z.object({
  system: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1),
});
/** A published codelist by its slug and version; the caller resolves it to codes. */
export const codelistReferenceSchema = z.object({
  codelist: z.string().min(1),
  version: z.string().min(1),
});
export const codeSetSchema = z.union([
  inlineCodesSchema,
  codelistReferenceSchema,
]);
export type InlineCodes = z.infer<typeof inlineCodesSchema>;
export type CodelistReference = z.infer<typeof codelistReferenceSchema>;
export type CodeSet = z.infer<typeof codeSetSchema>;

/**
 * Which events a variable looks at: any of the codes (any code when omitted), optionally only
 * some resource types and categories (an Encounter's class, e.g. EMER), dated from `from` to
 * `to`, both inclusive. At least one of codes, resource types and categories must be given.
 * `to` defaults to the index date: nothing after it is ever seen unless asked for.
 */
export const eventFilterSchema = z.object({
  codes: z.array(codeSetSchema).min(1).optional(),
  resourceTypes: z.array(z.enum(RESOURCE_TYPES)).min(1).optional(),
  categories: z.array(z.string().min(1)).min(1).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** What one variable is, per person. */
export const variableSchema = z.discriminatedUnion("kind", [
  /** true when the person has at least one matching event. */
  eventFilterSchema.extend({ kind: z.literal("has_event") }),
  /** The date of the first or last matching event, null when there is none. */
  eventFilterSchema.extend({ kind: z.literal("first_date") }),
  eventFilterSchema.extend({ kind: z.literal("last_date") }),
  /** How many matching events (0 when none). */
  eventFilterSchema.extend({ kind: z.literal("count") }),
  /** The value of the latest matching event that has one (ties: highest event id). */
  eventFilterSchema.extend({ kind: z.literal("last_value") }),
  /** true when the person died from `from` to `to` (both inclusive). */
  z.object({
    kind: z.literal("died"),
    from: isoDateSchema,
    to: isoDateSchema,
  }),
  /** true when one registration spell covers every day from `from` to the index date. */
  z.object({
    kind: z.literal("registered_since"),
    from: isoDateSchema,
  }),
]);
export type Variable = z.infer<typeof variableSchema>;
export type VariableKind = Variable["kind"];

/** Columns every person has besides the declared variables. */
export const BUILT_IN_VARIABLES = ["age", "sex", "ethnicity_group"] as const;
export type BuiltInVariable = (typeof BUILT_IN_VARIABLES)[number];

/** A value to compare with: a number, or a date written as YYYY-MM-DD, or text (sex…). */
const comparableSchema = z.union([z.number(), z.string().min(1)]);

export type Predicate =
  | {
      readonly op: "true" | "false" | "null" | "not_null";
      readonly variable: string;
    }
  | {
      readonly op: "eq" | "ne" | "lt" | "le" | "gt" | "ge";
      readonly variable: string;
      readonly value: number | string;
    }
  | {
      readonly op: "in";
      readonly variable: string;
      readonly values: readonly (number | string)[];
    }
  | { readonly op: "and" | "or"; readonly of: readonly Predicate[] }
  | { readonly op: "not"; readonly of: Predicate };

/** A condition on a person's variables (and age, sex, ethnicity_group). */
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.object({
      op: z.enum(["true", "false", "null", "not_null"]),
      variable: z.string().min(1),
    }),
    z.object({
      op: z.enum(["eq", "ne", "lt", "le", "gt", "ge"]),
      variable: z.string().min(1),
      value: comparableSchema,
    }),
    z.object({
      op: z.literal("in"),
      variable: z.string().min(1),
      values: z.array(comparableSchema).min(1),
    }),
    z.object({
      op: z.enum(["and", "or"]),
      of: z.array(predicateSchema).min(1),
    }),
    z.object({ op: z.literal("not"), of: predicateSchema }),
  ]),
);

/**
 * Who is counted: everyone registered at a practice (optionally one of `practices`) on the
 * index date, alive on it (death date after it) and, if given, of an age (whole years on the
 * index date, both ends inclusive) and sex, and meeting `where`. A registration covers its
 * start date up to the day before its end date; a death date is the last day not alive.
 */
export const populationSchema = z.object({
  indexDate: isoDateSchema,
  practices: z.array(z.string().min(1)).min(1).optional(),
  ageFrom: z.number().int().min(0).max(150).optional(),
  ageTo: z.number().int().min(0).max(150).optional(),
  sex: z.array(z.enum(SEXES)).min(1).optional(),
  where: predicateSchema.optional(),
});
export type Population = z.infer<typeof populationSchema>;

/** Ways to break a measure down; each grouping set is a list of these. */
export const DIMENSIONS = [
  "practice",
  "pcn",
  /** The place of the registered practice (caller's practice → place table). */
  "place",
  /** The place of residence (caller's LSOA → place table). */
  "residence_place",
  "lsoa",
  /** 0-4, 5-9, …, 85-89, 90+: the 19 bands of the European Standard Population 2013. */
  "age_band_5",
  /** 0, 1-4, 5-9, …, 85-89, 90+: the 20 bands of the abridged life table. */
  "age_band_life_table",
  "sex",
  "ethnicity_group",
  /** IMD decile of the LSOA of residence, 1 most deprived (caller's LSOA table). */
  "imd_decile",
  "imd_quintile",
] as const;
export const dimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimensionSchema>;

/** What is counted on top: people meeting a predicate, or the sum of a count variable. */
export const numeratorSchema = z.union([
  z.object({ persons: predicateSchema }).strict(),
  z
    .object({ sum: queryNameSchema, where: predicateSchema.optional() })
    .strict(),
]);
export type Numerator = z.infer<typeof numeratorSchema>;

/**
 * What it is divided by: people of the population meeting a predicate (all when omitted), or
 * the person-years each person of the population lived from `from` to `to` (both inclusive,
 * 365.25 days a year, ending at death).
 */
export const denominatorSchema = z.union([
  z
    .object({
      personYears: z.object({ from: isoDateSchema, to: isoDateSchema }),
      where: predicateSchema.optional(),
    })
    .strict(),
  z.object({ persons: predicateSchema.optional() }).strict(),
]);
export type Denominator = z.infer<typeof denominatorSchema>;

/**
 * One aggregate. `count` gives the numerator only; `proportion` counts the numerator among
 * the denominator's people only (so it cannot exceed it); `rate` gives numerator per `per`
 * of the denominator (persons or person-years).
 */
export const measureSchema = z
  .object({
    id: queryNameSchema,
    aggregation: z.enum(["count", "proportion", "rate"]),
    numerator: numeratorSchema,
    denominator: denominatorSchema.optional(),
    per: z.number().positive().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.aggregation !== "count" && m.denominator === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["denominator"],
        message: `a ${m.aggregation} needs a denominator`,
      });
    }
    if (
      m.aggregation === "proportion" &&
      m.denominator &&
      "personYears" in m.denominator
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["denominator"],
        message: "a proportion's denominator is people, not person-years",
      });
    }
  });
export type Measure = z.infer<typeof measureSchema>;

/**
 * A whole query: one population, its variables, its measures, and the grouping sets every
 * measure is broken down by ([] is the total). All measures come out of one pass.
 */
export const populationQuerySchema = z
  .object({
    population: populationSchema,
    variables: z.record(queryNameSchema, variableSchema).default({}),
    measures: z.array(measureSchema).min(1),
    breakdowns: z.array(z.array(dimensionSchema)).min(1).default([[]]),
  })
  .superRefine((q, ctx) => {
    const known = new Set<string>([
      ...BUILT_IN_VARIABLES,
      ...Object.keys(q.variables),
    ]);
    const check = (p: Predicate, path: (string | number)[]) => {
      for (const name of predicateVariables(p)) {
        if (!known.has(name)) {
          ctx.addIssue({
            code: "custom",
            path,
            message: `unknown variable '${name}'`,
          });
        }
      }
    };
    if (q.population.where) check(q.population.where, ["population", "where"]);
    const ids = new Set<string>();
    q.measures.forEach((m, i) => {
      if (ids.has(m.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["measures", i, "id"],
          message: `measure '${m.id}' is defined twice`,
        });
      }
      ids.add(m.id);
      if ("persons" in m.numerator) {
        check(m.numerator.persons, ["measures", i, "numerator"]);
      } else {
        const v = q.variables[m.numerator.sum];
        if (v?.kind !== "count") {
          ctx.addIssue({
            code: "custom",
            path: ["measures", i, "numerator", "sum"],
            message: `'${m.numerator.sum}' is not a count variable`,
          });
        }
        if (m.numerator.where)
          check(m.numerator.where, ["measures", i, "numerator"]);
      }
      const d = m.denominator;
      if (d && "persons" in d && d.persons)
        check(d.persons, ["measures", i, "denominator"]);
      if (d && "personYears" in d && d.where)
        check(d.where, ["measures", i, "denominator"]);
    });
    for (const [name, v] of Object.entries(q.variables)) {
      if (
        v.kind !== "died" &&
        v.kind !== "registered_since" &&
        v.codes === undefined &&
        v.resourceTypes === undefined &&
        v.categories === undefined
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["variables", name],
          message: "give codes, resource types or categories",
        });
      }
    }
    q.breakdowns.forEach((set, i) => {
      if (new Set(set).size !== set.length) {
        ctx.addIssue({
          code: "custom",
          path: ["breakdowns", i],
          message: "a dimension appears twice in one grouping set",
        });
      }
    });
  });
export type PopulationQuery = z.infer<typeof populationQuerySchema>;
export type PopulationQueryInput = z.input<typeof populationQuerySchema>;

/** Every variable name a predicate refers to. */
export function predicateVariables(p: Predicate): string[] {
  switch (p.op) {
    case "and":
    case "or":
      return p.of.flatMap(predicateVariables);
    case "not":
      return predicateVariables(p.of);
    default:
      return [p.variable];
  }
}

/** The key of a grouping set as it appears in results: dimensions joined by "+", "" for total. */
export const groupingKey = (set: readonly Dimension[]): string => set.join("+");

/** One aggregated row: a measure in one cell of one grouping set. */
export interface MeasureRow {
  readonly measure: string;
  /** The grouping set's dimensions, in the query's order; [] for the total. */
  readonly breakdown: readonly Dimension[];
  /** The value of each dimension of the grouping set (null: not recorded). */
  readonly group: Readonly<Partial<Record<Dimension, string | number | null>>>;
  readonly numerator: number;
  /** Persons or person-years; null for a count. */
  readonly denominator: number | null;
}

const fiveYear = (start: number): string =>
  start >= 90 ? "90+" : `${start}-${start + 4}`;

/** Labels of the 19 five-year bands (ESP2013 order): 0-4 … 85-89, 90+. */
export const AGE_BANDS_5: readonly string[] = Array.from(
  { length: 19 },
  (_, i) => fiveYear(i * 5),
);
/** Labels of the 20 life-table bands: 0, 1-4, 5-9 … 85-89, 90+. */
export const AGE_BANDS_LIFE_TABLE: readonly string[] = [
  "0",
  "1-4",
  ...AGE_BANDS_5.slice(1),
];
