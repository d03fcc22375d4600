import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateAll, type Database } from "@openics/db";
import {
  describeEachDatabase,
  formPost,
  loadDemoGovernance,
  loadSmallDemoGeography,
  signedInUser,
} from "@openics/testkit";
import { createApp } from "../app";

// The staff forms that set up governance: adopting a model, the scheme of delegation, local
// membership rules, and changing or dissolving a body. Each good post is written with its audit
// entry and redirects; each bad one is refused with the field at fault and writes nothing.

describeEachDatabase("governance set-up forms", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let officer = { cookie: "", csrf: "" };

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    await loadDemoGovernance(db);
    officer = await signedInUser(db, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  const get = (path: string, cookie = officer.cookie) =>
    app.request(path, { headers: { cookie } });
  const post = (path: string, fields: Record<string, string | string[]>) =>
    app.request(path, formPost(officer, fields));
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(sql, params))[0]?.n ?? 0;
  const audits = (action: string) =>
    count("select count(*)::int as n from audit_log where action = $1", [
      action,
    ]);

  const G = "/ics/QZ9/governance";

  it("links the set-up forms from the governance pages for an officer, not for the public", async () => {
    const staff = await (await get(G)).text();
    expect(staff).toContain(`${G}/model/new`);
    expect(staff).toContain(`${G}/scheme/new`);
    expect(staff).toContain(`${G}/local-rules`);
    const publicView = await (await get(G, "")).text();
    expect(publicView).not.toContain(`${G}/model/new`);
    const body = await (await get(`${G}/bodies/QZ9-audit_committee`)).text();
    expect(body).toContain(`${G}/bodies/QZ9-audit_committee/change`);
    const who = await (await get(`${G}/who-decides`)).text();
    expect(who).toContain(`${G}/scheme/SoRD%201.1/end`);
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const res = await get(`${G}/model/new`, "");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("refuses an adoption with the fields at fault, keeping what was typed, and writes nothing", async () => {
    const before = await count(
      "select count(*)::int as n from governance_model_adoption",
    );
    const res = await post(`${G}/model/new`, {
      decided_by: "Joint resolution of the board",
      valid_from: "2026-13-45",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('href="#model"');
    expect(html).toContain('href="#valid_from"');
    expect(html).toContain('value="Joint resolution of the board"');
    const early = await post(`${G}/model/new`, {
      model: "statutory_committee",
      decided_by: "Joint resolution",
      valid_from: "2024-01-01",
      confirm: "yes",
    });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("a change must start after it");
    expect(
      await count("select count(*)::int as n from governance_model_adoption"),
    ).toBe(before);
  });

  it("shows what a model will create and end before it is confirmed, then adopts it with an audit entry", async () => {
    const fields = {
      model: "statutory_committee",
      decided_by: "ICB board, resolution of 2 March 2027",
      valid_from: "2027-04-01",
    };
    const before = await audits("adopt_governance_model");
    const preview = await post(`${G}/model/new`, fields);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Bodies it creates");
    expect(html).toContain("ICS Statutory Committee");
    expect(html).toContain("Bodies it ends");
    expect(html).toContain("Integrated Care Board");
    expect(await audits("adopt_governance_model")).toBe(before);

    const done = await post(`${G}/model/new`, { ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${G}#model`);
    expect(await audits("adopt_governance_model")).toBe(before + 1);
    const page = await (await get(`${G}?as_at=2027-05-01`)).text();
    expect(page).toContain("Option 1: statutory committee");
  });

  it("adds an entry to the scheme with its value limit, audited, and answers who decides with it", async () => {
    const before = await audits("record_sord_entry");
    const res = await post(`${G}/scheme/new`, {
      reference: "SoRD 9.1",
      decision_type: "estates_disposal",
      decider_kind: "body",
      decider_body: "QZ9-finance_committee",
      up_to: "2,500,000",
      legally_responsible_body: "NHS Demo Vale ICB",
      valid_from: "2025-06-01",
    });
    expect(res.status).toBe(303);
    expect(await audits("record_sord_entry")).toBe(before + 1);
    expect(
      await count(
        "select up_to_pence::int as n from governance_sord_entry where reference = 'SoRD 9.1'",
      ),
    ).toBe(250_000_000);
  });

  it("refuses a scheme entry with a bad limit or no officer, keeping what was typed, and writes nothing", async () => {
    const before = await count(
      "select count(*)::int as n from governance_sord_entry",
    );
    const res = await post(`${G}/scheme/new`, {
      reference: "SoRD 9.2",
      decision_type: "Estates Disposal",
      decider_kind: "officer",
      officer_id: "",
      officer_name: "Chief Finance Officer",
      up_to: "lots",
      legally_responsible_body: "NHS Demo Vale ICB",
      valid_from: "2025-06-01",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const field of ["decision_type", "officer_id", "up_to"])
      expect(html).toContain(`href="#${field}"`);
    expect(html).toContain('value="Chief Finance Officer"');
    expect(
      await count("select count(*)::int as n from governance_sord_entry"),
    ).toBe(before);
  });

  it("ends an entry of the scheme from a date, audited, and refuses an end before it starts", async () => {
    const path = `${G}/scheme/${encodeURIComponent("SoRD 9.1")}/end`;
    const bad = await post(path, { valid_to: "2025-01-01" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#valid_to"');
    const before = await audits("end_sord_entry");
    const res = await post(path, { valid_to: "2026-04-01" });
    expect(res.status).toBe(303);
    expect(await audits("end_sord_entry")).toBe(before + 1);
    const rows = await db.query<{ valid_to: string }>(
      "select valid_to::text from governance_sord_entry where reference = 'SoRD 9.1'",
    );
    expect(rows.map((r) => r.valid_to)).toEqual(["2026-04-01"]);
  });

  it("adds a local rule from the form, which the board's checks then apply, and retires it", async () => {
    const bad = await post(`${G}/local-rules/new`, {
      id: "local-carer",
      label: "a patient or carer member",
      at_least: "0",
      valid_from: "2025-05-01",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const field of ["body_kinds", "roles", "at_least"])
      expect(badHtml).toContain(`href="#${field}"`);
    expect(
      await count(
        "select count(*)::int as n from governance_local_rule where id = 'local-carer'",
      ),
    ).toBe(0);

    const before = await audits("add_local_rule");
    const res = await post(`${G}/local-rules/new`, {
      id: "local-carer",
      label: "a patient or carer member",
      body_kinds: ["icb_board", "quality_committee"],
      roles: ["patient_carer"],
      at_least: "1",
      voting_only: "no",
      valid_from: "2025-05-01",
    });
    expect(res.status).toBe(303);
    expect(await audits("add_local_rule")).toBe(before + 1);
    const board = await (
      await get(`${G}/bodies/QZ9-icb_board?as_at=2025-06-01`)
    ).text();
    expect(board).toContain("a patient or carer member");

    const duplicate = await post(`${G}/local-rules/new`, {
      id: "local-carer",
      label: "again",
      body_kinds: "icb_board",
      roles: "patient_carer",
      at_least: "1",
      valid_from: "2025-05-01",
    });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain('href="#id"');

    const retired = await post(`${G}/local-rules/local-carer/retire`, {
      valid_to: "2025-09-01",
    });
    expect(retired.status).toBe(303);
    expect(await audits("retire_local_rule")).toBe(1);
    const later = await (
      await get(`${G}/bodies/QZ9-icb_board?as_at=2025-10-01`)
    ).text();
    expect(later).not.toContain("a patient or carer member");
  });

  it("adds a balance of two groups of roles, refusing a role on both sides", async () => {
    const both = await post(`${G}/local-rules/new`, {
      id: "local-lay-clinical",
      label: "a balance of lay and clinical members",
      body_kinds: "icb_board",
      rule_kind: "balance",
      roles: ["non_executive", "lay"],
      second_roles: ["clinical", "lay"],
      max_difference: "1",
      valid_from: "2025-05-01",
    });
    expect(both.status).toBe(400);
    const bothHtml = await both.text();
    expect(bothHtml).toContain('href="#second_roles"');
    expect(bothHtml).toContain("A role cannot be on both sides: Lay");
    expect(
      await count(
        "select count(*)::int as n from governance_local_rule where id = 'local-lay-clinical'",
      ),
    ).toBe(0);

    const res = await post(`${G}/local-rules/new`, {
      id: "local-lay-clinical",
      label: "a balance of lay and clinical members",
      body_kinds: "icb_board",
      rule_kind: "balance",
      roles: ["non_executive", "lay"],
      second_roles: ["clinical", "medical_director", "nursing_director"],
      max_difference: "0",
      valid_from: "2025-05-01",
    });
    expect(res.status).toBe(303);
    const [stored] = await db.query<{
      rule: { kind: string; maxDifference: number };
    }>(
      "select rule from governance_local_rule where id = 'local-lay-clinical'",
    );
    expect(stored?.rule).toMatchObject({ kind: "balance", maxDifference: 0 });
    const board = await (
      await get(`${G}/bodies/QZ9-icb_board?as_at=2025-06-01`)
    ).text();
    expect(board).toContain("a balance of lay and clinical members");
  });

  it("changes a body's voting rule and quorum from a date, audited, keeping the earlier constitution", async () => {
    const path = `${G}/bodies/QZ9-audit_committee/change`;
    const form = await (await get(path)).text();
    expect(form).toContain('value="Audit Committee"');
    const before = await audits("change_body");
    const res = await post(path, {
      from: "2025-10-01",
      name: "Audit and Risk Committee",
      voting_rule: "consensus",
      casting_vote: "no",
      quorum_voting: "3",
      quorum_nhs: "1",
      quorum_lg: "1",
    });
    expect(res.status).toBe(303);
    expect(await audits("change_body")).toBe(before + 1);
    const after = await (
      await get(`${G}/bodies/QZ9-audit_committee?as_at=2025-11-01`)
    ).text();
    expect(after).toContain("Audit and Risk Committee");
    const earlier = await (
      await get(`${G}/bodies/QZ9-audit_committee?as_at=2025-09-01`)
    ).text();
    expect(earlier).toContain("Audit Committee");
  });

  it("refuses a change with a bad quorum, keeping what was typed, and dissolves a body with a date", async () => {
    const path = `${G}/bodies/QZ9-remuneration_committee/change`;
    const periods = () =>
      count(
        "select count(*)::int as n from governance_body where id = 'QZ9-remuneration_committee'",
      );
    const before = await periods();
    const bad = await post(path, {
      from: "2025-10-01",
      name: "Pay Committee",
      voting_rule: "simple_majority",
      casting_vote: "yes",
      quorum_voting: "three",
      quorum_nhs: "1",
      quorum_lg: "0",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('href="#quorum_voting"');
    expect(html).toContain('value="Pay Committee"');
    expect(await periods()).toBe(before);

    const dissolved = await post(path, {
      from: "2025-12-01",
      dissolve: "yes",
      name: "Remuneration Committee",
      voting_rule: "simple_majority",
      casting_vote: "yes",
      quorum_voting: "3",
      quorum_nhs: "1",
      quorum_lg: "0",
    });
    expect(dissolved.status).toBe(303);
    const overview = await (await get(`${G}?as_at=2026-01-01`)).text();
    expect(overview).not.toContain("QZ9-remuneration_committee");
    const rows = await db.query<{ valid_to: string | null }>(
      "select valid_to::text from governance_body where id = 'QZ9-remuneration_committee' order by valid_from desc limit 1",
    );
    expect(rows[0]?.valid_to).toBe("2025-12-01");
  });
});
