import { resolve } from "node:path";
import { openDatabase, migrateAll, type Database } from "@openics/db";

/** Settings from the environment, with the defaults a new user expects. */
export function config() {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: resolve(process.env.OPENICS_DATA_DIR ?? ".openics"),
    port: Number(process.env.PORT ?? 3000),
  };
}

/** Opens the configured database and brings its schema up to date. */
export async function openConfiguredDatabase(
  log: (line: string) => void,
): Promise<Database> {
  const { databaseUrl, dataDir } = config();
  const db = await openDatabase({ url: databaseUrl, dataDir });
  const ran = await migrateAll(db);
  if (ran.length > 0)
    log(`Applied ${ran.length} migration(s): ${ran.join(", ")}`);
  return db;
}
