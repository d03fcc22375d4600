import type { Context, Hono } from "hono";
import { z } from "zod";
import { formatPence, governance, isoDate } from "@openics/core";
import type { AppEnv } from "../context";
import {
  paginate,
  renderErrorPage,
  renderPage,
  type FieldError,
  type LayoutView,
} from "../web";
import { listLog, listRegister, verifyLog } from "./service";
import { icsAt, interestHistory, listGifts } from "./scrutiny-service";

// The public registers (interests, gifts and hospitality) with a search that is a plain GET form,
// and the public log with the server's verification of its hash chain. Handlers parse the query,
// call the use cases, shape a view model and render views/governance/registers/.

const today = () => new Date().toISOString().slice(0, 10);

/** The date a page is about, from `as_at`: today when empty, an error for the summary when not a date. */
export function asAtOf(c: Context<AppEnv>): {
  date: string;
  requested: string | undefined;
  fieldValue: string;
  error: FieldError | null;
} {
  const raw = (c.req.query("as_at") ?? "").trim();
  if (raw === "")
    return { date: today(), requested: undefined, fieldValue: "", error: null };
  if (isoDate.safeParse(raw).success)
    return { date: raw, requested: raw, fieldValue: raw, error: null };
  return {
    date: today(),
    requested: undefined,
    fieldValue: raw,
    error: {
      text: "Enter a real date as year, month and day, like 2026-04-01",
      href: "#as-at",
    },
  };
}

const searchQuery = z.object({
  name: z.string().trim().max(200).catch(""),
  organisation: z.string().trim().max(200).catch(""),
  type: z.string().trim().max(40).catch(""),
});

function searchOf(c: Context<AppEnv>, types: readonly string[]) {
  const q = searchQuery.parse({
    name: c.req.query("name") ?? "",
    organisation: c.req.query("organisation") ?? "",
    type: c.req.query("type") ?? "",
  });
  return { ...q, type: types.includes(q.type) ? q.type : "" };
}

const typeItems = (
  types: readonly string[],
  label: (t: string) => string,
  chosen: string,
) => [
  { value: "", text: "Any type", selected: chosen === "" },
  ...types.map((t) => ({ value: t, text: label(t), selected: chosen === t })),
];

const query = (params: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== "") p.set(k, v);
  const s = p.toString();
  return s === "" ? "" : `?${s}`;
};

const notFound = (c: Context<AppEnv>, message: string) =>
  renderErrorPage(c, 404, "ICS not found", message, {
    links: [{ text: "See every ICS", href: "/" }],
  });

const breadcrumbs = (code: string, name: string) => [
  { text: "Home", href: "/" },
  { text: name, href: `/ics/${code}` },
];

async function interestsPage(c: Context<AppEnv>) {
  const db = c.get("db");
  const code = c.req.param("code") ?? "";
  const asAt = asAtOf(c);
  const search = searchOf(c, governance.INTEREST_TYPES);
  const register = await listRegister(db, code, asAt.date);
  if (!register.ok) return notFound(c, register.error.message);
  const history = await interestHistory(db, code, asAt.date);
  if (!history.ok) return notFound(c, history.error.message);
  const h = history.value;
  const label = (t: string) =>
    governance.INTEREST_TYPE_LABELS[t as governance.InterestType];
  const matches = (r: {
    person_name: string;
    organisation_code: string;
    organisation_name: string | null;
    type: string;
  }) =>
    governance.matchesSearch(
      {
        personName: r.person_name,
        organisationCode: r.organisation_code,
        organisationName: r.organisation_name,
        type: r.type,
      },
      search,
    );
  const current = register.value.entries.filter(matches);
  const past = h.entries.filter(matches);
  const path = `/ics/${h.ics}/registers/interests`;
  const view: LayoutView & Record<string, unknown> = {
    title: "Register of interests",
    breadcrumbs: breadcrumbs(h.ics, h.icsName),
    synthetic: h.synthetic,
    errors: asAt.error ? [asAt.error] : [],
    icsName: h.icsName,
    asAt: asAt.date,
    form: {
      action: path,
      values: { ...search, as_at: asAt.fieldValue },
      asAtError: asAt.error?.text,
      types: typeItems(governance.INTEREST_TYPES, label, search.type),
    },
    searched:
      search.name !== "" || search.organisation !== "" || search.type !== "",
    total: register.value.entries.length,
    rows: current.map((e) => ({
      person: e.person_name,
      type: label(e.type),
      organisation: e.organisation_name ?? e.organisation_code,
      organisationCode: e.organisation_code,
      description: e.description,
      heldBy: e.held_by ?? "",
      from: e.valid_from,
      to: e.valid_to,
    })),
    history: past.map((e) => ({
      person: e.person_name,
      type: label(e.type),
      organisation: e.organisation_name ?? e.organisation_code,
      description: e.description,
      declaredOn: e.declared_on,
      from: e.valid_from,
      to: e.valid_to,
      inForce:
        e.valid_from <= asAt.date &&
        (e.valid_to === null || e.valid_to > asAt.date),
    })),
    csvHref: `/api/ics/${h.ics}/interests${query({ format: "csv", as_at: asAt.date })}`,
    // Members declare their own interests, officers anyone's in the ICS.
    newHref: governance.can(c.get("actor"), "declare_interest", {
      icsCode: h.ics,
      personId: c.get("actor").id,
    })
      ? `${path}/new`
      : null,
    giftsHref: `/ics/${h.ics}/registers/gifts${query({ as_at: asAt.requested })}`,
    logHref: `/ics/${h.ics}/log`,
  };
  return renderPage(
    c,
    "governance/registers/interests.njk",
    view,
    asAt.error ? 400 : 200,
  );
}

async function giftsPage(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  const asAt = asAtOf(c);
  const search = searchOf(c, governance.GIFT_KINDS);
  const result = await listGifts(c.get("db"), code, asAt.date);
  if (!result.ok) return notFound(c, result.error.message);
  const v = result.value;
  const rows = v.entries.filter((g) =>
    governance.matchesSearch(
      {
        personName: g.person_name,
        organisationCode: g.giver_organisation_code,
        organisationName: g.giver_organisation_name ?? g.giver_name,
        type: g.kind,
      },
      search,
    ),
  );
  const path = `/ics/${v.ics}/registers/gifts`;
  const view: LayoutView & Record<string, unknown> = {
    title: "Register of gifts and hospitality",
    breadcrumbs: breadcrumbs(v.ics, v.icsName),
    synthetic: v.synthetic,
    errors: asAt.error ? [asAt.error] : [],
    icsName: v.icsName,
    asAt: asAt.date,
    form: {
      action: path,
      values: { ...search, as_at: asAt.fieldValue },
      asAtError: asAt.error?.text,
      types: typeItems(governance.GIFT_KINDS, (t) => t, search.type),
    },
    searched:
      search.name !== "" || search.organisation !== "" || search.type !== "",
    total: v.entries.length,
    rows: rows.map((g) => ({
      receivedOn: g.received_on,
      declaredOn: g.declared_on,
      person: g.person_name,
      kind: g.kind,
      giver: g.giver_name,
      giverOrganisation:
        g.giver_organisation_code === null
          ? null
          : (g.giver_organisation_name ?? g.giver_organisation_code),
      description: g.description,
      value: formatPence(g.value_pence),
      valuePence: g.value_pence,
      accepted: g.accepted,
    })),
    acceptedTotal: formatPence(
      rows.filter((g) => g.accepted).reduce((s, g) => s + g.value_pence, 0),
    ),
    declinedCount: rows.filter((g) => !g.accepted).length,
    csvHref: `/api/ics/${v.ics}/gifts${query({ format: "csv", as_at: asAt.date })}`,
    newHref: `/ics/${v.ics}/registers/gifts/new`,
    interestsHref: `/ics/${v.ics}/registers/interests${query({ as_at: asAt.requested })}`,
    logHref: `/ics/${v.ics}/log`,
  };
  return renderPage(
    c,
    "governance/registers/gifts.njk",
    view,
    asAt.error ? 400 : 200,
  );
}

const LOG_PAGE_SIZE = 50;
/** The first twelve hex digits of a hash, enough to match entries by eye; the API has them whole. */
const hashPrefix = (hash: string) =>
  hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
const LOG_KIND_LABELS: Record<string, string> = {
  decision: "Decision",
  register_entry: "Register entry",
  withholding: "Item held in private",
  scrutiny_response: "Response to scrutiny",
  commitment_done: "Commitment done",
};

/** One line about a log entry, from what its payload says; the payload itself is in the API. */
export function summariseLogEntry(kind: string, payload: unknown): string {
  if (typeof payload === "object" && payload !== null) {
    const p = payload as Record<string, unknown>;
    if (typeof p["summary"] === "string") return p["summary"];
    const d = p["declaration"];
    if (typeof d === "object" && d !== null) {
      const declaration = d as Record<string, unknown>;
      const type = governance.interestType.safeParse(declaration["type"]);
      const who =
        typeof p["personName"] === "string" ? p["personName"] : "A member";
      const org =
        typeof declaration["organisationCode"] === "string"
          ? declaration["organisationCode"]
          : "an organisation";
      if (type.success)
        return `${who} declared a ${governance.INTEREST_TYPE_LABELS[type.data]} interest in ${org}`;
    }
    if (typeof p["title"] === "string") return p["title"];
  }
  return LOG_KIND_LABELS[kind] ?? kind;
}

async function logPage(c: Context<AppEnv>) {
  const db = c.get("db");
  const code = c.req.param("code") ?? "";
  const log = await listLog(db, code);
  if (!log.ok) return notFound(c, log.error.message);
  const verification = await verifyLog(db, code);
  if (!verification.ok) return notFound(c, verification.error.message);
  const ics = log.value.ics;
  const chain = verification.value.chains[0];
  const pageNumber = Number.parseInt(c.req.query("page") ?? "1", 10);
  const path = `/ics/${ics}/log`;
  // Newest first: a reader comes to see what was added lately.
  const newestFirst = [...log.value.entries].reverse();
  const paged = paginate(
    newestFirst,
    Number.isFinite(pageNumber) ? pageNumber : 1,
    LOG_PAGE_SIZE,
    (n) => (n === 1 ? path : `${path}?page=${n}`),
  );
  const broken =
    chain !== undefined && !chain.valid ? chain.first_broken : null;
  const about = await icsAt(db, ics, today());
  const view: LayoutView & Record<string, unknown> = {
    title: "Public log",
    breadcrumbs: breadcrumbs(ics, about.ok ? about.value.name : ics),
    synthetic: about.ok && about.value.synthetic,
    ics,
    icsName: about.ok ? about.value.name : ics,
    length: log.value.entries.length,
    verification: chain ?? {
      valid: true,
      length: 0,
      head: governance.GENESIS_HASH,
    },
    entries: paged.rows.map((e) => ({
      sequence: e.sequence,
      kind: LOG_KIND_LABELS[e.kind] ?? e.kind,
      recordedAt: e.recorded_at,
      summary: summariseLogEntry(e.kind, e.payload),
      hash: hashPrefix(e.hash),
      previousHash: hashPrefix(e.previous_hash),
      broken: broken !== null && e.sequence >= broken,
      first: broken === e.sequence,
    })),
    pagination: paged.pagination,
    pageNumber: paged.page,
    pages: paged.pages,
    logHref: `/api/ics/${ics}/log`,
    verifyHref: `/api/ics/${ics}/log/verify`,
    genesis: governance.GENESIS_HASH,
    example: canonicalExample(log.value.entries[0]),
  };
  return renderPage(c, "governance/registers/log.njk", view);
}

/** The canonical text of the first entry, so a reader can check one hash by hand. */
function canonicalExample(
  entry:
    | {
        sequence: number;
        kind: string;
        recorded_at: string;
        payload: unknown;
        previous_hash: string;
        hash: string;
      }
    | undefined,
) {
  if (entry === undefined) return null;
  const payload = governance.jsonValue.safeParse(entry.payload);
  if (!payload.success) return null;
  return {
    text: governance.canonicalJson({
      sequence: entry.sequence,
      kind: entry.kind,
      recordedAt: entry.recorded_at,
      payload: payload.data,
      previousHash: entry.previous_hash,
    }),
    hash: entry.hash,
  };
}

export function registerRegisterPages(app: Hono<AppEnv>): void {
  app.get("/ics/:code/registers/interests", interestsPage);
  app.get("/ics/:code/registers/gifts", giftsPage);
  app.get("/ics/:code/log", logPage);
}
