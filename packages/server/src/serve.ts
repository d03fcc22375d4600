import { serve } from "@hono/node-server";
import type { Database } from "@openics/db";
import { createApp } from "./app";

/** Serves OpenICS over HTTP until the process ends; resolves with the port once listening. */
export function serveApp(
  db: Database,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const app = createApp(db);
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port, hostname: process.env.HOST ?? "0.0.0.0" },
      (info) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                done();
              });
            }),
        });
      },
    );
  });
}
