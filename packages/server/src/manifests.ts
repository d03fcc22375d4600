import type { CapabilityManifest } from "./manifest";
import { structureManifest } from "./structure/manifest";
import { financeManifest } from "./finance/manifest";
import { governanceManifest } from "./governance/manifest";
import { populationHealthManifest } from "./population-health/manifest";

/**
 * Every capability, in the order of the capability graph, except that governance and population
 * health register before structure: structure's /api/ics/{code}/{table} would otherwise answer
 * /api/ics/{code}/interests and /api/ics/{code}/query-log.
 */
export const MANIFESTS: readonly CapabilityManifest[] = [
  governanceManifest,
  populationHealthManifest,
  structureManifest,
  financeManifest,
];
