// Defining a measure in the browser: an analyst of the demo ICS signs in, fills the plain form
// with JavaScript turned off, runs it under the demo's data-sharing agreement and reads the
// released table; the form and the result are checked with axe (WCAG 2.2 AA).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { accountsService, createApp, importGeography } from "@openics/server";
import {
  DEMO_AGREEMENT_ID,
  DEMO_ICB,
  generateDemoIcs,
  loadDemoPopulationHealth,
} from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

const DEMO = { seed: 7, scale: 0.05 };
const ICS = DEMO_ICB.ods;
const FORM = `/staff/ics/${ICS}/health/measures/new`;
const EMAIL = "analyst@example.org";
const PASSWORD = "a long enough passphrase";

describe.skipIf(!browserAvailable())(
  "defining a population-health measure in a browser",
  () => {
    let db: Database;
    let dir: string;
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
      dir = mkdtempSync(join(tmpdir(), "openics-e2e-measure-"));
      await loadDemoPopulationHealth(db, dir, { ...DEMO, fraction: 0.05 });
      await accountsService.addUser(db, SYSTEM_ACTOR, {
        email: EMAIL,
        name: "Analyst",
        role: "officer",
        ics: ICS,
        password: PASSWORD,
      });
      server = await listen(createApp(db, { log: () => undefined }));
      origin = `http://127.0.0.1:${server.port}`;
      browser = await launchBrowser();
    }, 240_000);

    afterAll(async () => {
      await browser.close();
      await server.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    afterEach(async () => {
      await page?.context().close();
      page = undefined;
    });

    async function signIn(javaScript: "on" | "off") {
      page =
        javaScript === "on"
          ? await newPage(browser)
          : await newPageWithoutJavaScript(browser);
      await page.goto(`${origin}/login?next=${encodeURIComponent(FORM)}`);
      await page.locator("#email").fill(EMAIL);
      await page.locator("#password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === FORM);
      return page;
    }

    it("the form has no accessibility violations, nor its errors", async () => {
      const page = await signIn("on");
      await checkAccessibility(page);
      await page.fill("#index_date", "next spring");
      await page.getByRole("button", { name: "Run the measure" }).click();
      await expect(page.locator(".nhsuk-error-summary").count()).resolves.toBe(
        1,
      );
      await expect(page.locator("#index_date").inputValue()).resolves.toBe(
        "next spring",
      );
      await checkAccessibility(page);
    });

    it("runs a measure filled in without JavaScript and shows its released table", async () => {
      const page = await signIn("off");
      await page.fill("#title", "Hypertension by deprivation quintile");
      await page.selectOption("#purpose", "health inequalities");
      await page.selectOption("#agreement_id", DEMO_AGREEMENT_ID);
      await page.fill("#index_date", "2025-03-31");
      await page.fill("#age_from", "18");
      await page.getByLabel("People with a code from the codelist").check();
      await page.selectOption("#codelist", "hypertension");
      await page.getByLabel("Proportion").check();
      await page.getByLabel("Everyone in the population").check();
      await page.getByLabel("Deprivation quintile (IMD)").check();
      await page.getByRole("button", { name: "Run the measure" }).click();
      await page.waitForURL(/\/health\/measures\/\d+$/);
      await expect(page.locator("h1").textContent()).resolves.toContain(
        "Hypertension by deprivation quintile",
      );
      const table = page.getByRole("table", {
        name: /by deprivation quintile \(1 = most deprived 20%\)$/,
      });
      await expect(table.locator("tbody tr").count()).resolves.toBeGreaterThan(
        2,
      );
      await expect(table.textContent()).resolves.toContain("to");
      await expect(
        page.getByRole("link", { name: /Query \d+/ }).count(),
      ).resolves.toBe(1);
    });

    it("the result page has no accessibility violations", async () => {
      const page = await signIn("on");
      await page.fill("#title", "Deaths in 2024-25");
      await page.selectOption("#purpose", "population health management");
      await page.selectOption("#agreement_id", DEMO_AGREEMENT_ID);
      await page.fill("#index_date", "2024-04-01");
      await page.getByLabel("People who died in the window").check();
      await page.fill("#event_from", "2024-04-01");
      await page.fill("#event_to", "2025-03-31");
      await page.getByLabel("Rate (per 1,000").check();
      await page.getByLabel("Person-years lived in the window").check();
      await page.getByLabel("Sex", { exact: true }).check();
      await page.getByRole("button", { name: "Run the measure" }).click();
      await page.waitForURL(/\/health\/measures\/\d+$/);
      await checkAccessibility(page);
    });
  },
);
