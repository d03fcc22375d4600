import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../context";
import { registerAssets } from "./assets";
import { barChart } from "./chart";
import { toCsv } from "./csv";
import { paginate } from "./figure";
import { formatDate, render } from "./render";

describe("toCsv", () => {
  it("writes a header row and RFC 4180 quoting with CRLF line ends", () => {
    const csv = toCsv(
      [
        { name: 'The "Old" Surgery, Harbour', n: 3, note: null },
        { name: "Line\nbreak", n: 0, note: "=SUM(A1)" },
      ],
      [
        { header: "name", value: (r) => r.name },
        { header: "n", value: (r) => r.n },
        { header: "note", value: (r) => r.note },
      ],
    );
    expect(csv).toBe(
      'name,n,note\r\n"The ""Old"" Surgery, Harbour",3,\r\n"Line\nbreak",0,\'=SUM(A1)\r\n',
    );
  });

  it("writes only the header for no rows", () => {
    expect(toCsv([], [{ header: "code", value: () => "" }])).toBe("code\r\n");
  });
});

describe("barChart", () => {
  it("draws one bar per value with a title each, as an image with a name", () => {
    const drawing = barChart({
      id: "pop",
      title: "Population by place",
      description: "Three places.",
      bars: [
        { label: "Port Demo", value: 200 },
        { label: "Saltby", value: 100 },
        {
          label:
            "A very long place name that will not fit in the label column at all",
          value: 0,
        },
      ],
    });
    if (drawing.status !== "drawn") throw new Error("not drawn");
    expect(drawing.svg).toMatch(/role="img"[^>]*aria-labelledby="pop-title"/);
    expect([...drawing.svg.matchAll(/<rect /g)]).toHaveLength(3);
    expect(drawing.svg).toContain("<title>Saltby: 100</title>");
    expect(drawing.svg).toContain("…</text>");
  });

  it("says so when there is nothing to chart", () => {
    expect(
      barChart({ id: "x", title: "t", description: "d", bars: [] }),
    ).toEqual({ status: "empty", message: "No data to chart." });
  });
});

describe("paginate", () => {
  it("gives the rows of a page and links with ellipses for gaps", () => {
    const rows = Array.from({ length: 950 }, (_, i) => i);
    const page = paginate(rows, 5, 100, (n) => `?page=${n}`);
    expect(page.rows[0]).toBe(400);
    expect(page.pages).toBe(10);
    expect(page.pagination?.items).toEqual([
      { number: "1", href: "?page=1", current: false },
      { ellipsis: true },
      { number: "4", href: "?page=4", current: false },
      { number: "5", href: "?page=5", current: true },
      { number: "6", href: "?page=6", current: false },
      { ellipsis: true },
      { number: "10", href: "?page=10", current: false },
    ]);
    expect(paginate(rows.slice(0, 10), 1, 100, String).pagination).toBeNull();
  });
});

describe("render", () => {
  it("formats dates the NHS way", () => {
    expect(formatDate("2026-04-01")).toBe("1 April 2026");
  });

  it("renders the layout with nhsuk-frontend's header, a sign-out form carrying the CSRF token, and escapes", () => {
    const html = render("error.njk", {
      title: "Not <found>",
      paragraphs: ["Try again & again."],
      links: [],
      page: { user: { name: "Ada" }, csrfToken: "tok123", path: "/x" },
      synthetic: true,
    });
    expect(html).toContain('class="nhsuk-header"');
    expect(html).toContain('<main class="nhsuk-main-wrapper" id="maincontent"');
    expect(html).toMatch(
      /<form class="nhsuk-header__account-form" action="\/logout" method="post"[^>]*><input type="hidden" name="_csrf" value="tok123">/,
    );
    expect(html).toContain("Sign out Ada");
    expect(html).toContain("Not &lt;found&gt;");
    expect(html).toContain("Try again &amp; again.");
    expect(html).toContain("Synthetic data: this ICS is fictional");
  });

  it("renders the sign-in page with its error summary, fields and hidden token", () => {
    const html = render("login.njk", {
      csrfToken: "tok",
      email: "a@b.nhs.uk",
      error: "Enter a correct email address and password",
      next: "/ics/QZ9",
    });
    expect(html).toContain("<title>Error: Sign in – OpenICS</title>");
    expect(html).toContain('class="nhsuk-error-summary"');
    expect(html).toContain('href="#email"');
    expect(html).toMatch(
      /<input[^>]*id="email"[^>]*name="email"[^>]*type="email"[^>]*value="a@b.nhs.uk"/,
    );
    expect(html).toMatch(/<input[^>]*id="password"[^>]*type="password"/);
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok">');
    expect(html).toContain(
      '<input type="hidden" name="next" value="/ics/QZ9">',
    );
    expect(html).toContain("Sign in");
  });
});

describe("registerAssets", () => {
  const app = new Hono<AppEnv>();
  registerAssets(app);

  it("serves nhsuk-frontend's CSS with its icons under our prefix, cached for a year", async () => {
    const res = await app.request(
      "/assets/nhsuk/nhsuk-frontend-10.6.1.min.css",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("immutable");
    const css = await res.text();
    expect(css).toContain("url(/assets/nhsuk/assets/images/");
    expect(css).not.toMatch(/url\(\/assets\/images/);
    const again = await app.request(
      "/assets/nhsuk/nhsuk-frontend-10.6.1.min.css",
      { headers: { "if-none-match": res.headers.get("etag") ?? "" } },
    );
    expect(again.status).toBe(304);
  });

  it("serves images, the JS and the portal's own files", async () => {
    expect(
      (
        await app.request("/assets/nhsuk/assets/images/favicon.svg")
      ).headers.get("content-type"),
    ).toBe("image/svg+xml");
    expect(
      (await app.request("/assets/nhsuk/nhsuk-frontend.min.js")).headers.get(
        "content-type",
      ),
    ).toBe("text/javascript; charset=utf-8");
    expect((await app.request("/assets/openics/openics.css")).status).toBe(200);
    const script = await app.request("/assets/openics/openics.js");
    expect(script.headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    await expect(script.text()).resolves.toContain("initAll()");
  });

  it("refuses paths that leave the folder or name other kinds of file", async () => {
    for (const path of [
      "/assets/nhsuk/../../package.json",
      "/assets/nhsuk/%2e%2e/%2e%2e/package.json",
      "/assets/nhsuk/index.scss",
      "/assets/nhsuk/missing.css",
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
