import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import {
  describeEachDatabase,
  loadDemoGovernance,
  loadSmallDemoGeography,
} from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

const MEETING = "/ics/QZ9/governance/meetings/QZ9-icb_board-2025-09-18";

describeEachDatabase("governance pages", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let officer: { cookie: string; csrf: string } = { cookie: "", csrf: "" };

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    await loadDemoGovernance(db);
    const password = "a long enough passphrase";
    await addUser(db, SYSTEM_ACTOR, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
      password,
    });
    const session = await signIn(db, "secretary@example.org", password);
    if (!session.ok) throw new Error(session.error.message);
    officer = {
      cookie: `openics_session=${session.value.token}`,
      csrf: session.value.csrfToken,
    };
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  const page = async (path: string, cookie = "") => {
    const res = await app.request(path, { headers: { cookie } });
    return { status: res.status, html: await res.text() };
  };
  const post = (path: string, fields: Record<string, string>) =>
    app.request(path, {
      method: "POST",
      headers: {
        cookie: officer.cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: officer.csrf, ...fields }).toString(),
    });

  it("lists the ICS's bodies with their rule results", async () => {
    const { status, html } = await page("/ics/QZ9/governance?as_at=2025-09-18");
    expect(status).toBe(200);
    expect(html).toContain("Integrated Care Board");
    expect(html).toContain("Health and Prosperity");
  });

  it("shows a board's members, failing rules and under-represented expertise", async () => {
    const { status, html } = await page(
      "/ics/QZ9/governance/bodies/QZ9-icb_board?as_at=2025-09-18",
    );
    expect(status).toBe(200);
    expect(html).toContain("Dr Priya Shah");
    expect(html).toContain("a trade-union or worker member");
    expect(html).toContain("Under-represented: no member brings workforce");
  });

  it("shows who withdrew and why, the named votes and the authority of each decision", async () => {
    const { status, html } = await page(MEETING);
    expect(status).toBe(200);
    expect(html).toContain("Withdrew");
    expect(html).toContain("Spouse is a director of the bidder");
    expect(html).toContain(
      "SoRD 2.3 of the scheme of reservation and delegation",
    );
    expect(html).toContain("Item 4: Withheld");
    expect(html).not.toContain("Community diagnostic centre");
    expect(html).toContain("negotiations in progress");
  });

  it("answers who decides a contract award over £1m", async () => {
    const { status, html } = await page(
      "/ics/QZ9/governance/who-decides?decision_type=contract_award&value=1500000&as_at=2025-10-01",
    );
    expect(status).toBe(200);
    expect(html).toContain("Finance Committee decides");
  });

  it("sends the public to sign in before the staff pages", async () => {
    const res = await app.request(`${MEETING}/manage`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("lets the board secretary create a meeting, add an item, record votes and the decision by forms", async () => {
    const created = await post("/ics/QZ9/governance/meetings/new", {
      body_id: "QZ9-audit_committee",
      meeting_date: "2025-10-21",
      title: "Audit Committee",
      location: "",
    });
    expect(created.status).toBe(303);
    const manage = created.headers.get("location") ?? "";
    expect(manage).toBe(
      "/ics/QZ9/governance/meetings/QZ9-audit_committee-2025-10-21/manage",
    );
    const people = ["P-SQUINN", "P-DADEBAYO", "P-HMARSH", "P-TBECKER"];
    expect(
      (
        await post(
          `${manage}/attendance`,
          Object.fromEntries(people.map((p) => [`status_${p}`, "present"])),
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await post(`${manage}/items`, {
          number: "3",
          title: "Internal audit plan 2026/27",
          concerns: "",
          in_private: "no",
          reason: "",
          withholding_decided_by: "",
          review_on: "",
          decision_type: "",
          value: "",
        })
      ).status,
    ).toBe(303);
    const item = "QZ9-audit_committee-2025-10-21-3";
    expect(
      (
        await post(`${manage}/items/${item}/votes`, {
          "vote_P-SQUINN": "for",
          "vote_P-DADEBAYO": "for",
          "vote_P-HMARSH": "against",
          casting_vote: "",
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await post(`${manage}/items/${item}/decision`, {
          resolution: "The committee approves the internal audit plan.",
        })
      ).status,
    ).toBe(303);
    const { html } = await page(
      "/ics/QZ9/governance/meetings/QZ9-audit_committee-2025-10-21",
    );
    expect(html).toContain("The committee approves the internal audit plan.");
    expect(html).toContain("Carried by simple majority: 2 for, 1 against");
  });

  it("shows the secretary why an item in private without a reason is refused", async () => {
    const res = await post(
      "/ics/QZ9/governance/meetings/QZ9-icb_board-2025-09-18/manage/items",
      {
        number: "8",
        title: "Staffing",
        concerns: "",
        in_private: "yes",
        reason: "",
        withholding_decided_by: "",
        review_on: "",
        decision_type: "",
        value: "",
      },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(
      "is held in private without a recorded reason",
    );
  });

  it("lets an officer appoint a member with the open appointment record by a form", async () => {
    const path = "/ics/QZ9/governance/bodies/QZ9-quality_committee/members/new";
    const fields = {
      person_id: "P-KWELLS",
      person_name: "Kim Wells",
      role: "patient_carer",
      voting: "yes",
      constituency: "other",
      nominated_by: "ZVC02",
      party: "",
      valid_from: "2025-06-01",
      valid_to: "",
      advertised_on: "2025-03-01",
      advert_url: "https://example.org/demo-vale/vacancies/carer-member",
      panel: "Chair of the Quality Committee\nCarers' representative",
      criteria: "Lived experience of caring",
      outcome: "Appointed after interview: 6 applicants.",
    };
    const res = await post(path, fields);
    expect(res.status).toBe(303);
    const { html } = await page(
      "/ics/QZ9/governance/bodies/QZ9-quality_committee?as_at=2025-07-01",
    );
    expect(html).toContain("Kim Wells");
    expect(html).toContain("Lived experience of caring");
  });

  it("shows the officer which field is wrong when the nominating organisation is unknown", async () => {
    const res = await post(
      "/ics/QZ9/governance/bodies/QZ9-quality_committee/members/new",
      {
        person_id: "P-NEW",
        person_name: "New Person",
        role: "lay",
        voting: "yes",
        constituency: "other",
        nominated_by: "NOPE1",
        valid_from: "2025-06-01",
      },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#nominated_by"');
    expect(html).toContain("no partner organisation has the code NOPE1");
  });

  it("records a declaration made at the meeting and flags the item it touches for the chair's ruling", async () => {
    const created = await post("/ics/QZ9/governance/meetings/new", {
      body_id: "QZ9-quality_committee",
      meeting_date: "2025-11-11",
      title: "Quality Committee",
    });
    const manage = created.headers.get("location") ?? "";
    await post(`${manage}/items`, {
      number: "4",
      title: "Diagnostic waiting times at Saltby",
      concerns: "supplier ZIS03",
      in_private: "no",
    });
    await post(`${manage}/attendance`, {
      "status_P-SQUINN": "present",
      "status_P-GADEYEMI": "present",
      "status_P-AOKAFOR": "present",
    });
    const declared = await post(`${manage}/declarations`, {
      person_id: "P-AOKAFOR",
      type: "financial",
      organisation_code: "ZIS03",
      description: "Paid sessions as a radiologist",
      held_by: "",
    });
    expect(declared.status).toBe(303);
    const { html } = await page(manage, officer.cookie);
    expect(html).toContain("Chair's ruling: Dr Amara Okafor");
  });

  it("marks a withheld item whose review date has passed as overdue for review", async () => {
    const created = await post("/ics/QZ9/governance/meetings/new", {
      body_id: "QZ9-remuneration_committee",
      meeting_date: "2025-05-01",
      title: "Remuneration Committee",
    });
    const manage = created.headers.get("location") ?? "";
    const added = await post(`${manage}/items`, {
      number: "2",
      title: "Executive pay review",
      in_private: "yes",
      reason: "personal_data",
      withholding_decided_by: "Committee chair",
      review_on: "2025-12-31",
    });
    expect(added.status).toBe(303);
    const { html } = await page(manage.replace(/\/manage$/, ""));
    expect(html).toContain("31 December 2025: the review is overdue");
    expect(html).not.toContain("Executive pay review");
  });
});
