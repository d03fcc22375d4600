import type { Context, Hono } from "hono";
import type { z } from "zod";
import { finance } from "@openics/core";
import { structureRepository } from "@openics/db";
import type { AppEnv } from "../context";
import { renderPage, type FieldError } from "../web/page";
import { renderErrorPage } from "../web/errors";
import { resolveAsAt } from "../structure/service";
import { recordFinancePlan } from "./service";

// Staff pages: forms with which officers record a budget line, a pooled-budget agreement, a PCN's
// health-creation earmark, a capital scheme or a public asset (with any proposed disposal).
// Plain HTML forms (POST with the CSRF token), checked with the same schemas as the API, then
// recorded by the same use case.

type Values = Record<string, string>;
type Errors = Record<string, string>;

const BUDGET_FIELDS = ["year", "level", "place_code", "planned", "actual"];
const PARTNER_ROWS = 3;
const POOL_FIELDS = [
  "ref",
  "year",
  "kind",
  "name",
  "place_code",
  "functions",
  "rule",
  "lead_partner",
  "actual_spend",
  ...Array.from({ length: PARTNER_ROWS }, (_, i) =>
    ["code", "name", "contribution", "cap", "share"].map((f) => `p${i}_${f}`),
  ).flat(),
];

function requireSignIn(c: Context<AppEnv>): Response | null {
  return c.get("actor").role === "public"
    ? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    : null;
}

async function icsAndPlaces(c: Context<AppEnv>) {
  const db = c.get("db");
  const asAt = resolveAsAt(undefined);
  const icb = await structureRepository.icbAt(
    db,
    c.req.param("code") ?? "",
    asAt,
  );
  if (!icb) return null;
  const places = await structureRepository.placesAt(db, asAt, icb.ods_code);
  return { icb, places };
}

async function readForm(
  c: Context<AppEnv>,
  fields: readonly string[],
): Promise<Values> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    fields.map((f) => {
      const v = body[f];
      return [f, typeof v === "string" ? v.trim() : ""];
    }),
  );
}

/** Money fields: "" is nothing, otherwise pounds and pence or an error for that field. */
function pence(
  values: Values,
  field: string,
  errors: Errors,
  required: boolean,
): number | null {
  const text = values[field] ?? "";
  if (text === "") {
    if (required) errors[field] = "Enter an amount in pounds";
    return null;
  }
  const p = finance.poundsToPence(text);
  if (p === null || p < 0)
    errors[field] =
      "Enter an amount in pounds and pence, like 1,250,000 or 99.50";
  return p;
}

const fieldErrorsOf = (errors: Errors): FieldError[] =>
  Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));

function zodErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  map: (path: string) => string,
): Errors {
  const errors: Errors = {};
  for (const i of issues) {
    const field = map(i.path.map(String).join("."));
    errors[field] ??= i.message;
  }
  return errors;
}

// ---- A budget line ---------------------------------------------------------------------------

async function budgetForm(
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) {
  const found = await icsAndPlaces(c);
  if (!found)
    return renderErrorPage(
      c,
      404,
      "ICS not found",
      `No ICS has the code ${c.req.param("code") ?? ""} today.`,
    );
  const { icb, places } = found;
  return renderPage(
    c,
    "finance/budget-form.njk",
    {
      title: "Record a budget",
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: icb.name, href: `/ics/${icb.ods_code}` },
        { text: "Finance", href: `/ics/${icb.ods_code}/finance` },
      ],
      synthetic: icb.synthetic,
      errors: fieldErrorsOf(errors),
      icsName: icb.name,
      action: c.req.path,
      values,
      fieldErrors: errors,
      levels: finance.BUDGET_LEVELS.map((l) => ({
        value: l,
        text: finance.BUDGET_LEVEL_LABELS[l],
        selected: values["level"] === l,
      })),
      places: [
        { value: "", text: "Not a place budget" },
        ...places.map((p) => ({
          value: p.utla_gss,
          text: p.name,
          selected: values["place_code"] === p.utla_gss,
        })),
      ],
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

async function postBudget(c: Context<AppEnv>): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const values = await readForm(c, BUDGET_FIELDS);
  const errors: Errors = {};
  const planned = pence(values, "planned", errors, true);
  const actual = pence(values, "actual", errors, false);
  const line = finance.budgetLineInput.safeParse({
    year: values["year"],
    level: values["level"],
    place_code: values["place_code"] === "" ? null : values["place_code"],
    planned_pence: planned ?? 0,
    actual_pence: actual,
  });
  if (!line.success)
    Object.assign(
      errors,
      zodErrors(line.error.issues, (p) =>
        p.startsWith("planned")
          ? "planned"
          : p.startsWith("actual")
            ? "actual"
            : BUDGET_FIELDS.includes(p)
              ? p
              : "year",
      ),
      errors,
    );
  if (Object.keys(errors).length > 0 || !line.success)
    return budgetForm(c, values, errors, 400);
  return record(c, { budgets: [line.data] }, (message) =>
    budgetForm(c, values, { place_code: message }, 400),
  );
}

// ---- A pooled-budget agreement ---------------------------------------------------------------

async function poolForm(
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) {
  const found = await icsAndPlaces(c);
  if (!found)
    return renderErrorPage(
      c,
      404,
      "ICS not found",
      `No ICS has the code ${c.req.param("code") ?? ""} today.`,
    );
  const { icb, places } = found;
  const options = <T extends string>(
    list: readonly T[],
    labels: Record<T, string>,
    field: string,
  ) =>
    list.map((v) => ({
      value: v,
      text: labels[v],
      selected: values[field] === v,
    }));
  return renderPage(
    c,
    "finance/pool-form.njk",
    {
      title: "Record a pooled budget",
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: icb.name, href: `/ics/${icb.ods_code}` },
        { text: "Finance", href: `/ics/${icb.ods_code}/finance` },
      ],
      synthetic: icb.synthetic,
      errors: fieldErrorsOf(errors),
      icsName: icb.name,
      action: c.req.path,
      values,
      fieldErrors: errors,
      kinds: options(finance.POOL_KINDS, finance.POOL_KIND_LABELS, "kind"),
      rules: options(
        finance.RISK_SHARE_RULES,
        finance.RISK_SHARE_LABELS,
        "rule",
      ),
      places: places.map((p) => ({
        value: p.utla_gss,
        text: p.name,
        selected: values["place_code"] === p.utla_gss,
      })),
      partnerRows: Array.from({ length: PARTNER_ROWS }, (_, i) => i),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

async function postPool(c: Context<AppEnv>): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const values = await readForm(c, POOL_FIELDS);
  const errors: Errors = {};
  const rows = Array.from({ length: PARTNER_ROWS }, (_, i) => i).filter(
    (i) => (values[`p${i}_code`] ?? "") !== "",
  );
  const partners = rows.map((i) => {
    const share = values[`p${i}_share`] ?? "";
    const shareBp = share === "" ? null : finance.poundsToPence(share);
    if (share !== "" && shareBp === null)
      errors[`p${i}_share`] = "Enter a percentage, like 60 or 33.33";
    return {
      code: values[`p${i}_code`],
      name: values[`p${i}_name`],
      contribution_pence:
        pence(values, `p${i}_contribution`, errors, true) ?? 0,
      cap_pence: pence(values, `p${i}_cap`, errors, false),
      // A percentage to two places is basis points, read exactly like pounds and pence.
      fixed_share_bp: shareBp,
    };
  });
  const actual = pence(values, "actual_spend", errors, false);
  const pool = finance.pooledBudgetInput.safeParse({
    ref: values["ref"],
    year: values["year"],
    kind: values["kind"],
    name: values["name"],
    place_code: values["place_code"],
    lead_partner: values["lead_partner"],
    functions: (values["functions"] ?? "")
      .split(/\r?\n/)
      .map((f) => f.trim())
      .filter((f) => f !== ""),
    rule: values["rule"],
    actual_spend_pence: actual,
    partners,
  });
  if (!pool.success)
    for (const [field, text] of Object.entries(
      zodErrors(pool.error.issues, (p) => {
        const m = /^partners\.(\d+)\.(\w+)/.exec(p);
        if (m) {
          const row = rows[Number(m[1])] ?? 0;
          const f =
            {
              code: "code",
              name: "name",
              contribution_pence: "contribution",
              cap_pence: "cap",
              fixed_share_bp: "share",
            }[m[2] ?? ""] ?? "code";
          return `p${row}_${f}`;
        }
        if (p.startsWith("partners")) return "p0_code";
        if (p.startsWith("actual")) return "actual_spend";
        return POOL_FIELDS.includes(p.split(".")[0] ?? "")
          ? (p.split(".")[0] ?? "ref")
          : "ref";
      }),
    ))
      errors[field] ??= text;
  if (Object.keys(errors).length > 0 || !pool.success)
    return poolForm(c, values, errors, 400);
  return record(c, { pooled_budgets: [pool.data] }, (message) =>
    poolForm(c, values, { place_code: message }, 400),
  );
}

// ---- The health-creation earmark, capital schemes and public assets ----------------------------

const EARMARK_FIELDS = ["year", "pcn_code", "budget", "community"];
const CAPITAL_FIELDS = [
  "ref",
  "name",
  "owner",
  "deciding_body",
  "value",
  "first_year",
  "last_year",
  "status",
];
const ASSET_FIELDS = [
  "ref",
  "name",
  "kind",
  "owner",
  "address",
  "proposed_disposal",
  "disposal_note",
];
const CAPITAL_STATUS_LABELS: Record<
  (typeof finance.CAPITAL_STATUSES)[number],
  string
> = {
  proposed: "Proposed",
  approved: "Approved",
  in_progress: "In progress",
  complete: "Complete",
};
const ASSET_KIND_LABELS: Record<(typeof finance.ASSET_KINDS)[number], string> =
  {
    land: "Land",
    building: "Building",
    land_and_buildings: "Land and buildings",
  };

const choices = <T extends string>(
  list: readonly T[],
  labels: Record<T, string>,
  selected: string | undefined,
) => list.map((v) => ({ value: v, text: labels[v], selected: selected === v }));

/** A staff form page of the ICS in the URL, or a 404 page when there is no such ICS. */
async function planForm(
  c: Context<AppEnv>,
  template: string,
  title: string,
  values: Values,
  errors: Errors,
  status: 200 | 400,
  extra: (ics: { ods: string }) => Promise<Record<string, unknown>>,
) {
  const found = await icsAndPlaces(c);
  if (!found)
    return renderErrorPage(
      c,
      404,
      "ICS not found",
      `No ICS has the code ${c.req.param("code") ?? ""} today.`,
    );
  const { icb } = found;
  return renderPage(
    c,
    template,
    {
      title,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: icb.name, href: `/ics/${icb.ods_code}` },
        { text: "Finance", href: `/ics/${icb.ods_code}/finance` },
      ],
      synthetic: icb.synthetic,
      errors: fieldErrorsOf(errors),
      icsName: icb.name,
      action: c.req.path,
      values,
      fieldErrors: errors,
      ...(await extra({ ods: icb.ods_code })),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

/** Field of a zod issue path, for a form whose fields are named as the schema's (money aside). */
const fieldOf =
  (fields: readonly string[], money: Record<string, string>, first: string) =>
  (path: string): string => {
    const head = path.split(".")[0] ?? "";
    return money[head] ?? (fields.includes(head) ? head : first);
  };

const earmarkForm = (
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) =>
  planForm(
    c,
    "finance/earmark-form.njk",
    "Record a PCN's health-creation earmark",
    values,
    errors,
    status,
    async ({ ods }) => {
      const pcns = await structureRepository.pcnsAt(
        c.get("db"),
        resolveAsAt(undefined),
        ods,
      );
      return {
        pcns: [
          { value: "", text: "Choose a PCN" },
          ...pcns.map((p) => ({
            value: p.ods_code,
            text: `${p.name} (${p.ods_code})`,
            selected: values["pcn_code"] === p.ods_code,
          })),
        ],
      };
    },
  );

const postEarmark = (c: Context<AppEnv>) =>
  postPlanEntry(c, {
    fields: EARMARK_FIELDS,
    form: earmarkForm,
    schema: finance.pcnEarmarkInput,
    money: { budget_pence: "budget", community_pence: "community" },
    fallback: "year",
    refusedField: "pcn_code",
    build: (values, errors) => {
      const budget = pence(values, "budget", errors, true);
      const community = pence(values, "community", errors, true);
      if (values["pcn_code"] === "") errors["pcn_code"] = "Choose a PCN";
      return {
        year: values["year"],
        pcn_code: values["pcn_code"],
        budget_pence: budget ?? 0,
        community_pence: community ?? 0,
      };
    },
    plan: (mark) => ({ earmarks: [mark] }),
  });

const capitalForm = (
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) =>
  planForm(
    c,
    "finance/capital-form.njk",
    "Record a capital scheme",
    values,
    errors,
    status,
    () =>
      Promise.resolve({
        statuses: choices(
          finance.CAPITAL_STATUSES,
          CAPITAL_STATUS_LABELS,
          values["status"],
        ),
      }),
  );

const postCapital = (c: Context<AppEnv>) =>
  postPlanEntry(c, {
    fields: CAPITAL_FIELDS,
    form: capitalForm,
    schema: finance.capitalSchemeInput,
    money: { value_pence: "value" },
    fallback: "ref",
    refusedField: "ref",
    build: (values, errors) => ({
      ref: values["ref"],
      name: values["name"],
      owner: values["owner"],
      deciding_body: values["deciding_body"],
      value_pence: pence(values, "value", errors, true) ?? 0,
      first_year: values["first_year"],
      last_year: values["last_year"],
      status: values["status"],
    }),
    plan: (scheme) => ({ capital_schemes: [scheme] }),
  });

const assetForm = (
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) =>
  planForm(
    c,
    "finance/asset-form.njk",
    "Record a public asset",
    values,
    errors,
    status,
    () =>
      Promise.resolve({
        kinds: choices(finance.ASSET_KINDS, ASSET_KIND_LABELS, values["kind"]),
        disposalItems: [
          {
            value: "no",
            text: "No",
            checked: values["proposed_disposal"] !== "yes",
          },
          {
            value: "yes",
            text: "Yes, a disposal is proposed",
            checked: values["proposed_disposal"] === "yes",
          },
        ],
      }),
  );

const postAsset = (c: Context<AppEnv>) =>
  postPlanEntry(c, {
    fields: ASSET_FIELDS,
    form: assetForm,
    schema: finance.publicAssetInput,
    money: {},
    fallback: "ref",
    refusedField: "ref",
    build: (values, errors) => {
      const disposal = values["proposed_disposal"] === "yes";
      const note = values["disposal_note"] ?? "";
      if (disposal && note === "")
        errors["disposal_note"] =
          "Say what is proposed for the asset and to whom it was offered";
      return {
        ref: values["ref"],
        name: values["name"],
        kind: values["kind"],
        owner: values["owner"],
        address: values["address"],
        proposed_disposal: disposal,
        disposal_note: note === "" ? null : note,
      };
    },
    plan: (asset) => ({ assets: [asset] }),
  });

type PlanForm = (
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  status: 200 | 400,
) => Promise<Response>;

/**
 * The one path of every form that records an entry of the finance plan: read its fields, let
 * `build` check what zod cannot (money, choices) and make the input, check that with the API's
 * schema, then show the form again with every error at once or record the entry. A refusal of
 * the entry itself (an unknown PCN or place) is shown on `refusedField`.
 */
async function postPlanEntry<T>(
  c: Context<AppEnv>,
  entry: {
    readonly fields: readonly string[];
    readonly form: PlanForm;
    readonly schema: z.ZodType<T>;
    /** Schema fields in pence, named by the form's field in pounds. */
    readonly money: Record<string, string>;
    readonly fallback: string;
    readonly refusedField: string;
    readonly build: (values: Values, errors: Errors) => unknown;
    readonly plan: (input: T) => Partial<finance.FinancePlanInput>;
  },
): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const values = await readForm(c, entry.fields);
  const errors: Errors = {};
  const parsed = entry.schema.safeParse(entry.build(values, errors));
  if (!parsed.success)
    for (const [field, text] of Object.entries(
      zodErrors(
        parsed.error.issues,
        fieldOf(entry.fields, entry.money, entry.fallback),
      ),
    ))
      errors[field] ??= text;
  if (Object.keys(errors).length > 0 || !parsed.success)
    return entry.form(c, values, errors, 400);
  return record(c, entry.plan(parsed.data), (message) =>
    entry.form(c, values, { [entry.refusedField]: message }, 400),
  );
}

/** Records through the use case; a refusal about the ICS or the actor is a page of its own. */
async function record(
  c: Context<AppEnv>,
  plan: Partial<finance.FinancePlanInput>,
  placeRefused: (message: string) => Promise<Response>,
): Promise<Response> {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const result = await recordFinancePlan(
    c.get("db"),
    c.get("actor"),
    code,
    plan,
  );
  if (result.ok) return c.redirect(`/ics/${code}/finance`, 303);
  switch (result.error.code) {
    case "forbidden":
      return renderErrorPage(
        c,
        403,
        "You cannot record finances for this ICS",
        result.error.message,
      );
    case "unknown_place":
    case "unknown_pcn":
      return placeRefused(result.error.message);
    default:
      return renderErrorPage(c, 404, "ICS not found", result.error.message);
  }
}

export function registerFinanceStaffPages(app: Hono<AppEnv>): void {
  const forms: readonly [
    string,
    PlanForm,
    (c: Context<AppEnv>) => Promise<Response>,
  ][] = [
    ["budgets", budgetForm, postBudget],
    ["pooled-budgets", poolForm, postPool],
    ["earmarks", earmarkForm, postEarmark],
    ["capital-schemes", capitalForm, postCapital],
    ["assets", assetForm, postAsset],
  ];
  for (const [path, form, post] of forms) {
    app.get(
      `/ics/:code/finance/${path}/new`,
      async (c) => requireSignIn(c) ?? form(c, {}, {}, 200),
    );
    app.post(`/ics/:code/finance/${path}/new`, post);
  }
}
