import type { z } from "zod";
import {
  censusAgeRow,
  constituencyLookupRow,
  epraccurRow,
  icbCrosswalkRow,
  imd2019Row,
  imd2025Row,
  ladSexTotalsRow,
  ladUtlaRegionRow,
  lsoa11LookupRow,
  lsoa21LookupRow,
  lsoaChangeRow,
  midYearSyoaRow,
  mpRow,
  partnerRow,
  pcnDetailsRow,
  pcnMembershipRow,
  trustCatchmentRow,
  trustRow,
} from "./model";

/** A kind of official file the geography importer reads, recognised by its column headers, not its name. */
export interface TableFileKind {
  readonly kind: string;
  readonly title: string;
  /** Columns that must all be present for a file to be this kind. */
  readonly signature: readonly string[];
  /** Columns that identify a row: two rows with the same key are an error in the file. */
  readonly key: readonly string[];
  readonly row: z.ZodType;
}

/** Published summaries of the LSOA files: recognised, and not imported, because OpenICS recomputes them. */
export interface SummaryFileKind {
  readonly kind: string;
  readonly title: string;
  readonly signature: readonly string[];
}

export const TABLE_FILE_KINDS = [
  {
    kind: "lsoa21-lookup",
    title: "LSOA 2021 to sub-ICB, ICB, NHS region and local authority lookup",
    signature: [
      "lsoa21cd",
      "sicbl24cdh",
      "icb24cdh",
      "nhser24cdh",
      "lad24cd",
      "utla23cd",
    ],
    key: ["lsoa21cd"],
    row: lsoa21LookupRow,
  },
  {
    kind: "lsoa11-lookup",
    title: "LSOA 2011 to sub-ICB, ICB and local authority lookup (July 2022)",
    signature: [
      "lsoa11cd",
      "sicbl22cdh",
      "icb22cdh",
      "lad22cd",
      "icb_code_2023_recode",
    ],
    key: ["lsoa11cd"],
    row: lsoa11LookupRow,
  },
  {
    kind: "lsoa-changes",
    title: "LSOA 2011 to LSOA 2021 changes",
    signature: ["lsoa11cd", "lsoa21cd", "chgind"],
    key: ["lsoa11cd", "lsoa21cd"],
    row: lsoaChangeRow,
  },
  {
    kind: "census-lsoa-age",
    title: "Census 2021 usual residents by LSOA and age band",
    signature: ["lsoa21cd", "all_ages", "age_0_15", "age_65_plus"],
    key: ["lsoa21cd"],
    row: censusAgeRow,
  },
  {
    kind: "mid-year-lsoa-syoa",
    title: "Mid-year population estimates by LSOA 2011 and single year of age",
    signature: ["lsoa11cd", "all_ages", "age_0", "age_90_plus"],
    key: ["lsoa11cd"],
    row: midYearSyoaRow,
  },
  {
    kind: "imd2019",
    title: "English Indices of Deprivation 2019 (LSOA 2011)",
    signature: [
      "lsoa11cd",
      "imd_decile",
      "imd_rank",
      "housing_and_access_rank",
    ],
    key: ["lsoa11cd"],
    row: imd2019Row,
  },
  {
    kind: "imd2025",
    title: "English Indices of Deprivation 2025 (LSOA 2021)",
    signature: [
      "lsoa21cd",
      "imd_decile",
      "imd_rank",
      "imd_score",
      "housing_and_services_rank",
    ],
    key: ["lsoa21cd"],
    row: imd2025Row,
  },
  {
    kind: "epraccur",
    title: "ODS GP practices (epraccur)",
    signature: [
      "practice_code",
      "status_code",
      "prescribing_setting",
      "commissioner_code",
      "join_parent_date",
    ],
    key: ["practice_code"],
    row: epraccurRow,
  },
  {
    kind: "pcn-membership",
    title: "ODS practice to PCN membership",
    signature: ["practice_code", "pcn_code", "rel_start_date", "rel_end_date"],
    key: ["practice_code", "pcn_code", "rel_start_date"],
    row: pcnMembershipRow,
  },
  {
    kind: "pcn-details",
    title: "ODS Primary Care Network details",
    signature: [
      "pcn_code",
      "pcn_name",
      "sicbl_code_ods",
      "open_date",
      "close_date",
    ],
    key: ["pcn_code"],
    row: pcnDetailsRow,
  },
  {
    kind: "nhs-trusts",
    title: "ODS NHS trusts (etr)",
    signature: [
      "org_code",
      "org_name",
      "national_grouping",
      "high_level_health_geography",
      "open_date",
    ],
    key: ["org_code"],
    row: trustRow,
  },
  {
    kind: "lsoa21-constituency",
    title: "LSOA 2021 to Westminster constituency (July 2024)",
    signature: ["lsoa21cd", "pcon24cd", "pcon24nm"],
    key: ["lsoa21cd"],
    row: constituencyLookupRow,
  },
  {
    kind: "mps",
    title: "Members of Parliament by constituency",
    signature: ["pcon24cd", "name", "party", "source_url"],
    key: ["pcon24cd"],
    row: mpRow,
  },
  {
    kind: "lad-utla-region",
    title: "Local authority district to upper-tier authority and region",
    signature: ["lad24cd", "utla23cd", "rgn24cd"],
    key: ["lad24cd"],
    row: ladUtlaRegionRow,
  },
  {
    kind: "icb-2026-crosswalk",
    title: "ICB 2024 to April 2026 merged ICB crosswalk",
    signature: ["icb24cdh", "icb2026_ods", "icb2026_name", "nhser2026_ods"],
    key: ["icb24cdh", "icb2026_ods"],
    row: icbCrosswalkRow,
  },
  {
    kind: "lad-sex-totals",
    title: "Census 2021 population by local authority and sex",
    signature: ["lad21cd", "total_population", "total_females", "total_males"],
    key: ["lad21cd"],
    row: ladSexTotalsRow,
  },
  {
    kind: "trust-catchment",
    title: "NHS acute trust catchment shares by ICB",
    signature: ["trust_code", "icb24cd", "proportion_trust_came_from_icb"],
    key: ["trust_code", "icb24cd"],
    row: trustCatchmentRow,
  },
  {
    kind: "partners",
    title: "Partner organisations (OpenICS layout)",
    signature: ["org_code", "org_name", "sector", "icb_code_ods"],
    key: ["org_code"],
    row: partnerRow,
  },
] as const satisfies readonly TableFileKind[];

export const SUMMARY_FILE_KINDS = [
  {
    kind: "icb-summary",
    title: "ICB list with LSOA and census counts",
    signature: [
      "icb24cd",
      "n_sicbl24",
      "n_lsoa21",
      "census2021_usual_residents",
    ],
  },
  {
    kind: "sub-icb-summary",
    title: "Sub-ICB location list",
    signature: ["sicbl24cd", "sicbl24cdh", "n_lsoa21", "n_lad24"],
  },
  {
    kind: "region-summary",
    title: "NHS region list",
    signature: ["nhser24cd", "nhser24cdh", "n_icb24", "n_lsoa21"],
  },
  {
    kind: "census-area-summary",
    title: "Census 2021 age bands summed by NHS and local authority area",
    signature: ["area_type", "area_code", "all_ages", "age_0_15"],
  },
  {
    kind: "icb-lad-places",
    title: "ICB to local authority place table",
    signature: ["icb24cd", "lad24cd", "share_of_lad_lsoas"],
  },
  {
    kind: "icb-utla-places",
    title: "ICB to upper-tier local authority place table",
    signature: ["icb24cd", "utla23cd", "share_of_utla_lsoas"],
  },
  {
    kind: "constituency-icb-summary",
    title: "Constituency to ICB summary",
    signature: ["pcon24cd", "icb24cd", "share_of_pcon_lsoas"],
  },
  {
    kind: "imd2025-icb-summary",
    title: "IoD2025 ICB summary measures",
    signature: ["icb24_code", "imd_average_rank", "imd_average_score"],
  },
  {
    kind: "imd2025-lad-summary",
    title: "IoD2025 local authority summary measures",
    signature: ["ltla24_code", "imd_average_rank", "imd_average_score"],
  },
] as const satisfies readonly SummaryFileKind[];

export type TableKindName = (typeof TABLE_FILE_KINDS)[number]["kind"];

export type Recognised =
  | {
      readonly type: "incomplete";
      readonly kind: SummaryFileKind;
      readonly missing: readonly string[];
    }
  | { readonly type: "table"; readonly kind: (typeof TABLE_FILE_KINDS)[number] }
  | { readonly type: "summary"; readonly kind: SummaryFileKind };

/** Recognises a CSV by its header row. The most specific matching signature wins. */
export function recogniseCsv(header: readonly string[]): Recognised | null {
  const columns = new Set(header.map((h) => h.trim().replace(/^\uFEFF/, "")));
  const matches = (signature: readonly string[]) =>
    signature.every((c) => columns.has(c));
  const tables = TABLE_FILE_KINDS.filter((k) => matches(k.signature)).sort(
    (a, b) => b.signature.length - a.signature.length,
  );
  const summaries = SUMMARY_FILE_KINDS.filter((k) => matches(k.signature)).sort(
    (a, b) => b.signature.length - a.signature.length,
  );
  const table = tables[0];
  const summary = summaries[0];
  const best = Math.max(
    table?.signature.length ?? 0,
    summary?.signature.length ?? 0,
  );
  // A file that has more of a richer layout's columns than the best full match has is that
  // layout with columns missing: say so rather than reading it as something smaller.
  const near = [...TABLE_FILE_KINDS, ...SUMMARY_FILE_KINDS]
    .map((k) => ({
      kind: k,
      present: k.signature.filter((c) => columns.has(c)).length,
    }))
    .filter(
      (m) =>
        m.present < m.kind.signature.length &&
        m.present > best &&
        m.present * 2 >= m.kind.signature.length,
    )
    .sort((a, b) => b.present - a.present)[0];
  if (near)
    return {
      type: "incomplete",
      kind: near.kind,
      missing: near.kind.signature.filter((c) => !columns.has(c)),
    };
  if (summary && (!table || summary.signature.length > table.signature.length))
    return { type: "summary", kind: summary };
  if (table) return { type: "table", kind: table };
  return null;
}

export const BOUNDARY_LAYERS = [
  { layer: "region", codeProperty: "nhser24cd", nameProperty: "nhser24nm" },
  { layer: "icb", codeProperty: "icb24cd", nameProperty: "icb24nm" },
  { layer: "sub_icb", codeProperty: "sicbl24cd", nameProperty: "sicbl24nm" },
  { layer: "lad", codeProperty: "lad24cd", nameProperty: "lad24nm" },
  { layer: "constituency", codeProperty: "pcon24cd", nameProperty: "pcon24nm" },
  { layer: "lsoa", codeProperty: "LSOA21CD", nameProperty: "LSOA21NM" },
  { layer: "lsoa", codeProperty: "lsoa21cd", nameProperty: "lsoa21nm" },
] as const;
export type BoundaryLayer = (typeof BOUNDARY_LAYERS)[number]["layer"];

/**
 * Recognises a GeoJSON boundary layer by its features' properties. The most specific code wins:
 * an ICB file also names its region, so the layer is the one whose code property is not a parent's.
 */
export function recogniseBoundaryLayer(
  properties: Readonly<Record<string, unknown>>,
): (typeof BOUNDARY_LAYERS)[number] | null {
  const order = [
    "lsoa21cd",
    "LSOA21CD",
    "sicbl24cd",
    "icb24cd",
    "nhser24cd",
    "lad24cd",
    "pcon24cd",
  ];
  for (const code of order) {
    if (code in properties)
      return BOUNDARY_LAYERS.find((l) => l.codeProperty === code) ?? null;
  }
  return null;
}
