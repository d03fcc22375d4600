import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { governance } from "@openics/core";
import type { AppEnv } from "../context";
import {
  formatDate,
  renderErrorPage,
  renderPage,
  type LayoutView,
} from "../web";
import { writer } from "./api-shared";
import { endMember, findIcs, loadSetUp, today } from "./bodies-service";
import { errorList, type Form } from "./forms";
import { bodyHref, governanceHref, words } from "./pages";
import { peopleForRegister } from "./scrutiny-service";
import { declareInterest } from "./service";
import {
  dateField,
  formPage,
  formRoutes,
  officerIcs,
  required,
  type Status,
} from "./setup-pages";

// Staff forms for the register of interests and members' terms: declaring an interest (members
// their own, officers anyone's in the ICS) and ending a member's term (officers). Each is a thin
// adapter over the same use case as the API, through the set-up forms' routes.

// Declaring an interest

const optionalDate = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s === undefined || s === "" ? undefined : s))
    .pipe(dateField(what).optional());

const interestForm = z
  .object({
    person_id: required("Choose who the interest is declared for"),
    type: z.enum(governance.INTEREST_TYPES, {
      error: "Choose the kind of interest",
    }),
    organisation_code: required(
      "Enter the code of the organisation, supplier or place the interest concerns",
    ),
    description: required("Describe the interest"),
    held_by: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s === undefined || s === "" ? null : s)),
    valid_from: dateField("the date the interest began"),
    valid_to: optionalDate("the date the interest ended"),
  })
  .superRefine((f, ctx) => {
    if (f.type === "indirect" && f.held_by === null)
      ctx.addIssue({
        code: "custom",
        path: ["held_by"],
        message:
          "Enter who holds the interest, for example spouse or business partner",
      });
    if (f.valid_to !== undefined && f.valid_to <= f.valid_from)
      ctx.addIssue({
        code: "custom",
        path: ["valid_to"],
        message: "The date the interest ended must be after it began",
      });
  });
const INTEREST_FIELDS = {
  person_id: "person_id",
  type: "type",
  organisation_code: "organisation_code",
  description: "description",
  held_by: "held_by",
  valid_from: "valid_from",
  valid_to: "valid_to",
};
const CANNOT_DECLARE = "You cannot declare interests for this ICS";

export const interestsHref = (code: string): string =>
  `/ics/${code}/registers/interests`;

async function interestPage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const people = await peopleForRegister(
    c.get("db"),
    c.get("actor"),
    c.req.param("code") ?? "",
  );
  if (!people.ok)
    return renderErrorPage(c, 404, "Page not found", people.error.message);
  const v = people.value;
  if (v.people.length === 0)
    return renderErrorPage(
      c,
      403,
      CANNOT_DECLARE,
      `Only members of ${v.icsName}'s boards and committees declare their own interests, and its officers anyone's.`,
    );
  const chosenPerson =
    values["person_id"] ??
    (v.people.length === 1 ? v.people[0]?.id : undefined);
  return renderPage(
    c,
    "governance/registers/interest-new.njk",
    {
      title: "Declare an interest",
      caption: v.icsName,
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: v.icsName, href: `/ics/${v.ics}` },
        { text: "Register of interests", href: interestsHref(v.ics) },
      ],
      synthetic: v.synthetic,
      errors: errorList(fieldErrors),
      fieldErrors,
      values,
      action: c.req.path,
      people: [
        ...(v.people.length === 1
          ? []
          : [{ value: "", text: "Choose a person" }]),
        ...v.people.map((p) => ({
          value: p.id,
          text: p.name,
          selected: chosenPerson === p.id,
        })),
      ],
      types: governance.INTEREST_TYPES.map((t) => ({
        value: t,
        text:
          governance.INTEREST_TYPE_LABELS[t].charAt(0).toUpperCase() +
          governance.INTEREST_TYPE_LABELS[t].slice(1),
        checked: values["type"] === t,
      })),
    } as LayoutView,
    status,
  );
}

// Ending a member's term

const endTermForm = z.object({
  valid_to: dateField("the first day they no longer sit"),
  reason: z
    .string()
    .trim()
    .max(500, "Keep the reason to 500 characters or fewer")
    .optional()
    .transform((s) => (s === undefined || s === "" ? undefined : s)),
});

/** A term open today, with its body, or null. */
async function openTerm(c: Context<AppEnv>, icsCode: string) {
  const setUp = await loadSetUp(c.get("db"), icsCode);
  const id = c.req.param("id") ?? "";
  const on = today();
  const term = setUp.memberships.find(
    (m) => m.id === id && (m.validTo === null || m.validTo > on),
  );
  const body =
    term === undefined
      ? undefined
      : setUp.bodies.findLast((b) => b.id === term.bodyId);
  return term === undefined || body === undefined ? null : { term, body };
}

async function endTermPage(
  c: Context<AppEnv>,
  values: Form,
  fieldErrors: Record<string, string>,
  status: Status,
): Promise<Response> {
  const found = await officerIcs(c);
  if (!found.ok) return found.response;
  const { ics } = found.value;
  const open = await openTerm(c, ics.code);
  if (open === null)
    return renderErrorPage(
      c,
      404,
      "Page not found",
      `No term ${c.req.param("id") ?? ""} of a member of ${ics.name} is open today.`,
    );
  const { term, body } = open;
  return formPage(
    c,
    "governance/end-term.njk",
    ics,
    {
      title: `End ${term.personName}'s term on the ${body.name}`,
      summary: [
        { key: "Member", value: term.personName },
        { key: "Role", value: words(term.role) },
        { key: "Voting", value: term.voting ? "Yes" : "No" },
        { key: "Term from", value: formatDate(term.validFrom) },
        {
          key: "Term to",
          value: term.validTo === null ? "Not set" : formatDate(term.validTo),
        },
      ],
    },
    values,
    fieldErrors,
    status,
    [{ text: body.name, href: bodyHref(ics.code, body.id) }],
  );
}

const code = (c: Context<AppEnv>) => (c.req.param("code") ?? "").toUpperCase();

export function registerGovernanceRegisterForms(
  app: OpenAPIHono<AppEnv>,
): void {
  formRoutes(app, "/ics/:code/registers/interests/new", interestPage, {
    schema: interestForm,
    run: (c, f) => declareInterest(...writer(c, "code"), f),
    fields: INTEREST_FIELDS,
    fallback: "organisation_code",
    done: (c) => `${interestsHref(code(c))}#history`,
    forbidden: CANNOT_DECLARE,
  });

  formRoutes(app, "/ics/:code/governance/memberships/:id/end", endTermPage, {
    schema: endTermForm,
    run: async (c, f) => {
      const ended = await endMember(...writer(c, "code", "id"), f);
      if (!ended.ok) return ended;
      // The term's body, to go back to its page.
      const ics = await findIcs(c.get("db"), code(c), today());
      const setUp = ics.ok
        ? await loadSetUp(c.get("db"), ics.value.code)
        : null;
      const term = setUp?.memberships.find((m) => m.id === ended.value.id);
      return {
        ok: true as const,
        value: { ...ended.value, bodyId: term?.bodyId ?? null },
      };
    },
    fields: { valid_to: "valid_to", reason: "reason" },
    fallback: "valid_to",
    done: (c, ended) =>
      ended.bodyId === null
        ? `${governanceHref(code(c))}#bodies`
        : bodyHref(code(c), ended.bodyId),
  });
}
