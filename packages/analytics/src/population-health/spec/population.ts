// Who is in the population: registration on the index date, life, age, sex, opt-outs.
import {
  INDEX,
  PEOPLE,
  patient,
  registered,
  registration,
  total,
  cell,
  type SpecCase,
} from "./fixtures";

const base = { indexDate: INDEX };

export const populationCases: SpecCase[] = [
  {
    name: "empty tables give a total of zero",
    records: { patients: [] },
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 0)],
  },
  {
    name: "a registered, living patient is counted",
    records: registered(patient("p1", "female", "1950-06-15")),
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 1)],
  },
  {
    name: "an opted-out patient is never counted",
    records: registered(
      patient("p1", "female", "1950-06-15"),
      patient("p2", "male", "1970-01-01", { opted_out: true }),
    ),
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 1)],
  },
  {
    name: "opted-out patients are absent from every breakdown cell too",
    records: registered(
      patient("p1", "female", "1950-06-15"),
      patient("p2", "male", "1970-01-01", { opted_out: true }),
    ),
    query: { population: base, measures: [PEOPLE], breakdowns: [[], ["sex"]] },
    expected: [total("people", 1), cell("people", { sex: "female" }, 1)],
  },
  {
    name: "a registration starting on the index date counts, one starting the day after does not",
    records: {
      patients: [
        patient("p1", "female", "1950-01-01"),
        patient("p2", "male", "1950-01-01"),
      ],
      registrations: [
        registration("p1", "A81001", INDEX),
        registration("p2", "A81001", "2024-04-01"),
      ],
    },
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 1)],
  },
  {
    name: "a registration ending on the index date does not count, one ending the day after does",
    records: {
      patients: [
        patient("p1", "female", "1950-01-01"),
        patient("p2", "male", "1950-01-01"),
      ],
      registrations: [
        registration("p1", "A81001", "2000-01-01", INDEX),
        registration("p2", "A81001", "2000-01-01", "2024-04-01"),
      ],
    },
    query: { population: base, measures: [PEOPLE], breakdowns: [["sex"]] },
    expected: [cell("people", { sex: "male" }, 1)],
  },
  {
    name: "a patient never registered is not counted",
    records: {
      patients: [patient("p1", "female", "1950-01-01")],
      registrations: [],
    },
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 0)],
  },
  {
    name: "death on the index date excludes, death the day after does not",
    records: registered(
      patient("p1", "female", "1950-01-01", { date_of_death: INDEX }),
      patient("p2", "male", "1950-01-01", { date_of_death: "2024-04-01" }),
      patient("p3", "male", "1950-01-01", { date_of_death: "2020-05-05" }),
    ),
    query: { population: base, measures: [PEOPLE], breakdowns: [["sex"]] },
    expected: [cell("people", { sex: "male" }, 1)],
  },
  {
    name: "someone born after the index date is not counted",
    records: registered(
      patient("p1", "female", "2024-04-01"),
      patient("p2", "female", INDEX),
    ),
    query: { population: base, measures: [PEOPLE] },
    expected: [total("people", 1)],
  },
  {
    name: "after a move the patient is counted once, at the new practice",
    records: {
      patients: [
        patient("p1", "female", "1950-01-01"),
        patient("p2", "male", "1960-01-01"),
      ],
      registrations: [
        registration("p1", "A81001", "2000-01-01", "2022-06-01"),
        registration("p1", "A81002", "2022-06-01"),
        registration("p2", "A81001", "2000-01-01"),
      ],
    },
    query: {
      population: base,
      measures: [PEOPLE],
      breakdowns: [[], ["practice"]],
    },
    expected: [
      total("people", 2),
      cell("people", { practice: "A81001" }, 1),
      cell("people", { practice: "A81002" }, 1),
    ],
  },
  {
    name: "overlapping registrations count once, at the latest-starting practice",
    records: {
      patients: [patient("p1", "female", "1950-01-01")],
      registrations: [
        registration("p1", "A81001", "2000-01-01"),
        registration("p1", "A81003", "2023-01-01"),
      ],
    },
    query: { population: base, measures: [PEOPLE], breakdowns: [["practice"]] },
    expected: [cell("people", { practice: "A81003" }, 1)],
  },
  {
    name: "age limits are whole years on the index date, both ends inclusive",
    records: registered(
      patient("turns18", "female", "2006-03-31"),
      patient("is17", "female", "2006-04-01"),
      patient("is64", "male", "1959-04-01"),
      patient("turns65", "male", "1959-03-31"),
    ),
    query: {
      population: { ...base, ageFrom: 18, ageTo: 64 },
      measures: [PEOPLE],
      breakdowns: [["sex"]],
    },
    expected: [
      cell("people", { sex: "female" }, 1),
      cell("people", { sex: "male" }, 1),
    ],
  },
  {
    name: "a leap-day birthday is not reached on 28 February",
    records: registered(patient("leap", "female", "2000-02-29")),
    query: {
      population: { indexDate: "2024-02-28", ageFrom: 24 },
      measures: [PEOPLE],
    },
    expected: [total("people", 0)],
  },
  {
    name: "the sex filter keeps only the sexes listed",
    records: registered(
      patient("p1", "female", "1950-01-01"),
      patient("p2", "male", "1950-01-01"),
      patient("p3", "unknown", "1950-01-01"),
    ),
    query: {
      population: { ...base, sex: ["female", "unknown"] },
      measures: [PEOPLE],
    },
    expected: [total("people", 2)],
  },
  {
    name: "the practice filter keeps only patients registered at those practices",
    records: {
      patients: [
        patient("p1", "female", "1950-01-01"),
        patient("p2", "male", "1950-01-01"),
      ],
      registrations: [
        registration("p1", "A81001", "2000-01-01"),
        registration("p2", "A81002", "2000-01-01"),
      ],
    },
    query: {
      population: { ...base, practices: ["A81002"] },
      measures: [PEOPLE],
    },
    expected: [total("people", 1)],
  },
];
