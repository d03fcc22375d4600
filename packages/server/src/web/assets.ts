import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { AppEnv } from "../context";
import {
  NHSUK_ASSET_ROOT,
  NHSUK_DIST,
  NHSUK_VERSION,
  OPENICS_ASSET_ROOT,
} from "./render";

// Static files: nhsuk-frontend's CSS, JS and images straight from the installed package (so an
// upgrade needs no copy step), and the portal's own small stylesheet and script.

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
  readonly etag: string;
}

const STATIC_DIR = fileURLToPath(new URL("./static", import.meta.url));

/**
 * The portal's only script, progressive enhancement: it starts nhsuk-frontend's components
 * (header menu, sortable tables, error-summary focus). nhsuk's template sets the body classes
 * those need from an inline script, which a strict CSP blocks; a module script runs only in
 * browsers nhsuk-frontend supports, so it may set them itself.
 */
const OPENICS_JS = `import { initAll } from "${NHSUK_ASSET_ROOT}/nhsuk-frontend.min.js";
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
`;

/**
 * nhsuk-frontend's CSS names its icons at /assets/images/…; they are served under our prefix,
 * so the URLs are rewritten once, when the file is first read.
 */
const rewriteCss = (css: string) =>
  css.replaceAll("url(/assets/", `url(${NHSUK_ASSET_ROOT}/assets/`);

/** Resolves a request path inside `root`, or null if it would leave it or names no allowed type. */
function safePath(root: string, requested: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requested);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).includes(".."))
    return null;
  const full = resolve(root, `.${sep}${decoded}`);
  if (!full.startsWith(root + sep)) return null;
  return extname(full) in CONTENT_TYPES ? full : null;
}

function serveFrom(app: Hono<AppEnv>, prefix: string, root: string) {
  const cache = new Map<string, Promise<Asset | null>>();
  const load = async (file: string): Promise<Asset | null> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return null;
    }
    const ext = extname(file);
    const body = new Uint8Array(
      ext === ".css" ? Buffer.from(rewriteCss(bytes.toString("utf8"))) : bytes,
    );
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    return {
      body,
      type: CONTENT_TYPES[ext] ?? "application/octet-stream",
      etag,
    };
  };

  app.get(`${prefix}/*`, async (c) => {
    const file = safePath(root, c.req.path.slice(prefix.length + 1));
    if (file === null) return c.text("Not found", 404);
    let pending = cache.get(file);
    if (!pending) {
      pending = load(file);
      cache.set(file, pending);
    }
    const asset = await pending;
    if (!asset) {
      cache.delete(file);
      return c.text("Not found", 404);
    }
    // Versioned nhsuk-frontend files never change; the rest may change with a deploy.
    const cacheControl = file.includes(NHSUK_VERSION)
      ? "public, max-age=31536000, immutable"
      : "public, max-age=3600";
    const headers = {
      "content-type": asset.type,
      "cache-control": cacheControl,
      etag: asset.etag,
      "x-content-type-options": "nosniff",
    };
    if (c.req.header("if-none-match") === asset.etag)
      return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
}

/** Serves nhsuk-frontend at /assets/nhsuk/… and the portal's own files at /assets/openics/…. */
export function registerAssets(app: Hono<AppEnv>): void {
  serveFrom(app, NHSUK_ASSET_ROOT, join(NHSUK_DIST, "nhsuk"));
  const script = new Uint8Array(Buffer.from(OPENICS_JS));
  const scriptTag = `"${createHash("sha256").update(script).digest("base64url").slice(0, 27)}"`;
  app.get(`${OPENICS_ASSET_ROOT}/openics.js`, (c) => {
    const headers = {
      "content-type": CONTENT_TYPES[".js"] ?? "text/javascript",
      "cache-control": "public, max-age=3600",
      etag: scriptTag,
      "x-content-type-options": "nosniff",
    };
    return c.req.header("if-none-match") === scriptTag
      ? c.body(null, 304, headers)
      : c.body(script, 200, headers);
  });
  serveFrom(app, OPENICS_ASSET_ROOT, STATIC_DIR);
}
