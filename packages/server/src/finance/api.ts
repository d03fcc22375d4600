import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { finance } from "@openics/core";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";
import { needIndex } from "./service";

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

const routes = {
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
