export * from "./model";
export * from "./rules";
export * from "./errors";
export * from "./permissions";
