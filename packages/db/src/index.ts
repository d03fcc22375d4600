export * from "./database";
export * from "./migrate";
export * from "./audit/repository";
export * from "./migrations";
export * as structureRepository from "./structure/repository";
export * as accountsRepository from "./accounts/repository";
export * as financeRepository from "./finance/repository";
export * as governanceRepository from "./governance/repository";
export * as populationHealthRepository from "./population-health/repository";
