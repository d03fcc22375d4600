import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../context";
import { renderErrorPage, type FieldError } from "../web";

// What every governance staff form shares: reading the posted fields, sending a visitor who is not
// signed in to the sign-in page, turning a use case's "field: message; field: message" back into
// errors on the form's fields, and the HTTP status of a refusal.

/** A posted form: each field's text; a field sent more than once (checkboxes) joined by commas. */
export type Form = Record<string, string>;

export async function readForm(c: Context<AppEnv>): Promise<Form> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => {
      const texts = (Array.isArray(v) ? v : [v]).filter(
        (x): x is string => typeof x === "string",
      );
      return texts.length === 0 ? [] : [[k, texts.join(",")]];
    }),
  );
}

/** The sign-in page for a visitor who is not signed in; null for anyone signed in. */
export function requireSignIn(c: Context<AppEnv>): Response | null {
  return c.get("actor").role === "public"
    ? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    : null;
}

/** Field errors as the error summary's list, each linking to its field. */
export const errorList = (
  fieldErrors: Readonly<Record<string, string>>,
  anchor: (field: string) => string = (f) => f,
): FieldError[] =>
  Object.entries(fieldErrors).map(([f, text]) => ({
    text,
    href: `#${anchor(f)}`,
  }));

/**
 * A use case's "field: message; field: message" back onto a form's fields. `fields` maps the
 * use case's path (or its first part) to the form's field; a part about no field goes to `fallback`.
 */
export function fieldErrorsFrom(
  message: string,
  fields: Readonly<Record<string, string>>,
  fallback: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.split("; ")) {
    const [path = "", ...rest] = part.split(": ");
    const key = fields[path] ?? fields[path.split(".")[0] ?? ""];
    if (key !== undefined && rest.length > 0) out[key] ??= rest.join(": ");
    else out[fallback] ??= part;
  }
  return out;
}

/** A form's fields read through a zod schema: the value, or one error for each field at fault. */
export function parseForm<T>(
  schema: z.ZodType<T>,
  form: Form,
): { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues)
    fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
  return { ok: false, fieldErrors };
}

/** The status of a refusal about the form's content. */
export const statusOf = (code: string): 400 | 409 | 422 =>
  code === "invalid_request"
    ? 400
    : code === "already_decided" || code === "duplicate"
      ? 409
      : 422;

/** A refusal that is not about the form's content: no permission (403), or nothing there (404). */
export function refusalPage(
  c: Context<AppEnv>,
  error: { readonly code: string; readonly message: string },
  forbiddenTitle: string,
  notFound: readonly string[],
): Response | null {
  if (error.code === "forbidden")
    return renderErrorPage(c, 403, forbiddenTitle, error.message);
  if (error.code === "unknown_ics" || notFound.includes(error.code))
    return renderErrorPage(c, 404, "Page not found", error.message);
  return null;
}
