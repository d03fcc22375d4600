// The registers, the public log, scrutiny and compact pages in a real browser: the synthetic demo
// ICS with its gifts, inquiry and commitments, served over HTTP, checked with axe (WCAG 2.2 AA)
// and without JavaScript, including an officer's staff form.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { accountsService, createApp } from "@openics/server";
import { loadScrutinyDemo, loadSmallDemoGeography } from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

const PASSWORD = "a long enough passphrase";

describe.skipIf(!browserAvailable())(
  "registers, log, scrutiny and compacts in a browser",
  () => {
    let db: Database;
    let server: { port: number; close: () => Promise<void> };
    let origin: string;
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      db = await openDatabase({ dataDir: "memory://" });
      await migrateAll(db);
      await loadSmallDemoGeography(db);
      await loadScrutinyDemo(db);
      const officer = await accountsService.addUser(db, SYSTEM_ACTOR, {
        email: "officer@example.org",
        name: "Officer",
        role: "officer",
        ics: "QZ9",
        password: PASSWORD,
      });
      if (!officer.ok) throw new Error(officer.error.message);
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

    it("searches the gifts register without JavaScript, by a GET form that can be shared", async () => {
      const { page } = await visit(
        "/ics/QZ9/registers/gifts?as_at=2026-01-31",
        "off",
      );
      const table = page.getByRole("table", {
        name: /Gifts and hospitality declared by/,
      });
      await expect(table.locator("tbody tr").count()).resolves.toBe(4);
      await page.getByLabel("Name of the person").fill("morgan");
      await page.getByLabel("Gift or hospitality").selectOption("hospitality");
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForURL(/name=morgan&organisation=&type=hospitality/);
      await expect(table.locator("tbody tr").count()).resolves.toBe(1);
      await expect(table.textContent()).resolves.toContain(
        "Seagate Independent Hospital",
      );
      const csv = await page
        .getByRole("link", { name: /Download CSV/ })
        .getAttribute("href");
      const response = await fetch(`${origin}${csv ?? ""}`);
      expect(response.headers.get("content-type")).toBe(
        "text/csv; charset=utf-8",
      );
    });

    it("shows the registers with no accessibility violations", async () => {
      for (const path of [
        "/ics/QZ9/registers/gifts",
        "/ics/QZ9/registers/interests",
      ]) {
        const { page, status } = await visit(path);
        expect(status).toBe(200);
        await checkAccessibility(page);
        await page.context().close();
      }
    });

    it("shows the log verified intact, with how to recompute it, and no accessibility violations", async () => {
      const { page, status } = await visit("/ics/QZ9/log");
      expect(status).toBe(200);
      await expect(
        page.locator("#verification + *").textContent(),
      ).resolves.toContain("The log is intact.");
      const table = page.getByRole("table", { name: /Log entries/ });
      // Four gifts, two responses to recommendations and two commitments done.
      await expect(table.locator("tbody tr").count()).resolves.toBe(8);
      await expect(table.textContent()).resolves.toContain(
        "Response to scrutiny",
      );
      await expect(page.locator("#how").count()).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("shows scrutiny with its overdue response, and the inquiry, with no accessibility violations", async () => {
      const { page } = await visit("/ics/QZ9/scrutiny?as_at=2026-01-31");
      await expect(
        page
          .locator(".nhsuk-card--warning", { hasText: "overdue" })
          .textContent(),
      ).resolves.toContain("1 response is overdue");
      await checkAccessibility(page);
      await page
        .getByRole("link", { name: "Waiting for community mental health care" })
        .last()
        .click();
      await page.waitForURL(/\/ics\/QZ9\/scrutiny\/demo-inquiry/);
      await expect(page.locator("h1").textContent()).resolves.toContain(
        "Waiting for community mental health care",
      );
      await expect(
        page
          .getByRole("table", { name: "Evidence heard or received" })
          .locator("tbody tr")
          .count(),
      ).resolves.toBe(3);
      await checkAccessibility(page);
    });

    it("lets an officer mark a commitment done without JavaScript, and shows compacts accessibly", async () => {
      const { page } = await visit("/login?next=/ics/QZ9/compacts", "off");
      await page.getByLabel("Email address").fill("officer@example.org");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/ics\/QZ9\/compacts$/);
      await expect(page.locator("body").textContent()).resolves.toMatch(
        /1 overdue/,
      );
      const form = page.locator('form[action$="/demo-commitment-2/done"]');
      await form.getByLabel(/Date done/).fill("2026-02-02");
      await form.getByRole("button", { name: "Mark done" }).click();
      await page.waitForURL(/\/ics\/QZ9\/compacts#commitments$/);
      await expect(page.locator("body").textContent()).resolves.toMatch(
        /0 overdue/,
      );
      const { page: visible } = await visit("/ics/QZ9/compacts");
      await checkAccessibility(visible);
    });

    it("shows the gift form, and its error summary, with no accessibility violations", async () => {
      const { page } = await visit("/login?next=/ics/QZ9/registers/gifts/new");
      await page.getByLabel("Email address").fill("officer@example.org");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/registers\/gifts\/new$/);
      await checkAccessibility(page);
      await page.getByLabel("Value in pounds").fill("lots");
      await page.getByRole("button", { name: "Save to the register" }).click();
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(
        page.locator('.nhsuk-error-summary a[href="#gift-value"]').count(),
      ).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("says where the log was broken after an entry is edited in the database", async () => {
      await db.query(
        `update governance_log set payload = jsonb_set(payload, '{personName}', '"Someone Else"')
         where ics_code = 'QZ9' and sequence = 1`,
      );
      const { page } = await visit("/ics/QZ9/log");
      await expect(
        page
          .locator(".nhsuk-card--warning", { hasText: "check out" })
          .textContent(),
      ).resolves.toContain("The log is broken at entry 1.");
      await checkAccessibility(page);
    });
  },
);
