import type { FinanceHub } from "./budgets-service";

// Every table of an ICS's finance hub as flat rows with fixed columns: the page's CSV downloads
// and the API's `?format=csv` both come from here, so they always agree.

export const HUB_TABLES = [
  "budgets",
  "fair-shares",
  "convergence",
  "pooled-budgets",
  "earmark",
  "capital",
  "assets",
  "flows",
] as const;
export type HubTable = (typeof HUB_TABLES)[number];

type Flat = Record<string, string | number | boolean | null>;

export function hubTable(
  hub: FinanceHub,
  table: HubTable,
): { columns: readonly string[]; rows: Flat[] } {
  switch (table) {
    case "budgets":
      return {
        columns: [
          "level",
          "place_code",
          "place_name",
          "planned_pence",
          "actual_pence",
          "variance_pence",
        ],
        rows: hub.budgets.map((b) => ({ ...b })),
      };
    case "fair-shares":
      return {
        columns: [
          "place_code",
          "place_name",
          "registered_pop",
          "weighted_pop",
          "need_index",
          "budget_pence",
          "target_pence",
          "distance_pence",
          "distance_percent",
        ],
        rows: hub.fairShares?.available
          ? hub.fairShares.rows.map((r) => ({ ...r }))
          : [],
      };
    case "convergence":
      return {
        columns: [
          "place_code",
          "place_name",
          "year",
          "budget_pence",
          "target_pence",
          "distance_percent",
          "reaches_target_in_year",
        ],
        rows: hub.fairShares?.available
          ? hub.fairShares.convergence.paths.flatMap((p) =>
              p.steps.map((s) => ({
                place_code: p.place_code,
                place_name: p.place_name,
                ...s,
                reaches_target_in_year: p.reaches_target_in_year,
              })),
            )
          : [],
      };
    case "pooled-budgets":
      return {
        columns: [
          "ref",
          "kind",
          "name",
          "place_code",
          "rule",
          "lead_partner",
          "functions",
          "pool_pence",
          "actual_spend_pence",
          "variance_pence",
          "partner_code",
          "partner_name",
          "contribution_pence",
          "cap_pence",
          "fixed_share_bp",
          "settlement_pence",
        ],
        rows: hub.pooled.flatMap((p) =>
          p.partners.map((x) => ({
            ref: p.ref,
            kind: p.kind,
            name: p.name,
            place_code: p.place_code,
            rule: p.rule,
            lead_partner: p.lead_partner,
            functions: p.functions.join("; "),
            pool_pence: p.pool_pence,
            actual_spend_pence: p.actual_spend_pence,
            variance_pence: p.variance_pence,
            partner_code: x.code,
            partner_name: x.name,
            contribution_pence: x.contribution_pence,
            cap_pence: x.cap_pence,
            fixed_share_bp: x.fixed_share_bp,
            settlement_pence: x.settlement_pence,
          })),
        ),
      };
    case "earmark":
      return {
        columns: [
          "pcn_code",
          "pcn_name",
          "budget_pence",
          "community_pence",
          "required_pence",
          "percent",
          "status",
        ],
        rows: hub.earmark.map((e) => ({ ...e })),
      };
    case "capital":
      return {
        columns: [
          "ref",
          "name",
          "owner",
          "deciding_body",
          "value_pence",
          "first_year",
          "last_year",
          "status",
        ],
        rows: hub.capital.map((s) => ({ ...s })),
      };
    case "assets":
      return {
        columns: [
          "ref",
          "name",
          "kind",
          "owner",
          "address",
          "proposed_disposal",
          "disposal_note",
        ],
        rows: hub.assets.map((a) => ({ ...a })),
      };
    case "flows":
      return {
        columns: [
          "from_level",
          "from_code",
          "from_name",
          "to_level",
          "to_code",
          "to_name",
          "amount_pence",
          "responsible_body",
        ],
        rows: hub.flows.map((f) => ({ ...f })),
      };
  }
}
