import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';

/**
 * On-disk layout under <dataDir>/search:
 *   b-<stamp>/<bundle>/…     a full ("base") build, immutable once renamed into place; one
 *                            bundle per audience (public, intern, kommune-<slug>), large
 *                            audiences split into shards <audience>.2, <audience>.3, …
 *   b-<stamp>/snapshot.json  what the base contains, entry by entry with its bundle (never served)
 *   b-<stamp>/<bundle>/…     also: a copy of a base shard without the entries withdrawn since
 *                            (redact.ts), with the snapshot of the base as it is then
 *   r-<stamp>/<bundle>/…     the Beiträge changed since the base ("recent"), small; with its snapshot.json
 *   tmp-<pid>-<stamp>/       a build in progress; renamed when complete, removed when its process died
 *   texte-2/                 text of attached files (text-cache.ts)
 *   current.json             which bundles serve; replaced atomically by rename
 * Only the bundles current.json names are served (files.ts).
 */
export function searchDir(dataDir = getConfig().dataDir): string {
  return path.join(dataDir, 'search');
}

/** Raise when the pointer or snapshot format changes: older pointers are not used (the index is rebuilt). */
export const POINTER_FORMAT = 2;

/**
 * What is served. Every bundle is named "<generation>/<bundle folder>": the shards of one
 * base may live in different generations, because a shard that lost entries is a new copy.
 */
export interface SearchPointer {
  format: typeof POINTER_FORMAT;
  /** The generation whose snapshot.json describes the base bundles. */
  base: string;
  baseBundles: string[];
  /** The generation of Beiträge changed since the base, and its bundles. */
  recent: string | null;
  recentBundles: string[];
  /**
   * Bundles of the pointer before this one that hold nothing withdrawn or changed since:
   * served on, so a search page opened before the switch keeps working.
   */
  grace: string[];
  switchedAt: string;
}

export interface SnapshotEntry {
  audience: string;
  fingerprint: string;
  /** "<generation>/<bundle folder>" that holds the entry. */
  bundle: string;
  /** Pagefind's page id (the fragment's name) in that bundle. */
  pageId: string;
}

/** What a generation contains, entry by entry: for finding what changed since, and what a bundle holds. */
export interface Snapshot {
  configHash: string;
  builtAt: string;
  entries: Record<string, SnapshotEntry>;
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

let lastStamp = 0;

/** A name no generation of this process had: its stamp rises even within one millisecond. */
export function newGenerationName(kind: 'b' | 'r'): string {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return `${kind}-${lastStamp}-${process.pid}`;
}

/** Writes a file so that readers see either the old or the new content, never a part. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** The current pointer, or null when there is none or it is of an older format. */
export function readPointer(dataDir?: string): SearchPointer | null {
  try {
    const pointer = JSON.parse(fs.readFileSync(path.join(searchDir(dataDir), 'current.json'), 'utf8')) as SearchPointer;
    return pointer.format === POINTER_FORMAT ? pointer : null;
  } catch {
    return null;
  }
}

/** Swaps the serving index in one rename. */
export function writePointer(pointer: SearchPointer, dataDir?: string): void {
  writeFileAtomic(path.join(searchDir(dataDir), 'current.json'), JSON.stringify(pointer));
}

/** Every bundle a pointer serves: base and recent bundles, and those of the previous pointer still in grace. */
export function servedBundles(pointer: SearchPointer): string[] {
  return [...pointer.baseBundles, ...pointer.recentBundles, ...pointer.grace];
}

/** "b-1-2/public.2" → { generation: "b-1-2", folder: "public.2", audience: "public" }. */
export function splitBundle(bundle: string): { generation: string; folder: string; audience: string } {
  const [generation = '', folder = ''] = bundle.split('/');
  return { generation, folder, audience: bundleAudience(folder) };
}

export function readSnapshot(generation: string, dataDir?: string): Snapshot | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(generationDir(generation, dataDir), 'snapshot.json'), 'utf8')) as Snapshot;
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
 * Removes generations that the current pointer does not name (bundles it serves, its base
 * and recent generation), and folders of builds whose process is gone (a killed build).
 */
export function removeStaleGenerations(dataDir?: string): void {
  const dir = searchDir(dataDir);
  if (!fs.existsSync(dir)) return;
  const keep = new Set<string>();
  const pointer = readPointer(dataDir);
  if (pointer) {
    for (const g of [pointer.base, pointer.recent]) if (g) keep.add(g);
    for (const b of servedBundles(pointer)) keep.add(splitBundle(b).generation);
  }
  const minAge = Date.now() - 60_000;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const tmp = /^tmp-(\d+)-/.exec(name);
    if (tmp && !isAlive(Number(tmp[1]))) fs.rmSync(full, { recursive: true, force: true });
    // A generation younger than a minute may belong to a build whose pointer is about to be written.
    else if (GENERATION_NAME.test(name) && !keep.has(name) && fs.statSync(full).mtimeMs < minAge) fs.rmSync(full, { recursive: true, force: true });
  }
  // Left by versions that kept the pointer before the current one.
  fs.rmSync(path.join(dir, 'previous.json'), { force: true });
}
