// The browser harness checks itself on small static pages served from this process.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  checkAccessibility,
  launchBrowser,
  newPage,
  newPageWithoutJavaScript,
} from "./browser";

function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${title}</title></head>
  <body><main><h1>${title}</h1>${body}</main></body>
</html>`;
}

const pages: Record<string, string> = {
  "/accessible": htmlPage(
    "Board meetings",
    '<p>Papers for the next meeting.</p><img src="/map.svg" alt="Map of the three places">',
  ),
  "/image-without-alt": htmlPage("Place boundaries", '<img src="/map.svg">'),
  "/inline-script": htmlPage(
    "Spend over £25,000",
    '<p id="status">rendered on the server</p>' +
      '<script>document.getElementById("status").textContent = "changed by script";</script>',
  ),
  "/map.svg":
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
};

describe.skipIf(!browserAvailable())("browser test harness", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = pages[request.url ?? ""];
      if (body === undefined) {
        response.writeHead(404).end();
        return;
      }
      const type = request.url?.endsWith(".svg")
        ? "image/svg+xml"
        : "text/html; charset=utf-8";
      response.writeHead(200, { "content-type": type }).end(body);
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  let page: Page | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  async function visit(
    path: string,
    javaScript: "on" | "off" = "on",
  ): Promise<Page> {
    page =
      javaScript === "on"
        ? await newPage(browser)
        : await newPageWithoutJavaScript(browser);
    await page.goto(`${origin}${path}`);
    return page;
  }

  it("passes an accessible page", async () => {
    await expect(
      checkAccessibility(await visit("/accessible")),
    ).resolves.toBeUndefined();
  });

  it("lists an image without alt text as a violation", async () => {
    await expect(
      checkAccessibility(await visit("/image-without-alt")),
    ).rejects.toThrow(/image-alt[\s\S]*at img/);
  });

  it("runs inline scripts in an ordinary page", async () => {
    const scripted = await visit("/inline-script");
    expect(await scripted.locator("#status").textContent()).toBe(
      "changed by script",
    );
  });

  it("does not run inline scripts in a page without JavaScript", async () => {
    const unscripted = await visit("/inline-script", "off");
    expect(await unscripted.locator("#status").textContent()).toBe(
      "rendered on the server",
    );
  });

  it("refuses to run axe in a page without JavaScript instead of hanging", async () => {
    await expect(
      checkAccessibility(await visit("/accessible", "off")),
    ).rejects.toThrow("axe cannot run in a page without JavaScript");
  });
});
