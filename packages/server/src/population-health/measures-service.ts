// Runs a measure defined in the query model on the database's patient-level records: compile,
// copy the records into DuckDB, run, apply disclosure control (NHS England's small-number rule
// unless another is named) and only then compute statistics from the protected counts.
// Patient-level rows never leave this function; the result holds aggregates only.
import { fail, ok, populationHealth as ph, type Result } from "@openics/core";
import type { Database } from "@openics/db";
import {
  appendRows,
  compileQuery,
  createPatientTables,
  EVENT_COLUMNS,
  PATIENT_COLUMNS,
  REGISTRATION_COLUMNS,
  openAnalytics,
  QueryCompileError,
  runOnDuckDB,
  setLookups,
  type CompileOptions,
  type Lookups,
} from "@openics/analytics";

export type MeasureRunError =
  | { readonly code: "invalid_measure"; readonly problems: readonly string[] }
  | { readonly code: "unknown_codelist"; readonly message: string }
  | { readonly code: "disclosure_failed"; readonly message: string };

export interface MeasureRunOptions {
  readonly rule?: ph.DisclosureRule;
  readonly confidence?: readonly number[];
  readonly codelists?: CompileOptions["codelists"];
  /** LSOA and practice lookups; read from the database's reference tables when omitted. */
  readonly lookups?: Lookups;
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

const PAGE = 50_000;

/** Copies one patient-level table from the database into DuckDB, page by page. */
async function copyTable(
  db: Database,
  connection: Parameters<typeof appendRows>[0],
  table: "ph_patient" | "ph_registration" | "ph_event",
  columns: readonly string[],
  key: string,
): Promise<void> {
  let after: unknown = null;
  for (;;) {
    const rows = await db.query(
      `select ${columns.join(", ")}, ${key} as page_key from ${table} ${after === null ? "" : `where ${key} > $1`} order by ${key} limit ${PAGE}`,
      after === null ? [] : [after],
    );
    if (rows.length === 0) return;
    await appendRows(
      connection,
      table,
      rows.map((r) => columns.map((c) => r[c] ?? null)),
    );
    after = rows.at(-1)?.["page_key"];
    if (rows.length < PAGE) return;
  }
}

/** LSOA → IMD decile and place, practice → PCN and place, as at a date, from the reference tables. */
export async function lookupsFromDatabase(
  db: Database,
  asAt: string,
): Promise<Lookups> {
  const lsoas = await db.query<{
    lsoa_code: string;
    imd_decile: number;
    place_code: string | null;
  }>(
    `select distinct on (d.lsoa_code) d.lsoa_code, d.decile as imd_decile,
       (select coalesce(g.utla_gss, g.lad_gss) from lsoa_geography g
         where g.lsoa_code = d.lsoa_code and g.valid_from <= cast($1 as date) and (g.valid_to is null or g.valid_to > cast($1 as date))
         order by g.edition desc limit 1) as place_code
     from lsoa_deprivation d where d.domain = 'imd'
     order by d.lsoa_code, d.edition desc, d.release desc`,
    [asAt],
  );
  const practices = await db.query<{
    practice_code: string;
    pcn_code: string | null;
    place_code: string | null;
  }>(
    `select p.ods_code as practice_code,
       (select pp.pcn_ods from practice_pcn pp where pp.practice_ods = p.ods_code
         and pp.valid_from <= cast($1 as date) and (pp.valid_to is null or pp.valid_to > cast($1 as date))
         order by pp.valid_from desc limit 1) as pcn_code,
       (select coalesce(g.utla_gss, g.lad_gss) from lsoa_geography g where g.lad_gss = p.lad_gss
         order by g.edition desc limit 1) as place_code
     from practice p`,
    [asAt],
  );
  return { lsoas, practices };
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
  let compiled;
  try {
    compiled = compileQuery(
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
    (await lookupsFromDatabase(db, query.population.indexDate));
  const engine = await openAnalytics();
  let rows: ph.MeasureRow[];
  try {
    await createPatientTables(engine.connection);
    await copyTable(
      db,
      engine.connection,
      "ph_patient",
      PATIENT_COLUMNS,
      "patient_id",
    );
    await copyTable(
      db,
      engine.connection,
      "ph_registration",
      REGISTRATION_COLUMNS,
      "patient_id || '|' || cast(start_date as text)",
    );
    await copyTable(
      db,
      engine.connection,
      "ph_event",
      EVENT_COLUMNS,
      "event_id",
    );
    await setLookups(engine.connection, lookups);
    rows = await runOnDuckDB(engine.connection, compiled);
  } finally {
    engine.close();
  }
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
