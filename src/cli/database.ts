import fs from 'node:fs';
import { databasePath, getDb, type Db } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { OpsError } from '../lib/ops/accounts';

/** The configured database with pending migrations applied (what `npm start` also does first). */
export function openMigratedDb(): Db {
  const db = getDb();
  migrateDatabase(db);
  return db;
}

/** The configured database as it is, for read-only commands; refuses to create a new empty one. */
export function openExistingDb(): Db {
  if (!fs.existsSync(databasePath())) throw new OpsError(`No database at ${databasePath()}. Check WISSENSNETZ_DATA_DIR.`);
  return getDb();
}
