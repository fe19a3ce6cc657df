import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { get, postForm, signInCookie } from './auth';
import { allIndexUrls, bodyText, INDEX_FOLLOWS_MS, readServerPointer, useServerDatabase, waitForIndex } from './search-data';
import { docxWithDocumentXml } from '../fixtures/hostile-files';
import { resetConfig } from '../../src/lib/config';
import { closeDb, getDb } from '../../src/lib/db/client';
import { migrateDatabase } from '../../src/lib/db/migrate';
import { insertDocument } from '../../src/lib/documents/store';
import { generateBeitrag, prng } from '../bench/corpus';
import { publishBeitrag } from '../fixtures/beitraege';

// A file built to make text extraction slow must cost its own Beitrag a few seconds at
// most, never the freshness of the others; and the search worker must not outlive a
// server that was killed.

/** Descendant processes of `pid` (children, their children, …) with their command lines. */
function descendants(pid: number): Map<number, string> {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  const found = new Map<number, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of parents) {
      if ((parent === pid || found.has(parent)) && !found.has(child)) {
        found.set(child, alive(child) ? fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ') : '');
        grew = true;
      }
    }
  }
  return found;
}

/** Running (not gone, not a zombie waiting for its parent). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('a hostile file attached to a Beitrag', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The production bundle, as the hub runs in operation: its search worker starts with plain
    // node (started from source, tsx would compile the worker's modules first).
    server = await startServer({ entry: 'dist/cli/start.mjs' });
    useServerDatabase(server);
    await waitForIndex(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('does not keep another Beitrag published right after it from becoming searchable', async () => {
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    // 400 KB of "<" as word/document.xml: 662 bytes as a file, minutes for the old extraction.
    const hostile = docxWithDocumentXml('<'.repeat(400_000));
    expect(hostile.length).toBeLessThan(2000);
    const owner = publishBeitrag({ tenant: 'duelmen', title: 'Bericht mit Anlage', body: 'Die Anlage folgt.' });
    await waitForIndex(server, (p) => p.recent !== null, 30_000);
    const beitrag = `/duelmen/beitraege/${owner.slug}`;
    const body = new FormData();
    body.set('titel', 'Anlage Bericht');
    body.set('beschreibung', '');
    body.set('lizenz', 'CC-BY-4.0');
    body.set('version', '1.0');
    body.set('datei', new Blob([new Uint8Array(hostile)]), 'bericht.docx');
    const upload = await fetch(`${server.url}${beitrag}/dateien`, { method: 'POST', headers: { Origin: server.url, cookie: editor }, body, redirect: 'manual' });
    expect(upload.status, 'the hostile Word file passes the upload checks').toBe(303);

    const word = `zitronenfalter${Date.now().toString(36)}`;
    const created = await postForm(
      server,
      '/duelmen/beitraege/neu?art=erfahrungsbericht',
      { title: `Falterwiese ${word}`, summary: 'Ein Beitrag, der gleich nach der Datei veröffentlicht wird.', topics: 'innenstadt', tags: '', body: `Die Wiese der ${word} wird gepflegt.`, contactMailbox: 'gruen@duelmen.example', contactPerson: '', stand: '2026-05-01', reviewDue: '2027-05-01', visibility: 'oeffentlich', note: 'Erste Fassung', aktion: 'einreichen' },
      { cookie: editor },
    );
    expect(created.status).toBe(303);
    const path_ = new URL(created.headers.get('location')!, server.url).pathname;
    const revision = /name="revision" value="(\d+)"/.exec(await (await get(server, `${path_}/pruefung`, admin)).text())?.[1];
    const approved = await postForm(server, `${path_}/pruefung`, { aktion: 'freigeben', revision: revision!, kommentar: '' }, { cookie: admin });
    expect(approved.status).toBe(303);
    const publishedAt = Date.now();

    // Searchable means: an anonymous visitor can download index files that hold the word.
    let found = false;
    while (!found && Date.now() - publishedAt < INDEX_FOLLOWS_MS) {
      const pointer = readServerPointer(server);
      const served = new Set(pointer ? [...pointer.baseBundles, ...pointer.recentBundles] : []);
      for (const url of allIndexUrls(server).filter((u) => served.has(u.split('/').slice(3, 5).join('/')) && u.includes('/public'))) {
        const res = await get(server, url);
        if (res.status === 200 && (await bodyText(res)).includes(word)) {
          found = true;
          break;
        }
      }
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    const took = Date.now() - publishedAt;
    expect(found, 'the new Beitrag became searchable at all').toBe(true);
    expect(took, 'publish-to-searchable with a hostile file waiting to be read').toBeLessThanOrEqual(INDEX_FOLLOWS_MS);
    // The server is still answering and the hostile file's Beitrag is still there.
    expect((await get(server, beitrag)).status).toBe(200);
  }, 120_000);
});

describe('a search worker whose server was killed', () => {
  it('ends within a few seconds, with everything it started', async () => {
    // Enough Beiträge that the first full build runs for a while.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-e2e-orphan-'));
    process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
    resetConfig();
    closeDb();
    migrateDatabase(getDb());
    const rnd = prng(7);
    getDb().transaction(() => {
      for (let i = 0; i < 800; i++) {
        const b = generateBeitrag(rnd, i);
        insertDocument({ tenant: b.tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data: b.data, bodyMd: b.bodyMd, status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: '' }] });
      }
    });
    closeDb();
    const server = await startServer({ dataDir });
    const pid = server.process.pid!;
    let workers = new Map<number, string>();
    try {
      // Wait until the full build is under way (the worker has started pagefind), then kill the server the hard way.
      const until = Date.now() + 120_000;
      const running = (cmds: string[]) => cmds.some((cmd) => /search-worker\.(ts|mjs) full/.test(cmd)) && cmds.some((cmd) => /pagefind/.test(cmd));
      while (!running([...(workers = descendants(pid)).values()])) {
        if (Date.now() > until) throw new Error(`no full build with pagefind within 120 s: ${[...workers.values()].join(' | ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await server.stop('SIGKILL');
      const killedAt = Date.now();
      while ([...workers.keys()].some(alive) && Date.now() - killedAt < 20_000) await new Promise((r) => setTimeout(r, 100));
      const left = [...workers].filter(([p]) => alive(p)).map(([p, cmd]) => `${p} ${cmd.slice(0, 120)}`);
      expect(left, 'processes of the killed server still running').toEqual([]);
      expect(Date.now() - killedAt).toBeLessThan(5000);
    } finally {
      // Nothing of this test may stay behind, whatever failed.
      for (const p of workers.keys()) if (alive(p)) process.kill(p, 'SIGKILL');
      if (server.process.exitCode === null && server.process.signalCode === null) await server.stop('SIGKILL');
    }
  }, 240_000);
});
