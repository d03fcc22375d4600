// Variables from coded events and registrations.
import {
  DIABETES,
  FLU_VACCINE,
  HYPERTENSION,
  ICD10,
  INDEX,
  SNOMED,
  SYSTOLIC_BP,
  event,
  patient,
  registered,
  registration,
  total,
  type SpecCase,
} from "./fixtures";

const base = { indexDate: INDEX };
const htn = [{ system: SNOMED, codes: [HYPERTENSION] }];
const three = registered(
  patient("p1", "female", "1950-01-01"),
  patient("p2", "male", "1960-01-01"),
  patient("p3", "female", "1970-01-01"),
);
const prevalence = (variable: string) => ({
  id: "prevalence",
  aggregation: "proportion" as const,
  numerator: { persons: { op: "true" as const, variable } },
  denominator: { persons: { op: "ge" as const, variable: "age", value: 0 } },
});

export const variableCases: SpecCase[] = [
  {
    name: "has_event sees events up to and including the index date, not after",
    records: {
      ...three,
      events: [
        event("p1", HYPERTENSION, INDEX),
        event("p2", HYPERTENSION, "2024-04-01"),
      ],
    },
    query: {
      population: base,
      variables: { htn: { kind: "has_event", codes: htn } },
      measures: [prevalence("htn")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "has_event with a window counts events from its first to its last day only",
    records: {
      ...three,
      events: [
        event("p1", FLU_VACCINE, "2023-09-01", {
          resource_type: "Immunization",
        }),
        event("p2", FLU_VACCINE, "2023-08-31", {
          resource_type: "Immunization",
        }),
        event("p3", FLU_VACCINE, "2024-03-01", {
          resource_type: "Immunization",
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        flu: {
          kind: "has_event",
          codes: [{ system: SNOMED, codes: [FLU_VACCINE] }],
          from: "2023-09-01",
          to: "2024-02-29",
        },
      },
      measures: [prevalence("flu")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "a code is matched only in its own coding system",
    records: {
      ...three,
      events: [
        event("p1", HYPERTENSION, "2020-01-01", { system: ICD10 }),
        event("p2", "I10", "2020-01-01", { system: ICD10 }),
      ],
    },
    query: {
      population: base,
      variables: {
        htn: {
          kind: "has_event",
          codes: [...htn, { system: ICD10, codes: ["I10"] }],
        },
      },
      measures: [prevalence("htn")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "resource types and categories narrow the events",
    records: {
      ...three,
      events: [
        event("p1", "50849002", "2023-06-01", {
          resource_type: "Encounter",
          category: "EMER",
        }),
        event("p2", "50849002", "2023-06-01", {
          resource_type: "Encounter",
          category: "AMB",
        }),
        event("p3", "50849002", "2023-06-01", {
          resource_type: "Procedure",
          category: "EMER",
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        emergency: {
          kind: "has_event",
          codes: [{ system: SNOMED, codes: ["50849002"] }],
          resourceTypes: ["Encounter"],
          categories: ["EMER", "IMP"],
        },
      },
      measures: [prevalence("emergency")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "a variable may select by resource type and category alone, any code",
    records: {
      ...three,
      events: [
        event("p1", "4525004", "2023-06-01", {
          resource_type: "Encounter",
          category: "EMER",
        }),
        event("p1", "183452005", "2023-07-01", {
          resource_type: "Encounter",
          category: "IMP",
        }),
        event("p2", "185345009", "2023-06-01", {
          resource_type: "Encounter",
          category: "AMB",
        }),
        event("p3", "4525004", "2023-06-01", {
          resource_type: "Observation",
          category: "EMER",
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        emergency: {
          kind: "count",
          resourceTypes: ["Encounter"],
          categories: ["EMER", "IMP"],
        },
      },
      measures: [
        {
          id: "encounters",
          aggregation: "count",
          numerator: { sum: "emergency" },
        },
      ],
    },
    expected: [total("encounters", 2)],
  },
  {
    name: "a codelist reference is resolved by the caller",
    records: { ...three, events: [event("p3", DIABETES, "2019-01-01")] },
    options: {
      codelists: (ref) =>
        ref.codelist === "opensafely/diabetes" && ref.version === "2020-01-01"
          ? { system: SNOMED, codes: [DIABETES] }
          : undefined,
    },
    query: {
      population: base,
      variables: {
        dm: {
          kind: "has_event",
          codes: [{ codelist: "opensafely/diabetes", version: "2020-01-01" }],
        },
      },
      measures: [prevalence("dm")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "first_date and last_date compare with dates",
    records: {
      ...three,
      events: [
        event("p1", HYPERTENSION, "2010-05-01"),
        event("p1", HYPERTENSION, "2023-05-01"),
        event("p2", HYPERTENSION, "2023-07-01"),
      ],
    },
    query: {
      population: base,
      variables: {
        first: { kind: "first_date", codes: htn },
        last: { kind: "last_date", codes: htn },
      },
      measures: [
        {
          id: "new_in_year",
          aggregation: "count",
          numerator: {
            persons: { op: "ge", variable: "first", value: "2023-04-01" },
          },
        },
        {
          id: "seen_in_year",
          aggregation: "count",
          numerator: {
            persons: { op: "ge", variable: "last", value: "2023-04-01" },
          },
        },
        {
          id: "never",
          aggregation: "count",
          numerator: { persons: { op: "null", variable: "first" } },
        },
      ],
    },
    expected: [
      total("new_in_year", 1),
      total("seen_in_year", 2),
      total("never", 1),
    ],
  },
  {
    name: "count variables add up as a rate per 1,000 people",
    records: {
      ...three,
      events: [
        event("p1", "50849002", "2023-06-01", {
          resource_type: "Encounter",
          category: "EMER",
        }),
        event("p1", "50849002", "2023-09-01", {
          resource_type: "Encounter",
          category: "IMP",
        }),
        event("p2", "50849002", "2023-06-01", {
          resource_type: "Encounter",
          category: "EMER",
        }),
        event("p2", "50849002", "2022-06-01", {
          resource_type: "Encounter",
          category: "EMER",
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        admissions: {
          kind: "count",
          codes: [{ system: SNOMED, codes: ["50849002"] }],
          categories: ["EMER", "IMP"],
          from: "2023-04-01",
        },
      },
      measures: [
        {
          id: "admissions",
          aggregation: "rate",
          per: 1000,
          numerator: { sum: "admissions" },
          denominator: { persons: { op: "ge", variable: "age", value: 0 } },
        },
      ],
    },
    expected: [total("admissions", 3, 3)],
  },
  {
    name: "last_value takes the latest value, breaks ties by event id and skips events without one",
    records: {
      ...three,
      events: [
        event("p1", SYSTOLIC_BP, "2023-01-01", {
          resource_type: "Observation",
          value: 120,
        }),
        event("p1", SYSTOLIC_BP, "2023-06-01", {
          resource_type: "Observation",
          value: 150,
          event_id: "a1",
        }),
        event("p1", SYSTOLIC_BP, "2023-06-01", {
          resource_type: "Observation",
          value: 130,
          event_id: "a2",
        }),
        event("p2", SYSTOLIC_BP, "2023-01-01", {
          resource_type: "Observation",
          value: 160,
        }),
        event("p2", SYSTOLIC_BP, "2023-12-01", {
          resource_type: "Observation",
          value: null,
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        bp: {
          kind: "last_value",
          codes: [{ system: SNOMED, codes: [SYSTOLIC_BP] }],
        },
      },
      measures: [
        {
          id: "high",
          aggregation: "count",
          numerator: { persons: { op: "gt", variable: "bp", value: 140 } },
        },
        {
          id: "controlled",
          aggregation: "count",
          numerator: { persons: { op: "le", variable: "bp", value: 130 } },
        },
      ],
    },
    expected: [total("high", 1), total("controlled", 1)],
  },
  {
    name: "a comparison with a missing value is false, and its negation true",
    records: {
      ...three,
      events: [
        event("p1", SYSTOLIC_BP, "2023-01-01", {
          resource_type: "Observation",
          value: 150,
        }),
      ],
    },
    query: {
      population: base,
      variables: {
        bp: {
          kind: "last_value",
          codes: [{ system: SNOMED, codes: [SYSTOLIC_BP] }],
        },
      },
      measures: [
        {
          id: "high",
          aggregation: "count",
          numerator: { persons: { op: "gt", variable: "bp", value: 140 } },
        },
        {
          id: "not_high",
          aggregation: "count",
          numerator: {
            persons: {
              op: "not",
              of: { op: "gt", variable: "bp", value: 140 },
            },
          },
        },
      ],
    },
    expected: [total("high", 1), total("not_high", 2)],
  },
  {
    name: "died counts deaths within its window, both ends inclusive",
    records: registered(
      patient("p1", "female", "1950-01-01", { date_of_death: "2024-04-01" }),
      patient("p2", "male", "1950-01-01", { date_of_death: "2025-03-31" }),
      patient("p3", "male", "1950-01-01", { date_of_death: "2025-04-01" }),
      patient("p4", "female", "1950-01-01"),
    ),
    query: {
      population: base,
      variables: {
        died: { kind: "died", from: "2024-04-01", to: "2025-03-31" },
      },
      measures: [prevalence("died")],
    },
    expected: [total("prevalence", 2, 4)],
  },
  {
    name: "registered_since needs one spell covering every day from its date",
    records: {
      patients: [
        patient("p1", "female", "1950-01-01"),
        patient("p2", "male", "1950-01-01"),
        patient("p3", "male", "1950-01-01"),
      ],
      registrations: [
        registration("p1", "A81001", "2023-03-31"),
        registration("p2", "A81001", "2023-04-01"),
        registration("p3", "A81001", "2010-01-01", "2023-06-01"),
        registration("p3", "A81002", "2023-06-01"),
      ],
    },
    query: {
      population: base,
      variables: { settled: { kind: "registered_since", from: "2023-03-31" } },
      measures: [prevalence("settled")],
    },
    expected: [total("prevalence", 1, 3)],
  },
  {
    name: "the population's where keeps only people meeting it",
    records: {
      ...three,
      events: [
        event("p1", HYPERTENSION, "2015-01-01"),
        event("p2", HYPERTENSION, "2015-01-01"),
      ],
    },
    query: {
      population: { ...base, where: { op: "true", variable: "htn" } },
      variables: { htn: { kind: "has_event", codes: htn } },
      measures: [
        {
          id: "people",
          aggregation: "count",
          numerator: {
            persons: { op: "eq", variable: "sex", value: "female" },
          },
        },
      ],
    },
    expected: [total("people", 1)],
  },
  {
    name: "and, or, not and in combine conditions",
    records: {
      ...registered(
        patient("p1", "female", "1950-01-01", { ethnicity_group: "asian" }),
        patient("p2", "male", "1960-01-01", { ethnicity_group: "black" }),
        patient("p3", "female", "1970-01-01", { ethnicity_group: "white" }),
        patient("p4", "male", "2010-01-01", { ethnicity_group: null }),
      ),
      events: [event("p3", HYPERTENSION, "2015-01-01")],
    },
    query: {
      population: base,
      variables: { htn: { kind: "has_event", codes: htn } },
      measures: [
        {
          id: "either",
          aggregation: "count",
          numerator: {
            persons: {
              op: "or",
              of: [
                {
                  op: "in",
                  variable: "ethnicity_group",
                  values: ["asian", "black"],
                },
                {
                  op: "and",
                  of: [
                    { op: "true", variable: "htn" },
                    { op: "lt", variable: "age", value: 60 },
                  ],
                },
              ],
            },
          },
        },
        {
          id: "neither",
          aggregation: "count",
          numerator: {
            persons: {
              op: "not",
              of: {
                op: "in",
                variable: "ethnicity_group",
                values: ["asian", "black", "white"],
              },
            },
          },
        },
        {
          id: "no_htn",
          aggregation: "count",
          numerator: { persons: { op: "false", variable: "htn" } },
        },
      ],
    },
    expected: [total("either", 3), total("neither", 1), total("no_htn", 3)],
  },
];
