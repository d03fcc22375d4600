// The spend and contracts pages in a real browser: the synthetic demo ICS with a year of its
// synthetic spend files and contracts, imported through the real importers into an in-memory
// database, checked with axe (WCAG 2.2 AA); the staff contract form used with JavaScript off.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { accountsService, createApp, importGeography } from "@openics/server";
import { DEMO_ICB, generateDemoIcs, loadDemoSpend } from "@openics/testkit";
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
const PASSWORD = "a long enough passphrase";

describe.skipIf(!browserAvailable())(
  "spend and contracts pages in a browser",
  () => {
    let db: Database;
    let server: { port: number; close: () => Promise<void> };
    let origin: string;
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      db = await openDatabase({ dataDir: "memory://" });
      await migrateAll(db);
      const files = generateDemoIcs(DEMO).map((f) => ({
        path: f.name,
        bytes: Buffer.from(f.contents),
      }));
      const geo = await importGeography(db, SYSTEM_ACTOR, files);
      if (!geo.ok) throw new Error(geo.message);
      await loadDemoSpend(db, { seed: DEMO.seed });
      const user = await accountsService.addUser(db, SYSTEM_ACTOR, {
        email: "officer@example.org",
        name: "Officer",
        role: "officer",
        ics: ICS,
        password: PASSWORD,
      });
      if (!user.ok) throw new Error(user.error.message);
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

    it("shows the independent-sector share over time with its table, owners and suppliers, with no accessibility violations", async () => {
      const { page, status } = await visit(`/ics/${ICS}/finance/spend`);
      expect(status).toBe(200);
      await expect(
        page
          .getByRole("img", {
            name: /Independent-sector share of spend by month/,
          })
          .count(),
      ).resolves.toBe(1);
      const owners = page.getByRole("table", {
        name: "Largest independent-sector parent owners",
      });
      await expect(owners.textContent()).resolves.toContain(
        "Synthetic Health Holdings plc",
      );
      await expect(
        page
          .getByRole("table", { name: "Suppliers paid most" })
          .locator("tbody tr")
          .count(),
      ).resolves.toBeGreaterThan(5);
      await checkAccessibility(page);
    });

    it("shows the independent-sector share by place, ICS-wide spend on its own line, with no accessibility violations", async () => {
      const { page } = await visit(`/ics/${ICS}/finance/spend`);
      await expect(
        page
          .getByRole("img", {
            name: /Independent-sector share of spend by place/,
          })
          .count(),
      ).resolves.toBe(1);
      const table = page.getByRole("table", {
        name: /Spend and the independent sector by place/,
        // The figure's table sits behind its "show data" disclosure.
        includeHidden: true,
      });
      await expect(table.locator("tbody tr").count()).resolves.toBe(6);
      await expect(table.textContent()).resolves.toContain(
        "ICS-wide / not attributed",
      );
      await checkAccessibility(page);
    });

    it("offers the month table as CSV", async () => {
      const { page } = await visit(`/ics/${ICS}/finance/spend`);
      const href = await page
        .getByRole("link", { name: "Download every parent owner as CSV" })
        .getAttribute("href");
      const response = await fetch(`${origin}${href ?? ""}`);
      expect(response.headers.get("content-type")).toBe(
        "text/csv; charset=utf-8",
      );
      const lines = (await response.text()).trim().split("\r\n");
      expect(lines[0]).toBe("parent_owner,sector,suppliers,total_pence");
    });

    it("lists contracts and the service that changed hands, with no accessibility violations", async () => {
      const { page, status } = await visit(`/ics/${ICS}/finance/contracts`);
      expect(status).toBe(200);
      await expect(
        page.locator("#maincontent").textContent(),
      ).resolves.toContain(
        "passed from Synthetic Imaging Group Ltd to Synthetic Health Holdings plc",
      );
      await expect(
        page
          .getByRole("table", { name: /^Contracts of / })
          .locator("tbody tr")
          .count(),
      ).resolves.toBe(4);
      await checkAccessibility(page);
    });

    it("lets an officer attribute spend to a place with an accessible form, errors in the summary", async () => {
      const { page } = await visit(`/ics/${ICS}/finance/spend/places/new`);
      await page.waitForURL(/\/login/);
      await page.getByLabel("Email address").fill("officer@example.org");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/finance\/spend\/places\/new$/);
      await checkAccessibility(page);
      await page.getByRole("button", { name: "Save mapping" }).click();
      await expect(
        page.locator('.nhsuk-error-summary a[href="#place_code"]').count(),
      ).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("lets an officer record a contract without JavaScript, showing errors first", async () => {
      const { page } = await visit(`/ics/${ICS}/finance/contracts/new`, "off");
      await page.waitForURL(/\/login/);
      await page.getByLabel("Email address").fill("officer@example.org");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/finance\/contracts\/new$/);
      await page.getByLabel("Reference", { exact: true }).fill("QZ9-PHYS-2026");
      await page
        .getByLabel("Title", { exact: true })
        .fill("Community physiotherapy");
      await page.getByLabel("Service", { exact: true }).fill("Musculoskeletal");
      await page
        .getByLabel("Provider", { exact: true })
        .fill("Example Physio Ltd");
      await page
        .getByLabel("Provider's sector")
        .selectOption("independent_sector");
      await page
        .getByLabel("Provider Selection Regime route")
        .selectOption("competitive_process");
      await page.getByLabel("Value in pounds").fill("1,250,000.00");
      await page.getByLabel("Start date").fill("2026-04-01");
      await page.getByLabel("End date").fill("2029-03-31");
      await page.getByRole("button", { name: "Save contract" }).click();
      await expect(
        page.locator(".nhsuk-error-summary").textContent(),
      ).resolves.toContain("notice of intention");
      await page.getByLabel(/Notice of intention published/).fill("2026-01-05");
      await page.getByLabel(/Standstill ends/).fill("2026-01-15");
      await page.getByRole("button", { name: "Save contract" }).click();
      await page.waitForURL(/\/finance\/contracts#contracts$/);
      await expect(
        page.getByRole("table", { name: /^Contracts of / }).textContent(),
      ).resolves.toContain("QZ9-PHYS-2026");
    });
  },
);
