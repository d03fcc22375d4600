import type { CapabilityManifest } from "../manifest";
import { registerMethodsPages } from "./methods-pages";

export const populationHealthManifest: CapabilityManifest = {
  name: "population-health",
  title:
    "Population health: indicators, inequalities and the methods behind them",
  registerApi: () => undefined,
  registerPages: registerMethodsPages,
  auditEvents: [],
  exports: [],
};
