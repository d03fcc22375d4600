/**
 * Facts about England's health geography over time, and the pure rules that apply them.
 * Small official code lists live here as facts with their source; large lookups are imported.
 */

/** ICBs were established on 1 July 2022 (Health and Care Act 2022). */
export const ICBS_ESTABLISHED = "2022-07-01";
/** ONS recoded two ICBs from April 2023, when four Chichester LSOAs moved between them. */
export const ICB_RECODE_2023 = "2023-04-01";
/** The April 2026 ICB mergers (NHS England, ICB boundaries and mergers 2026/27). */
export const ICB_MERGERS_2026 = "2026-04-01";

/**
 * An edition is one official lookup and the period in which OpenICS applies it.
 * The July 2022 lookup is on 2011 LSOAs. The April 2024 lookup, on 2021 LSOAs, is applied from
 * April 2023: the 2021 LSOAs came into NHS use then, with the recoded ICBs, and no ICB boundary
 * moved between April 2023 and April 2024. The April 2026 mergers are derived from it.
 */
export const EDITIONS = {
  lsoa11: {
    lsoaEdition: 2011,
    validFrom: ICBS_ESTABLISHED,
    validTo: ICB_RECODE_2023,
  },
  lsoa21: { lsoaEdition: 2021, validFrom: ICB_RECODE_2023, validTo: null },
} as const;

/** Which population estimate describes each LSOA edition. */
export const POPULATION_SOURCE_BY_EDITION = {
  2011: "mid2020",
  2021: "census2021",
} as const;
export const DEPRIVATION_RELEASE_BY_EDITION = {
  2011: "IMD2019",
  2021: "IoD2025",
} as const;

export function lsoaEditionAt(asAt: string): 2011 | 2021 {
  return asAt < EDITIONS.lsoa21.validFrom ? 2011 : 2021;
}

/**
 * Districts abolished on 1 April 2023 (Cumbria, North Yorkshire and Somerset reorganisation), which the
 * July 2022 lookup still names, with the county that was their upper tier. Source: ONS LAD
 * (April 2023) names and codes; The Cumbria, North Yorkshire and Somerset (Structural Changes) Orders 2022.
 */
export const DISTRICTS_ABOLISHED_2023: Readonly<
  Record<string, { county: string; countyName: string }>
> = (() => {
  const cumbria = { county: "E10000006", countyName: "Cumbria" };
  const northYorkshire = { county: "E10000023", countyName: "North Yorkshire" };
  const somerset = { county: "E10000027", countyName: "Somerset" };
  return {
    E07000026: cumbria,
    E07000027: cumbria,
    E07000028: cumbria,
    E07000029: cumbria,
    E07000030: cumbria,
    E07000031: cumbria,
    E07000163: northYorkshire,
    E07000164: northYorkshire,
    E07000165: northYorkshire,
    E07000166: northYorkshire,
    E07000167: northYorkshire,
    E07000168: northYorkshire,
    E07000169: northYorkshire,
    E07000187: somerset,
    E07000188: somerset,
    E07000189: somerset,
    E07000246: somerset,
  };
})();

/**
 * Where an ICB was split between merged ICBs in April 2026, each part follows its upper-tier local
 * authority. Source: NHS England, ICB mergers 2026/27 (Frimley's places go to Hampshire and Isle of
 * Wight, Thames Valley, and Surrey and Sussex; West Essex and North East Essex to Essex).
 * Checked against the practice-level crosswalk, which splits the same three ICBs.
 */
export const ICB_SPLITS_2026: readonly {
  fromIcb: string;
  utla: string;
  toIcb: string;
}[] = [
  { fromIcb: "QNQ", utla: "E06000036", toIcb: "T05" }, // Bracknell Forest
  { fromIcb: "QNQ", utla: "E06000039", toIcb: "T05" }, // Slough
  { fromIcb: "QNQ", utla: "E06000040", toIcb: "T05" }, // Windsor and Maidenhead
  { fromIcb: "QNQ", utla: "E10000014", toIcb: "QRL" }, // Hampshire (North East Hampshire)
  { fromIcb: "QNQ", utla: "E10000030", toIcb: "T07" }, // Surrey (Surrey Heath and Farnham)
  { fromIcb: "QM7", utla: "E10000015", toIcb: "T01" }, // Hertfordshire
  { fromIcb: "QM7", utla: "E10000012", toIcb: "T02" }, // Essex (West Essex)
  { fromIcb: "QJG", utla: "E10000029", toIcb: "T03" }, // Suffolk
  { fromIcb: "QJG", utla: "E10000012", toIcb: "T02" }, // Essex (North East Essex)
];

/** Local authority tier from its GSS code prefix. */
export function authorityKind(
  gss: string,
):
  | "unitary"
  | "county"
  | "district"
  | "metropolitan district"
  | "London borough"
  | "other" {
  switch (gss.slice(0, 3)) {
    case "E06":
      return "unitary";
    case "E07":
      return "district";
    case "E08":
      return "metropolitan district";
    case "E09":
      return "London borough";
    case "E10":
      return "county";
    default:
      return "other";
  }
}

/**
 * The life-table age bands OpenICS keeps single-year populations in: under 1, 1–4, then five-year
 * bands to 85–89, and 90+. They nest into the European Standard Population 2013 bands.
 */
export const LIFE_TABLE_BANDS: readonly { from: number; to: number | null }[] =
  [
    { from: 0, to: 0 },
    { from: 1, to: 4 },
    ...Array.from({ length: 17 }, (_, i) => ({
      from: 5 + i * 5,
      to: 9 + i * 5,
    })),
    { from: 90, to: null },
  ];

/** Sums single years of age (index = age, last = 90+) into the life-table bands. */
export function toLifeTableBands(
  singleYears: readonly number[],
  ninetyPlus: number,
): { from: number; to: number | null; population: number }[] {
  return LIFE_TABLE_BANDS.map((band) => {
    if (band.to === null) return { ...band, population: ninetyPlus };
    let population = 0;
    for (let age = band.from; age <= band.to; age++)
      population += singleYears[age] ?? 0;
    return { ...band, population };
  });
}

export type Coterminosity = "whole" | "partial";

/** A place is wholly inside an ICS when the ICS holds all of its population (to the person). */
export function classifyCoterminosity(
  populationInIcs: number,
  placePopulation: number,
): { share: number; coterminosity: Coterminosity } {
  const share = placePopulation === 0 ? 0 : populationInIcs / placePopulation;
  return {
    share,
    coterminosity: populationInIcs >= placePopulation ? "whole" : "partial",
  };
}

/** The ICB an area belongs to after the April 2026 mergers, given its 2025 ICB and upper-tier authority. */
export function icbAfterMergers(
  icb2025: string,
  utla: string,
  successors: ReadonlyMap<string, readonly string[]>,
):
  | { icb: string; rule: "unchanged" | "merged" | "split" }
  | { icb: null; rule: "unknown split" } {
  const next = successors.get(icb2025);
  if (!next || next.length === 0) return { icb: icb2025, rule: "unchanged" };
  if (next.length === 1 && next[0] !== undefined)
    return { icb: next[0], rule: next[0] === icb2025 ? "unchanged" : "merged" };
  const split = ICB_SPLITS_2026.find(
    (s) => s.fromIcb === icb2025 && s.utla === utla,
  );
  return split
    ? { icb: split.toIcb, rule: "split" }
    : { icb: null, rule: "unknown split" };
}
