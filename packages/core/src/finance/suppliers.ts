import { cleanCell } from "./spend/values";

/** The sectors spend is analysed by. "independent_sector" is any company run for profit. */
export const SUPPLIER_SECTORS = [
  "nhs",
  "local_authority",
  "vcse",
  "independent_sector",
  "other",
] as const;
export type SupplierSector = (typeof SUPPLIER_SECTORS)[number];

export const SUPPLIER_SECTOR_LABELS: Record<SupplierSector, string> = {
  nhs: "NHS",
  local_authority: "Local authority",
  vcse: "Voluntary, community and social enterprise",
  independent_sector: "Independent sector",
  other: "Other or unknown",
};

/** How a supplier's sector was decided, strongest first. */
export type ClassificationBasis =
  "override" | "partner" | "name" | "expense_type" | "redacted" | "unknown";

export interface SupplierClassification {
  readonly sector: SupplierSector;
  /** The ultimate parent owner where known; otherwise the supplier itself. */
  readonly parent_owner: string;
  readonly basis: ClassificationBasis;
  /** The name rule or partner that decided it, for the reader. */
  readonly reason: string;
  /** A Companies House number the file wrote after the name ("BOC LTD :02107500"). */
  readonly company_number: string | null;
}

/** A partner organisation as the structure module records it. */
export interface KnownOrganisation {
  readonly name: string;
  readonly sector: string;
  readonly ultimate_parent_owner: string | null;
}

/** An officer's decision about one supplier, which beats every rule. */
export interface SupplierOverride {
  readonly supplier: string;
  readonly sector: SupplierSector;
  readonly parent_owner: string | null;
}

/** Structure's partner sectors, as spend sectors. */
const PARTNER_SECTORS: Record<string, SupplierSector> = {
  nhs_trust: "nhs",
  gp_practice: "nhs",
  local_authority: "local_authority",
  vcse: "vcse",
  healthwatch: "vcse",
  independent_sector_provider: "independent_sector",
  social_care_provider: "independent_sector",
  trade_union: "other",
};

const REDACTED = /^redacted\b/i;
const COMPANY_NUMBER = /\s*:\s*([A-Z]{2}\d{6}|\d{8})\s*$/i;

/** Name rules, in order: the first that matches decides. */
export const SUPPLIER_NAME_RULES: readonly {
  readonly pattern: RegExp;
  readonly sector: SupplierSector;
  readonly reason: string;
}[] = [
  { pattern: /\bnhs\b/i, sector: "nhs", reason: 'names "NHS"' },
  {
    pattern:
      /\b(foundation trust|hospitals? (nhs )?trust|clinical commissioning group|ccg|integrated care board|icb)\b/i,
    sector: "nhs",
    reason: "names an NHS body",
  },
  {
    pattern:
      /\b(council|borough of|city of london corporation|combined authority)\b/i,
    sector: "local_authority",
    reason: "names a council",
  },
  {
    pattern:
      /\b(cic|c\.i\.c\.|community interest company|charity|charitable|hospice|trust|foundation|association|society|mind|age uk|healthwatch)\b/i,
    sector: "vcse",
    reason: "names a charity, trust or community interest company",
  },
  {
    pattern:
      /\b(ltd|limited|plc|llp|llc|inc|gmbh|s\.?a\.?|b\.?v\.?|ag|lp|& co|and co)\.?$|\b(ltd|limited|plc|llp)\b/i,
    sector: "independent_sector",
    reason: "names a company (Ltd, Limited, PLC, LLP)",
  },
  {
    pattern:
      /\b(university|college|hm revenue|hmrc|department of|department for|nhs pension|police|fire and rescue)\b/i,
    sector: "other",
    reason: "names another public body",
  },
];

/** Supplier names compared without case, punctuation, company numbers or "Limited" vs "Ltd". */
export function supplierMatchKey(name: string): string {
  return cleanCell(name)
    .replace(COMPANY_NUMBER, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\blimited\b/g, "ltd")
    .replace(/\bpublic limited company\b/g, "plc")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * Classifies a supplier by sector and ultimate parent owner: an officer's override first, then a
 * partner organisation of the same name (which carries its sector and parent owner), then name
 * rules, then the expense type ("Clinical&Medical-Independent Sector"), else other/unknown.
 */
export function classifySupplier(
  supplier: string,
  known: {
    readonly overrides?: readonly SupplierOverride[];
    readonly partners?: readonly KnownOrganisation[];
  } = {},
  expenseType: string | null = null,
): SupplierClassification {
  const name = cleanCell(supplier);
  const company_number = COMPANY_NUMBER.exec(name)?.[1]?.toUpperCase() ?? null;
  const display = name.replace(COMPANY_NUMBER, "");
  const key = supplierMatchKey(name);
  const override = known.overrides?.find(
    (o) => supplierMatchKey(o.supplier) === key,
  );
  if (override)
    return {
      sector: override.sector,
      parent_owner: override.parent_owner ?? display,
      basis: "override",
      reason: "recorded by an officer",
      company_number,
    };
  const partner = known.partners?.find((p) => {
    const k = supplierMatchKey(p.name);
    return k === key || key.startsWith(`${k} `);
  });
  if (partner)
    return {
      sector: PARTNER_SECTORS[partner.sector] ?? "other",
      parent_owner: partner.ultimate_parent_owner ?? partner.name,
      basis: "partner",
      reason: `a partner organisation, ${partner.name}`,
      company_number,
    };
  if (REDACTED.test(name))
    return {
      sector: "other",
      parent_owner: display,
      basis: "redacted",
      reason: "the body withheld the name",
      company_number,
    };
  const rule = SUPPLIER_NAME_RULES.find((r) => r.pattern.test(display));
  if (rule)
    return {
      sector: rule.sector,
      parent_owner: display,
      basis: "name",
      reason: rule.reason,
      company_number,
    };
  if (company_number)
    return {
      sector: "independent_sector",
      parent_owner: display,
      basis: "name",
      reason: "carries a Companies House number",
      company_number,
    };
  if (expenseType && /independent sector/i.test(expenseType))
    return {
      sector: "independent_sector",
      parent_owner: display,
      basis: "expense_type",
      reason: `paid as "${expenseType}"`,
      company_number,
    };
  if (expenseType && /\bnhs\b/i.test(expenseType))
    return {
      sector: "nhs",
      parent_owner: display,
      basis: "expense_type",
      reason: `paid as "${expenseType}"`,
      company_number,
    };
  return {
    sector: "other",
    parent_owner: display,
    basis: "unknown",
    reason: "no rule or record decides it",
    company_number,
  };
}
