// The public fair-shares pages in a real browser: one real allocation year (NHS England's 2024-25
// GP-practice weighted populations) and the ICB geography for the map, imported into an in-memory
// database, the whole app served over HTTP, checked with axe (WCAG 2.2 AA) and without JavaScript.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { createApp, financeService, importGeography } from "@openics/server";
import { refdataFolder } from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

const YEAR = "2024-25";
const ICB = "QE1"; // NHS Lancashire and South Cumbria ICB
const financeFolder = refdataFolder("finance");
const geoFolder = refdataFolder("geo");
const PRACTICES = "practice_weighted_population_2024_25.csv";
// The LSOA lookup gives each ICB's ODS and GSS codes; the crosswalk the 2026 mergers; then the map.
const GEOGRAPHY = [
  "lsoa21_sicbl24_icb24_nhser24_lad24_en.csv",
  "icb24_to_icb2026_crosswalk_DERIVED.csv",
  "boundaries_icb24_en_derived_bsc.geojson",
];

if (financeFolder.path === null)
  describe("fair-shares pages in a browser", () => {
    it.skip(financeFolder.reason, () => undefined);
  });

if (financeFolder.path !== null)
  describe.skipIf(!browserAvailable())("fair-shares pages in a browser", () => {
    let db: Database;
    let server: { port: number; close: () => Promise<void> };
    let origin: string;
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      db = await openDatabase({ dataDir: "memory://" });
      await migrateAll(db);
      const imported = await financeService.importAllocations(
        db,
        SYSTEM_ACTOR,
        [{ path: join(financeFolder.path, PRACTICES) }],
      );
      if (!imported.ok) throw new Error(imported.message);
      if (geoFolder.path !== null) {
        const geo = await importGeography(
          db,
          SYSTEM_ACTOR,
          GEOGRAPHY.map((f) => ({ path: join(geoFolder.path, f) })),
        );
        if (!geo.ok) throw new Error(geo.message);
      }
      server = await listen(createApp(db, { log: () => undefined }));
      origin = `http://127.0.0.1:${server.port}`;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser.close();
      await server.close();
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

    it("lists the 42 ICBs of 2024-25 with their need index, and has no accessibility violations", async () => {
      const { page, status } = await visit(`/finance/need-index?year=${YEAR}`);
      expect(status).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toContain(YEAR);
      const table = page.getByRole("table", {
        name: `Need index of each ICB, ${YEAR}`,
      });
      await expect(table.locator("tbody tr").count()).resolves.toBe(42);
      await expect(table.textContent()).resolves.toContain(
        "NHS Lancashire and South Cumbria ICB",
      );
      await expect(page.locator("#method").count()).resolves.toBe(1);
      await expect(page.locator("#source + p").textContent()).resolves.toMatch(
        /NHS England.*Open Government Licence/,
      );
      if (geoFolder.path !== null)
        await expect(
          page
            .getByRole("img", {
              name: /Map of England's integrated care boards/,
            })
            .count(),
        ).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("works without JavaScript: the year form submits by GET and ICB links lead to places", async () => {
      const { page } = await visit("/finance/need-index", "off");
      await expect(page.locator("h1").textContent()).resolves.toContain(YEAR);
      await page.getByLabel("Allocation year").selectOption(YEAR);
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/\?year=2024-25$/);
      await page
        .getByRole("link", { name: "NHS Lancashire and South Cumbria ICB" })
        .first()
        .click();
      await page.waitForURL(
        new RegExp(`/finance/need-index/${ICB}\\?year=${YEAR}$`),
      );
      await expect(page.locator("h1").textContent()).resolves.toContain(
        "NHS Lancashire and South Cumbria ICB",
      );
    });

    it("shows an ICB's places with a chart around 1.00, a table and no accessibility violations", async () => {
      const { page, status } = await visit(
        `/finance/need-index/${ICB}?year=${YEAR}`,
      );
      expect(status).toBe(200);
      await expect(
        page
          .getByRole("img", {
            name: /Need index of each place in NHS Lancashire/,
          })
          .count(),
      ).resolves.toBe(1);
      const table = page.getByRole("table", { name: /^Places of / });
      await expect(table.locator("tbody tr").count()).resolves.toBe(6);
      await expect(table.textContent()).resolves.toContain("Blackpool");
      await checkAccessibility(page);
    });

    it("CSV downloads are text/csv with a header row", async () => {
      const { page } = await visit(`/finance/need-index?year=${YEAR}`);
      const href = await page
        .getByRole("link", { name: "Download this table as CSV" })
        .getAttribute("href");
      const response = await fetch(`${origin}${href ?? ""}`);
      expect(response.headers.get("content-type")).toBe(
        "text/csv; charset=utf-8",
      );
      const lines = (await response.text()).trim().split("\r\n");
      expect(lines[0]).toBe(
        "year,icb_code,icb_name,la_code,la_name,registered_pop,weighted_pop,need_index",
      );
      expect(lines).toHaveLength(43);
      const places = await fetch(
        `${origin}/finance/need-index/${ICB}?year=${YEAR}&format=csv&table=places`,
      );
      const placeLines = (await places.text()).trim().split("\r\n");
      expect(placeLines[0]).toBe(lines[0]);
      expect(placeLines).toHaveLength(7);
    });

    it("a year that was not imported gives a page saying how to load it", async () => {
      const { page, status } = await visit("/finance/need-index?year=2019-20");
      expect(status).toBe(404);
      await expect(page.locator("h1").textContent()).resolves.toBe(
        "Allocation year not loaded",
      );
      const main = page.locator("#maincontent");
      await expect(main.textContent()).resolves.toContain(
        "openics import allocations ../shared/refdata/finance/",
      );
      await expect(
        main
          .getByRole("link", { name: `See the need indices for ${YEAR}` })
          .count(),
      ).resolves.toBe(1);
      await checkAccessibility(page);
      const unknownIcb = await fetch(
        `${origin}/finance/need-index/ZZZ?year=${YEAR}`,
      );
      expect(unknownIcb.status).toBe(404);
    });

    it("a year that is not a year gives the error-summary pattern, not a server error", async () => {
      const { page, status } = await visit("/finance/need-index?year=2024-26");
      expect(status).toBe(400);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      const summary = page.locator(".nhsuk-error-summary");
      await expect(summary.textContent()).resolves.toContain(
        "Choose an allocation year",
      );
      await expect(summary.locator('a[href="#year"]').count()).resolves.toBe(1);
      await expect(
        page.locator("#year").getAttribute("aria-describedby"),
      ).resolves.toContain("year-error");
      await checkAccessibility(page);
    });
  });
