import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { populationHealth as ph, SYSTEM_ACTOR } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import {
  DEMO_AGREEMENT_ID,
  describeEachDatabase,
  generateDemoIcs,
  loadDemoPopulationHealth,
} from "@openics/testkit";
import { createApp } from "../app";
import { addUser, signIn } from "../accounts/service";
import { importGeography } from "../structure/importer";
import { releasedMeasureOf, runMeasure } from "./measures-service";
import { listQueryLog, sha256 } from "./registers-service";

const DEMO = { seed: 5, scale: 0.05 };
const NEW = "/staff/ics/QZ9/health/measures/new";

const GOOD = {
  title: "Diabetes among people aged 40 and over",
  purpose: "population health management",
  agreement_id: DEMO_AGREEMENT_ID,
  rule: "nhs_hes_ecds_subnational",
  index_date: "2025-03-31",
  age_from: "40",
  age_to: "",
  numerator: "has_code",
  codelist: "diabetes",
  event_from: "",
  event_to: "",
  aggregation: "proportion",
  per: "",
  denominator: "people",
};

describeEachDatabase(
  "defining and running a measure in the browser",
  (open) => {
    let db: Database;
    let dir: string;
    let app: ReturnType<typeof createApp>;
    let officer = { cookie: "", csrf: "" };

    beforeAll(async () => {
      db = await open();
      await migrateAll(db);
      const files = generateDemoIcs(DEMO).map((f) => ({
        path: f.name,
        bytes: Buffer.from(f.contents),
      }));
      const loaded = await importGeography(db, SYSTEM_ACTOR, files);
      if (!loaded.ok) throw new Error(loaded.message);
      dir = mkdtempSync(join(tmpdir(), "openics-ph-measure-"));
      await loadDemoPopulationHealth(db, dir, { ...DEMO, fraction: 0.05 });
      const password = "a long enough passphrase";
      await addUser(db, SYSTEM_ACTOR, {
        email: "analyst@example.org",
        name: "Analyst",
        role: "officer",
        ics: "QZ9",
        password,
      });
      const session = await signIn(db, "analyst@example.org", password);
      if (!session.ok) throw new Error(session.error.message);
      officer = {
        cookie: `openics_session=${session.value.token}`,
        csrf: session.value.csrfToken,
      };
      app = createApp(db, { log: () => undefined });
    });
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const get = async (path: string, cookie = officer.cookie) => {
      const res = await app.request(path, { headers: { cookie } });
      return { res, html: await res.text() };
    };
    const post = async (
      fields: Record<string, string>,
      lists: [string, string][] = [],
    ) => {
      const body = new URLSearchParams({ _csrf: officer.csrf, ...fields });
      for (const [k, v] of lists) body.append(k, v);
      const res = await app.request(NEW, {
        method: "POST",
        headers: {
          cookie: officer.cookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: body.toString(),
      });
      return { res, html: await res.text() };
    };
    const logged = async () => {
      const log = await listQueryLog(db, "QZ9");
      if (!log.ok) throw new Error(log.error.message);
      return log.value.entries;
    };

    it("asks a member of the public to sign in", async () => {
      const { res } = await get(NEW, "");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toContain("/login");
    });

    it("shows the form with the agreements on the register", async () => {
      const { res, html } = await get(NEW);
      expect(res.status).toBe(200);
      expect(html).toContain(DEMO_AGREEMENT_ID);
      expect(html).toContain('name="definition_json"');
    });

    it("runs a good definition, logs it with its purpose, hash and agreement, and shows only released counts", async () => {
      const before = (await logged()).length;
      const { res } = await post({ ...GOOD, action: "run" }, [
        ["breakdowns", "sex"],
        ["breakdowns", "imd_quintile"],
      ]);
      expect(res.status).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location).toMatch(/^\/staff\/ics\/QZ9\/health\/measures\/\d+$/);
      const entries = await logged();
      expect(entries).toHaveLength(before + 1);
      const entry = entries.find((e) => location.endsWith(`/${e.query_id}`));
      expect(entry?.purpose).toBe("population health management");
      expect(entry?.agreement_id).toBe(DEMO_AGREEMENT_ID);
      expect(entry?.disclosure_rule).toBe("nhs_hes_ecds_subnational");
      expect(entry?.definition_sha256).toBe(
        sha256(ph.canonicalJson(entry?.definition)),
      );
      const definition = entry?.definition as ph.PopulationQuery;
      expect(definition.population.ageFrom).toBe(40);
      expect(definition.breakdowns).toEqual([[], ["sex"], ["imd_quintile"]]);
      // Scoped to the ICS's practices, as run.
      expect(definition.population.practices?.length).toBeGreaterThan(0);
      const released = releasedMeasureOf(entry?.outputs);
      expect(released?.title).toBe(GOOD.title);
      const cells = released?.measures[0]?.cells ?? [];
      expect(cells.length).toBeGreaterThan(3);
      for (const c of cells)
        for (const v of [c.numerator, c.denominator])
          if (v !== null && v !== "*")
            expect(
              Number(v) === 0 || (Number(v) % 5 === 0 && Number(v) >= 10),
            ).toBe(true);

      const { res: page, html } = await get(location);
      expect(page.status).toBe(200);
      expect(html).toContain(GOOD.title);
      expect(html).toContain("95% confidence interval");
      expect(html).toContain("<svg");
      expect(html).toContain(
        `/ics/QZ9/query-log#query-${String(entry?.query_id)}`,
      );
      expect(html).toContain(entry?.definition_sha256 ?? "missing");
      const overall = cells.find((c) => c.breakdown.length === 0);
      expect(html).toMatch(
        new RegExp(`>\\s*${overall?.denominator ?? "missing"}\\s*<`),
      );

      const { res: csv, html: text } = await get(`${location}?format=csv`);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      expect(text.split("\r\n")[0]).toBe(
        "measure,breakdown,group,numerator,denominator,value,lower_95,upper_95,method,secondary_suppression,disclosure_rule",
      );
      expect(text.trim().split("\r\n")).toHaveLength(cells.length + 1);
    });

    it("runs the same definition pasted as JSON to the same hash", async () => {
      const first = (await logged())
        .filter((e) => releasedMeasureOf(e.outputs) !== null)
        .sort((a, b) => b.query_id - a.query_id)[0];
      expect(first).toBeDefined();
      const { res } = await post({
        ...GOOD,
        action: "run_json",
        definition_json: JSON.stringify(first?.definition),
      });
      expect(res.status).toBe(303);
      const again = (await logged()).sort((a, b) => b.query_id - a.query_id)[0];
      expect(again?.query_id).not.toBe(first?.query_id);
      expect(again?.definition_sha256).toBe(first?.definition_sha256);
    });

    it("gives the CLI's run on the whole store the same released counts, with lookups from the structure queries", async () => {
      const first = (await logged())
        .filter((e) => releasedMeasureOf(e.outputs) !== null)
        .sort((a, b) => a.query_id - b.query_id)[0];
      const cli = await runMeasure(db, first?.definition);
      if (!cli.ok) throw new Error(JSON.stringify(cli.error));
      const cells = cli.value.measures[0]?.cells ?? [];
      expect(
        cells.some(
          (c) =>
            c.breakdown[0] === "imd_quintile" && c.group.imd_quintile === 1,
        ),
      ).toBe(true);
      expect(cells).toEqual(
        releasedMeasureOf(first?.outputs)?.measures[0]?.cells,
      );
    });

    it("shows the form's definition as JSON without running it", async () => {
      const before = (await logged()).length;
      const { res, html } = await post({ ...GOOD, action: "show_json" });
      expect(res.status).toBe(200);
      expect(html).toContain("&quot;indexDate&quot;: &quot;2025-03-31&quot;");
      expect(await logged()).toHaveLength(before);
    });

    it("refuses a bad definition with errors beside the fields, keeps what was typed and logs nothing", async () => {
      const before = (await logged()).length;
      const { res, html } = await post({
        ...GOOD,
        index_date: "31/03/2025",
        codelist: "",
        age_from: "sixty",
        action: "run",
      });
      expect(res.status).toBe(400);
      expect(html).toContain("There is a problem");
      expect(html).toContain('href="#index_date"');
      expect(html).toContain('href="#codelist"');
      expect(html).toContain('href="#age_from"');
      expect(html).toContain('value="31/03/2025"');
      expect(html).toContain('value="sixty"');
      expect(html).toContain(`value="${GOOD.title}"`);
      expect(await logged()).toHaveLength(before);

      const json = await post({
        ...GOOD,
        action: "run_json",
        definition_json: JSON.stringify({
          population: { indexDate: "2025-03-31" },
          measures: [
            {
              id: "x",
              aggregation: "rate",
              numerator: { persons: { op: "true", variable: "nope" } },
            },
          ],
        }),
      });
      expect(json.res.status).toBe(422);
      expect(json.html).toContain('href="#definition_json"');
      expect(json.html).toContain("unknown variable &#39;nope&#39;");
      expect(await logged()).toHaveLength(before);
    });

    it("refuses a run no agreement covers, and logs nothing", async () => {
      const before = (await logged()).length;
      const research = await post({
        ...GOOD,
        purpose: "research",
        action: "run",
      });
      expect(research.res.status).toBe(403);
      expect(research.html).toContain('href="#agreement_id"');
      expect(research.html).toContain("does not allow research");
      const unknown = await post({
        ...GOOD,
        agreement_id: "NOT-ON-REGISTER",
        action: "run",
      });
      expect(unknown.res.status).toBe(403);
      expect(unknown.html).toContain("not on QZ9");
      expect(await logged()).toHaveLength(before);
    });

    it("answers 404 for a query-log entry that is not a measure run", async () => {
      const indicators = (await logged()).find(
        (e) => releasedMeasureOf(e.outputs) === null,
      );
      const { res } = await get(
        `/staff/ics/QZ9/health/measures/${String(indicators?.query_id)}`,
      );
      expect(res.status).toBe(404);
    });
  },
);
