export * from "./engine";
export * from "./population-health";
