export { createApp } from "./app";
export type { AppEnv } from "./context";
export { MANIFESTS } from "./manifests";
export * as structureService from "./structure/service";
export {
  importGeography,
  type ImportProgress,
  type ImportResult,
} from "./structure/importer";
export * as accountsService from "./accounts/service";
export * as financeService from "./finance/service";
export * as governanceService from "./governance/service";
export * as governanceBodiesService from "./governance/bodies-service";
export * as governanceMeetingsService from "./governance/meetings-service";
export * as populationHealthService from "./population-health/service";
export { serveApp } from "./serve";
export * as scrutinyService from "./governance/scrutiny-service";
export * as spendImporter from "./finance/spend-importer";
export * as spendService from "./finance/spend-service";
export * as measuresService from "./population-health/measures-service";
