import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_ACTOR, SYSTEM_ACTOR, type Actor } from "@openics/core";
import { migrateAll, type Database } from "@openics/db";
import { describeEachDatabase } from "@openics/testkit";
import {
  getCodelist,
  importCodelist,
  listAgreements,
  listQueryLog,
  logQuery,
  publishAgreement,
  sha256,
} from "./registers-service";

const agreement = {
  agreement_id: "DSA-2025-01",
  title: "Population health analytics for the ICS",
  organisation: "QZ9",
  data_scope: ["patients", "registrations", "events"],
  purposes: ["population health management", "health inequalities"],
  legal_basis_article_6: "6(1)(e) public task",
  legal_basis_article_9: "9(2)(h) health or social care",
  common_law_basis: "section 251 support (COPI Regulations 2002, regulation 3)",
  processors: [{ name: "ICB analytics team", role: "analysis" }],
  valid_from: "2025-04-01",
  valid_until: "2026-03-31",
};

const run = {
  icsCode: "QZ9",
  runBy: "analyst-1",
  organisation: "QZ9",
  runAt: "2025-10-01T09:30:00Z",
  purpose: "health inequalities",
  data: ["patients", "events"] as ("patients" | "events")[],
  definition: {
    measure: "prevalence",
    codelist: { slug: "hyp", version: "1" },
  },
  outputs: { aggregates: ["hypertension-by-imd-quintile"] },
  disclosureRule: "nhs-england-small-numbers",
};

describeEachDatabase("population-health registers", (open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await migrateAll(db);
  });
  afterAll(() => db.close());

  it("imports a codelist version once, with its source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openics-codelist-"));
    const path = join(dir, "hyp.csv");
    writeFileSync(
      path,
      "code,term,extra\n38341003,Hypertensive disorder,x\n1201005,Benign essential hypertension,\n",
    );
    const input = {
      path,
      slug: "opensafely/hypertension",
      version: "2020-04-28",
      source: "https://www.opencodelists.org/",
    };
    const first = await importCodelist(db, SYSTEM_ACTOR, input);
    expect(first.ok && first.value).toEqual({
      slug: input.slug,
      version: input.version,
      codes: 2,
      added: true,
    });
    const again = await importCodelist(db, SYSTEM_ACTOR, input);
    expect(again.ok && again.value.added).toBe(false);
    const got = await getCodelist(db, input.slug, input.version);
    expect(got.ok && got.value).toMatchObject({
      source: input.source,
      codes: 2,
      entries: [{ code: "1201005" }, { code: "38341003" }],
    });
    const missing = await getCodelist(db, input.slug, "1999");
    expect(!missing.ok && missing.error.code).toBe("not_found");
    writeFileSync(path, "code,term\n1,a\n1,b\n");
    const dup = await importCodelist(db, SYSTEM_ACTOR, {
      ...input,
      version: "2",
    });
    expect(!dup.ok && dup.error.problems?.[0]).toMatchObject({
      file: "hyp.csv",
      line: 3,
      field: "code",
    });
  });

  it("publishes agreements, never with commercial use", async () => {
    const officer: Actor = { id: "o", role: "officer", icsCode: "QZ9" };
    expect(
      (await publishAgreement(db, PUBLIC_ACTOR, "QZ9", agreement)).ok,
    ).toBe(false);
    const other: Actor = { id: "x", role: "officer", icsCode: "QZ8" };
    const wrongIcs = await publishAgreement(db, other, "QZ9", agreement);
    expect(!wrongIcs.ok && wrongIcs.error.code).toBe("forbidden");
    const commercial = await publishAgreement(db, officer, "QZ9", {
      ...agreement,
      commercial_use: "permitted",
    });
    expect(!commercial.ok && commercial.error.message).toMatch(
      /commercial use is never permitted/,
    );
    const published = await publishAgreement(db, officer, "qz9", agreement);
    expect(published.ok).toBe(true);
    await expect(
      db.query("update ph_sharing_agreement set commercial_use = 'permitted'"),
    ).rejects.toThrow();
    const list = await listAgreements(db, "QZ9");
    expect(list.ok && list.value.agreements).toEqual([
      { ...agreement, ics_code: "QZ9", commercial_use: "not permitted" },
    ]);
  });

  it("logs a covered query with its definition and hash, and refuses one outside every agreement", async () => {
    const logged = await db.transaction((tx) => logQuery(tx, run));
    expect(logged.ok).toBe(true);
    if (!logged.ok) return;
    expect(logged.value.agreement_id).toBe("DSA-2025-01");
    expect(logged.value.definition_sha256).toBe(
      sha256(
        '{"codelist":{"slug":"hyp","version":"1"},"measure":"prevalence"}',
      ),
    );
    const refused = await db.transaction((tx) =>
      logQuery(tx, { ...run, purpose: "research" }),
    );
    expect(!refused.ok && refused.error.code).toBe("no_agreement");
    const late = await db.transaction((tx) =>
      logQuery(tx, { ...run, runAt: "2026-04-01T00:00:00Z" }),
    );
    expect(!late.ok && late.error.message).toMatch(
      /in force from 2025-04-01 to 2026-03-31/,
    );
    const log = await listQueryLog(db, "QZ9");
    expect(log.ok && log.value.entries).toEqual([
      {
        query_id: logged.value.query_id,
        ics_code: "QZ9",
        run_by: "analyst-1",
        organisation: "QZ9",
        run_at: "2025-10-01T09:30:00.000Z",
        purpose: "health inequalities",
        agreement_id: "DSA-2025-01",
        definition: run.definition,
        definition_sha256: logged.value.definition_sha256,
        outputs: run.outputs,
        disclosure_rule: "nhs-england-small-numbers",
      },
    ]);
  });
});
