import type { CapabilityManifest } from "../manifest";
import { registerGovernanceApi } from "./api";
import {
  registerScrutinyApi,
  SCRUTINY_AUDIT_EVENTS,
  SCRUTINY_EXPORTS,
} from "./scrutiny-api";
import { registerScrutinyPages } from "./scrutiny-pages";

export const governanceManifest: CapabilityManifest = {
  name: "governance",
  title: "Governance: registers of interests and the public log",
  registerApi: (app) => {
    registerGovernanceApi(app);
    registerScrutinyApi(app);
  },
  registerPages: registerScrutinyPages,
  auditEvents: ["declare_interest", ...SCRUTINY_AUDIT_EVENTS],
  exports: [
    {
      name: "interests",
      path: "/api/ics/{code}/interests?format=csv",
      description:
        "The register of interests of an ICS as it stood on a date (as_at)",
    },
    ...SCRUTINY_EXPORTS,
  ],
};
