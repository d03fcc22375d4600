import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import {
  describeEachDatabase,
  generateDemoIcs,
  loadDemoGovernance,
} from "@openics/testkit";
import { importGeography } from "../structure/importer";
import { bodyDetail } from "./bodies-service";
import {
  addItem,
  createMeeting,
  decideItem,
  loadMeeting,
  recordAttendance,
  recordRuling,
  recordVotes,
} from "./meetings-service";
import { listLog, verifyLog } from "./service";

const actor = SYSTEM_ACTOR;
const DEMO_MEETING = "QZ9-icb_board-2025-09-18";

describeEachDatabase("meetings, conflicts, votes and decisions", (open) => {
  let db: Database;

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    const files = generateDemoIcs({ seed: 5, scale: 0.05 }).map((f) => ({
      path: f.name,
      bytes: Buffer.from(f.contents),
    }));
    const loaded = await importGeography(db, actor, files);
    if (!loaded.ok) throw new Error(loaded.message);
    await loadDemoGovernance(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A new meeting of a body, with who attended; returns its id. */
  const meetingOf = async (
    bodyId: string,
    date: string,
    present: readonly string[],
  ) => {
    const m = await createMeeting(db, actor, "QZ9", {
      body_id: bodyId,
      meeting_date: date,
      title: "Test meeting",
    });
    if (!m.ok) throw new Error(m.error.message);
    const a = await recordAttendance(db, actor, "QZ9", m.value.id, {
      attendance: present.map((p) => ({ person_id: p, status: "present" })),
    });
    if (!a.ok) throw new Error(a.error.message);
    return m.value.id;
  };

  it("flags a member whose interest reaches the item's supplier through a shared parent owner", async () => {
    const meeting = await loadMeeting(db, "QZ9", DEMO_MEETING);
    if (!meeting.ok) throw new Error(meeting.error.message);
    const item = meeting.value.items.find((i) => i.item.number === "3");
    const shah = item?.conflicts.find((c) => c.personId === "P-PSHAH");
    expect(shah?.route).toBe("parent_owner");
    expect(shah?.path).toEqual([
      "ZIS02",
      "Synthetic Health Holdings plc",
      "ZIS01",
    ]);
    expect(item?.conflicts.map((c) => c.personId).sort()).toEqual([
      "P-PSHAH",
      "P-TBECKER",
    ]);
  });

  it("records the demo board's decisions with their authority and who withdrew", async () => {
    const meeting = await loadMeeting(db, "QZ9", DEMO_MEETING);
    if (!meeting.ok) throw new Error(meeting.error.message);
    const decision = meeting.value.items.find((i) => i.item.number === "3")
      ?.decision?.record;
    expect(decision?.authority?.reference).toBe("SoRD 2.3");
    expect(decision?.outcome.carried).toBe(true);
    expect(decision?.withdrawn.map((w) => w.personName).sort()).toEqual([
      "Dr Priya Shah",
      "Tom Becker",
    ]);
  });

  it("refuses a vote once withdrawals leave the meeting inquorate, saying how many withdrew", async () => {
    const id = await meetingOf("QZ9-finance_committee", "2025-10-07", [
      "P-DADEBAYO",
      "P-TBECKER",
      "P-MLOWE",
    ]);
    const item = await addItem(db, actor, "QZ9", id, {
      number: "2",
      title: "Extension of the Seagate contract",
      concerns: [{ kind: "supplier", code: "ZIS01" }],
      decision_type: "contract_award",
      value_pence: 50_000_000,
    });
    if (!item.ok) throw new Error(item.error.message);
    const ruled = await recordRuling(db, actor, "QZ9", id, item.value.item.id, {
      person_id: "P-TBECKER",
      ruling: "withdraw",
      reason: "Spouse is a director of the supplier",
      decided_by: "David Adebayo, Chair",
    });
    expect(ruled.ok).toBe(true);
    const voted = await recordVotes(db, actor, "QZ9", id, item.value.item.id, {
      votes: [
        { person_id: "P-DADEBAYO", choice: "for" },
        { person_id: "P-MLOWE", choice: "for" },
      ],
    });
    expect(voted.ok).toBe(false);
    if (voted.ok) return;
    expect(voted.error.code).toBe("quorum_not_met");
    expect(voted.error.message).toContain(
      "1 of 3 voting members withdrew for declared interests in item 2",
    );
    expect(voted.error.message).toContain(
      "2 voting members remain and the quorum is 3",
    );
  });

  it("refuses votes while a flagged conflict has no ruling from the chair", async () => {
    const id = await meetingOf("QZ9-finance_committee", "2025-10-14", [
      "P-DADEBAYO",
      "P-TBECKER",
      "P-MLOWE",
      "P-OPRICE",
    ]);
    const item = await addItem(db, actor, "QZ9", id, {
      number: "1",
      title: "Seagate activity review",
      concerns: [{ kind: "organisation", code: "ZIS01" }],
    });
    if (!item.ok) throw new Error(item.error.message);
    const voted = await recordVotes(db, actor, "QZ9", id, item.value.item.id, {
      votes: [{ person_id: "P-MLOWE", choice: "for" }],
    });
    expect(voted.ok ? null : voted.error.code).toBe("conflict_not_ruled");
    expect(voted.ok ? "" : voted.error.message).toContain("Tom Becker");
  });

  it("does not carry a double-majority vote that only the NHS members support", async () => {
    const present = [
      "P-HMARSH",
      "P-RDESAI",
      "P-MLOWE",
      "P-AOKAFOR",
      "P-GADEYEMI",
      "P-OPRICE",
      "P-BCARTER",
    ];
    const id = await meetingOf("QZ9-icb_board", "2025-11-20", present);
    const item = await addItem(db, actor, "QZ9", id, {
      number: "4",
      title: "Capital plan 2026/27, revised",
      decision_type: "capital_plan",
      value_pence: 1_900_000_000,
    });
    if (!item.ok) throw new Error(item.error.message);
    const voted = await recordVotes(db, actor, "QZ9", id, item.value.item.id, {
      votes: [
        { person_id: "P-HMARSH", choice: "for" },
        { person_id: "P-MLOWE", choice: "for" },
        { person_id: "P-AOKAFOR", choice: "for" },
        { person_id: "P-GADEYEMI", choice: "for" },
        { person_id: "P-RDESAI", choice: "against" },
        { person_id: "P-OPRICE", choice: "against" },
        { person_id: "P-BCARTER", choice: "for" },
      ],
    });
    if (!voted.ok) throw new Error(voted.error.message);
    // 5 for and 2 against overall, but 1 for and 2 against among local government members.
    expect(voted.value.outcome.tally).toEqual({
      for: 5,
      against: 2,
      abstain: 0,
    });
    expect(voted.value.outcome.carried).toBe(false);
    expect(voted.value.outcome.explanation).toContain(
      "no majority of the local government members",
    );
    const decided = await decideItem(db, actor, "QZ9", id, item.value.item.id, {
      resolution: "The revised capital plan is not approved.",
    });
    if (!decided.ok) throw new Error(decided.error.message);
    expect(decided.value.record.outcome.carried).toBe(false);
  });

  it("refuses an item in private without a reason, with a message saying what to record", async () => {
    const id = await meetingOf("QZ9-quality_committee", "2025-10-09", [
      "P-SQUINN",
      "P-GADEYEMI",
      "P-AOKAFOR",
    ]);
    const result = await addItem(db, actor, "QZ9", id, {
      number: "5",
      title: "Serious incident review",
      in_private: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("private_without_reason");
    expect(result.error.message).toBe(
      'Item 5 ("Serious incident review") is held in private without a recorded reason. Choose a reason (commercial sensitivity, personal data, legal privilege, individual staff matters, negotiations in progress, security), record who decided and set a review date, or take the item in public.',
    );
    const meeting = await loadMeeting(db, "QZ9", id);
    expect(meeting.ok && meeting.value.items).toEqual([]);
  });

  it("appends every withholding and decision to the log, and the chain still verifies", async () => {
    const before = await listLog(db, "QZ9");
    if (!before.ok) throw new Error(before.error.message);
    const id = await meetingOf("QZ9-quality_committee", "2025-12-11", [
      "P-SQUINN",
      "P-GADEYEMI",
      "P-AOKAFOR",
    ]);
    const item = await addItem(db, actor, "QZ9", id, {
      number: "3",
      title: "Staff grievance appeal",
      in_private: true,
      withholding: {
        reason: "staff_matters",
        decided_by: "Sarah Quinn, Chair",
        review_on: "2026-12-31",
      },
    });
    if (!item.ok) throw new Error(item.error.message);
    const voted = await recordVotes(db, actor, "QZ9", id, item.value.item.id, {
      votes: ["P-SQUINN", "P-GADEYEMI", "P-AOKAFOR"].map((p) => ({
        person_id: p,
        choice: "for",
      })),
    });
    if (!voted.ok) throw new Error(voted.error.message);
    const decided = await decideItem(db, actor, "QZ9", id, item.value.item.id, {
      resolution: "The appeal is upheld.",
    });
    if (!decided.ok) throw new Error(decided.error.message);
    const after = await listLog(db, "QZ9");
    if (!after.ok) throw new Error(after.error.message);
    const added = after.value.entries.slice(before.value.entries.length);
    expect(added.map((e) => e.kind)).toEqual(["withholding", "decision"]);
    expect(added[1]?.payload).toMatchObject({
      itemNumber: "3",
      title: null,
      withholding: { reason: "staff_matters" },
    });
    const demoKinds = before.value.entries.map((e) => e.kind);
    expect(demoKinds.filter((k) => k === "withholding")).toHaveLength(1);
    expect(demoKinds.filter((k) => k === "decision").length).toBeGreaterThan(2);
    const verified = await verifyLog(db, "QZ9");
    expect(verified.ok && verified.value.valid).toBe(true);
  });

  it("shows which membership rules the demo board passes and fails", async () => {
    const detail = await bodyDetail(db, "QZ9", "QZ9-icb_board", "2025-09-18");
    if (!detail.ok) throw new Error(detail.error.message);
    const byId = new Map(detail.value.checks.map((c) => [c.ruleId, c]));
    expect(byId.get("act-chair")?.passed).toBe(true);
    expect(byId.get("local-public-health")?.passed).toBe(true);
    expect(byId.get("local-worker-voice")?.passed).toBe(false);
    expect(
      byId.get("act-nomination-partner_member_primary_care")?.message,
    ).toContain("Dr Priya Shah has no nominating organisation recorded");
    expect(detail.value.figures.underRepresented.map((u) => u.key)).toEqual([
      "workforce",
    ]);
  });
});
