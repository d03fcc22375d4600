import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { finance } from "@openics/core";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import {
  contractsRegister,
  recordContract,
  recordSpendPlaceMapping,
  recordSupplierOverride,
  spendAnalysis,
} from "./spend-service";

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
  })
  .openapi("SpendProblem");
const problemResponse = (description: string) => ({
  content: { "application/problem+json": { schema: problemSchema } },
  description,
});

const icsParam = z.object({
  code: z
    .string()
    .min(3)
    .max(9)
    .openapi({
      param: { name: "code", in: "path" },
      description: "The ICS's ICB ODS (or GSS) code",
      example: "QZ9",
    }),
});

const SPEND_TABLES = [
  "months",
  "services",
  "suppliers",
  "owners",
  "sectors",
  "places",
] as const;

const monthShare = z.object({
  month: z.string(),
  total_pence: z.number().int(),
  independent_pence: z.number().int(),
  independent_share: z.number().nullable(),
});

const routes = {
  spend: createRoute({
    method: "get",
    path: "/api/ics/{code}/finance/spend",
    tags: ["finance"],
    summary:
      "Independent-sector share of an ICS's spend by month, service (expense type), supplier and parent owner",
    request: {
      params: icsParam,
      query: z.object({
        format: z.enum(["json", "csv"]).optional(),
        table: z.enum(SPEND_TABLES).optional().openapi({
          description: "With format=csv: which table (default months)",
        }),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z
              .object({
                ics_code: z.string(),
                ics_name: z.string(),
                files: z.number().int(),
                months: z.array(monthShare),
              })
              .loose(),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Spend analysis (money in pence)",
      },
      404: problemResponse("No such ICS"),
    },
  }),
  contracts: createRoute({
    method: "get",
    path: "/api/ics/{code}/finance/contracts",
    tags: ["finance"],
    summary:
      "An ICS's contracts register: Provider Selection Regime route, value, term, standstill, notices and changes of owner",
    request: {
      params: icsParam,
      query: z.object({ format: z.enum(["json", "csv"]).optional() }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z
              .object({ ics_code: z.string(), contracts: z.array(z.any()) })
              .loose(),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Contracts (money in pence)",
      },
      404: problemResponse("No such ICS"),
    },
  }),
  recordContract: createRoute({
    method: "post",
    path: "/api/ics/{code}/finance/contracts",
    tags: ["finance"],
    summary: "Record or correct a contract of the ICS (officers of the ICS)",
    request: {
      params: icsParam,
      body: {
        content: {
          "application/json": { schema: z.record(z.string(), z.unknown()) },
        },
      },
    },
    responses: {
      201: {
        content: {
          "application/json": {
            schema: z.object({ reference: z.string() }).loose(),
          },
        },
        description: "The contract as recorded",
      },
      400: problemResponse("The contract is not valid"),
      403: problemResponse("Not an officer of the ICS"),
      404: problemResponse("No such ICS"),
    },
  }),
};

const overrideRoute = createRoute({
  method: "post",
  path: "/api/ics/{code}/finance/suppliers",
  tags: ["finance"],
  summary:
    "Record a supplier's sector and ultimate parent owner for the ICS's spend analysis (officers of the ICS); it overrides every rule",
  request: {
    params: icsParam,
    body: {
      content: {
        "application/json": {
          schema: z.object({
            supplier: z.string().trim().min(1),
            sector: z.enum(finance.SUPPLIER_SECTORS),
            parent_owner: z.string().trim().nullable().default(null),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      content: {
        "application/json": {
          schema: z.object({ supplier: z.string() }).loose(),
        },
      },
      description: "The classification as recorded",
    },
    400: problemResponse("Not a valid classification"),
    403: problemResponse("Not an officer of the ICS"),
    404: problemResponse("No such ICS"),
  },
});

const placeMappingRoute = createRoute({
  method: "post",
  path: "/api/ics/{code}/finance/spend/places",
  tags: ["finance"],
  summary:
    "Attribute a paying body's spend in an expense area to a place of the ICS (officers of the ICS); an empty expense area covers the body's other areas. Spend published by a local authority is its place's without a mapping; spend matching no rule is shown as ICS-wide / not attributed",
  request: {
    params: icsParam,
    body: {
      content: {
        "application/json": { schema: finance.spendPlaceMappingInput },
      },
    },
  },
  responses: {
    201: {
      content: {
        "application/json": {
          schema: z.object({ body_code: z.string() }).loose(),
        },
      },
      description: "The mapping as recorded",
    },
    400: problemResponse("Not a valid mapping, or not a place of the ICS"),
    403: problemResponse("Not an officer of the ICS"),
    404: problemResponse("No such ICS"),
  },
});

export const CONTRACT_CSV_COLUMNS = [
  "reference",
  "title",
  "service",
  "provider",
  "provider_sector",
  "parent_owner",
  "route",
  "value_pence",
  "start_date",
  "end_date",
  "intention_notice_date",
  "standstill_end_date",
  "intention_notice_url",
  "award_notice_url",
  "previous_reference",
  "subcontractors",
] as const;

export const contractCsvRows = (contracts: readonly finance.Contract[]) =>
  contracts.map((k) => ({ ...k, subcontractors: k.subcontractors.join("; ") }));

export function registerSpendApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.spend, async (c) => {
    const { code } = c.req.valid("param");
    const q = c.req.valid("query");
    const result = await spendAnalysis(c.get("db"), code);
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const v = result.value;
    if (q.format === "csv") {
      const table = q.table ?? "months";
      return toCsvResponse(
        c,
        `spend-${table}-${v.ics_code}.csv`,
        v[table].map((r) => ({ ...r })),
      );
    }
    return c.json(v, 200);
  });
  app.openapi(routes.contracts, async (c) => {
    const { code } = c.req.valid("param");
    const result = await contractsRegister(c.get("db"), code);
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    if (c.req.valid("query").format === "csv")
      return toCsvResponse(
        c,
        `contracts-${result.value.ics_code}.csv`,
        contractCsvRows(result.value.contracts),
        CONTRACT_CSV_COLUMNS,
      );
    return c.json(result.value, 200);
  });
  app.openapi(overrideRoute, async (c) => {
    const { code } = c.req.valid("param");
    const body = c.req.valid("json");
    const result = await recordSupplierOverride(
      c.get("db"),
      c.get("actor"),
      code,
      { ...body, parent_owner: body.parent_owner || null },
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 201);
  });
  app.openapi(placeMappingRoute, async (c) => {
    const { code } = c.req.valid("param");
    const result = await recordSpendPlaceMapping(
      c.get("db"),
      c.get("actor"),
      code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 201);
  });
  app.openapi(routes.recordContract, async (c) => {
    const { code } = c.req.valid("param");
    const result = await recordContract(
      c.get("db"),
      c.get("actor"),
      code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json(result.value, 201);
  });
}
