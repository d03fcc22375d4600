export * from "./dates";
export * from "./problems";
export * from "./actors";
export * from "./money";
