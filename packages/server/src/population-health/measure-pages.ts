import type { Context, Hono } from "hono";
import { z } from "zod";
import { populationHealth as ph } from "@openics/core";
import { structureRepository } from "@openics/db";
import type { AppEnv } from "../context";
import {
  chartFigure,
  csvDownload,
  formatNumber,
  renderErrorPage,
  renderPage,
  type CsvColumn,
  type FieldError,
  type FigureView,
  type LayoutView,
  type TableCell,
} from "../web";
import { intervalBarChart } from "../web/interval-chart";
import { dimensionLabel } from "./indicator-figures";
import {
  releasedMeasureOf,
  runLoggedMeasure,
  type LoggedMeasureError,
  type PublishedCell,
  type ReleasedMeasure,
} from "./measures-service";
import { listAgreements, listQueryLog } from "./registers-service";

// Staff pages where an analyst defines a measure in the browser (a plain form, or the same JSON
// the CLI's `openics measure run` takes), runs it through the measures service under a chosen
// data-sharing agreement, and sees its released, disclosure-controlled outputs. The result page
// reads the query log's released outputs only: no patient-level row ever reaches a page.

type Values = Record<string, string>;
type Errors = Record<string, string>;

const TEXT_FIELDS = [
  "title",
  "purpose",
  "agreement_id",
  "rule",
  "index_date",
  "age_from",
  "age_to",
  "numerator",
  "codelist",
  "event_from",
  "event_to",
  "aggregation",
  "per",
  "denominator",
  "definition_json",
] as const;
const LIST_FIELDS = ["sex", "breakdowns"] as const;

/** The breakdowns offered: those every standard indicator is published by. */
const FORM_BREAKDOWNS: readonly ph.Dimension[] = ph.STANDARD_BREAKDOWNS;

const BREAKDOWN_LABELS: Partial<Record<ph.Dimension, string>> = {
  place: "Place (of the registered practice)",
  pcn: "Primary care network",
  practice: "GP practice",
  lsoa: "Neighbourhood (LSOA of residence)",
  age_band_5: "Five-year age band",
  sex: "Sex",
  ethnicity_group: "Ethnic group",
  imd_quintile: "Deprivation quintile (IMD)",
  imd_decile: "Deprivation decile (IMD)",
};

export const RULE_LABELS: Record<ph.DisclosureRule, string> = {
  nhs_hes_ecds_subnational:
    "NHS England's small-number rule: counts of 1 to 7 hidden, others rounded to the nearest 5",
  ehrql_apply_sdc:
    "OpenSAFELY ehrQL: counts of 7 or fewer become 0, others rounded to the nearest 5",
  opensafely_midpoint6: "OpenSAFELY midpoint-6 rounding",
};

const NUMERATORS = {
  has_code: "People with a code from the codelist, dated in the window",
  count_events: "Events with a code from the codelist, dated in the window",
  died: "People who died in the window",
} as const;
const AGGREGATIONS = {
  proportion: "Proportion (per cent of the denominator)",
  rate: "Rate (per 1,000 of the denominator, or per the number you give)",
  count: "Count only",
} as const;
const DENOMINATORS = {
  people: "Everyone in the population",
  person_years: "Person-years lived in the window",
} as const;

const CODELISTS = Object.values(ph.indicatorCodelists);

const whole = (what: string) =>
  z
    .string()
    .regex(/^\d{1,3}$/, `Enter ${what} as a whole number of years`)
    .transform(Number)
    .optional();

/** The form as typed: every field checked, with the message shown beside it. */
const formSchema = z
  .object({
    index_date: ph.isoDateSchema.or(
      z.string().transform((_v, ctx) => {
        ctx.addIssue({
          code: "custom",
          message: "Enter the date as YYYY-MM-DD, for example 2025-03-31",
        });
        return z.NEVER;
      }),
    ),
    age_from: whole("the youngest age"),
    age_to: whole("the oldest age"),
    sex: z.array(z.enum(ph.SEXES)).optional(),
    numerator: z.enum(Object.keys(NUMERATORS) as [keyof typeof NUMERATORS], {
      message: "Choose what is counted",
    }),
    codelist: z.string().optional(),
    event_from: ph.isoDateSchema.optional(),
    event_to: ph.isoDateSchema.optional(),
    aggregation: z.enum(
      Object.keys(AGGREGATIONS) as [keyof typeof AGGREGATIONS],
      { message: "Choose how it is aggregated" },
    ),
    per: z
      .string()
      .regex(/^\d+$/, "Enter a whole number, like 1000")
      .transform(Number)
      .refine((n) => n > 0, "Enter a number above 0")
      .optional(),
    denominator: z.enum(
      Object.keys(DENOMINATORS) as [keyof typeof DENOMINATORS],
      { message: "Choose the denominator" },
    ),
    breakdowns: z
      .array(
        ph.dimensionSchema.refine(
          (d) => FORM_BREAKDOWNS.includes(d),
          "Choose breakdowns from the list",
        ),
      )
      .default([]),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (f.numerator !== "died" && !CODELISTS.some((l) => l.id === f.codelist))
      issue("codelist", "Choose a codelist");
    if (f.numerator === "died" || f.denominator === "person_years") {
      if (f.event_from === undefined) issue("event_from", "Enter the start");
      if (f.event_to === undefined) issue("event_to", "Enter the end");
    }
    if (f.event_from && f.event_to && f.event_to < f.event_from)
      issue("event_to", "The end must be on or after the start");
    if (
      f.age_from !== undefined &&
      f.age_to !== undefined &&
      f.age_to < f.age_from
    )
      issue("age_to", "The oldest age must be at least the youngest");
    if (f.numerator === "count_events" && f.aggregation === "proportion")
      issue(
        "aggregation",
        "A count of events is a rate or a count, not a proportion",
      );
    if (f.aggregation === "proportion" && f.denominator === "person_years")
      issue("denominator", "A proportion's denominator is people");
  });

/** The query-model definition the form describes (the JSON `openics measure run` takes). */
export function definitionOfForm(
  f: z.infer<typeof formSchema>,
): ph.PopulationQueryInput {
  const list = CODELISTS.find((l) => l.id === f.codelist);
  const window = {
    ...(f.event_from ? { from: f.event_from } : {}),
    ...(f.event_to ? { to: f.event_to } : {}),
  };
  const codes = list
    ? [{ system: list.system, codes: list.codes.map((c) => c.code) }]
    : [];
  const variables: Record<string, ph.Variable> =
    f.numerator === "died"
      ? {
          died: {
            kind: "died",
            from: f.event_from ?? "",
            to: f.event_to ?? "",
          },
        }
      : f.numerator === "count_events"
        ? { events: { kind: "count", codes, ...window } }
        : { has_code: { kind: "has_event", codes, ...window } };
  const numerator: ph.Numerator =
    f.numerator === "count_events"
      ? { sum: "events" }
      : {
          persons: {
            op: "true",
            variable: f.numerator === "died" ? "died" : "has_code",
          },
        };
  const denominator: ph.Denominator | undefined =
    f.aggregation === "count"
      ? undefined
      : f.denominator === "person_years"
        ? {
            personYears: {
              from: f.event_from ?? "",
              to: f.event_to ?? "",
            },
          }
        : {};
  return {
    population: {
      indexDate: f.index_date,
      ...(f.age_from === undefined ? {} : { ageFrom: f.age_from }),
      ...(f.age_to === undefined ? {} : { ageTo: f.age_to }),
      ...(f.sex && f.sex.length > 0 ? { sex: f.sex } : {}),
    },
    variables,
    measures: [
      {
        id: "measure",
        aggregation: f.aggregation,
        numerator,
        ...(denominator ? { denominator } : {}),
        ...(f.per === undefined ? {} : { per: f.per }),
      },
    ],
    breakdowns: [[], ...f.breakdowns.map((d) => [d])],
  };
}

/** Where a problem with the measure's definition is shown on the form. */
function fieldOfQueryPath(path: string): string {
  if (path.startsWith("population.indexDate")) return "index_date";
  if (path.startsWith("population.ageFrom")) return "age_from";
  if (path.startsWith("population.ageTo")) return "age_to";
  if (path.startsWith("population.sex")) return "sex";
  if (path.startsWith("breakdowns")) return "breakdowns";
  if (/^measures\.\d+\.denominator/.test(path)) return "denominator";
  if (/^measures\.\d+\.aggregation/.test(path)) return "aggregation";
  if (/^measures\.\d+\.per/.test(path)) return "per";
  if (/\.from$/.test(path)) return "event_from";
  if (/\.to$/.test(path)) return "event_to";
  return "numerator";
}

async function readForm(
  c: Context<AppEnv>,
): Promise<{ values: Values; lists: Record<string, string[]> }> {
  const body = await c.req.parseBody({ all: true });
  const one = (v: unknown) =>
    typeof v === "string" ? v : Array.isArray(v) ? String(v[0] ?? "") : "";
  const many = (v: unknown) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === "string",
    );
  const values: Values = Object.fromEntries(
    TEXT_FIELDS.map((f) => [
      f,
      f === "definition_json" ? one(body[f]) : one(body[f]).trim(),
    ]),
  );
  values["action"] = one(body["action"]);
  const lists = Object.fromEntries(LIST_FIELDS.map((f) => [f, many(body[f])]));
  return { values, lists };
}

function requireSignIn(c: Context<AppEnv>): Response | null {
  return c.get("actor").role === "public"
    ? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    : null;
}

const mayRun = (c: Context<AppEnv>, ics: string) =>
  ph.mayUseIcsPatientData(c.get("actor"), ics);

async function findIcs(c: Context<AppEnv>) {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const icb = await structureRepository.icbAt(
    c.get("db"),
    code,
    new Date().toISOString().slice(0, 10),
  );
  return icb
    ? { code: icb.ods_code, name: icb.name, synthetic: icb.synthetic }
    : null;
}

const option = (value: string, text: string, chosen: string | undefined) => ({
  value,
  text,
  selected: chosen === value,
});
const choice = (value: string, text: string, chosen: string | undefined) => ({
  value,
  text,
  checked: chosen === value,
});

async function formPage(
  c: Context<AppEnv>,
  form: { values: Values; lists: Record<string, string[]> },
  errors: Errors,
  status: 200 | 400 | 403 | 422,
): Promise<Response> {
  const ics = await findIcs(c);
  if (!ics)
    return renderErrorPage(c, 404, "ICS not found", [
      `No ICS has the code ${c.req.param("code") ?? ""} today.`,
    ]);
  const register = await listAgreements(c.get("db"), ics.code);
  const agreements = register.ok ? register.value.agreements : [];
  const { values, lists } = form;
  const fieldErrors: FieldError[] = Object.entries(errors).map(
    ([field, text]) => ({ text, href: `#${field}` }),
  );
  return renderPage(
    c,
    "population-health/measure-form.njk",
    {
      title: "Define and run a measure",
      synthetic: ics.synthetic,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: ics.name, href: `/ics/${ics.code}` },
        { text: "Health of the population", href: `/ics/${ics.code}/health` },
      ],
      errors: fieldErrors,
      icsName: ics.name,
      action: c.req.path,
      values,
      fieldErrors: errors,
      agreementsHref: `/ics/${ics.code}/data-sharing`,
      queryLogHref: `/ics/${ics.code}/query-log`,
      purposes: [
        { value: "", text: "Choose a purpose" },
        ...ph.PURPOSES.map((p) => option(p, p, values["purpose"])),
      ],
      agreements: [
        { value: "", text: "Choose an agreement" },
        ...agreements.map((a) =>
          option(
            a.agreement_id,
            `${a.agreement_id}: ${a.title} (${a.organisation}, until ${a.valid_until})`,
            values["agreement_id"],
          ),
        ),
      ],
      rules: ph.DISCLOSURE_RULES.map((r) =>
        choice(r, RULE_LABELS[r], values["rule"] || ph.DEFAULT_DISCLOSURE_RULE),
      ),
      sexes: ph.SEXES.map((s) => ({
        value: s,
        text: `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`,
        checked: (lists["sex"] ?? []).includes(s),
      })),
      numerators: Object.entries(NUMERATORS).map(([v, t]) =>
        choice(v, t, values["numerator"]),
      ),
      codelists: [
        { value: "", text: "Choose a codelist" },
        ...CODELISTS.map((l) => option(l.id, l.name, values["codelist"])),
      ],
      aggregations: Object.entries(AGGREGATIONS).map(([v, t]) =>
        choice(v, t, values["aggregation"]),
      ),
      denominators: Object.entries(DENOMINATORS).map(([v, t]) =>
        choice(v, t, values["denominator"]),
      ),
      breakdowns: FORM_BREAKDOWNS.map((d) => ({
        value: d,
        text: BREAKDOWN_LABELS[d] ?? dimensionLabel(d),
        checked: (lists["breakdowns"] ?? []).includes(d),
      })),
    } as LayoutView,
    status,
  );
}

function formErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Errors {
  const errors: Errors = {};
  for (const i of issues)
    errors[String(i.path[0] ?? "numerator")] ??= i.message;
  return errors;
}

async function postForm(c: Context<AppEnv>): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const ics = (c.req.param("code") ?? "").toUpperCase();
  if (!mayRun(c, ics))
    return renderErrorPage(c, 403, "You cannot run measures for this ICS", [
      "Only an officer of this ICS, or an administrator, may run measures on its patient-level data.",
    ]);
  const form = await readForm(c);
  const { values, lists } = form;
  const fromJson = values["action"] === "run_json";
  const errors: Errors = {};
  // The request itself: who runs it, why, and under which agreement.
  if (values["title"] === "") errors["title"] = "Enter a title";
  if (!ph.PURPOSES.some((p) => p === values["purpose"]))
    errors["purpose"] = "Choose the purpose the measure is run for";
  if (values["agreement_id"] === "")
    errors["agreement_id"] = "Choose the data-sharing agreement it runs under";

  let definition: unknown;
  if (fromJson) {
    try {
      definition = JSON.parse(values["definition_json"] ?? "");
    } catch (e) {
      errors["definition_json"] =
        `The JSON cannot be read: ${(e as Error).message}`;
    }
  } else {
    const optional = (f: string) => (values[f] === "" ? undefined : values[f]);
    const parsed = formSchema.safeParse({
      index_date: values["index_date"],
      age_from: optional("age_from"),
      age_to: optional("age_to"),
      sex: lists["sex"],
      numerator: values["numerator"],
      codelist: optional("codelist"),
      event_from: optional("event_from"),
      event_to: optional("event_to"),
      aggregation: values["aggregation"],
      per: optional("per"),
      denominator: values["denominator"] || "people",
      breakdowns: lists["breakdowns"],
    });
    if (parsed.success) {
      definition = definitionOfForm(parsed.data);
      values["definition_json"] = JSON.stringify(definition, null, 2);
    } else
      for (const [f, m] of Object.entries(formErrors(parsed.error.issues)))
        errors[f] ??= m;
  }
  if (values["action"] === "show_json" && definition !== undefined) {
    // Only the form's definition as JSON, to copy or to change: nothing runs.
    delete errors["title"];
    delete errors["purpose"];
    delete errors["agreement_id"];
    if (Object.keys(errors).length === 0) return formPage(c, form, {}, 200);
  }
  if (Object.keys(errors).length > 0) return formPage(c, form, errors, 400);

  const result = await runLoggedMeasure(c.get("db"), c.get("actor"), ics, {
    title: values["title"] ?? "",
    purpose: values["purpose"] ?? "",
    agreement_id: values["agreement_id"] ?? "",
    rule: values["rule"] || ph.DEFAULT_DISCLOSURE_RULE,
    query: definition,
  } as Parameters<typeof runLoggedMeasure>[3]);
  if (result.ok)
    return c.redirect(
      `/staff/ics/${ics}/health/measures/${result.value.queryLogId}`,
      303,
    );
  return refused(c, form, result.error, fromJson);
}

async function refused(
  c: Context<AppEnv>,
  form: { values: Values; lists: Record<string, string[]> },
  error: LoggedMeasureError,
  fromJson: boolean,
): Promise<Response> {
  const errors: Errors = {};
  const problems = error.problems ?? [];
  switch (error.code) {
    case "no_agreement":
      errors["agreement_id"] = error.message;
      return formPage(c, form, errors, 403);
    case "invalid_request":
      for (const p of problems)
        errors[p.path.split(".")[0] ?? "title"] ??= p.message;
      if (Object.keys(errors).length === 0) errors["title"] = error.message;
      return formPage(c, form, errors, 400);
    case "invalid_measure":
    case "unknown_codelist":
      if (fromJson)
        errors["definition_json"] = problems
          .map((p) => `${p.path || "(definition)"}: ${p.message}`)
          .join("; ");
      else
        for (const p of problems)
          errors[fieldOfQueryPath(p.path)] ??= p.message;
      if (Object.keys(errors).length === 0)
        errors[fromJson ? "definition_json" : "numerator"] = error.message;
      return formPage(c, form, errors, 422);
    case "forbidden":
      return renderErrorPage(c, 403, "You cannot run measures for this ICS", [
        error.message,
      ]);
    case "unknown_ics":
      return renderErrorPage(c, 404, "ICS not found", [error.message]);
    default:
      return renderErrorPage(c, 422, "The measure was not released", [
        error.message,
      ]);
  }
}

// ---- The released outputs of one run ---------------------------------------------------------

interface ReleasedRow {
  readonly measure: string;
  readonly breakdown: string;
  readonly group: string;
  readonly numerator: string;
  readonly denominator: string | null;
  readonly value: number | null;
  readonly lower_95: number | null;
  readonly upper_95: number | null;
  readonly method: string | null;
  readonly secondary_suppression: boolean;
  readonly disclosure_rule: string;
}

const groupText = (cell: PublishedCell): string =>
  cell.breakdown.length === 0
    ? "All"
    : cell.breakdown
        .map((d) => String(cell.group[d] ?? "Not recorded"))
        .join(", ");

const at95 = (cell: PublishedCell) =>
  cell.estimate?.intervals.find((i) => i.confidence === 0.95) ?? null;

function releasedRows(released: ReleasedMeasure): ReleasedRow[] {
  return released.measures.flatMap((m) =>
    m.cells.map((c) => ({
      measure: m.id,
      breakdown: c.breakdown.length === 0 ? "overall" : c.breakdown.join("+"),
      group: groupText(c),
      numerator: c.numerator,
      denominator: c.denominator,
      value: c.estimate?.value ?? null,
      lower_95: at95(c)?.lower ?? null,
      upper_95: at95(c)?.upper ?? null,
      method: c.estimate?.method ?? null,
      secondary_suppression: c.secondarySuppressed,
      disclosure_rule: released.rule,
    })),
  );
}

const CSV_COLUMNS: readonly CsvColumn<ReleasedRow>[] = (
  [
    "measure",
    "breakdown",
    "group",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "method",
    "secondary_suppression",
    "disclosure_rule",
  ] as const
).map((header) => ({ header, value: (r: ReleasedRow) => r[header] }));

const unitOf = (m: ReleasedMeasure["measures"][number]) =>
  m.aggregation === "proportion"
    ? m.per === null || m.per === 100
      ? "%"
      : `per ${formatNumber(m.per)}`
    : m.aggregation === "rate"
      ? `per ${formatNumber(m.per ?? 1000)}`
      : "count";

const valueText = (v: number | null | undefined) =>
  v === null || v === undefined ? "*" : formatNumber(v, 1);

function figuresOf(
  released: ReleasedMeasure,
  csvHref: string,
  areaName: string,
): FigureView[] {
  const figures: FigureView[] = [];
  for (const m of released.measures) {
    const unit = unitOf(m);
    const sets = new Map<string, PublishedCell[]>();
    for (const cell of m.cells) {
      const key = cell.breakdown.join("+");
      sets.set(key, [...(sets.get(key) ?? []), cell]);
    }
    for (const [key, cells] of sets) {
      const what =
        key === ""
          ? "overall"
          : `by ${key
              .split("+")
              .map((d) => dimensionLabel(d).toLowerCase())
              .join(" and ")}`;
      const caption = `${released.title} ${what}`;
      const charted =
        m.aggregation !== "count" && key !== "" && cells.length <= 40;
      const overall = m.cells.find((c) => c.breakdown.length === 0)?.estimate
        ?.value;
      const rows: TableCell[][] = cells.map((c) => {
        const ci = at95(c);
        return [
          { text: groupText(c) },
          { text: c.numerator, format: "numeric" },
          { text: c.denominator ?? "", format: "numeric" },
          { text: valueText(c.estimate?.value), format: "numeric" },
          {
            text:
              ci?.lower == null || ci.upper == null
                ? "*"
                : `${valueText(ci.lower)} to ${valueText(ci.upper)}`,
            format: "numeric",
          },
        ];
      });
      const suppressed = cells.filter((c) => c.numerator === "*").length;
      figures.push(
        chartFigure({
          id: `${m.id}-${key === "" ? "overall" : key.replaceAll("+", "-")}`,
          caption,
          summary: [
            ...(suppressed > 0
              ? [
                  `${suppressed} of ${cells.length} groups are shown as * to protect privacy.`,
                ]
              : []),
            `Disclosure rule: ${RULE_LABELS[released.rule]}.`,
          ],
          drawing: charted
            ? intervalBarChart({
                id: `${m.id}-${key}-chart`,
                title: `${caption}, ${areaName}`,
                description: `Values (${unit}) with 95% confidence intervals${overall == null ? "" : "; the line shows the overall value"}.`,
                values: cells.map((c) => {
                  const ci = at95(c);
                  return {
                    label: groupText(c),
                    value: c.estimate?.value ?? null,
                    lower: ci?.lower ?? null,
                    upper: ci?.upper ?? null,
                  };
                }),
                ...(overall == null
                  ? {}
                  : { reference: { label: "Overall", value: overall } }),
                emptyMessage:
                  "Every value in this breakdown is suppressed to protect privacy.",
              })
            : {
                status: "empty" as const,
                message:
                  key === ""
                    ? "One value: it is in the table below."
                    : "Counts are shown in the table below.",
              },
          table: {
            caption,
            head: [
              { text: key === "" ? "Group" : dimensionLabel(key) },
              { text: "Numerator", format: "numeric" },
              { text: "Denominator", format: "numeric" },
              { text: `Value (${unit})`, format: "numeric" },
              { text: "95% confidence interval", format: "numeric" },
            ],
            rows,
          },
          csvHref,
          open: true,
        }),
      );
    }
  }
  return figures;
}

async function resultPage(c: Context<AppEnv>): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const ics = await findIcs(c);
  const id = c.req.param("id") ?? "";
  const log = ics ? await listQueryLog(c.get("db"), ics.code) : null;
  const entry =
    log?.ok === true
      ? log.value.entries.find((e) => String(e.query_id) === id)
      : undefined;
  const released = entry ? releasedMeasureOf(entry.outputs) : null;
  if (!ics || !entry || !released)
    return renderErrorPage(c, 404, "Measure not found", [
      `There is no measure run ${id} in the query log of ${c.req.param("code") ?? ""}.`,
    ]);
  const base = `/staff/ics/${ics.code}/health/measures/${entry.query_id}`;
  if (c.req.query("format") === "csv")
    return csvDownload(
      c,
      `${ics.code}-measure-${entry.query_id}.csv`,
      releasedRows(released),
      CSV_COLUMNS,
    );
  return renderPage(c, "population-health/measure-result.njk", {
    title: released.title,
    synthetic: ics.synthetic,
    breadcrumbs: [
      { text: "Home", href: "/" },
      { text: ics.name, href: `/ics/${ics.code}` },
      { text: "Health of the population", href: `/ics/${ics.code}/health` },
    ],
    icsName: ics.name,
    entry: {
      id: entry.query_id,
      runAt: entry.run_at.slice(0, 16).replace("T", " "),
      runBy: entry.run_by,
      purpose: entry.purpose,
      agreement: entry.agreement_id,
      sha: entry.definition_sha256,
    },
    rule: RULE_LABELS[released.rule],
    figures: figuresOf(released, `${base}?format=csv`, ics.name),
    csvHref: `${base}?format=csv`,
    queryLogHref: `/ics/${ics.code}/query-log#query-${entry.query_id}`,
    agreementsHref: `/ics/${ics.code}/data-sharing`,
    newHref: `/staff/ics/${ics.code}/health/measures/new`,
  } as LayoutView);
}

export function registerMeasurePages(app: Hono<AppEnv>): void {
  app.get("/staff/ics/:code/health/measures/new", async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const ics = c.req.param("code").toUpperCase();
    if (!mayRun(c, ics))
      return renderErrorPage(c, 403, "You cannot run measures for this ICS", [
        "Only an officer of this ICS, or an administrator, may run measures on its patient-level data.",
      ]);
    return formPage(
      c,
      {
        values: {
          rule: ph.DEFAULT_DISCLOSURE_RULE,
          numerator: "has_code",
          aggregation: "proportion",
          denominator: "people",
        },
        lists: {},
      },
      {},
      200,
    );
  });
  app.post("/staff/ics/:code/health/measures/new", postForm);
  app.get("/staff/ics/:code/health/measures/:id{[0-9]+}", resultPage);
}
