import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR, type Actor } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import {
  demoFinancePlans,
  describeEachDatabase,
  generateDemoIcs,
  loadDemoFinance,
} from "@openics/testkit";
import { createApp } from "../app";
import { importGeography } from "../structure/importer";
import { financeHub, recordFinancePlan } from "./service";

const OFFICER: Actor = { id: "officer-1", role: "officer", icsCode: "QZ9" };
const OTHER_OFFICER: Actor = {
  id: "officer-2",
  role: "officer",
  icsCode: "QE1",
};

describeEachDatabase(
  "recording an ICS's budgets and pooled budgets",
  (open) => {
    let db: Database;
    const count = async () => {
      const [row] = await db.query<{ n: string }>(
        `select (select count(*) from budget_line) + (select count(*) from pooled_budget)
            + (select count(*) from pcn_earmark) + (select count(*) from money_flow) as n`,
      );
      return Number(row?.n ?? 0);
    };

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      const files = generateDemoIcs({ seed: 5, scale: 0.05 }).map((f) => ({
        path: f.name,
        bytes: Buffer.from(f.contents),
      }));
      const loaded = await importGeography(db, SYSTEM_ACTOR, files);
      if (!loaded.ok) throw new Error(loaded.message);
      await loadDemoFinance(db, recordFinancePlan);
    });
    afterAll(async () => {
      await db.close();
    });

    it("loads the demo ICS's budgets for two years through the use case, with an audit entry each", async () => {
      const hub = await financeHub(db, "QZ9", {});
      expect(hub.ok && hub.value.years).toEqual(["2024-25", "2025-26"]);
      const audit = await listAudit(db, { entity: "finance_plan" });
      expect(audit.length).toBeGreaterThanOrEqual(2);
    });

    it("checks the Mental Health Investment Standard against last year", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2025-26" });
      const mhis = hub.ok ? hub.value.mhis : null;
      expect(mhis?.met).toBe(true);
      expect(mhis?.mentalHealthNowPence).toBeGreaterThanOrEqual(
        mhis?.minimumMentalHealthPence ?? Infinity,
      );
    });

    it("settles every pooled budget to the penny", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2024-25" });
      const pools = hub.ok ? hub.value.pooled : [];
      expect(pools.length).toBeGreaterThan(0);
      for (const p of pools.filter((x) => x.variance_pence !== null))
        expect(
          p.partners.reduce((s, x) => s + (x.settlement_pence ?? 0), 0),
        ).toBe(p.variance_pence);
    });

    it("lists every PCN of the structure against the earmark with pass or fail", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2025-26" });
      const earmark = hub.ok ? hub.value.earmark : [];
      expect(earmark.length).toBeGreaterThan(0);
      expect(
        earmark.every((e) => e.status === "pass" || e.status === "fail"),
      ).toBe(true);
    });

    it("says the demo ICS has no fair-share targets, as NHS England publishes no weighted populations for it", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2025-26" });
      expect(hub.ok && hub.value.fairShares).toMatchObject({
        available: false,
      });
    });

    it("refuses a place that is not the ICS's and writes nothing of the plan", async () => {
      const before = await count();
      const [plan] = demoFinancePlans(
        "QZ9",
        "Demo",
        [{ code: "E06000999", name: "Nowhere", population: 1000 }],
        [],
      );
      const result = await recordFinancePlan(db, OFFICER, "QZ9", plan);
      expect(result).toMatchObject({
        ok: false,
        error: { code: "unknown_place" },
      });
      expect(await count()).toBe(before);
    });

    it("refuses the public and an officer of another ICS", async () => {
      for (const actor of [PUBLIC_ACTOR, OTHER_OFFICER])
        expect(await recordFinancePlan(db, actor, "QZ9", {})).toMatchObject({
          ok: false,
          error: { code: "forbidden" },
        });
    });

    it("refuses a pooled budget whose fixed shares do not add up, naming the field", async () => {
      const result = await recordFinancePlan(db, OFFICER, "QZ9", {
        pooled_budgets: [
          {
            ref: "X-1",
            year: "2025-26",
            kind: "section_75",
            name: "Test",
            place_code: "E06000001",
            lead_partner: "A1",
            functions: ["x"],
            rule: "fixed_split",
            partners: [
              {
                code: "A1",
                name: "A",
                contribution_pence: 1,
                fixed_share_bp: 5000,
              },
            ],
          },
        ],
      });
      expect(result).toMatchObject({
        ok: false,
        error: { code: "invalid_request" },
      });
      expect(!result.ok && result.error.message).toMatch(
        /pooled_budgets\.0\.partners: the fixed shares add up to 50\.00%/,
      );
    });

    it("answers the API with the hub as JSON and every table as CSV", async () => {
      const app = createApp(db, { log: () => undefined });
      const json = await app.request("/api/finance/ics/QZ9?year=2025-26");
      expect(json.status, await json.clone().text()).toBe(200);
      const csv = await app.request(
        "/api/finance/ics/QZ9?year=2025-26&format=csv&table=pooled-budgets",
      );
      expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
      expect((await csv.text()).split("\r\n")[0]).toMatch(/^ref,kind,name,/);
      const missing = await app.request("/api/finance/ics/QZ9?year=2019-20");
      expect(missing.status).toBe(404);
    });

    it("renders the public finance hub with the money-flow Sankey and a CSV of every table", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request("/ics/QZ9/finance?year=2025-26");
      const html = await res.text();
      expect(res.status, html.slice(0, 500)).toBe(200);
      expect(html).toContain("Mental Health Investment Standard");
      expect(html).toContain('class="openics-chart openics-sankey"');
      const csv = await app.request(
        "/ics/QZ9/finance?year=2024-25&format=csv&table=earmark",
      );
      expect((await csv.text()).split("\r\n")[0]).toBe(
        "pcn_code,pcn_name,budget_pence,community_pence,required_pence,percent,status",
      );
    });

    it("refuses an API write without a session", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request("/api/finance/ics/QZ9", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect([401, 403]).toContain(res.status);
    });
  },
);
