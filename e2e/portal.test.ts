// The public portal in a real browser: the synthetic demo ICS imported into an in-memory database,
// the whole app (with its security headers) served over HTTP, checked with axe (WCAG 2.2 AA) and
// with JavaScript turned off.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { createApp, importGeography } from "@openics/server";
import {
  DEMO_FILE_NAMES,
  DEMO_ICB,
  demoFacts,
  generateDemoIcs,
  type DemoFacts,
} from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

const DEMO = { seed: 2024, scale: 0.05 };
const ICS = DEMO_ICB.ods;

/** The app on a free port of the loopback interface only. */
/** A fresh in-memory database holding the demo ICS, without the files `leaveOut` names. */
async function demoDatabase(
  leaveOut: readonly string[] = [],
): Promise<Database> {
  const db = await openDatabase({ dataDir: "memory://" });
  await migrateAll(db);
  const files = generateDemoIcs(DEMO)
    .filter((f) => !leaveOut.includes(f.name))
    .map((f) => ({ path: f.name, bytes: Buffer.from(f.contents) }));
  const result = await importGeography(db, SYSTEM_ACTOR, files);
  if (!result.ok) throw new Error(result.message);
  return db;
}

describe.skipIf(!browserAvailable())("public portal in a browser", () => {
  let db: Database;
  let server: { port: number; close: () => Promise<void> };
  let origin: string;
  let browser: Browser;
  let facts: DemoFacts;

  beforeAll(async () => {
    facts = demoFacts(DEMO);
    db = await demoDatabase();
    server = await listen(createApp(db, { log: () => undefined }));
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    await db.close();
  });

  let page: Page | undefined;
  // Closing the whole context waits for every page in it, axe's helper page too.
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  async function visit(
    path: string,
    javaScript: "on" | "off" = "on",
  ): Promise<{ page: Page; status: number }> {
    page =
      javaScript === "on"
        ? await newPage(browser)
        : await newPageWithoutJavaScript(browser);
    const response = await page.goto(`${origin}${path}`);
    return { page, status: response?.status() ?? 0 };
  }

  it("home lists the synthetic demo ICS first, clearly labelled, and has no accessibility violations", async () => {
    const { page, status } = await visit("/");
    expect(status).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe(
      "Integrated care systems in the open",
    );
    const firstRow = page.locator("#maincontent table tbody tr").first();
    await expect(firstRow.textContent()).resolves.toContain(DEMO_ICB.name);
    await expect(
      firstRow.locator(".nhsuk-tag--yellow").textContent(),
    ).resolves.toContain("Synthetic");
    // The demo's ICB boundary is loaded, so the home map is drawn, with its data behind "Show the data".
    await expect(
      page
        .getByRole("img", { name: /Map of England's integrated care systems/ })
        .count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("home works without JavaScript, and its as-at form submits by GET", async () => {
    const { page } = await visit("/", "off");
    await expect(page.locator("h2#systems").isVisible()).resolves.toBe(true);
    await page.locator("#as-at").fill("2025-06-01");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/\?as_at=2025-06-01$/);
    await expect(page.locator("h2#systems").textContent()).resolves.toBe(
      "Integrated care systems on 1 June 2025",
    );
    await expect(
      page.getByRole("table", { name: "ICSs on 1 June 2025" }).textContent(),
    ).resolves.toContain(DEMO_ICB.name);
  });

  it("an invalid date gives the error-summary pattern, not a server error", async () => {
    const { page, status } = await visit("/?as_at=2026-02-30");
    expect(status).toBe(400);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary.textContent()).resolves.toContain("Enter a real date");
    await expect(summary.locator('a[href="#as-at"]').count()).resolves.toBe(1);
    await expect(
      page.locator("#as-at").getAttribute("aria-describedby"),
    ).resolves.toContain("as-at-error");
    await checkAccessibility(page);
  });

  it("the ICS page shows the synthetic warning, a choropleth with one path per LSOA and its data table", async () => {
    const { page, status } = await visit(`/ics/${ICS}`);
    expect(status).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe(DEMO_ICB.name);
    await expect(
      page.locator(".nhsuk-card--warning").textContent(),
    ).resolves.toContain("Synthetic data: this ICS is fictional");

    const map = page.getByRole("img", { name: /LSOAs shaded by IMD decile/ });
    await expect(map.count()).resolves.toBe(1);
    await expect(
      map.locator(".openics-map__areas > path").count(),
    ).resolves.toBe(facts.lsoas);
    await expect(
      map.locator(".openics-map__areas > path > title").count(),
    ).resolves.toBe(facts.lsoas);
    await expect(
      page.locator("#deprivation .openics-legend__item").count(),
    ).resolves.toBe(11); // 10 deciles and GP practices
    await expect(
      map.locator(".openics-map__points circle").count(),
    ).resolves.toBeGreaterThan(0);

    const data = page.locator("#deprivation-data");
    await expect(data.locator("table").isVisible()).resolves.toBe(false);
    await data.locator("summary").click();
    await expect(data.locator("table").isVisible()).resolves.toBe(true);
    await expect(data.locator("tbody tr").count()).resolves.toBe(
      Math.min(100, facts.lsoas),
    );

    await expect(
      page
        .locator("#places ~ table tbody tr, #places + p + table tbody tr")
        .count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      page.getByRole("img", { name: /Population of each place/ }).count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("the ICS page works without JavaScript: maps, tables and the data behind them all there", async () => {
    const { page } = await visit(`/ics/${ICS}?as_at=2025-06-01`, "off");
    await expect(page.locator("h1").textContent()).resolves.toBe(DEMO_ICB.name);
    await expect(
      page.locator("#deprivation-map .openics-map__areas > path").count(),
    ).resolves.toBe(facts.lsoas);
    await page.locator("#deprivation-data summary").click();
    await expect(
      page.locator("#deprivation-data table").isVisible(),
    ).resolves.toBe(true);
    await expect(
      page
        .locator("#practices + table, #practices ~ .nhsuk-table-container")
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    // The as-at form keeps the chosen date and submits to the same page.
    await expect(page.locator("#as-at").inputValue()).resolves.toBe(
      "2025-06-01",
    );
    await page.locator("#as-at").fill("2024-01-01");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(new RegExp(`/ics/${ICS}\\?as_at=2024-01-01$`));
    await expect(
      page.locator(".nhsuk-lede-text").textContent(),
    ).resolves.toContain("1 January 2024");
  });

  it("CSV downloads are text/csv with a header row", async () => {
    const { page } = await visit(`/ics/${ICS}`);
    const href = await page
      .locator("#deprivation-data a[download]")
      .getAttribute("href");
    expect(href).toBe(`/ics/${ICS}?format=csv&table=lsoas`);
    const response = await fetch(`${origin}${href ?? ""}`);
    expect(response.headers.get("content-type")).toBe(
      "text/csv; charset=utf-8",
    );
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="QZ9-lsoas-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "lsoa_code,name,edition,lad_gss,utla_gss,sub_icb_ods,population,imd_decile,imd_rank,imd_score",
    );
    expect(lines).toHaveLength(facts.lsoas + 1);
    for (const table of [
      "places",
      "practices",
      "pcns",
      "partners",
      "constituencies",
    ]) {
      const r = await fetch(`${origin}/ics/${ICS}?format=csv&table=${table}`);
      expect(r.headers.get("content-type"), table).toBe(
        "text/csv; charset=utf-8",
      );
      expect((await r.text()).split("\r\n")[0], table).toMatch(
        /^[a-z_]+(,[a-z_]+)+$/,
      );
    }
    expect(
      (await fetch(`${origin}/ics/${ICS}?format=csv&table=nonsense`)).status,
    ).toBe(404);
  });

  it("a place page has the decile chart and table, the LSOA map of the place and its practices", async () => {
    const { page: ics } = await visit(`/ics/${ICS}`);
    const placeHref = await ics
      .locator('a[href*="/places/"]')
      .first()
      .getAttribute("href");
    expect(placeHref).toMatch(
      new RegExp(`^/ics/${ICS}/places/E(06|10)\\d{6}$`),
    );
    await ics.context().close();
    const { page, status } = await visit(placeHref ?? "");
    expect(status).toBe(200);
    await expect(
      page.locator(".nhsuk-card--warning").textContent(),
    ).resolves.toContain("Synthetic data: this ICS is fictional");
    await expect(
      page
        .getByRole("img", { name: /Share of LSOAs in .* by IMD decile/ })
        .count(),
    ).resolves.toBe(1);
    await expect(
      page.locator("#deprivation-deciles-data tbody tr").count(),
    ).resolves.toBeGreaterThanOrEqual(10);
    const paths = await page
      .locator("#deprivation-map .openics-map__areas > path")
      .count();
    expect(paths).toBeGreaterThan(0);
    expect(paths).toBeLessThan(facts.lsoas);
    await expect(
      page.locator(".nhsuk-breadcrumb").textContent(),
    ).resolves.toContain(DEMO_ICB.name);
    await checkAccessibility(page);
  });

  it("a practice page shows its details, PCN history and sub-ICB history", async () => {
    const { page: ics } = await visit(`/ics/${ICS}`);
    const practiceHref = await ics
      .locator('a[href^="/practices/"]')
      .first()
      .getAttribute("href");
    await ics.context().close();
    const { page, status } = await visit(practiceHref ?? "");
    expect(status).toBe(200);
    await expect(
      page.locator(".nhsuk-summary-list").textContent(),
    ).resolves.toContain("ODS code");
    await expect(
      page
        .locator("#pcns + table, #pcns ~ .nhsuk-table-container")
        .first()
        .textContent(),
    ).resolves.toMatch(/U\d{5}/);
    await expect(page.locator(".nhsuk-card--warning").count()).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("an unknown ICS is a 404 page that says what to do", async () => {
    const { page, status } = await visit("/ics/QXX");
    expect(status).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe(
      "ICS not found",
    );
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "No ICS has the code QXX",
    );
    await checkAccessibility(page);
  });

  it("an ICS asked for before it existed says when it was formed", async () => {
    const { page, status } = await visit(`/ics/${ICS}?as_at=2020-01-01`);
    expect(status).toBe(404);
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "did not exist yet on 1 January 2020",
    );
  });
});

describe("ICS page without LSOA boundaries", () => {
  let db: Database;
  beforeAll(async () => {
    db = await demoDatabase([DEMO_FILE_NAMES.lsoaBoundaries]);
  });
  afterAll(async () => {
    await db.close();
  });

  it("falls back to a district map shaded by the mean IMD decile, and says so", async () => {
    const app = createApp(db, { log: () => undefined });
    const response = await app.request(`/ics/${ICS}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(
      "No LSOA boundaries are loaded, so this map shades each local authority district",
    );
    const map =
      /<svg [^>]*id="deprivation-map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    const areas =
      /<g class="openics-map__areas"[\s\S]*?<\/g>/.exec(map)?.[0] ?? "";
    expect([...areas.matchAll(/<path /g)].length).toBe(demoFacts(DEMO).lads);
    expect(areas).toMatch(
      /<title>[^<]+ \(E0[67]\d{6}\): mean IMD decile \d+\.\d<\/title>/,
    );
    const csv = await app.request(`/ics/${ICS}?format=csv&table=districts`);
    expect((await csv.text()).split("\r\n")[0]).toBe(
      "lad_gss,lsoas,population,mean_imd_decile",
    );
  });
});
