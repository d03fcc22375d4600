import type { Database } from "./database";
import { migrate, type Migration } from "./migrate";
import { auditMigrations } from "./audit/migrations";
import { structureMigrations } from "./structure/migrations";
import { accountMigrations } from "./accounts/migrations";
import { financeMigrations } from "./finance/migrations";
import { governanceMigrations } from "./governance/migrations";
import { populationHealthMigrations } from "./population-health/migrations";
import { publicationMigrations } from "./population-health/publication-migrations";
import { benchmarkMigrations } from "./population-health/benchmark-migrations";
import { scrutinyMigrations } from "./governance/scrutiny-migrations";
import { spendMigrations } from "./finance/spend-migrations";

/** Every capability's migrations, in the order the capability graph allows. */
export const ALL_MIGRATIONS: readonly Migration[] = [
  ...auditMigrations,
  ...accountMigrations,
  ...structureMigrations,
  ...financeMigrations,
  ...governanceMigrations,
  ...populationHealthMigrations,
  ...publicationMigrations,
  ...scrutinyMigrations,
  ...spendMigrations,
  ...benchmarkMigrations,
];

export const migrateAll = (db: Database) => migrate(db, ALL_MIGRATIONS);
