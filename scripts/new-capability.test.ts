import { mkdtempSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCapability } from "./new-capability";

describe("new:capability", () => {
  it("writes every room of the module shape and registers the manifest", () => {
    const root = mkdtempSync(join(tmpdir(), "openics-cap-"));
    mkdirSync(join(root, "packages/server/src"), { recursive: true });
    writeFileSync(
      join(root, "packages/server/src/manifests.ts"),
      readFileSync("packages/server/src/manifests.ts", "utf8"),
    );
    const files = writeCapability(root, "workforce");
    for (const room of [
      "core/src/workforce/model.ts",
      "core/src/workforce/permissions.test.ts",
      "db/src/workforce/repository.ts",
      "server/src/workforce/manifest.ts",
      "cli/src/workforce.ts",
    ]) {
      expect(files).toContain(`packages/${room}`);
    }
    expect(
      readFileSync(join(root, "packages/server/src/manifests.ts"), "utf8"),
    ).toMatch(/workforceManifest\];/);
  });

  it("refuses a name that is not lower-case words", () => {
    expect(() => writeCapability(tmpdir(), "Bad Name")).toThrow(
      /not a capability name/,
    );
  });
});
