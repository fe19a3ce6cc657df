import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from './checksum';
import { isSafeRelativePath } from './data-files';
import { BACKUP_FORMAT, DATABASE_NAME, MANIFEST_NAME, type BackupManifest } from './backup';
import { extractTarEntry, readTarEntries, type TarEntry } from './tar';

export class RestoreError extends Error {}

function readManifest(archive: string, entries: Map<string, TarEntry>): BackupManifest {
  const entry = entries.get(MANIFEST_NAME);
  if (!entry) throw new RestoreError(`${archive} has no ${MANIFEST_NAME}; it is not a Wissensnetz backup.`);
  const fd = fs.openSync(archive, 'r');
  const buf = Buffer.alloc(entry.size);
  try {
    fs.readSync(fd, buf, 0, entry.size, entry.offset);
  } finally {
    fs.closeSync(fd);
  }
  const manifest = JSON.parse(buf.toString('utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== 1 || !Array.isArray(manifest.entries)) {
    throw new RestoreError(`${archive} has an unknown manifest format.`);
  }
  if (!manifest.entries.some((e) => e.path === DATABASE_NAME)) throw new RestoreError(`${archive} holds no database.`);
  return manifest;
}

/** True when the folder is missing or has nothing in it. */
export function isEmptyFolder(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/**
 * Restores a backup into an empty data folder, verifying every entry's size and SHA-256
 * against the manifest. On any failure nothing is left behind in the folder.
 */
export function restoreBackup(archive: string, dataDir: string): BackupManifest {
  const target = path.resolve(dataDir);
  if (!isEmptyFolder(target)) throw new RestoreError(`${target} is not empty; restore only into an empty or new data folder.`);
  if (!fs.existsSync(archive)) throw new RestoreError(`${archive} does not exist.`);
  let entries: Map<string, TarEntry>;
  try {
    entries = new Map(readTarEntries(archive).map((e) => [e.name, e]));
  } catch (err) {
    throw new RestoreError(`${archive} is damaged: ${(err as Error).message}`, { cause: err });
  }
  const manifest = readManifest(archive, entries);
  const created = !fs.existsSync(target);
  fs.mkdirSync(target, { recursive: true });
  try {
    for (const item of manifest.entries) {
      if (!isSafeRelativePath(item.path)) throw new RestoreError(`refusing unsafe path in manifest: ${JSON.stringify(item.path)}`);
      const entry = entries.get(item.path);
      if (!entry) throw new RestoreError(`${item.path} is listed in the manifest but missing from the archive.`);
      if (entry.size !== item.size) throw new RestoreError(`${item.path} has ${entry.size} bytes, the manifest says ${item.size}.`);
      const file = path.join(target, item.path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      extractTarEntry(archive, entry, file);
      if (sha256File(file) !== item.sha256) throw new RestoreError(`${item.path} does not match its checksum; the backup is damaged.`);
    }
    return manifest;
  } catch (err) {
    // Leave the folder as empty as we found it.
    for (const name of fs.readdirSync(target)) fs.rmSync(path.join(target, name), { recursive: true, force: true });
    if (created) fs.rmSync(target, { recursive: true, force: true });
    throw err;
  }
}
