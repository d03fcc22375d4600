import { z } from "zod";
import { fail, isoDate, ok, type Result } from "../shared";
import { governanceError, type GovernanceError } from "./errors";

// Scrutiny inquiries: the ICS Scrutiny Committee, or a local authority's Health Overview and
// Scrutiny Committee, sets terms of reference, hears evidence in public sessions and makes
// recommendations; the ICS answers each one by a deadline. These rules say where an answer stands.

export const SCRUTINY_COMMITTEE_KINDS = [
  "ics_scrutiny_committee",
  "health_overview_and_scrutiny_committee",
] as const;
export const scrutinyCommitteeKind = z.enum(SCRUTINY_COMMITTEE_KINDS);
export type ScrutinyCommitteeKind = z.infer<typeof scrutinyCommitteeKind>;
export const SCRUTINY_COMMITTEE_LABELS: Record<ScrutinyCommitteeKind, string> =
  {
    ics_scrutiny_committee: "ICS Scrutiny Committee",
    health_overview_and_scrutiny_committee:
      "Health Overview and Scrutiny Committee",
  };

export const RESPONSE_OUTCOMES = [
  "accepted",
  "partly_accepted",
  "rejected",
] as const;
export const responseOutcome = z.enum(RESPONSE_OUTCOMES);
export type ResponseOutcome = z.infer<typeof responseOutcome>;
export const RESPONSE_OUTCOME_LABELS: Record<ResponseOutcome, string> = {
  accepted: "accepted",
  partly_accepted: "partly accepted",
  rejected: "rejected",
};

const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const link = z.url({
  protocol: /^https?$/,
  error: "link must be an http(s) address",
});

export const inquiry = z.object({
  id: text("inquiry id"),
  committeeKind: scrutinyCommitteeKind,
  committeeName: text("committee's name"),
  /** For a Health Overview and Scrutiny Committee: its local authority's GSS code. */
  localAuthorityCode: z.string().trim().min(1).nullable(),
  title: text("title"),
  termsOfReference: text("terms of reference"),
  openedOn: isoDate,
  /** Public sessions, by date. */
  sessions: z.array(isoDate),
});
export type Inquiry = z.infer<typeof inquiry>;

export const evidence = z.object({
  id: text("evidence id"),
  inquiryId: text("inquiry id"),
  givenBy: text("who gave it"),
  givenOn: isoDate,
  summary: text("summary"),
  link: link.nullable(),
});
export type Evidence = z.infer<typeof evidence>;

export const recommendation = z.object({
  id: text("recommendation id"),
  inquiryId: text("inquiry id"),
  /** The number the committee's report gives it ("1", "4b"). */
  number: text("number"),
  text: text("recommendation"),
  addressedTo: text("who it is addressed to"),
  madeOn: isoDate,
  responseDueOn: isoDate,
});
export type Recommendation = z.infer<typeof recommendation>;

export const scrutinyResponse = z.object({
  recommendationId: text("recommendation id"),
  outcome: responseOutcome,
  text: text("response"),
  respondingBody: text("responding body"),
  respondedOn: isoDate,
});
export type ScrutinyResponse = z.infer<typeof scrutinyResponse>;

const issues = (error: z.ZodError, what: string) =>
  error.issues
    .map((i) => `${i.path.join(".") || what}: ${i.message}`)
    .join("; ");

/** Checks an inquiry: complete, and a Health Overview and Scrutiny Committee names its local authority. */
export function openInquiry(input: unknown): Result<Inquiry, GovernanceError> {
  const parsed = inquiry.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError("invalid_scrutiny", issues(parsed.error, "inquiry")),
    );
  const i = parsed.data;
  if (
    i.committeeKind === "health_overview_and_scrutiny_committee" &&
    i.localAuthorityCode === null
  )
    return fail(
      governanceError(
        "invalid_scrutiny",
        "localAuthorityCode: a Health Overview and Scrutiny Committee belongs to a local authority; give its code.",
      ),
    );
  const early = i.sessions.find((s) => s < i.openedOn);
  if (early !== undefined)
    return fail(
      governanceError(
        "invalid_scrutiny",
        `sessions: a public session on ${early} is before the inquiry opened (${i.openedOn}).`,
      ),
    );
  return ok({ ...i, sessions: [...new Set(i.sessions)].sort() });
}

/** Checks a recommendation: its response deadline is after it was made. */
export function makeRecommendation(
  input: unknown,
  of: Pick<Inquiry, "openedOn">,
): Result<Recommendation, GovernanceError> {
  const parsed = recommendation.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError(
        "invalid_scrutiny",
        issues(parsed.error, "recommendation"),
      ),
    );
  const r = parsed.data;
  if (r.madeOn < of.openedOn)
    return fail(
      governanceError(
        "invalid_scrutiny",
        `madeOn: ${r.madeOn} is before the inquiry opened (${of.openedOn}).`,
      ),
    );
  if (r.responseDueOn <= r.madeOn)
    return fail(
      governanceError(
        "invalid_scrutiny",
        `responseDueOn: the deadline (${r.responseDueOn}) must be after the recommendation is made (${r.madeOn}).`,
      ),
    );
  return ok(r);
}

/**
 * Checks the ICS's response to a recommendation: one response each (a second would rewrite the
 * record), and not before the recommendation was made. A late response is accepted and shown late.
 */
export function respondToRecommendation(
  input: unknown,
  to: Recommendation,
  existing: ScrutinyResponse | null,
): Result<ScrutinyResponse, GovernanceError> {
  const parsed = scrutinyResponse.safeParse(input);
  if (!parsed.success)
    return fail(
      governanceError("invalid_scrutiny", issues(parsed.error, "response")),
    );
  const r = parsed.data;
  if (existing !== null)
    return fail(
      governanceError(
        "already_responded",
        `Recommendation ${to.number} was answered on ${existing.respondedOn} (${RESPONSE_OUTCOME_LABELS[existing.outcome]}); the response on record stands.`,
      ),
    );
  if (r.respondedOn < to.madeOn)
    return fail(
      governanceError(
        "invalid_scrutiny",
        `respondedOn: ${r.respondedOn} is before recommendation ${to.number} was made (${to.madeOn}).`,
      ),
    );
  return ok(r);
}

export type ResponseStatus =
  "answered" | "answered_late" | "awaiting" | "overdue";

export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, string> = {
  answered: "answered",
  answered_late: "answered late",
  awaiting: "awaiting response",
  overdue: "overdue",
};

/**
 * Where the answer to a recommendation stands on a date. A response recorded after `asAt` does not
 * count yet, so the page as at a past date shows what was overdue then. The deadline day itself is
 * still in time.
 */
export function responseStatus(
  rec: Pick<Recommendation, "responseDueOn">,
  response: Pick<ScrutinyResponse, "respondedOn"> | null,
  asAt: string,
): ResponseStatus {
  if (response !== null && response.respondedOn <= asAt)
    return response.respondedOn > rec.responseDueOn
      ? "answered_late"
      : "answered";
  return asAt > rec.responseDueOn ? "overdue" : "awaiting";
}

/** Recommendations whose response is overdue on a date, the longest overdue first. */
export function overdueResponses<R extends Recommendation>(
  recommendations: readonly R[],
  responses: ReadonlyMap<string, Pick<ScrutinyResponse, "respondedOn">>,
  asAt: string,
): R[] {
  return recommendations
    .filter(
      (r) => responseStatus(r, responses.get(r.id) ?? null, asAt) === "overdue",
    )
    .sort(
      (a, b) =>
        a.responseDueOn.localeCompare(b.responseDueOn) ||
        a.id.localeCompare(b.id),
    );
}

/** How many recommendations stand in each state on a date. */
export function responseCounts(
  recommendations: readonly Recommendation[],
  responses: ReadonlyMap<string, Pick<ScrutinyResponse, "respondedOn">>,
  asAt: string,
): Record<ResponseStatus, number> {
  const counts: Record<ResponseStatus, number> = {
    answered: 0,
    answered_late: 0,
    awaiting: 0,
    overdue: 0,
  };
  for (const r of recommendations)
    counts[responseStatus(r, responses.get(r.id) ?? null, asAt)] += 1;
  return counts;
}
