import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";

/**
 * What a capability registers with the platform. The server and CLI read manifests instead of
 * importing capabilities one by one, so adding a capability is adding its manifest to the list.
 */
export interface CapabilityManifest {
  readonly name: string;
  readonly title: string;
  readonly registerApi: (app: OpenAPIHono<AppEnv>) => void;
  readonly registerPages: (app: OpenAPIHono<AppEnv>) => void;
  /** The audit actions this capability writes, for the audit page and its filters. */
  readonly auditEvents: readonly string[];
  /** Open-data tables it publishes (each also downloadable as CSV). */
  readonly exports: readonly {
    readonly name: string;
    readonly path: string;
    readonly description: string;
  }[];
}
