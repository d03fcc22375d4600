import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import {
  answer,
  anyObject,
  icsCode,
  problemResponse,
  writer,
} from "./api-shared";
import {
  addItem,
  addItemInput,
  addPaper,
  attendanceInput,
  createMeeting,
  createMeetingInput,
  decideItem,
  decisionInput,
  listMeetings,
  minutesInput,
  recordAttendance,
  recordMinutes,
  recordRuling,
  recordVotes,
  rulingInput,
  showMeeting,
  votesInput,
} from "./meetings-service";

// JSON routes for meetings: the public record, and the board secretary's writes.

const writeProblems = {
  400: problemResponse("The request is not valid"),
  403: problemResponse("Not an officer of this ICS (send x-csrf-token)"),
  404: problemResponse("No such ICS, meeting or item"),
  409: problemResponse("Already recorded, or already decided"),
  422: problemResponse(
    "A rule refuses it: a private item without a reason, an unruled conflict, no quorum after withdrawals, an ineligible vote or no authority; the detail says which",
  ),
};
const meetingParams = z.object({
  code: icsCode,
  id: z.string().openapi({ example: "QZ9-icb_board-2025-09-18" }),
});
const itemParams = meetingParams.extend({
  item: z.string().openapi({ example: "QZ9-icb_board-2025-09-18-3" }),
});
const write = <P extends z.ZodObject, S extends z.ZodType>(
  path: string,
  summary: string,
  params: P,
  schema: S,
) =>
  createRoute({
    method: "post",
    path,
    tags: ["governance"],
    summary,
    request: {
      params,
      body: { content: { "application/json": { schema } }, required: true },
    },
    responses: {
      201: {
        content: { "application/json": { schema: anyObject } },
        description: "What was recorded",
      },
      ...writeProblems,
    },
  });

const meetingSummary = z
  .object({
    id: z.string(),
    body_id: z.string(),
    body_name: z.string(),
    date: z.string(),
    title: z.string(),
  })
  .openapi("MeetingSummary");

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/ics/{code}/meetings",
    tags: ["governance"],
    summary: "Meetings of an ICS's bodies, latest first",
    request: {
      params: z.object({ code: icsCode }),
      query: z.object({
        body_id: z.string().optional(),
        format: z.enum(["json", "csv"]).optional(),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              meetings: z.array(meetingSummary),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Meetings",
      },
      404: problemResponse("No such ICS"),
    },
  }),
  show: createRoute({
    method: "get",
    path: "/api/ics/{code}/meetings/{id}",
    tags: ["governance"],
    summary:
      "A meeting: agenda, papers, attendance, declarations and the chair's rulings, quorum after withdrawals, named votes and decisions with their authority. Items in private show their reason, who decided and the review date.",
    request: { params: meetingParams },
    responses: {
      200: {
        content: { "application/json": { schema: anyObject } },
        description: "The meeting as this reader may see it",
      },
      404: problemResponse("No such ICS or meeting"),
    },
  }),
  create: write(
    "/api/ics/{code}/meetings",
    "Create a meeting of a body (officers)",
    z.object({ code: icsCode }),
    createMeetingInput,
  ),
  paper: write(
    "/api/ics/{code}/meetings/{id}/papers",
    "Add a paper (title and link) to a meeting (officers)",
    meetingParams,
    z.object({
      title: z.string(),
      url: z.string(),
      item_number: z.string().nullable().optional(),
    }),
  ),
  item: write(
    "/api/ics/{code}/meetings/{id}/items",
    "Add an agenda item naming the organisations, suppliers, contracts or places it concerns; an item in private needs a reason, who decided and a review date, and the withholding is appended to the public log (officers)",
    meetingParams,
    addItemInput,
  ),
  attendance: write(
    "/api/ics/{code}/meetings/{id}/attendance",
    "Record who attended (officers)",
    meetingParams,
    attendanceInput,
  ),
  ruling: write(
    "/api/ics/{code}/meetings/{id}/items/{item}/rulings",
    "Record the chair's ruling on a member's declared interest: withdraw, observe or participate, with the reason (officers)",
    itemParams,
    rulingInput,
  ),
  votes: write(
    "/api/ics/{code}/meetings/{id}/items/{item}/votes",
    "Record named votes; refused while a conflict is unruled or the meeting is inquorate for the item (officers)",
    itemParams,
    votesInput,
  ),
  decision: write(
    "/api/ics/{code}/meetings/{id}/items/{item}/decision",
    "Record the decision with its authority in the scheme of delegation; appended to the public log (officers)",
    itemParams,
    decisionInput,
  ),
  minutes: write(
    "/api/ics/{code}/meetings/{id}/minutes",
    "Record the minutes and actions (officers)",
    meetingParams,
    minutesInput,
  ),
};

export function registerMeetingsApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid("query");
    const r = await listMeetings(
      c.get("db"),
      c.req.valid("param").code,
      q.body_id,
    );
    if (!r.ok) return problem(c, r.error.code, r.error.message);
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${r.value.ics.code}-meetings.csv`,
        r.value.meetings.map((m) => ({ ...m })),
        ["id", "body_id", "body_name", "date", "title"],
      );
    return c.json({ ics: r.value.ics.code, meetings: r.value.meetings }, 200);
  });

  app.openapi(routes.show, async (c) => {
    const p = c.req.valid("param");
    const r = await showMeeting(c.get("db"), c.get("actor"), p.code, p.id);
    if (!r.ok) return problem(c, r.error.code, r.error.message) as never;
    return c.json({ ...r.value }, 200);
  });

  // Every write answers 201 with what was recorded, or the use case's problem.
  const recorded = (
    c: Context<AppEnv>,
    r: Parameters<typeof answer>[1],
  ): never => answer(c, r, (value) => ({ recorded: value }));
  const meeting = (c: Context<AppEnv>) => writer(c, "code", "id");
  const item = (c: Context<AppEnv>) => writer(c, "code", "id", "item");

  app.openapi(routes.create, async (c) =>
    recorded(c, await createMeeting(...writer(c, "code"), c.req.valid("json"))),
  );
  app.openapi(routes.paper, async (c) =>
    recorded(c, await addPaper(...meeting(c), c.req.valid("json"))),
  );
  app.openapi(routes.item, async (c) =>
    recorded(c, await addItem(...meeting(c), c.req.valid("json"))),
  );
  app.openapi(routes.attendance, async (c) =>
    recorded(c, await recordAttendance(...meeting(c), c.req.valid("json"))),
  );
  app.openapi(routes.ruling, async (c) =>
    recorded(c, await recordRuling(...item(c), c.req.valid("json"))),
  );
  app.openapi(routes.votes, async (c) =>
    recorded(c, await recordVotes(...item(c), c.req.valid("json"))),
  );
  app.openapi(routes.decision, async (c) =>
    recorded(c, await decideItem(...item(c), c.req.valid("json"))),
  );
  app.openapi(routes.minutes, async (c) =>
    recorded(c, await recordMinutes(...meeting(c), c.req.valid("json"))),
  );
}
