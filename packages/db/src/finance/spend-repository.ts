import type { finance } from "@openics/core";
import type { Queryable } from "../database";

// Typed reads and writes for spend files and their lines. Callers pass parsed, validated lines.

type SpendLine = finance.spend.SpendLine;

export interface SpendFileRecord {
  readonly body_code: string;
  readonly sha256: string;
  readonly ics_code: string | null;
  readonly body_name: string | null;
  readonly source_file: string;
  readonly encoding: string;
  readonly header_line: number;
  readonly mapping: Readonly<Record<string, string>>;
  readonly date_order: "dmy" | "mdy";
  readonly rows: number;
  readonly total_pence: number;
  readonly earliest_date: string | null;
  readonly latest_date: string | null;
}

const LINE_COLUMNS = [
  ["line", "int"],
  ["payment_date", "date"],
  ["supplier", "text"],
  ["amount_pence", "bigint"],
  ["expense_type", "text"],
  ["expense_area", "text"],
  ["transaction_id", "text"],
  ["body_name", "text"],
  ["department", "text"],
  ["description", "text"],
] as const satisfies readonly (readonly [keyof SpendLine, string])[];
const BATCH = 5000;

const INSERT_LINES = `insert into spend_line (body_code, sha256, ${LINE_COLUMNS.map(([c]) => c).join(", ")})
  select $1, $2, * from unnest(${LINE_COLUMNS.map(([, t], i) => `$${i + 3}::${t}[]`).join(", ")})`;

/** The file already stored for this body with this checksum, if any. */
export async function getFile(
  tx: Queryable,
  bodyCode: string,
  sha256: string,
): Promise<SpendFileRecord | null> {
  const [row] = await tx.query<SpendFileRecord & Record<string, unknown>>(
    `select body_code, sha256, ics_code, body_name, source_file, encoding, header_line, mapping,
       date_order, rows, total_pence, earliest_date, latest_date
     from spend_file where body_code = $1 and sha256 = $2`,
    [bodyCode, sha256],
  );
  return row ?? null;
}

/** Stores a new file and its lines. The caller has checked the file is not stored already. */
export async function insertFile(
  tx: Queryable,
  file: SpendFileRecord,
  lines: readonly SpendLine[],
  onBatch?: (done: number) => void,
): Promise<void> {
  await tx.query(
    `insert into spend_file (body_code, sha256, ics_code, body_name, source_file, encoding,
       header_line, mapping, date_order, rows, total_pence, earliest_date, latest_date)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13)`,
    [
      file.body_code,
      file.sha256,
      file.ics_code,
      file.body_name,
      file.source_file,
      file.encoding,
      file.header_line,
      JSON.stringify(file.mapping),
      file.date_order,
      file.rows,
      file.total_pence,
      file.earliest_date,
      file.latest_date,
    ],
  );
  for (let start = 0; start < lines.length; start += BATCH) {
    const batch = lines.slice(start, start + BATCH);
    await tx.query(INSERT_LINES, [
      file.body_code,
      file.sha256,
      ...LINE_COLUMNS.map(([c]) => batch.map((l) => l[c])),
    ]);
    onBatch?.(Math.min(start + BATCH, lines.length));
  }
}

/** Every stored file, newest period first. */
export function listFiles(
  db: Queryable,
  icsCode?: string,
): Promise<SpendFileRecord[]> {
  return db.query<SpendFileRecord & Record<string, unknown>>(
    `select body_code, sha256, ics_code, body_name, source_file, encoding, header_line, mapping,
       date_order, rows, total_pence, earliest_date, latest_date
     from spend_file where $1::text is null or ics_code = $1
     order by latest_date desc nulls last, body_code, source_file`,
    [icsCode ?? null],
  );
}

/** Figures recomputed from the stored lines of one file, to check a file against its record. */
export async function fileFigures(
  db: Queryable,
  bodyCode: string,
  sha256: string,
): Promise<{
  rows: number;
  total_pence: number;
  distinct_suppliers: number;
  earliest_date: string | null;
  latest_date: string | null;
}> {
  const [row] = await db.query<{
    rows: number;
    total_pence: number;
    distinct_suppliers: number;
    earliest_date: string | null;
    latest_date: string | null;
  }>(
    `select count(*)::int as rows, coalesce(sum(amount_pence), 0)::bigint as total_pence,
       count(distinct lower(supplier))::int as distinct_suppliers,
       min(payment_date) as earliest_date, max(payment_date) as latest_date
     from spend_line where body_code = $1 and sha256 = $2`,
    [bodyCode, sha256],
  );
  return (
    row ?? {
      rows: 0,
      total_pence: 0,
      distinct_suppliers: 0,
      earliest_date: null,
      latest_date: null,
    }
  );
}

/** Monthly spend of an ICS's bodies by supplier and expense type, for the analysis. */
export function monthlySpendBySupplier(
  db: Queryable,
  icsCode: string,
): Promise<
  {
    month: string;
    body_code: string;
    supplier: string;
    expense_type: string | null;
    expense_area: string | null;
    amount_pence: number;
  }[]
> {
  return db.query(
    `select to_char(l.payment_date, 'YYYY-MM') as month, l.body_code, l.supplier, l.expense_type,
       l.expense_area, coalesce(sum(l.amount_pence), 0)::bigint as amount_pence
     from spend_line l join spend_file f using (body_code, sha256)
     where f.ics_code = $1
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    [icsCode],
  );
}

/** An ICS's officers' mappings of (paying body, expense area) to a place. */
export function listPlaceMappings(
  db: Queryable,
  icsCode: string,
): Promise<finance.SpendPlaceMappingInput[]> {
  return db.query<finance.SpendPlaceMappingInput & Record<string, unknown>>(
    `select body_code, expense_area, place_code from spend_place_mapping
     where ics_code = $1 order by body_code, expense_area_key`,
    [icsCode],
  );
}

export async function upsertPlaceMapping(
  tx: Queryable,
  icsCode: string,
  m: finance.SpendPlaceMappingInput,
  areaKey: string,
): Promise<void> {
  await tx.query(
    `insert into spend_place_mapping (ics_code, body_code, expense_area_key, expense_area, place_code)
     values ($1, $2, $3, $4, $5)
     on conflict (ics_code, body_code, expense_area_key) do update
       set expense_area = excluded.expense_area, place_code = excluded.place_code`,
    [icsCode, m.body_code, areaKey, m.expense_area, m.place_code],
  );
}

/** An ICS's officers' decisions about suppliers' sectors and owners. */
export function listOverrides(
  db: Queryable,
  icsCode: string,
): Promise<finance.SupplierOverride[]> {
  return db.query<finance.SupplierOverride & Record<string, unknown>>(
    `select supplier, sector, parent_owner from supplier_override where ics_code = $1 order by supplier_key`,
    [icsCode],
  );
}

export async function upsertOverride(
  tx: Queryable,
  icsCode: string,
  o: finance.SupplierOverride,
  key: string,
): Promise<void> {
  await tx.query(
    `insert into supplier_override (ics_code, supplier_key, supplier, sector, parent_owner)
     values ($1, $2, $3, $4, $5)
     on conflict (ics_code, supplier_key) do update set supplier = excluded.supplier,
       sector = excluded.sector, parent_owner = excluded.parent_owner`,
    [icsCode, key, o.supplier, o.sector, o.parent_owner],
  );
}

const CONTRACT_COLUMNS = [
  "reference",
  "title",
  "service",
  "provider",
  "provider_sector",
  "parent_owner",
  "route",
  "value_pence",
  "start_date",
  "end_date",
  "intention_notice_date",
  "standstill_end_date",
  "intention_notice_url",
  "award_notice_url",
  "previous_reference",
] as const satisfies readonly (keyof finance.ContractInput)[];

export async function getContract(
  db: Queryable,
  icsCode: string,
  reference: string,
): Promise<finance.Contract | null> {
  const [row] = await listContracts(db, icsCode, reference);
  return row ?? null;
}

/** An ICS's contracts with their subcontractors, newest first. */
export async function listContracts(
  db: Queryable,
  icsCode: string,
  reference?: string,
): Promise<finance.Contract[]> {
  return db.query<finance.Contract & Record<string, unknown>>(
    `select c.ics_code, ${CONTRACT_COLUMNS.map((k) => `c.${k}`).join(", ")},
       coalesce((select array_agg(s.subcontractor order by s.position) from contract_subcontractor s
         where s.ics_code = c.ics_code and s.reference = c.reference), '{}') as subcontractors
     from contract c where c.ics_code = $1 and ($2::text is null or c.reference = $2)
     order by c.start_date desc, c.reference`,
    [icsCode, reference ?? null],
  );
}

/** Inserts or replaces a contract and its subcontractors. */
export async function upsertContract(
  tx: Queryable,
  icsCode: string,
  c: finance.ContractInput,
): Promise<void> {
  await tx.query(
    `insert into contract (ics_code, ${CONTRACT_COLUMNS.join(", ")})
     values ($1, ${CONTRACT_COLUMNS.map((_, i) => `$${i + 2}`).join(", ")})
     on conflict (ics_code, reference) do update set
       ${CONTRACT_COLUMNS.filter((k) => k !== "reference")
         .map((k) => `${k} = excluded.${k}`)
         .join(", ")}`,
    [icsCode, ...CONTRACT_COLUMNS.map((k) => c[k])],
  );
  await tx.query(
    `delete from contract_subcontractor where ics_code = $1 and reference = $2`,
    [icsCode, c.reference],
  );
  for (const [i, s] of c.subcontractors.entries())
    await tx.query(
      `insert into contract_subcontractor (ics_code, reference, position, subcontractor) values ($1, $2, $3, $4)`,
      [icsCode, c.reference, i, s],
    );
}
