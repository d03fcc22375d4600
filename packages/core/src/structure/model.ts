import { z } from "zod";
import { odsDate, odsEndDate } from "../shared";
import {
  constituencyGss,
  icbGss,
  icbOds,
  ladGss,
  lsoaCode,
  nonEmpty,
  onsRegionGss,
  optionalText,
  practiceOds,
  pcnOds,
  regionGss,
  regionOds,
  subIcbGss,
  subIcbOds,
  trustOds,
  utlaGss,
} from "./codes";

const count = z.coerce
  .number()
  .int("expected a whole number")
  .nonnegative("expected a count of zero or more");
const rank = z.coerce
  .number()
  .int("expected a whole-number rank")
  .positive("expected a rank of 1 or more");
const decile = z.coerce
  .number()
  .int()
  .min(1, "a decile runs 1 to 10")
  .max(10, "a decile runs 1 to 10");
const score = z.coerce.number("expected a number");
const optionalNumber = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return null;
    const n = Number(s);
    if (!Number.isFinite(n))
      ctx.addIssue({ code: "custom", message: "expected a number" });
    return n;
  });

export const ORGANISATION_SECTORS = [
  "nhs_trust",
  "local_authority",
  "gp_practice",
  "social_care_provider",
  "vcse",
  "independent_sector_provider",
  "healthwatch",
  "trade_union",
] as const;
export const organisationSector = z.enum(ORGANISATION_SECTORS);
export type OrganisationSector = z.infer<typeof organisationSector>;

export const SECTOR_LABELS: Record<OrganisationSector, string> = {
  nhs_trust: "NHS trusts",
  local_authority: "Local authorities",
  gp_practice: "GP practices",
  social_care_provider: "Social care providers",
  vcse: "Voluntary, community and social enterprise",
  independent_sector_provider: "Independent-sector providers",
  healthwatch: "Healthwatch",
  trade_union: "Trade unions",
};

/** ONS LSOA 2021 → sub-ICB → ICB → NHS region → LAD lookup (April 2024 basis). */
export const lsoa21LookupRow = z.object({
  lsoa21cd: lsoaCode,
  lsoa21nm: nonEmpty("LSOA name"),
  sicbl24cd: subIcbGss,
  sicbl24cdh: subIcbOds,
  sicbl24nm: nonEmpty("sub-ICB location name"),
  icb24cd: icbGss,
  icb24cdh: icbOds,
  icb24nm: nonEmpty("ICB name"),
  nhser24cd: regionGss,
  nhser24cdh: regionOds,
  nhser24nm: nonEmpty("NHS region name"),
  lad24cd: ladGss,
  lad24nm: nonEmpty("local authority name"),
  utla23cd: utlaGss,
  utla23nm: nonEmpty("upper-tier local authority name"),
  rgn24cd: onsRegionGss,
  rgn24nm: nonEmpty("region name"),
  ruc21cd: optionalText,
});

/** ONS LSOA 2011 → sub-ICB → ICB → LAD lookup (July 2022), with the 2023 ICB recode. */
export const lsoa11LookupRow = z.object({
  lsoa11cd: lsoaCode,
  lsoa11nm: nonEmpty("LSOA name"),
  sicbl22cd: subIcbGss,
  sicbl22cdh: subIcbOds,
  sicbl22nm: nonEmpty("sub-ICB location name"),
  icb22cd: icbGss,
  icb22cdh: icbOds,
  icb22nm: nonEmpty("ICB name"),
  lad22cd: ladGss,
  lad22nm: nonEmpty("local authority name"),
  icb_code_2023_recode: icbGss,
});

export const lsoaChangeRow = z.object({
  lsoa11cd: z
    .string()
    .trim()
    .regex(/^[EW]01\d{6}$/, "expected an LSOA 2011 code"),
  lsoa21cd: z
    .string()
    .trim()
    .regex(/^[EW]01\d{6}$/, "expected an LSOA 2021 code"),
  chgind: z.enum(
    ["U", "S", "M", "X"],
    "expected a change indicator U, S, M or X",
  ),
});

export const CENSUS_AGE_BANDS = [
  { column: "age_0_15", from: 0, to: 15 },
  { column: "age_16_24", from: 16, to: 24 },
  { column: "age_25_34", from: 25, to: 34 },
  { column: "age_35_49", from: 35, to: 49 },
  { column: "age_50_64", from: 50, to: 64 },
  { column: "age_65_plus", from: 65, to: null },
] as const;

export const censusAgeRow = z
  .object({
    lsoa21cd: lsoaCode,
    all_ages: count,
    age_0_15: count,
    age_16_24: count,
    age_25_34: count,
    age_35_49: count,
    age_50_64: count,
    age_65_plus: count,
  })
  .refine(
    (r) => CENSUS_AGE_BANDS.reduce((s, b) => s + r[b.column], 0) === r.all_ages,
    {
      message: "the age bands do not add up to all_ages",
      path: ["all_ages"],
    },
  );

const syoaShape: Record<string, typeof count> = {
  all_ages: count,
  age_90_plus: count,
};
for (let age = 0; age < 90; age++) syoaShape[`age_${age}`] = count;
export const midYearSyoaRow = z
  .object({ lsoa11cd: lsoaCode, ...syoaShape })
  .refine(
    (row) => {
      const r = row as unknown as Readonly<Record<string, number>>;
      let total = 0;
      for (let age = 0; age < 90; age++) total += r[`age_${age}`] ?? 0;
      return total + (r.age_90_plus ?? 0) === r.all_ages;
    },
    {
      message: "single years of age do not add up to all_ages",
      path: ["all_ages"],
    },
  );

export const IMD_DOMAINS_2019 = [
  "imd",
  "income",
  "employment",
  "education",
  "health",
  "crime",
  "housing_and_access",
  "environment",
] as const;
export const IMD_DOMAINS_2025 = [
  "imd",
  "income",
  "employment",
  "education",
  "health",
  "crime",
  "housing_and_services",
  "environment",
] as const;

const domainColumns = (domains: readonly string[], withScore: boolean) => {
  const shape: Record<string, z.ZodType> = {};
  for (const d of domains) {
    shape[`${d}_decile`] = decile;
    shape[`${d}_rank`] = rank;
    if (withScore) shape[`${d}_score`] = score;
  }
  return shape;
};
export const imd2019Row = z.object({
  lsoa11cd: lsoaCode,
  ...domainColumns(IMD_DOMAINS_2019, false),
});
export const imd2025Row = z.object({
  lsoa21cd: lsoaCode,
  ...domainColumns(IMD_DOMAINS_2025, true),
});

export const epraccurRow = z.object({
  practice_code: practiceOds,
  practice_name: nonEmpty("practice name"),
  status_code: z.enum(
    ["A", "C", "D", "P"],
    "expected a status code A, C, D or P",
  ),
  prescribing_setting: z.coerce
    .number()
    .int("expected a prescribing setting number"),
  commissioner_code: subIcbOds,
  high_level_health_geography: z.string().trim(),
  address_line_1: z.string(),
  address_line_2: z.string(),
  address_line_3: z.string(),
  address_line_4: z.string(),
  address_line_5: z.string(),
  postcode: optionalText,
  open_date: odsDate,
  close_date: odsDate,
  join_parent_date: odsDate,
  left_parent_date: odsEndDate,
  latitude: optionalNumber,
  longitude: optionalNumber,
  lad_code_nhse: z
    .string()
    .trim()
    .transform((s) => (s === "" ? null : s))
    .pipe(ladGss.nullable()),
});

export const pcnMembershipRow = z.object({
  practice_code: practiceOds,
  practice_name: nonEmpty("practice name"),
  pcn_code: pcnOds,
  pcn_name: nonEmpty("PCN name"),
  pcn_sicbl_code_ods: subIcbOds,
  rel_start_date: odsDate.refine(
    (d) => d !== null,
    "a membership needs a start date",
  ),
  rel_end_date: odsEndDate,
});

export const pcnDetailsRow = z.object({
  pcn_code: pcnOds,
  pcn_name: nonEmpty("PCN name"),
  sicbl_code_ods: subIcbOds,
  open_date: odsDate,
  close_date: odsDate,
  postcode: optionalText,
});

export const trustRow = z.object({
  org_code: trustOds,
  org_name: nonEmpty("trust name"),
  high_level_health_geography: z.string().trim(),
  postcode: optionalText,
  open_date: odsDate,
  close_date: odsDate,
});

export const constituencyLookupRow = z.object({
  lsoa21cd: lsoaCode,
  pcon24cd: constituencyGss,
  pcon24nm: nonEmpty("constituency name"),
  method: optionalText,
});

export const mpRow = z.object({
  pcon24cd: constituencyGss,
  pcon24nm: nonEmpty("constituency name"),
  name: nonEmpty("MP name"),
  title: optionalText,
  party: optionalText,
  position: optionalText,
  source_url: optionalText,
});

export const ladUtlaRegionRow = z.object({
  lad24cd: ladGss,
  lad24nm: nonEmpty("local authority name"),
  utla23cd: utlaGss,
  utla23nm: nonEmpty("upper-tier local authority name"),
  rgn24cd: onsRegionGss,
  rgn24nm: nonEmpty("region name"),
});

export const icbCrosswalkRow = z.object({
  icb24cd: icbGss,
  icb24cdh: icbOds,
  icb2026_ods: icbOds,
  icb2026_name: nonEmpty("2026 ICB name"),
  nhser2026_ods: regionOds,
  n_practices: count,
  registered_patients: count,
});

export const ladSexTotalsRow = z.object({
  lad21cd: ladGss,
  total_population: count,
  total_females: count,
  total_males: count,
});

export const trustCatchmentRow = z.object({
  trust_code: trustOds,
  icb24cd: icbGss,
  proportion_trust_came_from_icb: z.coerce
    .number()
    .min(0)
    .max(1, "a proportion runs 0 to 1"),
});

export const partnerRow = z.object({
  org_code: z
    .string()
    .trim()
    .regex(
      /^[A-Z0-9-]{2,20}$/i,
      "expected an organisation code of letters, digits and hyphens",
    ),
  org_name: nonEmpty("organisation name"),
  sector: organisationSector,
  icb_code_ods: icbOds,
  ultimate_parent_owner: optionalText,
  postcode: optionalText,
  website: optionalText,
});

export type Lsoa21LookupRow = z.infer<typeof lsoa21LookupRow>;
export type Lsoa11LookupRow = z.infer<typeof lsoa11LookupRow>;
export type EpraccurRow = z.infer<typeof epraccurRow>;

/** What `openics summary --json` prints: the shape of one ICS, or of England, on a date. */
export const structureSummary = z.object({
  as_at: z.iso.date(),
  ics: z.string().nullable(),
  icbs: z.number().int(),
  sub_icb_locations: z.number().int(),
  places: z.number().int(),
  pcns: z.number().int(),
  practices: z.number().int(),
  lsoas: z.number().int(),
  population: z.number().int(),
});
export type StructureSummary = z.infer<typeof structureSummary>;

export const asAtQuery = z.object({
  as_at: z.iso.date("expected a date as YYYY-MM-DD").optional(),
});

/** A partner organisation as an officer records it through the API or a staff page. */
export const partnerInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      /^[A-Z0-9-]{2,20}$/,
      "Enter a code of 2 to 20 letters, digits and hyphens",
    ),
  name: z.string().trim().min(1, "Enter the organisation's name"),
  sector: organisationSector,
  ultimate_parent_owner: z
    .string()
    .trim()
    .nullable()
    .default(null)
    .transform((s) => (s === "" ? null : s)),
  postcode: z
    .string()
    .trim()
    .nullable()
    .default(null)
    .transform((s) => (s === "" ? null : s)),
  website: z
    .url("Enter a web address starting https://")
    .nullable()
    .default(null),
});
export type PartnerInput = z.input<typeof partnerInput>;
