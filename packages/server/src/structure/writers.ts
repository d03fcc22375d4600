import { structure } from "@openics/core";
import { structureRepository as repo, type Queryable } from "@openics/db";
import type { z } from "zod";

// How each recognised file kind lands in the tables. Rows arrive validated by core's schemas.

type Kinds = (typeof structure.TABLE_FILE_KINDS)[number];
type RowOf<K extends Kinds["kind"]> = z.infer<
  Extract<Kinds, { kind: K }>["row"]
>;
type Writer<K extends Kinds["kind"]> = (
  tx: Queryable,
  rows: readonly RowOf<K>[],
  progress: (done: number) => void,
) => Promise<number>;

const {
  EDITIONS,
  ICBS_2024,
  NHS_REGIONS,
  DISTRICTS_ABOLISHED_2023,
  ICB_RECODE_2023,
  ICB_MERGERS_2026,
  ICBS_ESTABLISHED,
} = structure;

const distinctBy = <T>(rows: readonly T[], key: (r: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const r of rows) if (!seen.has(key(r))) seen.set(key(r), r);
  return [...seen.values()];
};

const isSynthetic = (name: string) => /synthetic/i.test(name);

const regionOfIcb = new Map(ICBS_2024.map((i) => [i.ods, i.regionOds]));

async function writeRegionFacts(tx: Queryable): Promise<void> {
  await repo.upsert(
    tx,
    "nhs_region",
    NHS_REGIONS.map((r) => [r.ods, r.gss, r.name, ICBS_ESTABLISHED, null]),
  );
}

const sum = (parts: readonly { inserted: number; updated: number }[]) =>
  parts.reduce((n, p) => n + p.inserted + p.updated, 0);

/** A writer that maps each row of the file to one row of one table. */
const oneTable =
  <K extends Kinds["kind"]>(
    table: repo.TableName,
    toRow: (r: RowOf<K>) => readonly unknown[],
  ): Writer<K> =>
  async (tx, rows, progress) =>
    sum([await repo.upsert(tx, table, rows.map(toRow), progress)]);

const lsoa21Lookup: Writer<"lsoa21-lookup"> = async (tx, rows, progress) => {
  const from = EDITIONS.lsoa21.validFrom;
  await writeRegionFacts(tx);
  const regions = distinctBy(rows, (r) => r.nhser24cdh);
  const icbs = distinctBy(rows, (r) => r.icb24cdh);
  const subIcbs = distinctBy(rows, (r) => r.sicbl24cdh);
  const lads = distinctBy(rows, (r) => r.lad24cd);
  const utlas = distinctBy(rows, (r) => r.utla23cd);
  return sum([
    await repo.upsert(
      tx,
      "nhs_region",
      regions.map((r) => [
        r.nhser24cdh,
        r.nhser24cd,
        r.nhser24nm,
        ICBS_ESTABLISHED,
        null,
      ]),
    ),
    await repo.upsert(
      tx,
      "icb",
      icbs.map((r) => [
        r.icb24cdh,
        r.icb24cd,
        r.icb24nm,
        r.nhser24cdh,
        isSynthetic(r.icb24nm),
        isSynthetic(r.icb24nm) ? ICBS_ESTABLISHED : from,
        null,
      ]),
    ),
    await repo.upsert(
      tx,
      "sub_icb_location",
      subIcbs.map((r) => [
        r.sicbl24cdh,
        r.sicbl24cd,
        r.sicbl24nm,
        r.icb24cdh,
        isSynthetic(r.icb24nm) ? ICBS_ESTABLISHED : from,
        null,
      ]),
    ),
    await repo.upsert(tx, "local_authority", [
      ...lads.map((r) => [
        r.lad24cd,
        r.lad24nm,
        r.utla23cd,
        r.utla23nm,
        r.rgn24cd,
        r.rgn24nm,
        null,
      ]),
      ...utlas
        .filter((r) => !lads.some((l) => l.lad24cd === r.utla23cd))
        .map((r) => [
          r.utla23cd,
          r.utla23nm,
          r.utla23cd,
          r.utla23nm,
          r.rgn24cd,
          r.rgn24nm,
          null,
        ]),
    ]),
    await repo.upsert(
      tx,
      "lsoa",
      rows.map((r) => [r.lsoa21cd, 2021, r.lsoa21nm, r.lad24cd, r.ruc21cd]),
    ),
    await repo.upsert(
      tx,
      "lsoa_geography",
      rows.map((r) => [
        r.lsoa21cd,
        2021,
        r.sicbl24cdh,
        r.icb24cdh,
        r.nhser24cdh,
        r.lad24cd,
        r.utla23cd,
        isSynthetic(r.icb24nm) ? ICBS_ESTABLISHED : from,
        null,
      ]),
      progress,
    ),
  ]);
};

const lsoa11Lookup: Writer<"lsoa11-lookup"> = async (tx, rows, progress) => {
  const { validFrom, validTo } = EDITIONS.lsoa11;
  await writeRegionFacts(tx);
  const icbs = distinctBy(rows, (r) => r.icb22cdh);
  const recodes = distinctBy(
    rows.filter((r) => r.icb22cd !== r.icb_code_2023_recode),
    (r) => r.icb22cd,
  );
  const utlaOf = (lad: string) =>
    DISTRICTS_ABOLISHED_2023[lad]?.county ??
    (lad.startsWith("E07") ? null : lad);
  const abolished = distinctBy(
    rows.filter((r) => r.lad22cd in DISTRICTS_ABOLISHED_2023),
    (r) => r.lad22cd,
  );
  return sum([
    await repo.upsert(
      tx,
      "icb",
      icbs.map((r) => [
        r.icb22cdh,
        r.icb22cd,
        r.icb22nm,
        regionOfIcb.get(r.icb22cdh) ?? "",
        false,
        validFrom,
        validTo,
      ]),
    ),
    await repo.upsert(
      tx,
      "icb_succession",
      recodes.map((r) => [
        r.icb22cdh,
        r.icb22cdh,
        r.icb22cd,
        r.icb_code_2023_recode,
        ICB_RECODE_2023,
        "recode",
        null,
        "ONS recoded the ICB when four Chichester LSOAs moved",
      ]),
    ),
    await repo.upsert(
      tx,
      "sub_icb_location",
      distinctBy(rows, (r) => r.sicbl22cdh).map((r) => [
        r.sicbl22cdh,
        r.sicbl22cd,
        r.sicbl22nm,
        r.icb22cdh,
        validFrom,
        validTo,
      ]),
    ),
    await repo.upsert(
      tx,
      "local_authority",
      abolished.map((r) => {
        const county = DISTRICTS_ABOLISHED_2023[r.lad22cd];
        return [
          r.lad22cd,
          r.lad22nm,
          county?.county ?? "",
          county?.countyName ?? "",
          null,
          null,
          ICB_RECODE_2023,
        ];
      }),
    ),
    await repo.upsert(
      tx,
      "lsoa",
      rows.map((r) => [r.lsoa11cd, 2011, r.lsoa11nm, r.lad22cd, null]),
    ),
    await repo.upsert(
      tx,
      "lsoa_geography",
      rows.map((r) => [
        r.lsoa11cd,
        2011,
        r.sicbl22cdh,
        r.icb22cdh,
        regionOfIcb.get(r.icb22cdh) ?? null,
        r.lad22cd,
        utlaOf(r.lad22cd),
        validFrom,
        validTo,
      ]),
      progress,
    ),
  ]);
};

const lsoaChanges: Writer<"lsoa-changes"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "lsoa_change",
      rows
        .filter((r) => r.lsoa11cd.startsWith("E") && r.lsoa21cd.startsWith("E"))
        .map((r) => [r.lsoa11cd, r.lsoa21cd, r.chgind]),
      progress,
    ),
  ]);

const censusAge: Writer<"census-lsoa-age"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "lsoa_population",
      rows.flatMap((r) =>
        structure.CENSUS_AGE_BANDS.map((b) => [
          r.lsoa21cd,
          2021,
          "census2021",
          "persons",
          b.from,
          b.to,
          r[b.column],
        ]),
      ),
      (done) => {
        progress(Math.round(done / structure.CENSUS_AGE_BANDS.length));
      },
    ),
  ]);

const midYear: Writer<"mid-year-lsoa-syoa"> = async (tx, rows, progress) => {
  const bands = structure.LIFE_TABLE_BANDS.length;
  return sum([
    await repo.upsert(
      tx,
      "lsoa_population",
      rows.flatMap((row) => {
        const r = row as unknown as Readonly<Record<string, number>>;
        const years = Array.from(
          { length: 90 },
          (_, age) => r[`age_${age}`] ?? 0,
        );
        return structure
          .toLifeTableBands(years, r.age_90_plus ?? 0)
          .map((b) => [
            row.lsoa11cd,
            2011,
            "mid2020",
            "persons",
            b.from,
            b.to,
            b.population,
          ]);
      }),
      (done) => {
        progress(Math.round(done / bands));
      },
    ),
  ]);
};

const deprivation =
  (
    edition: 2011 | 2021,
    release: string,
    domains: readonly string[],
    codeColumn: "lsoa11cd" | "lsoa21cd",
  ) =>
  async (
    tx: Queryable,
    rows: readonly Record<string, unknown>[],
    progress: (done: number) => void,
  ) =>
    sum([
      await repo.upsert(
        tx,
        "lsoa_deprivation",
        rows.flatMap((r) =>
          domains.map((d) => [
            r[codeColumn],
            edition,
            release,
            d,
            r[`${d}_rank`],
            r[`${d}_decile`],
            r[`${d}_score`] ?? null,
          ]),
        ),
        (done) => {
          progress(Math.round(done / domains.length));
        },
      ),
    ]);

const epraccur: Writer<"epraccur"> = async (tx, rows, progress) => {
  const address = (r: (typeof rows)[number]) =>
    [
      r.address_line_1,
      r.address_line_2,
      r.address_line_3,
      r.address_line_4,
      r.address_line_5,
    ]
      .map((s) => s.trim())
      .filter((s) => s !== "")
      .join(", ");
  return sum([
    await repo.upsert(
      tx,
      "practice",
      rows.map((r) => [
        r.practice_code,
        r.practice_name,
        r.status_code,
        r.prescribing_setting,
        r.postcode,
        address(r),
        r.latitude,
        r.longitude,
        r.lad_code_nhse,
        r.open_date,
        r.close_date,
      ]),
      progress,
    ),
    await repo.upsert(
      tx,
      "practice_commissioner",
      rows.map((r) => [
        r.practice_code,
        r.commissioner_code,
        r.join_parent_date ?? r.open_date ?? "1948-07-05",
        r.left_parent_date,
      ]),
    ),
  ]);
};

const pcnMembership: Writer<"pcn-membership"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "pcn_stub",
      distinctBy(rows, (r) => r.pcn_code).map((r) => [
        r.pcn_code,
        r.pcn_name,
        r.pcn_sicbl_code_ods,
      ]),
    ),
    await repo.upsert(
      tx,
      "practice_pcn",
      rows.map((r) => [
        r.practice_code,
        r.pcn_code,
        r.rel_start_date,
        r.rel_end_date,
      ]),
      progress,
    ),
  ]);

const pcnDetails = oneTable<"pcn-details">("pcn", (r) => [
  r.pcn_code,
  r.pcn_name,
  r.sicbl_code_ods,
  r.postcode,
  r.open_date,
  r.close_date,
]);

const trusts = oneTable<"nhs-trusts">("organisation", (r) => [
  r.org_code,
  r.org_name,
  "nhs_trust",
  r.high_level_health_geography === "" ? null : r.high_level_health_geography,
  null,
  r.postcode,
  null,
  r.open_date,
  r.close_date,
]);

const constituencies: Writer<"lsoa21-constituency"> = async (
  tx,
  rows,
  progress,
) =>
  sum([
    await repo.upsert(
      tx,
      "constituency",
      distinctBy(rows, (r) => r.pcon24cd).map((r) => [r.pcon24cd, r.pcon24nm]),
    ),
    await repo.upsert(
      tx,
      "lsoa_constituency",
      rows.map((r) => [r.lsoa21cd, 2021, r.pcon24cd, r.method]),
      progress,
    ),
  ]);

const mps: Writer<"mps"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "constituency",
      rows.map((r) => [r.pcon24cd, r.pcon24nm]),
    ),
    await repo.upsert(
      tx,
      "member_of_parliament",
      rows.map((r) => [
        r.pcon24cd,
        r.name,
        r.title,
        r.party,
        r.position,
        r.source_url,
      ]),
      progress,
    ),
  ]);

const ladUtla: Writer<"lad-utla-region"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "local_authority",
      [
        ...rows.map((r) => [
          r.lad24cd,
          r.lad24nm,
          r.utla23cd,
          r.utla23nm,
          r.rgn24cd,
          r.rgn24nm,
          null,
        ]),
        ...distinctBy(
          rows.filter((r) => r.utla23cd !== r.lad24cd),
          (r) => r.utla23cd,
        ).map((r) => [
          r.utla23cd,
          r.utla23nm,
          r.utla23cd,
          r.utla23nm,
          r.rgn24cd,
          r.rgn24nm,
          null,
        ]),
      ],
      progress,
    ),
  ]);

const crosswalk: Writer<"icb-2026-crosswalk"> = async (tx, rows, progress) => {
  await writeRegionFacts(tx);
  const changed = rows.filter((r) => r.icb24cdh !== r.icb2026_ods);
  const newIcbs = distinctBy(
    changed.filter(
      (r) =>
        !rows.some(
          (o) =>
            o.icb24cdh === r.icb2026_ods && o.icb2026_ods === r.icb2026_ods,
        ),
    ),
    (r) => r.icb2026_ods,
  );
  return sum([
    await repo.upsert(
      tx,
      "icb",
      newIcbs.map((r) => [
        r.icb2026_ods,
        null,
        r.icb2026_name,
        r.nhser2026_ods,
        false,
        ICB_MERGERS_2026,
        null,
      ]),
    ),
    await repo.upsert(
      tx,
      "icb_succession",
      changed.map((r) => {
        const parts = rows.filter((o) => o.icb24cdh === r.icb24cdh).length;
        return [
          r.icb24cdh,
          r.icb2026_ods,
          r.icb24cd,
          null,
          ICB_MERGERS_2026,
          parts > 1 ? "split" : "merger",
          r.registered_patients,
          null,
        ];
      }),
      progress,
    ),
  ]);
};

const ladSex: Writer<"lad-sex-totals"> = async (tx, rows, progress) =>
  sum([
    await repo.upsert(
      tx,
      "local_authority_population",
      rows.flatMap((r) => [
        [r.lad21cd, "census2021", "persons", r.total_population],
        [r.lad21cd, "census2021", "female", r.total_females],
        [r.lad21cd, "census2021", "male", r.total_males],
      ]),
      progress,
    ),
  ]);

const catchment = oneTable<"trust-catchment">("trust_catchment", (r) => [
  r.trust_code,
  r.icb24cd,
  r.proportion_trust_came_from_icb,
]);

const partners = oneTable<"partners">("organisation", (r) => [
  r.org_code,
  r.org_name,
  r.sector,
  r.icb_code_ods,
  r.ultimate_parent_owner,
  r.postcode,
  r.website,
  null,
  null,
]);

type AnyWriter = (
  tx: Queryable,
  rows: readonly Record<string, unknown>[],
  progress: (done: number) => void,
) => Promise<number>;

export const WRITERS: Record<Kinds["kind"], AnyWriter> = {
  "lsoa21-lookup": lsoa21Lookup as AnyWriter,
  "lsoa11-lookup": lsoa11Lookup as AnyWriter,
  "lsoa-changes": lsoaChanges as AnyWriter,
  "census-lsoa-age": censusAge as AnyWriter,
  "mid-year-lsoa-syoa": midYear as AnyWriter,
  imd2019: deprivation(2011, "IMD2019", structure.IMD_DOMAINS_2019, "lsoa11cd"),
  imd2025: deprivation(2021, "IoD2025", structure.IMD_DOMAINS_2025, "lsoa21cd"),
  epraccur: epraccur as AnyWriter,
  "pcn-membership": pcnMembership as AnyWriter,
  "pcn-details": pcnDetails as AnyWriter,
  "nhs-trusts": trusts as AnyWriter,
  "lsoa21-constituency": constituencies as AnyWriter,
  mps: mps as AnyWriter,
  "lad-utla-region": ladUtla as AnyWriter,
  "icb-2026-crosswalk": crosswalk as AnyWriter,
  "lad-sex-totals": ladSex as AnyWriter,
  "trust-catchment": catchment as AnyWriter,
  partners: partners as AnyWriter,
};

/**
 * Recomputes what follows from the files loaded so far: upper tiers and regions a lookup left out,
 * LSOA populations, and the April 2026 mergers applied to LSOAs, sub-ICB locations and practices.
 */
export async function deriveGeography(tx: Queryable): Promise<void> {
  const date = ICB_MERGERS_2026;
  const rule = "icb-mergers-2026";
  await repo.clearDerived(tx, date);
  await repo.completeGeography(tx);
  const mergers = await repo.loadMergers(tx);
  if (mergers.length === 0) return;
  const successors = new Map<string, string[]>();
  for (const m of mergers)
    successors.set(m.from_ods, [
      ...(successors.get(m.from_ods) ?? []),
      m.to_ods,
    ]);
  const changing = [...successors.keys()];
  const after = (icb: string, utla: string | null) =>
    structure.icbAfterMergers(icb, utla ?? "", successors).icb;

  const lsoas = await repo.openLsoaRowsFor(tx, changing, date);
  await repo.closeAndDeriveLsoas(
    tx,
    date,
    lsoas.flatMap((r) => {
      const icb = after(r.icb_ods, r.utla_gss);
      return icb === null ? [] : [{ ...r, icb_ods: icb }];
    }),
    rule,
  );

  const subIcbs = await repo.openSubIcbsFor(tx, changing, date);
  const split = subIcbs.filter(
    (s) => (successors.get(s.icb_ods)?.length ?? 0) > 1,
  );
  // A sub-ICB location of a split ICB may itself be split; it then has no single ICB.
  const subIcbIcbs = new Map<string, Set<string>>();
  for (const r of lsoas) {
    const icb = after(r.icb_ods, r.utla_gss);
    if (icb !== null)
      subIcbIcbs.set(
        r.sub_icb_ods,
        (subIcbIcbs.get(r.sub_icb_ods) ?? new Set()).add(icb),
      );
  }
  await repo.closeAndDeriveSubIcbs(
    tx,
    date,
    subIcbs.map((s) => {
      const icbs = [...(subIcbIcbs.get(s.ods_code) ?? new Set<string>())];
      const single = icbs.length === 1 ? (icbs[0] ?? null) : null;
      return {
        ...s,
        icb_ods: split.includes(s)
          ? single
          : (successors.get(s.icb_ods)?.[0] ?? null),
      };
    }),
    rule,
  );

  const practices = await repo.openPracticesInSubIcbs(
    tx,
    split.map((s) => s.ods_code),
    date,
  );
  const icbOfSubIcb = new Map(split.map((s) => [s.ods_code, s.icb_ods]));
  await repo.closeAndDerivePractices(
    tx,
    date,
    practices.flatMap((p) => {
      const from = icbOfSubIcb.get(p.sub_icb_ods);
      const icb = from === undefined ? null : after(from, p.utla_gss);
      return icb === null
        ? []
        : [
            {
              practice_ods: p.practice_ods,
              sub_icb_ods: p.sub_icb_ods,
              icb_ods: icb,
            },
          ];
    }),
    rule,
  );
  await repo.closeIcbs(tx, changing, date, rule);
}
