import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';

/**
 * On-disk layout under <dataDir>/search:
 *   b-<stamp>/<bundle>/…     a full ("base") build, immutable once renamed into place; one
 *                            bundle per audience (public, intern, kommune-<slug>), large
 *                            audiences split into shards <audience>.2, <audience>.3, …
 *   b-<stamp>/snapshot.json  what the base contains (never served)
 *   r-<stamp>/<bundle>/…     the Beiträge changed since that base ("recent"), small
 *   tmp-<pid>-<stamp>/       a build in progress; renamed when complete, removed when its process died
 *   current.json             which generations serve; replaced atomically by rename
 */
export function searchDir(dataDir = getConfig().dataDir): string {
  return path.join(dataDir, 'search');
}

/** What the browser needs: the generations to merge and the base entries to hide. */
export interface SearchPointer {
  base: string;
  recent: string | null;
  /** Bundle folders of the base: one per audience, or "<audience>.<n>" shards of a large one. */
  baseBundles: string[];
  recentBundles: string[];
  /** Per audience: base entries superseded by the recent build or no longer published. */
  hidden: Record<string, HiddenEntry[]>;
  switchedAt: string;
}

export interface HiddenEntry {
  /** Pagefind result id in the base bundle. */
  id: string;
  filters: Record<string, string[]>;
}

/** A base build's record of what it contains, for finding what changed since. */
export interface Snapshot {
  configHash: string;
  builtAt: string;
  entries: Record<string, { audience: string; fingerprint: string; pageId: string; filters: Record<string, string[]> }>;
  lexicon: string[];
}

export const BUNDLE_NAME = /^[a-z0-9-]+(\.\d+)?$/;

/** The audience a bundle folder belongs to: "public.2" → "public". */
export function bundleAudience(folder: string): string {
  return folder.replace(/\.\d+$/, '');
}

export const GENERATION_NAME = /^[br]-\d+-\d+$/;

export function generationDir(name: string, dataDir?: string): string {
  if (!GENERATION_NAME.test(name)) throw new Error(`not a search generation: ${name}`);
  return path.join(searchDir(dataDir), name);
}

export function newGenerationName(kind: 'b' | 'r'): string {
  return `${kind}-${Date.now()}-${process.pid}`;
}

/** Writes a file so that readers see either the old or the new content, never a part. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

export function readPointer(dataDir?: string, name: 'current' | 'previous' = 'current'): SearchPointer | null {
  const file = path.join(searchDir(dataDir), `${name}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SearchPointer;
  } catch {
    return null;
  }
}

/** Swaps the serving index in one rename and keeps the previous pointer for clean-up. */
export function writePointer(pointer: SearchPointer, dataDir?: string): void {
  const dir = searchDir(dataDir);
  const previous = readPointer(dataDir);
  if (previous && (previous.base !== pointer.base || previous.recent !== pointer.recent)) {
    writeFileAtomic(path.join(dir, 'previous.json'), JSON.stringify(previous));
  }
  writeFileAtomic(path.join(dir, 'current.json'), JSON.stringify(pointer));
}

export function readSnapshot(base: string, dataDir?: string): Snapshot | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(generationDir(base, dataDir), 'snapshot.json'), 'utf8')) as Snapshot;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes generations that neither the current nor the previous pointer names (a browser
 * that loaded the previous one may still fetch from it), and folders of builds whose
 * process is gone (a killed build).
 */
export function removeStaleGenerations(dataDir?: string): void {
  const dir = searchDir(dataDir);
  if (!fs.existsSync(dir)) return;
  const keep = new Set<string>();
  for (const p of [readPointer(dataDir), readPointer(dataDir, 'previous')]) {
    if (p) for (const g of [p.base, p.recent]) if (g) keep.add(g);
  }
  const minAge = Date.now() - 60_000;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const tmp = /^tmp-(\d+)-/.exec(name);
    if (tmp && !isAlive(Number(tmp[1]))) fs.rmSync(full, { recursive: true, force: true });
    // A generation younger than a minute may belong to a build whose pointer is about to be written.
    else if (GENERATION_NAME.test(name) && !keep.has(name) && fs.statSync(full).mtimeMs < minAge) fs.rmSync(full, { recursive: true, force: true });
  }
}
