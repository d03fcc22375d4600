import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { finance } from "@openics/core";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import {
  TARGET_CSV_COLUMNS,
  fairShareTargets,
  financeHub,
  needIndex,
  recordFinancePlan,
} from "./service";
import { HUB_TABLES, hubTable } from "./hub-tables";

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
  })
  .openapi("FinanceProblem");
const problemResponse = (description: string) => ({
  content: { "application/problem+json": { schema: problemSchema } },
  description,
});

const icsParam = z.object({
  code: z
    .string()
    .min(3)
    .max(9)
    .openapi({ description: "ICB ODS code", example: "QZ9" }),
});
const bp = (what: string, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(-9_999)
    .max(100_000)
    .default(fallback)
    .openapi({ description: `${what}, basis points (1% = 100)` });

const routes = {
  targets: createRoute({
    method: "get",
    path: "/api/finance/fair-shares",
    tags: ["finance"],
    summary:
      "The fair-share target of any sum by need component: shared among England's ICBs, or one ICB's places, by weighted population, to the penny (largest remainder)",
    request: {
      query: z.object({
        year: finance.allocationYear,
        by: finance.needIndexLevel,
        ics: z.string().min(3).max(3).optional().openapi({
          description: "The ICB whose places share the sum (by=place)",
          example: "QE1",
        }),
        sum_pence: z.coerce
          .number()
          .int()
          .min(0)
          .max(Number.MAX_SAFE_INTEGER)
          .openapi({ description: "The sum to share, in whole pence" }),
        component: finance.needComponent.default("core_overall").openapi({
          description: "The need component whose weighted populations share it",
        }),
        format: z.enum(["json", "csv"]).optional(),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              year: z.string(),
              by: finance.needIndexLevel,
              sum_pence: z.number(),
              rows: z.array(z.record(z.string(), z.unknown())),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Targets that add up to the sum exactly",
      },
      400: problemResponse("A parameter is not valid"),
      404: problemResponse(
        "No weighted populations for that year, or no such ICB",
      ),
    },
  }),
  hub: createRoute({
    method: "get",
    path: "/api/finance/ics/{code}",
    tags: ["finance"],
    summary:
      "An ICS's finances for a year: budgets with the running-cost, MHIS and control-total checks, place fair shares with distance from target and a convergence scenario, pooled budgets with their settlements, the health-creation earmark, capital plan, public assets and money flow",
    request: {
      params: icsParam,
      query: z.object({
        year: finance.allocationYear.optional().openapi({
          description: "Allocation year (default: the latest recorded)",
        }),
        years: z.coerce.number().int().min(1).max(50).default(5),
        growth_bp: bp("Growth of every target each year", 300),
        floor_bp: bp("Smallest change of a budget in a year", 100),
        cap_bp: bp("Largest change of a budget in a year", 600),
        mode: z.enum(finance.CONVERGENCE_MODES).default("per_place").openapi({
          description:
            "per_place: each budget moves towards its target on its own; budget_neutral: the place budgets add up to the ICB's total each year (it grows by growth_bp), places below target get more growth and places above less, within floor_bp and cap_bp",
        }),
        table: z.enum(HUB_TABLES).optional().openapi({
          description: "With format=csv: which table to download",
        }),
        format: z.enum(["json", "csv"]).optional(),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": { schema: z.record(z.string(), z.unknown()) },
          "text/csv": { schema: z.string() },
        },
        description: "The ICS's finances (pence as whole numbers)",
      },
      400: problemResponse("A parameter is not valid"),
      404: problemResponse("No such ICS, or no budgets for that year"),
    },
  }),
  record: createRoute({
    method: "post",
    path: "/api/finance/ics/{code}",
    tags: ["finance"],
    summary:
      "Record budgets, control total, pooled budgets, earmark, capital schemes, public assets and money flows of an ICS, all or nothing (an officer of the ICS; send x-csrf-token)",
    request: {
      params: icsParam,
      body: {
        content: {
          "application/json": {
            schema: finance.financePlanInput.describe(
              "Any of: the ICB's year (population, running-cost allowance, control total), budget lines, pooled budgets, PCN earmarks, capital schemes, public assets and money flows",
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
            schema: z.record(z.string(), z.unknown()),
          },
        },
        description: "How many of each were recorded",
      },
      400: problemResponse("The plan is not valid"),
      403: problemResponse("Not an officer of this ICS"),
      404: problemResponse("No such ICS or place"),
      422: problemResponse("A PCN that is not the ICS's"),
    },
  }),
  needIndex: createRoute({
    method: "get",
    path: "/api/finance/need-index",
    tags: ["finance"],
    summary:
      "Registered and weighted populations and need indices by ICB (relative to England) or by place (relative to its ICB)",
    request: {
      query: z.object({
        year: finance.allocationYear.describe("Allocation year, e.g. 2024-25"),
        by: finance.needIndexLevel.describe(
          "icb: each ICB against England; place: each place (ICB × upper-tier local authority) against its ICB",
        ),
        ics: z.string().min(3).max(3).optional().openapi({
          description: "Only this ICB (ODS code as in the allocation files)",
          example: "QE1",
        }),
        format: z
          .enum(["json", "csv"])
          .optional()
          .openapi({ description: "csv downloads the table as CSV." }),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": {
            schema: z.object({
              year: z.string(),
              by: finance.needIndexLevel,
              rows: z.array(finance.needIndexRow),
            }),
          },
          "text/csv": { schema: z.string() },
        },
        description: "Need indices",
      },
      404: problemResponse(
        "No weighted populations for that year, or no such ICB",
      ),
    },
  }),
};

export function registerFinanceApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.targets, async (c) => {
    const q = c.req.valid("query");
    const result = await fairShareTargets(c.get("db"), {
      year: q.year,
      by: q.by,
      ics: q.ics,
      totalPence: q.sum_pence,
      component: q.component,
    });
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `fair-shares-${q.by}-${q.year}${q.ics ? `-${q.ics}` : ""}.csv`,
        result.value.map((r) => ({ ...r })),
        TARGET_CSV_COLUMNS,
      );
    return c.json(
      {
        year: q.year,
        by: q.by,
        sum_pence: q.sum_pence,
        rows: result.value.map((r) => ({ ...r })),
      },
      200,
    );
  });

  app.openapi(routes.hub, async (c) => {
    const code = c.req.valid("param").code;
    const q = c.req.valid("query");
    if (q.floor_bp > q.cap_bp)
      return problem(
        c,
        "invalid_request",
        `The floor (${q.floor_bp} bp) is above the cap (${q.cap_bp} bp).`,
      );
    const rules = {
      years: q.years,
      targetGrowthBp: q.growth_bp,
      floorBp: q.floor_bp,
      capBp: q.cap_bp,
    };
    const neutralProblem =
      q.mode === "budget_neutral" ? finance.budgetNeutralProblem(rules) : null;
    if (neutralProblem !== null)
      return problem(
        c,
        "invalid_request",
        `The budget-neutral scenario cannot run: ${neutralProblem}.`,
      );
    const result = await financeHub(c.get("db"), code, {
      year: q.year,
      convergence: { ...rules, mode: q.mode },
    });
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    const hub = result.value;
    if (q.format === "csv") {
      const table = q.table ?? "budgets";
      const { columns, rows } = hubTable(hub, table);
      return toCsvResponse(
        c,
        `${hub.ics}-${table}-${hub.year ?? "none"}.csv`,
        rows,
        columns,
      );
    }
    return c.json(hub as Record<string, unknown>, 200);
  });

  app.openapi(routes.record, async (c) => {
    const result = await recordFinancePlan(
      c.get("db"),
      c.get("actor"),
      c.req.valid("param").code,
      c.req.valid("json"),
    );
    if (!result.ok)
      return problem(c, result.error.code, result.error.message) as never;
    return c.json({ ...result.value }, 201);
  });

  app.openapi(routes.needIndex, async (c) => {
    const q = c.req.valid("query");
    const result = await needIndex(c.get("db"), {
      year: q.year,
      by: q.by,
      ics: q.ics,
    });
    if (!result.ok) return problem(c, result.error.code, result.error.message);
    if (q.format === "csv")
      return toCsvResponse(
        c,
        `need-index-${q.by}-${q.year}${q.ics ? `-${q.ics}` : ""}.csv`,
        result.value,
        finance.NEED_INDEX_CSV_COLUMNS,
      );
    return c.json({ year: q.year, by: q.by, rows: result.value }, 200);
  });
}
