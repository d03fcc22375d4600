import type { CapabilityManifest } from "../manifest";
import { registerFinanceApi } from "./api";

export const financeManifest: CapabilityManifest = {
  name: "finance",
  title: "Finance: fair shares of the single pot",
  registerApi: registerFinanceApi,
  // Pages come with the next part of issue 6; the API and CLI serve fair shares until then.
  registerPages: () => undefined,
  auditEvents: ["import"],
  exports: [
    {
      name: "need-index",
      path: "/api/finance/need-index?year={year}&by=icb&format=csv",
      description:
        "Registered and weighted populations and need index of each ICB (or place, by=place) in an allocation year",
    },
  ],
};
