import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { structure } from "@openics/core";
import type { AppEnv } from "../context";
import { renderPage, type FieldError } from "../web/page";
import { renderErrorPage } from "../web/errors";
import { recordPartner } from "./partners";
import { listIcs } from "./service";

// Staff pages: forms that officers use, thin adapters over the same use cases as the API.

const EDITABLE_SECTORS = structure.ORGANISATION_SECTORS.filter(
  (s) => s !== "nhs_trust" && s !== "gp_practice",
);
const FIELDS = [
  "code",
  "name",
  "sector",
  "ultimate_parent_owner",
  "postcode",
  "website",
] as const;

async function partnerForm(
  c: Context<AppEnv>,
  values: Partial<Record<(typeof FIELDS)[number], string>>,
  fieldErrors: Partial<Record<string, string>>,
  status: 200 | 400,
) {
  const code = c.req.param("code") ?? "";
  const ics = (await listIcs(c.get("db"))).icbs.find(
    (i) => i.ods_code === code.toUpperCase(),
  );
  if (!ics)
    return renderErrorPage(
      c,
      404,
      "ICS not found",
      `No ICS has the code ${code} today.`,
    );
  const errors: FieldError[] = Object.entries(fieldErrors).flatMap(
    ([field, text]) => (text ? [{ text, href: `#${field}` }] : []),
  );
  return renderPage(
    c,
    "structure/partner-form.njk",
    {
      title: "Record a partner organisation",
      breadcrumbs: [
        { text: "Home", href: "/" },
        { text: ics.name, href: `/ics/${ics.ods_code}` },
      ],
      synthetic: ics.synthetic,
      errors,
      icsName: ics.name,
      action: c.req.path,
      values,
      fieldErrors,
      sectors: EDITABLE_SECTORS.map((s) => ({
        value: s,
        text: structure.SECTOR_LABELS[s],
        selected: values.sector === s,
      })),
    } as Parameters<typeof renderPage>[2],
    status,
  );
}

function requireSignIn(c: Context<AppEnv>): Response | null {
  return c.get("actor").role === "public"
    ? c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    : null;
}

export function registerStructureStaffPages(app: OpenAPIHono<AppEnv>): void {
  app.get(
    "/ics/:code/partners/new",
    async (c) => requireSignIn(c) ?? partnerForm(c, {}, {}, 200),
  );

  app.post("/ics/:code/partners/new", async (c) => {
    const signIn = requireSignIn(c);
    if (signIn) return signIn;
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      FIELDS.map((f) => [f, typeof body[f] === "string" ? body[f] : ""]),
    ) as Record<(typeof FIELDS)[number], string>;
    const result = await recordPartner(
      c.get("db"),
      c.get("actor"),
      c.req.param("code"),
      {
        ...values,
        sector: values.sector as structure.OrganisationSector,
        website: values.website === "" ? null : values.website,
      },
    );
    if (result.ok)
      return c.redirect(
        `/ics/${c.req.param("code").toUpperCase()}#partners`,
        303,
      );
    if (result.error.code === "forbidden")
      return renderErrorPage(
        c,
        403,
        "You cannot record partners for this ICS",
        result.error.message,
      );
    if (
      result.error.code !== "invalid_request" &&
      result.error.code !== "conflict"
    )
      return renderErrorPage(c, 404, "ICS not found", result.error.message);
    // Messages come as "field: message; field: message" from the use case's validation.
    const fieldErrors: Record<string, string> = {};
    for (const part of result.error.message.split("; ")) {
      const [field, ...rest] = part.split(": ");
      const key = FIELDS.find((f) => f === field) ?? "code";
      fieldErrors[key] = rest.length > 0 ? rest.join(": ") : part;
    }
    return partnerForm(c, values, fieldErrors, 400);
  });
}
