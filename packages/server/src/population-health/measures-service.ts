// Runs a measure defined in the query model on the database's patient-level records: compile,
// copy the records into DuckDB, run, apply disclosure control (NHS England's small-number rule
// unless another is named) and only then compute statistics from the protected counts.
// Patient-level rows never leave this function; the result holds aggregates only.
import { z } from "zod";
import {
  fail,
  ok,
  populationHealth as ph,
  type Actor,
  type Result,
} from "@openics/core";
import type { Database } from "@openics/db";
import {
  compileQuery,
  QueryCompileError,
  type CompileOptions,
  type Lookups,
} from "@openics/analytics";
import {
  readLookups,
  runOnPatients,
  type AnalysisEngine,
  type PatientScope,
} from "./patient-reader";
import { listAgreements, logQuery } from "./registers-service";

export type MeasureRunError =
  | { readonly code: "invalid_measure"; readonly problems: readonly string[] }
  | { readonly code: "unknown_codelist"; readonly message: string }
  | { readonly code: "disclosure_failed"; readonly message: string };

export interface MeasureRunOptions {
  readonly rule?: ph.DisclosureRule;
  readonly confidence?: readonly number[];
  readonly codelists?: CompileOptions["codelists"];
  /** LSOA and practice lookups; read through the structure queries when omitted. */
  readonly lookups?: Lookups;
  /** Only the patients of this ICS (ever registered at its practices); everyone when omitted. */
  readonly scope?: PatientScope;
  readonly engine?: AnalysisEngine;
}

/** One published cell: counts after disclosure control, and the statistic recomputed from them. */
export interface PublishedCell {
  readonly breakdown: readonly ph.Dimension[];
  readonly group: Readonly<
    Partial<Record<ph.Dimension, string | number | null>>
  >;
  /** Shown counts: a number, or "*" when suppressed. */
  readonly numerator: string;
  readonly denominator: string | null;
  readonly estimate: ph.Estimate | null;
  /** Hidden only so that another suppressed cell of the same breakdown cannot be worked out. */
  readonly secondarySuppressed: boolean;
}

export interface PublishedMeasure {
  readonly id: string;
  readonly aggregation: ph.Measure["aggregation"];
  readonly per: number | null;
  readonly cells: readonly PublishedCell[];
}

export interface MeasureRunOutput {
  /** The disclosure rule applied, published with the output. */
  readonly rule: ph.DisclosureRule;
  readonly query: ph.PopulationQuery;
  readonly measures: readonly PublishedMeasure[];
}

function statistic(
  measure: ph.Measure,
  numerator: number | null,
  denominator: number | null,
  confidence: readonly number[] | undefined,
): ph.Estimate | null {
  const levels = confidence ? [...confidence] : [...ph.FINGERTIPS_CONFIDENCE];
  if (measure.aggregation === "proportion") {
    return ph.proportionWithWilsonLimits(numerator, denominator, {
      confidence: levels,
      multiplier: measure.per ?? 100,
    });
  }
  if (measure.aggregation === "rate") {
    return ph.crudeRate(numerator, denominator, {
      confidence: levels,
      multiplier: measure.per ?? 1000,
    });
  }
  return null;
}

/**
 * Protects every breakdown of a measure: each grouping set's cells together (with secondary
 * suppression against its total), numerators and denominators alike.
 */
function publish(
  measure: ph.Measure,
  rows: readonly ph.MeasureRow[],
  rule: ph.DisclosureRule,
  confidence: readonly number[] | undefined,
): Result<PublishedMeasure, string> {
  const sets = new Map<string, ph.MeasureRow[]>();
  for (const r of rows) {
    const key = ph.groupingKey(r.breakdown);
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  const cells: PublishedCell[] = [];
  for (const set of sets.values()) {
    const numerators = ph.protectBreakdown(
      set.map((r) => Math.round(r.numerator)),
      rule,
    );
    if (!numerators.ok) return fail(numerators.error);
    const denominators = set.every((r) => r.denominator !== null)
      ? ph.protectBreakdown(
          // Person-years are rounded to whole years before protection.
          set.map((r) => Math.round(r.denominator ?? 0)),
          rule,
        )
      : null;
    if (denominators && !denominators.ok) return fail(denominators.error);
    set.forEach((r, i) => {
      const n = numerators.value.cells[i] ?? { rule, value: null };
      const d = denominators?.ok ? denominators.value.cells[i] : undefined;
      cells.push({
        breakdown: r.breakdown,
        group: r.group,
        numerator: ph.shownCount(n),
        denominator: d === undefined ? null : ph.shownCount(d),
        estimate:
          d === undefined && measure.aggregation !== "count"
            ? null
            : statistic(measure, n.value, d?.value ?? null, confidence),
        secondarySuppressed:
          numerators.value.secondarySuppressed.includes(i) ||
          (denominators?.ok === true &&
            denominators.value.secondarySuppressed.includes(i)),
      });
    });
  }
  return ok({
    id: measure.id,
    aggregation: measure.aggregation,
    per: measure.per ?? null,
    cells,
  });
}

/** Runs a measure file's query on the database's records and returns only protected aggregates. */
export async function runMeasure(
  db: Database,
  input: unknown,
  options: MeasureRunOptions = {},
): Promise<Result<MeasureRunOutput, MeasureRunError>> {
  const parsed = ph.populationQuerySchema.safeParse(input);
  if (!parsed.success) {
    return fail({
      code: "invalid_measure",
      problems: parsed.error.issues.map(
        (i) => `${i.path.join(".") || "(query)"}: ${i.message}`,
      ),
    });
  }
  const query = parsed.data;
  try {
    // Compiled once first so that a codelist it cannot resolve is refused before any read.
    compileQuery(
      query,
      "duckdb",
      options.codelists ? { codelists: options.codelists } : {},
    );
  } catch (error) {
    if (error instanceof QueryCompileError) {
      return fail({ code: "unknown_codelist", message: error.message });
    }
    throw error;
  }
  const lookups =
    options.lookups ??
    (await readLookups(db, null, query.population.indexDate));
  // One transaction: the records are read from one snapshot, and the PostgreSQL runner's
  // temporary lookup tables are dropped when it ends.
  const { rows } = await db.transaction((tx) =>
    runOnPatients(
      tx,
      {
        engine: options.engine ?? "duckdb",
        scope: options.scope ?? null,
        lookups,
        ...(options.codelists
          ? { compile: { codelists: options.codelists } }
          : {}),
      },
      [query],
    ),
  );
  const rule = options.rule ?? ph.DEFAULT_DISCLOSURE_RULE;
  const measures: PublishedMeasure[] = [];
  for (const measure of query.measures) {
    const published = publish(
      measure,
      rows.filter((r) => r.measure === measure.id),
      rule,
      options.confidence,
    );
    if (!published.ok) {
      return fail({
        code: "disclosure_failed",
        message: `measure ${measure.id}: ${published.error}`,
      });
    }
    measures.push(published.value);
  }
  return ok({ rule, query, measures });
}

// ---------------------------------------------------------------------------------------------
// A measure an analyst defines and runs for an ICS, logged in the public query log

/** What an analyst asks for: the measure (the same JSON the CLI takes) and why. */
export const measureRequestSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Enter a title")
    .max(200, "Use at most 200 characters"),
  purpose: z.enum(ph.PURPOSES, { message: "Choose a purpose" }),
  agreement_id: z
    .string()
    .trim()
    .min(1, "Choose the data-sharing agreement it runs under"),
  rule: z
    .enum(ph.DISCLOSURE_RULES, { message: "Choose a disclosure rule" })
    .default(ph.DEFAULT_DISCLOSURE_RULE),
  engine: z.enum(["duckdb", "postgres"]).default("duckdb"),
  query: z.unknown(),
});
export type MeasureRequest = z.input<typeof measureRequestSchema>;

export interface LoggedMeasureError {
  readonly code:
    | "invalid_request"
    | "invalid_measure"
    | "unknown_codelist"
    | "forbidden"
    | "unknown_ics"
    | "no_agreement"
    | "disclosure_failed";
  readonly message: string;
  /** Each problem with the field it is about (a dotted path of the request). */
  readonly problems?: readonly { path: string; message: string }[];
}

/** What the query log keeps as a measure run's released outputs, and all a page may show. */
export interface ReleasedMeasure {
  readonly kind: "measure";
  readonly title: string;
  readonly rule: ph.DisclosureRule;
  readonly measures: readonly PublishedMeasure[];
}

export interface LoggedMeasure {
  readonly queryLogId: string;
  readonly definitionSha256: string;
  readonly agreementId: string;
  readonly released: ReleasedMeasure;
}

const refuseMeasure = (
  code: LoggedMeasureError["code"],
  message: string,
  problems?: LoggedMeasureError["problems"],
) =>
  fail<LoggedMeasureError>({
    code,
    message,
    ...(problems ? { problems } : {}),
  });

const problemsOf = (
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
) =>
  issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));

/** A released measure read back from a query-log entry's outputs, or null if it is not one. */
export function releasedMeasureOf(outputs: unknown): ReleasedMeasure | null {
  const o = outputs as Partial<ReleasedMeasure> | null;
  return o !== null &&
    typeof o === "object" &&
    o.kind === "measure" &&
    Array.isArray(o.measures)
    ? (o as ReleasedMeasure)
    : null;
}

/**
 * Runs an analyst's measure on the records of one ICS's patients, under the data-sharing
 * agreement they chose: refused (nothing run, nothing logged) when that agreement does not cover
 * the organisation, purpose, data and day. In one transaction the run is logged in the public
 * query log with its purpose, full definition (as run, scoped to the ICS's practices), hash,
 * agreement and the released outputs, which are disclosure-controlled aggregates only.
 */
export async function runLoggedMeasure(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: MeasureRequest,
): Promise<Result<LoggedMeasure, LoggedMeasureError>> {
  const ics = icsCode.trim().toUpperCase();
  if (!ph.mayUseIcsPatientData(actor, ics))
    return refuseMeasure(
      "forbidden",
      "Only an officer of this ICS, or an administrator, may run measures on its patient-level data.",
    );
  const request = measureRequestSchema.safeParse(input);
  if (!request.success)
    return refuseMeasure(
      "invalid_request",
      "The request is not valid.",
      problemsOf(request.error.issues),
    );
  const { title, purpose, agreement_id, rule, engine } = request.data;
  const parsed = ph.populationQuerySchema.safeParse(request.data.query);
  if (!parsed.success)
    return refuseMeasure(
      "invalid_measure",
      "The measure is not valid.",
      problemsOf(parsed.error.issues),
    );
  const asked = parsed.data;
  const lookups = await readLookups(db, ics, asked.population.indexDate);
  if (lookups.practiceCodes.length === 0)
    return refuseMeasure(
      "unknown_ics",
      `${ics} has no GP practices on ${asked.population.indexDate}: load its geography first.`,
    );
  const register = await listAgreements(db, ics);
  const chosen = register.ok
    ? register.value.agreements.find((a) => a.agreement_id === agreement_id)
    : undefined;
  if (chosen === undefined)
    return refuseMeasure(
      "no_agreement",
      `${agreement_id} is not on ${ics}'s register of data-sharing agreements.`,
      [
        {
          path: "agreement_id",
          message: "Choose an agreement on the register",
        },
      ],
    );
  // Only the people registered with this ICS's practices are counted.
  const mine = new Set(lookups.practiceCodes);
  const practices = asked.population.practices
    ? asked.population.practices.filter((p) => mine.has(p))
    : lookups.practiceCodes;
  if (practices.length === 0)
    return refuseMeasure("invalid_measure", "The measure is not valid.", [
      {
        path: "population.practices",
        message: `none of these practices is in ${ics}`,
      },
    ]);
  const query: ph.PopulationQuery = {
    ...asked,
    population: { ...asked.population, practices },
  };
  try {
    compileQuery(query, "duckdb");
  } catch (error) {
    if (error instanceof QueryCompileError)
      return refuseMeasure("unknown_codelist", error.message, [
        { path: "query", message: error.message },
      ]);
    throw error;
  }

  type Outcome = Result<LoggedMeasure, LoggedMeasureError>;
  class Refusal extends Error {
    constructor(readonly outcome: Outcome) {
      super("refused");
    }
  }
  try {
    return await db.transaction(async (tx): Promise<Outcome> => {
      const { rows } = await runOnPatients(
        tx,
        { engine, scope: lookups.practiceCodes, lookups },
        [query],
      );
      const measures: PublishedMeasure[] = [];
      for (const measure of query.measures) {
        const published = publish(
          measure,
          rows.filter((r) => r.measure === measure.id),
          rule,
          undefined,
        );
        if (!published.ok)
          throw new Refusal(
            refuseMeasure(
              "disclosure_failed",
              `measure ${measure.id}: ${published.error}`,
            ),
          );
        measures.push(published.value);
      }
      const released: ReleasedMeasure = {
        kind: "measure",
        title,
        rule,
        measures,
      };
      const logged = await logQuery(tx, {
        icsCode: ics,
        runBy: actor.id,
        organisation: chosen.organisation,
        runAt: new Date().toISOString(),
        purpose,
        data: ["patients", "registrations", "events"],
        definition: query,
        outputs: released,
        disclosureRule: rule,
        agreementId: chosen.agreement_id,
      });
      if (!logged.ok)
        throw new Refusal(
          refuseMeasure(
            logged.error.code === "no_agreement"
              ? "no_agreement"
              : "invalid_request",
            logged.error.message,
            logged.error.code === "no_agreement"
              ? [{ path: "agreement_id", message: logged.error.message }]
              : undefined,
          ),
        );
      return ok({
        queryLogId: String(logged.value.query_id),
        definitionSha256: logged.value.definition_sha256,
        agreementId: logged.value.agreement_id,
        released,
      });
    });
  } catch (e) {
    if (e instanceof Refusal) return e.outcome;
    throw e;
  }
}
