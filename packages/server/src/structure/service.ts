import { structure, fail, ok, type Result } from "@openics/core";
import { structureRepository as repo, type Queryable } from "@openics/db";

// Use cases of the structure capability. Pages, the API and the CLI all call these.

/** The tables of an ICS published as open data (API, CSV and `openics export`). */
export const ICS_TABLES = [
  "places",
  "practices",
  "lsoas",
  "pcns",
  "partners",
  "constituencies",
] as const;

export type StructureError = {
  readonly code: structure.StructureErrorCode;
  readonly message: string;
};

const today = () => new Date().toISOString().slice(0, 10);
export const resolveAsAt = (asAt: string | undefined): string =>
  asAt ?? today();

export async function listIcs(db: Queryable, asAt?: string) {
  const date = resolveAsAt(asAt);
  return { asAt: date, icbs: await repo.icbsAt(db, date) };
}

export async function summariseStructure(
  db: Queryable,
  options: { ics?: string | undefined; asAt?: string | undefined },
): Promise<Result<structure.StructureSummary, StructureError>> {
  const asAt = resolveAsAt(options.asAt);
  let icb: string | null = null;
  if (options.ics) {
    const found = await repo.icbAt(db, options.ics, asAt);
    if (!found)
      return fail({
        code: "unknown_ics",
        message: `No ICS has the code ${options.ics} on ${asAt}.`,
      });
    icb = found.ods_code;
  }
  const c = await repo.countsAt(db, asAt, icb);
  return ok({
    as_at: asAt,
    ics: icb,
    icbs: c.icbs,
    sub_icb_locations: c.sub_icb_locations,
    places: c.places,
    pcns: c.pcns,
    practices: c.practices,
    lsoas: c.lsoas,
    population: c.population,
  });
}

export interface PlaceSummary extends repo.PlaceRow {
  readonly share: number;
  readonly coterminosity: structure.Coterminosity;
  readonly splitAcrossIcs: boolean;
  readonly kind: string;
}

const withCoterminosity = (p: repo.PlaceRow): PlaceSummary => ({
  ...p,
  ...structure.classifyCoterminosity(p.population_in_ics, p.population_total),
  splitAcrossIcs: p.ics_count > 1,
  kind: structure.authorityKind(p.utla_gss),
});

export async function getIcsOverview(
  db: Queryable,
  code: string,
  asAtInput?: string,
) {
  const asAt = resolveAsAt(asAtInput);
  const icb = await repo.icbAt(db, code, asAt);
  if (!icb)
    return fail<StructureError>({
      code: "unknown_ics",
      message: `No ICS has the code ${code} on ${asAt}. It may have merged, or not yet exist.`,
    });
  const [
    counts,
    places,
    pcns,
    practices,
    partners,
    lsoas,
    constituencies,
    history,
  ] = await Promise.all([
    repo.countsAt(db, asAt, icb.ods_code),
    repo.placesAt(db, asAt, icb.ods_code),
    repo.pcnsAt(db, asAt, icb.ods_code),
    repo.practicesAt(db, asAt, icb.ods_code),
    repo.partnersAt(db, asAt, icb.ods_code),
    repo.lsoasAt(db, asAt, icb.ods_code),
    repo.constituenciesAt(db, asAt, icb.ods_code),
    repo.icbHistory(db, icb.ods_code),
  ]);
  return ok({
    asAt,
    icb,
    counts,
    places: places.map(withCoterminosity),
    pcns,
    practices,
    partners,
    partnersBySector: groupPartners(partners, places, practices),
    lsoas,
    constituencies,
    history,
  });
}

/** Partners of an ICS by sector: its local authorities and practices come from the structure itself. */
function groupPartners(
  partners: readonly repo.PartnerRow[],
  places: readonly repo.PlaceRow[],
  practices: readonly repo.PracticeRow[],
) {
  return structure.ORGANISATION_SECTORS.map((sector) => {
    const members =
      sector === "local_authority"
        ? [
            ...places.map((p) => ({
              code: p.utla_gss,
              name: p.name,
              ultimate_parent_owner: null,
            })),
            ...partners.filter(
              (p) =>
                p.sector === sector &&
                !places.some((pl) => pl.utla_gss === p.code),
            ),
          ]
        : sector === "gp_practice"
          ? practices.map((p) => ({
              code: p.ods_code,
              name: p.name,
              ultimate_parent_owner: null,
            }))
          : partners.filter((p) => p.sector === sector);
    return {
      sector,
      label: structure.SECTOR_LABELS[sector],
      count: members.length,
      members,
    };
  });
}

export async function getPlace(
  db: Queryable,
  icsCode: string,
  placeCode: string,
  asAtInput?: string,
) {
  const asAt = resolveAsAt(asAtInput);
  const icb = await repo.icbAt(db, icsCode, asAt);
  if (!icb)
    return fail<StructureError>({
      code: "unknown_ics",
      message: `No ICS has the code ${icsCode} on ${asAt}.`,
    });
  const place = (await repo.placesAt(db, asAt, icb.ods_code)).find(
    (p) => p.utla_gss === placeCode.toUpperCase(),
  );
  if (!place)
    return fail<StructureError>({
      code: "unknown_place",
      message: `${placeCode} is not a place of ${icb.name} on ${asAt}.`,
    });
  const [districts, lsoas, practices] = await Promise.all([
    repo.districtsAt(db, asAt, icb.ods_code, place.utla_gss),
    repo.lsoasAt(db, asAt, icb.ods_code, place.utla_gss),
    repo.practicesAt(db, asAt, icb.ods_code),
  ]);
  return ok({
    asAt,
    icb,
    place: withCoterminosity(place),
    districts,
    lsoas,
    practices: practices.filter((p) => p.utla_gss === place.utla_gss),
  });
}

export async function getPractice(db: Queryable, code: string) {
  const found = await repo.practice(db, code);
  if (!found)
    return fail<StructureError>({
      code: "unknown_practice",
      message: `No GP practice has the code ${code}.`,
    });
  return ok(found);
}

export async function getBoundaries(
  db: Queryable,
  layer: string,
  codes: readonly string[] | null,
) {
  return repo.boundaries(db, layer, codes);
}

/**
 * The ICB boundary codes to draw for each ICB on a date: its own where it has one, else those of
 * the ICBs it took over (each boundary goes to the ICB holding most of its LSOAs).
 */
export async function getIcbAreas(
  db: Queryable,
  asAt: string,
): Promise<Map<string, string[]>> {
  const owners = await repo.icbBoundaryOwnersAt(db, asAt);
  const areas = new Map<string, string[]>();
  for (const o of owners)
    areas.set(o.icb_ods, [...(areas.get(o.icb_ods) ?? []), o.gss_code]);
  return areas;
}
