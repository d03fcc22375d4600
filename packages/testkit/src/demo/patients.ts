// Patient-level records for the demo ICS: people in each LSOA by age and sex, ethnicity,
// registrations (some move practice), five long-term conditions whose prevalence rises with
// age and deprivation, ten years of events (diagnoses, blood pressures, flu vaccinations, GP,
// emergency and inpatient encounters) and deaths. Streamed LSOA by LSOA as CSV in the layout of
// the patient-level tables (patients.csv, registrations.csv, events.csv), so memory stays
// bounded at any size. The same ICS, seed and options give the same bytes.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { populationHealth as ph } from "@openics/core";
import type { DemoIcs } from "./build";
import { at, Rng } from "./prng";

export interface DemoPatientOptions {
  readonly seed?: number;
  /** Share of each LSOA's population generated (1 = everyone). */
  readonly fraction?: number;
  /** The last day of the ten years of events (default 2025-03-31). */
  readonly endDate?: string;
}

export const DEMO_PATIENT_FILES = {
  patients: "patients.csv",
  registrations: "registrations.csv",
  events: "events.csv",
} as const;

export const DEMO_PATIENT_END_DATE = "2025-03-31";
const YEARS = 10;
const OPT_OUT_RATE = 0.054;

const HEADERS = {
  patients:
    "patient_id,sex,date_of_birth,date_of_death,ethnicity_code,ethnicity_group,lsoa_code,opted_out,source",
  registrations: "patient_id,practice_code,start_date,end_date",
  events:
    "event_id,patient_id,resource_type,system,code,date,end_date,category,value,unit",
};

// Days since 1970-01-01 ↔ ISO dates, through a table (tens of millions of dates are written).
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1900, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2040, 0, 1) / DAY_MS;
let isoTable: string[] | null = null;
function iso(day: number): string {
  isoTable ??= Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, i) =>
    new Date((FIRST_DAY + i) * DAY_MS).toISOString().slice(0, 10),
  );
  return at(isoTable, day - FIRST_DAY);
}
const dayOf = (date: string): number =>
  Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const yearsToDays = (years: number): number => Math.floor(years * 365.25);

// NHS ethnic category codes (Data Dictionary), by group; Z is "not stated".
const ETHNICITY: readonly {
  group: ph.EthnicityGroup;
  codes: readonly string[];
}[] = [
  { group: "white", codes: ["A", "B", "C"] },
  { group: "mixed", codes: ["D", "E", "F", "G"] },
  { group: "asian", codes: ["H", "J", "K", "L"] },
  { group: "black", codes: ["M", "N", "P"] },
  { group: "other", codes: ["R", "S"] },
  { group: "unknown", codes: ["Z"] },
];

/** The five conditions: logit of prevalence at age 50 in the least deprived decile, and slopes. */
interface ConditionModel {
  readonly list: ph.Codelist;
  readonly intercept: number;
  readonly perYearOfAge: number;
  /** Added to the logit in decile 1 (scaled linearly to 0 in decile 10). */
  readonly deprivation: number;
  readonly female: number;
  readonly minimumAge: number;
}
const I = ph.indicatorCodelists;
const CONDITIONS: readonly ConditionModel[] = [
  {
    list: I.hypertension,
    intercept: -1.9,
    perYearOfAge: 0.065,
    deprivation: 0.35,
    female: -0.15,
    minimumAge: 18,
  },
  {
    list: I.diabetes,
    intercept: -2.9,
    perYearOfAge: 0.04,
    deprivation: 0.75,
    female: -0.25,
    minimumAge: 10,
  },
  {
    list: I.copd,
    intercept: -4.9,
    perYearOfAge: 0.065,
    deprivation: 1.1,
    female: -0.1,
    minimumAge: 35,
  },
  {
    list: I.depression,
    intercept: -2.5,
    perYearOfAge: -0.004,
    deprivation: 0.6,
    female: 0.55,
    minimumAge: 16,
  },
  {
    list: I.chd,
    intercept: -4.2,
    perYearOfAge: 0.075,
    deprivation: 0.7,
    female: -0.7,
    minimumAge: 30,
  },
];

const SYSTOLIC = { system: ph.SNOMED_CT, code: "271649006", unit: "mm[Hg]" };
const GP_CONSULTATION = { system: ph.SNOMED_CT, code: "185345009" };
const AE_ATTENDANCE = { system: ph.SNOMED_CT, code: "4525004" };
const EMERGENCY_ADMISSION = { system: ph.SNOMED_CT, code: "183452005" };

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** Poisson draw by inversion (the means here are small). */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.float();
  while (p > limit && k < 50) {
    p *= rng.float();
    k++;
  }
  return k;
}

export interface DemoPatientCounts {
  patients: number;
  registrations: number;
  events: number;
}

export interface DemoPatientChunk {
  readonly patients: string;
  readonly registrations: string;
  readonly events: string;
}

/**
 * The records, one chunk of CSV text per LSOA (headers in the first chunk). Pure and lazy:
 * nothing is kept once a chunk is handed over.
 */
export function* demoPatientChunks(
  ics: DemoIcs,
  options: DemoPatientOptions = {},
): Generator<DemoPatientChunk> {
  const fraction = options.fraction ?? 1;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RangeError(
      `fraction must be above 0 and at most 1, got ${fraction}`,
    );
  }
  const root = new Rng(options.seed ?? ics.seed).fork("patients");
  const end = dayOf(options.endDate ?? DEMO_PATIENT_END_DATE);
  const start = end - yearsToDays(YEARS) + 1;
  const endYear = new Date(end * DAY_MS).getUTCFullYear();

  const practicesByLad = new Map<number, string[]>();
  for (const p of ics.practices) {
    if (p.status !== "A") continue;
    const list = practicesByLad.get(p.lad) ?? [];
    list.push(p.ods);
    practicesByLad.set(p.lad, list);
  }
  const anyPractices = ics.practices
    .filter((p) => p.status === "A")
    .map((p) => p.ods);

  let patientNumber = 0;
  let eventNumber = 0;
  let first = true;
  for (let li = 0; li < ics.lsoas.length; li++) {
    const lsoa = at(ics.lsoas, li);
    const rng = root.fork(`lsoa:${li}`);
    const decile = lsoa.imd.imd.decile;
    const deprived = (10 - decile) / 9; // 1 in decile 1, 0 in decile 10
    const practices = practicesByLad.get(lsoa.lad) ?? anyPractices;
    // Two or three practices near each LSOA take most of its patients.
    const nearby = [0, 1, 2].map((k) =>
      at(practices, (li * 7 + k * 13) % practices.length),
    );
    const people = Math.round(lsoa.population * fraction);
    const bandWeights = lsoa.ageBands;
    const ethnicWeights = [
      0.93 - 0.35 * lsoa.urbanity,
      0.02 + 0.03 * lsoa.urbanity,
      0.025 + 0.2 * lsoa.urbanity,
      0.01 + 0.09 * lsoa.urbanity,
      0.005 + 0.02 * lsoa.urbanity,
      0.01 + 0.01 * lsoa.urbanity,
    ];
    const pt: string[] = first ? [HEADERS.patients] : [];
    const rg: string[] = first ? [HEADERS.registrations] : [];
    const ev: string[] = first ? [HEADERS.events] : [];
    first = false;

    for (let n = 0; n < people; n++) {
      const id = `DP${String(++patientNumber).padStart(8, "0")}`;
      const band = rng.weighted(bandWeights);
      const age =
        band === 0
          ? rng.int(0, 15)
          : band === 1
            ? rng.int(16, 24)
            : band === 2
              ? rng.int(25, 34)
              : band === 3
                ? rng.int(35, 49)
                : band === 4
                  ? rng.int(50, 64)
                  : Math.min(
                      104,
                      65 + Math.floor(-Math.log(1 - rng.float()) * 11),
                    );
      const female = rng.float() < (age >= 75 ? 0.56 : 0.5);
      const birth = end - yearsToDays(age) - rng.int(0, 364);
      const ethnic = at(ETHNICITY, rng.weighted(ethnicWeights));
      const ethnicCode = rng.pick(ethnic.codes);
      const optedOut = rng.float() < OPT_OUT_RATE;
      const frailty = rng.normal() * 0.4;

      // Deaths: Gompertz mortality rising with age and deprivation, year by year.
      let death: number | null = null;
      for (let y = 0; y < YEARS && death === null; y++) {
        const yearStart = start + yearsToDays(y);
        const ageThen = age - (YEARS - 1 - y);
        if (ageThen < 0) continue;
        const q = Math.min(
          0.9,
          Math.exp(-10.8 + 0.093 * ageThen + 0.45 * deprived + frailty) *
            (female ? 0.75 : 1),
        );
        if (rng.float() < q)
          death = Math.max(yearStart + rng.int(0, 364), birth + 1);
      }
      if (death !== null && death > end) death = null;
      const lastDay = death ?? end + 1;

      pt.push(
        `${id},${female ? "female" : "male"},${iso(birth)},${death === null ? "" : iso(death)},${ethnicCode},${ethnic.group},${lsoa.gss},${optedOut ? "true" : "false"},demo`,
      );

      // Registrations: since birth or a move-in date; one in six moved practice in the period.
      const home =
        rng.float() < 0.85 ? at(nearby, rng.int(0, 1)) : rng.pick(practices);
      const registeredFrom = Math.max(
        birth,
        start - rng.int(0, yearsToDays(25)),
      );
      const endText = death === null ? "" : iso(death);
      if (rng.float() < 0.16 && lastDay - registeredFrom > 400) {
        const moved =
          registeredFrom + rng.int(200, lastDay - registeredFrom - 100);
        const previous = rng.pick(practices);
        rg.push(`${id},${previous},${iso(registeredFrom)},${iso(moved)}`);
        rg.push(`${id},${home},${iso(moved)},${endText}`);
      } else {
        rg.push(`${id},${home},${iso(registeredFrom)},${endText}`);
      }

      const event = (
        resource: string,
        system: string,
        code: string,
        day: number,
        category = "",
        value = "",
        unit = "",
      ) => {
        ev.push(
          `DE${String(++eventNumber).padStart(9, "0")},${id},${resource},${system},${code},${iso(day)},,${category},${value},${unit}`,
        );
      };
      const within = (from: number, to: number): number | null => {
        const a = Math.max(from, birth, start);
        const b = Math.min(to, lastDay - 1);
        return a > b ? null : a + rng.int(0, b - a);
      };

      // Long-term conditions, diagnosed once at an onset date (possibly before the ten years).
      let conditions = 0;
      let hypertensive = false;
      for (const c of CONDITIONS) {
        const ageAtEnd = age;
        if (ageAtEnd < c.minimumAge) continue;
        const logit =
          c.intercept +
          c.perYearOfAge * (ageAtEnd - 50) +
          c.deprivation * deprived +
          (female ? c.female : 0) +
          frailty;
        if (rng.float() >= logistic(logit)) continue;
        const earliest = birth + yearsToDays(c.minimumAge);
        const onset =
          earliest + rng.int(0, Math.max(0, lastDay - 1 - earliest));
        if (onset >= lastDay) continue;
        conditions++;
        if (c.list.id === "hypertension") hypertensive = true;
        event("Condition", c.list.system, rng.pick(c.list.codes).code, onset);
      }

      // Each year: blood pressure, flu vaccination in season, GP, A&E and emergency admissions.
      for (let y = 0; y < YEARS; y++) {
        const yearStart = start + yearsToDays(y);
        const yearEnd = start + yearsToDays(y + 1) - 1;
        if (yearStart >= lastDay) break;
        const ageThen = age - (YEARS - 1 - y);
        if (ageThen < 0) continue;
        if (ageThen >= 40 && rng.float() < (hypertensive ? 0.8 : 0.25)) {
          const day = within(yearStart, yearEnd);
          if (day !== null) {
            const systolic = Math.round(
              (hypertensive ? 142 : 124) +
                0.2 * (ageThen - 40) +
                rng.normal() * 14,
            );
            event(
              "Observation",
              SYSTOLIC.system,
              SYSTOLIC.code,
              day,
              "vital-signs",
              String(systolic),
              SYSTOLIC.unit,
            );
          }
        }
        // Flu season: 1 September to 31 March of the year that starts in this period year.
        const seasonYear = endYear - YEARS + y;
        const seasonStart = dayOf(`${seasonYear}-09-01`);
        const eligible = ageThen >= 65 || (conditions > 0 && ageThen >= 18);
        if (
          eligible &&
          rng.float() < 0.86 - 0.2 * deprived - (ageThen < 65 ? 0.3 : 0)
        ) {
          const day = within(seasonStart, seasonStart + 120);
          if (day !== null) {
            const list = rng.float() < 0.9 ? I.fluVaccination : I.fluVaccineCvx;
            event("Immunization", list.system, rng.pick(list.codes).code, day);
          }
        }
        const consultations = poisson(
          rng,
          0.25 + 0.012 * ageThen + 0.3 * conditions,
        );
        for (let k = 0; k < consultations; k++) {
          const day = within(yearStart, yearEnd);
          if (day !== null)
            event(
              "Encounter",
              GP_CONSULTATION.system,
              GP_CONSULTATION.code,
              day,
              "AMB",
            );
        }
        const risk = Math.exp(
          0.022 * (ageThen - 40) +
            0.55 * deprived +
            0.35 * conditions +
            frailty,
        );
        const attendances = poisson(rng, 0.045 * risk);
        for (let k = 0; k < attendances; k++) {
          const day = within(yearStart, yearEnd);
          if (day !== null)
            event(
              "Encounter",
              AE_ATTENDANCE.system,
              AE_ATTENDANCE.code,
              day,
              "EMER",
            );
        }
        const admissions = poisson(rng, 0.03 * risk);
        for (let k = 0; k < admissions; k++) {
          const day = within(yearStart, yearEnd);
          if (day !== null)
            event(
              "Encounter",
              EMERGENCY_ADMISSION.system,
              EMERGENCY_ADMISSION.code,
              day,
              "IMP",
            );
        }
      }
    }
    yield {
      patients: pt.length > 0 ? `${pt.join("\n")}\n` : "",
      registrations: rg.length > 0 ? `${rg.join("\n")}\n` : "",
      events: ev.length > 0 ? `${ev.join("\n")}\n` : "",
    };
  }
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (text.length > 0 && !stream.write(text)) await once(stream, "drain");
}

const lines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
};

/** Streams the three CSV files into `dir` (created if missing); returns the rows written. */
export async function writeDemoPatients(
  dir: string,
  ics: DemoIcs,
  options: DemoPatientOptions = {},
): Promise<DemoPatientCounts> {
  await mkdir(dir, { recursive: true });
  const streams = {
    patients: createWriteStream(join(dir, DEMO_PATIENT_FILES.patients)),
    registrations: createWriteStream(
      join(dir, DEMO_PATIENT_FILES.registrations),
    ),
    events: createWriteStream(join(dir, DEMO_PATIENT_FILES.events)),
  };
  const counts: DemoPatientCounts = {
    patients: -1,
    registrations: -1,
    events: -1,
  };
  for (const chunk of demoPatientChunks(ics, options)) {
    for (const key of ["patients", "registrations", "events"] as const) {
      counts[key] += lines(chunk[key]);
      await write(streams[key], chunk[key]);
    }
  }
  for (const stream of Object.values(streams)) {
    stream.end();
    await once(stream, "finish");
  }
  return counts;
}

/** The lookups the compiled queries join to: LSOA → IMD decile and place, practice → PCN and place. */
export function demoLookups(ics: DemoIcs): {
  lsoas: { lsoa_code: string; imd_decile: number; place_code: string }[];
  practices: {
    practice_code: string;
    pcn_code: string | null;
    place_code: string;
  }[];
} {
  return {
    lsoas: ics.lsoas.map((l) => ({
      lsoa_code: l.gss,
      imd_decile: l.imd.imd.decile,
      place_code: at(ics.lads, l.lad).utla.gss,
    })),
    practices: ics.practices.map((p) => ({
      practice_code: p.ods,
      pcn_code: p.pcn === null ? null : at(ics.pcns, p.pcn).ods,
      place_code: at(ics.lads, p.lad).utla.gss,
    })),
  };
}
