import type { Queryable } from "../database";

// Reads of the structure as at a date. Every query names the ICS it is about, or says it is national.

const inEffect = (alias: string, param: string) =>
  `${alias}.valid_from <= ${param}::date and (${alias}.valid_to is null or ${alias}.valid_to > ${param}::date)`;

/** LSOA hierarchy rows in effect on $1. */
const LSOAS_AT = `select g.* from lsoa_geography g where ${inEffect("g", "$1")}`;

/** Active GP practices on $1 with their sub-ICB location and ICB on that date. */
const PRACTICES_AT = `
  select p.ods_code, p.name, p.postcode, p.latitude, p.longitude, p.lad_gss, p.open_date, p.close_date,
         pc.sub_icb_ods, coalesce(pc.icb_ods, s.icb_ods) as icb_ods
  from practice p
  join lateral (
    select c.sub_icb_ods, c.icb_ods from practice_commissioner c
    where c.practice_ods = p.ods_code and (c.valid_to is null or c.valid_to > $1::date)
    order by (c.valid_from <= $1::date) desc, abs(c.valid_from - $1::date) limit 1
  ) pc on true
  left join sub_icb_location s on s.ods_code = pc.sub_icb_ods and ${inEffect("s", "$1")}
  where p.prescribing_setting = 4 and p.status <> 'D'
    and (p.open_date is null or p.open_date <= $1::date) and (p.close_date is null or p.close_date > $1::date)`;

/** PCN membership in effect on $1. */
const MEMBERSHIP_AT = `select m.practice_ods, m.pcn_ods from practice_pcn m where ${inEffect("m", "$1")}`;

export interface IcbRow {
  ods_code: string;
  gss_code: string | null;
  name: string;
  region_ods: string;
  region_name: string | null;
  synthetic: boolean;
  valid_from: string;
  valid_to: string | null;
  [key: string]: unknown;
}

export async function icbsAt(
  db: Queryable,
  asAt: string,
): Promise<(IcbRow & { population: number; lsoas: number })[]> {
  return db.query(
    `with g as (${LSOAS_AT}),
     pop as (select g.icb_ods, count(*)::int as lsoas, coalesce(sum(l.population), 0)::int as population
             from g join lsoa l on l.code = g.lsoa_code and l.edition = g.edition group by g.icb_ods)
     select i.ods_code, i.gss_code, i.name, i.region_ods, r.name as region_name, i.synthetic, i.valid_from, i.valid_to,
            coalesce(pop.population, 0)::int as population, coalesce(pop.lsoas, 0)::int as lsoas
     from icb i
     left join lateral (select name from nhs_region r where r.ods_code = i.region_ods order by valid_from desc limit 1) r on true
     left join pop on pop.icb_ods = i.ods_code
     where ${inEffect("i", "$1")}
     order by i.synthetic desc, i.name`,
    [asAt],
  );
}

/** The ICB with this ODS or GSS code in effect on the date, if any. */
export async function icbAt(
  db: Queryable,
  code: string,
  asAt: string,
): Promise<IcbRow | undefined> {
  const [row] = await db.query<IcbRow>(
    `select i.ods_code, i.gss_code, i.name, i.region_ods, r.name as region_name, i.synthetic, i.valid_from, i.valid_to
     from icb i
     left join lateral (select name from nhs_region r where r.ods_code = i.region_ods order by valid_from desc limit 1) r on true
     where (upper(i.ods_code) = upper($2) or upper(i.gss_code) = upper($2)) and ${inEffect("i", "$1")}`,
    [asAt, code],
  );
  return row;
}

/** Every period of this ICB and its links to predecessors and successors. */
export async function icbHistory(db: Queryable, ods: string) {
  const periods = await db.query<IcbRow>(
    `select i.ods_code, i.gss_code, i.name, i.region_ods, null as region_name, i.synthetic, i.valid_from, i.valid_to
     from icb i where i.ods_code = $1 order by i.valid_from`,
    [ods],
  );
  const links = await db.query<{
    from_ods: string;
    to_ods: string;
    from_gss: string | null;
    to_gss: string | null;
    effective: string;
    kind: string;
    registered_patients: number | null;
  }>(
    `select from_ods, to_ods, from_gss, to_gss, effective, kind, registered_patients from icb_succession
     where from_ods = $1 or to_ods = $1 order by effective, from_ods, to_ods`,
    [ods],
  );
  return { periods, links };
}

export interface Counts {
  icbs: number;
  sub_icb_locations: number;
  places: number;
  pcns: number;
  practices: number;
  lsoas: number;
  population: number;
  regions: number;
  [key: string]: unknown;
}

/** Counts for England (icb null; synthetic demo ICSs are not part of England) or one ICS on a date. */
export async function countsAt(
  db: Queryable,
  asAt: string,
  icb: string | null,
): Promise<Counts> {
  const [row] = await db.query<Counts>(
    `with fictional as (select distinct ods_code from icb where synthetic),
     g as (${LSOAS_AT}),
     scope as (select * from g where ($2::text is null and g.icb_ods not in (select ods_code from fictional)) or g.icb_ods = $2),
     pr as (${PRACTICES_AT}),
     prs as (select * from pr where ($2::text is null and coalesce(pr.icb_ods, '') not in (select ods_code from fictional)) or pr.icb_ods = $2),
     mem as (${MEMBERSHIP_AT})
     select
       (select count(*) from icb i where ${inEffect("i", "$1")} and (($2::text is null and not i.synthetic) or i.ods_code = $2))::int as icbs,
       (select count(distinct region_ods) from scope)::int as regions,
       (select count(distinct sub_icb_ods) from scope)::int as sub_icb_locations,
       (select count(distinct utla_gss) from scope)::int as places,
       (select count(*) from scope)::int as lsoas,
       (select coalesce(sum(l.population), 0) from scope join lsoa l on l.code = scope.lsoa_code and l.edition = scope.edition)::bigint as population,
       (select count(*) from prs)::int as practices,
       (select count(distinct mem.pcn_ods) from prs join mem on mem.practice_ods = prs.ods_code)::int as pcns`,
    [asAt, icb],
  );
  if (!row) throw new Error("counts query returned nothing");
  return row;
}

export interface PlaceRow {
  utla_gss: string;
  name: string;
  kind_code: string;
  lsoas_in_ics: number;
  population_in_ics: number;
  population_total: number;
  ics_count: number;
  [key: string]: unknown;
}

/** The places (upper-tier local authorities) an ICS covers, with population shares and splits. */
export async function placesAt(
  db: Queryable,
  asAt: string,
  icb: string,
): Promise<PlaceRow[]> {
  return db.query<PlaceRow>(
    `with g as (${LSOAS_AT}),
     lp as (select g.*, coalesce(l.population, 0) as population from g join lsoa l on l.code = g.lsoa_code and l.edition = g.edition),
     mine as (select utla_gss, count(*)::int as lsoas, sum(population)::bigint as population from lp where icb_ods = $2 group by utla_gss),
     whole as (select utla_gss, sum(population)::bigint as population, count(distinct icb_ods)::int as ics_count from lp
               where utla_gss in (select utla_gss from mine) group by utla_gss)
     select m.utla_gss, coalesce(la.name, m.utla_gss) as name, left(m.utla_gss, 3) as kind_code, m.lsoas as lsoas_in_ics,
            m.population::int as population_in_ics, w.population::int as population_total, w.ics_count
     from mine m join whole w on w.utla_gss = m.utla_gss
     left join local_authority la on la.gss_code = m.utla_gss
     order by la.name`,
    [asAt, icb],
  );
}

/** Lower-tier districts of a place inside an ICS. */
export async function districtsAt(
  db: Queryable,
  asAt: string,
  icb: string,
  utla: string,
) {
  return db.query<{
    lad_gss: string;
    name: string;
    lsoas: number;
    population: number;
  }>(
    `with g as (${LSOAS_AT})
     select g.lad_gss, coalesce(la.name, g.lad_gss) as name, count(*)::int as lsoas, coalesce(sum(l.population), 0)::int as population
     from g join lsoa l on l.code = g.lsoa_code and l.edition = g.edition left join local_authority la on la.gss_code = g.lad_gss
     where g.icb_ods = $2 and g.utla_gss = $3 group by g.lad_gss, la.name order by 2`,
    [asAt, icb, utla],
  );
}

export interface LsoaRow {
  code: string;
  name: string;
  edition: number;
  lad_gss: string;
  utla_gss: string | null;
  sub_icb_ods: string;
  population: number;
  imd_decile: number | null;
  imd_rank: number | null;
  imd_score: number | null;
  [key: string]: unknown;
}

/** LSOAs of an ICS (optionally one place) with population and the IMD release of their edition. */
export async function lsoasAt(
  db: Queryable,
  asAt: string,
  icb: string,
  utla: string | null = null,
): Promise<LsoaRow[]> {
  return db.query<LsoaRow>(
    `with g as (${LSOAS_AT})
     select l.code, l.name, l.edition, g.lad_gss, g.utla_gss, g.sub_icb_ods, coalesce(l.population, 0)::int as population,
            d.decile as imd_decile, d.rank as imd_rank, d.score as imd_score
     from g join lsoa l on l.code = g.lsoa_code and l.edition = g.edition
     left join lsoa_deprivation d on d.lsoa_code = l.code and d.edition = l.edition and d.domain = 'imd'
       and d.release = case l.edition when 2011 then 'IMD2019' else 'IoD2025' end
     where g.icb_ods = $2 and ($3::text is null or g.utla_gss = $3)
     order by l.code`,
    [asAt, icb, utla],
  );
}

export interface PracticeRow {
  ods_code: string;
  name: string;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  lad_gss: string | null;
  utla_gss: string | null;
  sub_icb_ods: string;
  icb_ods: string | null;
  pcn_ods: string | null;
  pcn_name: string | null;
  [key: string]: unknown;
}

/** Active GP practices of an ICS on a date, with their PCN on that date. */
export async function practicesAt(
  db: Queryable,
  asAt: string,
  icb: string,
): Promise<PracticeRow[]> {
  return db.query<PracticeRow>(
    `with pr as (${PRACTICES_AT}), mem as (${MEMBERSHIP_AT})
     select pr.ods_code, pr.name, pr.postcode, pr.latitude, pr.longitude, pr.lad_gss, la.upper_tier_gss as utla_gss,
            pr.sub_icb_ods, pr.icb_ods, mem.pcn_ods, pcn.name as pcn_name
     from pr left join mem on mem.practice_ods = pr.ods_code left join pcn on pcn.ods_code = mem.pcn_ods
     left join local_authority la on la.gss_code = pr.lad_gss
     where pr.icb_ods = $2 order by pr.name`,
    [asAt, icb],
  );
}

export async function practice(db: Queryable, ods: string) {
  const [row] = await db.query<{
    ods_code: string;
    name: string;
    status: string;
    postcode: string | null;
    address: string | null;
    latitude: number | null;
    longitude: number | null;
    lad_gss: string | null;
    lad_name: string | null;
    open_date: string | null;
    close_date: string | null;
  }>(
    `select p.ods_code, p.name, p.status, p.postcode, p.address, p.latitude, p.longitude, p.lad_gss, la.name as lad_name,
            p.open_date, p.close_date
     from practice p left join local_authority la on la.gss_code = p.lad_gss where p.ods_code = upper($1)`,
    [ods],
  );
  if (!row) return undefined;
  const pcns = await db.query<{
    pcn_ods: string;
    pcn_name: string | null;
    valid_from: string;
    valid_to: string | null;
  }>(
    `select m.pcn_ods, pcn.name as pcn_name, m.valid_from, m.valid_to from practice_pcn m left join pcn on pcn.ods_code = m.pcn_ods
     where m.practice_ods = $1 order by m.valid_from`,
    [row.ods_code],
  );
  const commissioners = await db.query<{
    sub_icb_ods: string;
    icb_ods: string | null;
    valid_from: string;
    valid_to: string | null;
    derived_by: string | null;
  }>(
    `select sub_icb_ods, icb_ods, valid_from, valid_to, derived_by from practice_commissioner where practice_ods = $1 order by valid_from`,
    [row.ods_code],
  );
  return { ...row, pcns, commissioners };
}

export interface PartnerRow {
  code: string;
  name: string;
  sector: string;
  ultimate_parent_owner: string | null;
  postcode: string | null;
  website: string | null;
  [key: string]: unknown;
}

/** Partner organisations registered to an ICS and open on the date (trusts, VCSE, providers, …). */
export async function partnersAt(
  db: Queryable,
  asAt: string,
  icb: string,
): Promise<PartnerRow[]> {
  return db.query<PartnerRow>(
    `select code, name, sector, ultimate_parent_owner, postcode, website from organisation
     where ics_ods = $2 and (open_date is null or open_date <= $1::date) and (close_date is null or close_date > $1::date)
     order by sector, name`,
    [asAt, icb],
  );
}

export async function pcnsAt(db: Queryable, asAt: string, icb: string) {
  return db.query<{ ods_code: string; name: string; practices: number }>(
    `with pr as (${PRACTICES_AT}), mem as (${MEMBERSHIP_AT})
     select pcn.ods_code, pcn.name, count(*)::int as practices
     from pr join mem on mem.practice_ods = pr.ods_code join pcn on pcn.ods_code = mem.pcn_ods
     where pr.icb_ods = $2 group by pcn.ods_code, pcn.name order by pcn.name`,
    [asAt, icb],
  );
}

export async function constituenciesAt(
  db: Queryable,
  asAt: string,
  icb: string,
) {
  return db.query<{
    gss_code: string;
    name: string;
    lsoas: number;
    mp_name: string | null;
    party: string | null;
  }>(
    `with g as (${LSOAS_AT})
     select c.gss_code, c.name, count(*)::int as lsoas, mp.name as mp_name, mp.party
     from g join lsoa_constituency lc on lc.lsoa_code = g.lsoa_code and lc.edition = g.edition
     join constituency c on c.gss_code = lc.pcon_gss left join member_of_parliament mp on mp.pcon_gss = c.gss_code
     where g.icb_ods = $2 group by c.gss_code, c.name, mp.name, mp.party order by c.name`,
    [asAt, icb],
  );
}

export async function boundaries(
  db: Queryable,
  layer: string,
  codes: readonly string[] | null,
) {
  return db.query<{ code: string; name: string | null; geometry: unknown }>(
    `select code, name, geometry from boundary where layer = $1 and ($2::text[] is null or code = any($2::text[])) order by code`,
    [layer, codes],
  );
}

export async function localAuthority(db: Queryable, gss: string) {
  const [row] = await db.query<{
    gss_code: string;
    name: string;
    upper_tier_gss: string;
    upper_tier_name: string;
    ons_region_name: string | null;
  }>(
    "select gss_code, name, upper_tier_gss, upper_tier_name, ons_region_name from local_authority where gss_code = upper($1)",
    [gss],
  );
  return row;
}

export async function tableCounts(db: Queryable) {
  const [row] = await db.query<{
    icbs: number;
    lsoas: number;
    practices: number;
  }>(
    "select (select count(*) from icb)::int as icbs, (select count(*) from lsoa)::int as lsoas, (select count(*) from practice)::int as practices",
  );
  return row ?? { icbs: 0, lsoas: 0, practices: 0 };
}

/**
 * Which ICB in effect on the date holds most of the LSOAs of each ICB boundary (by GSS code).
 * ICBs formed by the April 2026 mergers have no boundary of their own; their area is drawn from
 * the boundaries of the ICBs they took over. A split ICB's boundary goes to the ICB holding most of it.
 */
export async function icbBoundaryOwnersAt(db: Queryable, asAt: string) {
  return db.query<{ gss_code: string; icb_ods: string; share: number }>(
    `with known as (select distinct ods_code, gss_code from icb where gss_code is not null),
     base as (select g.lsoa_code, g.edition, g.icb_ods from lsoa_geography g where g.derived_by is null and g.edition = 2021),
     now as (${LSOAS_AT}),
     pairs as (select k.gss_code, now.icb_ods, count(*)::int as n, sum(count(*)) over (partition by k.gss_code) as total
               from base join known k on k.ods_code = base.icb_ods
               join now on now.lsoa_code = base.lsoa_code and now.edition = base.edition
               group by k.gss_code, now.icb_ods)
     select distinct on (gss_code) gss_code, icb_ods, (n / total)::float8 as share from pairs order by gss_code, n desc`,
    [asAt],
  );
}

export async function organisation(db: Queryable, code: string) {
  const [row] = await db.query<PartnerRow & { ics_ods: string | null }>(
    "select code, name, sector, ics_ods, ultimate_parent_owner, postcode, website from organisation where code = $1",
    [code],
  );
  return row;
}
