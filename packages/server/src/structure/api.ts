import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { structure } from "@openics/core";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { recordPartner } from "./partners";
import { toCsvResponse } from "../csv";
import {
  ICS_TABLES,
  getBoundaries,
  getIcsOverview,
  getPractice,
  listIcs,
  summariseStructure,
} from "./service";

const asAt = z.iso.date().optional().openapi({
  description:
    "The date the structure is described on (YYYY-MM-DD); default today.",
  example: "2025-10-01",
});
const format = z
  .enum(["json", "csv"])
  .optional()
  .openapi({ description: "csv downloads the table as CSV." });
const icsCode = z.string().min(3).max(9).openapi({
  description: "ICB ODS (e.g. QYG) or GSS (e.g. E54000008) code",
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

const icbSchema = z
  .object({
    ods_code: z.string(),
    gss_code: z.string().nullable(),
    name: z.string(),
    region_ods: z.string(),
    region_name: z.string().nullable(),
    synthetic: z.boolean(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
    population: z.number().int(),
    lsoas: z.number().int(),
  })
  .openapi("Icb");

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/ics",
    tags: ["structure"],
    summary: "The ICSs (ICBs) of England on a date",
    request: { query: z.object({ as_at: asAt, format }) },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({ as_at: z.string(), ics: z.array(icbSchema) }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "ICBs in effect on the date",
      },
    },
  }),
  summary: createRoute({
    method: "get",
    path: "/api/summary",
    tags: ["structure"],
    summary: "Counts for England or one ICS on a date",
    request: { query: z.object({ ics: icsCode.optional(), as_at: asAt }) },
    responses: {
      200: {
        content: { "application/json": { schema: structure.structureSummary } },
        description: "Counts",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  ics: createRoute({
    method: "get",
    path: "/api/ics/{code}",
    tags: ["structure"],
    summary: "One ICS: its ICB, counts, places with coterminosity, history",
    request: {
      params: z.object({ code: icsCode }),
      query: z.object({ as_at: asAt }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              icb: z.record(z.string(), z.unknown()),
              counts: z.record(z.string(), z.unknown()),
              places: z.array(z.record(z.string(), z.unknown())),
              history: z.unknown(),
            }),
          },
        },
        description: "The ICS",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  table: createRoute({
    method: "get",
    path: "/api/ics/{code}/{table}",
    tags: ["structure"],
    summary:
      "A table of one ICS on a date: places, practices, LSOAs, PCNs, partners or constituencies",
    request: {
      params: z.object({ code: icsCode, table: z.enum(ICS_TABLES) }),
      query: z.object({ as_at: asAt, format }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              as_at: z.string(),
              rows: z.array(z.record(z.string(), z.unknown())),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Rows",
      },
      404: problemResponse("No such ICS on that date"),
    },
  }),
  practice: createRoute({
    method: "get",
    path: "/api/practices/{code}",
    tags: ["structure"],
    summary: "A GP practice with its PCN and sub-ICB history",
    request: {
      params: z.object({ code: z.string().openapi({ example: "A81001" }) }),
    },
    responses: {
      200: {
        content: {
          "application/json": { schema: z.record(z.string(), z.unknown()) },
        },
        description: "The practice",
      },
      404: problemResponse("No such practice"),
    },
  }),
  boundaries: createRoute({
    method: "get",
    path: "/api/boundaries/{layer}",
    tags: ["structure"],
    summary: "Boundaries of one layer as a GeoJSON FeatureCollection",
    request: {
      params: z.object({
        layer: z.enum([
          "region",
          "icb",
          "sub_icb",
          "lad",
          "constituency",
          "lsoa",
        ]),
      }),
      query: z.object({
        codes: z
          .string()
          .optional()
          .openapi({ description: "Comma-separated codes; all when absent" }),
      }),
    },
    responses: {
      200: {
        content: {
          "application/geo+json": {
            schema: z.object({
              type: z.literal("FeatureCollection"),
              features: z.array(z.unknown()),
            }),
          },
        },
        description: "Boundaries",
      },
    },
  }),
};

const recordPartnerRoute = createRoute({
  method: "post",
  path: "/api/ics/{code}/partners",
  tags: ["structure"],
  summary:
    "Record or update a partner organisation of an ICS (officers of that ICS; send x-csrf-token)",
  request: {
    params: z.object({ code: icsCode }),
    body: {
      content: { "application/json": { schema: structure.partnerInput } },
      required: true,
    },
  },
  responses: {
    201: {
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()) },
      },
      description: "The partner as recorded",
    },
    400: problemResponse("The partner is not valid"),
    403: problemResponse("Not an officer of this ICS"),
    404: problemResponse("No such ICS"),
    409: problemResponse("The code belongs to another ICS's organisation"),
  },
});

export function registerStructureApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(recordPartnerRoute, async (c) => {
    const result = await recordPartner(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 201);
  });

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid("query");
    const { asAt, icbs } = await listIcs(c.get("db"), q.as_at);
    if (q.format === "csv") return toCsvResponse(c, `ics-${asAt}.csv`, icbs);
    return c.json({ as_at: asAt, ics: icbs }, 200);
  });

  app.openapi(routes.summary, async (c) => {
    const q = c.req.valid("query");
    const result = await summariseStructure(c.get("db"), {
      ics: q.ics,
      asAt: q.as_at,
    });
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 200);
  });

  app.openapi(routes.ics, async (c) => {
    const result = await getIcsOverview(
      c.get("db"),
      c.req.valid("param").code,
      c.req.valid("query").as_at,
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    const v = result.value;
    return c.json(
      {
        as_at: v.asAt,
        icb: v.icb,
        counts: v.counts,
        places: v.places,
        history: v.history,
      },
      200,
    );
  });

  app.openapi(routes.table, async (c) => {
    const { code, table } = c.req.valid("param");
    const q = c.req.valid("query");
    const result = await getIcsOverview(c.get("db"), code, q.as_at);
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const rows: readonly Record<string, unknown>[] = result.value[table];
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `${result.value.icb.ods_code}-${table}-${result.value.asAt}.csv`,
        rows,
      );
    return c.json({ as_at: result.value.asAt, rows: [...rows] }, 200);
  });

  app.openapi(routes.practice, async (c) => {
    const result = await getPractice(c.get("db"), c.req.valid("param").code);
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 200);
  });

  app.openapi(routes.boundaries, async (c) => {
    const codes =
      c.req
        .valid("query")
        .codes?.split(",")
        .map((s) => s.trim())
        .filter(Boolean) ?? null;
    const rows = await getBoundaries(
      c.get("db"),
      c.req.valid("param").layer,
      codes,
    );
    const body = {
      type: "FeatureCollection" as const,
      features: rows.map((r) => ({
        type: "Feature",
        properties: { code: r.code, name: r.name },
        geometry: r.geometry,
      })),
    };
    return c.body(JSON.stringify(body), 200, {
      "content-type": "application/geo+json",
    }) as never;
  });
}
