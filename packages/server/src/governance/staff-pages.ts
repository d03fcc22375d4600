import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { governance } from "@openics/core";
import type { AppEnv } from "../context";
import { renderErrorPage, renderPage } from "../web";
import { writer } from "./api-shared";
import {
  errorList,
  fieldErrorsFrom,
  readForm,
  refusalPage,
  requireSignIn,
  statusOf,
  type Form,
} from "./forms";
import {
  addMember,
  bodyDetail,
  governanceOverview,
  listScheme,
  type GovernanceUseCaseError,
} from "./bodies-service";
import {
  addItem,
  addPaper,
  createMeeting,
  decideItem,
  recordAttendance,
  recordMinutes,
  recordRuling,
  recordVotes,
  showMeeting,
} from "./meetings-service";
import { declareInterest } from "./service";
import {
  bodyHref,
  governanceHref,
  itemSections,
  meetingHref,
  meetingSections,
  parsePounds,
  words,
} from "./pages";

// Staff pages: the board secretary creates a meeting and runs it (attendance, papers, agenda,
// the chair's rulings, votes, decisions, minutes) through plain forms, each a thin adapter over
// the same use cases as the API. CSRF is checked by the app for every form.

/** A refusal that is not about the form's content: no permission, or nothing there. */
const refusal = (c: Context<AppEnv>, error: GovernanceUseCaseError) =>
  refusalPage(c, error, "You cannot run this ICS's meetings", [
    "unknown_meeting",
    "unknown_item",
  ]);

// Creating a meeting

async function newMeetingForm(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: 200 | 400 | 409 | 422,
): Promise<Response> {
  const code = c.req.param("code") ?? "";
  const overview = await governanceOverview(c.get("db"), code);
  if (!overview.ok)
    return renderErrorPage(c, 404, "Page not found", overview.error.message);
  const v = overview.value;
  if (!governance.can(c.get("actor"), "run_meeting", { icsCode: v.ics.code }))
    return renderErrorPage(
      c,
      403,
      "You cannot run this ICS's meetings",
      `Only an officer of ${v.ics.name} (the board secretary) can create meetings.`,
    );
  const errors = errorList(fieldErrors);
  return renderPage(
    c,
    "governance/new-meeting.njk",
    {
      title: "Create a meeting",
      caption: v.ics.name,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: v.ics.name, href: `/ics/${v.ics.code}` },
        { text: "Governance", href: governanceHref(v.ics.code) },
      ],
      synthetic: v.ics.synthetic,
      errors,
      fieldErrors,
      values,
      action: c.req.path,
      bodies: [
        { value: "", text: "Choose a body" },
        ...v.bodies.map((b) => ({
          value: b.id,
          text: b.name,
          selected: values["body_id"] === b.id,
        })),
      ],
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

// Running a meeting

interface Problem {
  readonly anchor: string;
  readonly message: string;
}

async function managePage(
  c: Context<AppEnv>,
  problem: Problem | null = null,
  values: Form = {},
  status: 200 | 400 | 409 | 422 = 200,
): Promise<Response> {
  const code = c.req.param("code") ?? "";
  const id = c.req.param("id") ?? "";
  const db = c.get("db");
  const actor = c.get("actor");
  const shown = await showMeeting(db, actor, code, id);
  if (!shown.ok)
    return renderErrorPage(c, 404, "Page not found", shown.error.message);
  const m = shown.value;
  if (!governance.can(actor, "run_meeting", { icsCode: m.ics }))
    return renderErrorPage(
      c,
      403,
      "You cannot run this ICS's meetings",
      `Only an officer of ${m.ics} (the board secretary) can run its meetings.`,
    );
  const overview = await governanceOverview(db, code, m.date);
  const ics = overview.ok
    ? overview.value.ics
    : { code: m.ics, name: m.ics, synthetic: false };
  const scheme = await listScheme(db, code, m.date);
  const types = scheme.ok
    ? [...new Set(scheme.value.entries.map((e) => e.decisionType))].sort()
    : [];
  const chair = m.attendance.find((a) => a.role === "chair");
  const path = meetingHref(m.ics, m.id);
  return renderPage(
    c,
    "governance/manage-meeting.njk",
    {
      title: `Run the meeting: ${m.title}, ${m.date}`,
      caption: m.body.name,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: ics.name, href: `/ics/${ics.code}` },
        { text: "Governance", href: governanceHref(ics.code) },
      ],
      synthetic: ics.synthetic,
      errors:
        problem === null
          ? []
          : [{ text: problem.message, href: `#${problem.anchor}` }],
      publicHref: path,
      action: `${path}/manage`,
      details: meetingSections(m, path, {}).slice(0, 2),
      attendance: m.attendance.map((a) => ({
        personId: a.person_id,
        name: a.person_name,
        role: a.role === null ? "" : words(a.role),
        status: a.status,
      })),
      declarers: [
        { value: "", text: "Choose a member" },
        ...m.attendance.map((a) => ({
          value: a.person_id,
          text: a.person_name,
        })),
      ],
      interestTypes: governance.INTEREST_TYPES.map((t) => ({
        value: t,
        text: words(governance.INTEREST_TYPE_LABELS[t]),
      })),
      chairName: chair === undefined ? "" : `${chair.person_name}, Chair`,
      castingVote: m.body.chair_has_casting_vote,
      items: m.items.map((i) => {
        const anchor = i.number.replace(/[^A-Za-z0-9]+/g, "-");
        return {
          id: i.id,
          number: i.number,
          anchor,
          sections: itemSections(i),
          decided: i.decision !== null,
          takesDecision: true,
          quorumMessage: i.quorum.message,
          conflicts: [
            ...new Map(i.declarations.map((d) => [d.person_id, d])).values(),
          ].map((d) => {
            const r = i.rulings.find((x) => x.person_id === d.person_id);
            return {
              personId: d.person_id,
              name: d.person_name,
              ruling: r?.ruling ?? "",
              reason: r?.reason ?? "",
              decidedBy: r?.decided_by ?? "",
            };
          }),
          voters: i.eligible_voters.map((v) => ({
            personId: v.person_id,
            name: v.person_name,
            choice:
              i.votes.find((x) => x.person_id === v.person_id)?.choice ?? "",
          })),
          castingVote: i.casting_vote ?? "",
        };
      }),
      values,
      reasons: [
        { value: "", text: "Not in private" },
        ...governance.WITHHOLDING_REASONS.map((r) => ({
          value: r,
          text: words(governance.WITHHOLDING_REASON_LABELS[r]),
          selected: values["reason"] === r,
        })),
      ],
      decisionTypes: [
        { value: "", text: "No decision (for information or discussion)" },
        ...types.map((t) => ({
          value: t,
          text: words(t),
          selected: values["decision_type"] === t,
        })),
      ],
      minutes: m.minutes ?? "",
      actions: m.actions
        .map((a) => `${a.description} | ${a.owner} | ${a.due_on}`)
        .join("\n"),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

/** Runs a use case from a form: back to the page at `anchor` when it works, or the page with the refusal. */
async function act(
  c: Context<AppEnv>,
  anchor: string,
  run: (
    form: Form,
  ) => Promise<{ ok: true } | { ok: false; error: GovernanceUseCaseError }>,
): Promise<Response> {
  const signIn = requireSignIn(c);
  if (signIn) return signIn;
  const form = await readForm(c);
  const result = await run(form);
  if (result.ok)
    return c.redirect(
      `${meetingHref((c.req.param("code") ?? "").toUpperCase(), c.req.param("id") ?? "")}/manage#${anchor}`,
      303,
    );
  return (
    refusal(c, result.error) ??
    managePage(
      c,
      { anchor, message: result.error.message },
      form,
      statusOf(result.error.code),
    )
  );
}

const CONCERN_KINDS = [
  "organisation",
  "supplier",
  "contract",
  "place",
] as const;

/** Lines like "supplier ZIS01" or "contract QZ9-2025-014 ZIS01" as the item's concerns. */
function parseConcerns(
  lines: string,
): { ok: true; value: unknown[] } | { ok: false; message: string } {
  const out: unknown[] = [];
  for (const [n, line] of lines.split(/\r?\n/).entries()) {
    const parts = line
      .trim()
      .split(/\s+/)
      .filter((p) => p !== "");
    if (parts.length === 0) continue;
    const [kind, first, second] = parts;
    const known = CONCERN_KINDS.find((k) => k === kind?.toLowerCase());
    if (known === undefined || first === undefined)
      return {
        ok: false,
        message: `concerns: line ${n + 1} ("${line.trim()}") should start with organisation, supplier, contract or place, then a code.`,
      };
    if (known === "contract") {
      if (second === undefined)
        return {
          ok: false,
          message: `concerns: line ${n + 1}: a contract needs its reference and the supplier's code.`,
        };
      out.push({ kind: known, reference: first, supplierCode: second });
    } else out.push({ kind: known, code: first });
  }
  return { ok: true, value: out };
}

/** "what | who | 2025-10-01" lines as actions. */
function parseActions(lines: string): unknown[] {
  return lines
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const [description = "", owner = "", due = ""] = l
        .split("|")
        .map((p) => p.trim());
      return { description, owner, due_on: due };
    });
}

const emptyToNull = (s: string | undefined) =>
  s === undefined || s.trim() === "" ? null : s.trim();

// Appointing a member

const MEMBER_FIELDS = [
  "person_id",
  "person_name",
  "role",
  "constituency",
  "nominated_by",
  "valid_from",
  "valid_to",
  "appointment",
] as const;

async function memberForm(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: 200 | 400 | 404 | 409 | 422,
): Promise<Response> {
  const detail = await bodyDetail(
    c.get("db"),
    c.req.param("code") ?? "",
    c.req.param("id") ?? "",
  );
  if (!detail.ok)
    return renderErrorPage(c, 404, "Page not found", detail.error.message);
  const v = detail.value;
  if (!governance.can(c.get("actor"), "manage_bodies", { icsCode: v.ics.code }))
    return renderErrorPage(
      c,
      403,
      "You cannot appoint members in this ICS",
      `Only an officer of ${v.ics.name} can appoint members to its bodies.`,
    );
  const errors = errorList(fieldErrors, (f) =>
    f === "appointment" ? "outcome" : f,
  );
  return renderPage(
    c,
    "governance/member-form.njk",
    {
      title: `Appoint a member to the ${v.body.name}`,
      caption: v.ics.name,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: v.ics.name, href: `/ics/${v.ics.code}` },
        { text: "Governance", href: governanceHref(v.ics.code) },
        { text: v.body.name, href: bodyHref(v.ics.code, v.body.id) },
      ],
      synthetic: v.ics.synthetic,
      errors,
      fieldErrors,
      values,
      action: c.req.path,
      roles: [
        { value: "", text: "Choose a role" },
        ...governance.MEMBER_ROLES.map((r) => ({
          value: r,
          text: words(r),
          selected: values["role"] === r,
        })),
      ],
      constituencies: governance.CONSTITUENCIES.map((k) => ({
        value: k,
        text: {
          nhs: "NHS",
          local_government: "Local government",
          other: "Other (independent, voluntary, community)",
        }[k],
        selected: values["constituency"] === k,
      })),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

const lines = (s: string | undefined) =>
  (s ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");

export function registerGovernanceStaffPages(app: OpenAPIHono<AppEnv>): void {
  app.get(
    "/ics/:code/governance/bodies/:id/members/new",
    async (c) => requireSignIn(c) ?? memberForm(c, {}, {}, 200),
  );
  app.post("/ics/:code/governance/bodies/:id/members/new", async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const form = await readForm(c);
    const outcome = emptyToNull(form["outcome"]);
    const result = await addMember(
      c.get("db"),
      c.get("actor"),
      c.req.param("code"),
      c.req.param("id"),
      {
        person_id: form["person_id"] ?? "",
        person_name: form["person_name"] ?? "",
        role: form["role"] ?? "",
        voting: form["voting"] !== "no",
        constituency: form["constituency"] ?? "",
        nominated_by: form["nominated_by"] ?? "",
        party: form["party"] ?? "",
        appointment:
          outcome === null
            ? null
            : {
                advertisedOn: emptyToNull(form["advertised_on"]),
                advertUrl: emptyToNull(form["advert_url"]),
                panel: lines(form["panel"]),
                criteria: lines(form["criteria"]),
                outcome,
              },
        valid_from: form["valid_from"] ?? "",
        valid_to: emptyToNull(form["valid_to"]),
      },
    );
    if (result.ok)
      return c.redirect(
        `${bodyHref(c.req.param("code").toUpperCase(), c.req.param("id"))}#members`,
        303,
      );
    const refused = refusal(c, result.error);
    if (refused) return refused;
    const fieldErrors: Record<string, string> = {};
    for (const part of result.error.message.split("; ")) {
      const [field = "", ...rest] = part.split(": ");
      const key =
        MEMBER_FIELDS.find((f) => f === field.split(".")[0]) ?? "person_id";
      fieldErrors[key] = rest.length > 0 ? rest.join(": ") : part;
    }
    return memberForm(c, form, fieldErrors, statusOf(result.error.code));
  });

  app.get(
    "/ics/:code/governance/meetings/new",
    async (c) => requireSignIn(c) ?? newMeetingForm(c, {}, {}, 200),
  );
  app.post("/ics/:code/governance/meetings/new", async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const form = await readForm(c);
    const result = await createMeeting(
      c.get("db"),
      c.get("actor"),
      c.req.param("code"),
      {
        body_id: form["body_id"] ?? "",
        meeting_date: form["meeting_date"] ?? "",
        title: form["title"] ?? "",
        location: form["location"] ?? "",
      },
    );
    if (result.ok)
      return c.redirect(
        `${meetingHref(c.req.param("code").toUpperCase(), result.value.id)}/manage`,
        303,
      );
    if (
      result.error.code === "forbidden" ||
      result.error.code === "unknown_ics"
    )
      return refusal(c, result.error) ?? c.notFound();
    return newMeetingForm(
      c,
      form,
      fieldErrorsFrom(
        result.error.message,
        { body_id: "body_id", meeting_date: "meeting_date", title: "title" },
        "title",
      ),
      statusOf(result.error.code),
    );
  });

  app.get(
    "/ics/:code/governance/meetings/:id/manage",
    async (c) => requireSignIn(c) ?? managePage(c),
  );

  const base = "/ics/:code/governance/meetings/:id/manage";
  const ids = (c: Context<AppEnv>) => writer(c, "code", "id");

  app.post(`${base}/attendance`, (c) =>
    act(c, "attendance-form", (form) =>
      recordAttendance(...ids(c), {
        attendance: Object.entries(form)
          .filter(([k]) => k.startsWith("status_"))
          .map(([k, v]) => ({
            person_id: k.slice("status_".length),
            status: v,
          })),
      }),
    ),
  );

  app.post(`${base}/declarations`, (c) =>
    act(c, "declaration-form", async (form) => {
      const meeting = await showMeeting(
        c.get("db"),
        c.get("actor"),
        c.req.param("code"),
        c.req.param("id"),
      );
      if (!meeting.ok) return meeting;
      return declareInterest(
        c.get("db"),
        c.get("actor"),
        c.req.param("code"),
        {
          person_id: form["person_id"] ?? "",
          type: form["type"] ?? "",
          organisation_code: form["organisation_code"] ?? "",
          description: form["description"] ?? "",
          held_by: emptyToNull(form["held_by"]),
          valid_from: meeting.value.date,
        },
        meeting.value.date,
      );
    }),
  );

  app.post(`${base}/papers`, (c) =>
    act(c, "papers-form", (form) =>
      addPaper(...ids(c), {
        title: form["title"] ?? "",
        url: form["url"] ?? "",
        item_number: emptyToNull(form["item_number"]),
      }),
    ),
  );

  app.post(`${base}/items`, (c) =>
    act(c, "item-form", async (form) => {
      const concerns = parseConcerns(form["concerns"] ?? "");
      if (!concerns.ok)
        return {
          ok: false,
          error: { code: "invalid_request", message: concerns.message },
        };
      const value = parsePounds(form["value"] ?? "");
      if (value === null)
        return {
          ok: false,
          error: {
            code: "invalid_request",
            message: "value: enter the value in pounds, for example 2400000",
          },
        };
      const inPrivate = form["in_private"] === "yes";
      const reason = emptyToNull(form["reason"]);
      return addItem(...ids(c), {
        number: form["number"] ?? "",
        title: form["title"] ?? "",
        concerns: concerns.value,
        in_private: inPrivate,
        withholding:
          inPrivate && reason !== null
            ? {
                reason,
                decided_by: form["withholding_decided_by"] ?? "",
                review_on: form["review_on"] ?? "",
              }
            : null,
        decision_type: emptyToNull(form["decision_type"]),
        value_pence: emptyToNull(form["value"]) === null ? null : value,
      });
    }),
  );

  const itemBase = `${base}/items/:item`;
  const anchorOf = (c: Context<AppEnv>, what: string) =>
    `${what}-${(c.req.param("item") ?? "").slice((c.req.param("id") ?? "").length + 1)}`;

  app.post(`${itemBase}/rulings`, (c) =>
    act(c, anchorOf(c, "votes"), (form) =>
      recordRuling(...ids(c), c.req.param("item"), {
        person_id: form["person_id"] ?? "",
        ruling: form["ruling"] ?? "",
        reason: form["reason"] ?? "",
        decided_by: form["decided_by"] ?? "",
      }),
    ),
  );

  app.post(`${itemBase}/votes`, (c) =>
    act(c, anchorOf(c, "votes"), (form) =>
      recordVotes(...ids(c), c.req.param("item"), {
        votes: Object.entries(form)
          .filter(([k, v]) => k.startsWith("vote_") && v !== "")
          .map(([k, v]) => ({ person_id: k.slice("vote_".length), choice: v })),
        casting_vote: emptyToNull(form["casting_vote"]),
      }),
    ),
  );

  app.post(`${itemBase}/decision`, (c) =>
    act(c, anchorOf(c, "decision"), (form) =>
      decideItem(...ids(c), c.req.param("item"), {
        resolution: form["resolution"] ?? "",
      }),
    ),
  );

  app.post(`${base}/minutes`, (c) =>
    act(c, "minutes-form", (form) =>
      recordMinutes(...ids(c), {
        minutes: form["minutes"] ?? "",
        actions: parseActions(form["actions"] ?? ""),
      }),
    ),
  );
}
