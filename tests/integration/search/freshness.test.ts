import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { readPointer } from '../../../src/lib/search/layout';
import { getSearchStatus, rebuildSearchIndex, requestReindex, startSearchIndexing, stopSearchIndexing } from '../../../src/lib/search/scheduler';
import { openSearch } from '../../fixtures/search-client';
import { archiveBeitrag, publishBeitrag, restrictBeitrag } from '../../fixtures/beitraege';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function find(term: string, audiences = ['public']): Promise<string[]> {
  const session = await openSearch(getConfig().dataDir, audiences);
  try {
    return (await session.search(term)).map((h) => h.url);
  } finally {
    await session.close();
  }
}

/** Waits until the scheduler has nothing pending or running. */
async function settled(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const idle = () => getSearchStatus().running.length === 0 && !getSearchStatus().pending;
    if (idle()) {
      await new Promise((r) => setTimeout(r, 500));
      if (idle()) return;
    }
  }
  throw new Error('search builds did not settle');
}

beforeAll(async () => {
  startSearchIndexing();
  // The catch-up build of a fresh start runs first (a busy machine may take a while).
  await settled();
}, 120_000);
afterAll(async () => {
  await stopSearchIndexing();
  await settled();
});
afterEach(() => {
  process.env['WISSENSNETZ_ROOT'] = ROOT;
  delete process.env['WISSENSNETZ_SEARCH_TIMEOUT_S'];
});

describe('search freshness', () => {
  it('finds a Beitrag published after the full build through a small recent build, without rebuilding the base', async () => {
    publishBeitrag({ title: 'Altbestand Kastanienallee', body: 'Ein älterer Beitrag über die Kastanienallee.' });
    expect((await rebuildSearchIndex('test')).ok).toBe(true);
    const base = readPointer()!.base;
    const fresh = publishBeitrag({ title: 'Neuer Beitrag Lindenpromenade', body: 'Frisch veröffentlicht: die Lindenpromenade.' });
    requestReindex('test publish');
    await settled();
    expect(readPointer()!.base).toBe(base);
    expect(readPointer()!.recent).not.toBeNull();
    expect(await find('Lindenpromenade')).toContain(`/duelmen/beitraege/${fresh.slug}`);
    expect(await find('Kastanienallee')).toHaveLength(1);
  });

  it('hides an archived Beitrag at once, although the full build still contains it', async () => {
    const doc = publishBeitrag({ title: 'Archivkandidat Pappelweg', body: 'Der Pappelweg wird bald archiviert.' });
    await rebuildSearchIndex('test');
    await settled();
    expect(await find('Pappelweg')).toContain(`/duelmen/beitraege/${doc.slug}`);
    archiveBeitrag(doc.id);
    requestReindex('test archive');
    await settled();
    expect(await find('Pappelweg')).toEqual([]);
  });

  it('moves a Beitrag restricted to intern out of the public index and into the intern one', async () => {
    const doc = publishBeitrag({ title: 'Ulmenhof wird intern', body: 'Der Ulmenhof ist bald nur für Mitarbeitende.' });
    await rebuildSearchIndex('test');
    await settled();
    restrictBeitrag(doc.id, 'intern');
    requestReindex('test restrict');
    await settled();
    // Word parts may still find other pages ("…hof"); the restricted Beitrag is not among them.
    expect(await find('Ulmenhof')).not.toContain(`/duelmen/beitraege/${doc.slug}`);
    expect(await find('Ulmenhof', ['public', 'intern'])).toContain(`/duelmen/beitraege/${doc.slug}`);
  });

  it('loses no update when Beiträge are published while a build runs', async () => {
    const first = publishBeitrag({ title: 'Erster Ahornbeitrag', body: 'Ahornblatt eins.' });
    requestReindex('first');
    // Wait until the build for the first one runs, then publish the second.
    for (let i = 0; i < 100 && getSearchStatus().running.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const second = publishBeitrag({ title: 'Zweiter Ahornbeitrag', body: 'Ahornblatt zwei.' });
    requestReindex('second');
    await settled();
    expect(await find('Ahornblatt')).toEqual(expect.arrayContaining([`/duelmen/beitraege/${first.slug}`, `/duelmen/beitraege/${second.slug}`]));
  });

  it('keeps the previous index serving when a build fails, and records the error', async () => {
    await settled();
    expect((await rebuildSearchIndex('before failure')).ok).toBe(true);
    const before = readPointer();
    const doc = publishBeitrag({ title: 'Quittenhain nach Fehler', body: 'Der Quittenhain kommt erst nach dem Fehler.' });
    // A root without the worker: the build process cannot start.
    process.env['WISSENSNETZ_ROOT'] = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-noworker-'));
    const status = await rebuildSearchIndex('test failure');
    expect(status.ok).toBe(false);
    expect(status.error).toMatch(/fehlgeschlagen/);
    expect(readPointer()).toEqual(before);
    expect(getSearchStatus().history[0]?.ok).toBe(false);
    process.env['WISSENSNETZ_ROOT'] = ROOT;
    expect(await find('Quittenhain')).toEqual([]);
    expect((await rebuildSearchIndex('after failure')).ok).toBe(true);
    expect(await find('Quittenhain')).toContain(`/duelmen/beitraege/${doc.slug}`);
  });

  it('keeps the previous index serving when a build is killed', async () => {
    await settled();
    expect((await rebuildSearchIndex('before kill')).ok).toBe(true);
    const before = readPointer();
    process.env['WISSENSNETZ_SEARCH_TIMEOUT_S'] = '0.3';
    const status = await rebuildSearchIndex('test kill');
    expect(status.ok).toBe(false);
    expect(status.error).toMatch(/SIGKILL/);
    expect(readPointer()).toEqual(before);
    expect(fs.readdirSync(path.join(getConfig().dataDir, 'search')).filter((f) => f.startsWith('tmp-'))).toEqual([]);
  });
});
