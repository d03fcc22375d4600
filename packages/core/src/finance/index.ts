export * from "./model";
export * from "./rules";
export * from "./errors";
export * from "./permissions";
export * from "./budgets";
export * from "./budget-model";
