import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import { icsCode, problemResponse } from "./api-shared";
import {
  declareInterest,
  declareInterestInput,
  listLog,
  listRegister,
  verifyLog,
} from "./service";

// Schemas built here with @hono/zod-openapi's z so they can carry OpenAPI names; the input schema
// comes from the service (plain zod), so it is described, not .openapi()-ed.

const registerEntry = z
  .object({
    id: z.string(),
    person_id: z.string(),
    person_name: z.string(),
    type: z.string(),
    organisation_code: z.string(),
    organisation_name: z.string().nullable(),
    description: z.string(),
    held_by: z.string().nullable(),
    declared_on: z.string(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
  })
  .openapi("InterestRegisterEntry");
const logEntry = z
  .object({
    sequence: z.number().int(),
    kind: z.string(),
    recorded_at: z.string(),
    payload: z.unknown(),
    previous_hash: z.string(),
    hash: z.string(),
  })
  .openapi("GovernanceLogEntry");
const chainReport = z
  .object({
    ics: z.string(),
    valid: z.boolean(),
    length: z.number().int(),
    head: z.string().optional(),
    first_broken: z.number().int().optional().openapi({
      description: "Sequence number of the first entry that does not check out",
    }),
    reason: z.string().optional(),
  })
  .openapi("ChainReport");

const REGISTER_COLUMNS = [
  "id",
  "person_id",
  "person_name",
  "type",
  "organisation_code",
  "organisation_name",
  "description",
  "held_by",
  "declared_on",
  "valid_from",
  "valid_to",
];

const routes = {
  declare: createRoute({
    method: "post",
    path: "/api/ics/{code}/interests",
    tags: ["governance"],
    summary:
      "Declare an interest on the register (a member their own, an officer of the ICS anyone's; send x-csrf-token). It is appended to the public log.",
    request: {
      params: z.object({ code: icsCode }),
      body: {
        content: {
          "application/json": {
            schema: declareInterestInput.describe(
              "A declaration of interest; valid_from defaults to today",
            ),
          },
        },
        required: true,
      },
    },
    responses: {
      201: {
        content: {
          "application/json": {
            schema: z.object({
              declaration: z.record(z.string(), z.unknown()),
              log: logEntry,
            }),
          },
        },
        description: "The declaration as registered and its log entry",
      },
      400: problemResponse("The declaration is not valid"),
      403: problemResponse("Not this person, nor an officer of this ICS"),
      404: problemResponse("No such ICS or person"),
      422: problemResponse("The organisation is not in the partner list"),
    },
  }),
  register: createRoute({
    method: "get",
    path: "/api/ics/{code}/interests",
    tags: ["governance"],
    summary: "The register of interests of an ICS as it stood on a date",
    request: {
      params: z.object({ code: icsCode }),
      query: z.object({
        as_at: z.iso.date().optional().openapi({
          description: "The date (YYYY-MM-DD); default today",
          example: "2025-10-01",
        }),
        format: z
          .enum(["json", "csv"])
          .optional()
          .openapi({ description: "csv downloads the register as CSV." }),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              ics: z.string(),
              entries: z.array(registerEntry),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Interests in force on the date",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  log: createRoute({
    method: "get",
    path: "/api/ics/{code}/log",
    tags: ["governance"],
    summary: "The public hash-chained log of an ICS, in order",
    request: { params: z.object({ code: icsCode }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({ ics: z.string(), entries: z.array(logEntry) }),
          },
        },
        description: "Log entries",
      },
      404: problemResponse("No such ICS"),
    },
  }),
  verify: createRoute({
    method: "get",
    path: "/api/ics/{code}/log/verify",
    tags: ["governance"],
    summary:
      "Recompute the hash chain of an ICS's log and report the first entry that does not check out",
    request: { params: z.object({ code: icsCode }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              valid: z.boolean(),
              chains: z.array(chainReport),
            }),
          },
        },
        description: "The verification (valid false when the chain is broken)",
      },
      404: problemResponse("No such ICS"),
    },
  }),
};

export function registerGovernanceApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.declare, async (c) => {
    const result = await declareInterest(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(
      { declaration: result.value.declaration, log: result.value.log },
      201,
    );
  });

  app.openapi(routes.register, async (c) => {
    const q = c.req.valid("query");
    const result = await listRegister(
      c.get("db"),
      c.req.valid("param").code,
      q.as_at,
    );
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const v = result.value;
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${v.ics}-interests-${v.asAt}.csv`,
        v.entries.map((e) => ({ ...e })),
        REGISTER_COLUMNS,
      );
    return c.json({ as_at: v.asAt, ics: v.ics, entries: v.entries }, 200);
  });

  app.openapi(routes.log, async (c) => {
    const result = await listLog(c.get("db"), c.req.valid("param").code);
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 200);
  });

  app.openapi(routes.verify, async (c) => {
    const result = await verifyLog(c.get("db"), c.req.valid("param").code);
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(
      { valid: result.value.valid, chains: [...result.value.chains] },
      200,
    );
  });
}
