// The public registers of patient-level data use in a real browser: the data-sharing agreements
// and the query log of an ICS, served over HTTP, checked with axe (WCAG 2.2 AA) and without
// JavaScript.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { createApp, populationHealthService } from "@openics/server";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

describe.skipIf(!browserAvailable())(
  "population-health registers in a browser",
  () => {
    let db: Database;
    let server: { port: number; close: () => Promise<void> };
    let origin: string;
    let browser: Browser;
    let page: Page | undefined;

    beforeAll(async () => {
      db = await openDatabase({ dataDir: "memory://" });
      await migrateAll(db);
      const published = await populationHealthService.publishAgreement(
        db,
        SYSTEM_ACTOR,
        "QZ9",
        {
          agreement_id: "DSA-2025-01",
          title: "Population health analytics for the ICS",
          organisation: "QZ9",
          data_scope: ["patients", "registrations", "events"],
          purposes: ["population health management", "health inequalities"],
          legal_basis_article_6: "6(1)(e) public task",
          legal_basis_article_9: "9(2)(h) health or social care",
          common_law_basis:
            "section 251 support (COPI Regulations 2002, regulation 3)",
          processors: [{ name: "ICB analytics team", role: "analysis" }],
          valid_from: "2025-04-01",
          valid_until: "2026-03-31",
        },
      );
      if (!published.ok) throw new Error(published.error.message);
      const logged = await db.transaction((tx) =>
        populationHealthService.logQuery(tx, {
          icsCode: "QZ9",
          runBy: "analyst-1",
          organisation: "QZ9",
          runAt: "2025-10-01T09:30:00Z",
          purpose: "health inequalities",
          data: ["patients", "events"],
          definition: {
            measure: "hypertension prevalence",
            by: "imd_quintile",
          },
          outputs: { aggregates: ["hypertension-by-imd-quintile"] },
          disclosureRule: "nhs-england-small-numbers",
        }),
      );
      if (!logged.ok) throw new Error(logged.error.message);
      server = await listen(createApp(db));
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

    for (const javascript of [true, false])
      it(`shows the data-sharing register${javascript ? "" : " without JavaScript"}`, async () => {
        page = javascript
          ? await newPage(browser)
          : await newPageWithoutJavaScript(browser);
        const response = await page.goto(`${origin}/ics/QZ9/data-sharing`);
        expect(response?.status()).toBe(200);
        await expect(page.locator("h1").textContent()).resolves.toBe(
          "Data-sharing agreements of QZ9",
        );
        const table = page.locator("table");
        await expect(table.textContent()).resolves.toMatch(/DSA-2025-01/);
        await expect(table.textContent()).resolves.toMatch(/not permitted/);
        if (javascript) await checkAccessibility(page);
      });

    it("shows the query log with the definition's hash", async () => {
      page = await newPage(browser);
      const response = await page.goto(`${origin}/ics/QZ9/query-log`);
      expect(response?.status()).toBe(200);
      const text = (await page.locator("table").textContent()) ?? "";
      expect(text).toMatch(/DSA-2025-01/);
      expect(text).toMatch(/[0-9a-f]{64}/);
      await checkAccessibility(page);
      const csv = await page.request.get(
        `${origin}/api/ics/QZ9/query-log?format=csv`,
      );
      expect(await csv.text()).toMatch(/^query_id,run_at,run_by/);
    });
  },
);
