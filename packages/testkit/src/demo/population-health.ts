// The demo ICS's patient-level records and its published indicators, loaded the way an ICS
// would load its own: records through the CSV importer, a data-sharing agreement on the public
// register, then one logged, disclosure-controlled run of the standard indicators.
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
}

export const DEMO_AGREEMENT_ID = "DEMO-DSA-2024-01";

/** Writes the demo's patient files into `dir`, loads them and publishes the indicators. */
export async function loadDemoPopulationHealth(
  db: Database,
  dir: string,
  options: DemoPopulationHealthOptions = {},
  log: (line: string) => void = () => undefined,
): Promise<{ patients: number; events: number; indicators: number }> {
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
  const published = await service.publishStandardIndicators(
    db,
    actor,
    DEMO_ICB.ods,
    {
      period_to: DEMO_PATIENT_END_DATE,
      organisation: DEMO_ICB.ods,
      engine: options.engine ?? "duckdb",
    },
  );
  if (!published.ok)
    throw new Error(
      `The demo's indicators were not published: ${published.error.message}`,
    );
  return {
    patients: counts.patients,
    events: counts.events,
    indicators: published.value.indicators.length,
  };
}
