import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { governance } from "@openics/core";
import type { AppEnv } from "../context";
import { renderErrorPage, renderPage, type LayoutView } from "../web";
import { asAtOf, registerRegisterPages } from "./register-pages";
import {
  addCommitment,
  addEvidence,
  addSession,
  getInquiry,
  listCommitments,
  listInquiries,
  makeRecommendation,
  markCommitmentDone,
  openInquiry,
  peopleForRegister,
  recordGift,
  respondToRecommendation,
} from "./scrutiny-service";
import type { GovernanceServiceError } from "./service";
import { writer } from "./api-shared";
import { errorList, requireSignIn } from "./forms";

// Scrutiny and compact pages: public pages anyone can read, and staff forms (officers of the ICS)
// that are plain POST forms with the CSRF token, thin adapters over the same use cases as the API.

type Form = Record<string, string>;
type Failure = { readonly ok: false; readonly error: GovernanceServiceError };

const breadcrumbs = (
  code: string,
  name: string,
  more: { text: string; href: string }[] = [],
) => [
  { text: "Home", href: "/" },
  { text: name, href: `/ics/${code}` },
  ...more,
];

const notFound = (c: Context<AppEnv>, title: string, message: string) =>
  renderErrorPage(c, 404, title, message, {
    links: [{ text: "See every ICS", href: "/" }],
  });

async function formOf(
  c: Context<AppEnv>,
  fields: readonly string[],
): Promise<Form> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    fields.map((f) => {
      const v = body[f];
      return [f, typeof v === "string" ? v.trim() : ""];
    }),
  );
}

/**
 * A use case's "field: message; field: message" as errors for the error summary, each linking to
 * its field in the form (ids are `${prefix}-${field}`); a message about no field goes to the first.
 */
function fieldErrorsOf(
  message: string,
  fields: readonly string[],
  prefix: string,
) {
  const fieldErrors: Record<string, string> = {};
  for (const part of message.split("; ")) {
    const [field = "", ...rest] = part.split(": ");
    const known = fields.find((f) => f === field.replace(/\.\d+$/, ""));
    const key = known ?? fields[0] ?? "";
    fieldErrors[key] ??= known ? rest.join(": ") : part;
  }
  const errors = errorList(fieldErrors, (f) => `${prefix}-${f}`);
  return { fieldErrors, errors };
}

/** A refusal that is not about the form's fields gets its own page. */
function refusalPage(c: Context<AppEnv>, failure: Failure): Response | null {
  const { code, message } = failure.error;
  if (code === "forbidden")
    return renderErrorPage(
      c,
      403,
      "You cannot change this ICS's records",
      message,
    );
  if (
    code === "unknown_ics" ||
    code === "unknown_inquiry" ||
    code === "unknown_commitment" ||
    code === "unknown_recommendation"
  )
    return notFound(c, "Not found", message);
  return null;
}

const emptyToNull = (s: string | undefined) =>
  s === undefined || s === "" ? null : s;

// ---------------------------------------------------------------------------------------------
// Scrutiny: the public pages

const committeeLabel = (kind: governance.ScrutinyCommitteeKind) =>
  governance.SCRUTINY_COMMITTEE_LABELS[kind];
const statusTag = (s: governance.ResponseStatus) => ({
  text: governance.RESPONSE_STATUS_LABELS[s],
  colour:
    s === "overdue"
      ? "red"
      : s === "awaiting"
        ? "yellow"
        : s === "answered_late"
          ? "orange"
          : "green",
});

async function scrutinyPage(c: Context<AppEnv>) {
  const asAt = asAtOf(c);
  const result = await listInquiries(
    c.get("db"),
    c.req.param("code") ?? "",
    asAt.date,
  );
  if (!result.ok) return notFound(c, "ICS not found", result.error.message);
  const v = result.value;
  const officer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics,
  });
  const view: LayoutView & Record<string, unknown> = {
    title: "Scrutiny",
    breadcrumbs: breadcrumbs(v.ics, v.icsName),
    synthetic: v.synthetic,
    errors: asAt.error ? [asAt.error] : [],
    icsName: v.icsName,
    asAt: asAt.date,
    asAtForm: {
      action: c.req.path,
      value: asAt.fieldValue,
      error: asAt.error?.text,
    },
    inquiries: v.inquiries.map((i) => ({
      ...i,
      committee: `${i.committee_name} (${committeeLabel(i.committee_kind)})`,
      href: `/ics/${v.ics}/scrutiny/${encodeURIComponent(i.id)}${asAt.requested ? `?as_at=${asAt.requested}` : ""}`,
      recommendations: Object.values(i.counts).reduce((s, n) => s + n, 0),
    })),
    overdue: v.overdue.map((r) => ({
      ...r,
      href: `/ics/${v.ics}/scrutiny/${encodeURIComponent(r.inquiry_id)}#recommendation-${encodeURIComponent(r.number)}`,
    })),
    csvHref: `/api/ics/${v.ics}/inquiries?format=csv&as_at=${asAt.date}`,
    newHref: officer ? `/ics/${v.ics}/scrutiny/new` : null,
  };
  return renderPage(
    c,
    "governance/scrutiny/index.njk",
    view,
    asAt.error ? 400 : 200,
  );
}

async function inquiryPage(c: Context<AppEnv>) {
  const asAt = asAtOf(c);
  const result = await getInquiry(
    c.get("db"),
    c.req.param("code") ?? "",
    c.req.param("id") ?? "",
    asAt.date,
  );
  if (!result.ok)
    return notFound(
      c,
      result.error.code === "unknown_inquiry"
        ? "Inquiry not found"
        : "ICS not found",
      result.error.message,
    );
  const v = result.value;
  const i = v.inquiry;
  const officer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics,
  });
  const view: LayoutView & Record<string, unknown> = {
    title: i.title,
    breadcrumbs: breadcrumbs(v.ics, v.icsName, [
      { text: "Scrutiny", href: `/ics/${v.ics}/scrutiny` },
    ]),
    synthetic: v.synthetic,
    errors: asAt.error ? [asAt.error] : [],
    icsName: v.icsName,
    asAt: asAt.date,
    asAtForm: {
      action: c.req.path,
      value: asAt.fieldValue,
      error: asAt.error?.text,
    },
    inquiry: {
      ...i,
      committee: `${i.committee_name} (${committeeLabel(i.committee_kind)})`,
    },
    recommendations: i.recommendations.map((r) => ({
      ...r,
      tag: statusTag(r.status),
      outcome: r.response
        ? governance.RESPONSE_OUTCOME_LABELS[r.response.outcome]
        : null,
    })),
    manageHref: officer
      ? `/ics/${v.ics}/scrutiny/${encodeURIComponent(i.id)}/manage`
      : null,
  };
  return renderPage(
    c,
    "governance/scrutiny/inquiry.njk",
    view,
    asAt.error ? 400 : 200,
  );
}

// ---------------------------------------------------------------------------------------------
// Scrutiny: staff forms

const INQUIRY_FIELDS = [
  "committee_kind",
  "committee_name",
  "local_authority_code",
  "title",
  "terms_of_reference",
  "opened_on",
  "sessions",
] as const;

async function newInquiryForm(
  c: Context<AppEnv>,
  values: Form,
  failure: Failure | null,
) {
  const code = (c.req.param("code") ?? "").toUpperCase();
  const listing = await listInquiries(c.get("db"), code);
  if (!listing.ok) return notFound(c, "ICS not found", listing.error.message);
  const { fieldErrors, errors } = failure
    ? fieldErrorsOf(failure.error.message, INQUIRY_FIELDS, "inquiry")
    : { fieldErrors: {}, errors: [] };
  const view: LayoutView & Record<string, unknown> = {
    title: "Open a scrutiny inquiry",
    breadcrumbs: breadcrumbs(listing.value.ics, listing.value.icsName, [
      { text: "Scrutiny", href: `/ics/${listing.value.ics}/scrutiny` },
    ]),
    synthetic: listing.value.synthetic,
    errors,
    icsName: listing.value.icsName,
    action: c.req.path,
    values,
    fieldErrors,
    committeeKinds: governance.SCRUTINY_COMMITTEE_KINDS.map((k) => ({
      value: k,
      text: committeeLabel(k),
      checked: (values["committee_kind"] ?? "ics_scrutiny_committee") === k,
    })),
  };
  return renderPage(
    c,
    "governance/scrutiny/inquiry-new.njk",
    view,
    failure ? 400 : 200,
  );
}

const EVIDENCE_FIELDS = ["given_by", "given_on", "summary", "link"] as const;
const SESSION_FIELDS = ["held_on"] as const;
const RECOMMENDATION_FIELDS = [
  "number",
  "text",
  "addressed_to",
  "made_on",
  "response_due_on",
] as const;
const RESPONSE_FIELDS = [
  "outcome",
  "text",
  "responding_body",
  "responded_on",
] as const;

interface ManageState {
  readonly form: string;
  readonly values: Form;
  readonly failure: Failure;
}

async function manageInquiryPage(
  c: Context<AppEnv>,
  state: ManageState | null,
) {
  const result = await getInquiry(
    c.get("db"),
    c.req.param("code") ?? "",
    c.req.param("id") ?? "",
  );
  if (!result.ok) return notFound(c, "Inquiry not found", result.error.message);
  const v = result.value;
  const base = `/ics/${v.ics}/scrutiny/${encodeURIComponent(v.inquiry.id)}`;
  const fieldsOf: Record<string, readonly string[]> = {
    evidence: EVIDENCE_FIELDS,
    session: SESSION_FIELDS,
    recommendation: RECOMMENDATION_FIELDS,
  };
  const stateFields = state ? (fieldsOf[state.form] ?? RESPONSE_FIELDS) : [];
  const { fieldErrors, errors } = state
    ? fieldErrorsOf(state.failure.error.message, stateFields, state.form)
    : { fieldErrors: {}, errors: [] };
  const forForm = (form: string) =>
    state?.form === form
      ? { values: state.values, errors: fieldErrors }
      : { values: {}, errors: {} };
  const view: LayoutView & Record<string, unknown> = {
    title: `Manage the inquiry: ${v.inquiry.title}`,
    breadcrumbs: breadcrumbs(v.ics, v.icsName, [
      { text: "Scrutiny", href: `/ics/${v.ics}/scrutiny` },
      { text: v.inquiry.title, href: base },
    ]),
    synthetic: v.synthetic,
    errors,
    icsName: v.icsName,
    inquiry: v.inquiry,
    evidence: { action: `${base}/evidence`, ...forForm("evidence") },
    session: { action: `${base}/sessions`, ...forForm("session") },
    recommendation: {
      action: `${base}/recommendations`,
      ...forForm("recommendation"),
    },
    awaiting: v.inquiry.recommendations
      .filter((r) => r.response === null)
      .map((r) => {
        const form = `response-${r.id}`;
        return {
          ...r,
          prefix: form,
          action: `${base}/recommendations/${encodeURIComponent(r.id)}/response`,
          ...forForm(form),
          outcomes: governance.RESPONSE_OUTCOMES.map((o) => ({
            value: o,
            text: governance.RESPONSE_OUTCOME_LABELS[o],
            checked: state?.form === form && state.values["outcome"] === o,
          })),
        };
      }),
  };
  return renderPage(
    c,
    "governance/scrutiny/inquiry-manage.njk",
    view,
    state ? 400 : 200,
  );
}

/** Handles one staff form: read its fields, run the use case, redirect on success, re-show on failure. */
function postHandler<T>(
  fields: readonly string[],
  run: (
    c: Context<AppEnv>,
    form: Form,
  ) => Promise<{ ok: true; value: T } | Failure>,
  onSuccess: (c: Context<AppEnv>, value: T) => string,
  onFailure: (
    c: Context<AppEnv>,
    form: Form,
    failure: Failure,
  ) => Promise<Response>,
) {
  return async (c: Context<AppEnv>) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const form = await formOf(c, fields);
    const result = await run(c, form);
    if (result.ok) return c.redirect(onSuccess(c, result.value), 303);
    return refusalPage(c, result) ?? onFailure(c, form, result);
  };
}

const inquiryBase = (c: Context<AppEnv>) =>
  `/ics/${(c.req.param("code") ?? "").toUpperCase()}/scrutiny/${encodeURIComponent(c.req.param("id") ?? "")}`;

function registerScrutinyStaffPages(app: OpenAPIHono<AppEnv>): void {
  app.get(
    "/ics/:code/scrutiny/new",
    async (c) => requireSignIn(c) ?? newInquiryForm(c, {}, null),
  );
  app.post(
    "/ics/:code/scrutiny/new",
    postHandler(
      INQUIRY_FIELDS,
      (c, f) =>
        openInquiry(c.get("db"), c.get("actor"), c.req.param("code") ?? "", {
          committee_kind: f["committee_kind"],
          committee_name: f["committee_name"],
          local_authority_code: emptyToNull(f["local_authority_code"]),
          title: f["title"],
          terms_of_reference: f["terms_of_reference"],
          opened_on: f["opened_on"],
          sessions: (f["sessions"] ?? "")
            .split(/[\s,]+/)
            .filter((s) => s !== ""),
        }),
      (c, created) =>
        `/ics/${(c.req.param("code") ?? "").toUpperCase()}/scrutiny/${encodeURIComponent(created.id)}`,
      (c, f, failure) => newInquiryForm(c, f, failure),
    ),
  );
  app.get(
    "/ics/:code/scrutiny/:id/manage",
    async (c) => requireSignIn(c) ?? manageInquiryPage(c, null),
  );
  /** A form of the inquiry's staff page: back to its section, or the page with the refusal. */
  const inquiryForm = <T>(
    path: string,
    fields: readonly string[],
    run: Parameters<typeof postHandler<T>>[1],
    section: string,
    form: (c: Context<AppEnv>) => string,
  ) =>
    app.post(
      `/ics/:code/scrutiny/:id/${path}`,
      postHandler(
        fields,
        run,
        (c) => `${inquiryBase(c)}#${section}`,
        (c, values, failure) =>
          manageInquiryPage(c, { form: form(c), values, failure }),
      ),
    );
  inquiryForm(
    "evidence",
    EVIDENCE_FIELDS,
    (c, f) =>
      addEvidence(...writer(c, "code", "id"), {
        ...f,
        link: emptyToNull(f["link"]),
      }),
    "evidence",
    () => "evidence",
  );
  inquiryForm(
    "sessions",
    SESSION_FIELDS,
    (c, f) => addSession(...writer(c, "code", "id"), f),
    "sessions",
    () => "session",
  );
  inquiryForm(
    "recommendations",
    RECOMMENDATION_FIELDS,
    (c, f) => makeRecommendation(...writer(c, "code", "id"), f),
    "recommendations",
    () => "recommendation",
  );
  inquiryForm(
    "recommendations/:rec/response",
    RESPONSE_FIELDS,
    (c, f) => respondToRecommendation(...writer(c, "code", "id", "rec"), f),
    "recommendations",
    (c) => `response-${c.req.param("rec") ?? ""}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Partnership Compact and Annual Joint Mandate

const COMMITMENT_FIELDS = [
  "instrument",
  "description",
  "owner",
  "due_on",
] as const;
const DONE_FIELDS = ["done_on"] as const;

async function compactsPage(
  c: Context<AppEnv>,
  state: ManageState | null = null,
) {
  const asAt = asAtOf(c);
  const result = await listCommitments(
    c.get("db"),
    c.req.param("code") ?? "",
    asAt.date,
  );
  if (!result.ok) return notFound(c, "ICS not found", result.error.message);
  const v = result.value;
  const officer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics,
  });
  const stateFields =
    state?.form === "commitment" ? COMMITMENT_FIELDS : DONE_FIELDS;
  const { fieldErrors, errors } = state
    ? fieldErrorsOf(state.failure.error.message, stateFields, state.form)
    : { fieldErrors: {}, errors: [] };
  const forForm = (form: string) =>
    state?.form === form
      ? { values: state.values, errors: fieldErrors }
      : { values: {}, errors: {} };
  const instruments = (
    ["partnership_compact", "annual_joint_mandate"] as const
  ).map((instrument) => ({
    id: instrument.replaceAll("_", "-"),
    title: governance.COMMITMENT_INSTRUMENT_LABELS[instrument],
    commitments: v.commitments
      .filter((x) => x.instrument === instrument)
      .map((x) => ({
        ...x,
        tag: {
          text: x.status,
          colour:
            x.status === "overdue"
              ? "red"
              : x.status === "done"
                ? "green"
                : "blue",
        },
        doneForm:
          officer && x.status !== "done" && x.done_on === null
            ? {
                prefix: `done-${x.id}`,
                action: `/ics/${v.ics}/compacts/commitments/${encodeURIComponent(x.id)}/done`,
                ...forForm(`done-${x.id}`),
              }
            : null,
      })),
  }));
  const view: LayoutView & Record<string, unknown> = {
    title: "Partnership Compact and Annual Joint Mandate",
    breadcrumbs: breadcrumbs(v.ics, v.icsName),
    synthetic: v.synthetic,
    errors: [...(asAt.error ? [asAt.error] : []), ...errors],
    icsName: v.icsName,
    asAt: asAt.date,
    asAtForm: {
      action: `/ics/${v.ics}/compacts`,
      value: asAt.fieldValue,
      error: asAt.error?.text,
    },
    counts: v.counts,
    instruments,
    overdue: v.commitments.filter((x) => x.status === "overdue"),
    csvHref: `/api/ics/${v.ics}/compacts?format=csv&as_at=${asAt.date}`,
    add: officer
      ? {
          action: `/ics/${v.ics}/compacts/commitments`,
          ...forForm("commitment"),
          instruments: (
            ["partnership_compact", "annual_joint_mandate"] as const
          ).map((i) => ({
            value: i,
            text: governance.COMMITMENT_INSTRUMENT_LABELS[i],
            checked:
              (state?.form === "commitment"
                ? state.values["instrument"]
                : "partnership_compact") === i,
          })),
        }
      : null,
  };
  return renderPage(
    c,
    "governance/scrutiny/compacts.njk",
    view,
    state || asAt.error ? 400 : 200,
  );
}

function registerCompactPages(app: OpenAPIHono<AppEnv>): void {
  app.get("/ics/:code/compacts", (c) => compactsPage(c));
  const compacts = (c: Context<AppEnv>) =>
    `/ics/${(c.req.param("code") ?? "").toUpperCase()}/compacts`;
  app.post(
    "/ics/:code/compacts/commitments",
    postHandler(
      COMMITMENT_FIELDS,
      (c, f) => addCommitment(...writer(c, "code"), f),
      (c) => `${compacts(c)}#commitments`,
      (c, values, failure) =>
        compactsPage(c, { form: "commitment", values, failure }),
    ),
  );
  app.post(
    "/ics/:code/compacts/commitments/:id/done",
    postHandler(
      DONE_FIELDS,
      (c, f) => markCommitmentDone(...writer(c, "code", "id"), f),
      (c) => `${compacts(c)}#commitments`,
      (c, values, failure) =>
        compactsPage(c, {
          form: `done-${c.req.param("id") ?? ""}`,
          values,
          failure,
        }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Recording a gift or hospitality: members their own, officers anyone's

const GIFT_FIELDS = [
  "person_id",
  "kind",
  "giver_name",
  "giver_organisation_code",
  "description",
  "value",
  "received_on",
  "accepted",
] as const;

async function giftForm(
  c: Context<AppEnv>,
  values: Form,
  failure: Failure | null,
) {
  const people = await peopleForRegister(
    c.get("db"),
    c.get("actor"),
    c.req.param("code") ?? "",
  );
  if (!people.ok) return notFound(c, "ICS not found", people.error.message);
  const v = people.value;
  if (v.people.length === 0)
    return renderErrorPage(
      c,
      403,
      "You cannot record gifts for this ICS",
      `Only members of ${v.icsName}'s boards and committees record their own gifts and hospitality, and its officers anyone's.`,
    );
  // The use case names the money in pence; the form asks for pounds.
  const message =
    failure?.error.message.replaceAll("value_pence:", "value:") ?? "";
  const { fieldErrors, errors } = failure
    ? fieldErrorsOf(message, GIFT_FIELDS, "gift")
    : { fieldErrors: {}, errors: [] };
  const view: LayoutView & Record<string, unknown> = {
    title: "Record a gift or hospitality",
    breadcrumbs: breadcrumbs(v.ics, v.icsName, [
      {
        text: "Register of gifts and hospitality",
        href: `/ics/${v.ics}/registers/gifts`,
      },
    ]),
    synthetic: v.synthetic,
    errors,
    icsName: v.icsName,
    action: `/ics/${v.ics}/registers/gifts/new`,
    values,
    fieldErrors,
    people: v.people.map((p) => ({
      value: p.id,
      text: p.name,
      selected: values["person_id"] === p.id,
    })),
    kinds: governance.GIFT_KINDS.map((k) => ({
      value: k,
      text: k,
      checked: (values["kind"] ?? "gift") === k,
    })),
    accepted: [
      { value: "yes", text: "Accepted", checked: values["accepted"] !== "no" },
      { value: "no", text: "Declined", checked: values["accepted"] === "no" },
    ],
  };
  return renderPage(
    c,
    "governance/registers/gift-new.njk",
    view,
    failure ? 400 : 200,
  );
}

function registerGiftForm(app: OpenAPIHono<AppEnv>): void {
  app.get(
    "/ics/:code/registers/gifts/new",
    async (c) => requireSignIn(c) ?? giftForm(c, {}, null),
  );
  app.post(
    "/ics/:code/registers/gifts/new",
    postHandler(
      GIFT_FIELDS,
      (c, f) => {
        const pence = governance.poundsToPence(f["value"] ?? "");
        if (pence === null)
          return Promise.resolve({
            ok: false as const,
            error: {
              code: "invalid_request" as const,
              message: "value: enter the value in pounds and pence, like 85.50",
            },
          });
        return recordGift(...writer(c, "code"), {
          person_id: f["person_id"],
          kind: f["kind"],
          giver_name: f["giver_name"],
          giver_organisation_code: emptyToNull(f["giver_organisation_code"]),
          description: f["description"],
          value_pence: pence,
          received_on: f["received_on"],
          accepted: f["accepted"] !== "no",
        });
      },
      (c) =>
        `/ics/${(c.req.param("code") ?? "").toUpperCase()}/registers/gifts#entries`,
      (c, f, failure) => giftForm(c, f, failure),
    ),
  );
}

/** Every page of the registers, the log, scrutiny and the compacts; staff forms before the pages they share a path with. */
export function registerScrutinyPages(app: OpenAPIHono<AppEnv>): void {
  registerGiftForm(app);
  registerRegisterPages(app);
  registerScrutinyStaffPages(app);
  app.get("/ics/:code/scrutiny", scrutinyPage);
  app.get("/ics/:code/scrutiny/:id", inquiryPage);
  registerCompactPages(app);
}
