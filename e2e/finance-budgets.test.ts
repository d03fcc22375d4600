// The finance hub of the demo ICS in a real browser: its synthetic budgets, pooled budgets,
// earmark, capital plan, assets and money flow recorded through the finance use case, the whole
// app served over HTTP, checked with axe (WCAG 2.2 AA) and without JavaScript.
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import {
  financeRepository,
  migrateAll,
  openDatabase,
  structureRepository,
  type Database,
} from "@openics/db";
import {
  accountsService,
  createApp,
  financeService,
  importGeography,
} from "@openics/server";
import {
  buildDemoIcs,
  demoAllocationFiles,
  loadDemoFinance,
  refdataFolder,
  loadSmallDemoGeography,
} from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
} from "./browser";

const HUB = "/ics/QZ9/finance";

async function listen(db: Database) {
  const app = createApp(db, { log: () => undefined });
  return new Promise<{ origin: string; close: () => Promise<void> }>(
    (resolve) => {
      const server = serve(
        { fetch: app.fetch, port: 0, hostname: "127.0.0.1" },
        (info: AddressInfo) => {
          resolve({
            origin: `http://127.0.0.1:${info.port}`,
            close: () =>
              new Promise((done) =>
                server.close(() => {
                  done();
                }),
              ),
          });
        },
      );
    },
  );
}

// One Chromium for the whole file: each test still gets its own context and page.
let launched: Promise<Browser> | undefined;
const sharedBrowser = () => (launched ??= launchBrowser());
afterAll(async () => {
  await (await launched)?.close();
});

describe.skipIf(!browserAvailable())("the finance hub in a browser", () => {
  let db: Database;
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
    await migrateAll(db);
    await loadSmallDemoGeography(db);
    const allocations = await financeService.importAllocations(
      db,
      SYSTEM_ACTOR,
      demoAllocationFiles(buildDemoIcs({ seed: 5, scale: 0.05 })).map((f) => ({
        path: f.name,
        bytes: Buffer.from(f.contents),
      })),
    );
    if (!allocations.ok) throw new Error(allocations.message);
    await loadDemoFinance(db, financeService.recordFinancePlan);
    await accountsService.addUser(db, SYSTEM_ACTOR, {
      email: "officer@example.org",
      name: "Officer",
      role: "officer",
      ics: "QZ9",
      password: "a long enough passphrase",
    });
    const server = await listen(db);
    origin = server.origin;
    close = server.close;
    browser = await sharedBrowser();
  });

  afterAll(async () => {
    await close();
    await db.close();
  });

  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  async function visit(path: string, javaScript: "on" | "off" = "on") {
    page =
      javaScript === "on"
        ? await newPage(browser)
        : await newPageWithoutJavaScript(browser);
    const response = await page.goto(`${origin}${path}`);
    return { page, status: response?.status() ?? 0 };
  }

  it("shows budgets with the MHIS check, pooled budgets with settlements and the Sankey, with no accessibility violations", async () => {
    const { page, status } = await visit(`${HUB}?year=2025-26`);
    expect(status).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toContain(
      "Finance of",
    );
    await expect(page.locator("body").textContent()).resolves.toContain(
      "Mental Health Investment Standard",
    );
    await expect(
      page.getByRole("img", { name: /Money flow of/ }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole("table", { name: /Earmark by PCN/ }).count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("works without JavaScript: the year form submits by GET", async () => {
    const { page } = await visit(HUB, "off");
    await page.selectOption("#year", "2024-25");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await page.waitForURL(/year=2024-25/);
    await expect(page.locator("#year").inputValue()).resolves.toBe("2024-25");
    await expect(
      page.getByRole("table", { name: /Budgets by level, 2024-25/ }).count(),
    ).resolves.toBe(1);
  });

  it("downloads the pooled-budget settlements as CSV", async () => {
    const { page } = await visit(`${HUB}?year=2024-25`);
    const href = await page
      .getByRole("link", { name: /pooled budgets and settlements as CSV/ })
      .getAttribute("href");
    const response = await page.request.get(`${origin}${href ?? ""}`);
    expect(response.headers()["content-type"]).toMatch(/text\/csv/);
    const [head] = (await response.text()).split("\r\n");
    expect(head).toMatch(/^ref,kind,name,.*settlement_pence$/);
  });

  /** A page signed in as the demo ICS's officer (the session cookie the sign-in page would set). */
  async function signedIn(javaScript: "on" | "off") {
    const session = await accountsService.signIn(
      db,
      "officer@example.org",
      "a long enough passphrase",
    );
    if (!session.ok) throw new Error(session.error.message);
    page =
      javaScript === "on"
        ? await newPage(browser)
        : await newPageWithoutJavaScript(browser);
    await page
      .context()
      .addCookies([
        { name: "openics_session", value: session.value.token, url: origin },
      ]);
    return page;
  }

  it("lets an officer record a budget with the form, without JavaScript", async () => {
    const page = await signedIn("off");
    await page.goto(`${origin}${HUB}/budgets/new`);
    await page.fill("#year", "2026-27");
    await page.selectOption("#level", "mental_health");
    await page.fill("#planned", "12,345,678.90");
    await page.getByRole("button", { name: "Save budget" }).click();
    await page.waitForURL(new RegExp(`${HUB}$`));
    await page.goto(`${origin}${HUB}?year=2026-27`);
    await expect(
      page
        .getByRole("table", { name: /Budgets by level, 2026-27/ })
        .textContent(),
    ).resolves.toContain("£12,345,679");
  });

  it("shows the budget form's errors with the error-summary pattern, with no accessibility violations", async () => {
    const page = await signedIn("on");
    await page.goto(`${origin}${HUB}/budgets/new`);
    await checkAccessibility(page);
    await page.fill("#year", "2026-27");
    await page.fill("#planned", "a lot");
    await page.getByRole("button", { name: "Save budget" }).click();
    await expect(page.locator(".nhsuk-error-summary").count()).resolves.toBe(1);
    await expect(
      page.locator('.nhsuk-error-summary a[href="#planned"]').count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("has an accessible pooled-budget form", async () => {
    const page = await signedIn("on");
    await page.goto(`${origin}${HUB}/pooled-budgets/new`);
    await checkAccessibility(page);
  });

  it("shows each demo place's need index, fair share and path to it, with no accessibility violations", async () => {
    const { page, status } = await visit(`${HUB}?year=2025-26`);
    expect(status).toBe(200);
    const table = page.getByRole("table", {
      name: "Distance from fair-share target, 2025-26",
    });
    await expect(table.locator("tbody tr").count()).resolves.toBe(5);
    await expect(table.textContent()).resolves.toContain("Port Demo");
    await expect(
      page
        .getByRole("img", { name: /Distance from fair-share target by place/ })
        .count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("maps the demo's places by need index, with no accessibility violations", async () => {
    const { page, status } = await visit(
      "/finance/need-index/QZ9?year=2025-26",
    );
    expect(status).toBe(200);
    await expect(
      page.getByRole("img", { name: /places shaded by need index/ }).count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("runs the convergence within the ICB's total from the form, without JavaScript", async () => {
    const { page } = await visit(`${HUB}?year=2025-26`, "off");
    await page.check("#mode-2");
    await page.getByRole("button", { name: "Show the scenario" }).click();
    await page.waitForURL(/mode=budget_neutral/);
    await expect(
      page.locator("#convergence-outcome").textContent(),
    ).resolves.toMatch(/add up to the ICB's total every year/);
    await expect(
      page.locator("#convergence figcaption").textContent(),
    ).resolves.toMatch(/within the ICB's total/);
  });

  it("shows the earmark form's errors with the error-summary pattern, with no accessibility violations", async () => {
    const page = await signedIn("on");
    await page.goto(`${origin}${HUB}/earmarks/new`);
    await checkAccessibility(page);
    await page.fill("#year", "2026-27");
    await page.fill("#budget", "a lot");
    await page.getByRole("button", { name: "Save earmark" }).click();
    await expect(page.locator(".nhsuk-error-summary").count()).resolves.toBe(1);
    await expect(
      page.locator('.nhsuk-error-summary a[href="#budget"]').count(),
    ).resolves.toBe(1);
    await checkAccessibility(page);
  });

  it("has accessible capital-scheme and public-asset forms", async () => {
    const page = await signedIn("on");
    for (const form of ["capital-schemes", "assets"]) {
      await page.goto(`${origin}${HUB}/${form}/new`);
      await checkAccessibility(page);
    }
  });
});

// A real ICS: NHS Lancashire and South Cumbria's places with NHS England's 2024-25 weighted
// populations and delegated place budgets recorded through the use case.
const financeFolder = refdataFolder("finance");
const geoFolder = refdataFolder("geo");
const realData =
  financeFolder.path !== null && geoFolder.path !== null
    ? { finance: financeFolder.path, geo: geoFolder.path }
    : null;

describe.skipIf(!browserAvailable() || realData === null)(
  "a real ICS's fair shares in a browser",
  () => {
    let db: Database;
    let server: { origin: string; close: () => Promise<void> };
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      if (realData === null) return;
      db = await openDatabase({ dataDir: "memory://" });
      await migrateAll(db);
      const geo = await importGeography(db, SYSTEM_ACTOR, [
        {
          path: join(realData.geo, "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv"),
        },
        { path: join(realData.geo, "icb24_to_icb2026_crosswalk_DERIVED.csv") },
      ]);
      if (!geo.ok) throw new Error(geo.message);
      const alloc = await financeService.importAllocations(db, SYSTEM_ACTOR, [
        {
          path: join(
            realData.finance,
            "practice_weighted_population_2024_25.csv",
          ),
        },
      ]);
      if (!alloc.ok) throw new Error(alloc.message);
      const allocated = new Set(
        (await financeRepository.practicesOfYear(db, "2024-25", "QE1")).map(
          (p) => p.la_code,
        ),
      );
      const places = (
        await structureRepository.placesAt(
          db,
          new Date().toISOString().slice(0, 10),
          "QE1",
        )
      ).filter((p) => allocated.has(p.utla_gss));
      const recorded = await financeService.recordFinancePlan(
        db,
        SYSTEM_ACTOR,
        "QE1",
        {
          budgets: places.map((p, i) => ({
            year: "2024-25",
            level: "delegated_place",
            place_code: p.utla_gss,
            planned_pence: (300_000_000 + i * 45_000_000) * 100,
          })),
        },
      );
      if (!recorded.ok) throw new Error(recorded.error.message);
      server = await listen(db);
      browser = await sharedBrowser();
    });

    afterAll(async () => {
      await server.close();
      await db.close();
    });

    afterEach(async () => {
      await page?.context().close();
      page = undefined;
    });

    it("shows each place's fair share and its path to it, with no accessibility violations", async () => {
      page = await newPage(browser);
      await page.goto(`${server.origin}/ics/QE1/finance?year=2024-25`);
      await expect(
        page
          .getByRole("table", {
            name: "Distance from fair-share target, 2024-25",
          })
          .textContent(),
      ).resolves.toContain("Blackpool");
      await expect(
        page
          .getByRole("img", {
            name: /Distance from fair-share target by place/,
          })
          .count(),
      ).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("changes the convergence scenario with the form, without JavaScript", async () => {
      page = await newPageWithoutJavaScript(browser);
      await page.goto(`${server.origin}/ics/QE1/finance?year=2024-25`);
      await page.fill("#years", "3");
      await page.fill("#cap_bp", "1000");
      await page.getByRole("button", { name: "Show the scenario" }).click();
      await page.waitForURL(/cap_bp=1000/);
      await expect(
        page.locator("#convergence figcaption").textContent(),
      ).resolves.toMatch(/3 years.*to 10\.00% a year/);
    });
  },
);
