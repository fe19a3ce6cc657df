import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';

/**
 * Content-addressed storage under <dataDir>/files: a blob's name is its SHA-256,
 * so nothing a user sends ever becomes part of a path. Uploads land in files/tmp
 * first and are fsynced and renamed into place (same file system, so atomic).
 */

export function filesRoot(dataDir = getConfig().dataDir): string {
  return path.join(dataDir, 'files');
}

export function tempDir(dataDir?: string): string {
  return path.join(filesRoot(dataDir), 'tmp');
}

export function blobPath(sha256: string, dataDir?: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return path.join(filesRoot(dataDir), sha256.slice(0, 2), sha256);
}

/** A fresh temp file path (the file itself is created exclusively by the writer). */
export function newTempPath(dataDir?: string): string {
  const dir = tempDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${crypto.randomUUID()}.part`);
}

function fsyncPath(p: string, flags: string): void {
  const fd = fs.openSync(p, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Moves a verified temp file to its content address. Synchronous on purpose: the caller
 * inserts the database row right after, with no await in between, so no other request
 * can delete the blob as "unreferenced" in the gap.
 */
export function commitBlob(tmpPath: string, sha256: string, dataDir?: string): void {
  const target = blobPath(sha256, dataDir);
  fsyncPath(tmpPath, 'r+');
  if (fs.existsSync(target)) {
    // Same content stored already: keep the existing blob.
    fs.rmSync(tmpPath, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.renameSync(tmpPath, target);
  fsyncPath(path.dirname(target), 'r');
}

export function removeBlob(sha256: string, dataDir?: string): void {
  fs.rmSync(blobPath(sha256, dataDir), { force: true });
}

export function discardTemp(tmpPath: string | null | undefined): void {
  if (tmpPath) fs.rmSync(tmpPath, { force: true });
}

/** Every stored blob's SHA-256 (for the orphan sweep). */
export function listBlobs(dataDir?: string): string[] {
  const root = filesRoot(dataDir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => fs.readdirSync(path.join(root, d)).filter((f) => /^[0-9a-f]{64}$/.test(f) && f.startsWith(d)));
}
