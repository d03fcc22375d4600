export * from "./schemas";
export * from "./references";
export * from "./mapping";
