// Governance in a real browser: the demo ICS with its governance set-up, the whole app served over
// HTTP, the body and meeting pages checked with axe (WCAG 2.2 AA) and with JavaScript turned off,
// and a board secretary recording a vote and a decision through the staff forms.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, openDatabase, type Database } from "@openics/db";
import { accountsService, createApp, importGeography } from "@openics/server";
import { generateDemoIcs, loadDemoGovernance } from "@openics/testkit";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
  listen,
} from "./browser";

const BOARD = "/ics/QZ9/governance/bodies/QZ9-icb_board?as_at=2025-09-18";
const MEETING = "/ics/QZ9/governance/meetings/QZ9-icb_board-2025-09-18";
const PASSWORD = "a long enough passphrase";

describe.skipIf(!browserAvailable())("governance pages in a browser", () => {
  let db: Database;
  let server: { port: number; close: () => Promise<void> };
  let origin: string;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
    await migrateAll(db);
    const files = generateDemoIcs({ seed: 2024, scale: 0.05 }).map((f) => ({
      path: f.name,
      bytes: Buffer.from(f.contents),
    }));
    const loaded = await importGeography(db, SYSTEM_ACTOR, files);
    if (!loaded.ok) throw new Error(loaded.message);
    await loadDemoGovernance(db);
    const user = await accountsService.addUser(db, SYSTEM_ACTOR, {
      email: "secretary@example.org",
      name: "Board Secretary",
      role: "officer",
      ics: "QZ9",
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

  it("the board page shows members and rule checks, with no accessibility violations", async () => {
    const { page, status } = await visit(BOARD);
    expect(status).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe(
      "Integrated Care Board",
    );
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "a trade-union or worker member",
    );
    await checkAccessibility(page);
  });

  it("the board page reads without JavaScript, and its members download as CSV", async () => {
    const { page } = await visit(BOARD, "off");
    await expect(page.locator("h2#members").isVisible()).resolves.toBe(true);
    const href = await page.locator("a[download]").first().getAttribute("href");
    const csv = await (await fetch(`${origin}${href ?? ""}`)).text();
    expect(csv.split("\r\n")[0]).toBe(
      "person_id,name,role,voting,constituency,nominated_by,term_from,term_to",
    );
    expect(csv).toContain("Dr Priya Shah");
  });

  it("the meeting page shows who withdrew, the named votes and the withheld item, with no accessibility violations", async () => {
    const { page, status } = await visit(MEETING);
    expect(status).toBe(200);
    const main = (await page.locator("#maincontent").textContent()) ?? "";
    expect(main).toContain("Withdrew");
    expect(main).toContain("Item 4: Withheld");
    expect(main).toContain(
      "Carried by a majority of both the NHS members (3 for, 1 against) and the local government members (2 for, 0 against)",
    );
    await checkAccessibility(page);
  });

  it("the meeting page reads without JavaScript", async () => {
    const { page } = await visit(MEETING, "off");
    await expect(page.locator("h3#item-3-votes").textContent()).resolves.toBe(
      "Votes, item 3",
    );
  });

  async function signIn(page: Page, next: string) {
    await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
    await page.locator("#email").fill("secretary@example.org");
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === next);
  }

  it("the staff page for running a meeting has no accessibility violations", async () => {
    page = await newPage(browser);
    await signIn(page, `${MEETING}/manage`);
    await expect(page.locator("h1").textContent()).resolves.toContain(
      "Run the meeting",
    );
    await checkAccessibility(page);
  });

  it("the form for appointing a member has no accessibility violations", async () => {
    page = await newPage(browser);
    const form = "/ics/QZ9/governance/bodies/QZ9-icb_board/members/new";
    await signIn(page, form);
    await page.getByRole("button", { name: "Appoint member" }).click();
    await page.waitForURL((url) => url.pathname === form);
    await expect(
      page.locator(".nhsuk-error-summary").textContent(),
    ).resolves.toContain("choose a role from the list");
    await checkAccessibility(page);
  });

  it("adopting a model shows the bodies it will create before it is confirmed, with no accessibility violations", async () => {
    page = await newPage(browser);
    const form = "/ics/QZ9/governance/model/new";
    await signIn(page, form);
    await page.locator("#model").check();
    await page
      .locator("#decided_by")
      .fill("ICB board and partner councils, joint resolution");
    await page.locator("#valid_from").fill("2027-04-01");
    await page.getByRole("button", { name: "Check what it will do" }).click();
    await page.waitForURL((url) => url.pathname === form);
    const main = (await page.locator("#maincontent").textContent()) ?? "";
    expect(main).toContain("Bodies it creates");
    expect(main).toContain("ICS Statutory Committee");
    await checkAccessibility(page);
    await page.getByRole("button", { name: "Adopt the model" }).click();
    await page.waitForURL((url) => url.pathname === "/ics/QZ9/governance");
    await page.goto(`${origin}/ics/QZ9/governance?as_at=2027-05-01`);
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "Option 1: statutory committee",
    );
  });

  it("the form for editing the scheme of delegation shows its errors with no accessibility violations, and adds an entry", async () => {
    page = await newPage(browser);
    const form = "/ics/QZ9/governance/scheme/new";
    await signIn(page, form);
    await page.locator("#reference").fill("SoRD 9.1");
    await page.locator("#up_to").fill("a lot");
    await page.getByRole("button", { name: "Add the entry" }).click();
    await page.waitForURL((url) => url.pathname === form);
    const summary =
      (await page.locator(".nhsuk-error-summary").textContent()) ?? "";
    expect(summary).toContain("Enter the limit in pounds");
    expect(summary).toContain("Enter the type of decision");
    await expect(page.locator("#reference").inputValue()).resolves.toBe(
      "SoRD 9.1",
    );
    await checkAccessibility(page);
    await page.locator("#decision_type").fill("estates_disposal");
    await page.locator("#decider_body").selectOption("QZ9-finance_committee");
    await page.locator("#up_to").fill("2500000");
    await page.locator("#valid_from").fill("2025-06-01");
    await page.getByRole("button", { name: "Add the entry" }).click();
    await page.waitForURL(/\/who-decides#scheme$/);
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "Estates disposal",
    );
    await checkAccessibility(page);
  });

  it("the forms for a local membership rule and for changing a body show their errors with no accessibility violations", async () => {
    page = await newPage(browser);
    const rule = "/ics/QZ9/governance/local-rules/new";
    await signIn(page, rule);
    await page.getByRole("button", { name: "Add the rule" }).click();
    await page.waitForURL((url) => url.pathname === rule);
    await expect(
      page.locator(".nhsuk-error-summary").textContent(),
    ).resolves.toContain("Choose the kinds of body the rule applies to");
    await checkAccessibility(page);
    const change = "/ics/QZ9/governance/bodies/QZ9-audit_committee/change";
    await page.goto(`${origin}${change}`);
    await page.locator("#quorum_voting").fill("three");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.waitForURL((url) => url.pathname === change);
    await expect(
      page.locator(".nhsuk-error-summary").textContent(),
    ).resolves.toContain("as a whole number");
    await checkAccessibility(page);
  });

  it("the form for declaring an interest shows its errors with no accessibility violations, and puts the interest on the register", async () => {
    page = await newPage(browser);
    const form = "/ics/QZ9/registers/interests/new";
    await signIn(page, form);
    await page.locator("#description").fill("Paid trustee of a local charity");
    await page.getByRole("button", { name: "Declare the interest" }).click();
    await page.waitForURL((url) => url.pathname === form);
    const summary =
      (await page.locator(".nhsuk-error-summary").textContent()) ?? "";
    expect(summary).toContain("Choose who the interest is declared for");
    expect(summary).toContain("Choose the kind of interest");
    expect(summary).toContain("Enter the date the interest began");
    await expect(page.locator("#description").inputValue()).resolves.toBe(
      "Paid trustee of a local charity",
    );
    await checkAccessibility(page);
    const [organisation] = await db.query<{ code: string }>(
      "select code from organisation order by code limit 1",
    );
    const person = page.locator("#person_id option").nth(1);
    await page
      .locator("#person_id")
      .selectOption((await person.getAttribute("value")) ?? "");
    await page.locator("#type").check();
    await page.locator("#organisation_code").fill(organisation?.code ?? "");
    await page.locator("#valid_from").fill("2025-04-01");
    await page.getByRole("button", { name: "Declare the interest" }).click();
    await page.waitForURL(/\/registers\/interests#history$/);
    await expect(page.locator("#maincontent").textContent()).resolves.toContain(
      "Paid trustee of a local charity",
    );
  });

  it("the form for ending a member's term, reached from the body page, shows its errors with no accessibility violations", async () => {
    page = await newPage(browser);
    const body = "/ics/QZ9/governance/bodies/QZ9-audit_committee";
    await signIn(page, body);
    await page.locator('a[href*="/memberships/"]').first().click();
    await page.waitForURL(/\/memberships\/.+\/end$/);
    const form = new URL(page.url()).pathname;
    await page.locator("#valid_to").fill("soon");
    await page.locator("#reason").fill("Resigned");
    await page.getByRole("button", { name: "End the term" }).click();
    await page.waitForURL((url) => url.pathname === form);
    await expect(
      page.locator(".nhsuk-error-summary").textContent(),
    ).resolves.toContain("the first day they no longer sit");
    await expect(page.locator("#reason").inputValue()).resolves.toBe(
      "Resigned",
    );
    await checkAccessibility(page);
  });

  it("a board secretary records votes and a decision through the forms, without JavaScript", async () => {
    page = await newPageWithoutJavaScript(browser);
    await signIn(page, "/ics/QZ9/governance/meetings/new");
    await page.locator("#body_id").selectOption("QZ9-finance_committee");
    await page.locator("#meeting_date").fill("2025-11-04");
    await page.locator("#title").fill("Finance Committee");
    await page.getByRole("button", { name: "Create meeting" }).click();
    await page.waitForURL(/\/manage$/);
    for (const id of ["P-DADEBAYO", "P-TBECKER", "P-MLOWE", "P-OPRICE"])
      await page.locator(`#status-${id}`).check();
    await page.getByRole("button", { name: "Save attendance" }).click();
    await page.waitForURL(/#attendance-form$/);
    await page.locator("#number").fill("2");
    await page.locator("#item-title").fill("Month 7 financial position");
    await page.getByRole("button", { name: "Add item" }).click();
    await page.waitForURL(/#item-form$/);
    await page.locator("#vote-2-P-DADEBAYO").check();
    await page.locator("#vote-2-P-TBECKER").check();
    await page.locator("#vote-2-P-MLOWE-2").check();
    await page.locator("#vote-2-P-OPRICE-3").check();
    await page.getByRole("button", { name: "Record votes" }).click();
    await page.waitForURL(/#votes-2$/);
    await page
      .locator("#resolution-2")
      .fill("The committee notes the month 7 position.");
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.waitForURL(/#decision-2$/);
    await page.goto(
      `${origin}/ics/QZ9/governance/meetings/QZ9-finance_committee-2025-11-04`,
    );
    const main = (await page.locator("#maincontent").textContent()) ?? "";
    expect(main).toContain("The committee notes the month 7 position.");
    expect(main).toContain(
      "Carried by simple majority: 2 for, 1 against, 1 abstaining.",
    );
  });
});
