import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runOpenics as openics } from "./testing";
import { demoFacts, refdataFolder } from "@openics/testkit";

describe("the openics command", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "openics-cli-"));

  it("counts nothing on a new database", async () => {
    const result = await openics(dataDir, [
      "summary",
      "--json",
      "--as-at",
      "2025-01-01",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      as_at: "2025-01-01",
      ics: null,
      icbs: 0,
      practices: 0,
      population: 0,
    });
  });

  it("answers a bad date with one line and a non-zero exit", async () => {
    const result = await openics(dataDir, [
      "summary",
      "--json",
      "--as-at",
      "1st May",
    ]);
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("openics:")),
    ).toEqual(["openics: --as-at 1st May: expected a date as YYYY-MM-DD"]);
  });

  it(
    "loads the demo and summarises it as its generator describes it",
    async () => {
      expect((await openics(dataDir, ["demo"])).code).toBe(0);
      const result = await openics(dataDir, [
        "summary",
        "--json",
        "--ics",
        "QZ9",
        "--as-at",
        "2025-06-01",
      ]);
      const facts = demoFacts({ seed: 2026 });
      expect(JSON.parse(result.stdout)).toEqual({
        as_at: "2025-06-01",
        ics: "QZ9",
        icbs: 1,
        sub_icb_locations: facts.subIcbs,
        places: facts.places,
        pcns: facts.pcns,
        practices: facts.practices,
        lsoas: facts.lsoas,
        population: facts.population,
      });
    },
    CLI_TIMEOUT_MS,
  );

  it("refuses a bad file in one line and writes nothing", async () => {
    const bad = join(dataDir, "bad.csv");
    writeFileSync(
      bad,
      "practice_code,practice_name,status_code,prescribing_setting,commissioner_code,join_parent_date\nNOT-A-CODE,X,A,4,01F,20200101\n",
    );
    const result = await openics(dataDir, ["import", "geography", bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /openics: nothing was imported: bad\.csv, line 2, field practice_code: expected a GP practice ODS code/,
    );
  });

  it("adds a user with the password from standard input", async () => {
    const result = await openics(
      dataDir,
      [
        "user",
        "add",
        "--email",
        "chair@example.org",
        "--name",
        "Chair",
        "--password-stdin",
      ],
      "a long enough passphrase\n",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Added chair@example.org as administrator/);
  });

  it("exports an ICS's public tables as CSV", async () => {
    const out = mkdtempSync(join(tmpdir(), "openics-export-"));
    const result = await openics(dataDir, [
      "export",
      "--ics",
      "QZ9",
      "--as-at",
      "2025-06-01",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toContain("QZ9-places-2025-06-01.csv");
    expect(
      readFileSync(join(out, "QZ9-places-2025-06-01.csv"), "utf8").split(
        "\r\n",
      )[0],
    ).toMatch(/^utla_gss,name,/);
  });

  const finance = refdataFolder("finance");
  it.skipIf(finance.path === null)(
    "imports a year of allocations and prints ICB need indices as CSV",
    async () => {
      const file =
        "files" in finance
          ? finance.files.find((f) =>
              f.endsWith("practice_weighted_population_2024_25.csv"),
            )
          : undefined;
      if (!file)
        throw new Error(
          "the 2024-25 weighted population file is missing from the reference data",
        );
      expect(
        (await openics(dataDir, ["import", "allocations", file])).code,
      ).toBe(0);
      const result = await openics(dataDir, [
        "finance",
        "need-index",
        "--year",
        "2024-25",
        "--by",
        "icb",
        "--format",
        "csv",
      ]);
      const [header, ...rows] = result.stdout.trim().split(/\r?\n/);
      expect(header).toBe(
        "icb_code,la_code,registered_pop,weighted_pop,need_index",
      );
      expect(rows).toHaveLength(42);
      expect(rows.every((r) => r.split(",")[1] === "")).toBe(true);
    },
  );
});
