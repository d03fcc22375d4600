import type { CapabilityManifest } from "../manifest";
import { registerGovernanceApi } from "./api";

export const governanceManifest: CapabilityManifest = {
  name: "governance",
  title: "Governance: registers of interests and the public log",
  registerApi: registerGovernanceApi,
  // Pages come with a later part of issue 5; the API and `openics verify` serve the log until then.
  registerPages: () => undefined,
  auditEvents: ["declare_interest"],
  exports: [
    {
      name: "interests",
      path: "/api/ics/{code}/interests?format=csv",
      description:
        "The register of interests of an ICS as it stood on a date (as_at)",
    },
  ],
};
