// The population-health indicator pages in a real browser: the synthetic demo ICS with its
// patient-level records loaded, one logged and disclosure-controlled publication of the
// standard indicators, then the public pages checked with axe (WCAG 2.2 AA) and without
// JavaScript.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import {
  createApp,
  importGeography,
  populationHealthService,
} from "@openics/server";
import {
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

const DEMO = { seed: 2024, scale: 0.1 };
const ICS = DEMO_ICB.ods;

describe.skipIf(!browserAvailable())(
  "population-health indicator pages in a browser",
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
      dir = mkdtempSync(join(tmpdir(), "openics-e2e-ph-"));
      await loadDemoPopulationHealth(db, dir, { ...DEMO, fraction: 0.05 });
      server = await listen(createApp(db, { log: () => undefined }));
      origin = `http://127.0.0.1:${server.port}`;
      browser = await launchBrowser();
    });

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

    async function visit(path: string, javaScript: "on" | "off" = "on") {
      page =
        javaScript === "on"
          ? await newPage(browser)
          : await newPageWithoutJavaScript(browser);
      const response = await page.goto(`${origin}${path}`);
      return { page, status: response?.status() ?? 0 };
    }

    it("lists the published indicators with intervals and gaps, with no accessibility violations", async () => {
      const { page, status } = await visit(`/ics/${ICS}/health`);
      expect(status).toBe(200);
      const table = page.getByRole("table", { name: "Standard indicators" });
      await expect(table.textContent()).resolves.toContain("Hypertension");
      await checkAccessibility(page);
    });

    it("shows an indicator's breakdowns as charts with tables, the rule used and the logged query, without JavaScript", async () => {
      const { page, status } = await visit(
        `/ics/${ICS}/health/diabetes_prevalence`,
        "off",
      );
      expect(status).toBe(200);
      await expect(
        page.getByRole("img", { name: /by deprivation decile/ }).count(),
      ).resolves.toBe(1);
      await expect(page.textContent("body")).resolves.toContain(
        "counts of 1 to 7 are shown as *",
      );
      await expect(
        page.getByRole("link", { name: "See the logged query" }).count(),
      ).resolves.toBe(1);
      await page.context().close();
      const withJs = await visit(`/ics/${ICS}/health/diabetes_prevalence`);
      await checkAccessibility(withJs.page);
    });

    it("downloads every breakdown as CSV with the disclosure rule on each row", async () => {
      const res = await fetch(
        `${origin}/ics/${ICS}/health/diabetes_prevalence?format=csv`,
      );
      expect(res.headers.get("content-type")).toContain("text/csv");
      const lines = (await res.text()).trimEnd().split("\r\n");
      expect(lines[0]).toContain("disclosure_rule");
      expect(
        lines.slice(1).every((l) => l.endsWith(",nhs_hes_ecds_subnational")),
      ).toBe(true);
    });

    it("maps the indicator by place and by LSOA and compares each area with the ICS, with no accessibility violations", async () => {
      const { page, status } = await visit(
        `/ics/${ICS}/health/diabetes_prevalence`,
        "off",
      );
      expect(status).toBe(200);
      await expect(
        page.getByRole("img", { name: /^Map of .* by place,/ }).count(),
      ).resolves.toBe(1);
      await expect(
        page
          .getByRole("img", { name: /^Map of .* by neighbourhood \(LSOA\),/ })
          .count(),
      ).resolves.toBe(1);
      const lsoaAreas = await page
        .locator(`#diabetes_prevalence-lsoa-map svg path[data-code]`)
        .count();
      expect(lsoaAreas).toBeGreaterThan(10);
      const body = (await page.textContent("body")) ?? "";
      expect(body).toMatch(/\d+ of \d+ places (is|are) /);
      expect(body).toContain("Compared with");
      expect(body).toContain("in five equal intervals of the published values");
      expect(body).toContain("No England comparator loaded");
      expect(body).toContain("openics import benchmarks");
      await page.context().close();
      const withJs = await visit(`/ics/${ICS}/health/diabetes_prevalence`);
      await checkAccessibility(withJs.page);
    });

    it("never shows a number for a suppressed LSOA on the map or in its table", async () => {
      const { page } = await visit(`/ics/${ICS}/health/copd_prevalence`, "off");
      const titles = await page
        .locator("#copd_prevalence-lsoa-map svg path[data-code] title")
        .allTextContents();
      // Each cell starts with its column heading (shown on small screens): compare the ends.
      const column = async (n: number) =>
        (
          await page
            .locator(
              `#copd_prevalence-lsoa-map table tbody tr td:nth-child(${n})`,
            )
            .allTextContents()
        ).map((t) => t.replace(/\s+/g, " ").trim());
      const [codes, values, intervals, numerators, compared] =
        await Promise.all([2, 3, 4, 5, 7].map(column));
      const suppressed = (values ?? []).flatMap((v, i) =>
        v.endsWith(" suppressed") ? [i] : [],
      );
      expect(suppressed.length).toBeGreaterThan(0);
      for (const i of suppressed) {
        expect(intervals?.[i]).toMatch(/ not published$/);
        expect(numerators?.[i]).toBe("Numerator *");
        expect(compared?.[i]).toMatch(/ Not compared$/);
      }
      const suppressedCodes = new Set(
        suppressed.map((i) => codes?.[i]?.replace(/^Code /, "")),
      );
      const onMap = titles.filter((t) =>
        suppressedCodes.has(/\((E\d+)\)/.exec(t)?.[1]),
      );
      expect(onMap.length).toBeGreaterThan(0);
      for (const t of onMap) expect(t).toMatch(/: suppressed$/);
    });

    it("shows England's value and trend once benchmarks are loaded, with no accessibility violations", async () => {
      // The fixture is written by hand in the Fingertips layout; its values are made up.
      const loaded = await populationHealthService.importBenchmarks(
        db,
        SYSTEM_ACTOR,
        fileURLToPath(
          new URL(
            "../packages/server/src/population-health/test-data/fingertips-benchmarks.csv",
            import.meta.url,
          ),
        ),
      );
      expect(loaded.ok).toBe(true);
      const { page } = await visit(`/ics/${ICS}/health/diabetes_prevalence`);
      const body = (await page.textContent("body")) ?? "";
      expect(body).toContain("England: 8.0 % in 2024/25");
      await expect(
        page
          .getByRole("table", { name: /compares with other areas/ })
          .textContent(),
      ).resolves.toContain("Demo comparator region (E40000012)");
      expect(body).toMatch(
        /is (significantly (better|worse) than|similar to) England/,
      );
      await expect(
        page.getByRole("img", { name: /over time, .* and England$/ }).count(),
      ).resolves.toBe(1);
      await checkAccessibility(page);
    });

    it("answers an unknown indicator with a page that says so", async () => {
      const { status } = await visit(`/ics/${ICS}/health/no_such_thing`);
      expect(status).toBe(404);
    });
  },
);
