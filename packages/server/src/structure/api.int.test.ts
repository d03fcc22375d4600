import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase, generateDemoIcs } from "@openics/testkit";
import { createApp } from "../app";
import { importGeography } from "./importer";

describeEachDatabase("structure API", (open) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(path, { headers });

  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
    const files = generateDemoIcs({ seed: 11, scale: 0.05 }).map((f) => ({
      path: f.name,
      bytes: Buffer.from(f.contents),
    }));
    const result = await importGeography(db, SYSTEM_ACTOR, files);
    if (!result.ok) throw new Error(result.message);
    app = createApp(db, { log: () => undefined });
  });
  afterAll(async () => {
    await db.close();
  });

  it("publishes an OpenAPI 3.1 document listing the structure routes", async () => {
    const doc = (await (await get("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/ics",
        "/api/summary",
        "/api/ics/{code}",
        "/api/ics/{code}/{table}",
        "/api/practices/{code}",
      ]),
    );
  });

  it("lists the demo ICS, labelled synthetic", async () => {
    const body = (await (await get("/api/ics?as_at=2025-01-01")).json()) as {
      ics: { ods_code: string; synthetic: boolean }[];
    };
    expect(body.ics).toContainEqual(
      expect.objectContaining({ ods_code: "QZ9", synthetic: true }),
    );
  });

  it("summarises one ICS", async () => {
    const res = await get("/api/summary?ics=QZ9&as_at=2025-01-01");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ics: "QZ9", icbs: 1, places: 5 });
  });

  it("leaves the synthetic demo out of England's figures", async () => {
    expect(
      await (await get("/api/summary?as_at=2025-01-01")).json(),
    ).toMatchObject({ ics: null, icbs: 0, population: 0 });
  });

  it("answers an unknown ICS with a 404 problem", async () => {
    const res = await get("/api/ics/QQQ");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(
      /application\/problem\+json/,
    );
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: expect.stringMatching(/No ICS has the code QQQ/) as unknown,
    });
  });

  it("answers a malformed date with a 400 problem naming the field", async () => {
    const res = await get("/api/summary?as_at=2025-02-30x");
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/as_at/);
  });

  it("downloads a table as CSV with a header row", async () => {
    const res = await get("/api/ics/QZ9/places?as_at=2025-01-01&format=csv");
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const [header, ...rows] = (await res.text()).trim().split("\r\n");
    expect(header).toMatch(/^utla_gss,name,/);
    expect(rows).toHaveLength(5);
  });

  it("serves boundaries as GeoJSON", async () => {
    const body = (await (
      await get("/api/boundaries/icb?codes=E54900001")
    ).json()) as { features: { properties: { code: string } }[] };
    expect(body.features.map((f) => f.properties.code)).toEqual(["E54900001"]);
  });

  it("refuses a form post without the CSRF token", async () => {
    const res = await app.request("/logout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(res.status).toBe(403);
  });
});
