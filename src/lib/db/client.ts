import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { getConfig } from '../config';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// The handle lives on globalThis: the start script and the built Astro bundle each carry
// their own copy of this module, and they must share one connection so that closing it on
// shutdown really closes (and checkpoints) the database the requests used.
const slot = globalThis as typeof globalThis & { __wissensnetzDb?: Db };

export function databasePath(dataDir = getConfig().dataDir): string {
  return path.join(dataDir, 'wissensnetz.db');
}

export const WAL_LIMIT_BYTES = 32 * 1024 * 1024;

/** Opens the database with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Writers queue instead of failing with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a write that was answered with 2xx survives a power cut too, not only a process
  // crash. Writes are rare here (editorial work), so the fsync per commit costs little.
  sqlite.pragma('synchronous = FULL');
  // Up to 32 MiB of pages kept in memory instead of SQLite's 2 MiB, filled only as pages are read:
  // at 10,000 Beiträge the file is about 160 MB, and every page a Beitrag page misses costs a
  // system call and a copy.
  sqlite.pragma('cache_size = -32768');
  // Keeps the WAL file bounded: after a checkpoint it is truncated back to this size.
  sqlite.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  return drizzle(sqlite, { schema }) as Db;
}

/** The one process-wide database handle. */
export function getDb(): Db {
  slot.__wissensnetzDb ??= openDatabase(databasePath());
  return slot.__wissensnetzDb;
}

export function closeDb(): void {
  slot.__wissensnetzDb?.$client.close();
  delete slot.__wissensnetzDb;
}

const preparedCache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement prepared once per database handle, for queries on every request's path
 * (building and preparing a drizzle query anew costs more than running it).
 */
export function prepared<T>(name: string, build: (db: Db) => T): T {
  const db = getDb();
  let forDb = preparedCache.get(db);
  if (!forDb) preparedCache.set(db, (forDb = new Map()));
  if (!forDb.has(name)) forDb.set(name, build(db));
  return forDb.get(name) as T;
}

/**
 * Orders rows by keys compared as SQLite's BINARY collation does (numbers by value, strings by
 * code unit), for statements on every request's path that sort in JS instead of SQL: SQLite as
 * built into better-sqlite3 (SQLITE_ENABLE_STAT4, no way to set the query planner stability
 * guarantee) plans a statement again whenever a parameter is bound anew if that parameter meets
 * a join or an ORDER BY. Measured at 10,000 Beiträge: 30–70 µs per run instead of 5–10 µs. Those
 * statements therefore read one table (subqueries instead of joins) and leave the sorting here.
 */
export function compareKeys(a: readonly (string | number | null)[], b: readonly (string | number | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * For every transaction that writes: BEGIN IMMEDIATE takes the write lock up front and
 * waits for it (busy_timeout). A deferred transaction that reads first could instead fail
 * at once with SQLITE_BUSY when another process (the CLI) committed after its first read.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const;

/**
 * Runs `fn` with synchronous=NORMAL: its commits skip the fsync. In WAL mode they still survive
 * a crash of the process; only a power cut right after may undo them. For bookkeeping writes
 * that happen once per mail sent (thousands in a row), where that loss is harmless.
 */
export function withoutFsync<T>(fn: () => T): T {
  const sqlite = getDb().$client;
  sqlite.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}
