import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { resetConfig } from '../../src/lib/config';
import { closeDb } from '../../src/lib/db/client';
import type { SearchPointer } from '../../src/lib/search/layout';
import type { TestServer } from './server';

/**
 * Points this test process's database handle at the server's data folder, so fixtures
 * (tests/fixtures/beitraege.ts) write through the documents store into the running hub.
 * The server notices writes of other processes within a second and reindexes.
 */
export function useServerDatabase(server: TestServer): void {
  process.env['WISSENSNETZ_DATA_DIR'] = server.dataDir;
  process.env['WISSENSNETZ_ROOT'] = path.resolve(import.meta.dirname, '../..');
  resetConfig();
  closeDb();
}

export function readServerPointer(server: TestServer): SearchPointer | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(server.dataDir, 'search', 'current.json'), 'utf8')) as SearchPointer;
  } catch {
    return null;
  }
}

/**
 * How long an e2e test waits for the index to follow a change (publication, withdrawal).
 * The product's target is 10 s on a quiet machine, which `npm run bench:search` measures
 * and prints (publish-to-searchable, withdrawal); during the test run vitest's parallel
 * servers load both cores and index builds queue behind each other, so the tests assert
 * that the change arrives without a manual rebuild, within this bound.
 */
export const INDEX_FOLLOWS_MS = 60_000;

/** Waits until the server has a search index (the first build runs after listening). */
export async function waitForIndex(server: TestServer, until: (p: SearchPointer) => boolean = () => true, timeoutMs = 60_000): Promise<SearchPointer> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = readServerPointer(server);
    if (p && until(p)) return p;
    if (Date.now() > end) throw new Error('search index did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every index file URL that exists on disk, in every generation and audience (a generation removed meanwhile is skipped). */
export function allIndexUrls(server: TestServer): string[] {
  const root = path.join(server.dataDir, 'search');
  const urls: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      // A generation the server removed while we walked it (an older one, replaced by a newer build).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else urls.push(`/suche/daten${rel}/${e.name}`);
    }
  };
  for (const gen of fs.readdirSync(root)) if (/^[br]-/.test(gen)) walk(path.join(root, gen), `/${gen}`);
  return urls;
}

/** A response body as text, gunzipped when it is gzip (pagefind's chunks and fragments are). */
export async function bodyText(res: Response): Promise<string> {
  const buf = Buffer.from(await res.arrayBuffer());
  const raw = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
  return raw.toString('utf8').toLowerCase();
}

/** Whether the generations a pointer serves (base and recent) hold all of these entries ("doc:<id>"). */
export function indexHolds(server: TestServer, pointer: SearchPointer, keys: string[]): boolean {
  const held = new Set<string>();
  for (const generation of [pointer.base, pointer.recent]) {
    if (!generation) continue;
    try {
      const snapshot = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'search', generation, 'snapshot.json'), 'utf8')) as { entries: Record<string, unknown> };
      for (const key of Object.keys(snapshot.entries)) held.add(key);
    } catch {
      // not written yet
    }
  }
  return keys.every((k) => held.has(k));
}
