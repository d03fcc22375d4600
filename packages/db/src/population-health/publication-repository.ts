import type { Queryable } from "../database";

// Typed reads and writes of published indicator values. No rules here: the service checks
// disclosure control before anything is written.

export type PublicationRow = {
  readonly id: string;
  readonly ics_code: string;
  readonly indicator_id: string;
  readonly period_from: string;
  readonly period_to: string;
  readonly published_at: string;
  readonly published_by: string;
  readonly disclosure_rule: string;
  readonly query_hash: string;
  readonly query_log_id: string | null;
  readonly metadata: unknown;
  readonly payload: unknown;
};

export type NewPublication = Omit<PublicationRow, "published_at">;

export async function insertPublication(
  tx: Queryable,
  row: NewPublication,
): Promise<void> {
  await tx.query(
    `insert into ph_publication (id, ics_code, indicator_id, period_from, period_to, published_by,
       disclosure_rule, query_hash, query_log_id, metadata, payload)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb)`,
    [
      row.id,
      row.ics_code,
      row.indicator_id,
      row.period_from,
      row.period_to,
      row.published_by,
      row.disclosure_rule,
      row.query_hash,
      row.query_log_id,
      JSON.stringify(row.metadata),
      JSON.stringify(row.payload),
    ],
  );
}

const COLUMNS = `id, ics_code, indicator_id, period_from::text as period_from, period_to::text as period_to,
  published_at::text as published_at, published_by, disclosure_rule, query_hash, query_log_id, metadata, payload`;

/** The latest publication of each indicator and period of an ICS, newest period first. */
export async function latestPublications(
  db: Queryable,
  icsCode: string,
): Promise<PublicationRow[]> {
  return db.query<PublicationRow>(
    `select distinct on (indicator_id, period_to) ${COLUMNS}
     from ph_publication where ics_code = $1
     order by indicator_id, period_to desc, published_at desc, id desc`,
    [icsCode],
  );
}

/** Every latest publication of one indicator, one per period, oldest period first (a trend). */
export async function indicatorSeries(
  db: Queryable,
  icsCode: string,
  indicatorId: string,
): Promise<PublicationRow[]> {
  const rows = await db.query<PublicationRow>(
    `select distinct on (period_to) ${COLUMNS}
     from ph_publication where ics_code = $1 and indicator_id = $2
     order by period_to, published_at desc, id desc`,
    [icsCode, indicatorId],
  );
  return rows;
}

/** ICS codes with at least one publication. */
export async function publishedIcsCodes(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ ics_code: string }>(
    "select distinct ics_code from ph_publication order by ics_code",
  );
  return rows.map((r) => r.ics_code);
}
