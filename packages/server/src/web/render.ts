import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { formatNumber, formatPercent } from "./svg";

// One Nunjucks environment for every page. Templates use nhsuk-frontend's own macros, found on
// the search path as "nhsuk/components/<name>/macro.njk", so the markup is the design system's.

const require = createRequire(import.meta.url);
const nhsukPackage = require.resolve("nhsuk-frontend/package.json");

/** nhsuk-frontend's `dist` folder: its templates and the CSS, JS and images we serve. */
export const NHSUK_DIST = join(dirname(nhsukPackage), "dist");
export const NHSUK_VERSION = (require(nhsukPackage) as { version: string })
  .version;

/** Where the portal serves nhsuk-frontend's files, and this portal's own. */
export const NHSUK_ASSET_ROOT = "/assets/nhsuk";
export const OPENICS_ASSET_ROOT = "/assets/openics";

/** The auth routes the header links to (signing out is a POST with the CSRF token). */
export const SIGN_IN_PATH = "/login";
export const SIGN_OUT_PATH = "/logout";

const SRC = fileURLToPath(new URL("..", import.meta.url));

/** web/views first (layout, error, login, shared macros), then every capability's views folder. */
function searchPaths(): string[] {
  const capabilities = readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "web")
    .map((d) => join(SRC, d.name, "views"))
    .filter((p) => existsSync(p))
    .sort();
  return [join(SRC, "web", "views"), ...capabilities, NHSUK_DIST];
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** 'YYYY-MM-DD' as "1 April 2026", the NHS style for dates. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

function createEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(searchPaths()),
    {
      autoescape: true,
      throwOnUndefined: false,
    },
  );
  env.addGlobal("assetPath", `${NHSUK_ASSET_ROOT}/assets`);
  env.addGlobal("nhsukAssetRoot", NHSUK_ASSET_ROOT);
  env.addGlobal("openicsAssetRoot", OPENICS_ASSET_ROOT);
  env.addGlobal("nhsukVersion", NHSUK_VERSION);
  env.addGlobal("signInPath", SIGN_IN_PATH);
  env.addGlobal("signOutPath", SIGN_OUT_PATH);
  env.addFilter("number", (value: unknown, digits?: number) =>
    typeof value === "number" && Number.isFinite(value)
      ? formatNumber(value, digits ?? 0)
      : "",
  );
  env.addFilter("percent", (value: unknown, digits?: number) =>
    typeof value === "number" && Number.isFinite(value)
      ? formatPercent(value, digits ?? 1)
      : "",
  );
  env.addFilter("date", (value: unknown) =>
    typeof value === "string" ? formatDate(value) : "",
  );
  return env;
}

let environment: nunjucks.Environment | undefined;
const env = () => (environment ??= createEnvironment());

// nhsuk-frontend's macros indent generously: a page with a few hundred table rows is three parts
// blank lines. Collapsing them cuts such a page by three quarters; <pre>, <textarea> and <script>
// keep their text exactly.
const VERBATIM = /(<(pre|textarea|script)\b[\s\S]*?<\/\2>)/i;
function collapseWhitespace(html: string): string {
  return html
    .split(VERBATIM)
    .map((part, i) =>
      i % 3 === 0
        ? part.replace(/\n[ \t]*(?=\n)/g, "").replace(/\n[ \t]+/g, "\n")
        : part,
    )
    .filter((_, i) => i % 3 !== 2)
    .join("");
}

/** Renders a template with its view model. Values are HTML-escaped unless a template marks them safe. */
export function render(template: string, viewModel: object): string {
  return collapseWhitespace(env().render(template, viewModel));
}
