// Population health use cases: loading patient-level data, opt-outs and the public registers.
export * from "./fhir-importer";
export * from "./csv-importer";
export * from "./registers-service";
export * from "./indicators-service";
export * from "./benchmarks-service";
