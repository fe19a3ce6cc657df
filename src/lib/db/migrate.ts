import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from './client';

/** migrations/ of the app root; bundles (dist/cli) live elsewhere than src/lib/db, so the root comes first. */
function migrationsFolder(): string {
  const root = process.env['WISSENSNETZ_ROOT'];
  return root ? path.join(root, 'migrations') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
}

/** Applies pending SQL migrations from migrations/; runs before the server listens. */
export function migrateDatabase(db: Db, folder = migrationsFolder()): void {
  migrate(db, { migrationsFolder: folder });
}
