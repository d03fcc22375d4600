import type { OpenAPIHono } from "@hono/zod-openapi";
import { setCookie, getCookie, deleteCookie } from "hono/cookie";
import type { AppEnv } from "../context";
import { render } from "../web/render";
import { signIn, signOut } from "./service";

export const SESSION_COOKIE = "openics_session";
export const CSRF_COOKIE = "openics_csrf";

/** Only same-site paths may be returned to after sign-in. */
const safeNext = (next: unknown): string =>
  typeof next === "string" && next.startsWith("/") && !next.startsWith("//")
    ? next
    : "/";

export function registerAccountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get("/login", (c) =>
    c.html(
      render("login.njk", {
        csrfToken: c.get("csrfToken"),
        next: safeNext(c.req.query("next")),
        userName: c.get("userName"),
      }),
    ),
  );

  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === "string" ? body.email : "";
    const password = typeof body.password === "string" ? body.password : "";
    const next = safeNext(body.next);
    const result = await signIn(c.get("db"), email, password);
    if (!result.ok) {
      return c.html(
        render("login.njk", {
          csrfToken: c.get("csrfToken"),
          email,
          next,
          error: result.error.message,
          userName: null,
        }),
        401,
      );
    }
    setCookie(c, SESSION_COOKIE, result.value.token, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: c.req.url.startsWith("https:"),
      maxAge: 8 * 3600,
    });
    return c.redirect(next, 303);
  });

  app.post("/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(c.get("db"), token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/", 303);
  });
}
