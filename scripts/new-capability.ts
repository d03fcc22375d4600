// npm run new:capability <name>: writes the rooms of DESIGN.md for a new capability, with a
// manifest and a first real test, so every capability starts out shaped like the others.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function capabilityFiles(name: string): Record<string, string> {
  const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  const title = name.replace(/-/g, " ");
  return {
    [`packages/core/src/${name}/model.ts`]: `import { z } from "zod";

/** The ${title} capability's schemas; types are inferred from them, never written beside them. */
export const ${camel}Note = z.object({
  ics_code: z.string().min(3, "Give the ICS (ICB ODS) code"),
  title: z.string().trim().min(1, "Give a title"),
});
export type ${camel[0]?.toUpperCase()}${camel.slice(1)}Note = z.infer<typeof ${camel}Note>;
`,
    [`packages/core/src/${name}/rules.ts`]: `/** Pure rules of ${title}: no I/O, no clock. */
export const isBlank = (text: string): boolean => text.trim().length === 0;
`,
    [`packages/core/src/${name}/errors.ts`]: `/** The closed set of ways a ${title} use case can fail. */
export const ${camel.toUpperCase()}_ERRORS = { invalid_request: "The request is not valid." } as const;
`,
    [`packages/core/src/${name}/permissions.ts`]: `import { atLeast, type Actor } from "../shared";

export type ${camel[0]?.toUpperCase()}${camel.slice(1)}Action = "read" | "write";

/** Public to read; officers of the same ICS write. */
export function can(actor: Actor, action: ${camel[0]?.toUpperCase()}${camel.slice(1)}Action, subject: { icsCode: string }): boolean {
  if (action === "read") return true;
  return atLeast(actor, "officer") && (actor.icsCode === null || actor.icsCode === subject.icsCode);
}
`,
    [`packages/core/src/${name}/index.ts`]: `export * from "./model";
export * from "./rules";
export * from "./errors";
export * from "./permissions";
`,
    [`packages/core/src/${name}/permissions.test.ts`]: `import { describe, expect, it } from "vitest";
import { PUBLIC_ACTOR } from "../shared";
import { can } from "./permissions";

describe("${title} permissions", () => {
  it("let the public read", () => {
    expect(can(PUBLIC_ACTOR, "read", { icsCode: "QZ9" })).toBe(true);
  });
  it("stop the public writing", () => {
    expect(can(PUBLIC_ACTOR, "write", { icsCode: "QZ9" })).toBe(false);
  });
  it("stop an officer writing for another ICS", () => {
    expect(can({ id: "1", role: "officer", icsCode: "QYG" }, "write", { icsCode: "QZ9" })).toBe(false);
  });
});
`,
    [`packages/db/src/${name}/migrations.ts`]: `import type { Migration } from "../migrate";

export const ${camel}Migrations: readonly Migration[] = [];
`,
    [`packages/db/src/${name}/repository.ts`]: `import type { Queryable } from "../database";

/** Typed reads and writes for ${title}; no rules here. */
export async function ping(db: Queryable): Promise<boolean> {
  const rows = await db.query("select 1 as one");
  return rows.length === 1;
}
`,
    [`packages/server/src/${name}/service.ts`]: `// Use cases of ${title}: parse → permit → rules → one transaction → audit → typed result.
export {};
`,
    [`packages/server/src/${name}/api.ts`]: `import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context";

export function register${camel[0]?.toUpperCase()}${camel.slice(1)}Api(_app: OpenAPIHono<AppEnv>): void {
  // Declare routes with createRoute so they are validated and appear in /api/openapi.json.
}
`,
    [`packages/server/src/${name}/pages.ts`]: `import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context";

export function register${camel[0]?.toUpperCase()}${camel.slice(1)}Pages(_app: OpenAPIHono<AppEnv>): void {
  // Server-rendered pages with nhsuk-frontend macros; views live in ./views.
}
`,
    [`packages/server/src/${name}/manifest.ts`]: `import type { CapabilityManifest } from "../manifest";
import { register${camel[0]?.toUpperCase()}${camel.slice(1)}Api } from "./api";
import { register${camel[0]?.toUpperCase()}${camel.slice(1)}Pages } from "./pages";

export const ${camel}Manifest: CapabilityManifest = {
  name: "${name}",
  title: "${title[0]?.toUpperCase()}${title.slice(1)}",
  registerApi: register${camel[0]?.toUpperCase()}${camel.slice(1)}Api,
  registerPages: register${camel[0]?.toUpperCase()}${camel.slice(1)}Pages,
  auditEvents: [],
  exports: [],
};
`,
    [`packages/server/src/${name}/views/.gitkeep`]: "",
    [`packages/cli/src/${name}.ts`]: `import type { Command } from "commander";

export function register${camel[0]?.toUpperCase()}${camel.slice(1)}Commands(_program: Command): void {
  // openics commands for ${title}; they call the server's use cases.
}
`,
  };
}

export function writeCapability(root: string, name: string): string[] {
  if (!/^[a-z][a-z-]*[a-z]$/.test(name))
    throw new Error(
      `"${name}" is not a capability name: use lower-case words joined by hyphens`,
    );
  const files = capabilityFiles(name);
  const clash = Object.keys(files).find((f) => existsSync(join(root, f)));
  if (clash)
    throw new Error(
      `${clash} exists already: the capability ${name} has been created`,
    );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  const manifests = join(root, "packages/server/src/manifests.ts");
  if (existsSync(manifests)) {
    const text = readFileSync(manifests, "utf8")
      .replace(
        /(import type \{ CapabilityManifest \} from "\.\/manifest";\n)/,
        `$1import { ${camel}Manifest } from "./${name}/manifest";\n`,
      )
      .replace(/(= \[[^\]]*)\];/, `$1, ${camel}Manifest];`);
    writeFileSync(manifests, text);
  }
  return Object.keys(files);
}

if (
  process.argv[1] &&
  import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")
) {
  const name = process.argv[2];
  if (!name) {
    console.error("usage: npm run new:capability <name>");
    process.exit(1);
  }
  try {
    for (const f of writeCapability(process.cwd(), name))
      console.log(`wrote ${f}`);
    console.log(
      `Registered ${name} in packages/server/src/manifests.ts. Add its migrations to packages/db/src/migrations.ts when it has tables.`,
    );
  } catch (error) {
    console.error(`new:capability: ${(error as Error).message}`);
    process.exit(1);
  }
}
