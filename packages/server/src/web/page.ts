import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context";
import { render } from "./render";

// What every page's layout needs besides the page's own view model.

export interface Breadcrumb {
  readonly text: string;
  readonly href: string;
}

/** An error for the NHS error-summary pattern: its message links to the field it is about. */
export interface FieldError {
  readonly text: string;
  readonly href: string;
}

/** Fields the layout reads from every view model. */
export interface LayoutView {
  /** The page's `<h1>` text and the start of its `<title>`. */
  readonly title: string;
  readonly breadcrumbs?: readonly Breadcrumb[];
  /** Shows the "Synthetic data" warning: set for every page about a synthetic ICS. */
  readonly synthetic?: boolean;
  readonly errors?: readonly FieldError[];
}

export interface PageContext {
  readonly user: { readonly name: string } | null;
  readonly csrfToken: string;
  readonly path: string;
}

export function pageContext(c: Context<AppEnv>): PageContext {
  // Variables are unset when a route is mounted without the app's middleware (e.g. in a test).
  const vars = c.var as Partial<AppEnv["Variables"]>;
  const name = vars.userName ?? null;
  return {
    user: name === null ? null : { name },
    csrfToken: vars.csrfToken ?? "",
    path: c.req.path,
  };
}

/** Renders a page with the layout's context and answers with it as HTML. */
export function renderPage(
  c: Context<AppEnv>,
  template: string,
  view: LayoutView,
  status: ContentfulStatusCode = 200,
): Response {
  // nhsuk's template puts `cspNonce` on its one inline script, if the app sets a nonce per request.
  const nonce = (c.var as Readonly<Record<string, unknown>>)["cspNonce"];
  return c.html(
    render(template, {
      ...view,
      page: pageContext(c),
      ...(typeof nonce === "string" ? { cspNonce: nonce } : {}),
    }),
    status,
  );
}
