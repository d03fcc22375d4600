import type { Queryable, Row } from "../database";

// Typed reads and writes for structure and geography. No rules live here: callers pass
// validated rows and dates; every statement is plain SQL that runs on PGlite and PostgreSQL.

export type PgType =
  "text" | "int" | "smallint" | "date" | "float8" | "bool" | "jsonb";
export interface Column {
  readonly name: string;
  readonly type: PgType;
}

const BATCH = 5000;

/**
 * Inserts rows in batches with one statement each (unnest of one array per column), updating rows
 * whose key exists: imports are idempotent and never drop rows a file no longer lists.
 * Returns how many rows were new and how many were updated.
 */
export async function upsertRows(
  tx: Queryable,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly (readonly unknown[])[],
  onBatch?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  const names = columns.map((c) => c.name);
  const updates = names.filter((n) => !key.includes(n));
  const conflict =
    updates.length === 0
      ? `on conflict (${key.join(", ")}) do nothing`
      : `on conflict (${key.join(", ")}) do update set ${updates.map((n) => `${n} = excluded.${n}`).join(", ")}`;
  const sql = `insert into ${table} (${names.join(", ")})
    select * from unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})
    ${conflict} returning (xmax = 0) as inserted`;
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const arrays = columns.map((c, i) =>
      batch.map((r) => {
        const v = r[i];
        return c.type === "jsonb" && v !== null && v !== undefined
          ? JSON.stringify(v)
          : v;
      }),
    );
    const result = await tx.query<{ inserted: boolean }>(sql, arrays);
    for (const r of result) {
      if (r.inserted) inserted++;
      else updated++;
    }
    onBatch?.(Math.min(start + BATCH, rows.length));
  }
  return { inserted, updated };
}

const cols = (spec: string): Column[] =>
  spec.split(",").map((part) => {
    const [name, type] = part.trim().split(":");
    return { name: name ?? "", type: (type ?? "text") as PgType };
  });

/** The tables an import writes, with their columns and keys. */
export const TABLES = {
  nhs_region: {
    columns: cols("ods_code, gss_code, name, valid_from:date, valid_to:date"),
    key: ["ods_code", "valid_from"],
  },
  icb: {
    columns: cols(
      "ods_code, gss_code, name, region_ods, synthetic:bool, valid_from:date, valid_to:date",
    ),
    key: ["ods_code", "valid_from"],
  },
  icb_succession: {
    columns: cols(
      "from_ods, to_ods, from_gss, to_gss, effective:date, kind, registered_patients:int, note",
    ),
    key: ["from_ods", "to_ods", "effective"],
  },
  sub_icb_location: {
    columns: cols(
      "ods_code, gss_code, name, icb_ods, valid_from:date, valid_to:date",
    ),
    key: ["ods_code", "valid_from"],
  },
  local_authority: {
    columns: cols(
      "gss_code, name, upper_tier_gss, upper_tier_name, ons_region_gss, ons_region_name, valid_to:date",
    ),
    key: ["gss_code"],
  },
  local_authority_population: {
    columns: cols("gss_code, source, sex, population:int"),
    key: ["gss_code", "source", "sex"],
  },
  lsoa: {
    columns: cols("code, edition:smallint, name, lad_gss, rural_urban"),
    key: ["code", "edition"],
  },
  lsoa_geography: {
    columns: cols(
      "lsoa_code, edition:smallint, sub_icb_ods, icb_ods, region_ods, lad_gss, utla_gss, valid_from:date, valid_to:date",
    ),
    key: ["lsoa_code", "edition", "valid_from"],
  },
  lsoa_change: {
    columns: cols("lsoa11_code, lsoa21_code, change"),
    key: ["lsoa11_code", "lsoa21_code"],
  },
  lsoa_population: {
    columns: cols(
      "lsoa_code, edition:smallint, source, sex, age_from:smallint, age_to:smallint, population:int",
    ),
    key: ["lsoa_code", "edition", "source", "sex", "age_from"],
  },
  lsoa_deprivation: {
    columns: cols(
      "lsoa_code, edition:smallint, release, domain, rank:int, decile:smallint, score:float8",
    ),
    key: ["lsoa_code", "edition", "release", "domain"],
  },
  constituency: { columns: cols("gss_code, name"), key: ["gss_code"] },
  lsoa_constituency: {
    columns: cols("lsoa_code, edition:smallint, pcon_gss, method"),
    key: ["lsoa_code", "edition"],
  },
  member_of_parliament: {
    columns: cols("pcon_gss, name, title, party, position, source_url"),
    key: ["pcon_gss"],
  },
  pcn: {
    columns: cols(
      "ods_code, name, sub_icb_ods, postcode, open_date:date, close_date:date",
    ),
    key: ["ods_code"],
  },
  pcn_stub: { columns: cols("ods_code, name, sub_icb_ods"), key: ["ods_code"] },
  practice: {
    columns: cols(
      "ods_code, name, status, prescribing_setting:smallint, postcode, address, latitude:float8, longitude:float8, lad_gss, open_date:date, close_date:date",
    ),
    key: ["ods_code"],
  },
  practice_commissioner: {
    columns: cols("practice_ods, sub_icb_ods, valid_from:date, valid_to:date"),
    key: ["practice_ods", "valid_from"],
  },
  practice_pcn: {
    columns: cols("practice_ods, pcn_ods, valid_from:date, valid_to:date"),
    key: ["practice_ods", "pcn_ods", "valid_from"],
  },
  organisation: {
    columns: cols(
      "code, name, sector, ics_ods, ultimate_parent_owner, postcode, website, open_date:date, close_date:date",
    ),
    key: ["code"],
  },
  trust_catchment: {
    columns: cols("trust_ods, icb_gss, proportion:float8"),
    key: ["trust_ods", "icb_gss"],
  },
  boundary: {
    columns: cols("layer, code, name, geometry:jsonb"),
    key: ["layer", "code"],
  },
} as const satisfies Record<
  string,
  { columns: readonly Column[]; key: readonly string[] }
>;

export type TableName = keyof typeof TABLES;

export function upsert(
  tx: Queryable,
  table: TableName,
  rows: readonly (readonly unknown[])[],
  onBatch?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  const spec = TABLES[table];
  const target = table === "pcn_stub" ? "pcn" : table;
  return upsertRows(tx, target, spec.columns, spec.key, rows, onBatch);
}

export async function recordImport(
  tx: Queryable,
  entry: {
    actor: string;
    fileName: string;
    fileKind: string;
    sha256: string;
    rows: number;
  },
): Promise<void> {
  await tx.query(
    "insert into import_log (actor, file_name, file_kind, sha256, rows) values ($1, $2, $3, $4, $5)",
    [entry.actor, entry.fileName, entry.fileKind, entry.sha256, entry.rows],
  );
}

// ---------------------------------------------------------------------------------------------
// Derived geography: recomputed in the import's own transaction after every file, so files can
// be loaded in any order and the result is the same.

export interface Successions {
  /** ICB ODS → the ODS codes of the ICBs that succeeded it on `effective`. */
  readonly byIcb: ReadonlyMap<string, readonly string[]>;
  readonly effective: string;
}

export async function loadMergers(
  db: Queryable,
): Promise<{ from_ods: string; to_ods: string; effective: string }[]> {
  return db.query(
    "select from_ods, to_ods, effective from icb_succession where kind in ('merger', 'split') order by 1, 2",
  );
}

/** Fills the columns one file could not know without another: regions, upper tiers, LSOA populations. */
export async function completeGeography(tx: Queryable): Promise<void> {
  await tx.query(`update lsoa_geography g set utla_gss = la.upper_tier_gss
    from local_authority la where g.utla_gss is null and la.gss_code = g.lad_gss`);
  await tx.query(`update lsoa_geography g set region_ods = i.region_ods
    from icb i where g.region_ods is null and i.ods_code = g.icb_ods`);
  await tx.query(`update lsoa l set population = s.total from (
      select lsoa_code, edition, sum(population)::int as total from lsoa_population
      where sex = 'persons' and source = case edition when 2011 then 'mid2020' else 'census2021' end
      group by lsoa_code, edition) s
    where s.lsoa_code = l.code and s.edition = l.edition and l.population is distinct from s.total`);
}

/** Removes rows an earlier derivation wrote, and reopens what it closed, before deriving again. */
export async function clearDerived(
  tx: Queryable,
  effective: string,
): Promise<void> {
  for (const table of [
    "lsoa_geography",
    "sub_icb_location",
    "practice_commissioner",
  ]) {
    await tx.query(`delete from ${table} where derived_by is not null`);
  }
  for (const table of [
    "lsoa_geography",
    "sub_icb_location",
    "practice_commissioner",
    "icb",
  ]) {
    await tx.query(
      `update ${table} set valid_to = null, closed_by = null where closed_by is not null and valid_to = $1`,
      [effective],
    );
  }
}

export interface OpenLsoaRow extends Row {
  lsoa_code: string;
  edition: number;
  sub_icb_ods: string;
  icb_ods: string;
  region_ods: string | null;
  lad_gss: string;
  utla_gss: string | null;
  valid_from: string;
}

/** Base rows still open on `date` for ICBs that change then. */
export async function openLsoaRowsFor(
  tx: Queryable,
  icbs: readonly string[],
  date: string,
): Promise<OpenLsoaRow[]> {
  return tx.query<OpenLsoaRow>(
    `select lsoa_code, edition, sub_icb_ods, icb_ods, region_ods, lad_gss, utla_gss, valid_from from lsoa_geography
     where derived_by is null and icb_ods = any($1::text[]) and valid_from < $2 and (valid_to is null or valid_to > $2)`,
    [icbs, date],
  );
}

export async function closeAndDeriveLsoas(
  tx: Queryable,
  date: string,
  rows: readonly {
    lsoa_code: string;
    edition: number;
    sub_icb_ods: string;
    icb_ods: string;
    region_ods: string | null;
    lad_gss: string;
    utla_gss: string | null;
  }[],
  rule: string,
): Promise<void> {
  await tx.query(
    `update lsoa_geography set valid_to = $1, closed_by = $3 where derived_by is null and lsoa_code = any($2::text[]) and valid_from < $1 and (valid_to is null or valid_to > $1)`,
    [date, rows.map((r) => r.lsoa_code), rule],
  );
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await tx.query(
      `insert into lsoa_geography (lsoa_code, edition, sub_icb_ods, icb_ods, region_ods, lad_gss, utla_gss, valid_from, valid_to, derived_by)
       select l, e, s, i, r, la, u, $8::date, null, $9 from unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(l, e, s, i, r, la, u)`,
      [
        batch.map((r) => r.lsoa_code),
        batch.map((r) => r.edition),
        batch.map((r) => r.sub_icb_ods),
        batch.map((r) => r.icb_ods),
        batch.map((r) => r.region_ods),
        batch.map((r) => r.lad_gss),
        batch.map((r) => r.utla_gss),
        date,
        rule,
      ],
    );
  }
}

export async function openSubIcbsFor(
  tx: Queryable,
  icbs: readonly string[],
  date: string,
) {
  return tx.query<{
    ods_code: string;
    gss_code: string | null;
    name: string;
    icb_ods: string;
  }>(
    `select ods_code, gss_code, name, icb_ods from sub_icb_location
     where derived_by is null and icb_ods = any($1::text[]) and valid_from < $2 and (valid_to is null or valid_to > $2)`,
    [icbs, date],
  );
}

export async function closeAndDeriveSubIcbs(
  tx: Queryable,
  date: string,
  rows: readonly {
    ods_code: string;
    gss_code: string | null;
    name: string;
    icb_ods: string | null;
  }[],
  rule: string,
): Promise<void> {
  await tx.query(
    `update sub_icb_location set valid_to = $1, closed_by = $3 where derived_by is null and ods_code = any($2::text[]) and valid_from < $1 and (valid_to is null or valid_to > $1)`,
    [date, rows.map((r) => r.ods_code), rule],
  );
  await tx.query(
    `insert into sub_icb_location (ods_code, gss_code, name, icb_ods, valid_from, valid_to, derived_by)
     select o, g, n, i, $5::date, null, $6 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(o, g, n, i)`,
    [
      rows.map((r) => r.ods_code),
      rows.map((r) => r.gss_code),
      rows.map((r) => r.name),
      rows.map((r) => r.icb_ods),
      date,
      rule,
    ],
  );
}

/** Practices whose sub-ICB location was split between ICBs on `date`, with their upper-tier authority. */
export async function openPracticesInSubIcbs(
  tx: Queryable,
  subIcbs: readonly string[],
  date: string,
) {
  return tx.query<{
    practice_ods: string;
    sub_icb_ods: string;
    utla_gss: string | null;
    valid_from: string;
  }>(
    `select pc.practice_ods, pc.sub_icb_ods, la.upper_tier_gss as utla_gss, pc.valid_from
     from practice_commissioner pc join practice p on p.ods_code = pc.practice_ods
     left join local_authority la on la.gss_code = p.lad_gss
     where pc.derived_by is null and pc.sub_icb_ods = any($1::text[]) and pc.valid_from < $2 and (pc.valid_to is null or pc.valid_to > $2)`,
    [subIcbs, date],
  );
}

export async function closeAndDerivePractices(
  tx: Queryable,
  date: string,
  rows: readonly {
    practice_ods: string;
    sub_icb_ods: string;
    icb_ods: string;
  }[],
  rule: string,
): Promise<void> {
  await tx.query(
    `update practice_commissioner set valid_to = $1, closed_by = $3 where derived_by is null and practice_ods = any($2::text[]) and valid_from < $1 and (valid_to is null or valid_to > $1)`,
    [date, rows.map((r) => r.practice_ods), rule],
  );
  await tx.query(
    `insert into practice_commissioner (practice_ods, sub_icb_ods, icb_ods, valid_from, valid_to, derived_by)
     select p, s, i, $4::date, null, $5 from unnest($1::text[], $2::text[], $3::text[]) as t(p, s, i)`,
    [
      rows.map((r) => r.practice_ods),
      rows.map((r) => r.sub_icb_ods),
      rows.map((r) => r.icb_ods),
      date,
      rule,
    ],
  );
}

/** Ends the ICBs that merged on `date`. */
export async function closeIcbs(
  tx: Queryable,
  icbs: readonly string[],
  date: string,
  rule: string,
): Promise<void> {
  await tx.query(
    `update icb set valid_to = $1, closed_by = $3 where ods_code = any($2::text[]) and valid_from < $1 and (valid_to is null or valid_to > $1)`,
    [date, icbs, rule],
  );
}
export * from "./queries";
