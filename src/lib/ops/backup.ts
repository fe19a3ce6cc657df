import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { sha256File } from './checksum';
import { listFileReferences } from './file-references';
import { TarWriter } from './tar';

export const BACKUP_FORMAT = 'wissensnetz-backup';
export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_NAME = 'wissensnetz.db';

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  /** The database snapshot first, then every uploaded file. */
  entries: ManifestEntry[];
}

export class BackupError extends Error {}

/**
 * Writes an online backup of the data folder into one tar file: manifest.json (SHA-256 of
 * every entry), a consistent snapshot of the database (VACUUM INTO runs in one read
 * transaction, so writers go on meanwhile) and exactly the uploaded files that snapshot
 * refers to (a file uploaded after the snapshot would be an orphan in the restored copy).
 * The search index is left out: it is rebuilt from the database. The archive appears
 * under its name only when complete.
 */
export function createBackup(sqlite: Database.Database, dataDir: string, out: string): BackupManifest {
  const target = path.resolve(out);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose another file name.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(target), '.wissensnetz-backup-'));
  const partial = `${target}.partial`;
  try {
    const snapshot = path.join(work, DATABASE_NAME);
    sqlite.prepare('VACUUM INTO ?').run(snapshot);
    const sources = new Map<string, string>([[DATABASE_NAME, snapshot]]);
    const copy = openDatabase(snapshot);
    try {
      for (const ref of listFileReferences(copy.$client)) {
        const file = path.join(dataDir, ref.path);
        // Stored files are never changed, only removed once no row refers to them.
        if (!fs.existsSync(file)) throw new BackupError(`${ref.path} was removed while the backup ran; please run the backup again.`);
        sources.set(ref.path, file);
      }
    } finally {
      copy.$client.close();
    }
    const entries = [...sources].map(([rel, file]) => ({ path: rel, size: fs.statSync(file).size, sha256: sha256File(file) }));
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), entries };

    const fd = fs.openSync(partial, 'wx', 0o600);
    try {
      const tar = new TarWriter(fd);
      tar.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
      for (const [rel, file] of sources) tar.addFile(rel, file);
      tar.finish();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
    return manifest;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
