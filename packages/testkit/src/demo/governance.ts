// The demo ICS's governance: a model adopted and then changed, an ICB board, a partnership,
// place boards and committees with (fictional) members, a scheme of reservation and delegation,
// registers of interests (one linked through a parent owner), and one board meeting with a
// conflict, withdrawals, an item in private and a double-majority vote. Everything is written
// through the server's use cases, so it is validated, audited and logged like real work.
import { SYSTEM_ACTOR, type Result } from "@openics/core";
import type { Database } from "@openics/db";
import {
  governanceBodiesService as bodies,
  governanceMeetingsService as meetings,
  governanceService,
} from "@openics/server";

const ICS = "QZ9";
const actor = SYSTEM_ACTOR;

function must<T>(result: Result<T, { message: string }>, what: string): T {
  if (!result.ok)
    throw new Error(`demo governance: ${what}: ${result.error.message}`);
  return result.value;
}

type Role = bodies.AddMemberInput["role"];

interface Seat {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly voting?: boolean;
  readonly constituency: "nhs" | "local_government" | "other";
  readonly nominatedBy?: string;
  readonly open?: boolean;
}

const BOARD_FROM = "2025-04-01";

const openAppointment = (post: string) => ({
  advertisedOn: "2025-01-15",
  advertUrl: "https://example.org/demo-vale/vacancies/board-members",
  panel: [
    "Chair of the ICB",
    "Independent assessor (NHS England)",
    "Healthwatch representative",
  ],
  criteria: [
    `Experience suited to the ${post} role`,
    "Commitment to the Nolan principles of public life",
    "Lives or works in Demo Vale",
  ],
  outcome: "Appointed after interview: 14 applicants, 4 shortlisted.",
});

const BOARD: readonly Seat[] = [
  {
    id: "P-HMARSH",
    name: "Helen Marsh",
    role: "chair",
    constituency: "other",
    open: true,
  },
  {
    id: "P-RDESAI",
    name: "Cllr Ravi Desai",
    role: "local_authority_leader",
    constituency: "local_government",
    nominatedBy: "E06900001",
  },
  {
    id: "P-MLOWE",
    name: "Margaret Lowe",
    role: "chief_executive",
    constituency: "nhs",
  },
  {
    id: "P-TBECKER",
    name: "Tom Becker",
    role: "finance_director",
    constituency: "nhs",
  },
  {
    id: "P-AOKAFOR",
    name: "Dr Amara Okafor",
    role: "medical_director",
    constituency: "nhs",
  },
  {
    id: "P-GADEYEMI",
    name: "Grace Adeyemi",
    role: "nursing_director",
    constituency: "nhs",
  },
  {
    id: "P-NHARTLEY",
    name: "Dr Neil Hartley",
    role: "partner_member_trusts",
    constituency: "nhs",
    nominatedBy: "RZ1",
  },
  {
    id: "P-PSHAH",
    name: "Dr Priya Shah",
    role: "partner_member_primary_care",
    constituency: "nhs",
  },
  {
    id: "P-OPRICE",
    name: "Cllr Owen Price",
    role: "partner_member_local_authority",
    constituency: "local_government",
    nominatedBy: "E10900001",
  },
  {
    id: "P-FNOOR",
    name: "Cllr Fatima Noor",
    role: "local_government",
    constituency: "local_government",
    nominatedBy: "E06900002",
  },
  {
    id: "P-BCARTER",
    name: "Dr Ben Carter",
    role: "public_health",
    constituency: "local_government",
    nominatedBy: "E06900003",
  },
  {
    id: "P-SQUINN",
    name: "Sarah Quinn",
    role: "non_executive",
    constituency: "other",
    open: true,
  },
  {
    id: "P-DADEBAYO",
    name: "David Adebayo",
    role: "non_executive",
    constituency: "other",
    open: true,
  },
  {
    id: "P-LMOSS",
    name: "Linda Moss",
    role: "healthwatch",
    voting: false,
    constituency: "other",
    nominatedBy: "ZHW01",
  },
];

const PARTNERSHIP: readonly Seat[] = [
  {
    id: "P-RDESAI",
    name: "Cllr Ravi Desai",
    role: "chair",
    constituency: "local_government",
  },
  {
    id: "P-MLOWE",
    name: "Margaret Lowe",
    role: "chief_executive",
    constituency: "nhs",
  },
  {
    id: "P-OPRICE",
    name: "Cllr Owen Price",
    role: "partner_member_local_authority",
    constituency: "local_government",
    nominatedBy: "E10900001",
  },
  {
    id: "P-FNOOR",
    name: "Cllr Fatima Noor",
    role: "local_government",
    constituency: "local_government",
    nominatedBy: "E06900002",
  },
  {
    id: "P-BCARTER",
    name: "Dr Ben Carter",
    role: "public_health",
    constituency: "local_government",
    nominatedBy: "E06900003",
  },
  {
    id: "P-NHARTLEY",
    name: "Dr Neil Hartley",
    role: "partner_member_trusts",
    constituency: "nhs",
    nominatedBy: "RZ1",
  },
  {
    id: "P-JPIKE",
    name: "Joanna Pike",
    role: "social_enterprise_charity",
    constituency: "other",
    nominatedBy: "ZVC01",
  },
  {
    id: "P-KDOYLE",
    name: "Kevin Doyle",
    role: "trade_union",
    constituency: "other",
    nominatedBy: "ZTU01",
  },
  {
    id: "P-LMOSS",
    name: "Linda Moss",
    role: "healthwatch",
    constituency: "other",
    nominatedBy: "ZHW01",
  },
];

const COMMITTEES: Readonly<Record<string, readonly Seat[]>> = {
  audit_committee: [
    {
      id: "P-SQUINN",
      name: "Sarah Quinn",
      role: "non_executive",
      constituency: "other",
    },
    {
      id: "P-DADEBAYO",
      name: "David Adebayo",
      role: "non_executive",
      constituency: "other",
    },
    { id: "P-HMARSH", name: "Helen Marsh", role: "lay", constituency: "other" },
    {
      id: "P-TBECKER",
      name: "Tom Becker",
      role: "finance_director",
      voting: false,
      constituency: "nhs",
    },
  ],
  finance_committee: [
    {
      id: "P-DADEBAYO",
      name: "David Adebayo",
      role: "chair",
      constituency: "other",
    },
    {
      id: "P-TBECKER",
      name: "Tom Becker",
      role: "finance_director",
      constituency: "nhs",
    },
    {
      id: "P-MLOWE",
      name: "Margaret Lowe",
      role: "chief_executive",
      constituency: "nhs",
    },
    {
      id: "P-OPRICE",
      name: "Cllr Owen Price",
      role: "partner_member_local_authority",
      constituency: "local_government",
      nominatedBy: "E10900001",
    },
  ],
  quality_committee: [
    {
      id: "P-SQUINN",
      name: "Sarah Quinn",
      role: "chair",
      constituency: "other",
    },
    {
      id: "P-GADEYEMI",
      name: "Grace Adeyemi",
      role: "nursing_director",
      constituency: "nhs",
    },
    {
      id: "P-AOKAFOR",
      name: "Dr Amara Okafor",
      role: "medical_director",
      constituency: "nhs",
    },
    {
      id: "P-LMOSS",
      name: "Linda Moss",
      role: "healthwatch",
      voting: false,
      constituency: "other",
      nominatedBy: "ZHW01",
    },
  ],
  primary_care_committee: [
    {
      id: "P-DADEBAYO",
      name: "David Adebayo",
      role: "chair",
      constituency: "other",
    },
    {
      id: "P-PSHAH",
      name: "Dr Priya Shah",
      role: "partner_member_primary_care",
      constituency: "nhs",
    },
    {
      id: "P-AOKAFOR",
      name: "Dr Amara Okafor",
      role: "medical_director",
      constituency: "nhs",
    },
    {
      id: "P-BCARTER",
      name: "Dr Ben Carter",
      role: "public_health",
      constituency: "local_government",
      nominatedBy: "E06900003",
    },
  ],
};

// Place boards: a council leader in the chair, a GP lead and a place director, and Healthwatch.
const PLACE_PEOPLE: readonly (readonly [string, string, string])[] = [
  ["Cllr Ann Whitfield", "Dr Sam Okoro", "Rachel Dunne"],
  ["Cllr Peter Lyle", "Dr Hannah Fox", "Marcus Bell"],
  ["Cllr Joy Mensah", "Dr Imran Aziz", "Claire Tobin"],
  ["Cllr Gareth Evans", "Dr Lucy Hale", "Nadia Rahman"],
  ["Cllr Susan Ward", "Dr Tomasz Nowak", "Oliver Grant"],
];

async function seat(db: Database, bodyId: string, s: Seat, from: string) {
  must(
    await bodies.addMember(db, actor, ICS, bodyId, {
      person_id: s.id,
      person_name: s.name,
      role: s.role,
      voting: s.voting ?? true,
      constituency: s.constituency,
      nominated_by: s.nominatedBy ?? null,
      appointment:
        s.open === true ? openAppointment(s.role.replaceAll("_", " ")) : null,
      valid_from: from,
    }),
    `seat ${s.name} on ${bodyId}`,
  );
}

const body = (kind: string) => `${ICS}-${kind}`;

/** Writes the demo ICS's governance, unless a model is already adopted (loading the demo again changes nothing). */
export async function loadDemoGovernance(
  db: Database,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const overview = must(
    await bodies.governanceOverview(db, ICS, BOARD_FROM),
    "the demo ICS",
  );
  if (overview.history.length > 0) return;
  must(
    await bodies.adoptModel(db, actor, ICS, {
      model: "icb_corporate_body",
      decided_by: "NHS England (ICB establishment order)",
      valid_from: "2022-07-01",
    }),
    "first model",
  );
  const adopted = must(
    await bodies.adoptModel(db, actor, ICS, {
      model: "health_and_prosperity",
      decided_by:
        "ICB board and partner councils, joint resolution of 6 March 2025",
      valid_from: BOARD_FROM,
    }),
    "change of model",
  );

  for (const rule of [
    {
      body_kinds: ["icb_board"],
      rule: {
        kind: "requires_role",
        id: "local-public-health",
        source: "local",
        label: "a director of public health",
        roles: ["public_health", "regional_public_health_director"],
        atLeast: 1,
        votingOnly: true,
      },
    },
    {
      body_kinds: ["icb_board", "integrated_care_partnership"],
      rule: {
        kind: "requires_role",
        id: "local-worker-voice",
        source: "local",
        label: "a trade-union or worker member",
        roles: ["trade_union", "worker"],
        atLeast: 1,
        votingOnly: false,
      },
    },
  ])
    must(
      await bodies.addLocalRule(db, actor, ICS, {
        ...rule,
        valid_from: BOARD_FROM,
      }),
      "local rule",
    );

  for (const s of BOARD) await seat(db, body("icb_board"), s, BOARD_FROM);
  for (const s of PARTNERSHIP)
    await seat(db, body("integrated_care_partnership"), s, BOARD_FROM);
  for (const [kind, seats] of Object.entries(COMMITTEES))
    for (const s of seats) await seat(db, body(kind), s, BOARD_FROM);
  const placeBoards = adopted.created.filter((id) =>
    id.startsWith(body("place_board-")),
  );
  for (const [i, id] of placeBoards.entries()) {
    const [leader, gp, director] = PLACE_PEOPLE[i % PLACE_PEOPLE.length] ?? [
      "",
      "",
      "",
    ];
    const place = id.slice(body("place_board-").length);
    const n = String(i + 1).padStart(2, "0");
    await seat(
      db,
      id,
      {
        id: `P-PL${n}-LEAD`,
        name: leader,
        role: "chair",
        constituency: "local_government",
        nominatedBy: place,
      },
      BOARD_FROM,
    );
    await seat(
      db,
      id,
      {
        id: `P-PL${n}-GP`,
        name: gp,
        role: "partner_member_primary_care",
        constituency: "nhs",
      },
      BOARD_FROM,
    );
    await seat(
      db,
      id,
      {
        id: `P-PL${n}-DIR`,
        name: director,
        role: "clinical",
        constituency: "nhs",
      },
      BOARD_FROM,
    );
    await seat(
      db,
      id,
      {
        id: "P-LMOSS",
        name: "Linda Moss",
        role: "healthwatch",
        voting: false,
        constituency: "other",
        nominatedBy: "ZHW01",
      },
      BOARD_FROM,
    );
  }

  const ics = overview.ics.name;
  const scheme = [
    [
      "SoRD 1.1",
      "capital_plan",
      "body",
      body("icb_board"),
      "Integrated Care Board",
      null,
    ],
    [
      "SoRD 2.1",
      "contract_award",
      "officer",
      "officer-director-of-finance",
      "Director of Finance",
      100_000_000,
    ],
    [
      "SoRD 2.2",
      "contract_award",
      "body",
      body("finance_committee"),
      "Finance Committee",
      500_000_000,
    ],
    [
      "SoRD 2.3",
      "contract_award",
      "body",
      body("icb_board"),
      "Integrated Care Board",
      null,
    ],
    [
      "SoRD 3.1",
      "estates_lease",
      "body",
      body("icb_board"),
      "Integrated Care Board",
      null,
    ],
    [
      "SoRD 4.1",
      "integrated_care_strategy",
      "body",
      body("integrated_care_partnership"),
      "Integrated Care Partnership",
      null,
    ],
    [
      "SoRD 5.1",
      "primary_care_contract",
      "body",
      body("primary_care_committee"),
      "Primary Care Committee",
      null,
    ],
  ] as const;
  for (const [reference, type, kind, id, name, upTo] of scheme)
    must(
      await bodies.recordSordEntry(db, actor, ICS, {
        reference,
        decision_type: type,
        decider_kind: kind,
        decider_id: id,
        decider_name: name,
        up_to_pence: upTo,
        legally_responsible_body:
          type === "integrated_care_strategy"
            ? `${ics} and the partner councils, jointly`
            : ics,
        valid_from: BOARD_FROM,
      }),
      `scheme ${reference}`,
    );

  // Registers of interests: Dr Shah's paid work at Vale Eye Clinic links her, through its parent
  // owner, to Seagate Independent Hospital; Tom Becker's spouse is a director there.
  const interests = [
    {
      person_id: "P-PSHAH",
      type: "financial",
      organisation_code: "ZIS02",
      description:
        "Paid sessional work as a GP with a special interest in ophthalmology",
      held_by: null,
    },
    {
      person_id: "P-TBECKER",
      type: "indirect",
      organisation_code: "ZIS01",
      description: "Spouse is a non-executive director",
      held_by: "spouse",
    },
    {
      person_id: "P-OPRICE",
      type: "non_financial_personal",
      organisation_code: "ZVC02",
      description: "Unpaid trustee",
      held_by: null,
    },
    {
      person_id: "P-LMOSS",
      type: "non_financial_professional",
      organisation_code: "ZHW01",
      description: "Chair of Healthwatch",
      held_by: null,
    },
    {
      person_id: "P-NHARTLEY",
      type: "financial",
      organisation_code: "RZ1",
      description: "Employed as chief executive",
      held_by: null,
    },
  ] as const;
  for (const i of interests)
    must(
      await governanceService.declareInterest(
        db,
        actor,
        ICS,
        { ...i, valid_from: BOARD_FROM },
        BOARD_FROM,
      ),
      `interest of ${i.person_id}`,
    );

  await boardMeeting(db);
  log(
    "The demo ICS's governance is loaded: bodies, members, interests, the scheme of delegation and a board meeting.",
  );
}

async function boardMeeting(db: Database): Promise<void> {
  const board = body("icb_board");
  const meeting = must(
    await meetings.createMeeting(db, actor, ICS, {
      body_id: board,
      meeting_date: "2025-09-18",
      title: "Integrated Care Board meeting in public",
      location: "Council Chamber, Port Demo Civic Centre",
      papers: [
        {
          title: "Agenda and papers pack",
          url: "https://example.org/demo-vale/board/2025-09-18/papers.pdf",
          item_number: null,
        },
        {
          title: "Elective orthopaedic capacity: business case",
          url: "https://example.org/demo-vale/board/2025-09-18/item-3.pdf",
          item_number: "3",
        },
        {
          title: "Capital plan 2026/27",
          url: "https://example.org/demo-vale/board/2025-09-18/item-5.pdf",
          item_number: "5",
        },
      ],
    }),
    "board meeting",
  );
  const id = meeting.id;
  must(
    await meetings.recordAttendance(db, actor, ICS, id, {
      attendance: BOARD.map((s) => ({
        person_id: s.id,
        status: s.id === "P-FNOOR" ? "apologies" : "present",
      })),
    }),
    "attendance",
  );
  const items = [
    { number: "1", title: "Welcome, apologies and declarations of interest" },
    { number: "2", title: "Minutes of the meeting of 17 July 2025" },
    {
      number: "3",
      title:
        "Elective orthopaedic capacity: award of contract to Seagate Independent Hospital",
      concerns: [
        { kind: "contract", reference: "QZ9-2025-014", supplierCode: "ZIS01" },
      ],
      decision_type: "contract_award",
      value_pence: 240_000_000,
    },
    {
      number: "4",
      title: "Community diagnostic centre: lease negotiations",
      concerns: [{ kind: "supplier", code: "ZIS03" }],
      in_private: true,
      withholding: {
        reason: "negotiations_in_progress",
        decided_by: "Helen Marsh, Chair",
        review_on: "2027-03-31",
      },
      decision_type: "estates_lease",
      value_pence: 80_000_000,
    },
    {
      number: "5",
      title: "Capital plan 2026/27",
      decision_type: "capital_plan",
      value_pence: 1_850_000_000,
    },
  ];
  for (const item of items)
    must(
      await meetings.addItem(db, actor, ICS, id, item),
      `item ${item.number}`,
    );
  const item = (n: string) => `${id}-${n}`;

  for (const [person, reason] of [
    [
      "P-PSHAH",
      "Paid work for a sister company of the bidder under the same parent owner: left the room for the item.",
    ],
    [
      "P-TBECKER",
      "Spouse is a director of the bidder: left the room for the item.",
    ],
  ] as const)
    must(
      await meetings.recordRuling(db, actor, ICS, id, item("3"), {
        person_id: person,
        ruling: "withdraw",
        reason,
        decided_by: "Helen Marsh, Chair",
      }),
      `ruling on ${person}`,
    );
  const voters = BOARD.filter((s) => (s.voting ?? true) && s.id !== "P-FNOOR");
  const cast = async (
    n: string,
    choose: (personId: string) => "for" | "against" | "abstain",
    skip: readonly string[] = [],
  ) =>
    must(
      await meetings.recordVotes(db, actor, ICS, id, item(n), {
        votes: voters
          .filter((v) => !skip.includes(v.id))
          .map((v) => ({ person_id: v.id, choice: choose(v.id) })),
        casting_vote: null,
      }),
      `votes on item ${n}`,
    );
  await cast(
    "3",
    (p) =>
      p === "P-NHARTLEY" ? "against" : p === "P-OPRICE" ? "abstain" : "for",
    ["P-PSHAH", "P-TBECKER"],
  );
  must(
    await meetings.decideItem(db, actor, ICS, id, item("3"), {
      resolution:
        "The board awards contract QZ9-2025-014 (elective orthopaedic capacity, £2.4m over two years) to Seagate Independent Hospital.",
    }),
    "decision on item 3",
  );
  await cast("4", () => "for");
  must(
    await meetings.decideItem(db, actor, ICS, id, item("4"), {
      resolution:
        "The board authorises the Director of Finance to agree the lease within the terms discussed.",
    }),
    "decision on item 4",
  );
  await cast("5", (p) =>
    p === "P-FNOOR" || p === "P-RDESAI" ? "against" : "for",
  );
  must(
    await meetings.decideItem(db, actor, ICS, id, item("5"), {
      resolution: "The board approves the capital plan 2026/27 of £18.5m.",
    }),
    "decision on item 5",
  );
  must(
    await meetings.recordMinutes(db, actor, ICS, id, {
      minutes:
        "The chair welcomed members and the public. Apologies were received from Cllr Fatima Noor. Dr Priya Shah and Tom Becker declared interests in item 3 and left the room for it. The board took item 4 in private to protect lease negotiations; the reason and review date are published. The capital plan was approved after discussion of the balance between primary care and acute estate.",
      actions: [
        {
          description: "Publish the contract award notice for QZ9-2025-014",
          owner: "Director of Finance",
          due_on: "2025-10-02",
        },
        {
          description: "Report progress on the diagnostic centre lease",
          owner: "Chief Executive",
          due_on: "2025-11-20",
        },
      ],
    }),
    "minutes",
  );
}
