import type { Context, Hono } from "hono";
import { finance } from "@openics/core";
import { structureRepository } from "@openics/db";
import type { AppEnv } from "../context";
import {
  barChart,
  chartFigure,
  csvDownload,
  csvHref,
  formatNumber,
  formatPercent,
  renderErrorPage,
  renderPage,
  wantsCsv,
  type CsvColumn,
  type FieldError,
  type TableCell,
} from "../web";
import {
  contractsRegister,
  recordContract,
  recordSpendPlaceMapping,
  spendAnalysis,
  spendPlaceMappings,
  type MonthShare,
  type OwnerSpend,
  type PlaceShare,
  type ServiceShare,
  type SupplierSpend,
} from "./spend-service";
import { CONTRACT_CSV_COLUMNS, contractCsvRows } from "./spend-api";

// The public spend and contracts pages of an ICS, and the staff form to record a contract.

const pounds = (pence: number) =>
  `${pence < 0 ? "−" : ""}£${formatNumber(Math.abs(pence) / 100, 0)}`;
const money = (pence: number): TableCell => ({
  text: pounds(pence),
  format: "numeric",
});
const shareText = (s: number | null) =>
  s === null ? "No data" : formatPercent(s);

const MONTH_COLUMNS: CsvColumn<MonthShare>[] = [
  { header: "month", value: (r) => r.month },
  { header: "total_pence", value: (r) => r.total_pence },
  { header: "independent_pence", value: (r) => r.independent_pence },
  { header: "independent_share", value: (r) => r.independent_share },
];
const SUPPLIER_COLUMNS: CsvColumn<SupplierSpend>[] = [
  { header: "supplier", value: (r) => r.supplier },
  { header: "sector", value: (r) => r.sector },
  { header: "parent_owner", value: (r) => r.parent_owner },
  { header: "basis", value: (r) => r.basis },
  { header: "total_pence", value: (r) => r.total_pence },
];
const OWNER_COLUMNS: CsvColumn<OwnerSpend>[] = [
  { header: "parent_owner", value: (r) => r.parent_owner },
  { header: "sector", value: (r) => r.sector },
  { header: "suppliers", value: (r) => r.suppliers },
  { header: "total_pence", value: (r) => r.total_pence },
];
const SERVICE_COLUMNS: CsvColumn<ServiceShare>[] = [
  { header: "service", value: (r) => r.service },
  { header: "total_pence", value: (r) => r.total_pence },
  { header: "independent_pence", value: (r) => r.independent_pence },
  { header: "independent_share", value: (r) => r.independent_share },
];

const PLACE_COLUMNS: CsvColumn<PlaceShare>[] = [
  { header: "place_code", value: (r) => r.place_code },
  { header: "place_name", value: (r) => r.place_name },
  { header: "total_pence", value: (r) => r.total_pence },
  { header: "independent_pence", value: (r) => r.independent_pence },
  { header: "independent_share", value: (r) => r.independent_share },
  { header: "local_authority_pence", value: (r) => r.local_authority_pence },
  { header: "mapping_pence", value: (r) => r.mapping_pence },
  { header: "top_independent_owners", value: (r) => r.top_independent_owners },
];

const TOP = 20;

async function isSynthetic(c: Context<AppEnv>, code: string) {
  const icb = await structureRepository.icbAt(
    c.get("db"),
    code,
    new Date().toISOString().slice(0, 10),
  );
  return icb?.synthetic ?? false;
}

const icsNotFound = (c: Context<AppEnv>, message: string) =>
  renderErrorPage(c, 404, "ICS not found", [
    message,
    "ICS codes are ICB ODS codes, like QZ9 for the synthetic demo ICS.",
  ]);

/** A bar for each group with a published share, in per cent; a group with no spend has none. */
const shareChart = (
  id: string,
  title: string,
  description: string,
  groups: readonly { label: string; share: number | null }[],
) =>
  barChart({
    id,
    title,
    description,
    bars: groups.flatMap((g) =>
      g.share === null ? [] : [{ label: g.label, value: g.share * 100 }],
    ),
    formatValue: (x) => `${formatNumber(x, 1)}%`,
    emptyMessage: "No spend files are imported for this ICS yet.",
  });

async function spendPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const result = await spendAnalysis(c.get("db"), code);
  if (!result.ok) return icsNotFound(c, result.error.message);
  const v = result.value;
  const path = `/ics/${encodeURIComponent(v.ics_code)}/finance/spend`;
  if (wantsCsv(c)) {
    const table = c.req.query("table");
    const name = (t: string) => `spend-${t}-${v.ics_code}.csv`;
    if (table === "suppliers")
      return csvDownload(c, name(table), v.suppliers, SUPPLIER_COLUMNS);
    if (table === "owners")
      return csvDownload(c, name(table), v.owners, OWNER_COLUMNS);
    if (table === "services")
      return csvDownload(c, name(table), v.services, SERVICE_COLUMNS);
    if (table === "places")
      return csvDownload(c, name(table), v.places, PLACE_COLUMNS);
    return csvDownload(c, name("months"), v.months, MONTH_COLUMNS);
  }
  const href = (table: string) => csvHref(path, {}, table);
  const total = v.months.reduce((n, m) => n + m.total_pence, 0);
  const independent = v.months.reduce((n, m) => n + m.independent_pence, 0);
  const first = v.months[0];
  const last = v.months.at(-1);
  const chart = chartFigure({
    id: "independent-share",
    caption: `Independent-sector share of ${v.ics_name}'s spend, by month`,
    drawing: shareChart(
      "independent-share-chart",
      `Independent-sector share of spend by month, ${v.ics_name}`,
      "A bar for each month: the share of the month's net published spend paid to independent-sector (for-profit) suppliers.",
      v.months.map((m) => ({ label: m.month, share: m.independent_share })),
    ),
    summary:
      first && last
        ? [
            `From ${first.month} to ${last.month}, ${shareText(total > 0 ? independent / total : null)} of ${pounds(total)} of published spend went to the independent sector.`,
            `The share was ${shareText(first.independent_share)} in ${first.month} and ${shareText(last.independent_share)} in ${last.month}.`,
          ]
        : ["No spend files are imported for this ICS yet."],
    table: {
      caption: `Spend by month, ${v.ics_name}`,
      head: [
        { text: "Month" },
        { text: "Net spend", format: "numeric" },
        { text: "Independent sector", format: "numeric" },
        { text: "Share", format: "numeric" },
      ],
      rows: v.months.map((m) => [
        { text: m.month },
        money(m.total_pence),
        money(m.independent_pence),
        { text: shareText(m.independent_share), format: "numeric" },
      ]),
    },
    csvHref: href("months"),
  });
  const unattributed = v.places.find((p) => p.place_code === null);
  const placeChart = chartFigure({
    id: "independent-share-by-place",
    caption: `Independent-sector share of ${v.ics_name}'s spend, by place`,
    drawing: shareChart(
      "independent-share-by-place-chart",
      `Independent-sector share of spend by place, ${v.ics_name}`,
      "A bar for each place, and one for spend not attributed to a place: the share of its net published spend paid to independent-sector suppliers.",
      v.places.map((p) => ({
        label: p.place_name,
        share: p.independent_share,
      })),
    ),
    summary: [
      `${pounds(total - (unattributed?.total_pence ?? 0))} of ${pounds(total)} of published spend is attributed to a place; ${pounds(unattributed?.total_pence ?? 0)} is ICS-wide or not attributed, and is shown as such.`,
    ],
    table: {
      caption: `Spend and the independent sector by place, ${v.ics_name}`,
      head: [
        { text: "Place" },
        { text: "Net spend", format: "numeric" },
        { text: "Independent sector", format: "numeric" },
        { text: "Share", format: "numeric" },
        { text: "Largest independent-sector owners" },
      ],
      rows: v.places.map((p) => [
        { text: p.place_name },
        money(p.total_pence),
        money(p.independent_pence),
        { text: shareText(p.independent_share), format: "numeric" },
        { text: p.top_independent_owners || "None" },
      ]),
    },
    csvHref: href("places"),
  });
  return renderPage(c, "finance/spend/spend.njk", {
    placeChart,
    title: `Spend and the independent sector, ${v.ics_name}`,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: v.ics_name, href: `/ics/${v.ics_code}` },
    ],
    synthetic: await isSynthetic(c, v.ics_code),
    icsCode: v.ics_code,
    icsName: v.ics_name,
    files: v.files,
    chart,
    sectors: v.sectors.map((s) => ({
      label: finance.SUPPLIER_SECTOR_LABELS[s.sector],
      total: pounds(s.total_pence),
      share: shareText(total > 0 ? s.total_pence / total : null),
    })),
    suppliers: v.suppliers.slice(0, TOP).map((s) => ({
      supplier: s.supplier,
      sector: finance.SUPPLIER_SECTOR_LABELS[s.sector],
      owner: s.parent_owner,
      reason: s.reason,
      total: pounds(s.total_pence),
    })),
    owners: v.owners
      .filter((o) => o.sector === "independent_sector")
      .slice(0, TOP)
      .map((o) => ({
        owner: o.parent_owner,
        suppliers: o.suppliers,
        total: pounds(o.total_pence),
        share: shareText(independent > 0 ? o.total_pence / independent : null),
      })),
    services: v.services.slice(0, TOP).map((s) => ({
      service: s.service,
      total: pounds(s.total_pence),
      independent: pounds(s.independent_pence),
      share: shareText(s.independent_share),
    })),
    csv: {
      suppliers: href("suppliers"),
      owners: href("owners"),
      services: href("services"),
    },
    contractsHref: `/ics/${v.ics_code}/finance/contracts`,
    mappingHref: `/ics/${v.ics_code}/finance/spend/places/new`,
  } as Parameters<typeof renderPage>[2]);
}

async function contractsPage(c: Context<AppEnv>): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const result = await contractsRegister(c.get("db"), code);
  if (!result.ok) return icsNotFound(c, result.error.message);
  const v = result.value;
  if (wantsCsv(c))
    return csvDownload(
      c,
      `contracts-${v.ics_code}.csv`,
      contractCsvRows(v.contracts),
      CONTRACT_CSV_COLUMNS.map((h) => ({
        header: h,
        value: (r: Record<string, unknown>) => r[h] as string | number | null,
      })),
    );
  return renderPage(c, "finance/spend/contracts.njk", {
    title: `Contracts, ${v.ics_name}`,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: v.ics_name, href: `/ics/${v.ics_code}` },
    ],
    synthetic: await isSynthetic(c, v.ics_code),
    icsName: v.ics_name,
    contracts: v.contracts.map((k) => ({
      ...k,
      routeLabel: finance.PSR_ROUTE_LABELS[k.route],
      sectorLabel: finance.SUPPLIER_SECTOR_LABELS[k.provider_sector],
      value: pounds(k.value_pence),
      owner: k.parent_owner ?? k.provider,
      subcontractorsText: k.subcontractors.join(", "),
    })),
    changes: v.owner_changes,
    csvHref: `/ics/${v.ics_code}/finance/contracts?format=csv`,
    newHref: `/ics/${v.ics_code}/finance/contracts/new`,
    spendHref: `/ics/${v.ics_code}/finance/spend`,
  } as Parameters<typeof renderPage>[2]);
}

const CONTRACT_FIELDS = [
  "reference",
  "title",
  "service",
  "provider",
  "provider_sector",
  "parent_owner",
  "route",
  "value_pounds",
  "start_date",
  "end_date",
  "intention_notice_date",
  "standstill_end_date",
  "intention_notice_url",
  "award_notice_url",
  "previous_reference",
  "subcontractors",
] as const;
type ContractForm = Partial<Record<(typeof CONTRACT_FIELDS)[number], string>>;

async function contractForm(
  c: Context<AppEnv>,
  values: ContractForm,
  fieldErrors: Partial<Record<string, string>>,
  status: 200 | 400,
): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const result = await contractsRegister(c.get("db"), code);
  if (!result.ok) return icsNotFound(c, result.error.message);
  const errors: FieldError[] = Object.entries(fieldErrors).flatMap(
    ([field, text]) => (text ? [{ text, href: `#${field}` }] : []),
  );
  return renderPage(
    c,
    "finance/spend/contract-form.njk",
    {
      title: "Record a contract",
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: result.value.ics_name, href: `/ics/${result.value.ics_code}` },
        {
          text: "Contracts",
          href: `/ics/${result.value.ics_code}/finance/contracts`,
        },
      ],
      synthetic: await isSynthetic(c, result.value.ics_code),
      errors,
      icsName: result.value.ics_name,
      action: c.req.path,
      values,
      fieldErrors,
      routes: finance.PSR_ROUTES.map((r) => ({
        value: r,
        text: finance.PSR_ROUTE_LABELS[r],
        selected: values.route === r,
      })),
      sectors: finance.SUPPLIER_SECTORS.map((s) => ({
        value: s,
        text: finance.SUPPLIER_SECTOR_LABELS[s],
        selected: values.provider_sector === s,
      })),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

function requireSignIn(c: Context<AppEnv>): Response | null {
  return c.get("actor").role === "public"
    ? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    : null;
}

/** Pounds and pence as typed ("1,250,000.50") into whole pence, or NaN. */
function poundsToPence(text: string): number {
  const read = finance.spend.parseMoney(text);
  return read?.ok ? read.value : Number.NaN;
}

// ---- The officer's mapping of paying body and expense area to a place ------------------------

const MAPPING_FIELDS = ["body_code", "expense_area", "place_code"] as const;
type MappingForm = Partial<Record<(typeof MAPPING_FIELDS)[number], string>>;

async function mappingForm(
  c: Context<AppEnv>,
  values: MappingForm,
  fieldErrors: Partial<Record<string, string>>,
  status: 200 | 400,
): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const result = await spendPlaceMappings(c.get("db"), code);
  if (!result.ok) return icsNotFound(c, result.error.message);
  const v = result.value;
  const errors: FieldError[] = Object.entries(fieldErrors).flatMap(
    ([field, text]) => (text ? [{ text, href: `#${field}` }] : []),
  );
  const placeName = new Map(v.places.map((p) => [p.code, p.name]));
  const bodyName = new Map(v.bodies.map((b) => [b.code, b.name]));
  return renderPage(
    c,
    "finance/spend/place-mapping-form.njk",
    {
      title: "Attribute spend to a place",
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: v.ics_name, href: `/ics/${v.ics_code}` },
        { text: "Spend", href: `/ics/${v.ics_code}/finance/spend` },
      ],
      synthetic: await isSynthetic(c, v.ics_code),
      errors,
      icsName: v.ics_name,
      action: c.req.path,
      values,
      fieldErrors,
      bodies: [
        { value: "", text: "Choose the paying body" },
        ...v.bodies.map((b) => ({
          value: b.code,
          text: `${b.name} (${b.code})`,
          selected: values.body_code === b.code,
        })),
      ],
      places: [
        { value: "", text: "Choose a place" },
        ...v.places.map((p) => ({
          value: p.code,
          text: p.name,
          selected: values.place_code === p.code,
        })),
      ],
      mappingRows: v.mappings.map((m) => [
        { text: bodyName.get(m.body_code) ?? m.body_code },
        { text: m.expense_area === "" ? "Every other area" : m.expense_area },
        { text: placeName.get(m.place_code) ?? m.place_code },
      ]),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

async function postMapping(c: Context<AppEnv>): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const body = await c.req.parseBody();
  const values = Object.fromEntries(
    MAPPING_FIELDS.map((f) => [
      f,
      typeof body[f] === "string" ? body[f].trim() : "",
    ]),
  ) as Record<(typeof MAPPING_FIELDS)[number], string>;
  const missing: Record<string, string> = {};
  if (values.body_code === "") missing["body_code"] = "Choose the paying body";
  if (values.place_code === "") missing["place_code"] = "Choose a place";
  if (Object.keys(missing).length > 0)
    return mappingForm(c, values, missing, 400);
  const result = await recordSpendPlaceMapping(
    c.get("db"),
    c.get("actor"),
    c.req.param("code") ?? "",
    values,
  );
  if (result.ok)
    return c.redirect(
      `/ics/${(c.req.param("code") ?? "").toUpperCase()}/finance/spend#places`,
      303,
    );
  if (result.error.code === "forbidden")
    return renderErrorPage(
      c,
      403,
      "You cannot attribute this ICS's spend",
      result.error.message,
    );
  if (result.error.code === "unknown_ics")
    return icsNotFound(c, result.error.message);
  const fieldErrors: Record<string, string> = {};
  for (const part of result.error.message.split("; ")) {
    const [field = "", ...text] = part.split(": ");
    const key =
      MAPPING_FIELDS.find((f) => f === field.split(".")[0]) ?? "body_code";
    fieldErrors[key] ??= text.length > 0 ? text.join(": ") : part;
  }
  return mappingForm(c, values, fieldErrors, 400);
}

export function registerSpendPages(app: Hono<AppEnv>): void {
  app.get(
    "/ics/:code/finance/spend/places/new",
    async (c) => requireSignIn(c) ?? mappingForm(c, {}, {}, 200),
  );
  app.post("/ics/:code/finance/spend/places/new", postMapping);
  app.get("/ics/:code/finance/spend", spendPage);
  app.get("/ics/:code/finance/contracts", contractsPage);
  app.get(
    "/ics/:code/finance/contracts/new",
    async (c) => requireSignIn(c) ?? contractForm(c, {}, {}, 200),
  );
  app.post("/ics/:code/finance/contracts/new", async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      CONTRACT_FIELDS.map((f) => [
        f,
        typeof body[f] === "string" ? body[f] : "",
      ]),
    ) as Record<(typeof CONTRACT_FIELDS)[number], string>;
    const { value_pounds, subcontractors, ...rest } = values;
    const result = await recordContract(
      c.get("db"),
      c.get("actor"),
      c.req.param("code"),
      {
        ...rest,
        value_pence:
          value_pounds.trim() === "" ? undefined : poundsToPence(value_pounds),
        subcontractors: subcontractors
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      },
    );
    if (result.ok)
      return c.redirect(
        `/ics/${result.value.ics_code}/finance/contracts#contracts`,
        303,
      );
    if (result.error.code === "forbidden")
      return renderErrorPage(
        c,
        403,
        "You cannot record contracts for this ICS",
        result.error.message,
      );
    if (result.error.code === "unknown_ics")
      return icsNotFound(c, result.error.message);
    const fieldErrors: Record<string, string> = {};
    for (const part of result.error.message.split("; ")) {
      const [field = "", ...text] = part.split(": ");
      const key =
        field === "value_pence"
          ? "value_pounds"
          : (CONTRACT_FIELDS.find((f) => f === field.split(".")[0]) ??
            "reference");
      fieldErrors[key] ??= text.length > 0 ? text.join(": ") : part;
    }
    return contractForm(c, values, fieldErrors, 400);
  });
}
