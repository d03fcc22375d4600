import type { CapabilityManifest } from "../manifest";
import { registerIndicatorPages } from "./indicator-pages";
import { registerMeasurePages } from "./measure-pages";
import { registerMethodsPages } from "./methods-pages";
import { registerPopulationHealthRegistersApi } from "./registers-api";
import { registerPopulationHealthRegistersPages } from "./registers-pages";

export const populationHealthManifest: CapabilityManifest = {
  name: "population-health",
  title:
    "Population health: patient-level data in, indicators with their methods, public registers of sharing and queries",
  registerApi: (app) => {
    registerPopulationHealthRegistersApi(app);
  },
  registerPages: (app) => {
    registerPopulationHealthRegistersPages(app);
    registerMethodsPages(app);
    registerIndicatorPages(app);
    registerMeasurePages(app);
  },
  auditEvents: [
    "import",
    "set_opt_outs",
    "import_codelist",
    "publish_agreement",
    "run_query",
    "publish_indicators",
    "import_benchmarks",
  ],
  exports: [
    {
      name: "data-sharing",
      path: "/api/ics/{code}/data-sharing?format=csv",
      description:
        "The register of data-sharing agreements and data processors of an ICS",
    },
    {
      name: "query-log",
      path: "/api/ics/{code}/query-log?format=csv",
      description:
        "Every query run on the ICS's patient-level data, with its definition and hash",
    },
  ],
};
