// The standard indicators, written in the query model, with their metadata as Fingertips keeps
// it and the statistic each applies to its aggregated counts. Two queries compute the whole set
// for a reporting year: one over the people registered on its last day (prevalence, flu
// vaccination) and one over the people registered on its first day (admissions, deaths).
import type {
  Dimension,
  Measure,
  PopulationQuery,
  Variable,
} from "../query/model";
import {
  CHD_CODES,
  COPD_CODES,
  DEPRESSION_CODES,
  DIABETES_CODES,
  EMERGENCY_ENCOUNTER_CLASSES,
  FLU_VACCINATION_CODES,
  FLU_VACCINE_CVX_CODES,
  HYPERTENSION_CODES,
  inline,
  type Codelist,
} from "./codelists";

export type Polarity = "RAG - Low is good" | "RAG - High is good";
export type IndicatorMethod =
  "proportion" | "crude_rate" | "dsr" | "life_expectancy";

/** What Fingertips publishes beside every indicator. */
export interface IndicatorMetadata {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly method: string;
  readonly unit: string;
  readonly multiplier: number;
  readonly polarity: Polarity;
  readonly source: string;
  /** The Fingertips indicator ID it is comparable to, where it has one: the key of a benchmark. */
  readonly fingertipsId?: number;
}

export interface Indicator {
  readonly metadata: IndicatorMetadata;
  readonly statistic: IndicatorMethod;
  /** Which of the two populations it is counted in. */
  readonly population: "year_end" | "year_start";
  readonly variables: Readonly<Record<string, Variable>>;
  readonly measure: Measure;
}

/** A reporting year: first and last day, both inclusive (e.g. 2024-04-01 to 2025-03-31). */
export interface ReportingPeriod {
  readonly from: string;
  readonly to: string;
}

const age = (op: "ge" | "lt", value: number) =>
  ({ op, variable: "age", value }) as const;
const has = (variable: string) => ({ op: "true", variable }) as const;

const previousDay = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

function prevalence(
  list: Codelist,
  minimumAge: number,
  fingertips: string,
  fingertipsId: number,
): (period: ReportingPeriod) => Indicator {
  return () => {
    const variable = `has_${list.id}`;
    const ages = minimumAge > 0 ? ` aged ${minimumAge} and over` : "";
    return {
      metadata: {
        id: `${list.id.replaceAll("-", "_")}_prevalence`,
        name: `${list.name}: recorded prevalence${ages}`,
        definition: `The percentage of patients${ages} registered at the end of the year with ${list.name.toLowerCase()} recorded on their GP record at any time up to that day.`,
        numerator: `Registered patients${ages} with a ${list.name.toLowerCase()} code (codelist '${list.id}') on or before the last day of the year.`,
        denominator: `Patients${ages} registered on the last day of the year, alive, not opted out.`,
        method: "Proportion with Wilson score confidence limits.",
        unit: "%",
        multiplier: 100,
        polarity: "RAG - Low is good",
        source: `Patient-level GP records. Codelist: ${list.source} Comparable to Fingertips ${fingertips}.`,
        fingertipsId,
      },
      statistic: "proportion",
      population: "year_end",
      variables: { [variable]: { kind: "has_event", codes: [inline(list)] } },
      measure: {
        id: `${list.id.replaceAll("-", "_")}_prevalence`,
        aggregation: "proportion",
        numerator: { persons: has(variable) },
        denominator: { persons: age("ge", minimumAge) },
      },
    };
  };
}

const INDICATOR_BUILDERS: readonly ((period: ReportingPeriod) => Indicator)[] =
  [
    prevalence(
      HYPERTENSION_CODES,
      0,
      "indicator 219 (QOF hypertension prevalence)",
      219,
    ),
    prevalence(
      DIABETES_CODES,
      17,
      "indicator 241 (QOF diabetes prevalence, 17+)",
      241,
    ),
    prevalence(COPD_CODES, 0, "indicator 253 (QOF COPD prevalence)", 253),
    prevalence(
      DEPRESSION_CODES,
      18,
      "indicator 848 (QOF depression prevalence, 18+)",
      848,
    ),
    prevalence(CHD_CODES, 0, "indicator 273 (QOF CHD prevalence)", 273),
    (period) => {
      const seasonStart = `${Number(period.to.slice(0, 4)) - 1}-09-01`;
      const seasonEnd = previousDay(`${period.to.slice(0, 4)}-03-01`);
      return {
        metadata: {
          id: "flu_vaccination_65_plus",
          name: "Population vaccination coverage: flu (aged 65 and over)",
          definition:
            "The percentage of registered patients aged 65 and over who received a seasonal flu vaccination between 1 September and the end of February.",
          numerator: `Registered patients aged 65 and over vaccinated against flu from ${seasonStart} to ${seasonEnd}.`,
          denominator:
            "Patients aged 65 and over registered on the last day of the year, alive, not opted out.",
          method: "Proportion with Wilson score confidence limits.",
          unit: "%",
          multiplier: 100,
          polarity: "RAG - High is good",
          source: `Patient-level GP records (Immunization). Codelists: ${FLU_VACCINATION_CODES.source} ${FLU_VACCINE_CVX_CODES.source} Comparable to Fingertips indicator 30314 (UKHSA seasonal flu vaccine uptake).`,
        },
        statistic: "proportion",
        population: "year_end",
        variables: {
          flu_vaccinated: {
            kind: "has_event",
            codes: [
              inline(FLU_VACCINATION_CODES),
              inline(FLU_VACCINE_CVX_CODES),
            ],
            resourceTypes: ["Immunization", "Procedure"],
            from: seasonStart,
            to: seasonEnd,
          },
        },
        measure: {
          id: "flu_vaccination_65_plus",
          aggregation: "proportion",
          numerator: { persons: has("flu_vaccinated") },
          denominator: { persons: age("ge", 65) },
        },
      };
    },
    (period) => ({
      metadata: {
        id: "emergency_admissions",
        name: "Emergency hospital encounters (all ages)",
        definition:
          "Encounters of class EMER (emergency) or IMP (inpatient, in the demo always unplanned) during the year, per 1,000 patients registered at its start.",
        numerator: `Encounters of class ${EMERGENCY_ENCOUNTER_CLASSES.join(" or ")} from ${period.from} to ${period.to}, of patients registered on ${period.from}.`,
        denominator: `Patients registered on ${period.from}, alive, not opted out.`,
        method:
          "Crude rate per 1,000 with exact Poisson limits below 10 events and Byars' above.",
        unit: "per 1,000",
        multiplier: 1000,
        polarity: "RAG - Low is good",
        source:
          "Patient-level records (FHIR Encounter.class, HL7 v3 ActCode). Comparable in intent to Fingertips indicator 92309 (emergency admissions), which uses Hospital Episode Statistics.",
      },
      statistic: "crude_rate",
      population: "year_start",
      variables: {
        emergency_encounters: {
          kind: "count",
          resourceTypes: ["Encounter"],
          categories: [...EMERGENCY_ENCOUNTER_CLASSES],
          from: period.from,
          to: period.to,
        },
      },
      measure: {
        id: "emergency_admissions",
        aggregation: "rate",
        per: 1000,
        numerator: { sum: "emergency_encounters" },
        denominator: { persons: undefined },
      },
    }),
    (period) => ({
      metadata: {
        id: "premature_mortality",
        name: "Under 75 mortality rate from all causes",
        definition:
          "Deaths during the year of patients aged under 75 at its start, directly age-standardised to the European Standard Population 2013, per 100,000.",
        numerator: `Deaths from ${period.from} to ${period.to} of patients aged under 75 registered on ${period.from}.`,
        denominator: `Patients aged under 75 registered on ${period.from}, by five-year age band.`,
        method:
          "Directly standardised rate (ESP2013, bands 0-4 to 70-74) with Dobson confidence limits; not published below 10 deaths.",
        unit: "per 100,000",
        multiplier: 100_000,
        polarity: "RAG - Low is good",
        source:
          "Patient-level records (date of death). Comparable to Fingertips indicator 108 (ONS mortality files); age is taken at the start of the year, not at death.",
        fingertipsId: 108,
      },
      statistic: "dsr",
      population: "year_start",
      variables: { died: { kind: "died", from: period.from, to: period.to } },
      measure: {
        id: "premature_mortality",
        aggregation: "rate",
        per: 100_000,
        numerator: { persons: has("died") },
        denominator: { persons: age("lt", 75) },
      },
    }),
    (period) => ({
      metadata: {
        id: "life_expectancy",
        name: "Life expectancy at birth",
        definition:
          "The average number of years a newborn would live if the death rates of the year at each age applied throughout life.",
        numerator: `Deaths from ${period.from} to ${period.to} of patients registered on ${period.from}, by life-table age band.`,
        denominator: `Patients registered on ${period.from}, by life-table age band (0, 1-4, 5-9 … 90+).`,
        method:
          "Abridged life table by Chiang's method II with Silcocks' variance; not published for populations under 5,000 or 95% intervals wider than 20 years.",
        unit: "years",
        multiplier: 1,
        polarity: "RAG - High is good",
        source:
          "Patient-level records (date of death). Comparable to Fingertips indicators 90366/90367 (ONS), which use three years of deaths and mid-year populations.",
        fingertipsId: 90366,
      },
      statistic: "life_expectancy",
      population: "year_start",
      variables: { died: { kind: "died", from: period.from, to: period.to } },
      measure: {
        id: "life_expectancy",
        aggregation: "rate",
        per: 1,
        numerator: { persons: has("died") },
        denominator: { persons: undefined },
      },
    }),
  ];

/** The standard indicator set for a reporting year. */
export function standardIndicators(period: ReportingPeriod): Indicator[] {
  return INDICATOR_BUILDERS.map((build) => build(period));
}

/** The breakdowns every standard indicator is published by. */
export const STANDARD_BREAKDOWNS: readonly Dimension[] = [
  "place",
  "pcn",
  "practice",
  "lsoa",
  "age_band_5",
  "sex",
  "ethnicity_group",
  "imd_decile",
  "imd_quintile",
];

/**
 * The queries computing a set of indicators for every breakdown, one per population: crude
 * indicators by each dimension, age-standardised ones and life expectancy by life-table age
 * band crossed with each dimension (the five-year bands are sums of those).
 */
export function indicatorQueries(
  indicators: readonly Indicator[],
  period: ReportingPeriod,
  breakdowns: readonly Dimension[] = STANDARD_BREAKDOWNS,
): { population: Indicator["population"]; query: PopulationQuery }[] {
  const out: { population: Indicator["population"]; query: PopulationQuery }[] =
    [];
  for (const population of ["year_end", "year_start"] as const) {
    const chosen = indicators.filter((i) => i.population === population);
    if (chosen.length === 0) continue;
    const byAge = chosen.some(
      (i) => i.statistic === "dsr" || i.statistic === "life_expectancy",
    );
    const crude = breakdowns.filter((d) => !(byAge && d === "age_band_5"));
    const sets: Dimension[][] = byAge
      ? [
          ["age_band_life_table"],
          ...crude.map((d): Dimension[] => ["age_band_life_table", d]),
        ]
      : [[], ...crude.map((d): Dimension[] => [d])];
    const variables: Record<string, Variable> = {};
    for (const i of chosen) Object.assign(variables, i.variables);
    const measures: Measure[] = [];
    for (const i of chosen) {
      if (!measures.some((m) => m.id === i.measure.id))
        measures.push(i.measure);
    }
    out.push({
      population,
      query: {
        population: {
          indexDate: population === "year_end" ? period.to : period.from,
        },
        variables,
        measures,
        breakdowns: sets,
      },
    });
  }
  return out;
}
