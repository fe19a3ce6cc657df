import type Database from 'better-sqlite3';
import { getDb } from './client';
import { currentRequestContext } from '../http/request-context';

// A token that changes whenever the database content may have changed, from any process:
// PRAGMA data_version moves when another connection (the CLI, a second process) commits,
// total_changes() moves with every row this connection writes, and the handle id keeps two
// databases (or a reopened one) apart. Caches compare it before every use, so a publish is
// never served stale: a conservative check, since unrelated writes also invalidate.
// Within one request, data_version is read once: each read of it opens a read transaction
// (about 10 µs on a large database in WAL mode, several times per page), and a commit by
// another process during the request is one the request may as well have preceded. This
// connection's own writes are still seen at once, through total_changes().
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
  const context = currentRequestContext();
  let dataVersion = context?.dataVersion?.handle === probe.id ? context.dataVersion.value : undefined;
  if (dataVersion === undefined) {
    dataVersion = probe.dataVersion.get() as number;
    if (context) context.dataVersion = { handle: probe.id, value: dataVersion };
  }
  return `${probe.id}:${dataVersion}:${probe.totalChanges.get() as number}`;
}
