import type { Hono } from "hono";
import type { AppEnv } from "../context";
import { renderErrorPage, renderPage } from "../web";
import { listAgreements, listQueryLog } from "./registers-service";

// The public registers of the population-health capability: the data-sharing agreements under
// which patient-level data may be used, and the log of every query run on it.

const list = (v: readonly string[]) => v.join(", ");

export function registerPopulationHealthRegistersPages(
  app: Hono<AppEnv>,
): void {
  app.get("/ics/:code/data-sharing", async (c) => {
    const result = await listAgreements(c.get("db"), c.req.param("code"));
    if (!result.ok)
      return renderErrorPage(c, 404, "No such ICS", [result.error.message]);
    const { ics, agreements } = result.value;
    return renderPage(c, "population-health/registers/data-sharing.njk", {
      title: `Data-sharing agreements of ${ics}`,
      ics,
      csvHref: `/api/ics/${encodeURIComponent(ics)}/data-sharing?format=csv`,
      queryLogHref: `/ics/${encodeURIComponent(ics)}/query-log`,
      agreements: agreements.map((a) => ({
        ...a,
        dataText: list(a.data_scope),
        purposesText: list(a.purposes),
        processorsText:
          a.processors.length === 0
            ? "None"
            : a.processors.map((p) => `${p.name} (${p.role})`).join("; "),
      })),
    } as Parameters<typeof renderPage>[2]);
  });

  app.get("/ics/:code/query-log", async (c) => {
    const result = await listQueryLog(c.get("db"), c.req.param("code"));
    if (!result.ok)
      return renderErrorPage(c, 404, "No such ICS", [result.error.message]);
    const { ics, entries } = result.value;
    return renderPage(c, "population-health/registers/query-log.njk", {
      title: `Queries run on patient-level data in ${ics}`,
      ics,
      csvHref: `/api/ics/${encodeURIComponent(ics)}/query-log?format=csv`,
      agreementsHref: `/ics/${encodeURIComponent(ics)}/data-sharing`,
      entries: entries.map((e) => ({
        ...e,
        definitionText: JSON.stringify(e.definition, null, 2),
        outputsText: JSON.stringify(e.outputs),
      })),
    } as Parameters<typeof renderPage>[2]);
  });
}
