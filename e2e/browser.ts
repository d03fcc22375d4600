// Browser tests drive the machine's own Chromium (Debian's `chromium` package) through
// playwright-core and check pages with axe-core: see docs/decisions/0003-browser-tests.md.
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AxeBuilder } from "@axe-core/playwright";
import axe, { type UnlabelledFrameSelector } from "axe-core";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "playwright-core";

/** WCAG 2.2 AA, as axe tags it: every level-A and level-AA rule up to 2.2. */
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumPath(): string {
  return process.env["OPENICS_CHROMIUM"] ?? "/usr/bin/chromium";
}

let skipNoticeShown = false;

/**
 * Whether Chromium is installed, for `describe.skipIf(!browserAvailable())`.
 * Under CI=true a missing Chromium is an error, never a silent skip.
 */
export function browserAvailable(): boolean {
  const path = chromiumPath();
  if (existsSync(path)) return true;
  const why = `Chromium not found at ${path}: install Debian's chromium package or set OPENICS_CHROMIUM.`;
  if (process.env["CI"] === "true") {
    throw new Error(`CI must run the browser tests. ${why}`);
  }
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    process.stderr.write(`openics e2e: browser tests skipped. ${why}\n`);
  }
  return false;
}

/** A headless Chromium; Playwright gives each launch its own temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
}

/**
 * A page in its own context, closed with it. axe needs the page's context to itself (it
 * finishes its run in a second page there), so pages from `browser.newPage()` will not do.
 */
export async function newPage(browser: Browser): Promise<Page> {
  return pageInOwnContext(await browser.newContext());
}

/** A page in its own context with JavaScript turned off, to check pages work without it. */
export async function newPageWithoutJavaScript(
  browser: Browser,
): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  withoutJavaScript.add(context);
  return pageInOwnContext(context);
}

async function pageInOwnContext(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // Closing the page closes its context too. The browser may already be going away (afterAll
  // closes it), in which case the context is gone with it and there is nothing left to close.
  page.once("close", () => {
    context.close().catch(() => undefined);
  });
  return page;
}

// With JavaScript off, Chromium runs no timers, so axe would wait for ever.
const withoutJavaScript = new WeakSet<BrowserContext>();

/** Runs axe (WCAG 2.2 AA) on a page from `newPage` and throws with every violation it finds. */
export async function checkAccessibility(page: Page): Promise<void> {
  if (withoutJavaScript.has(page.context())) {
    throw new Error(
      "axe cannot run in a page without JavaScript: check accessibility in a page from newPage(), and use newPageWithoutJavaScript() to check the page still works without it.",
    );
  }
  const results = await new AxeBuilder({ page, axeSource: axe.source })
    .withTags(WCAG_22_AA)
    .analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.flatMap((violation) => [
    `- ${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}`,
    `  ${violation.helpUrl}`,
    ...violation.nodes.map((node) => `  at ${describeTarget(node.target)}`),
  ]);
  throw new Error(
    `${page.url()} has ${results.violations.length} accessibility violation(s):\n${lines.join("\n")}`,
  );
}

/** axe's target: one selector per frame, outermost first, each a list across shadow roots. */
function describeTarget(target: UnlabelledFrameSelector): string {
  return [...target]
    .reverse()
    .map((selector) =>
      Array.isArray(selector) ? selector.join(" >>> ") : selector,
    )
    .join(" in frame ");
}

/** Serves an app on a free local port for a browser to visit; close() stops it. */
export function listen(app: {
  readonly fetch: Parameters<typeof serve>[0]["fetch"];
}): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: 0, hostname: "127.0.0.1" },
      (info: AddressInfo) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise((done) =>
              server.close(() => {
                done();
              }),
            ),
        });
      },
    );
  });
}
