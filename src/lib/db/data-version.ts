import type Database from 'better-sqlite3';
import { getDb } from './client';

// A token that changes whenever the database content may have changed, from any process:
// PRAGMA data_version moves when another connection (the CLI, a second process) commits,
// total_changes() moves with every row this connection writes, and the handle id keeps two
// databases (or a reopened one) apart. Caches compare it before every use, so a publish is
// never served stale: a conservative check, since unrelated writes also invalidate.
interface Probe {
  id: number;
  dataVersion: Database.Statement;
  totalChanges: Database.Statement;
}

const probes = new WeakMap<Database.Database, Probe>();
let nextId = 1;

export function currentDataVersion(): string {
  const sqlite = getDb().$client;
  let probe = probes.get(sqlite);
  if (!probe) {
    probe = { id: nextId++, dataVersion: sqlite.prepare('PRAGMA data_version').pluck(), totalChanges: sqlite.prepare('SELECT total_changes()').pluck() };
    probes.set(sqlite, probe);
  }
  return `${probe.id}:${probe.dataVersion.get() as number}:${probe.totalChanges.get() as number}`;
}
