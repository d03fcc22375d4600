export * from "./shared";
export * as structure from "./structure";
export * as finance from "./finance";
export * as governance from "./governance";
export * as populationHealth from "./population-health";
