export * from "./model";
export * from "./rules";
export * from "./errors";
export * from "./permissions";
export * from "./budgets";
export * from "./budget-model";
export * as spend from "./spend";
export * from "./suppliers";
export * from "./contracts";
