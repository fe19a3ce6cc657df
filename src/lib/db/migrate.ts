import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from './client';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** Applies pending SQL migrations from migrations/; runs before the server listens. */
export function migrateDatabase(db: Db, folder = MIGRATIONS): void {
  migrate(db, { migrationsFolder: folder });
}
