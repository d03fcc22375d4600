import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One table maps every capability's error codes to HTTP statuses. */
export const HTTP_STATUS: Record<string, ContentfulStatusCode> = {
  unknown_ics: 404,
  unknown_place: 404,
  unknown_practice: 404,
  not_found: 404,
  unrecognised_file: 422,
  invalid_rows: 422,
  no_rows: 422,
  invalid_request: 400,
  forbidden: 403,
  unauthenticated: 401,
  csrf: 403,
  conflict: 409,
  unknown_person: 404,
  invalid_declaration: 400,
  unknown_organisation: 422,
  no_agreement: 403,
};

/** Answers with RFC 9457 application/problem+json: a person can act on `detail`; no stack traces. */
export function problem(
  c: Context,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const status = HTTP_STATUS[code] ?? 500;
  return c.body(
    JSON.stringify({
      type: `https://openics.org/problems/${code}`,
      title: code.replaceAll("_", " "),
      status,
      detail,
      ...extra,
    }),
    status,
    { "content-type": "application/problem+json; charset=utf-8" },
  );
}
