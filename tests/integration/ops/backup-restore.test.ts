import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { databasePath, openDatabase } from '../../../src/lib/db/client';
import { createBackup, BackupError } from '../../../src/lib/ops/backup';
import { checkIntegrity } from '../../../src/lib/ops/integrity';
import { restoreBackup, RestoreError } from '../../../src/lib/ops/restore';
import { readTarEntries } from '../../../src/lib/ops/tar';
import { attachFile, publishSample, sqlite } from './helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wn-backup-'));

function titlesIn(dataDir: string): string[] {
  const db = openDatabase(databasePath(dataDir));
  try {
    return (db.$client.prepare('SELECT title FROM documents ORDER BY title').all() as { title: string }[]).map((r) => r.title);
  } finally {
    db.$client.close();
  }
}

describe('createBackup and restoreBackup', () => {
  it('restores a backup into a fresh folder with the same Beiträge and files, passing the integrity check', () => {
    const doc = publishSample('duelmen', 'Digitale Bauakte in Dülmen');
    publishSample('senden', 'Schulsozialarbeit in Senden');
    const attached = attachFile(doc.id, Buffer.from([0, 1, 2, 255, 254]), getConfig().dataDir);
    // A stored file no row refers to (e.g. uploaded after the snapshot) stays out of the backup.
    const stray = path.join(getConfig().dataDir, 'files', 'ab', 'abcdef0123');
    fs.mkdirSync(path.dirname(stray), { recursive: true });
    fs.writeFileSync(stray, 'verwaist');
    const dir = tmp();
    const archive = path.join(dir, 'backup.tar');
    const manifest = createBackup(sqlite(), getConfig().dataDir, archive);
    expect(manifest.entries.map((e) => e.path)).toEqual(['wissensnetz.db', attached.rel]);
    fs.rmSync(stray);

    const target = path.join(dir, 'restored');
    restoreBackup(archive, target);
    expect(titlesIn(target)).toEqual(['Digitale Bauakte in Dülmen', 'Schulsozialarbeit in Senden']);
    expect(fs.readFileSync(path.join(target, attached.rel))).toEqual(Buffer.from([0, 1, 2, 255, 254]));
    const db = openDatabase(databasePath(target));
    const report = checkIntegrity(db.$client, target);
    db.$client.close();
    expect(report).toEqual({ ok: true, problems: [], checkedFiles: 1 });
  });

  it('refuses to overwrite an existing backup file', () => {
    const file = path.join(tmp(), 'exists.tar');
    fs.writeFileSync(file, 'old');
    expect(() => createBackup(sqlite(), getConfig().dataDir, file)).toThrow(BackupError);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });

  it('refuses to restore into a folder that has anything in it, and leaves it untouched', () => {
    const dir = tmp();
    const archive = path.join(dir, 'b.tar');
    createBackup(sqlite(), getConfig().dataDir, archive);
    const target = path.join(dir, 'in-use');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'wissensnetz.db'), 'live data');
    expect(() => restoreBackup(archive, target)).toThrow(/not empty/);
    expect(fs.readdirSync(target)).toEqual(['wissensnetz.db']);
    expect(fs.readFileSync(path.join(target, 'wissensnetz.db'), 'utf8')).toBe('live data');
  });

  it('refuses a damaged backup and leaves the target folder empty', () => {
    const dir = tmp();
    const archive = path.join(dir, 'b.tar');
    createBackup(sqlite(), getConfig().dataDir, archive);
    const db = readTarEntries(archive).find((e) => e.name === 'wissensnetz.db')!;
    const bytes = fs.readFileSync(archive);
    bytes[db.offset + 200] = bytes[db.offset + 200]! ^ 0xff;
    fs.writeFileSync(archive, bytes);
    const target = path.join(dir, 'fresh');
    fs.mkdirSync(target);
    expect(() => restoreBackup(archive, target)).toThrow(/checksum/);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('refuses a backup whose manifest points outside the data folder', () => {
    const dir = tmp();
    const archive = path.join(dir, 'evil.tar');
    createBackup(sqlite(), getConfig().dataDir, archive);
    // Rewrite the manifest in place with paths that climb out (same length keeps the tar valid).
    const bytes = fs.readFileSync(archive);
    const text = bytes.toString('latin1').replaceAll('"path": "files/', '"path": "../../');
    fs.writeFileSync(archive, Buffer.from(text, 'latin1'));
    const target = path.join(dir, 'fresh');
    expect(() => restoreBackup(archive, target)).toThrow(RestoreError);
    expect(() => restoreBackup(archive, target)).toThrow(/unsafe path/);
    expect(fs.readdirSync(dir)).toEqual(['evil.tar']);
    expect(fs.existsSync(target)).toBe(false);
  });
});
