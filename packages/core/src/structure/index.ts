export * from "./codes";
export * from "./model";
export * from "./files";
export * from "./rules";
export * from "./errors";
export * from "./permissions";
export * from "./facts";
