import type { CapabilityManifest } from "../manifest";
import { registerFinanceApi } from "./api";
import { registerFinancePages } from "./pages";
import { registerSpendApi } from "./spend-api";
import { registerSpendPages } from "./spend-pages";

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
  ],
};
