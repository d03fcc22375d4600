export * from "./dates";
export * from "./problems";
