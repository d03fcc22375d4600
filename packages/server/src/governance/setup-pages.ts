import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { governance } from "@openics/core";
import type { AppEnv } from "../context";
import {
  formatDate,
  renderErrorPage,
  renderPage,
  type LayoutView,
} from "../web";
import {
  adoptModel,
  bodyDetail,
  changeBody,
  endSordEntry,
  governanceOverview,
  listScheme,
  loadSetUp,
  previewAdoption,
  recordSordEntry,
  addLocalRule,
  retireLocalRule,
  today,
  type AdoptionPreview,
  type GovernanceUseCaseError,
  type IcsRef,
} from "./bodies-service";
import {
  errorList,
  fieldErrorsFrom,
  parseForm,
  readForm,
  refusalPage,
  requireSignIn,
  statusOf,
  type Form,
} from "./forms";
import { writer } from "./api-shared";
import {
  bodyHref,
  governanceHref,
  link,
  parsePounds,
  pounds,
  text,
  words,
  type Section,
} from "./pages";

// Staff pages that set up an ICS's governance: adopting a model, the scheme of reservation and
// delegation, the ICS's own membership rules, and changing or dissolving a body. Plain forms that
// work without JavaScript, each a thin adapter over the same use cases as the API; the app checks
// the CSRF token of every form.

export type Status = 200 | 400 | 404 | 409 | 422;
type Failure = { ok: false; error: GovernanceUseCaseError };

const FORBIDDEN = "You cannot change this ICS's governance";
const refused = (c: Context<AppEnv>, f: Failure, forbidden = FORBIDDEN) =>
  refusalPage(c, f.error, forbidden, ["unknown_body"]);

export const dateField = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as YYYY-MM-DD`)
    .refine(
      (s) => !Number.isNaN(Date.parse(s)),
      `Enter ${what} as a real date`,
    );
export const required = (message: string) =>
  z.string({ error: message }).trim().min(1, message);
const wholeNumber = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .regex(/^\d+$/, `Enter ${what} as a whole number, for example 3`)
    .transform(Number);
/** A whole number of at least `min` when the field is filled in, undefined when it is empty. */
const optionalWholeNumber = (what: string, min: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s === undefined || s === "" ? undefined : s))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, `Enter ${what} as a whole number, for example 3`)
        .transform(Number)
        .refine((n) => n >= min, `Enter at least ${min}`)
        .optional(),
    );
const listOf = <T extends string>(
  values: readonly [T, ...T[]],
  message: string,
) =>
  z
    .string({ error: message })
    .transform((s) => s.split(",").filter((x) => x !== ""))
    .pipe(z.array(z.enum(values, { error: message })).min(1, message));
const yesNo = z
  .string()
  .optional()
  .transform((s) => s === "yes");

/** The ICS, checked for the officer who may change its governance. */
export async function officerIcs(
  c: Context<AppEnv>,
): Promise<
  | { ok: true; value: { ics: IcsRef; bodies: { id: string; name: string }[] } }
  | { ok: false; response: Response }
> {
  const overview = await governanceOverview(
    c.get("db"),
    c.req.param("code") ?? "",
  );
  if (!overview.ok)
    return {
      ok: false,
      response: renderErrorPage(
        c,
        404,
        "Page not found",
        overview.error.message,
      ),
    };
  const { ics, bodies } = overview.value;
  if (!governance.can(c.get("actor"), "manage_bodies", { icsCode: ics.code }))
    return {
      ok: false,
      response: renderErrorPage(
        c,
        403,
        FORBIDDEN,
        `Only an officer of ${ics.name} can change its governance.`,
      ),
    };
  return { ok: true, value: { ics, bodies } };
}

export const crumbs = (
  ics: IcsRef,
  more: { text: string; href: string }[] = [],
) => [
  { text: "Home", href: "/" },
  { text: ics.name, href: `/ics/${ics.code}` },
  { text: "Governance", href: governanceHref(ics.code) },
  ...more,
];

/** A staff form page with the error summary built from its field errors. */
export function formPage(
  c: Context<AppEnv>,
  template: string,
  ics: IcsRef,
  view: Record<string, unknown> & { title: string },
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
  more: { text: string; href: string }[] = [],
): Response {
  return renderPage(
    c,
    template,
    {
      caption: ics.name,
      breadcrumbs: crumbs(ics, more),
      synthetic: ics.synthetic,
      errors: errorList(fieldErrors),
      fieldErrors,
      values,
      action: c.req.path,
      ...view,
    } as LayoutView,
    status,
  );
}

const options = (
  items: readonly { value: string; text: string }[],
  chosen: string | undefined,
  empty: string | null,
) => [
  ...(empty === null ? [] : [{ value: "", text: empty }]),
  ...items.map((i) => ({ ...i, selected: i.value === chosen })),
];

// Adopting a governance model: choose, see what it will do, confirm.

const adoptForm = z.object({
  model: z.enum(governance.GOVERNANCE_MODELS, {
    error: "Choose a governance model",
  }),
  decided_by: required("Enter who decided to adopt the model"),
  valid_from: dateField("the date the model takes effect"),
});
const ADOPT_FIELDS = {
  model: "model",
  decided_by: "decided_by",
  valid_from: "valid_from",
};

async function adoptPage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
  preview: governance.GovernanceModel | null = null,
  plan: AdoptionPreview | null = null,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const templates = governance.GOVERNANCE_TEMPLATES;
  const named = (list: readonly { name: string }[]) => list.map((b) => b.name);
  return formPage(
    c,
    "governance/adopt-model.njk",
    ics,
    {
      title:
        preview === null
          ? "Adopt a governance model"
          : "Check what the new model will do",
      models: governance.GOVERNANCE_MODELS.map((m) => ({
        value: m,
        text: templates[m].name,
        hint: { text: templates[m].summary },
        checked: values["model"] === m,
      })),
      preview:
        preview !== null && plan !== null
          ? {
              model: templates[preview].name,
              replaces:
                plan.replaces === null
                  ? "No model"
                  : templates[plan.replaces].name,
              from: formatDate(plan.validFrom),
              created: named(plan.created),
              ended: named(plan.ended),
              changed: named(plan.changed),
              unchanged: named(plan.unchanged),
            }
          : null,
    },
    values,
    fieldErrors,
    status,
  );
}

// The scheme of reservation and delegation: add an entry, end one.

const POUNDS = /^£?[\d,]+(\.\d{1,2})?$/;
const sordForm = z
  .object({
    reference: required("Enter the entry's reference, for example SoRD 4.2"),
    decision_type: z
      .string({ error: "Enter the type of decision" })
      .trim()
      .regex(
        /^[a-z0-9_]+$/,
        "Enter the type of decision in lower case with _ between words, for example contract_award",
      ),
    decider_kind: z.enum(["body", "officer"], {
      error: "Choose whether a body or an officer decides",
    }),
    decider_body: z.string().optional().default(""),
    officer_id: z.string().trim().optional().default(""),
    officer_name: z.string().trim().optional().default(""),
    up_to: z
      .string()
      .trim()
      .optional()
      .default("")
      .refine(
        (s) => s === "" || POUNDS.test(s),
        "Enter the limit in pounds, for example 1000000, or leave it empty for no limit",
      ),
    legally_responsible_body: required(
      "Enter the body that answers for the decision in law",
    ),
    valid_from: dateField("the date the entry takes effect"),
  })
  .superRefine((f, ctx) => {
    if (f.decider_kind === "body" && f.decider_body === "")
      ctx.addIssue({
        code: "custom",
        path: ["decider_body"],
        message: "Choose the body that decides",
      });
    if (f.decider_kind === "officer" && f.officer_id === "")
      ctx.addIssue({
        code: "custom",
        path: ["officer_id"],
        message: "Enter the officer's post, for example chief-finance-officer",
      });
    if (f.decider_kind === "officer" && f.officer_name === "")
      ctx.addIssue({
        code: "custom",
        path: ["officer_name"],
        message: "Enter the officer's title, for example Chief Finance Officer",
      });
  });
const SORD_FIELDS = {
  decider_body: "decider_body",
  reference: "reference",
  decision_type: "decision_type",
  decider_kind: "decider_kind",
  decider_id: "decider_body",
  decider_name: "decider_body",
  up_to_pence: "up_to",
  legally_responsible_body: "legally_responsible_body",
  valid_from: "valid_from",
};

async function sordPage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics, bodies } = found.value;
  return formPage(
    c,
    "governance/scheme-entry.njk",
    ics,
    {
      title: "Add an entry to the scheme of reservation and delegation",
      bodies: options(
        bodies.map((b) => ({ value: b.id, text: b.name })),
        values["decider_body"],
        "Choose a body",
      ),
      responsible: values["legally_responsible_body"] ?? ics.name,
    },
    values,
    fieldErrors,
    status,
    [{ text: "Who decides?", href: `${governanceHref(ics.code)}/who-decides` }],
  );
}

const endForm = z.object({
  valid_to: dateField("the first day it no longer applies"),
});

async function endSordPage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const reference = c.req.param("reference") ?? "";
  const scheme = await listScheme(c.get("db"), ics.code);
  const entry = scheme.ok
    ? scheme.value.entries.find((e) => e.reference === reference)
    : undefined;
  if (entry === undefined)
    return renderErrorPage(
      c,
      404,
      "Page not found",
      `No entry ${reference} of the scheme is in force today.`,
    );
  return formPage(
    c,
    "governance/end-form.njk",
    ics,
    {
      title: `End ${entry.reference} of the scheme`,
      summary: [
        { key: "Decision", value: words(entry.decisionType) },
        { key: "Decided by", value: entry.decider.name },
        { key: "Up to", value: pounds(entry.upToPence) },
        { key: "In force from", value: formatDate(entry.validFrom) },
      ],
      hint: "The first day the entry no longer applies. Decisions already taken under it keep it as their authority.",
      buttonText: "End the entry",
    },
    values,
    fieldErrors,
    status,
    [{ text: "Who decides?", href: `${governanceHref(ics.code)}/who-decides` }],
  );
}

// The ICS's own membership rules: list, add, retire.

const ruleForm = z
  .object({
    id: z
      .string({ error: "Enter an id for the rule" })
      .trim()
      .regex(
        /^[a-z0-9-]+$/,
        "Enter an id for the rule in lower case with - between words, for example local-public-health",
      ),
    label: required(
      "Enter what the rule asks for, for example a director of public health",
    ),
    body_kinds: listOf(
      governance.BODY_KINDS,
      "Choose the kinds of body the rule applies to",
    ),
    rule_kind: z
      .enum(["requires_role", "balance"], {
        error: "Choose what kind of rule it is",
      })
      .default("requires_role"),
    roles: listOf(governance.MEMBER_ROLES, "Choose at least one role"),
    // Each kind's fields are checked when given; the transform below asks for those of the kind
    // chosen, so a form with several mistakes reports them all at once.
    at_least: optionalWholeNumber("how many members", 1),
    voting_only: yesNo,
    second_roles: z
      .string()
      .optional()
      .transform((s) => (s ?? "").split(",").filter((x) => x !== ""))
      .pipe(
        z.array(
          z.enum(governance.MEMBER_ROLES, {
            error: "Choose roles from the list",
          }),
        ),
      ),
    max_difference: optionalWholeNumber("how many more one side may have", 0),
    valid_from: dateField("the date the rule takes effect"),
  })
  .transform((f, ctx) => {
    const missing = (path: string, message: string) => {
      ctx.addIssue({ code: "custom", path: [path], message });
      return z.NEVER;
    };
    if (f.rule_kind === "requires_role")
      return {
        ...f,
        rule: {
          kind: "requires_role" as const,
          roles: f.roles,
          atLeast: f.at_least ?? missing("at_least", "Enter how many members"),
          votingOnly: f.voting_only,
        },
      };
    if (f.second_roles.length === 0)
      return missing(
        "second_roles",
        "Choose at least one role to balance against",
      );
    const overlap = f.roles.filter((r) => f.second_roles.includes(r));
    if (overlap.length > 0)
      return missing(
        "second_roles",
        `A role cannot be on both sides: ${overlap.map(words).join(", ")}`,
      );
    return {
      ...f,
      rule: {
        kind: "balance" as const,
        first: f.roles,
        second: f.second_roles,
        maxDifference:
          f.max_difference ??
          missing("max_difference", "Enter how many more one side may have"),
      },
    };
  });

const RULE_FIELDS = {
  "rule.id": "id",
  "rule.label": "label",
  "rule.roles": "roles",
  "rule.first": "roles",
  "rule.second": "second_roles",
  "rule.atLeast": "at_least",
  "rule.maxDifference": "max_difference",
  body_kinds: "body_kinds",
  valid_from: "valid_from",
  rule: "id",
};

async function rulesPage(c: Context<AppEnv>): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const setUp = await loadSetUp(c.get("db"), ics.code);
  const path = `${governanceHref(ics.code)}/local-rules`;
  const on = today();
  const sections: Section[] = [
    {
      id: "rules",
      heading: "Rules the ICS has added",
      paragraphs: [
        "Each body's page shows whether its members meet these rules, beside the rules of the Act, NHS England's guidance and the governance model.",
      ],
      table: {
        caption: "Local membership rules, in force and retired",
        head: [
          { text: "Rule" },
          { text: "Applies to" },
          { text: "From" },
          { text: "Until" },
          { text: "Change" },
        ],
        rows: setUp.localRules.map((r) => [
          text(`${r.rule.label} (${r.id})`),
          text(r.bodyKinds.map(words).join(", ")),
          text(formatDate(r.validFrom)),
          text(r.validTo === null ? "In force" : formatDate(r.validTo)),
          r.validTo === null || r.validTo > on
            ? link(
                `Retire ${r.id}`,
                `${path}/${encodeURIComponent(r.id)}/retire`,
              )
            : text(""),
        ]),
        empty: "The ICS has added no membership rules of its own.",
      },
    },
  ];
  return renderPage(c, "governance/sections.njk", {
    title: "Local membership rules",
    caption: ics.name,
    breadcrumbs: crumbs(ics),
    synthetic: ics.synthetic,
    lede: "Rules of the ICS's own that its boards' membership is checked against: a public-health member on every ICB board, a worker member, a balance of lay and clinical members.",
    links: [{ text: "Add a rule", href: `${path}/new` }],
    sections,
  } as LayoutView);
}

async function rulePage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const chosen = (field: string) => (values[field] ?? "").split(",");
  return formPage(
    c,
    "governance/local-rule.njk",
    ics,
    {
      title: "Add a membership rule",
      bodyKinds: governance.BODY_KINDS.map((k) => ({
        value: k,
        text: words(k),
        checked: chosen("body_kinds").includes(k),
      })),
      roles: governance.MEMBER_ROLES.map((r) => ({
        value: r,
        text: words(r),
        checked: chosen("roles").includes(r),
      })),
      secondRoles: governance.MEMBER_ROLES.map((r) => ({
        value: r,
        text: words(r),
        checked: chosen("second_roles").includes(r),
      })),
    },
    values,
    fieldErrors,
    status,
    [
      {
        text: "Local membership rules",
        href: `${governanceHref(ics.code)}/local-rules`,
      },
    ],
  );
}

async function retireRulePage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const id = c.req.param("id") ?? "";
  const rule = (await loadSetUp(c.get("db"), ics.code)).localRules.find(
    (r) => r.id === id && r.validTo === null,
  );
  if (rule === undefined)
    return renderErrorPage(
      c,
      404,
      "Page not found",
      `No local rule ${id} is in force.`,
    );
  return formPage(
    c,
    "governance/end-form.njk",
    ics,
    {
      title: `Retire the rule "${rule.rule.label}"`,
      summary: [
        { key: "Rule", value: rule.id },
        {
          key: "Applies to",
          value: rule.bodyKinds.map(words).join(", "),
        },
        { key: "In force from", value: formatDate(rule.validFrom) },
      ],
      hint: "The first day the rule no longer applies. Bodies' checks before then still show it.",
      buttonText: "Retire the rule",
    },
    values,
    fieldErrors,
    status,
    [
      {
        text: "Local membership rules",
        href: `${governanceHref(ics.code)}/local-rules`,
      },
    ],
  );
}

// Changing or dissolving a body

const changeForm = z.object({
  from: dateField("the date the change takes effect"),
  dissolve: yesNo,
  name: required("Enter the body's name"),
  voting_rule: z.enum(governance.VOTING_RULES, {
    error: "Choose a voting rule",
  }),
  casting_vote: z.enum(["yes", "no"], {
    error: "Choose whether the chair has a casting vote",
  }),
  quorum_voting: wholeNumber("how many voting members make a quorum"),
  quorum_nhs: wholeNumber("how many NHS members the quorum needs"),
  quorum_lg: wholeNumber("how many local government members the quorum needs"),
});
const CHANGE_FIELDS = {
  from: "from",
  name: "name",
  voting_rule: "voting_rule",
  chair_has_casting_vote: "casting_vote",
  "quorum.minimumVotingMembers": "quorum_voting",
  "quorum.minimumNhs": "quorum_nhs",
  "quorum.minimumLocalGovernment": "quorum_lg",
};

async function changePage(
  c: Context<AppEnv>,
  posted: Form | null,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const detail = await bodyDetail(
    c.get("db"),
    ics.code,
    c.req.param("id") ?? "",
  );
  if (!detail.ok || detail.value.body.validTo !== null)
    return renderErrorPage(
      c,
      404,
      "Page not found",
      detail.ok
        ? `${detail.value.body.name} was dissolved on ${formatDate(detail.value.body.validTo ?? "")}.`
        : detail.error.message,
    );
  const b = detail.value.body;
  const values: Form = posted ?? {
    name: b.name,
    voting_rule: b.votingRule,
    casting_vote: b.chairHasCastingVote ? "yes" : "no",
    quorum_voting: String(b.quorum.minimumVotingMembers),
    quorum_nhs: String(b.quorum.minimumNhs),
    quorum_lg: String(b.quorum.minimumLocalGovernment),
  };
  return formPage(
    c,
    "governance/change-body.njk",
    ics,
    {
      title: `Change the ${b.name}`,
      since: formatDate(b.validFrom),
      votingRules: governance.VOTING_RULES.map((r) => ({
        value: r,
        text: words(r),
        checked: values["voting_rule"] === r,
      })),
    },
    values,
    fieldErrors,
    status,
    [{ text: b.name, href: bodyHref(ics.code, b.id) }],
  );
}

export type FormPage = (
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
) => Promise<Response>;

/**
 * A staff form's two routes: GET shows it empty; POST reads it through its zod schema, runs the
 * use case and redirects, or shows it again with everything typed and each field at fault.
 */
export function formRoutes<T, V>(
  app: OpenAPIHono<AppEnv>,
  path: string,
  page: FormPage,
  spec: {
    readonly schema: z.ZodType<T>;
    readonly run: (
      c: Context<AppEnv>,
      value: T,
    ) => Promise<{ ok: true; value: V } | Failure>;
    /** The use case's paths onto the form's fields, and the field for anything else. */
    readonly fields: Readonly<Record<string, string>>;
    readonly fallback: string;
    readonly done: (c: Context<AppEnv>, value: V, form: T) => string;
    /** The title of the page refusing someone without permission. */
    readonly forbidden?: string;
  },
): void {
  app.get(path, async (c) => requireSignIn(c) ?? page(c, {}, {}, 200));
  app.post(path, async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const form = await readForm(c);
    const read = parseForm(spec.schema, form);
    if (!read.ok) return page(c, form, read.fieldErrors, 400);
    const result = await spec.run(c, read.value);
    if (result.ok)
      return c.redirect(spec.done(c, result.value, read.value), 303);
    return (
      refused(c, result, spec.forbidden) ??
      page(
        c,
        form,
        fieldErrorsFrom(result.error.message, spec.fields, spec.fallback),
        statusOf(result.error.code),
      )
    );
  });
}

const code = (c: Context<AppEnv>) => (c.req.param("code") ?? "").toUpperCase();
const ENDED = { valid_to: "valid_to" };

export function registerGovernanceSetupPages(app: OpenAPIHono<AppEnv>): void {
  const base = "/ics/:code/governance";
  const overview = (c: Context<AppEnv>) => governanceHref(code(c));

  // Adopting a model: the first post shows what it will do, the confirmed one adopts it.
  app.get(
    `${base}/model/new`,
    async (c) => requireSignIn(c) ?? adoptPage(c, {}, {}, 200),
  );
  app.post(`${base}/model/new`, async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const form = await readForm(c);
    const read = parseForm(adoptForm, form);
    if (!read.ok) return adoptPage(c, form, read.fieldErrors, 400);
    const input = read.value;
    const result =
      form["confirm"] === "yes"
        ? await adoptModel(...writer(c, "code"), input)
        : await previewAdoption(...writer(c, "code"), input);
    if (!result.ok)
      return (
        refused(c, result) ??
        adoptPage(
          c,
          form,
          fieldErrorsFrom(result.error.message, ADOPT_FIELDS, "model"),
          statusOf(result.error.code),
        )
      );
    if ("adoption" in result.value)
      return c.redirect(`${overview(c)}#model`, 303);
    return adoptPage(c, form, {}, 200, input.model, result.value);
  });

  formRoutes(app, `${base}/scheme/new`, sordPage, {
    schema: sordForm,
    run: async (c, f) => {
      const bodies = await governanceOverview(c.get("db"), code(c));
      const body = bodies.ok
        ? bodies.value.bodies.find((b) => b.id === f.decider_body)
        : undefined;
      if (f.decider_kind === "body" && body === undefined)
        return {
          ok: false,
          error: {
            code: "invalid_request",
            message: "decider_body: Choose a body from the list",
          },
        };
      return recordSordEntry(...writer(c, "code"), {
        reference: f.reference,
        decision_type: f.decision_type,
        decider_kind: f.decider_kind,
        decider_id: f.decider_kind === "body" ? f.decider_body : f.officer_id,
        decider_name:
          f.decider_kind === "body" ? (body?.name ?? "") : f.officer_name,
        up_to_pence: f.up_to === "" ? null : parsePounds(f.up_to),
        legally_responsible_body: f.legally_responsible_body,
        valid_from: f.valid_from,
      });
    },
    fields: SORD_FIELDS,
    fallback: "reference",
    done: (c) => `${overview(c)}/who-decides#scheme`,
  });

  formRoutes(app, `${base}/scheme/:reference/end`, endSordPage, {
    schema: endForm,
    run: (c, f) => endSordEntry(...writer(c, "code", "reference"), f),
    fields: ENDED,
    fallback: "valid_to",
    done: (c) => `${overview(c)}/who-decides#scheme`,
  });

  app.get(`${base}/local-rules`, async (c) => requireSignIn(c) ?? rulesPage(c));
  formRoutes(app, `${base}/local-rules/new`, rulePage, {
    schema: ruleForm,
    run: (c, f) =>
      addLocalRule(...writer(c, "code"), {
        body_kinds: f.body_kinds,
        rule: { ...f.rule, id: f.id, source: "local", label: f.label },
        valid_from: f.valid_from,
      }),
    fields: RULE_FIELDS,
    fallback: "id",
    done: (c) => `${overview(c)}/local-rules`,
  });

  formRoutes(app, `${base}/local-rules/:id/retire`, retireRulePage, {
    schema: endForm,
    run: (c, f) => retireLocalRule(...writer(c, "code", "id"), f),
    fields: ENDED,
    fallback: "valid_to",
    done: (c) => `${overview(c)}/local-rules`,
  });

  formRoutes(
    app,
    `${base}/bodies/:id/change`,
    (c, values, fieldErrors, status) =>
      changePage(c, status === 200 ? null : values, fieldErrors, status),
    {
      schema: changeForm,
      run: (c, f) =>
        changeBody(
          ...writer(c, "code", "id"),
          f.dissolve
            ? { from: f.from, dissolve: true }
            : {
                from: f.from,
                name: f.name,
                voting_rule: f.voting_rule,
                chair_has_casting_vote: f.casting_vote === "yes",
                quorum: {
                  minimumVotingMembers: f.quorum_voting,
                  minimumNhs: f.quorum_nhs,
                  minimumLocalGovernment: f.quorum_lg,
                },
              },
        ),
      fields: CHANGE_FIELDS,
      fallback: "from",
      done: (c, body, f) =>
        body === null
          ? `${overview(c)}#bodies`
          : `${bodyHref(code(c), body.id)}?as_at=${f.from}`,
    },
  );
}
