import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  fail,
  ok,
  populationHealth as ph,
  type Actor,
  type Result,
} from "@openics/core";
import { appendAudit, publicationRepository, type Database } from "@openics/db";
import { logQuery } from "./registers-service";
import { readLookups, runOnPatients } from "./patient-reader";

// Publishing the standard indicators of an ICS: the one use case that reads patient-level rows
// and releases aggregates. It runs the indicator queries (on DuckDB by default, or on the
// database itself), applies disclosure control and the statistics, and in one transaction logs
// the run in the public query log (refused outside every data-sharing agreement) and stores
// the publications that pages and the API read. Nothing else ever leaves.

export type PublishEngine = "duckdb" | "postgres";

export const publishInput = z.object({
  /** The last day of the reporting year, e.g. 2025-03-31 for 2024-25. */
  period_to: z.iso.date(),
  organisation: z.string().trim().min(1),
  purpose: z.enum(ph.PURPOSES).default("population health management"),
  engine: z.enum(["duckdb", "postgres"]).default("duckdb"),
  rule: z.enum(ph.DISCLOSURE_RULES).default(ph.DEFAULT_DISCLOSURE_RULE),
});
export type PublishInput = z.input<typeof publishInput>;

export interface PublishError {
  readonly code:
    | "invalid_request"
    | "forbidden"
    | "unknown_ics"
    | "no_agreement"
    | "no_patients";
  readonly message: string;
}

export interface PublishSummary {
  readonly icsCode: string;
  readonly period: ph.ReportingPeriod;
  readonly engine: PublishEngine;
  readonly queryLogId: string;
  readonly definitionSha256: string;
  readonly indicators: readonly { id: string; value: number | null }[];
  readonly patientsRead: number;
}

const refuse = (code: PublishError["code"], message: string) =>
  fail<PublishError>({ code, message });

/** The reporting year ending on `to`: from the day after the same date a year earlier. */
export function reportingPeriod(to: string): ph.ReportingPeriod {
  const end = new Date(`${to}T00:00:00Z`);
  const start = new Date(end);
  start.setUTCFullYear(end.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  return { from: start.toISOString().slice(0, 10), to };
}

/** A seed for the SII simulation that is the same for the same query, so reruns agree. */
const seedOf = (text: string): number =>
  createHash("sha256").update(text).digest().readUInt32BE(0);

/**
 * Runs and publishes the standard indicators of an ICS for a reporting year. Officers of the
 * ICS and administrators only; refused (and nothing released) when no data-sharing agreement
 * covers the run.
 */
export async function publishStandardIndicators(
  db: Database,
  actor: Actor,
  icsCode: string,
  input: PublishInput,
): Promise<Result<PublishSummary, PublishError>> {
  const parsed = publishInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      "invalid_request",
      `${issue?.path.join(".") ?? ""}: ${issue?.message ?? "not valid"}`,
    );
  }
  const { period_to, organisation, purpose, engine, rule } = parsed.data;
  const ics = icsCode.trim().toUpperCase();
  if (!ph.mayUseIcsPatientData(actor, ics))
    return refuse(
      "forbidden",
      "Only an officer of this ICS, or an administrator, may publish its indicators.",
    );
  const period = reportingPeriod(period_to);
  const lookups = await readLookups(db, ics, period.to);
  if (lookups.practiceCodes.length === 0)
    return refuse(
      "unknown_ics",
      `${ics} has no GP practices on ${period.to}: load its geography first.`,
    );

  const indicators = ph.standardIndicators(period);
  const queries = ph.indicatorQueries(indicators, period).map(({ query }) => ({
    ...query,
    // Only the people registered with this ICS's practices are counted.
    population: { ...query.population, practices: lookups.practiceCodes },
  }));
  const definition = {
    indicators: indicators.map((i) => i.metadata.id),
    period,
    engine,
    queries,
  };
  // The same query gives the same simulation on either engine.
  const seed = seedOf(ph.canonicalJson({ ...definition, engine: null }));

  type Outcome = Result<PublishSummary, PublishError>;
  class Refusal extends Error {
    constructor(readonly outcome: Outcome) {
      super("refused");
    }
  }
  try {
    return await db.transaction(async (tx): Promise<Outcome> => {
      const { rows, patientsRead } = await runOnPatients(
        tx,
        { engine, scope: lookups.practiceCodes, lookups },
        queries,
      );
      if (patientsRead === 0)
        throw new Refusal(
          refuse(
            "no_patients",
            `No patient-level records are registered at ${ics}'s practices: import them first (openics import fhir or import patients).`,
          ),
        );
      const results = ph.indicatorResults(indicators, rows);
      const publications: {
        indicator: ph.Indicator;
        publication: ph.Publication;
      }[] = [];
      for (const [i, indicator] of indicators.entries()) {
        const result = results[i];
        if (result === undefined) continue;
        const published = ph.publishIndicator(result, indicator.statistic, {
          rule,
          inequalityDimension: "imd_decile",
          uniform: ph.seededUniform(seed + i),
          repetitions: 1000,
        });
        if (!published.ok)
          throw new Error(
            `disclosure control refused a count of ${indicator.metadata.id}`,
          );
        publications.push({ indicator, publication: published.value });
      }
      const logged = await logQuery(tx, {
        icsCode: ics,
        runBy: actor.id,
        organisation,
        runAt: new Date().toISOString(),
        purpose,
        data: ["patients", "registrations", "events"],
        definition,
        outputs: {
          publications: publications.map((p) => p.indicator.metadata.id),
          period,
          breakdowns: [...ph.STANDARD_BREAKDOWNS],
        },
        disclosureRule: rule,
      });
      if (!logged.ok)
        throw new Refusal(
          refuse(
            logged.error.code === "no_agreement"
              ? "no_agreement"
              : "invalid_request",
            logged.error.message,
          ),
        );
      for (const p of publications) {
        await publicationRepository.insertPublication(tx, {
          id: randomUUID(),
          ics_code: ics,
          indicator_id: p.indicator.metadata.id,
          period_from: period.from,
          period_to: period.to,
          published_by: actor.id,
          disclosure_rule: rule,
          query_hash: logged.value.definition_sha256,
          query_log_id: String(logged.value.query_id),
          metadata: {
            ...p.indicator.metadata,
            statistic: p.indicator.statistic,
          },
          payload: p.publication,
        });
      }
      await appendAudit(tx, {
        actor: actor.id,
        action: "publish_indicators",
        entity: "indicator_publication",
        entityKey: `${ics}/${period.to}`,
        icsCode: ics,
        after: {
          indicators: publications.length,
          query_log_id: logged.value.query_id,
          engine,
        },
      });
      return ok({
        icsCode: ics,
        period,
        engine,
        queryLogId: String(logged.value.query_id),
        definitionSha256: logged.value.definition_sha256,
        indicators: publications.map((p) => ({
          id: p.indicator.metadata.id,
          value: p.publication.overall.estimate.value,
        })),
        patientsRead,
      });
    });
  } catch (e) {
    if (e instanceof Refusal) return e.outcome;
    throw e;
  }
}
