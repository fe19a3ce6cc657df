import fs from 'node:fs';
import path from 'node:path';
import { blobPath } from '../files/blobs';
import type { FileKind } from '../files/types';
import { extractFileText } from './file-text';
import { searchDir, writeFileAtomic } from './layout';

// Extracted texts are kept under search/texte-2/<sha256>.txt, read once per file content by
// the search worker's "texts" step (never on a request, never inside an index build): index
// builds only read what is there, so a slow file never holds up the index. The scheduler
// kills the step when one file takes too long; the marker left behind makes the next
// step index that file without its text.

/** Raise when the extraction changes, so texts are read anew (older folders are removed). */
const TEXT_DIR = 'texte-2';
const textDir = () => path.join(searchDir(), TEXT_DIR);

function cachePath(sha256: string): string {
  return path.join(textDir(), `${sha256}.txt`);
}

export interface StoredFileRef {
  sha256: string;
  kind: string;
}

/** The cached text of a stored file, or null when it has not been read yet. */
export function cachedFileText(sha256: string): string | null {
  try {
    return fs.readFileSync(cachePath(sha256), 'utf8');
  } catch {
    return null;
  }
}

/** SHA-256 of every file whose text has been read (possibly empty). */
export function readTexts(): Set<string> {
  try {
    return new Set(fs.readdirSync(textDir()).filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4)));
  } catch {
    return new Set();
  }
}

/** Whether the texts step has anything to do: files not read yet, or texts of files that are gone. */
export function textsOutOfDate(files: readonly StoredFileRef[]): boolean {
  const read = readTexts();
  const current = new Set(files.map((f) => f.sha256));
  return files.some((f) => !read.has(f.sha256)) || [...read].some((sha) => !current.has(sha));
}

let reading: string | null = null;

/** Removes the marker of the file being read (the step was asked to stop, it did not fail on it). */
export function abandonReading(): void {
  if (reading) fs.rmSync(reading, { force: true });
}

/**
 * Reads the text of every given file that has none cached yet, one at a time, and removes
 * the texts of files that are gone. `onFile` is told before each file is read. Returns how
 * many files were read.
 */
export async function cacheFileTexts(files: readonly StoredFileRef[], onFile: (sha256: string) => void = () => {}): Promise<number> {
  fs.mkdirSync(textDir(), { recursive: true });
  for (const name of fs.readdirSync(searchDir())) if (/^texte-\d+$/.test(name) && name !== TEXT_DIR) fs.rmSync(path.join(searchDir(), name), { recursive: true, force: true });
  let count = 0;
  for (const f of files) {
    const target = cachePath(f.sha256);
    if (!/^[0-9a-f]{64}$/.test(f.sha256) || fs.existsSync(target)) continue;
    // A marker while a file is read: if reading it hung or crashed the step (which is then
    // killed), the next step finds the marker and gives that file an empty text.
    const marker = `${target}.pending`;
    const failedBefore = fs.existsSync(marker);
    onFile(f.sha256);
    if (!failedBefore) fs.writeFileSync(marker, '');
    reading = marker;
    writeFileAtomic(target, failedBefore ? '' : await extractFileText(blobPath(f.sha256), f.kind as FileKind));
    reading = null;
    fs.rmSync(marker, { force: true });
    count++;
  }
  // Texts (and markers) of files that are gone, and half-written texts of a killed step.
  const current = new Set(files.map((f) => `${f.sha256}.txt`));
  const hourAgo = Date.now() - 3600_000;
  for (const name of fs.readdirSync(textDir())) {
    const full = path.join(textDir(), name);
    const of = name.replace(/\.pending$/, '');
    if (of.endsWith('.txt') ? !current.has(of) : fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { force: true });
  }
  return count;
}
