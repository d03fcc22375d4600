import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Actor } from "@openics/core";
import type { Database } from "@openics/db";
import type { AppEnv } from "../context";
import { problem } from "../problems";
import { toCsvResponse } from "../csv";

// What the governance API routes share: the path and query parameters they all take, the problem
// responses, and the one way a write answers (201 with what was recorded, or problem+json).

export const icsCode = z.string().min(3).max(9).openapi({
  description: "ICB ODS (e.g. QYG) or GSS (e.g. E54000008) code",
  example: "QZ9",
});
export const asAt = z.iso.date().optional().openapi({
  description: "The date (YYYY-MM-DD); default today",
  example: "2025-10-01",
});
export const format = z
  .enum(["json", "csv"])
  .optional()
  .openapi({ description: "csv downloads the table as CSV." });
export const anyObject = z.record(z.string(), z.unknown());

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
  })
  .openapi("Problem");
export const problemResponse = (description: string) => ({
  content: { "application/problem+json": { schema: problemSchema } },
  description,
});
/** A JSON request body; input schemas come from the services (plain zod), so they are described. */
export const jsonBody = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema: schema.describe(description) } },
  required: true,
});

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string };
    };

/**
 * A write's answer: `status` (201 by default) with the value as `shape` gives it, or the typed
 * error as problem+json. Typed `never` so that it fits every route's declared responses.
 */
export const answer = <R extends Outcome>(
  c: Context<AppEnv>,
  result: R,
  shape: (value: Extract<R, { ok: true }>["value"]) => unknown = (v) => v,
  status: 200 | 201 = 201,
): never =>
  (result.ok
    ? c.json(shape(result.value as Extract<R, { ok: true }>["value"]), status)
    : problem(c, result.error.code, result.error.message)) as never;

/**
 * The database, the signed-in actor and the named path parameters (already checked by the
 * route's schema), the first arguments of every write use case.
 */
export const writer = <N extends readonly string[]>(
  c: Context<AppEnv>,
  ...names: N
): [Database, Actor, ...{ [K in keyof N]: string }] => {
  const params = names.map((n) => c.req.param(n) ?? "");
  return [c.get("db"), c.get("actor"), ...params] as unknown as [
    Database,
    Actor,
    ...{ [K in keyof N]: string },
  ];
};

/**
 * A listing's answer: the use case's problem, the table as CSV when asked for, or the JSON.
 * Typed `never` so that it fits every route's declared responses.
 */
export function listing<V>(
  c: Context<AppEnv>,
  result:
    | { readonly ok: true; readonly value: V }
    | {
        readonly ok: false;
        readonly error: { readonly code: string; readonly message: string };
      },
  csv: "csv" | "json" | undefined,
  table: (v: V) => {
    file: string;
    rows: Record<string, unknown>[];
    columns: readonly string[];
  },
  json: (v: V) => unknown,
): never {
  if (!result.ok)
    return problem(c, result.error.code, result.error.message) as never;
  if (csv === "csv") {
    const t = table(result.value);
    return toCsvResponse(c, t.file, t.rows, t.columns) as never;
  }
  return c.json(json(result.value), 200) as never;
}
