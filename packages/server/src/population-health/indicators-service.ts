import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  fail,
  ok,
  populationHealth as ph,
  type Actor,
  type Result,
} from "@openics/core";
import {
  appendAudit,
  publicationRepository,
  structureRepository,
  type Database,
  type Queryable,
} from "@openics/db";
import {
  compileQuery,
  createPatientTables,
  insertPatientRecords,
  openAnalytics,
  runOnDuckDB,
  runOnPostgres,
  setLookups,
  type EventRow,
  type Lookups,
  type PatientRow,
  type RegistrationRow,
} from "@openics/analytics";
import { logQuery } from "./registers-service";

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

/** The lookups the compiled queries join to, from the structure module as at a date. */
export async function icsLookups(
  db: Queryable,
  icsCode: string,
  asAt: string,
): Promise<Lookups & { practiceCodes: string[] }> {
  const [lsoas, practices] = await Promise.all([
    structureRepository.lsoasAt(db, asAt, icsCode),
    structureRepository.practicesAt(db, asAt, icsCode),
  ]);
  return {
    lsoas: lsoas.map((l) => ({
      lsoa_code: l.code,
      imd_decile: l.imd_decile ?? null,
      place_code: l.utla_gss,
    })),
    practices: practices.map((p) => ({
      practice_code: p.ods_code,
      pcn_code: p.pcn_ods,
      place_code: p.utla_gss,
    })),
    practiceCodes: practices.map((p) => p.ods_code),
  };
}

/** Patient-level rows of the people ever registered at the ICS's practices (server-side only). */
async function readPatientRows(
  tx: Queryable,
  practiceCodes: readonly string[],
): Promise<{
  patients: PatientRow[];
  registrations: RegistrationRow[];
  events: EventRow[];
}> {
  const mine = `select distinct patient_id from ph_registration where practice_code = any($1::text[])`;
  const patients = await tx.query<PatientRow & Record<string, unknown>>(
    `select patient_id, sex, date_of_birth::text as date_of_birth, date_of_death::text as date_of_death,
            ethnicity_code, ethnicity_group, lsoa_code, opted_out, source
     from ph_patient where patient_id in (${mine})`,
    [practiceCodes],
  );
  const registrations = await tx.query<
    RegistrationRow & Record<string, unknown>
  >(
    `select patient_id, practice_code, start_date::text as start_date, end_date::text as end_date
     from ph_registration where patient_id in (${mine})`,
    [practiceCodes],
  );
  const events = await tx.query<EventRow & Record<string, unknown>>(
    `select event_id, patient_id, resource_type, system, code, date::text as date,
            end_date::text as end_date, category, value, unit
     from ph_event where patient_id in (${mine})`,
    [practiceCodes],
  );
  return { patients, registrations, events };
}

async function runIndicatorQueries(
  tx: Queryable,
  engine: PublishEngine,
  queries: readonly ph.PopulationQuery[],
  lookups: Lookups & { practiceCodes: string[] },
): Promise<{ rows: ph.MeasureRow[]; patientsRead: number }> {
  if (engine === "postgres") {
    const rows: ph.MeasureRow[] = [];
    for (const q of queries) {
      // Each run creates its lookups as temporary tables dropped at commit; several runs share
      // one transaction, so the previous run's are dropped first.
      await tx.query("drop table if exists pg_temp.ph_lsoa_lookup");
      await tx.query("drop table if exists pg_temp.ph_practice_lookup");
      rows.push(
        ...(await runOnPostgres(tx, compileQuery(q, "postgres"), lookups)),
      );
    }
    const [count] = await tx.query<{ n: number }>(
      "select count(distinct patient_id)::int as n from ph_registration where practice_code = any($1::text[])",
      [lookups.practiceCodes],
    );
    return { rows, patientsRead: count?.n ?? 0 };
  }
  const records = await readPatientRows(tx, lookups.practiceCodes);
  const duck = await openAnalytics();
  try {
    await createPatientTables(duck.connection);
    await insertPatientRecords(duck.connection, records);
    await setLookups(duck.connection, lookups);
    const rows: ph.MeasureRow[] = [];
    for (const q of queries)
      rows.push(
        ...(await runOnDuckDB(duck.connection, compileQuery(q, "duckdb"))),
      );
    return { rows, patientsRead: records.patients.length };
  } finally {
    duck.close();
  }
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
  if (
    !ph.mayManagePatientData(actor) ||
    (actor.icsCode !== null && actor.icsCode !== ics)
  )
    return refuse(
      "forbidden",
      "Only an officer of this ICS, or an administrator, may publish its indicators.",
    );
  const period = reportingPeriod(period_to);
  const lookups = await icsLookups(db, ics, period.to);
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
      const { rows, patientsRead } = await runIndicatorQueries(
        tx,
        engine,
        queries,
        lookups,
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
