import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR, type Actor } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import {
  buildDemoIcs,
  demoAllocationFiles,
  demoFinancePlans,
  describeEachDatabase,
  loadDemoFinance,
  loadSmallDemoGeography,
} from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";

import {
  financeHub,
  importAllocations,
  needIndex,
  recordFinancePlan,
} from "./service";

const PASSWORD = "a long enough passphrase";
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
      await loadSmallDemoGeography(db);
      // The demo's weighted populations, through the same importer as NHS England's files.
      const allocations = await importAllocations(
        db,
        SYSTEM_ACTOR,
        demoAllocationFiles(buildDemoIcs({ seed: 5, scale: 0.05 })).map(
          (f) => ({ path: f.name, bytes: Buffer.from(f.contents) }),
        ),
      );
      if (!allocations.ok) throw new Error(allocations.message);
      await loadDemoFinance(db, recordFinancePlan);
      await addUser(db, SYSTEM_ACTOR, {
        email: "officer@example.org",
        name: "Officer",
        role: "officer",
        ics: "QZ9",
        password: PASSWORD,
      });
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

    it("gives every demo place a need index between 0.9 and 1.15 from the demo's weighted populations", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2025-26" });
      const fs = hub.ok ? hub.value.fairShares : null;
      if (!fs?.available) throw new Error("no fair shares for the demo");
      expect(fs.rows).toHaveLength(5);
      for (const r of fs.rows) {
        expect(r.need_index).toBeGreaterThan(0.9);
        expect(r.need_index).toBeLessThan(1.15);
      }
    });

    it("sets each demo place's target and distance against its delegated budget, the targets adding up to the budgets", async () => {
      const hub = await financeHub(db, "QZ9", { year: "2024-25" });
      const fs = hub.ok ? hub.value.fairShares : null;
      if (!fs?.available) throw new Error("no fair shares for the demo");
      expect(fs.rows.reduce((s, r) => s + r.target_pence, 0)).toBe(
        fs.totalPence,
      );
      for (const r of fs.rows)
        expect(r.distance_pence).toBe((r.budget_pence ?? 0) - r.target_pence);
      expect(fs.convergence.paths).toHaveLength(5);
    });

    it("draws the demo's places on a need-index map, every district in its place's shade", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request("/finance/need-index/QZ9?year=2025-26");
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain("Map of need by place in");
      expect(html).toContain('id="place-need-index-map"');
      // Seven districts: four unitaries and the county's three.
      expect(html).toContain("7 districts drawn");
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

    it("answers a budget-neutral convergence through the API: the place budgets add up to the ICB's total every year", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request(
        "/api/finance/ics/QZ9?year=2025-26&mode=budget_neutral&years=10&growth_bp=300&floor_bp=100&cap_bp=600",
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as {
        fairShares: {
          convergence: {
            mode: string;
            outcome: string;
            totals: { year: number; total_pence: number }[];
            paths: { steps: { year: number; budget_pence: number }[] }[];
          };
        };
      };
      const c = body.fairShares.convergence;
      expect(c.mode).toBe("budget_neutral");
      expect(c.totals).toHaveLength(11);
      for (const t of c.totals)
        expect(
          c.paths.reduce((s, p) => s + (p.steps[t.year]?.budget_pence ?? 0), 0),
        ).toBe(t.total_pence);
      expect(c.outcome).toBe("converged");
    });

    it("refuses a budget-neutral scenario whose floor is above the ICB's growth, with a 400 saying why", async () => {
      const app = createApp(db, { log: () => undefined });
      const res = await app.request(
        "/api/finance/ics/QZ9?mode=budget_neutral&growth_bp=200&floor_bp=300&cap_bp=600",
      );
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(
        /floor \(3\.00%\) is above the ICB's growth/,
      );
    });

    it("offers the budget-neutral mode on the public page and says how the scenario ends", async () => {
      const app = createApp(db, { log: () => undefined });
      const html = await (
        await app.request(
          "/ics/QZ9/finance?year=2025-26&mode=budget_neutral&years=5&growth_bp=300&floor_bp=300&cap_bp=600",
        )
      ).text();
      expect(html).toContain('value="budget_neutral" checked');
      expect(html).toContain("Within the ICB&#39;s total (NHS England");
      expect(html).toMatch(/The floor prevents convergence/);
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

    it("answers a year with no budgets, or no year at all, with a page saying which years there are", async () => {
      const app = createApp(db, { log: () => undefined });
      for (const year of ["2019-20", "not-a-year"]) {
        const res = await app.request(`/ics/QZ9/finance?year=${year}`);
        expect(res.status).toBe(404);
        expect(await res.text()).toContain("Years recorded: 2024-25, 2025-26");
      }
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
    describe("staff forms", () => {
      const session = async () => {
        const result = await signIn(db, "officer@example.org", PASSWORD);
        if (!result.ok) throw new Error(result.error.message);
        return {
          cookie: `openics_session=${result.value.token}`,
          csrf: result.value.csrfToken,
        };
      };
      const post = async (
        path: string,
        form: Record<string, string>,
        withCsrf = true,
      ) => {
        const s = await session();
        const body = new URLSearchParams({
          ...form,
          ...(withCsrf ? { _csrf: s.csrf } : {}),
        });
        return createApp(db, { log: () => undefined }).request(path, {
          method: "POST",
          headers: {
            cookie: s.cookie,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: body.toString(),
        });
      };

      it("records through the API for an officer with the CSRF header, and answers 400 naming the field otherwise", async () => {
        const s = await session();
        const send = (body: unknown) =>
          createApp(db, { log: () => undefined }).request(
            "/api/finance/ics/QZ9",
            {
              method: "POST",
              headers: {
                cookie: s.cookie,
                "x-csrf-token": s.csrf,
                "content-type": "application/json",
              },
              body: JSON.stringify(body),
            },
          );
        const good = await send({
          capital_schemes: [
            {
              ref: "CAP-API",
              name: "Scheme",
              owner: "Trust",
              deciding_body: "Board",
              value_pence: 100,
              first_year: "2026-27",
              last_year: "2027-28",
              status: "proposed",
            },
          ],
        });
        expect(good.status).toBe(201);
        expect(await good.json()).toMatchObject({ capitalSchemes: 1 });
        const bad = await send({
          budgets: [
            { year: "2026-27", level: "primary_care", planned_pence: 1.5 },
          ],
        });
        expect(bad.status).toBe(400);
        expect(await bad.text()).toMatch(/planned_pence/);
      });

      it("sends the public to sign in", async () => {
        const res = await createApp(db, { log: () => undefined }).request(
          "/ics/QZ9/finance/budgets/new",
        );
        expect(res.status).toBe(303);
      });

      it("records a budget from the form and shows it on the hub", async () => {
        const res = await post("/ics/QZ9/finance/budgets/new", {
          year: "2026-27",
          level: "primary_care",
          place_code: "",
          planned: "123,456,789.12",
          actual: "",
        });
        expect(res.status).toBe(303);
        const hub = await financeHub(db, "QZ9", { year: "2026-27" });
        expect(hub.ok && hub.value.budgets).toEqual([
          expect.objectContaining({
            level: "primary_care",
            planned_pence: 12345678912,
          }),
        ]);
      });

      it("gives the error summary for an amount that is not pounds and pence, and records nothing", async () => {
        const res = await post("/ics/QZ9/finance/budgets/new", {
          year: "2027-28",
          level: "primary_care",
          place_code: "",
          planned: "lots",
        });
        expect(res.status).toBe(400);
        const html = await res.text();
        expect(html).toContain("nhsuk-error-summary");
        expect(html).toContain('href="#planned"');
        const hub = await financeHub(db, "QZ9", { year: "2027-28" });
        expect(hub.ok).toBe(false);
      });

      it("refuses a form without the CSRF token", async () => {
        const res = await post(
          "/ics/QZ9/finance/budgets/new",
          { year: "2026-27", level: "primary_care", planned: "1" },
          false,
        );
        expect(res.status).toBe(403);
      });

      it("records a pooled budget from the form, with its settlement", async () => {
        const before = await financeHub(db, "QZ9", { year: "2025-26" });
        const place = before.ok
          ? before.value.pooled[0]?.place_code
          : undefined;
        const res = await post("/ics/QZ9/finance/pooled-budgets/new", {
          ref: "S75-FORM-1",
          year: "2026-27",
          kind: "section_75",
          name: "Learning disability services",
          place_code: place ?? "",
          functions: "Supported living\nRespite",
          rule: "fixed_split",
          lead_partner: "LA1",
          actual_spend: "1,100,000",
          p0_code: "LA1",
          p0_name: "Council",
          p0_contribution: "400,000",
          p0_share: "40",
          p1_code: "QZ9",
          p1_name: "ICB",
          p1_contribution: "600,000",
          p1_share: "60",
        });
        expect(res.status, await res.clone().text()).toBe(303);
        const hub = await financeHub(db, "QZ9", { year: "2026-27" });
        const pool = hub.ok
          ? hub.value.pooled.find((p) => p.ref === "S75-FORM-1")
          : undefined;
        expect(pool?.functions).toEqual(["Supported living", "Respite"]);
        expect(pool?.partners.map((p) => p.settlement_pence)).toEqual([
          4_000_000, 6_000_000,
        ]);
      });

      it("names the partner field when fixed shares do not add up", async () => {
        const res = await post("/ics/QZ9/finance/pooled-budgets/new", {
          ref: "S75-FORM-2",
          year: "2026-27",
          kind: "section_75",
          name: "Bad split",
          place_code: "E06000001",
          functions: "x",
          rule: "fixed_split",
          lead_partner: "LA1",
          p0_code: "LA1",
          p0_name: "Council",
          p0_contribution: "1",
          p0_share: "50",
        });
        expect(res.status).toBe(400);
        expect(await res.text()).toMatch(
          /the fixed shares add up to 50\.00%, not 100%/,
        );
      });

      it("records a PCN's earmark from the form, with an audit entry, and shows whether it meets 1%", async () => {
        const before = await financeHub(db, "QZ9", { year: "2026-27" });
        const pcn = before.ok ? before.value.earmark[0]?.pcn_code : undefined;
        if (pcn === undefined) throw new Error("the demo has no PCN");
        const audits = (await listAudit(db, { entity: "finance_plan" })).length;
        const res = await post("/ics/QZ9/finance/earmarks/new", {
          year: "2026-27",
          pcn_code: pcn,
          budget: "3,000,000",
          community: "31,500",
        });
        expect(res.status).toBe(303);
        const hub = await financeHub(db, "QZ9", { year: "2026-27" });
        expect(
          hub.ok && hub.value.earmark.find((e) => e.pcn_code === pcn),
        ).toMatchObject({
          budget_pence: 300_000_000,
          community_pence: 3_150_000,
          status: "pass",
        });
        expect((await listAudit(db, { entity: "finance_plan" })).length).toBe(
          audits + 1,
        );
      });

      it("refuses an earmark for a PCN that is not the ICS's, naming the PCN field", async () => {
        const res = await post("/ics/QZ9/finance/earmarks/new", {
          year: "2026-27",
          pcn_code: "U99999",
          budget: "1000",
          community: "10",
        });
        expect(res.status).toBe(400);
        const html = await res.text();
        expect(html).toContain('href="#pcn_code"');
        expect(html).toMatch(/U99999 is not a PCN of/);
      });

      it("records a capital scheme from the form and refuses one that ends before it starts", async () => {
        const scheme = {
          ref: "CAP-FORM-1",
          name: "Beacon Way health and wellbeing hub",
          owner: "Demo Vale Community Trust",
          deciding_body: "ICB board",
          value: "12,500,000",
          first_year: "2026-27",
          last_year: "2028-29",
          status: "proposed",
        };
        const bad = await post("/ics/QZ9/finance/capital-schemes/new", {
          ...scheme,
          ref: "CAP-FORM-2",
          last_year: "2025-26",
        });
        expect(bad.status).toBe(400);
        expect(await bad.text()).toContain('href="#last_year"');
        const res = await post("/ics/QZ9/finance/capital-schemes/new", scheme);
        expect(res.status).toBe(303);
        const hub = await financeHub(db, "QZ9", {});
        const refs = hub.ok ? hub.value.capital.map((s) => s.ref) : [];
        expect(refs).toContain("CAP-FORM-1");
        expect(refs).not.toContain("CAP-FORM-2");
      });

      it("records a public asset with its proposed disposal, which needs a note saying what is proposed", async () => {
        const asset = {
          ref: "EST-FORM-1",
          name: "Old Quay clinic",
          kind: "building",
          owner: "Demo Vale Hospitals NHS Foundation Trust",
          address: "Quay Street, Port Demo",
          proposed_disposal: "yes",
          disposal_note: "",
        };
        const bad = await post("/ics/QZ9/finance/assets/new", asset);
        expect(bad.status).toBe(400);
        expect(await bad.text()).toContain('href="#disposal_note"');
        const res = await post("/ics/QZ9/finance/assets/new", {
          ...asset,
          disposal_note: "Offered first to the council for community use",
        });
        expect(res.status).toBe(303);
        const hub = await financeHub(db, "QZ9", {});
        expect(
          hub.ok && hub.value.assets.find((a) => a.ref === "EST-FORM-1"),
        ).toMatchObject({
          proposed_disposal: true,
          disposal_note: "Offered first to the council for community use",
        });
      });

      it("renders the three new forms for an officer", async () => {
        const s = await session();
        for (const path of ["earmarks", "capital-schemes", "assets"]) {
          const res = await createApp(db, { log: () => undefined }).request(
            `/ics/QZ9/finance/${path}/new`,
            { headers: { cookie: s.cookie } },
          );
          expect(res.status).toBe(200);
          expect(await res.text()).toContain('name="_csrf"');
        }
      });
    });

    it("keeps the synthetic ICS out of England and its practices when another ICB's file is imported for the year", async () => {
      const [demo] = demoAllocationFiles(
        buildDemoIcs({ seed: 5, scale: 0.05 }),
      );
      const [header = "", row = ""] = (demo?.contents ?? "").split("\n");
      // One practice of a real ICB, in the same layout and year.
      const other = row
        .replace(/^([^,]*),Z\d{5},/, "$1,A81001,")
        .replaceAll(",QZ9,", ",QE1,");
      const imported = await importAllocations(db, SYSTEM_ACTOR, [
        { path: "other.csv", bytes: Buffer.from(`${header}\n${other}\n`) },
      ]);
      expect(imported.ok && imported.files[0]?.removed).toBe(0);
      const england = await needIndex(db, { year: "2024-25", by: "icb" });
      expect(england.ok && england.value.map((r) => r.icb_code)).toEqual([
        "QE1",
      ]);
      const own = await needIndex(db, {
        year: "2024-25",
        by: "icb",
        ics: "QZ9",
      });
      expect(own.ok && own.value[0]?.need_index).toBeCloseTo(1, 12);
      const hub = await financeHub(db, "QZ9", { year: "2024-25" });
      expect(hub.ok && hub.value.fairShares?.available).toBe(true);
    });
  },
);
