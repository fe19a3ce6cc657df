import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { getConfig } from '../config';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

let handle: Db | undefined;

export function databasePath(dataDir = getConfig().dataDir): string {
  return path.join(dataDir, 'wissensnetz.db');
}

/** Opens the database with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Writers queue instead of failing with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return drizzle(sqlite, { schema }) as Db;
}

/** The one process-wide database handle. */
export function getDb(): Db {
  handle ??= openDatabase(databasePath());
  return handle;
}

export function closeDb(): void {
  handle?.$client.close();
  handle = undefined;
}
