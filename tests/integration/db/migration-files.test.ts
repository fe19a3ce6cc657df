import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../../migrations');

/** A migrations folder holding only the first `count` migrations: the database of an older release. */
function olderRelease(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-mig-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, count);
  for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  return dir;
}

/** A database migrated up to (not including) the migration whose tag ends with `suffix`, and the drizzle handle to finish it. */
function databaseBefore(suffix: string) {
  const sqlite = new Database(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-mig-db-')), 'db.sqlite'));
  const db = drizzle(sqlite);
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const before = journal.entries.findIndex((e) => e.tag.endsWith(suffix));
  expect(before).toBeGreaterThan(0);
  migrate(db, { migrationsFolder: olderRelease(before) });
  return { sqlite, db };
}

describe('the migration that puts files into the review', () => {
  it('keeps every existing file published and records the files of each live and newest revision', () => {
    // The release before: files without a review state.
    const { sqlite, db } = databaseBefore('_dateien_pruefung');
    sqlite.exec(`
      INSERT INTO documents (id, tenant, type, slug, status, visibility, title, summary, stand, live_revision_id, latest_revision_id)
        VALUES (1, 'duelmen', 'artefakt', 'plan', 'veroeffentlicht', 'oeffentlich', 'Plan', 'Zusammenfassung', '2025-01-01', 2, 3);
      INSERT INTO revisions (id, document_id, number, status, author_label, data, body_md, html) VALUES
        (1, 1, 1, 'abgeloest', 'a', '{}', 'b', '{}'), (2, 1, 2, 'veroeffentlicht', 'a', '{}', 'b', '{}'), (3, 1, 3, 'entwurf', 'a', '{}', 'b', '{}');
      INSERT INTO artefacts (id, document_id, title, description, licence, created_at) VALUES (1, 1, 'Plan', 'D', 'CC0-1.0', '2025-01-01');
      INSERT INTO artefact_versions (id, artefact_id, version, sha256, size, kind, file_name, uploader_label, created_at) VALUES
        (1, 1, '1', 'aa', 10, 'pdf', 'p.pdf', 'u', '2025-01-01'), (2, 1, '2', 'bb', 20, 'pdf', 'p2.pdf', 'u', '2025-02-01');`);
    migrate(db, { migrationsFolder: MIGRATIONS });
    expect(sqlite.prepare('SELECT state, removal_pending AS removal FROM artefact_versions ORDER BY id').all()).toEqual([
      { state: 'freigegeben', removal: 0 },
      { state: 'freigegeben', removal: 0 },
    ]);
    const files = (id: number) => (sqlite.prepare('SELECT files FROM revisions WHERE id = ?').get(id) as { files: string | null }).files;
    expect(files(1)).toBeNull();
    for (const id of [2, 3]) {
      expect(JSON.parse(files(id)!)).toEqual([
        { artefactId: 1, title: 'Plan', description: 'D', licence: 'CC0-1.0', versionId: 2, version: '2', fileName: 'p2.pdf', kind: 'pdf', size: 20, sha256: 'bb' },
      ]);
    }
    sqlite.close();
  });
});

describe('the migration that keeps related lists in one row', () => {
  it('writes every computed list best first, and nothing for a Beitrag without one', () => {
    const { sqlite, db } = databaseBefore('_verwandte_reihenfolge');
    const insert = sqlite.prepare(
      "INSERT INTO documents (id, tenant, type, slug, status, visibility, title, summary, stand) VALUES (?, 'duelmen', 'artefakt', ?, 'veroeffentlicht', 'oeffentlich', 'T', 'S', '2025-01-01')",
    );
    for (let id = 1; id <= 5; id++) insert.run(id, `b${id}`);
    sqlite.exec(`
      INSERT INTO related_stamps (document_id) VALUES (1), (2);
      INSERT INTO related_documents (document_id, related_id, score) VALUES (1, 3, 500), (1, 4, 900), (1, 5, 500), (1, 2, 100);`);
    migrate(db, { migrationsFolder: MIGRATIONS });
    expect(sqlite.prepare('SELECT document_id AS id, ranked FROM related_stamps ORDER BY document_id').all()).toEqual([
      { id: 1, ranked: '4 5 3 2' },
      { id: 2, ranked: null },
    ]);
    sqlite.close();
  });
});
