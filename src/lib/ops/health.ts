import fs from 'node:fs';
import { databasePath, getDb } from '../db/client';

/**
 * True while the database answers a query against its schema and its file is still where
 * the configuration says. SQLite keeps writing into a deleted or moved file without any
 * error, so a vanished file must count as unavailable: nothing written now would survive.
 */
export function checkDatabaseHealth(): boolean {
  try {
    getDb().$client.prepare('SELECT count(*) FROM sqlite_master').get();
    return fs.existsSync(databasePath());
  } catch {
    return false;
  }
}
