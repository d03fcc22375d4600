// Aggregations and breakdowns.
import {
  HYPERTENSION,
  INDEX,
  PEOPLE,
  SNOMED,
  cell,
  event,
  patient,
  registered,
  registration,
  total,
  type SpecCase,
} from "./fixtures";

const base = { indexDate: INDEX };
const htn = {
  htn: {
    kind: "has_event" as const,
    codes: [{ system: SNOMED, codes: [HYPERTENSION] }],
  },
};
const adults = { op: "ge" as const, variable: "age", value: 18 };
const lookups = {
  lsoas: [
    { lsoa_code: "E01000001", imd_decile: 1, place_code: "E06900001" },
    { lsoa_code: "E01000002", imd_decile: 4, place_code: "E06900001" },
    { lsoa_code: "E01000003", imd_decile: 10, place_code: "E06900002" },
  ],
  practices: [
    { practice_code: "A81001", pcn_code: "U00001", place_code: "E06900001" },
    { practice_code: "A81002", pcn_code: "U00001", place_code: "E06900001" },
    { practice_code: "A81003", pcn_code: "U00002", place_code: "E06900002" },
  ],
};

export const measureCases: SpecCase[] = [
  {
    name: "a proportion counts its numerator among the denominator's people only",
    records: {
      ...registered(
        patient("adult", "female", "1950-01-01"),
        patient("child", "male", "2015-01-01"),
      ),
      events: [
        event("adult", HYPERTENSION, "2020-01-01"),
        event("child", HYPERTENSION, "2020-01-01"),
      ],
    },
    query: {
      population: base,
      variables: htn,
      measures: [
        {
          id: "htn_adults",
          aggregation: "proportion",
          numerator: { persons: { op: "true", variable: "htn" } },
          denominator: { persons: adults },
        },
      ],
    },
    expected: [total("htn_adults", 1, 1)],
  },
  {
    name: "a denominator without a condition is the whole population",
    records: registered(
      patient("a", "female", "1950-01-01"),
      patient("b", "male", "2015-01-01"),
    ),
    query: {
      population: base,
      measures: [
        {
          id: "adults",
          aggregation: "proportion",
          numerator: { persons: adults },
          denominator: { persons: undefined },
        },
      ],
    },
    expected: [total("adults", 1, 2)],
  },
  {
    name: "person-years run from the first to the last day of the period and stop at death",
    records: registered(
      patient("whole", "female", "1950-01-01"),
      patient("half", "male", "1950-01-01", { date_of_death: "2024-10-01" }),
    ),
    query: {
      population: base,
      variables: {
        died: { kind: "died", from: "2024-04-01", to: "2025-03-31" },
      },
      measures: [
        {
          id: "mortality",
          aggregation: "rate",
          per: 100000,
          numerator: { persons: { op: "true", variable: "died" } },
          denominator: {
            personYears: { from: "2024-04-01", to: "2025-03-31" },
          },
        },
      ],
    },
    // 365 days (1 April 2024 to 31 March 2025) plus 183 days (1 April to 30 September 2024).
    expected: [total("mortality", 1, (365 + 183) / 365.25)],
  },
  {
    name: "several measures come out of one query, each with its own cells",
    records: {
      ...registered(
        patient("a", "female", "1950-01-01"),
        patient("b", "male", "1990-01-01"),
      ),
      events: [event("b", HYPERTENSION, "2020-01-01")],
    },
    query: {
      population: base,
      variables: htn,
      measures: [
        PEOPLE,
        {
          id: "htn",
          aggregation: "proportion",
          numerator: { persons: { op: "true", variable: "htn" } },
          denominator: { persons: adults },
        },
      ],
      breakdowns: [[], ["sex"]],
    },
    expected: [
      total("people", 2),
      total("htn", 1, 2),
      cell("people", { sex: "female" }, 1),
      cell("htn", { sex: "female" }, 0, 1),
      cell("people", { sex: "male" }, 1),
      cell("htn", { sex: "male" }, 1, 1),
    ],
  },
  {
    name: "an empty population has a zero total and no breakdown cells",
    records: registered(
      patient("a", "female", "1950-01-01", { opted_out: true }),
    ),
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [[], ["sex"], ["imd_decile"]],
    },
    lookups,
    expected: [total("people", 0)],
  },
  {
    name: "a missing ethnicity group is a cell of its own (null)",
    records: registered(
      patient("a", "female", "1950-01-01", { ethnicity_group: "asian" }),
      patient("b", "female", "1950-01-01", { ethnicity_group: null }),
      patient("c", "male", "1950-01-01", { ethnicity_group: "asian" }),
    ),
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [["ethnicity_group"]],
    },
    expected: [
      cell("people", { ethnicity_group: "asian" }, 2),
      cell("people", { ethnicity_group: null }, 1),
    ],
  },
  {
    name: "IMD decile and quintile come from the LSOA lookup; an unknown LSOA is null",
    records: registered(
      patient("a", "female", "1950-01-01", { lsoa_code: "E01000001" }),
      patient("b", "female", "1950-01-01", { lsoa_code: "E01000002" }),
      patient("c", "male", "1950-01-01", { lsoa_code: "E01000003" }),
      patient("d", "male", "1950-01-01", { lsoa_code: "E01999999" }),
      patient("e", "male", "1950-01-01", { lsoa_code: null }),
    ),
    lookups,
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [["imd_decile"], ["imd_quintile"]],
    },
    expected: [
      cell("people", { imd_decile: 1 }, 1),
      cell("people", { imd_decile: 4 }, 1),
      cell("people", { imd_decile: 10 }, 1),
      cell("people", { imd_decile: null }, 2),
      cell("people", { imd_quintile: 1 }, 1),
      cell("people", { imd_quintile: 2 }, 1),
      cell("people", { imd_quintile: 5 }, 1),
      cell("people", { imd_quintile: null }, 2),
    ],
  },
  {
    name: "PCN and place come from the registered practice",
    records: {
      patients: [
        patient("a", "female", "1950-01-01"),
        patient("b", "female", "1950-01-01"),
        patient("c", "male", "1950-01-01"),
        patient("d", "male", "1950-01-01"),
      ],
      registrations: [
        registration("a", "A81001", "2000-01-01"),
        registration("b", "A81002", "2000-01-01"),
        registration("c", "A81003", "2000-01-01", "2023-01-01"),
        registration("c", "A81001", "2023-01-01"),
        registration("d", "Z99999", "2000-01-01"),
      ],
    },
    lookups,
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [["pcn"], ["place"]],
    },
    expected: [
      cell("people", { pcn: "U00001" }, 3),
      cell("people", { pcn: null }, 1),
      cell("people", { place: "E06900001" }, 3),
      cell("people", { place: null }, 1),
    ],
  },
  {
    name: "the place of residence comes from the LSOA, whatever the practice",
    records: registered(
      patient("a", "female", "1950-01-01", { lsoa_code: "E01000003" }),
      patient("b", "female", "1950-01-01", { lsoa_code: "E01000001" }),
    ),
    lookups,
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [["residence_place", "place"]],
    },
    expected: [
      cell("people", { residence_place: "E06900001", place: "E06900001" }, 1),
      cell("people", { residence_place: "E06900002", place: "E06900001" }, 1),
    ],
  },
  {
    name: "LSOA breakdown uses the LSOA of residence as recorded",
    records: registered(
      patient("a", "female", "1950-01-01", { lsoa_code: "E01000003" }),
      patient("b", "female", "1950-01-01", { lsoa_code: "E01000003" }),
      patient("c", "female", "1950-01-01", { lsoa_code: "E01000001" }),
    ),
    query: { population: base, measures: [PEOPLE], breakdowns: [["lsoa"]] },
    expected: [
      cell("people", { lsoa: "E01000001" }, 1),
      cell("people", { lsoa: "E01000003" }, 2),
    ],
  },
  {
    name: "five-year and life-table age bands, with 90+ and infants under 1",
    records: registered(
      patient("infant", "female", "2023-06-01"),
      patient("four", "female", "2019-04-01"),
      patient("five", "male", "2019-03-31"),
      patient("eightynine", "male", "1934-04-01"),
      patient("ninety", "female", "1934-03-31"),
    ),
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [["age_band_5"], ["age_band_life_table"]],
    },
    expected: [
      cell("people", { age_band_5: "0-4" }, 2),
      cell("people", { age_band_5: "5-9" }, 1),
      cell("people", { age_band_5: "85-89" }, 1),
      cell("people", { age_band_5: "90+" }, 1),
      cell("people", { age_band_life_table: "0" }, 1),
      cell("people", { age_band_life_table: "1-4" }, 1),
      cell("people", { age_band_life_table: "5-9" }, 1),
      cell("people", { age_band_life_table: "85-89" }, 1),
      cell("people", { age_band_life_table: "90+" }, 1),
    ],
  },
  {
    name: "a grouping set of two dimensions crosses them; the same set in another order is given once",
    records: registered(
      patient("a", "female", "1950-01-01"),
      patient("b", "female", "1952-01-01"),
      patient("c", "male", "1951-01-01"),
      patient("d", "male", "2000-01-01"),
    ),
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [
        ["sex", "age_band_5"],
        ["age_band_5", "sex"],
      ],
    },
    expected: [
      cell("people", { sex: "female", age_band_5: "70-74" }, 2),
      cell("people", { sex: "male", age_band_5: "20-24" }, 1),
      cell("people", { sex: "male", age_band_5: "70-74" }, 1),
    ],
  },
  {
    name: "a practice breakdown of a proportion keeps zero numerators",
    records: {
      patients: [
        patient("a", "female", "1950-01-01"),
        patient("b", "female", "1950-01-01"),
      ],
      registrations: [
        registration("a", "A81001", "2000-01-01"),
        registration("b", "A81002", "2000-01-01"),
      ],
      events: [event("a", HYPERTENSION, "2001-01-01")],
    },
    query: {
      population: base,
      variables: htn,
      measures: [
        {
          id: "htn",
          aggregation: "proportion",
          numerator: { persons: { op: "true", variable: "htn" } },
          denominator: { persons: adults },
        },
      ],
      breakdowns: [["practice"]],
    },
    expected: [
      cell("htn", { practice: "A81001" }, 1, 1),
      cell("htn", { practice: "A81002" }, 0, 1),
    ],
  },
  {
    name: "events of opted-out patients never reach a numerator",
    records: {
      ...registered(
        patient("a", "female", "1950-01-01"),
        patient("b", "female", "1950-01-01", { opted_out: true }),
      ),
      events: [
        event("a", HYPERTENSION, "2001-01-01"),
        event("b", HYPERTENSION, "2001-01-01"),
      ],
    },
    query: {
      population: base,
      variables: {
        n: {
          kind: "count",
          codes: [{ system: SNOMED, codes: [HYPERTENSION] }],
        },
      },
      measures: [
        { id: "events", aggregation: "count", numerator: { sum: "n" } },
      ],
    },
    expected: [total("events", 1)],
  },
];
