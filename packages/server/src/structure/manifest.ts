import type { CapabilityManifest } from "../manifest";
import { registerStructureApi } from "./api";
import { registerStructurePages } from "./pages";
import { registerStructureStaffPages } from "./staff-pages";

export const structureManifest: CapabilityManifest = {
  name: "structure",
  title: "ICS structure and geography",
  registerApi: registerStructureApi,
  registerPages: (app) => {
    registerStructureStaffPages(app);
    registerStructurePages(app);
  },
  auditEvents: ["import"],
  exports: [
    {
      name: "ics",
      path: "/api/ics?format=csv",
      description: "The ICSs of England on a date",
    },
    {
      name: "places",
      path: "/api/ics/{code}/places?format=csv",
      description: "Places of an ICS with population shares and coterminosity",
    },
    {
      name: "practices",
      path: "/api/ics/{code}/practices?format=csv",
      description: "GP practices of an ICS with their PCN",
    },
    {
      name: "lsoas",
      path: "/api/ics/{code}/lsoas?format=csv",
      description: "LSOAs of an ICS with population and IMD",
    },
    {
      name: "partners",
      path: "/api/ics/{code}/partners?format=csv",
      description: "Partner organisations of an ICS by sector",
    },
  ],
};
