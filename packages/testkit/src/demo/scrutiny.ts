// Registers, scrutiny and compacts for the synthetic demo ICS (Demo Vale, QZ9): a few gifts and
// hospitality entries from its partner organisations, one scrutiny inquiry with evidence, public
// sessions and recommendations (one response overdue), and a Partnership Compact and Annual Joint
// Mandate with commitments done, open and overdue. Written through the same use cases as the API,
// with fixed ids, dates and log times, so the same database state (and log hashes) every time.
import { SYSTEM_ACTOR, type Actor } from "@openics/core";
import { governanceRepository, type Database } from "@openics/db";
import { scrutinyService as scrutiny } from "@openics/server";
import { DEMO_ICB } from "./build";

/** The people the gifts are recorded against: board members of the demo ICS. */
export interface ScrutinyDemoPeople {
  readonly chair: { readonly id: string; readonly name: string };
  readonly financeDirector: { readonly id: string; readonly name: string };
  readonly partnerMember: { readonly id: string; readonly name: string };
}

export const SCRUTINY_DEMO_PEOPLE: ScrutinyDemoPeople = {
  chair: { id: "demo-person-chair", name: "Morgan Ashdown (synthetic)" },
  financeDirector: {
    id: "demo-person-finance",
    name: "Priya Lanyon (synthetic)",
  },
  partnerMember: {
    id: "demo-person-partner-la",
    name: "Cllr Jo Treloar (synthetic)",
  },
};

export interface ScrutinyDemoOptions {
  /** Existing people to attach the gifts to; any that are missing are added. */
  readonly people?: ScrutinyDemoPeople;
  /** Who the records are written as; the system by default. */
  readonly actor?: Actor;
}

export interface ScrutinyDemoSummary {
  /** False when the demo's records were already there, and nothing was written. */
  readonly loaded: boolean;
  readonly gifts: number;
  readonly inquiries: number;
  readonly recommendations: number;
  readonly commitments: number;
}

const ICS = DEMO_ICB.ods;
const at = (day: string) => ({
  on: day,
  recordedAt: `${day}T09:00:00.000Z`,
});

function unwrap<T>(
  what: string,
  result: { ok: true; value: T } | { ok: false; error: { message: string } },
): T {
  if (!result.ok)
    throw new Error(
      `The scrutiny demo could not ${what}: ${result.error.message}`,
    );
  return result.value;
}

/**
 * Loads the demo's registers, scrutiny and compacts into a database that already holds the demo
 * ICS's geography and partners (after the geography import). Loading it again changes nothing.
 */
export async function loadScrutinyDemo(
  db: Database,
  options: ScrutinyDemoOptions = {},
): Promise<ScrutinyDemoSummary> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const inquiry = "demo-inquiry-mental-health-waits";
  if ((await scrutiny.getInquiry(db, ICS, inquiry, "2025-12-31")).ok)
    return {
      loaded: false,
      gifts: 0,
      inquiries: 0,
      recommendations: 0,
      commitments: 0,
    };
  const people = options.people ?? SCRUTINY_DEMO_PEOPLE;
  for (const p of [
    people.chair,
    people.financeDirector,
    people.partnerMember,
  ]) {
    if (!(await governanceRepository.person(db, ICS, p.id)))
      await governanceRepository.insertPerson(db, {
        ics_code: ICS,
        id: p.id,
        name: p.name,
        user_id: null,
      });
  }

  const gifts = [
    {
      day: "2025-05-20",
      input: {
        person_id: people.chair.id,
        kind: "hospitality",
        giver_name: "Seagate Independent Hospital (synthetic)",
        giver_organisation_code: "ZIS01",
        description: "Dinner after the opening of a new day-surgery unit",
        value_pence: 6500,
        received_on: "2025-05-14",
        accepted: true,
      },
    },
    {
      day: "2025-07-02",
      input: {
        person_id: people.financeDirector.id,
        kind: "gift",
        giver_name: "Saltby Diagnostics Centre (synthetic)",
        giver_organisation_code: "ZIS03",
        description: "Two tickets to a summer concert, offered during a tender",
        value_pence: 18000,
        received_on: "2025-06-30",
        accepted: false,
      },
    },
    {
      day: "2025-09-18",
      input: {
        person_id: people.partnerMember.id,
        kind: "hospitality",
        giver_name: "Harbourlight Home Care (synthetic)",
        giver_organisation_code: "ZSC01",
        description: "Lunch at a care-workforce conference",
        value_pence: 2450,
        received_on: "2025-09-16",
        accepted: true,
      },
    },
    {
      day: "2025-11-04",
      input: {
        person_id: people.chair.id,
        kind: "gift",
        giver_name: "A visiting delegation from a partner health system",
        giver_organisation_code: null,
        description: "A framed print of the harbour",
        value_pence: 4000,
        received_on: "2025-11-03",
        accepted: true,
      },
    },
  ];
  for (const [i, g] of gifts.entries())
    unwrap(
      "record a gift",
      await scrutiny.recordGift(db, actor, ICS, g.input, {
        ...at(g.day),
        newId: () => `demo-gift-${i + 1}`,
      }),
    );

  unwrap(
    "open the inquiry",
    await scrutiny.openInquiry(
      db,
      actor,
      ICS,
      {
        committee_kind: "ics_scrutiny_committee",
        committee_name: "Demo Vale ICS Scrutiny Committee (synthetic)",
        title: "Waiting for community mental health care",
        terms_of_reference:
          "How long adults in Demo Vale wait from referral to a first appointment with community mental health services, how waits differ between places and between the most and least deprived areas, and what the ICS and its partners should do about it.",
        opened_on: "2025-04-10",
        sessions: ["2025-05-22", "2025-06-19"],
      },
      { ...at("2025-04-10"), newId: () => inquiry },
    ),
  );
  const evidence = [
    {
      given_by:
        "Director of Mental Health, Demo Vale Community Trust (synthetic)",
      given_on: "2025-05-22",
      summary:
        "The median wait from referral to first appointment was 19 weeks in the year to March, against 11 weeks two years earlier; vacancies among community psychiatric nurses stand at 22%.",
      link: null,
    },
    {
      given_by: "Healthwatch Demo Vale (synthetic)",
      given_on: "2025-05-22",
      summary:
        "Of 312 people who told Healthwatch about waiting, two in three heard nothing between referral and appointment.",
      link: "https://www.healthwatch-demo-vale.example/reports/waiting",
    },
    {
      given_by: "Tideline Mental Health Charity (synthetic)",
      given_on: "2025-06-19",
      summary:
        "Voluntary-sector support while waiting reaches people in the coastal places but not the inland ones.",
      link: null,
    },
  ];
  for (const [i, e] of evidence.entries())
    unwrap(
      "add evidence",
      await scrutiny.addEvidence(db, actor, ICS, inquiry, e, {
        ...at(e.given_on),
        newId: () => `demo-evidence-${i + 1}`,
      }),
    );
  const recommendations = [
    {
      number: "1",
      text: "Publish waiting times for community mental health services by place every month.",
      addressed_to: "ICB board",
      response_due_on: "2025-10-31",
      response: {
        outcome: "accepted",
        text: "Monthly figures by place will be published from November 2025.",
        responding_body: "ICB board",
        responded_on: "2025-10-16",
      },
    },
    {
      number: "2",
      text: "Fund voluntary-sector support for people while they wait in every place, not only the coastal ones.",
      addressed_to: "Integrated Care Partnership",
      response_due_on: "2025-10-31",
      response: {
        outcome: "partly_accepted",
        text: "Two inland places will be funded from April 2026; the third depends on the 2026-27 allocation.",
        responding_body: "Integrated Care Partnership",
        responded_on: "2025-11-12",
      },
    },
    {
      number: "3",
      text: "Set a recruitment and retention plan for community psychiatric nurses with the trusts and report on it to this committee.",
      addressed_to: "ICB board",
      response_due_on: "2025-12-31",
      response: null,
    },
  ];
  for (const r of recommendations) {
    const id = `demo-recommendation-${r.number}`;
    unwrap(
      "make a recommendation",
      await scrutiny.makeRecommendation(
        db,
        actor,
        ICS,
        inquiry,
        {
          number: r.number,
          text: r.text,
          addressed_to: r.addressed_to,
          made_on: "2025-09-04",
          response_due_on: r.response_due_on,
        },
        { ...at("2025-09-04"), newId: () => id },
      ),
    );
    if (r.response)
      unwrap(
        "record a response",
        await scrutiny.respondToRecommendation(
          db,
          actor,
          ICS,
          inquiry,
          id,
          r.response,
          at(r.response.responded_on),
        ),
      );
  }

  const commitments = [
    {
      instrument: "partnership_compact",
      description:
        "Agree one shared set of outcome measures for the ICS and its councils",
      owner: "ICS Director of Strategy (synthetic)",
      due_on: "2025-06-30",
      done_on: "2025-06-24",
    },
    {
      instrument: "partnership_compact",
      description:
        "Pool the falls-prevention budgets of the NHS and the councils under a Section 75 agreement",
      owner: "Director of Adult Social Care, Demo Vale Council (synthetic)",
      due_on: "2025-09-30",
      done_on: null,
    },
    {
      instrument: "annual_joint_mandate",
      description: "Publish a joint workforce plan for health and social care",
      owner: "Chief People Officer, NHS Demo Vale ICB (synthetic)",
      due_on: "2025-12-31",
      done_on: "2026-01-14",
    },
    {
      instrument: "annual_joint_mandate",
      description:
        "Open two community diagnostic hubs in the most deprived places",
      owner: "ICB Director of Planning (synthetic)",
      due_on: "2027-03-31",
      done_on: null,
    },
  ] as const;
  for (const [i, c] of commitments.entries()) {
    const id = `demo-commitment-${i + 1}`;
    unwrap(
      "add a commitment",
      await scrutiny.addCommitment(
        db,
        actor,
        ICS,
        {
          instrument: c.instrument,
          description: c.description,
          owner: c.owner,
          due_on: c.due_on,
        },
        { ...at("2025-04-01"), newId: () => id },
      ),
    );
    if (c.done_on !== null)
      unwrap(
        "mark a commitment done",
        await scrutiny.markCommitmentDone(
          db,
          actor,
          ICS,
          id,
          { done_on: c.done_on },
          at(c.done_on),
        ),
      );
  }

  return {
    loaded: true,
    gifts: gifts.length,
    inquiries: 1,
    recommendations: recommendations.length,
    commitments: commitments.length,
  };
}
