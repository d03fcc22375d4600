import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One table maps every capability's error codes to HTTP statuses. */
export const HTTP_STATUS: Record<string, ContentfulStatusCode> = {
  unknown_ics: 404,
  unknown_place: 404,
  unknown_practice: 404,
  unknown_pcn: 422,
  not_found: 404,
  unknown_allocation_year: 404,
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
  private_without_reason: 422,
  review_date_passed: 422,
  conflict_not_ruled: 422,
  quorum_not_met: 422,
  ineligible_vote: 422,
  no_delegation: 422,
  not_authorised: 422,
  casting_vote_missing: 422,
  unknown_body: 404,
  unknown_meeting: 404,
  unknown_item: 404,
  no_model_adopted: 422,
  not_a_member: 422,
  already_decided: 409,
  duplicate: 409,
  invalid_gift: 400,
  invalid_scrutiny: 400,
  unknown_inquiry: 404,
  unknown_recommendation: 404,
  already_responded: 409,
  invalid_commitment: 400,
  unknown_commitment: 404,
  already_done: 409,
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
