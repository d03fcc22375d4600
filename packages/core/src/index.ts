export * from "./shared";
export * as structure from "./structure";
