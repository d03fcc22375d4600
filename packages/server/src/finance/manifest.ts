import type { CapabilityManifest } from "../manifest";
import { registerFinanceApi } from "./api";
import { registerFinancePages } from "./pages";
import { registerSpendApi } from "./spend-api";
import { registerSpendPages } from "./spend-pages";

/** The spend tables of an ICS, each a CSV of the analysis of its published spend files. */
const SPEND_EXPORTS = (
  [
    ["months", "Net spend and the independent-sector share by month"],
    [
      "services",
      "Net spend and the independent-sector share by service (expense type)",
    ],
    [
      "suppliers",
      "Net spend by supplier, with its sector, parent owner and how it was classified",
    ],
    ["owners", "Net spend by ultimate parent owner and sector"],
    [
      "sectors",
      "Net spend by sector of supplier (NHS, local authority, VCSE, independent sector, other)",
    ],
    [
      "places",
      "Net spend and the independent-sector share by place, with ICS-wide / not attributed spend on its own line",
    ],
  ] as const
).map(([table, description]) => ({
  name: `spend-${table}`,
  path: `/api/ics/{code}/finance/spend?format=csv&table=${table}`,
  description: `${description}, from the ICS's published spend files`,
}));

export const financeManifest: CapabilityManifest = {
  name: "finance",
  title: "Finance: fair shares of the single pot",
  registerApi: (app) => {
    registerFinanceApi(app);
    registerSpendApi(app);
  },
  registerPages: (app) => {
    registerFinancePages(app);
    registerSpendPages(app);
  },
  auditEvents: ["import", "record"],
  exports: [
    {
      name: "need-index",
      path: "/api/finance/need-index?year={year}&by=icb&format=csv",
      description:
        "Registered and weighted populations and need index of each ICB (or place, by=place) in an allocation year",
    },
    {
      name: "finance-hub",
      path: "/api/finance/ics/{ics}?year={year}&format=csv&table={table}",
      description:
        "An ICS's budgets, fair shares, convergence, pooled budgets and settlements, earmark, capital plan, assets or money flows (table=…) as CSV",
    },
    ...SPEND_EXPORTS,
    {
      name: "contracts",
      path: "/api/ics/{code}/finance/contracts?format=csv",
      description:
        "An ICS's contracts register: provider, sector and parent owner, Provider Selection Regime route, value, term, standstill, notices, subcontractors and the contract it replaced",
    },
  ],
};
