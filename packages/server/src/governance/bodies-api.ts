import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { governance } from "@openics/core";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import {
  addLocalRule,
  addLocalRuleInput,
  addMember,
  addMemberInput,
  adoptModel,
  adoptModelInput,
  answerWhoDecides,
  bodyDetail,
  changeBody,
  changeBodyInput,
  createBody,
  createBodyInput,
  endMember,
  endMemberInput,
  governanceOverview,
  listScheme,
  recordSordEntry,
  sordEntryInput,
} from "./bodies-service";

// JSON routes for governance models, bodies, members, local rules and the scheme of delegation.

const icsCode = z.string().min(3).max(9).openapi({
  description: "ICB ODS (e.g. QYG) or GSS (e.g. E54000008) code",
  example: "QZ9",
});
const asAt = z.iso.date().optional().openapi({
  description: "The date (YYYY-MM-DD); default today",
  example: "2025-10-01",
});
const format = z
  .enum(["json", "csv"])
  .optional()
  .openapi({ description: "csv downloads the table as CSV." });
const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
  })
  .openapi("Problem");
const problemResponse = (description: string) => ({
  content: { "application/problem+json": { schema: problemSchema } },
  description,
});
const jsonBody = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema: schema.describe(description) } },
  required: true,
});
const created = (schema: z.ZodType, description: string) => ({
  201: { content: { "application/json": { schema } }, description },
});
const writeProblems = {
  400: problemResponse("The request is not valid"),
  403: problemResponse("Not an officer of this ICS (send x-csrf-token)"),
  404: problemResponse("No such ICS, body or member"),
  409: problemResponse("Already recorded"),
  422: problemResponse("A rule refuses it; the detail says which"),
};
const anyObject = z.record(z.string(), z.unknown());

const bodySummary = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    place_code: z.string().nullable(),
    voting_rule: z.string(),
    members: z.number().int(),
    rules_failed: z.number().int(),
    valid_from: z.string(),
  })
  .openapi("GovernanceBodySummary");
const memberSchema = z
  .object({
    id: z.string(),
    person_id: z.string(),
    person_name: z.string(),
    role: z.string(),
    voting: z.boolean(),
    constituency: z.string(),
    nominated_by: z.string().nullable(),
    nominated_by_name: z.string().nullable(),
    party: z.string().nullable(),
    appointment: anyObject.nullable(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
  })
  .openapi("GovernanceMember");
const ruleCheck = z
  .object({
    rule_id: z.string(),
    source: z.string(),
    label: z.string(),
    passed: z.boolean(),
    message: z.string(),
  })
  .openapi("MembershipRuleCheck");
const figure = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int().nullable().openapi({
    description: "null when suppressed (fewer than 3)",
  }),
  shown: z.string(),
});
const sordSchema = z
  .object({
    reference: z.string(),
    decision_type: z.string(),
    decider_kind: z.string(),
    decider_id: z.string(),
    decider_name: z.string(),
    up_to_pence: z.number().int().nullable().openapi({
      description: "null: no limit (a reserved matter)",
    }),
    legally_responsible_body: z.string(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
  })
  .openapi("SchemeOfDelegationEntry");

export const memberJson = (
  m: governance.Membership,
  names: Readonly<Record<string, string>>,
) => ({
  id: m.id,
  person_id: m.personId,
  person_name: m.personName,
  role: m.role,
  voting: m.voting,
  constituency: m.constituency,
  nominated_by: m.nominatedBy,
  nominated_by_name:
    m.nominatedBy === null ? null : (names[m.nominatedBy] ?? null),
  party: m.party,
  appointment: m.appointment,
  valid_from: m.validFrom,
  valid_to: m.validTo,
});

export const sordJson = (e: governance.SordEntry) => ({
  reference: e.reference,
  decision_type: e.decisionType,
  decider_kind: e.decider.kind,
  decider_id: e.decider.id,
  decider_name: e.decider.name,
  up_to_pence: e.upToPence,
  legally_responsible_body: e.legallyResponsibleBody,
  valid_from: e.validFrom,
  valid_to: e.validTo,
});

const adoptionJson = (a: governance.ModelAdoption) => ({
  model: a.model,
  decided_by: a.decidedBy,
  valid_from: a.validFrom,
  valid_to: a.validTo,
});
const adoptionSchema = z
  .object({
    model: z.string(),
    decided_by: z.string(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
  })
  .openapi("GovernanceModelAdoption");

const MEMBER_COLUMNS = [
  "person_id",
  "person_name",
  "role",
  "voting",
  "constituency",
  "nominated_by",
  "nominated_by_name",
  "party",
  "valid_from",
  "valid_to",
];
const SCHEME_COLUMNS = [
  "reference",
  "decision_type",
  "decider_kind",
  "decider_id",
  "decider_name",
  "up_to_pence",
  "legally_responsible_body",
  "valid_from",
  "valid_to",
];
const BODY_COLUMNS = [
  "id",
  "kind",
  "name",
  "place_code",
  "voting_rule",
  "members",
  "rules_failed",
  "valid_from",
];

const params = z.object({ code: icsCode });
const bodyParams = z.object({
  code: icsCode,
  id: z.string().openapi({ example: "QZ9-icb_board" }),
});

const routes = {
  overview: createRoute({
    method: "get",
    path: "/api/ics/{code}/bodies",
    tags: ["governance"],
    summary:
      "The governance model an ICS runs on a date, its history, and its bodies with their rule checks",
    request: { params, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              as_at: z.string(),
              model: adoptionSchema.nullable(),
              history: z.array(adoptionSchema),
              bodies: z.array(bodySummary),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "The bodies in force on the date",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  body: createRoute({
    method: "get",
    path: "/api/ics/{code}/bodies/{id}",
    tags: ["governance"],
    summary:
      "A body on a date: members with roles, terms and nominating organisations, every membership rule passed or failed, and anonymised expertise figures",
    request: { params: bodyParams, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              as_at: z.string(),
              body: anyObject,
              members: z.array(memberSchema),
              checks: z.array(ruleCheck),
              figures: z.object({
                members: z.number().int(),
                voting: z.number().int(),
                by_expertise: z.array(figure),
                by_constituency: z.array(figure),
                under_represented: z.array(
                  z.object({ key: z.string(), label: z.string() }),
                ),
              }),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "The body (CSV: its members)",
      },
      404: problemResponse("No such ICS or body"),
    },
  }),
  adopt: createRoute({
    method: "post",
    path: "/api/ics/{code}/governance-model",
    tags: ["governance"],
    summary:
      "Adopt a governance model from a date (officers); creates the bodies of its template and ends the previous model",
    request: {
      params,
      body: jsonBody(adoptModelInput, "The model and from when"),
    },
    responses: {
      ...created(
        z.object({
          adoption: adoptionSchema,
          created: z.array(z.string()),
          ended: z.array(z.string()),
        }),
        "The adoption and the bodies created or ended",
      ),
      ...writeProblems,
    },
  }),
  createBody: createRoute({
    method: "post",
    path: "/api/ics/{code}/bodies",
    tags: ["governance"],
    summary: "Create a body the template does not (officers)",
    request: { params, body: jsonBody(createBodyInput, "The body") },
    responses: { ...created(anyObject, "The body"), ...writeProblems },
  }),
  changeBody: createRoute({
    method: "post",
    path: "/api/ics/{code}/bodies/{id}/changes",
    tags: ["governance"],
    summary:
      "Change a body's name, voting rule, casting vote or quorum from a date, or dissolve it (officers); the earlier constitution stays in the history",
    request: {
      params: bodyParams,
      body: jsonBody(changeBodyInput, "What changes, and from when"),
    },
    responses: {
      ...created(
        anyObject.nullable(),
        "The body's new constitution (null when dissolved)",
      ),
      ...writeProblems,
    },
  }),
  addMember: createRoute({
    method: "post",
    path: "/api/ics/{code}/bodies/{id}/members",
    tags: ["governance"],
    summary:
      "Appoint a person to a body for a term, with the nominating organisation and the open appointment record (officers)",
    request: {
      params: bodyParams,
      body: jsonBody(addMemberInput, "The member and their term"),
    },
    responses: { ...created(anyObject, "The membership"), ...writeProblems },
  }),
  endMember: createRoute({
    method: "post",
    path: "/api/ics/{code}/memberships/{id}/end",
    tags: ["governance"],
    summary: "End a member's term on a date (officers)",
    request: {
      params: bodyParams,
      body: jsonBody(endMemberInput, "The first day they no longer sit"),
    },
    responses: {
      200: {
        content: { "application/json": { schema: anyObject } },
        description: "The term as ended",
      },
      ...writeProblems,
    },
  }),
  addLocalRule: createRoute({
    method: "post",
    path: "/api/ics/{code}/local-rules",
    tags: ["governance"],
    summary:
      "Add a membership rule of the ICS's own, for some kinds of body (officers)",
    request: { params, body: jsonBody(addLocalRuleInput, "The rule") },
    responses: { ...created(anyObject, "The rule"), ...writeProblems },
  }),
  scheme: createRoute({
    method: "get",
    path: "/api/ics/{code}/scheme",
    tags: ["governance"],
    summary:
      "The scheme of reservation and delegation in force on a date: who may decide what, up to which value",
    request: { params, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              as_at: z.string(),
              entries: z.array(sordSchema),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Entries in force",
      },
      404: problemResponse("No such ICS"),
    },
  }),
  recordScheme: createRoute({
    method: "post",
    path: "/api/ics/{code}/scheme",
    tags: ["governance"],
    summary:
      "Record an entry of the scheme of reservation and delegation (officers); a new version of a reference ends the old",
    request: { params, body: jsonBody(sordEntryInput, "The entry") },
    responses: { ...created(sordSchema, "The entry"), ...writeProblems },
  }),
  whoDecides: createRoute({
    method: "get",
    path: "/api/ics/{code}/who-decides",
    tags: ["governance"],
    summary:
      "Who decides X? The body or officer that may take a type of decision at a value, and the legally responsible body",
    request: {
      params,
      query: z.object({
        decision_type: z.string().min(1).openapi({ example: "contract_award" }),
        value_pence: z.coerce.number().int().nonnegative().default(0).openapi({
          description: "The value in pence (default 0)",
          example: 150000000,
        }),
        as_at: asAt,
      }),
    },
    responses: {
      200: {
        content: { "application/json": { schema: sordSchema } },
        description: "The entry of the scheme that answers",
      },
      404: problemResponse("No such ICS"),
      422: problemResponse("No entry of the scheme covers the decision"),
    },
  }),
};

export function registerBodiesApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.overview, async (c) => {
    const q = c.req.valid("query");
    const r = await governanceOverview(
      c.get("db"),
      c.req.valid("param").code,
      q.as_at,
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message);
    const v = r.value;
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${v.ics.code}-bodies-${v.asAt}.csv`,
        v.bodies.map((b) => ({ ...b })),
        BODY_COLUMNS,
      );
    return c.json(
      {
        ics: v.ics.code,
        as_at: v.asAt,
        model: v.model === null ? null : adoptionJson(v.model),
        history: v.history.map(adoptionJson),
        bodies: v.bodies,
      },
      200,
    );
  });

  app.openapi(routes.body, async (c) => {
    const q = c.req.valid("query");
    const p = c.req.valid("param");
    const r = await bodyDetail(c.get("db"), p.code, p.id, q.as_at);
    if (!r.ok) return problem(c, r.error.code, r.error.message);
    const v = r.value;
    const members = v.members.map((m) => memberJson(m, v.organisationNames));
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${v.body.id}-members-${v.asAt}.csv`,
        members,
        MEMBER_COLUMNS,
      );
    return c.json(
      {
        ics: v.ics.code,
        as_at: v.asAt,
        body: { ...v.body },
        members,
        checks: v.checks.map((k) => ({
          rule_id: k.ruleId,
          source: k.source,
          label: k.label,
          passed: k.passed,
          message: k.message,
        })),
        figures: {
          members: v.figures.members,
          voting: v.figures.voting,
          by_expertise: [...v.figures.byExpertise],
          by_constituency: [...v.figures.byConstituency],
          under_represented: [...v.figures.underRepresented],
        },
      },
      200,
    );
  });

  app.openapi(routes.adopt, async (c) => {
    const r = await adoptModel(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(
      {
        adoption: adoptionJson(r.value.adoption),
        created: r.value.created,
        ended: r.value.ended,
      },
      201,
    );
  });

  app.openapi(routes.createBody, async (c) => {
    const r = await createBody(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json({ ...r.value }, 201);
  });

  app.openapi(routes.changeBody, async (c) => {
    const p = c.req.valid("param");
    const r = await changeBody(
      c.get("db"),
      c.get("actor"),
      p.code,
      p.id,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(r.value === null ? null : { ...r.value }, 201);
  });

  app.openapi(routes.addMember, async (c) => {
    const p = c.req.valid("param");
    const r = await addMember(
      c.get("db"),
      c.get("actor"),
      p.code,
      p.id,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(memberJson(r.value, {}), 201);
  });

  app.openapi(routes.endMember, async (c) => {
    const p = c.req.valid("param");
    const r = await endMember(
      c.get("db"),
      c.get("actor"),
      p.code,
      p.id,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(r.value, 200);
  });

  app.openapi(routes.addLocalRule, async (c) => {
    const r = await addLocalRule(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json({ ...r.value }, 201);
  });

  app.openapi(routes.scheme, async (c) => {
    const q = c.req.valid("query");
    const r = await listScheme(c.get("db"), c.req.valid("param").code, q.as_at);
    if (!r.ok) return problem(c, r.error.code, r.error.message);
    const entries = r.value.entries.map(sordJson);
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${r.value.ics.code}-scheme-${r.value.asAt}.csv`,
        entries,
        SCHEME_COLUMNS,
      );
    return c.json({ ics: r.value.ics.code, as_at: r.value.asAt, entries }, 200);
  });

  app.openapi(routes.recordScheme, async (c) => {
    const r = await recordSordEntry(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(sordJson(r.value), 201);
  });

  app.openapi(routes.whoDecides, async (c) => {
    const q = c.req.valid("query");
    const r = await answerWhoDecides(
      c.get("db"),
      c.req.valid("param").code,
      q.decision_type,
      q.value_pence,
      q.as_at,
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json(sordJson(r.value), 200);
  });
}
