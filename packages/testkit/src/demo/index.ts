// A deterministic synthetic "demo ICS" (Demo Vale), written in the official reference-data layouts.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildDemoIcs, type DemoIcs, type DemoOptions } from "./build";
import { type DemoFile, demoFiles } from "./files";

export {
  buildDemoIcs,
  DEFAULT_SEED,
  DEMO_ICB,
  DEMO_ONS_REGION,
  DEMO_REGION,
  MAX_SCALE,
} from "./build";
export type {
  DemoAddress,
  DemoArea,
  DemoIcs,
  DemoImdValue,
  DemoLad,
  DemoLsoa,
  DemoMembership,
  DemoOptions,
  DemoPartner,
  DemoPcn,
  DemoPractice,
  DemoSubIcb,
  DemoTrust,
  DemoWard,
  PartnerSector,
  PlaceKind,
  TrustKind,
} from "./build";
export { DEMO_FILE_NAMES, HEADERS as DEMO_HEADERS } from "./files";
export type { DemoFile } from "./files";
export { ISLAND_BOUNDS } from "./geometry";
export { loadDemoGovernance } from "./governance";
export {
  demoFinancePlans,
  loadDemoFinance,
  type RecordFinancePlan,
} from "./finance";
export { decileOfRank, IMD_DOMAINS, NATIONAL_LSOAS } from "./imd";
export {
  DEMO_ALLOCATION_YEARS,
  demoAllocationFiles,
  writeDemoAllocations,
} from "./allocations";

/** Every file of the demo ICS, in memory. Pure: the same options give the same bytes. */
export function generateDemoIcs(options?: DemoOptions): DemoFile[] {
  return demoFiles(buildDemoIcs(options));
}

/** Writes the demo ICS into `dir` (created if missing) and returns the paths written. */
export async function writeDemoIcs(
  dir: string,
  options?: DemoOptions,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of generateDemoIcs(options)) {
    const path = join(dir, file.name);
    await writeFile(path, file.contents, "utf8");
    paths.push(path);
  }
  return paths;
}

export interface DemoFacts {
  readonly seed: number;
  readonly scale: number;
  readonly lsoas: number;
  readonly wards: number;
  /** Lower-tier districts and unitaries. */
  readonly lads: number;
  /** Places: upper-tier authorities (unitaries and the county). */
  readonly places: number;
  readonly subIcbs: number;
  readonly pcns: number;
  /** Active practices (status A); closed ones are counted separately. */
  readonly practices: number;
  readonly closedPractices: number;
  readonly trusts: number;
  readonly partners: number;
  readonly population: number;
}

/** Counts taken from a built demo ICS, for tests to assert against. */
export function factsOf(ics: DemoIcs): DemoFacts {
  return {
    seed: ics.seed,
    scale: ics.scale,
    lsoas: ics.lsoas.length,
    wards: ics.wards.length,
    lads: ics.lads.length,
    places: ics.utlas.length,
    subIcbs: ics.subIcbs.length,
    pcns: ics.pcns.length,
    practices: ics.practices.filter((p) => p.status === "A").length,
    closedPractices: ics.practices.filter((p) => p.status === "C").length,
    trusts: ics.trusts.length,
    partners: ics.partners.length,
    population: ics.lsoas.reduce((sum, l) => sum + l.population, 0),
  };
}

export function demoFacts(options?: DemoOptions): DemoFacts {
  return factsOf(buildDemoIcs(options));
}
export {
  loadScrutinyDemo,
  SCRUTINY_DEMO_PEOPLE,
  type ScrutinyDemoOptions,
  type ScrutinyDemoPeople,
  type ScrutinyDemoSummary,
} from "./scrutiny";
export {
  demoContracts,
  demoCouncilSpendFiles,
  demoSpendFiles,
  loadDemoSpend,
  DEMO_SPEND_YEAR,
} from "./spend";
export {
  DEMO_PATIENT_END_DATE,
  DEMO_PATIENT_FILES,
  demoLookups,
  demoPatientChunks,
  writeDemoPatients,
} from "./patients";
export type {
  DemoPatientChunk,
  DemoPatientCounts,
  DemoPatientOptions,
} from "./patients";
export {
  DEMO_AGREEMENT_ID,
  loadDemoPopulationHealth,
  type DemoPopulationHealthOptions,
} from "./population-health";
