import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import {
  getCodelist,
  listAgreements,
  listCodelists,
  listQueryLog,
  publishAgreement,
} from "./registers-service";

const icsCode = z.string().min(3).max(9).openapi({
  description: "ICB ODS code (e.g. QZ9)",
  example: "QZ9",
});
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
const format = z
  .enum(["json", "csv"])
  .optional()
  .openapi({ description: "csv downloads the table as CSV." });

const agreementSchema = z
  .object({
    agreement_id: z.string(),
    ics_code: z.string(),
    title: z.string(),
    organisation: z.string(),
    data_scope: z.array(z.string()),
    purposes: z.array(z.string()),
    legal_basis_article_6: z.string(),
    legal_basis_article_9: z.string(),
    common_law_basis: z.string(),
    processors: z.array(z.object({ name: z.string(), role: z.string() })),
    valid_from: z.string(),
    valid_until: z.string(),
    commercial_use: z.literal("not permitted"),
  })
  .openapi("DataSharingAgreement");
const queryLogSchema = z
  .object({
    query_id: z.number().int(),
    ics_code: z.string(),
    run_by: z.string(),
    organisation: z.string(),
    run_at: z.string(),
    purpose: z.string(),
    agreement_id: z.string(),
    definition: z.unknown(),
    definition_sha256: z.string(),
    outputs: z.unknown(),
    disclosure_rule: z.string(),
  })
  .openapi("QueryLogEntry");
const codelistSchema = z
  .object({
    slug: z.string(),
    version: z.string(),
    source: z.string(),
    imported_at: z.string(),
    imported_by: z.string(),
    codes: z.number().int(),
  })
  .openapi("Codelist");

export const AGREEMENT_CSV_COLUMNS = [
  "agreement_id",
  "title",
  "organisation",
  "data_scope",
  "purposes",
  "legal_basis_article_6",
  "legal_basis_article_9",
  "common_law_basis",
  "processors",
  "valid_from",
  "valid_until",
  "commercial_use",
];
export const QUERY_LOG_CSV_COLUMNS = [
  "query_id",
  "run_at",
  "run_by",
  "organisation",
  "purpose",
  "agreement_id",
  "definition_sha256",
  "disclosure_rule",
  "outputs",
  "definition",
];

/** Flattens list and object cells for CSV. */
export const csvCell = (v: unknown): unknown =>
  Array.isArray(v) && v.every((x) => typeof x === "string")
    ? v.join("; ")
    : v !== null && typeof v === "object"
      ? JSON.stringify(v)
      : v;

const routes = {
  agreements: createRoute({
    method: "get",
    path: "/api/ics/{code}/data-sharing",
    tags: ["population-health"],
    summary:
      "The public register of data-sharing agreements of an ICS: who may use which patient-level data, for what, on which legal basis, until when (commercial use is never permitted)",
    request: {
      params: z.object({ code: icsCode }),
      query: z.object({ format }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              agreements: z.array(agreementSchema),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Agreements, latest ending first",
      },
      400: problemResponse("The ICS code is not valid"),
    },
  }),
  publish: createRoute({
    method: "post",
    path: "/api/ics/{code}/data-sharing",
    tags: ["population-health"],
    summary:
      "Publish or revise a data-sharing agreement (an officer of the ICS; send x-csrf-token)",
    request: {
      params: z.object({ code: icsCode }),
      body: {
        content: {
          "application/json": { schema: z.record(z.string(), z.unknown()) },
        },
        required: true,
      },
    },
    responses: {
      201: {
        content: { "application/json": { schema: agreementSchema } },
        description: "The agreement as published",
      },
      400: problemResponse(
        "The agreement is not valid (commercial use is refused)",
      ),
      403: problemResponse("Not an officer of this ICS"),
    },
  }),
  queryLog: createRoute({
    method: "get",
    path: "/api/ics/{code}/query-log",
    tags: ["population-health"],
    summary:
      "The public log of every query run on the ICS's patient-level data: who, when, purpose, agreement, full definition, its SHA-256 and the outputs released",
    request: {
      params: z.object({ code: icsCode }),
      query: z.object({ format }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              ics: z.string(),
              entries: z.array(queryLogSchema),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Logged queries, latest first",
      },
      400: problemResponse("The ICS code is not valid"),
    },
  }),
  codelists: createRoute({
    method: "get",
    path: "/api/codelists",
    tags: ["population-health"],
    summary: "Every codelist version held, with its source",
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({ codelists: z.array(codelistSchema) }),
          },
        },
        description: "Codelists",
      },
    },
  }),
  codelist: createRoute({
    method: "get",
    path: "/api/codelists/{slug}/{version}",
    tags: ["population-health"],
    summary:
      "One version of a codelist with its codes and terms (slug with / written as ~)",
    request: {
      params: z.object({
        slug: z.string().openapi({ example: "opensafely~hypertension" }),
        version: z.string(),
      }),
      query: z.object({ format }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: codelistSchema.extend({
              entries: z.array(
                z.object({ code: z.string(), term: z.string() }),
              ),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "The codelist",
      },
      404: problemResponse("No such codelist version"),
    },
  }),
};

export function registerPopulationHealthRegistersApi(
  app: OpenAPIHono<AppEnv>,
): void {
  app.openapi(routes.agreements, async (c) => {
    const result = await listAgreements(c.get("db"), c.req.valid("param").code);
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const v = result.value;
    if (c.req.valid("query").format === "csv")
      return toCsvResponse(
        c,
        `${v.ics}-data-sharing-agreements.csv`,
        v.agreements.map((a) =>
          Object.fromEntries(
            Object.entries(a).map(([k, x]) => [k, csvCell(x)]),
          ),
        ),
        AGREEMENT_CSV_COLUMNS,
      );
    return c.json(
      {
        ics: v.ics,
        agreements: v.agreements.map((a) => ({
          ...a,
          commercial_use: "not permitted" as const,
        })),
      },
      200,
    );
  });

  app.openapi(routes.publish, async (c) => {
    const result = await publishAgreement(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(
      { ...result.value, commercial_use: "not permitted" as const },
      201,
    );
  });

  app.openapi(routes.queryLog, async (c) => {
    const result = await listQueryLog(c.get("db"), c.req.valid("param").code);
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const v = result.value;
    if (c.req.valid("query").format === "csv")
      return toCsvResponse(
        c,
        `${v.ics}-query-log.csv`,
        v.entries.map((e) =>
          Object.fromEntries(
            Object.entries(e).map(([k, x]) => [k, csvCell(x)]),
          ),
        ),
        QUERY_LOG_CSV_COLUMNS,
      );
    return c.json(v, 200);
  });

  app.openapi(routes.codelists, async (c) =>
    c.json({ codelists: await listCodelists(c.get("db")) }, 200),
  );

  app.openapi(routes.codelist, async (c) => {
    const p = c.req.valid("param");
    const result = await getCodelist(
      c.get("db"),
      p.slug.replaceAll("~", "/"),
      p.version,
    );
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const v = result.value;
    if (c.req.valid("query").format === "csv")
      return toCsvResponse(
        c,
        `${v.slug.replaceAll("/", "-")}-${v.version}.csv`,
        v.entries.map((e) => ({ ...e })),
        ["code", "term"],
      );
    return c.json(v, 200);
  });
}
