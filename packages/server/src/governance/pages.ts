import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { governance } from "@openics/core";
import type { AppEnv } from "../context";
import {
  csvDownload,
  csvHref,
  escapeXml,
  formatDate,
  renderErrorPage,
  renderPage,
  wantsCsv,
  type Breadcrumb,
  type LayoutView,
} from "../web";
import {
  bodyDetail,
  governanceOverview,
  listGoverned,
  listScheme,
  today,
  type IcsRef,
} from "./bodies-service";
import {
  listMeetings,
  showMeeting,
  type PublishedItem,
  type PublishedMeeting,
} from "./meetings-service";

// Public governance pages: bodies with members and rule checks, meetings with what was decided,
// by whom, under what authority and who withdrew, and "who decides?". Thin adapters over the
// same use cases as the API.

type Cell =
  { text: string; format?: "numeric" } | { html: string; format?: "numeric" };
export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly level?: 2 | 3;
  readonly paragraphs?: readonly string[];
  readonly summary?: readonly { key: string; value?: string; html?: string }[];
  readonly table?: {
    readonly caption: string;
    readonly head: readonly { text: string; format?: "numeric" }[];
    readonly rows: readonly (readonly Cell[])[];
    readonly empty: string;
  };
  readonly csvHref?: string;
  readonly inset?: string;
  readonly warning?: { heading: string; text: string };
}
interface SectionsView extends LayoutView {
  readonly caption?: string;
  readonly lede?: string;
  readonly links?: readonly Breadcrumb[];
  readonly asAtForm?: { action: string; value: string; error: string | null };
  readonly sections: readonly Section[];
}

export const text = (t: string): Cell => ({ text: t });
export const num = (n: number): Cell => ({
  text: n.toLocaleString("en-GB"),
  format: "numeric",
});
export const link = (t: string, href: string): Cell => ({
  html: `<a href="${escapeXml(href)}">${escapeXml(t)}</a>`,
});
const tag = (t: string, colour: "green" | "red" | "grey" | "orange"): Cell => ({
  html: `<strong class="nhsuk-tag nhsuk-tag--${colour}">${escapeXml(t)}</strong>`,
});
export const words = (s: string): string => {
  const spaced = s.replaceAll("_", " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
export const pounds = (pence: number | null): string =>
  pence === null ? "No limit" : governance.formatPounds(pence);

export const governanceHref = (code: string) => `/ics/${code}/governance`;
export const bodyHref = (code: string, id: string) =>
  `/ics/${code}/governance/bodies/${encodeURIComponent(id)}`;
/** An officer's link to end a member's term, while it is still open today. */
const endTermLink = (code: string, m: governance.Membership): Cell =>
  m.validTo === null || m.validTo > today()
    ? {
        html: `<a href="${escapeXml(`${governanceHref(code)}/memberships/${encodeURIComponent(m.id)}/end`)}">End<span class="nhsuk-u-visually-hidden"> ${escapeXml(m.personName)}'s term</span></a>`,
      }
    : text("");
export const meetingHref = (code: string, id: string) =>
  `/ics/${code}/governance/meetings/${encodeURIComponent(id)}`;

const crumbs = (ics: IcsRef, more: readonly Breadcrumb[] = []) => [
  { text: "Home", href: "/" },
  { text: ics.name, href: `/ics/${ics.code}` },
  ...more,
];

/** The as_at query, checked: a bad date is shown as a field error and today is used. */
function readAsAt(c: Context<AppEnv>): {
  date: string;
  value: string;
  error: string | null;
} {
  const value = c.req.query("as_at") ?? "";
  if (value === "") return { date: today(), value: "", error: null };
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
    ? { date: value, value, error: null }
    : {
        date: today(),
        value,
        error: "Enter a real date as YYYY-MM-DD, for example 2025-10-01",
      };
}

function notFound(c: Context<AppEnv>, message: string) {
  return renderErrorPage(c, 404, "Page not found", message, {
    links: [{ text: "Home", href: "/" }],
  });
}

const query = (c: Context<AppEnv>) => ({ as_at: c.req.query("as_at") });

async function overviewPage(c: Context<AppEnv>): Promise<Response> {
  const asAt = readAsAt(c);
  const db = c.get("db");
  const r = await governanceOverview(db, c.req.param("code") ?? "", asAt.date);
  if (!r.ok) return notFound(c, r.error.message);
  const v = r.value;
  const meetings = await listMeetings(db, v.ics.code);
  const meetingList = meetings.ok ? meetings.value.meetings : [];
  const path = governanceHref(v.ics.code);
  if (wantsCsv(c))
    return c.req.query("table") === "meetings"
      ? csvDownload(c, `${v.ics.code}-meetings.csv`, meetingList, [
          { header: "id", value: (m) => m.id },
          { header: "body", value: (m) => m.body_name },
          { header: "date", value: (m) => m.date },
          { header: "title", value: (m) => m.title },
        ])
      : csvDownload(c, `${v.ics.code}-bodies-${v.asAt}.csv`, v.bodies, [
          { header: "id", value: (b) => b.id },
          { header: "name", value: (b) => b.name },
          { header: "kind", value: (b) => b.kind },
          { header: "voting_rule", value: (b) => b.voting_rule },
          { header: "members", value: (b) => b.members },
          { header: "rules_failed", value: (b) => b.rules_failed },
        ]);
  const template = v.model
    ? governance.GOVERNANCE_TEMPLATES[v.model.model]
    : null;
  const officer = governance.can(c.get("actor"), "run_meeting", {
    icsCode: v.ics.code,
  });
  const setUpOfficer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics.code,
  });
  const view: SectionsView = {
    title: "Governance",
    caption: v.ics.name,
    breadcrumbs: crumbs(v.ics),
    synthetic: v.ics.synthetic,
    lede: "Who sits on which board, what they decided, under which authority, and who stepped back for a declared interest.",
    links: [
      {
        text: "Who decides? The scheme of reservation and delegation",
        href: `${path}/who-decides`,
      },
      {
        text: "The public log and its verification (JSON)",
        href: `/api/ics/${v.ics.code}/log/verify`,
      },
      ...(officer
        ? [{ text: "Create a meeting (staff)", href: `${path}/meetings/new` }]
        : []),
      ...(setUpOfficer
        ? [
            {
              text: "Adopt a governance model (staff)",
              href: `${path}/model/new`,
            },
            {
              text: "Add to the scheme of reservation and delegation (staff)",
              href: `${path}/scheme/new`,
            },
            {
              text: "Local membership rules (staff)",
              href: `${path}/local-rules`,
            },
          ]
        : []),
    ],
    asAtForm: { action: path, value: asAt.value || v.asAt, error: asAt.error },
    sections: [
      {
        id: "model",
        heading: "Governance model",
        paragraphs:
          template && v.model
            ? [
                `${template.name}, from ${formatDate(v.model.validFrom)}, decided by ${v.model.decidedBy}.`,
                template.summary,
              ]
            : [
                `${v.ics.name} had not adopted a governance model on ${formatDate(v.asAt)}.`,
              ],
        table: {
          caption: "Models adopted over time",
          head: [
            { text: "Model" },
            { text: "From" },
            { text: "Until" },
            { text: "Decided by" },
          ],
          rows: v.history.map((h) => [
            text(governance.GOVERNANCE_TEMPLATES[h.model].name),
            text(formatDate(h.validFrom)),
            text(h.validTo === null ? "In force" : formatDate(h.validTo)),
            text(h.decidedBy),
          ]),
          empty: "No model has been adopted.",
        },
      },
      {
        id: "bodies",
        heading: "Boards and committees",
        table: {
          caption: `Bodies of ${v.ics.name} on ${formatDate(v.asAt)}`,
          head: [
            { text: "Body" },
            { text: "Voting rule" },
            { text: "Members", format: "numeric" },
            { text: "Membership rules" },
          ],
          rows: v.bodies.map((b) => [
            link(
              b.name,
              `${bodyHref(v.ics.code, b.id)}${asAt.value ? `?as_at=${asAt.value}` : ""}`,
            ),
            text(words(b.voting_rule)),
            num(b.members),
            b.rules_failed === 0
              ? tag("All rules pass", "green")
              : tag(`${b.rules_failed} failing`, "red"),
          ]),
          empty: "No bodies on this date.",
        },
        csvHref: csvHref(path, query(c), "bodies"),
      },
      {
        id: "meetings",
        heading: "Meetings",
        table: {
          caption: "Meetings, latest first",
          head: [{ text: "Date" }, { text: "Body" }, { text: "Meeting" }],
          rows: meetingList.map((m) => [
            text(formatDate(m.date)),
            text(m.body_name),
            link(m.title, meetingHref(v.ics.code, m.id)),
          ]),
          empty: "No meetings are recorded.",
        },
        csvHref: csvHref(path, {}, "meetings"),
      },
    ],
  };
  return renderPage(c, "governance/sections.njk", view, asAt.error ? 400 : 200);
}

async function bodyPage(c: Context<AppEnv>): Promise<Response> {
  const asAt = readAsAt(c);
  const db = c.get("db");
  const r = await bodyDetail(
    db,
    c.req.param("code") ?? "",
    c.req.param("id") ?? "",
    asAt.date,
  );
  if (!r.ok) return notFound(c, r.error.message);
  const v = r.value;
  const path = bodyHref(v.ics.code, v.body.id);
  const nominator = (code: string | null) =>
    code === null ? "" : (v.organisationNames[code] ?? code);
  if (wantsCsv(c))
    return c.req.query("table") === "checks"
      ? csvDownload(c, `${v.body.id}-rules-${v.asAt}.csv`, v.checks, [
          { header: "rule_id", value: (k) => k.ruleId },
          { header: "source", value: (k) => k.source },
          { header: "rule", value: (k) => k.label },
          { header: "passed", value: (k) => k.passed },
          { header: "message", value: (k) => k.message },
        ])
      : csvDownload(c, `${v.body.id}-members-${v.asAt}.csv`, v.members, [
          { header: "person_id", value: (m) => m.personId },
          { header: "name", value: (m) => m.personName },
          { header: "role", value: (m) => m.role },
          { header: "voting", value: (m) => m.voting },
          { header: "constituency", value: (m) => m.constituency },
          { header: "nominated_by", value: (m) => nominator(m.nominatedBy) },
          { header: "term_from", value: (m) => m.validFrom },
          { header: "term_to", value: (m) => m.validTo },
        ]);
  const meetings = await listMeetings(db, v.ics.code, v.body.id);
  const appointed = v.members.filter((m) => m.appointment !== null);
  const failed = v.checks.filter((k) => !k.passed).length;
  const figureRows = (fs: readonly governance.ProtectedFigure[]) =>
    fs.map((f) => [
      text(f.label),
      { text: f.shown, format: "numeric" as const },
    ]);
  const q = v.body.quorum;
  const officer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics.code,
  });
  const view: SectionsView = {
    title: v.body.name,
    links: [
      {
        text: "Members as JSON",
        href: `/api/ics/${v.ics.code}/bodies/${encodeURIComponent(v.body.id)}`,
      },
      ...(officer
        ? [
            { text: "Appoint a member (staff)", href: `${path}/members/new` },
            ...(v.body.validTo === null
              ? [
                  {
                    text: "Change or dissolve this body (staff)",
                    href: `${path}/change`,
                  },
                ]
              : []),
          ]
        : []),
    ],
    caption: v.ics.name,
    breadcrumbs: crumbs(v.ics, [
      { text: "Governance", href: governanceHref(v.ics.code) },
    ]),
    synthetic: v.ics.synthetic,
    asAtForm: { action: path, value: asAt.value || v.asAt, error: asAt.error },
    sections: [
      {
        id: "constitution",
        heading: "How it decides",
        summary: [
          { key: "Voting rule", value: votingRuleText(v.body.votingRule) },
          {
            key: "Casting vote",
            value: v.body.chairHasCastingVote
              ? "The chair has a casting vote on a tie"
              : "The chair has no casting vote",
          },
          {
            key: "Quorum",
            value: `${q.minimumVotingMembers} voting members${q.minimumNhs > 0 ? `, at least ${q.minimumNhs} from the NHS` : ""}${q.minimumLocalGovernment > 0 ? `, at least ${q.minimumLocalGovernment} from local government` : ""}, counted after withdrawals for declared interests`,
          },
          { key: "In being since", value: formatDate(v.body.validFrom) },
        ],
      },
      {
        id: "members",
        heading: "Members",
        table: {
          caption: `Members on ${formatDate(v.asAt)}`,
          head: [
            { text: "Name" },
            { text: "Role" },
            { text: "Voting" },
            { text: "Nominated by" },
            { text: "Term" },
            ...(officer ? [{ text: "Change" }] : []),
          ],
          rows: v.members.map((m) => [
            text(m.personName),
            text(words(m.role)),
            text(m.voting ? "Yes" : "No"),
            text(nominator(m.nominatedBy) || "Not recorded"),
            text(
              `${formatDate(m.validFrom)} to ${m.validTo === null ? "date" : formatDate(m.validTo)}`,
            ),
            ...(officer ? [endTermLink(v.ics.code, m)] : []),
          ]),
          empty: "No members on this date.",
        },
        csvHref: csvHref(path, query(c), "members"),
      },
      {
        id: "rules",
        heading: "Membership rules",
        paragraphs: [
          failed === 0
            ? `All ${v.checks.length} rules pass.`
            : `${failed} of ${v.checks.length} rules fail.`,
        ],
        table: {
          caption:
            "Rules from the Health and Care Act 2022, NHS England's guidance, the governance model and the ICS's own",
          head: [
            { text: "Rule" },
            { text: "Source" },
            { text: "Result" },
            { text: "Detail" },
          ],
          rows: v.checks.map((k) => [
            text(k.label),
            text(SOURCE_LABELS[k.source]),
            k.passed ? tag("Passes", "green") : tag("Fails", "red"),
            text(k.message),
          ]),
          empty: "This body has no membership rules.",
        },
        csvHref: csvHref(path, query(c), "checks"),
      },
      {
        id: "expertise",
        heading: "Expertise and balance",
        paragraphs: [
          `${v.figures.members} members, ${v.figures.voting} of them voting. Counts of 1 or 2 are shown as "fewer than ${governance.FIGURE_THRESHOLD}" so no figure points at one person.`,
          v.figures.underRepresented.length === 0
            ? "Every expected field of expertise has at least one member."
            : `Under-represented: no member brings ${v.figures.underRepresented.map((u) => u.label.toLowerCase()).join(", ")}.`,
        ],
        table: {
          caption: "Members by field of expertise",
          head: [{ text: "Field" }, { text: "Members", format: "numeric" }],
          rows: figureRows(v.figures.byExpertise),
          empty: "No members.",
        },
      },
      {
        id: "constituencies",
        heading: "Members by constituency",
        level: 3,
        table: {
          caption: "Members by the side they sit for",
          head: [
            { text: "Constituency" },
            { text: "Members", format: "numeric" },
          ],
          rows: figureRows(v.figures.byConstituency),
          empty: "No members.",
        },
      },
      {
        id: "appointments",
        heading: "Open appointments",
        paragraphs:
          appointed.length === 0
            ? [
                "No open appointment records are published for the current members.",
              ]
            : [],
        table: {
          caption: "How members were appointed",
          head: [
            { text: "Member" },
            { text: "Advertised" },
            { text: "Panel" },
            { text: "Criteria" },
            { text: "Outcome" },
          ],
          rows: appointed.flatMap((m) =>
            m.appointment === null
              ? []
              : [
                  [
                    text(m.personName),
                    m.appointment.advertUrl === null
                      ? text(
                          formatDate(m.appointment.advertisedOn) ||
                            "Not recorded",
                        )
                      : link(
                          formatDate(m.appointment.advertisedOn) || "Advert",
                          m.appointment.advertUrl,
                        ),
                    text(m.appointment.panel.join("; ")),
                    text(m.appointment.criteria.join("; ")),
                    text(m.appointment.outcome),
                  ],
                ],
          ),
          empty: "",
        },
      },
      {
        id: "meetings",
        heading: "Meetings",
        table: {
          caption: `Meetings of ${v.body.name}`,
          head: [{ text: "Date" }, { text: "Meeting" }],
          rows: (meetings.ok ? meetings.value.meetings : []).map((m) => [
            text(formatDate(m.date)),
            link(m.title, meetingHref(v.ics.code, m.id)),
          ]),
          empty: "No meetings are recorded.",
        },
      },
    ],
  };
  return renderPage(c, "governance/sections.njk", view, asAt.error ? 400 : 200);
}

const SOURCE_LABELS: Record<governance.RuleSource, string> = {
  act_2022: "Health and Care Act 2022",
  nhse_guidance: "NHS England guidance",
  template: "Governance model",
  local: "Local rule",
};

export const votingRuleText = (rule: governance.VotingRule): string =>
  ({
    simple_majority: "Simple majority of the voting members present",
    consensus: "Consensus: no one against",
    double_majority:
      "Double majority: a majority of the NHS members and, separately, of the local government members",
  })[rule];

const RULING_TEXT: Record<governance.ChairRuling, string> = {
  withdraw: "Withdrew",
  observe: "Stayed to observe, did not vote",
  participate: "Took part",
};

function concernText(c: governance.ItemConcern): string {
  switch (c.kind) {
    case "organisation":
      return `Organisation ${c.code}`;
    case "supplier":
      return `Supplier ${c.code}`;
    case "contract":
      return `Contract ${c.reference} with ${c.supplierCode}`;
    case "place":
      return `Place ${c.code}`;
  }
}

/** The sections of one agenda item, for the public meeting page and the staff page. */
export function itemSections(item: PublishedItem): Section[] {
  const heading = `Item ${item.number}: ${item.title ?? "Withheld"}`;
  const w = item.withheld;
  const summary: { key: string; value: string }[] = [];
  if (item.in_private && w !== null)
    summary.push(
      { key: "Held in private because", value: words(w.reason_label) },
      { key: "Decided by", value: w.decided_by },
      {
        key: "To be reviewed by",
        value:
          w.review_on < today()
            ? `${formatDate(w.review_on)}: the review is overdue`
            : formatDate(w.review_on),
      },
    );
  if (item.concerns.length > 0)
    summary.push({
      key: "Concerns",
      value: item.concerns.map(concernText).join("; "),
    });
  if (item.decision_type !== null)
    summary.push({
      key: "Decision",
      value: `${words(item.decision_type)}${item.value_pence === null ? "" : `, ${pounds(item.value_pence)}`}`,
    });
  if (item.declarations.length > 0 || item.votes.length > 0)
    summary.push({ key: "Quorum", value: item.quorum.message });
  const sections: Section[] = [
    {
      id: `item-${item.number}`,
      heading,
      ...(item.in_private && item.title === null
        ? {
            warning: {
              heading: "Withheld",
              text: `This item was taken in private for ${w?.reason_label ?? "a recorded reason"}. The withholding is published in the log and will be reviewed by ${formatDate(w?.review_on ?? "")}.`,
            },
          }
        : {}),
      summary,
    },
  ];
  if (item.declarations.length > 0)
    sections.push({
      id: `item-${item.number}-interests`,
      heading: `Declared interests, item ${item.number}`,
      level: 3,
      table: {
        caption:
          "Members with a declared interest touching this item, and the chair's ruling",
        head: [
          { text: "Member" },
          { text: "Interest" },
          { text: "Chair's ruling" },
          { text: "Reason" },
        ],
        rows: item.declarations.map((d) => {
          const ruling = item.rulings.find((r) => r.person_id === d.person_id);
          return [
            text(d.person_name),
            text(
              d.explanation ??
                (d.route === "parent_owner"
                  ? "An interest linked through a parent owner"
                  : "A direct interest"),
            ),
            ruling
              ? text(RULING_TEXT[ruling.ruling])
              : tag("Not ruled", "orange"),
            text(ruling ? (ruling.reason ?? "Withheld with the item") : ""),
          ];
        }),
        empty: "",
      },
    });
  if (item.votes.length > 0)
    sections.push({
      id: `item-${item.number}-votes`,
      heading: `Votes, item ${item.number}`,
      level: 3,
      table: {
        caption: "Recorded votes, by name",
        head: [{ text: "Member" }, { text: "Vote" }],
        rows: [
          ...item.votes.map((v) => [
            text(v.person_name),
            text(words(v.choice)),
          ]),
          ...(item.casting_vote === null
            ? []
            : [[text("Chair's casting vote"), text(words(item.casting_vote))]]),
        ],
        empty: "",
      },
    });
  const d = item.decision;
  if (d !== null)
    sections.push({
      id: `item-${item.number}-decision`,
      heading: `Decision, item ${item.number}`,
      level: 3,
      summary: [
        { key: "Outcome", value: d.carried ? "Carried" : "Not carried" },
        { key: "Count", value: d.explanation },
        {
          key: "Resolution",
          value: d.resolution ?? "Withheld with the item",
        },
        {
          key: "Authority",
          value:
            d.authority === null
              ? "No delegated decision"
              : `${d.authority.reference} of the scheme of reservation and delegation: ${d.authority.decider}, up to ${pounds(d.authority.up_to_pence)}`,
        },
        ...(d.authority === null
          ? []
          : [
              {
                key: "Legally responsible body",
                value: d.authority.legally_responsible_body,
              },
            ]),
        { key: "Public log entry", value: `Number ${d.log_sequence}` },
      ],
    });
  return sections;
}

export function meetingSections(
  m: PublishedMeeting,
  path: string,
  q: Readonly<Record<string, string | undefined>>,
): Section[] {
  const present = m.attendance.filter((a) => a.status === "present");
  return [
    {
      id: "details",
      heading: "The meeting",
      summary: [
        { key: "Body", value: m.body.name },
        { key: "Date", value: formatDate(m.date) },
        { key: "Place", value: m.location ?? "Not recorded" },
        { key: "Voting rule", value: votingRuleText(m.body.voting_rule) },
        {
          key: "Attendance",
          value: `${present.length} of ${m.attendance.length} members present`,
        },
      ],
    },
    {
      id: "papers",
      heading: "Papers",
      table: {
        caption: "Papers for the meeting",
        head: [{ text: "Paper" }, { text: "Item" }],
        rows: m.papers.map((p) => [
          link(p.title, p.url),
          text(p.item_number ?? "All"),
        ]),
        empty: "No papers are published for this meeting.",
      },
    },
    {
      id: "attendance",
      heading: "Attendance",
      table: {
        caption: "Members and whether they attended",
        head: [
          { text: "Member" },
          { text: "Role" },
          { text: "Voting" },
          { text: "Attendance" },
        ],
        rows: m.attendance.map((a) => [
          text(a.person_name),
          text(a.role === null ? "" : words(a.role)),
          text(a.voting ? "Yes" : "No"),
          text(words(a.status)),
        ]),
        empty: "No members.",
      },
    },
    ...m.items.flatMap((i) => itemSections(i)),
    {
      id: "all-votes",
      heading: "Every recorded vote",
      table: {
        caption: "Named votes at this meeting",
        head: [{ text: "Item" }, { text: "Member" }, { text: "Vote" }],
        rows: m.items.flatMap((i) =>
          i.votes.map((v) => [
            text(i.number),
            text(v.person_name),
            text(words(v.choice)),
          ]),
        ),
        empty: "No votes are recorded.",
      },
      csvHref: csvHref(path, q, "votes"),
    },
    {
      id: "minutes",
      heading: "Minutes and actions",
      paragraphs: [m.minutes ?? "The minutes are not yet published."],
      table: {
        caption: "Actions agreed",
        head: [{ text: "Action" }, { text: "Owner" }, { text: "Due" }],
        rows: m.actions.map((a) => [
          text(a.description),
          text(a.owner),
          text(formatDate(a.due_on)),
        ]),
        empty: "No actions are recorded.",
      },
    },
  ];
}

async function meetingPage(c: Context<AppEnv>): Promise<Response> {
  const code = c.req.param("code") ?? "";
  const id = c.req.param("id") ?? "";
  const r = await showMeeting(c.get("db"), c.get("actor"), code, id);
  if (!r.ok) return notFound(c, r.error.message);
  const m = r.value;
  const path = meetingHref(m.ics, m.id);
  if (wantsCsv(c))
    return csvDownload(
      c,
      `${m.id}-votes.csv`,
      m.items.flatMap((i) => i.votes.map((v) => ({ item: i.number, ...v }))),
      [
        { header: "item", value: (v) => v.item },
        { header: "person_id", value: (v) => v.person_id },
        { header: "name", value: (v) => v.person_name },
        { header: "vote", value: (v) => v.choice },
      ],
    );
  const overview = await governanceOverview(c.get("db"), code, m.date);
  const ics = overview.ok
    ? overview.value.ics
    : { code: m.ics, name: m.ics, synthetic: false };
  const officer = governance.can(c.get("actor"), "run_meeting", {
    icsCode: m.ics,
  });
  const view: SectionsView = {
    title: `${m.title}, ${formatDate(m.date)}`,
    caption: m.body.name,
    breadcrumbs: crumbs(ics, [
      { text: "Governance", href: governanceHref(m.ics) },
      { text: m.body.name, href: bodyHref(m.ics, m.body.id) },
    ]),
    synthetic: ics.synthetic,
    links: [
      {
        text: "This meeting as JSON",
        href: `/api/ics/${m.ics}/meetings/${encodeURIComponent(m.id)}`,
      },
      ...(officer
        ? [{ text: "Run this meeting (staff)", href: `${path}/manage` }]
        : []),
    ],
    sections: meetingSections(m, path, {}),
  };
  return renderPage(c, "governance/sections.njk", view);
}

async function whoDecidesPage(c: Context<AppEnv>): Promise<Response> {
  const asAt = readAsAt(c);
  const r = await listScheme(c.get("db"), c.req.param("code") ?? "", asAt.date);
  if (!r.ok) return notFound(c, r.error.message);
  const v = r.value;
  const path = `${governanceHref(v.ics.code)}/who-decides`;
  if (wantsCsv(c))
    return csvDownload(c, `${v.ics.code}-scheme-${v.asAt}.csv`, v.entries, [
      { header: "reference", value: (e) => e.reference },
      { header: "decision_type", value: (e) => e.decisionType },
      { header: "decider", value: (e) => e.decider.name },
      { header: "up_to_pence", value: (e) => e.upToPence },
      {
        header: "legally_responsible_body",
        value: (e) => e.legallyResponsibleBody,
      },
    ]);
  const types = [...new Set(v.entries.map((e) => e.decisionType))].sort();
  const officer = governance.can(c.get("actor"), "manage_bodies", {
    icsCode: v.ics.code,
  });
  const chosen = c.req.query("decision_type") ?? "";
  const valueText = (c.req.query("value") ?? "").replaceAll(",", "").trim();
  const fieldErrors: Record<string, string> = {};
  let answer: {
    heading: string;
    summary: { key: string; value: string }[];
  } | null = null;
  if (chosen !== "") {
    const pence = parsePounds(valueText);
    if (!types.includes(chosen))
      fieldErrors["decision_type"] = "Choose a decision from the list";
    else if (pence === null)
      fieldErrors["value"] = "Enter the value in pounds, for example 1500000";
    else {
      const who = governance.whoDecides(v.entries, chosen, pence, v.asAt);
      answer = who.ok
        ? {
            heading: `${who.value.decider.name} decides`,
            summary: [
              {
                key: "Decision",
                value: `${words(chosen)}${pence > 0 ? ` at ${pounds(pence)}` : ""}`,
              },
              { key: "Who decides", value: who.value.decider.name },
              { key: "Up to", value: pounds(who.value.upToPence) },
              {
                key: "Legally responsible body",
                value: who.value.legallyResponsibleBody,
              },
              {
                key: "Under",
                value: `${who.value.reference} of the scheme, from ${formatDate(who.value.validFrom)}`,
              },
            ],
          }
        : {
            heading: "No one may decide this",
            summary: [{ key: "Why", value: who.error.message }],
          };
    }
  }
  const errors = Object.entries(fieldErrors).map(([field, t]) => ({
    text: t,
    href: `#${field}`,
  }));
  return renderPage(
    c,
    "governance/who-decides.njk",
    {
      title: "Who decides?",
      caption: v.ics.name,
      breadcrumbs: crumbs(v.ics, [
        { text: "Governance", href: governanceHref(v.ics.code) },
      ]),
      synthetic: v.ics.synthetic,
      errors,
      fieldErrors,
      action: path,
      asAt: v.asAt,
      value: c.req.query("value") ?? "",
      decisionTypes: [
        { value: "", text: "Choose a decision" },
        ...types.map((t) => ({
          value: t,
          text: words(t),
          selected: t === chosen,
        })),
      ],
      answer,
      staffLinks: officer
        ? [
            {
              text: "Add an entry to the scheme (staff)",
              href: `${governanceHref(v.ics.code)}/scheme/new`,
            },
          ]
        : [],
      sections: [
        {
          id: "scheme",
          heading: "The scheme of reservation and delegation",
          table: {
            caption: `Who may decide what, on ${formatDate(v.asAt)}`,
            head: [
              { text: "Reference" },
              { text: "Decision" },
              { text: "Decided by" },
              { text: "Up to", format: "numeric" },
              { text: "Legally responsible body" },
              ...(officer ? [{ text: "Change" }] : []),
            ],
            rows: v.entries.map((e) => [
              text(e.reference),
              text(words(e.decisionType)),
              text(e.decider.name),
              { text: pounds(e.upToPence), format: "numeric" },
              text(e.legallyResponsibleBody),
              ...(officer
                ? [
                    link(
                      `End ${e.reference}`,
                      `${governanceHref(v.ics.code)}/scheme/${encodeURIComponent(e.reference)}/end`,
                    ),
                  ]
                : []),
            ]),
            empty: "No scheme of reservation and delegation is recorded.",
          },
          csvHref: csvHref(path, { as_at: c.req.query("as_at") }, "scheme"),
        },
      ],
    } as LayoutView,
    errors.length > 0 || asAt.error ? 400 : 200,
  );
}

/** "2,400,000.50" → 240000050 pence; empty is 0; anything else null. */
export function parsePounds(input: string): number | null {
  const t = input.replaceAll(",", "").replace(/^£/, "").trim();
  if (t === "") return 0;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const pence = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(pence) ? pence : null;
}

async function governedPage(c: Context<AppEnv>): Promise<Response> {
  const governed = await listGoverned(c.get("db"));
  const view: SectionsView = {
    title: "Governance",
    breadcrumbs: [{ text: "Home", href: "/" }],
    lede: "Each integrated care system's boards and committees, their members, meetings and decisions, and who decides what.",
    sections: [
      {
        id: "systems",
        heading: "Integrated care systems",
        table: {
          caption: "Systems whose governance is recorded here",
          head: [{ text: "ICS" }, { text: "Governance model today" }],
          rows: governed.map((g) => [
            link(g.name, governanceHref(g.code)),
            text(
              g.model === null
                ? "None in force"
                : governance.GOVERNANCE_TEMPLATES[g.model].name,
            ),
          ]),
          empty: "No system's governance is recorded yet.",
        },
      },
    ],
  };
  return renderPage(c, "governance/sections.njk", view);
}

export function registerGovernancePages(app: OpenAPIHono<AppEnv>): void {
  app.get("/governance", governedPage);
  app.get("/ics/:code/governance", overviewPage);
  app.get("/ics/:code/governance/who-decides", whoDecidesPage);
  app.get("/ics/:code/governance/bodies/:id", bodyPage);
  app.get("/ics/:code/governance/meetings/:id", meetingPage);
}
