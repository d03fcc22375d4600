import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runOpenics as openics } from "./testing";
import { refdataFolder } from "@openics/testkit";

const refdata = refdataFolder("fhir");

describe("openics import fhir", () => {
  it.skipIf(refdata.path === null)(
    "prints the resources loaded per type and the distinct patients as JSON",
    async () => {
      if (refdata.path === null) return;
      const expected = JSON.parse(
        readFileSync(join(refdata.path, "expected_counts.json"), "utf8"),
      ) as {
        resource_counts: Record<string, number>;
        patients: { distinct: number };
      };
      const dataDir = mkdtempSync(join(tmpdir(), "openics-fhir-cli-"));
      const run = await openics(dataDir, [
        "import",
        "fhir",
        refdata.path,
        "--json",
      ]);
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout) as Record<string, unknown>;
      for (const [type, n] of Object.entries(expected.resource_counts))
        expect(printed[type]).toBe(n);
      expect(printed["patients"]).toBe(expected.patients.distinct);
      expect(printed["skipped"]).toEqual({});
    },
  );

  it("names the file, line and field of a malformed line and exits 1", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "openics-fhir-cli-"));
    const path = join(dataDir, "Patient.ndjson");
    writeFileSync(
      path,
      `${JSON.stringify({ resourceType: "Patient", id: "a", birthDate: "1970" })}\n{"resourceType":\n`,
    );
    const run = await openics(dataDir, ["import", "fhir", path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nothing was imported/);
    expect(run.stderr).toMatch(
      /Patient\.ndjson, line 2, field \(line\): not valid JSON/,
    );
  });
});
