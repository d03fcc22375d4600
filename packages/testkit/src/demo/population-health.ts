// The demo ICS's patient-level records and its published indicators, loaded the way an ICS
// would load its own: records through the CSV importer, a data-sharing agreement on the public
// register, then one logged, disclosure-controlled run of the standard indicators for each of the
// last few reporting years, so every indicator has a trend.
import { join } from "node:path";
import { SYSTEM_ACTOR, type Actor } from "@openics/core";
import type { Database } from "@openics/db";
import { populationHealthService as service } from "@openics/server";
import { buildDemoIcs, DEFAULT_SEED, DEMO_ICB } from "./build";
import {
  DEMO_PATIENT_END_DATE,
  DEMO_PATIENT_FILES,
  writeDemoPatients,
} from "./patients";

export interface DemoPopulationHealthOptions {
  /** The seed of the demo ICS the records are made for. */
  readonly seed?: number;
  /** The scale of the demo ICS (as given to the geography). */
  readonly scale?: number;
  /** Share of each LSOA's population generated (the demo ICS has 1,000,000 people). */
  readonly fraction?: number;
  readonly actor?: Actor;
  /** Which engine publishes the indicators. */
  readonly engine?: "duckdb" | "postgres";
  /** How many reporting years, up to the last, are published (default 3: to March 2023–2025). */
  readonly years?: number;
}

/** The last day of each of the last `years` reporting years, oldest first. */
export function demoReportingYears(years: number): string[] {
  const last = Number(DEMO_PATIENT_END_DATE.slice(0, 4));
  const count = Math.min(10, Math.max(1, Math.floor(years)));
  return Array.from(
    { length: count },
    (_, i) => `${last - count + 1 + i}${DEMO_PATIENT_END_DATE.slice(4)}`,
  );
}

export const DEMO_AGREEMENT_ID = "DEMO-DSA-2024-01";

/** Writes the demo's patient files into `dir`, loads them and publishes the indicators. */
export async function loadDemoPopulationHealth(
  db: Database,
  dir: string,
  options: DemoPopulationHealthOptions = {},
  log: (line: string) => void = () => undefined,
): Promise<{
  patients: number;
  events: number;
  indicators: number;
  years: number;
}> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const ics = buildDemoIcs({
    seed: options.seed ?? DEFAULT_SEED,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  });
  const counts = await writeDemoPatients(dir, ics, {
    seed: options.seed ?? DEFAULT_SEED,
    fraction: options.fraction ?? 0.02,
  });
  log(
    `Loading ${counts.patients.toLocaleString("en-GB")} synthetic patients and ${counts.events.toLocaleString("en-GB")} events…`,
  );
  const loaded = await service.importPatientCsv(
    db,
    actor,
    Object.values(DEMO_PATIENT_FILES).map((f) => join(dir, f)),
  );
  if (!loaded.ok)
    throw new Error(
      `The demo's patient records did not load: ${JSON.stringify(loaded)}`,
    );
  const agreement = await service.publishAgreement(db, actor, DEMO_ICB.ods, {
    agreement_id: DEMO_AGREEMENT_ID,
    title:
      "Population health management and published indicators for Demo Vale (synthetic)",
    organisation: DEMO_ICB.ods,
    data_scope: ["patients", "registrations", "events"],
    purposes: ["population health management", "health inequalities"],
    legal_basis_article_6: "6(1)(e) public task",
    legal_basis_article_9: "9(2)(h) health or social care",
    common_law_basis:
      "section 251 support (COPI Regulations 2002, regulation 3)",
    processors: [{ name: "Demo Vale ICB analytics team", role: "analysis" }],
    valid_from: "2024-04-01",
    valid_until: "2027-03-31",
  });
  if (!agreement.ok)
    throw new Error(
      `The demo's agreement was refused: ${agreement.error.message}`,
    );
  let indicators = 0;
  const years = demoReportingYears(options.years ?? 3);
  for (const periodTo of years) {
    const published = await service.publishStandardIndicators(
      db,
      actor,
      DEMO_ICB.ods,
      {
        period_to: periodTo,
        organisation: DEMO_ICB.ods,
        engine: options.engine ?? "duckdb",
      },
    );
    if (!published.ok)
      throw new Error(
        `The demo's indicators for the year to ${periodTo} were not published: ${published.error.message}`,
      );
    indicators = published.value.indicators.length;
  }
  return {
    patients: counts.patients,
    events: counts.events,
    indicators,
    years: years.length,
  };
}
