import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../context";
import { registerMethodsPages } from "./methods-pages";

describe("the published segmentation and risk rules", () => {
  it("lists every segment rule and every scoring rule that the code applies", async () => {
    const app = new Hono<AppEnv>();
    registerMethodsPages(app);
    const res = await app.request("/population-health/methods");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Short period of decline before dying");
    expect(html).toContain("on a palliative or end-of-life care register");
    expect(html).toContain("2 per admission, at most 6");
    expect(html).toContain("12 or more");
    expect(html).toContain("nhsuk-table");
  });
});
