import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { governance } from "@openics/core";
import type { AppEnv } from "../context";
import {
  answer,
  anyObject,
  asAt,
  format,
  icsCode,
  jsonBody,
  listing,
  problemResponse,
  writer,
} from "./api-shared";
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
  type BodyDetail,
} from "./bodies-service";

// JSON routes for governance models, bodies, members, local rules and the scheme of delegation.

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
    return listing(
      c,
      await governanceOverview(c.get("db"), c.req.valid("param").code, q.as_at),
      q.format,
      (v) => ({
        file: `${v.ics.code}-bodies-${v.asAt}.csv`,
        rows: v.bodies.map((b) => ({ ...b })),
        columns: BODY_COLUMNS,
      }),
      (v) => ({
        ics: v.ics.code,
        as_at: v.asAt,
        model: v.model === null ? null : adoptionJson(v.model),
        history: v.history.map(adoptionJson),
        bodies: v.bodies,
      }),
    );
  });

  app.openapi(routes.body, async (c) => {
    const q = c.req.valid("query");
    const p = c.req.valid("param");
    const members = (v: BodyDetail) =>
      v.members.map((m) => memberJson(m, v.organisationNames));
    return listing(
      c,
      await bodyDetail(c.get("db"), p.code, p.id, q.as_at),
      q.format,
      (v) => ({
        file: `${v.body.id}-members-${v.asAt}.csv`,
        rows: members(v),
        columns: MEMBER_COLUMNS,
      }),
      (v) => ({
        ics: v.ics.code,
        as_at: v.asAt,
        body: { ...v.body },
        members: members(v),
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
      }),
    );
  });

  const ics = (c: Context<AppEnv>) => writer(c, "code");
  const byId = (c: Context<AppEnv>) => writer(c, "code", "id");

  app.openapi(routes.adopt, async (c) =>
    answer(c, await adoptModel(...ics(c), c.req.valid("json")), (v) => ({
      adoption: adoptionJson(v.adoption),
      created: v.created,
      ended: v.ended,
    })),
  );

  app.openapi(routes.createBody, async (c) =>
    answer(c, await createBody(...ics(c), c.req.valid("json")), (v) => ({
      ...v,
    })),
  );

  app.openapi(routes.changeBody, async (c) =>
    answer(c, await changeBody(...byId(c), c.req.valid("json")), (v) =>
      v === null ? null : { ...v },
    ),
  );

  app.openapi(routes.addMember, async (c) =>
    answer(c, await addMember(...byId(c), c.req.valid("json")), (v) =>
      memberJson(v, {}),
    ),
  );

  app.openapi(routes.endMember, async (c) =>
    answer(c, await endMember(...byId(c), c.req.valid("json")), (v) => v, 200),
  );

  app.openapi(routes.addLocalRule, async (c) =>
    answer(c, await addLocalRule(...ics(c), c.req.valid("json")), (v) => ({
      ...v,
    })),
  );

  app.openapi(routes.scheme, async (c) => {
    const q = c.req.valid("query");
    return listing(
      c,
      await listScheme(c.get("db"), c.req.valid("param").code, q.as_at),
      q.format,
      (v) => ({
        file: `${v.ics.code}-scheme-${v.asAt}.csv`,
        rows: v.entries.map(sordJson),
        columns: SCHEME_COLUMNS,
      }),
      (v) => ({
        ics: v.ics.code,
        as_at: v.asAt,
        entries: v.entries.map(sordJson),
      }),
    );
  });

  app.openapi(routes.recordScheme, async (c) =>
    answer(c, await recordSordEntry(...ics(c), c.req.valid("json")), sordJson),
  );

  app.openapi(routes.whoDecides, async (c) => {
    const q = c.req.valid("query");
    const r = await answerWhoDecides(
      c.get("db"),
      c.req.valid("param").code,
      q.decision_type,
      q.value_pence,
      q.as_at,
    );
    return answer(c, r, sordJson, 200);
  });
}
