import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { PUBLIC_ACTOR } from "@openics/core";
import { listAudit, type Database } from "@openics/db";
import type { AppEnv } from "./context";
import { MANIFESTS } from "./manifests";
import { problem } from "./problems";
import { newToken } from "./accounts/passwords";
import {
  registerAccountRoutes,
  SESSION_COOKIE,
  CSRF_COOKIE,
} from "./accounts/routes";
import { sessionActor } from "./accounts/service";
import { registerAssets } from "./web/assets";
import { renderErrorPage } from "./web/errors";

export interface AppOptions {
  /** Log a line for each server error (with its request id). */
  readonly log?: (line: string) => void;
}

const formField = (body: Record<string, unknown>, name: string): string => {
  const value = body[name];
  return typeof value === "string" ? value : "";
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createApp(
  db: Database,
  options: AppOptions = {},
): OpenAPIHono<AppEnv> {
  const log =
    options.log ??
    ((line: string) => {
      console.error(line);
    });
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const detail = result.error.issues
          .map((i) => `${i.path.join(".") || "request"}: ${i.message}`)
          .join("; ");
        return problem(c, "invalid_request", detail);
      }
      return undefined;
    },
  });

  app.use("*", async (c: Context<AppEnv>, next) => {
    c.set("requestId", randomUUID());
    c.set("db", db);
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionActor(db, token) : null;
    if (session) {
      c.set("actor", session.actor);
      c.set("userName", session.name);
      c.set("csrfToken", session.csrfToken);
    } else {
      if (token) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      // Visitors without a session get a double-submit token so the sign-in form is protected too.
      let csrf = getCookie(c, CSRF_COOKIE);
      if (!csrf) {
        csrf = newToken();
        setCookie(c, CSRF_COOKIE, csrf, {
          path: "/",
          httpOnly: true,
          sameSite: "Lax",
        });
      }
      c.set("actor", PUBLIC_ACTOR);
      c.set("userName", null);
      c.set("csrfToken", csrf);
    }
    if (UNSAFE.has(c.req.method)) {
      const type = c.req.header("content-type") ?? "";
      const sent =
        c.req.header("x-csrf-token") ??
        (type.includes("form")
          ? formField(await c.req.parseBody(), "_csrf")
          : "");
      if (sent !== c.get("csrfToken")) {
        return c.req.path.startsWith("/api/")
          ? problem(
              c,
              "csrf",
              "The request did not carry this session's CSRF token (x-csrf-token header).",
            )
          : renderErrorPage(
              c,
              403,
              "Your form has expired",
              "Go back, reload the page and try again.",
            );
      }
    }
    await next();
    c.header("x-request-id", c.get("requestId"));
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "same-origin");
    c.header("x-frame-options", "DENY");
    c.header(
      "content-security-policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  registerAssets(app);
  registerAccountRoutes(app);
  for (const m of MANIFESTS) m.registerApi(app);

  app.get("/api/audit", async (c) => {
    const entity = c.req.query("entity");
    return c.json({
      entries: await listAudit(
        c.get("db"),
        entity ? { entity, limit: 200 } : { limit: 200 },
      ),
    });
  });
  app.get("/api/health", (c) => c.json({ status: "ok", database: db.kind }));
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "OpenICS API",
      version: "0.1.0",
      description:
        "The open API of an Integrated Care System: structure, geography and more. Every public table is also a CSV download.",
    },
  });

  for (const m of MANIFESTS) m.registerPages(app);

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? problem(c, "not_found", `Nothing is at ${c.req.path}.`)
      : renderErrorPage(
          c,
          404,
          "Page not found",
          "If you typed the web address, check it is correct.",
        ),
  );
  app.onError((error, c) => {
    log(
      `request ${c.get("requestId")} ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`,
    );
    if (c.req.path.startsWith("/api/")) {
      return c.body(
        JSON.stringify({
          type: "about:blank",
          title: "Internal Server Error",
          status: 500,
          detail: `Something went wrong. Quote request ${c.get("requestId")}.`,
        }),
        500,
        {
          "content-type": "application/problem+json",
        },
      );
    }
    return renderErrorPage(
      c,
      500,
      "Sorry, there is a problem with the service",
      `Try again later. Quote request ${c.get("requestId")}.`,
    );
  });
  return app;
}
