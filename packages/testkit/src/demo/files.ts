// Writes the demo ICS in the official file layouts of ../shared/refdata/geo (same headers, column
// order and value formats), so importers cannot tell it from the real thing except by its codes.
import type { DemoIcs, DemoLsoa } from "./build";
import { DEMO_ICB, DEMO_ONS_REGION, DEMO_REGION } from "./build";
import { type Geometry, toGeometry, unionCells } from "./geometry";
import { IMD_DOMAINS } from "./imd";
import { at } from "./prng";

export interface DemoFile {
  name: string;
  contents: string;
}

export const DEMO_FILE_NAMES = {
  lsoaLookup: "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv",
  ladLookup: "lad24_utla23_rgn24_en.csv",
  census: "census2021_lsoa21_age6_persons_en.csv",
  imd: "imd2025_lsoa21_en.csv",
  practices: "gp_practices_epraccur_en.csv",
  pcnMembership: "gp_practice_pcn_membership_en.csv",
  pcns: "pcn_details_en.csv",
  trusts: "nhs_trusts_etr_en.csv",
  partners: "partners.csv",
  regionBoundaries: "boundaries_nhser24_en_derived_bsc.geojson",
  icbBoundaries: "boundaries_icb24_en_derived_bsc.geojson",
  subIcbBoundaries: "boundaries_sicbl24_en_derived_bsc.geojson",
  ladBoundaries: "boundaries_lad24_en_buc.geojson",
  lsoaBoundaries: "boundaries_lsoa21_demo.geojson",
} as const;

export const HEADERS = {
  lsoaLookup: [
    "lsoa21cd",
    "lsoa21nm",
    "sicbl24cd",
    "sicbl24cdh",
    "sicbl24nm",
    "icb24cd",
    "icb24cdh",
    "icb24nm",
    "nhser24cd",
    "nhser24cdh",
    "nhser24nm",
    "lad24cd",
    "lad24nm",
    "utla23cd",
    "utla23nm",
    "rgn24cd",
    "rgn24nm",
    "wd24cd",
    "wd24nm",
    "ruc21cd",
    "ruc21_urban_rural",
  ],
  ladLookup: [
    "lad24cd",
    "lad24nm",
    "utla23cd",
    "utla23nm",
    "rgn24cd",
    "rgn24nm",
    "n_lsoa21",
    "n_icb24",
  ],
  census: [
    "lsoa21cd",
    "lsoa21nm",
    "all_ages",
    "age_0_15",
    "age_16_24",
    "age_25_34",
    "age_35_49",
    "age_50_64",
    "age_65_plus",
  ],
  imd: [
    "lsoa21cd",
    ...IMD_DOMAINS.map((d) => `${d}_decile` as const),
    ...IMD_DOMAINS.map((d) => `${d}_rank` as const),
    ...IMD_DOMAINS.map((d) => `${d}_score` as const),
  ],
  practices: [
    "practice_code",
    "practice_name",
    "status_code",
    "prescribing_setting",
    "organisation_subtype_code",
    "national_grouping",
    "high_level_health_geography",
    "commissioner_code",
    "sicbl24cd",
    "sicbl24nm",
    "icb24cd",
    "icb24nm",
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "open_date",
    "close_date",
    "join_parent_date",
    "left_parent_date",
    "contact_telephone",
    "latitude",
    "longitude",
    "lad_code_nhse",
    "lad_name_nhse",
    "pcn_code",
    "pcn_name",
  ],
  pcnMembership: [
    "practice_code",
    "practice_name",
    "practice_sicbl_code_ods",
    "practice_sicbl_name",
    "pcn_code",
    "pcn_name",
    "pcn_sicbl_code_ods",
    "pcn_sicbl_name",
    "rel_start_date",
    "rel_end_date",
    "practice_and_pcn_sicbl_match",
  ],
  pcns: [
    "pcn_code",
    "pcn_name",
    "sicbl_code_ods",
    "sicbl_name",
    "open_date",
    "close_date",
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "sicbl24cd",
    "icb24cd",
    "icb24nm",
  ],
  trusts: [
    "org_code",
    "org_name",
    "national_grouping",
    "high_level_health_geography",
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "open_date",
    "close_date",
    "contact_telephone",
    "amended_record_indicator",
    "gor_code",
    "icb24cd",
    "icb24nm",
    "is_open",
  ],
  partners: [
    "org_code",
    "org_name",
    "sector",
    "icb_code_ods",
    "ultimate_parent_owner",
    "postcode",
    "website",
  ],
} as const;

type Row<H extends readonly string[]> = Record<H[number], string>;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV as the real files are written: LF line ends, minimal quoting, trailing newline. */
function csv<H extends readonly string[]>(
  header: H,
  rows: readonly Row<H>[],
): string {
  const lines = [header.join(",")];
  for (const row of rows)
    lines.push(header.map((h: H[number]) => csvField(row[h])).join(","));
  return `${lines.join("\n")}\n`;
}

/** Decimals as the real files print them: at most `dp` places, no trailing zeros. */
function decimal(value: number, dp: number): string {
  return String(Number(value.toFixed(dp)));
}

const bool = (value: boolean): string => (value ? "True" : "False");

function featureCollection(
  features: readonly {
    properties: Record<string, string | number>;
    geometry: Geometry;
  }[],
): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: features.map((f) => ({
      type: "Feature",
      properties: f.properties,
      geometry: f.geometry,
    })),
  });
}

export function demoFiles(ics: DemoIcs): DemoFile[] {
  const {
    lsoas,
    lads,
    subIcbs,
    wards,
    pcns,
    practices,
    trusts,
    partners,
    island,
  } = ics;
  const lookupRow = (l: DemoLsoa): Row<typeof HEADERS.lsoaLookup> => {
    const lad = at(lads, l.lad);
    const sub = at(subIcbs, lad.subIcb);
    const ward = at(wards, l.ward);
    return {
      lsoa21cd: l.gss,
      lsoa21nm: l.name,
      sicbl24cd: sub.gss,
      sicbl24cdh: sub.ods,
      sicbl24nm: sub.name,
      icb24cd: DEMO_ICB.gss,
      icb24cdh: DEMO_ICB.ods,
      icb24nm: DEMO_ICB.name,
      nhser24cd: DEMO_REGION.gss,
      nhser24cdh: DEMO_REGION.ods,
      nhser24nm: DEMO_REGION.name,
      lad24cd: lad.gss,
      lad24nm: lad.name,
      utla23cd: lad.utla.gss,
      utla23nm: lad.utla.name,
      rgn24cd: DEMO_ONS_REGION.gss,
      rgn24nm: DEMO_ONS_REGION.name,
      wd24cd: ward.gss,
      wd24nm: ward.name,
      ruc21cd: l.ruc21cd,
      ruc21_urban_rural: l.urbanRural,
    };
  };

  const censusRow = (l: DemoLsoa): Row<typeof HEADERS.census> => {
    const [a, b, c, d, e, f] = l.ageBands;
    return {
      lsoa21cd: l.gss,
      lsoa21nm: l.name,
      all_ages: String(l.population),
      age_0_15: String(a),
      age_16_24: String(b),
      age_25_34: String(c),
      age_35_49: String(d),
      age_50_64: String(e),
      age_65_plus: String(f),
    };
  };

  const imdRow = (l: DemoLsoa): Row<typeof HEADERS.imd> => {
    const row: Record<string, string> = { lsoa21cd: l.gss };
    for (const d of IMD_DOMAINS) {
      row[`${d}_decile`] = String(l.imd[d].decile);
      row[`${d}_rank`] = String(l.imd[d].rank);
      row[`${d}_score`] = decimal(l.imd[d].score, 3);
    }
    return row as Row<typeof HEADERS.imd>;
  };

  const practiceRows = practices.map((p): Row<typeof HEADERS.practices> => {
    const sub = at(subIcbs, p.subIcb);
    const lad = at(lads, p.lad);
    const pcn = p.pcn === null ? null : at(pcns, p.pcn);
    const [a1, a2, a3, a4, a5] = p.address.lines;
    return {
      practice_code: p.ods,
      practice_name: p.name,
      status_code: p.status,
      prescribing_setting: "4",
      organisation_subtype_code: "B",
      national_grouping: DEMO_REGION.ods,
      high_level_health_geography: DEMO_ICB.ods,
      commissioner_code: sub.ods,
      sicbl24cd: sub.gss,
      sicbl24nm: sub.name,
      icb24cd: DEMO_ICB.gss,
      icb24nm: DEMO_ICB.name,
      address_line_1: a1,
      address_line_2: a2,
      address_line_3: a3,
      address_line_4: a4,
      address_line_5: a5,
      postcode: p.address.postcode,
      open_date: p.openDate,
      close_date: p.closeDate,
      join_parent_date: p.joinParentDate,
      left_parent_date: p.leftParentDate,
      contact_telephone: p.telephone,
      latitude: p.location ? decimal(p.location.latitude, 6) : "",
      longitude: p.location ? decimal(p.location.longitude, 6) : "",
      lad_code_nhse: p.location ? lad.gss : "",
      lad_name_nhse: p.location ? lad.name : "",
      pcn_code: pcn ? pcn.ods : "",
      pcn_name: pcn ? pcn.name : "",
    };
  });

  const practiceByCode = new Map(practices.map((p) => [p.ods, p]));
  const membershipRows = ics.memberships.map(
    (m): Row<typeof HEADERS.pcnMembership> => {
      const practice = practiceByCode.get(m.practice);
      if (!practice)
        throw new Error(
          `internal: membership for unknown practice ${m.practice}`,
        );
      const pcn = at(pcns, m.pcn);
      const practiceSub = at(subIcbs, practice.subIcb);
      const pcnSub = at(subIcbs, pcn.subIcb);
      return {
        practice_code: practice.ods,
        practice_name: practice.name,
        practice_sicbl_code_ods: practiceSub.ods,
        practice_sicbl_name: practiceSub.odsName,
        pcn_code: pcn.ods,
        pcn_name: pcn.name,
        pcn_sicbl_code_ods: pcnSub.ods,
        pcn_sicbl_name: pcnSub.odsName,
        rel_start_date: m.startDate,
        rel_end_date: m.endDate,
        practice_and_pcn_sicbl_match: bool(practiceSub.ods === pcnSub.ods),
      };
    },
  );

  const pcnRows = pcns.map((p): Row<typeof HEADERS.pcns> => {
    const sub = at(subIcbs, p.subIcb);
    const [a1, a2, a3, a4, a5] = p.address.lines;
    return {
      pcn_code: p.ods,
      pcn_name: p.name,
      sicbl_code_ods: sub.ods,
      sicbl_name: sub.odsName,
      open_date: p.openDate,
      close_date: "",
      address_line_1: a1,
      address_line_2: a2,
      address_line_3: a3,
      address_line_4: a4,
      address_line_5: a5,
      postcode: p.address.postcode,
      sicbl24cd: sub.gss,
      icb24cd: DEMO_ICB.gss,
      icb24nm: DEMO_ICB.name,
    };
  });

  const trustRows = trusts.map((t): Row<typeof HEADERS.trusts> => {
    const [a1, a2, a3, a4, a5] = t.address.lines;
    return {
      org_code: t.ods,
      org_name: t.name,
      national_grouping: DEMO_REGION.ods,
      high_level_health_geography: DEMO_ICB.ods,
      address_line_1: a1,
      address_line_2: a2,
      address_line_3: a3,
      address_line_4: a4,
      address_line_5: a5,
      postcode: t.address.postcode,
      open_date: t.openDate,
      close_date: "",
      contact_telephone: t.telephone,
      amended_record_indicator: "1",
      // Real files use a government-office-region letter (A–K, W); Z is unused, so fictional.
      gor_code: "Z",
      icb24cd: DEMO_ICB.gss,
      icb24nm: DEMO_ICB.name,
      is_open: bool(true),
    };
  });

  const partnerRows = partners.map((p): Row<typeof HEADERS.partners> => ({
    org_code: p.code,
    org_name: p.name,
    sector: p.sector,
    icb_code_ods: DEMO_ICB.ods,
    ultimate_parent_owner: p.ultimateParentOwner,
    postcode: p.postcode,
    website: p.website,
  }));

  const lsoasOfSubIcb = (si: number): number[] =>
    at(subIcbs, si).lads.flatMap((li) => at(lads, li).lsoas);
  const icbPolygons = unionCells(
    island,
    lsoas.map((l) => l.cell),
  );

  const files: DemoFile[] = [
    {
      name: DEMO_FILE_NAMES.lsoaLookup,
      contents: csv(HEADERS.lsoaLookup, lsoas.map(lookupRow)),
    },
    {
      name: DEMO_FILE_NAMES.ladLookup,
      contents: csv(
        HEADERS.ladLookup,
        lads.map((l) => ({
          lad24cd: l.gss,
          lad24nm: l.name,
          utla23cd: l.utla.gss,
          utla23nm: l.utla.name,
          rgn24cd: DEMO_ONS_REGION.gss,
          rgn24nm: DEMO_ONS_REGION.name,
          n_lsoa21: String(l.lsoas.length),
          n_icb24: "1",
        })),
      ),
    },
    {
      name: DEMO_FILE_NAMES.census,
      contents: csv(HEADERS.census, lsoas.map(censusRow)),
    },
    {
      name: DEMO_FILE_NAMES.imd,
      contents: csv(HEADERS.imd, lsoas.map(imdRow)),
    },
    {
      name: DEMO_FILE_NAMES.practices,
      contents: csv(HEADERS.practices, practiceRows),
    },
    {
      name: DEMO_FILE_NAMES.pcnMembership,
      contents: csv(HEADERS.pcnMembership, membershipRows),
    },
    { name: DEMO_FILE_NAMES.pcns, contents: csv(HEADERS.pcns, pcnRows) },
    { name: DEMO_FILE_NAMES.trusts, contents: csv(HEADERS.trusts, trustRows) },
    {
      name: DEMO_FILE_NAMES.partners,
      contents: csv(HEADERS.partners, partnerRows),
    },
    {
      name: DEMO_FILE_NAMES.regionBoundaries,
      contents: featureCollection([
        {
          properties: {
            nhser24cd: DEMO_REGION.gss,
            nhser24cdh: DEMO_REGION.ods,
            nhser24nm: DEMO_REGION.name,
            n_lsoa21: lsoas.length,
          },
          geometry: toGeometry(icbPolygons, false),
        },
      ]),
    },
    {
      name: DEMO_FILE_NAMES.icbBoundaries,
      contents: featureCollection([
        {
          properties: {
            icb24cd: DEMO_ICB.gss,
            icb24cdh: DEMO_ICB.ods,
            icb24nm: DEMO_ICB.name,
            nhser24cd: DEMO_REGION.gss,
            nhser24nm: DEMO_REGION.name,
            n_lsoa21: lsoas.length,
          },
          geometry: toGeometry(icbPolygons, false),
        },
      ]),
    },
    {
      name: DEMO_FILE_NAMES.subIcbBoundaries,
      contents: featureCollection(
        subIcbs.map((s, si) => {
          const members = lsoasOfSubIcb(si);
          return {
            properties: {
              sicbl24cd: s.gss,
              sicbl24cdh: s.ods,
              sicbl24nm: s.name,
              icb24cd: DEMO_ICB.gss,
              icb24nm: DEMO_ICB.name,
              n_lsoa21: members.length,
            },
            geometry: toGeometry(
              unionCells(
                island,
                members.map((i) => at(lsoas, i).cell),
              ),
              false,
            ),
          };
        }),
      ),
    },
    {
      name: DEMO_FILE_NAMES.ladBoundaries,
      contents: featureCollection(
        lads.map((l) => ({
          properties: { lad24cd: l.gss, lad24nm: l.name },
          // The ONS BUC file writes every LAD as a MultiPolygon.
          geometry: toGeometry(unionCells(island, l.cells), true),
        })),
      ),
    },
    {
      name: DEMO_FILE_NAMES.lsoaBoundaries,
      contents: featureCollection(
        lsoas.map((l) => ({
          properties: { LSOA21CD: l.gss, LSOA21NM: l.name },
          geometry: {
            type: "Polygon",
            coordinates: [at(island.cells, l.cell).ring],
          },
        })),
      ),
    },
  ];
  return files;
}
