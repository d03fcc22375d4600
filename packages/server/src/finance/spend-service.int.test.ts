import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { listAudit, migrateAll, type Database } from "@openics/db";
import {
  buildDemoIcs,
  demoCouncilSpendFiles,
  demoSpendFiles,
  describeEachDatabase,
  loadDemoSpend,
  loadSmallDemoGeography,
} from "@openics/testkit";
import { createApp } from "../app";
import { financeManifest } from "./manifest";
import { addUser, signIn } from "../accounts/service";

import type { SpendAnalysis } from "./spend-service";

describeEachDatabase("spend and contracts of the demo ICS", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const password = "a long enough passphrase";
  const session = async (email: string) => {
    const result = await signIn(db, email, password);
    if (!result.ok) throw new Error(result.error.message);
    return {
      cookie: `openics_session=${result.value.token}`,
      "x-csrf-token": result.value.csrfToken,
    };
  };

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    const spend = await loadDemoSpend(db, { seed: 5 });
    // Twelve months from the ICB and a year from each of the five places' councils.
    expect(spend).toMatchObject({ files: 17, contracts: 4 });
    await addUser(db, SYSTEM_ACTOR, {
      email: "officer@example.org",
      name: "Officer",
      role: "officer",
      ics: "QZ9",
      password,
    });
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  it("writes the year of files in three layouts, deterministically", () => {
    const a = demoSpendFiles({ seed: 5 });
    const b = demoSpendFiles({ seed: 5 });
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    expect(a.map((f) => Buffer.from(f.bytes).toString("base64"))).toEqual(
      b.map((f) => Buffer.from(f.bytes).toString("base64")),
    );
    const heads = new Set(
      a.map((f) => new TextDecoder().decode(f.bytes).split("\r\n", 1)[0]),
    );
    expect(heads.size).toBe(3);
  });

  it("gives the independent-sector share by month, matching a count by SQL", async () => {
    const res = await app.request("/api/ics/QZ9/finance/spend");
    expect(res.status).toBe(200);
    const v = (await res.json()) as SpendAnalysis;
    expect(v.months.map((m) => m.month)).toEqual([
      "2025-04",
      "2025-05",
      "2025-06",
      "2025-07",
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
    ]);
    // Independently: the demo's for-profit suppliers are its independent-sector and social-care
    // partners, and the two companies named Ltd and Limited.
    const demo = buildDemoIcs({ seed: 5, scale: 0.05 });
    const forProfit = demo.partners
      .filter(
        (p) =>
          p.sector === "independent_sector_provider" ||
          p.sector === "social_care_provider",
      )
      .map((p) => p.name)
      .concat([
        "Harbourmouth Office Supplies Ltd (synthetic)",
        "Brinemoor Clinical Staffing Limited (synthetic)",
      ]);
    const byMonth = await db.query<{
      month: string;
      total: number;
      independent: number;
    }>(
      `select to_char(payment_date, 'YYYY-MM') as month, sum(amount_pence)::bigint as total,
         coalesce(sum(amount_pence) filter (where supplier = any($1::text[])), 0)::bigint as independent
       from spend_line join spend_file using (body_code, sha256)
       where ics_code = 'QZ9' group by 1 order by 1`,
      [forProfit],
    );
    expect(
      v.months.map((m) => [m.month, m.total_pence, m.independent_pence]),
    ).toEqual(byMonth.map((r) => [r.month, r.total, r.independent]));
    const first = v.months[0]?.independent_share ?? 0;
    const last = v.months.at(-1)?.independent_share ?? 0;
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
  });

  it("finds the parent owner of several suppliers through the partner register", async () => {
    const v = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    const holdings = v.owners.find(
      (o) => o.parent_owner === "Synthetic Health Holdings plc",
    );
    expect(holdings).toMatchObject({
      sector: "independent_sector",
      suppliers: 2,
    });
    const seagate = v.suppliers.find((s) =>
      s.supplier.startsWith("Seagate Independent Hospital"),
    );
    expect(seagate).toMatchObject({
      basis: "partner",
      parent_owner: "Synthetic Health Holdings plc",
    });
    const csv = await (
      await app.request("/api/ics/QZ9/finance/spend?format=csv&table=owners")
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "parent_owner,sector,suppliers,total_pence",
    );
  });

  it("lists contracts and flags the service that passed to a new owner", async () => {
    const res = await app.request("/api/ics/QZ9/finance/contracts");
    const v = (await res.json()) as {
      contracts: { reference: string; subcontractors: string[] }[];
      owner_changes: unknown[];
    };
    expect(v.contracts.map((k) => k.reference).sort()).toEqual([
      "QZ9-ACUTE-2025",
      "QZ9-DIAG-2022",
      "QZ9-DIAG-2025",
      "QZ9-MH-2024",
    ]);
    expect(
      v.contracts.find((k) => k.reference === "QZ9-DIAG-2025")?.subcontractors,
    ).toEqual(["Vale Eye Clinic (synthetic)"]);
    expect(v.owner_changes).toEqual([
      {
        reference: "QZ9-DIAG-2025",
        previous_reference: "QZ9-DIAG-2022",
        from_owner: "Synthetic Imaging Group Ltd",
        to_owner: "Synthetic Health Holdings plc",
        start_date: "2025-04-01",
      },
    ]);
  });

  it("records a contract from an officer with its audit, and refuses a bad one changing nothing", async () => {
    const headers = {
      ...(await session("officer@example.org")),
      "content-type": "application/json",
    };
    const contract = {
      reference: "QZ9-PHYS-2026",
      title: "Community physiotherapy",
      service: "Musculoskeletal",
      provider: "Example Physio Ltd",
      provider_sector: "independent_sector",
      route: "direct_award_b",
      value_pence: 5_000_000,
      start_date: "2026-04-01",
      end_date: "2027-03-31",
    };
    const bad = await app.request("/api/ics/QZ9/finance/contracts", {
      method: "POST",
      headers,
      body: JSON.stringify({
        ...contract,
        intention_notice_date: "2026-01-05",
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      "Direct award process B has no notice of intention or standstill",
    );
    const [count] = await db.query<{ n: number }>(
      "select count(*)::int as n from contract",
    );
    expect(count?.n).toBe(4);
    const good = await app.request("/api/ics/QZ9/finance/contracts", {
      method: "POST",
      headers,
      body: JSON.stringify(contract),
    });
    expect(good.status).toBe(201);
    const [entry] = await listAudit(db, { entity: "contract" });
    expect(entry).toMatchObject({
      action: "create",
      entity_key: "QZ9/QZ9-PHYS-2026",
    });
    const anonymous = await app.request("/api/ics/QZ9/finance/contracts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(contract),
    });
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
  });

  it("draws the public spend and contracts pages, with CSV downloads", async () => {
    const page = await app.request("/ics/QZ9/finance/spend");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Independent-sector share");
    expect(html).toContain("<svg");
    expect(html).toContain("Synthetic Health Holdings plc");
    const csv = await app.request(
      "/ics/QZ9/finance/spend?format=csv&table=months",
    );
    expect((await csv.text()).split("\r\n")).toHaveLength(14);
    const contracts = await (
      await app.request("/ics/QZ9/finance/contracts")
    ).text();
    expect(contracts).toContain("Services that changed hands");
    expect((await app.request("/ics/QX0/finance/spend")).status).toBe(404);
  });

  it("lets an officer reclassify a supplier, which moves its spend between sectors and owners", async () => {
    const before = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    const council = before.suppliers.find((s) =>
      s.supplier.startsWith("Demo Vale County Council"),
    );
    expect(council?.sector).toBe("local_authority");
    const headers = {
      ...(await session("officer@example.org")),
      "content-type": "application/json",
    };
    const res = await app.request("/api/ics/QZ9/finance/suppliers", {
      method: "POST",
      headers,
      body: JSON.stringify({
        supplier: council?.supplier,
        sector: "independent_sector",
        parent_owner: "Example Outsourcing plc",
      }),
    });
    expect(res.status).toBe(201);
    const after = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    expect(
      after.suppliers.find((s) => s.supplier === council?.supplier),
    ).toMatchObject({
      sector: "independent_sector",
      basis: "override",
      parent_owner: "Example Outsourcing plc",
    });
    const sector = (v: SpendAnalysis, s: string) =>
      v.sectors.find((x) => x.sector === s)?.total_pence ?? 0;
    expect(
      sector(after, "independent_sector") -
        sector(before, "independent_sector"),
    ).toBe(council?.total_pence);
    const [entry] = await listAudit(db, { entity: "supplier" });
    expect(entry).toMatchObject({ action: "classify" });
  });

  it("attributes each council's spend to its place and the ICB's to ICS-wide / not attributed, nothing left out", async () => {
    const v = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    const councils = await db.query<{ body_code: string; total: number }>(
      `select body_code, sum(amount_pence)::bigint as total from spend_line
       where body_code <> 'QZ9' group by 1`,
    );
    expect(councils).toHaveLength(demoCouncilSpendFiles({ seed: 5 }).length);
    for (const c of councils)
      expect(v.places.find((p) => p.place_code === c.body_code)).toMatchObject({
        total_pence: c.total,
        local_authority_pence: c.total,
      });
    const wide = v.places.find((p) => p.place_code === null);
    expect(wide?.place_name).toBe("ICS-wide / not attributed");
    const [icb] = await db.query<{ total: number }>(
      "select sum(amount_pence)::bigint as total from spend_line where body_code = 'QZ9'",
    );
    expect(wide?.total_pence).toBe(icb?.total);
    expect(v.places.reduce((n, p) => n + p.total_pence, 0)).toBe(
      v.months.reduce((n, m) => n + m.total_pence, 0),
    );
  });

  it("lets an officer map the ICB's spend in an expense area to a place, with an audit entry", async () => {
    const headers = {
      ...(await session("officer@example.org")),
      "content-type": "application/json",
    };
    const post = (body: unknown, h: Record<string, string> = headers) =>
      app.request("/api/ics/QZ9/finance/spend/places", {
        method: "POST",
        headers: h,
        body: JSON.stringify(body),
      });
    const stray = await post({
      body_code: "QZ9",
      expense_area: "Elective recovery",
      place_code: "E06000001",
    });
    expect(stray.status).toBe(400);
    expect(await stray.text()).toMatch(/E06000001 is not a place of/);
    const anonymous = await post(
      { body_code: "QZ9", place_code: "E06900002" },
      { "content-type": "application/json" },
    );
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
    const res = await post({
      body_code: "QZ9",
      expense_area: "elective  recovery",
      place_code: "E06900002",
    });
    expect(res.status).toBe(201);
    const v = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    const [area] = await db.query<{ total: number }>(
      `select sum(amount_pence)::bigint as total from spend_line
       where body_code = 'QZ9' and expense_area = 'Elective recovery'`,
    );
    expect(area?.total).toBeGreaterThan(0);
    expect(
      v.places.find((p) => p.place_code === "E06900002")?.mapping_pence,
    ).toBe(area?.total);
    const [entry] = await listAudit(db, { entity: "spend_place_mapping" });
    expect(entry).toMatchObject({ action: "record" });
  });

  it("shows the independent-sector share by place on the spend page, with its table and CSV", async () => {
    const res = await app.request("/ics/QZ9/finance/spend");
    const html = await res.text();
    expect(html).toContain("Independent-sector share of spend by place");
    expect(html).toContain("ICS-wide / not attributed");
    const csv = await (
      await app.request("/ics/QZ9/finance/spend?format=csv&table=places")
    ).text();
    const [head, ...rows] = csv.trim().split("\r\n");
    expect(head).toBe(
      "place_code,place_name,total_pence,independent_pence,independent_share,local_authority_pence,mapping_pence,top_independent_owners",
    );
    expect(rows).toHaveLength(6);
  });

  it("answers every spend and contracts export the finance manifest lists with a CSV", async () => {
    const exports = financeManifest.exports.filter(
      (e) => e.name.startsWith("spend-") || e.name === "contracts",
    );
    expect(exports.map((e) => e.name)).toEqual([
      "spend-months",
      "spend-services",
      "spend-suppliers",
      "spend-owners",
      "spend-sectors",
      "spend-places",
      "contracts",
    ]);
    for (const e of exports) {
      const res = await app.request(e.path.replace("{code}", "QZ9"));
      expect(res.status, e.path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      expect((await res.text()).split("\r\n").length).toBeGreaterThan(2);
    }
  });

  it("lets an officer attribute a body's spend to a place with the form, showing errors with the summary", async () => {
    const s = await session("officer@example.org");
    const post = (form: Record<string, string>) =>
      app.request("/ics/QZ9/finance/spend/places/new", {
        method: "POST",
        headers: {
          cookie: s.cookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          ...form,
          _csrf: s["x-csrf-token"],
        }).toString(),
      });
    const bad = await post({
      body_code: "QZ9",
      expense_area: "",
      place_code: "",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("nhsuk-error-summary");
    expect(html).toContain('href="#place_code"');
    const res = await post({
      body_code: "QZ9",
      expense_area: "Continuing healthcare",
      place_code: "E06900003",
    });
    expect(res.status).toBe(303);
    const v = (await (
      await app.request("/api/ics/QZ9/finance/spend")
    ).json()) as SpendAnalysis;
    expect(
      v.places.find((p) => p.place_code === "E06900003")?.mapping_pence,
    ).toBeGreaterThan(0);
    const form = await (
      await app.request("/ics/QZ9/finance/spend/places/new", {
        headers: { cookie: s.cookie },
      })
    ).text();
    expect(form).toContain("Mappings recorded");
    expect(form).toContain("Continuing healthcare");
  });
});
