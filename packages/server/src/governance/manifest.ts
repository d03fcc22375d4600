import type { CapabilityManifest } from "../manifest";
import { registerGovernanceApi } from "./api";
import { registerBodiesApi } from "./bodies-api";
import { registerMeetingsApi } from "./meetings-api";
import { registerGovernancePages } from "./pages";
import { registerGovernanceStaffPages } from "./staff-pages";
import { registerGovernanceSetupPages } from "./setup-pages";
import { registerGovernanceRegisterForms } from "./register-forms";
import {
  registerScrutinyApi,
  SCRUTINY_AUDIT_EVENTS,
  SCRUTINY_EXPORTS,
} from "./scrutiny-api";
import { registerScrutinyPages } from "./scrutiny-pages";

export const governanceManifest: CapabilityManifest = {
  name: "governance",
  title:
    "Governance: bodies and members, meetings and decisions, registers, scrutiny, compacts and the public log",
  registerApi: (app) => {
    registerGovernanceApi(app);
    registerBodiesApi(app);
    registerMeetingsApi(app);
    registerScrutinyApi(app);
  },
  registerPages: (app) => {
    // Staff routes first: /meetings/new must not be read as a meeting called "new".
    registerGovernanceStaffPages(app);
    registerGovernanceSetupPages(app);
    registerGovernanceRegisterForms(app);
    registerGovernancePages(app);
    registerScrutinyPages(app);
  },
  auditEvents: [
    "declare_interest",
    "adopt_governance_model",
    "create_body",
    "change_body",
    "dissolve_body",
    "add_member",
    "end_member",
    "add_local_rule",
    "record_sord_entry",
    "create_meeting",
    "add_paper",
    "add_agenda_item",
    "record_attendance",
    "record_conflict_ruling",
    "record_votes",
    "record_decision",
    "record_minutes",
    ...SCRUTINY_AUDIT_EVENTS,
  ],
  exports: [
    {
      name: "interests",
      path: "/api/ics/{code}/interests?format=csv",
      description:
        "The register of interests of an ICS as it stood on a date (as_at)",
    },
    {
      name: "bodies",
      path: "/api/ics/{code}/bodies?format=csv",
      description: "The bodies of an ICS on a date, with their rule checks",
    },
    {
      name: "members",
      path: "/api/ics/{code}/bodies/{id}?format=csv",
      description:
        "The members of a body on a date: roles, voting, terms, nominating organisations",
    },
    {
      name: "meetings",
      path: "/api/ics/{code}/meetings?format=csv",
      description: "The meetings of an ICS's bodies",
    },
    {
      name: "scheme",
      path: "/api/ics/{code}/scheme?format=csv",
      description:
        "The scheme of reservation and delegation: who may decide what, up to which value",
    },
    ...SCRUTINY_EXPORTS,
  ],
};
