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
export { serveApp } from "./serve";
export * as measuresService from "./population-health/measures-service";
