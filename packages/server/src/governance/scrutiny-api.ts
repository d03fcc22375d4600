import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import {
  answer,
  asAt,
  format,
  icsCode,
  jsonBody,
  listing,
  problemResponse,
  writer,
} from "./api-shared";
import {
  addCommitment,
  addCommitmentInput,
  addEvidence,
  addEvidenceInput,
  addSession,
  addSessionInput,
  getInquiry,
  listCommitments,
  listGifts,
  listInquiries,
  makeRecommendation,
  makeRecommendationInput,
  markCommitmentDone,
  markDoneInput,
  openInquiry,
  openInquiryInput,
  recordGift,
  recordGiftInput,
  respondInput,
  respondToRecommendation,
} from "./scrutiny-service";

// The JSON API for gifts and hospitality, scrutiny inquiries and compact commitments. Input
// schemas come from the service (plain zod), so they are described, not .openapi()-ed.

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const body = (schema: z.ZodType, description: string) => ({
  body: jsonBody(schema, description),
});
const created = json(z.record(z.string(), z.unknown()), "Recorded");
const WRITE_ERRORS = {
  400: problemResponse("The request is not valid; the detail names the field"),
  403: problemResponse("Not an officer of this ICS"),
  404: problemResponse("No such ICS, inquiry or record"),
};

export const GIFT_COLUMNS = [
  "id",
  "person_id",
  "person_name",
  "kind",
  "giver_name",
  "giver_organisation_code",
  "giver_organisation_name",
  "description",
  "value_pence",
  "received_on",
  "accepted",
  "declared_on",
];
export const COMMITMENT_COLUMNS = [
  "id",
  "instrument",
  "description",
  "owner",
  "due_on",
  "done_on",
  "status",
  "on_time",
];
const RECOMMENDATION_COLUMNS = [
  "inquiry_id",
  "inquiry_title",
  "number",
  "text",
  "addressed_to",
  "made_on",
  "response_due_on",
  "status",
];

const giftView = z
  .object({
    id: z.string(),
    person_id: z.string(),
    person_name: z.string(),
    kind: z.enum(["gift", "hospitality"]),
    giver_name: z.string(),
    giver_organisation_code: z.string().nullable(),
    giver_organisation_name: z.string().nullable(),
    description: z.string(),
    value_pence: z.number().int(),
    received_on: z.string(),
    accepted: z.boolean(),
    declared_on: z.string(),
  })
  .openapi("GiftOrHospitality");
const statusCounts = z.object({
  answered: z.number().int(),
  answered_late: z.number().int(),
  awaiting: z.number().int(),
  overdue: z.number().int(),
});
const recommendationView = z
  .object({
    id: z.string(),
    inquiry_id: z.string(),
    number: z.string(),
    text: z.string(),
    addressed_to: z.string(),
    made_on: z.string(),
    response_due_on: z.string(),
    status: z.enum(["answered", "answered_late", "awaiting", "overdue"]),
    response: z
      .object({
        outcome: z.enum(["accepted", "partly_accepted", "rejected"]),
        text: z.string(),
        responding_body: z.string(),
        responded_on: z.string(),
      })
      .nullable(),
  })
  .openapi("ScrutinyRecommendation");
const inquiryView = z
  .object({
    id: z.string(),
    committee_kind: z.string(),
    committee_name: z.string(),
    local_authority_code: z.string().nullable(),
    title: z.string(),
    terms_of_reference: z.string(),
    opened_on: z.string(),
    sessions: z.array(z.string()),
    counts: statusCounts,
  })
  .openapi("ScrutinyInquiry");
const commitmentView = z
  .object({
    id: z.string(),
    instrument: z.enum(["partnership_compact", "annual_joint_mandate"]),
    description: z.string(),
    owner: z.string(),
    due_on: z.string(),
    done_on: z.string().nullable(),
    status: z.enum(["done", "open", "overdue"]),
    on_time: z.boolean().nullable(),
  })
  .openapi("CompactCommitment");

const code = z.object({ code: icsCode });
const inquiryParams = z.object({ code: icsCode, id: z.string().min(1) });
const tags = ["governance"];

const routes = {
  recordGift: createRoute({
    method: "post",
    path: "/api/ics/{code}/gifts",
    tags,
    summary:
      "Record a gift or hospitality (a member their own, an officer anyone's; send x-csrf-token). It is appended to the public log.",
    request: {
      params: code,
      ...body(recordGiftInput, "A gift or hospitality, value in whole pence"),
    },
    responses: {
      201: json(
        z.object({ gift: giftView, log: z.unknown() }),
        "Recorded, with its log entry",
      ),
      ...WRITE_ERRORS,
      422: problemResponse("The giver's code is not in the partner list"),
    },
  }),
  gifts: createRoute({
    method: "get",
    path: "/api/ics/{code}/gifts",
    tags,
    summary:
      "The register of gifts and hospitality of an ICS as published on a date",
    request: { params: code, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              ics: z.string(),
              entries: z.array(giftView),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Entries declared by the date, newest first",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  inquiries: createRoute({
    method: "get",
    path: "/api/ics/{code}/inquiries",
    tags,
    summary:
      "Scrutiny inquiries of an ICS, with the overdue responses to their recommendations",
    request: { params: code, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              ics: z.string(),
              inquiries: z.array(inquiryView),
              overdue: z.array(
                recommendationView.extend({ inquiry_title: z.string() }),
              ),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description:
          "Inquiries open by the date; csv gives the overdue responses",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  openInquiry: createRoute({
    method: "post",
    path: "/api/ics/{code}/inquiries",
    tags,
    summary: "Open a scrutiny inquiry (officers of the ICS; send x-csrf-token)",
    request: {
      params: code,
      ...body(openInquiryInput, "An inquiry and its terms of reference"),
    },
    responses: { 201: created, ...WRITE_ERRORS },
  }),
  inquiry: createRoute({
    method: "get",
    path: "/api/ics/{code}/inquiries/{id}",
    tags,
    summary:
      "One scrutiny inquiry with its evidence, sessions, recommendations and responses",
    request: { params: inquiryParams, query: z.object({ as_at: asAt }) },
    responses: {
      200: json(
        z.object({
          as_at: z.string(),
          ics: z.string(),
          inquiry: inquiryView.extend({
            evidence: z.array(
              z.object({
                id: z.string(),
                given_by: z.string(),
                given_on: z.string(),
                summary: z.string(),
                link: z.string().nullable(),
              }),
            ),
            recommendations: z.array(recommendationView),
          }),
        }),
        "The inquiry as at the date",
      ),
      404: problemResponse("No such ICS or inquiry"),
    },
  }),
  addEvidence: createRoute({
    method: "post",
    path: "/api/ics/{code}/inquiries/{id}/evidence",
    tags,
    summary: "Add evidence to an inquiry (officers; send x-csrf-token)",
    request: {
      params: inquiryParams,
      ...body(addEvidenceInput, "Who gave it, when, a summary and a link"),
    },
    responses: { 201: created, ...WRITE_ERRORS },
  }),
  addSession: createRoute({
    method: "post",
    path: "/api/ics/{code}/inquiries/{id}/sessions",
    tags,
    summary:
      "Add a public session date to an inquiry (officers; send x-csrf-token)",
    request: {
      params: inquiryParams,
      ...body(addSessionInput, "The session's date"),
    },
    responses: { 201: created, ...WRITE_ERRORS },
  }),
  makeRecommendation: createRoute({
    method: "post",
    path: "/api/ics/{code}/inquiries/{id}/recommendations",
    tags,
    summary:
      "Record a recommendation and its response deadline (officers; send x-csrf-token)",
    request: {
      params: inquiryParams,
      ...body(makeRecommendationInput, "A recommendation"),
    },
    responses: { 201: created, ...WRITE_ERRORS },
  }),
  respond: createRoute({
    method: "post",
    path: "/api/ics/{code}/inquiries/{id}/recommendations/{recommendation}/response",
    tags,
    summary:
      "Record the ICS's response to a recommendation: accepted, partly accepted or rejected (officers; send x-csrf-token)",
    request: {
      params: inquiryParams.extend({ recommendation: z.string().min(1) }),
      ...body(respondInput, "The response"),
    },
    responses: {
      201: created,
      ...WRITE_ERRORS,
      409: problemResponse("The recommendation already has a response"),
    },
  }),
  commitments: createRoute({
    method: "get",
    path: "/api/ics/{code}/compacts",
    tags,
    summary:
      "Commitments of the Partnership Compact and Annual Joint Mandate, done, open or overdue on a date",
    request: { params: code, query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              ics: z.string(),
              commitments: z.array(commitmentView),
              counts: z.object({
                done: z.number(),
                open: z.number(),
                overdue: z.number(),
              }),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Commitments with their status",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  addCommitment: createRoute({
    method: "post",
    path: "/api/ics/{code}/compacts/commitments",
    tags,
    summary:
      "Add a commitment with its owner and due date (officers; send x-csrf-token)",
    request: { params: code, ...body(addCommitmentInput, "A commitment") },
    responses: { 201: created, ...WRITE_ERRORS },
  }),
  markDone: createRoute({
    method: "post",
    path: "/api/ics/{code}/compacts/commitments/{id}/done",
    tags,
    summary:
      "Mark a commitment done on a date, once (officers; send x-csrf-token)",
    request: {
      params: inquiryParams,
      ...body(markDoneInput, "The date it was done"),
    },
    responses: {
      201: created,
      ...WRITE_ERRORS,
      409: problemResponse("Already done"),
    },
  }),
};

export function registerScrutinyApi(app: OpenAPIHono<AppEnv>): void {
  const ics = (c: Context<AppEnv>) => writer(c, "code");
  const inquiry = (c: Context<AppEnv>) => writer(c, "code", "id");

  app.openapi(routes.recordGift, async (c) =>
    answer(c, await recordGift(...ics(c), c.req.valid("json"))),
  );

  app.openapi(routes.gifts, async (c) => {
    const q = c.req.valid("query");
    return listing(
      c,
      await listGifts(c.get("db"), c.req.valid("param").code, q.as_at),
      q.format,
      (v) => ({
        file: `${v.ics}-gifts-and-hospitality-${v.asAt}.csv`,
        rows: v.entries.map((e) => ({ ...e })),
        columns: GIFT_COLUMNS,
      }),
      (v) => ({ as_at: v.asAt, ics: v.ics, entries: v.entries }),
    );
  });

  app.openapi(routes.inquiries, async (c) => {
    const q = c.req.valid("query");
    return listing(
      c,
      await listInquiries(c.get("db"), c.req.valid("param").code, q.as_at),
      q.format,
      (v) => ({
        file: `${v.ics}-overdue-scrutiny-responses-${v.asAt}.csv`,
        rows: v.overdue.map((r) => ({ ...r })),
        columns: RECOMMENDATION_COLUMNS,
      }),
      (v) => ({
        as_at: v.asAt,
        ics: v.ics,
        inquiries: v.inquiries.map((i) => ({
          ...i,
          sessions: [...i.sessions],
        })),
        overdue: v.overdue,
      }),
    );
  });

  app.openapi(routes.openInquiry, async (c) =>
    answer(c, await openInquiry(...ics(c), c.req.valid("json"))),
  );

  app.openapi(routes.inquiry, async (c) => {
    const p = c.req.valid("param");
    const result = await getInquiry(
      c.get("db"),
      p.code,
      p.id,
      c.req.valid("query").as_at,
    );
    return answer(
      c,
      result,
      (v) => ({ as_at: v.asAt, ics: v.ics, inquiry: v.inquiry }),
      200,
    );
  });

  app.openapi(routes.addEvidence, async (c) =>
    answer(c, await addEvidence(...inquiry(c), c.req.valid("json"))),
  );

  app.openapi(routes.addSession, async (c) =>
    answer(c, await addSession(...inquiry(c), c.req.valid("json"))),
  );

  app.openapi(routes.makeRecommendation, async (c) =>
    answer(c, await makeRecommendation(...inquiry(c), c.req.valid("json"))),
  );

  app.openapi(routes.respond, async (c) =>
    answer(
      c,
      await respondToRecommendation(
        ...writer(c, "code", "id", "recommendation"),
        c.req.valid("json"),
      ),
    ),
  );

  app.openapi(routes.commitments, async (c) => {
    const q = c.req.valid("query");
    return listing(
      c,
      await listCommitments(c.get("db"), c.req.valid("param").code, q.as_at),
      q.format,
      (v) => ({
        file: `${v.ics}-compact-commitments-${v.asAt}.csv`,
        rows: v.commitments.map((r) => ({ ...r })),
        columns: COMMITMENT_COLUMNS,
      }),
      (v) => ({
        as_at: v.asAt,
        ics: v.ics,
        commitments: v.commitments,
        counts: v.counts,
      }),
    );
  });

  app.openapi(routes.addCommitment, async (c) =>
    answer(c, await addCommitment(...ics(c), c.req.valid("json"))),
  );

  app.openapi(routes.markDone, async (c) =>
    answer(c, await markCommitmentDone(...inquiry(c), c.req.valid("json"))),
  );
}

/** The audit actions these use cases write. */
export const SCRUTINY_AUDIT_EVENTS = [
  "record_gift",
  "open_inquiry",
  "add_evidence",
  "add_session",
  "make_recommendation",
  "respond_to_recommendation",
  "add_commitment",
  "mark_commitment_done",
] as const;

/** The open-data tables they publish. */
export const SCRUTINY_EXPORTS = [
  {
    name: "gifts",
    path: "/api/ics/{code}/gifts?format=csv",
    description:
      "The register of gifts and hospitality of an ICS as published on a date (as_at)",
  },
  {
    name: "overdue-scrutiny-responses",
    path: "/api/ics/{code}/inquiries?format=csv",
    description:
      "Scrutiny recommendations whose response from the ICS is overdue on a date",
  },
  {
    name: "compact-commitments",
    path: "/api/ics/{code}/compacts?format=csv",
    description:
      "Partnership Compact and Annual Joint Mandate commitments, done, open or overdue",
  },
];
