import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context";
import { renderPage, type Breadcrumb, type LayoutView } from "./page";

interface ErrorView extends LayoutView {
  readonly status: number;
  readonly paragraphs: readonly string[];
  readonly links: readonly Breadcrumb[];
}

/** An error page in the portal's layout: a heading, what happened and what to do next. */
export function renderErrorPage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  title: string,
  message: string | readonly string[],
  options: {
    readonly links?: readonly Breadcrumb[];
    readonly synthetic?: boolean;
  } = {},
): Response {
  const view: ErrorView = {
    title,
    status,
    paragraphs: typeof message === "string" ? [message] : message,
    links: options.links ?? [],
    synthetic: options.synthetic ?? false,
  };
  return renderPage(c, "error.njk", view, status);
}
