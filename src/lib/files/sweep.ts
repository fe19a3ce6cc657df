import fs from 'node:fs';
import { getDb } from '../db/client';
import { artefactVersions } from '../db/schema';
import { blobPath, listBlobs, removeBlob, tempDir } from './blobs';
import { referencedBlobs } from './artefacts';

/**
 * Runs at start-up, before the server listens (so no upload is in flight): removes
 * temp files of interrupted uploads and blobs that no version references (left by a
 * crash between writing the file and committing its row, or between deleting a row
 * and its file). Returns what it did, and versions whose blob is missing.
 */
export function sweepFiles(dataDir?: string): { temps: number; orphans: number; missing: number } {
  let temps = 0;
  const tmp = tempDir(dataDir);
  if (fs.existsSync(tmp)) {
    for (const f of fs.readdirSync(tmp)) {
      fs.rmSync(`${tmp}/${f}`, { force: true, recursive: true });
      temps++;
    }
  }
  const referenced = referencedBlobs();
  let orphans = 0;
  for (const sha of listBlobs(dataDir)) {
    if (!referenced.has(sha)) {
      removeBlob(sha, dataDir);
      orphans++;
    }
  }
  const hashes = getDb().selectDistinct({ sha256: artefactVersions.sha256 }).from(artefactVersions).all();
  const missing = hashes.filter((h) => !fs.existsSync(blobPath(h.sha256, dataDir))).length;
  return { temps, orphans, missing };
}
