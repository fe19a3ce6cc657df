import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { bundlePath } from '../../../src/lib/search/files';
import { searchFirstPage } from '../../../src/lib/search/first-page';
import { generationDir, splitBundle, writePointer, type SearchPointer } from '../../../src/lib/search/layout';
import type { SearchState } from '../../../src/scripts/search/hit';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

// The search page's first results from the server (src/lib/search/first-page.ts): the same
// results, in the same order, as the browser's own search over the same bundles; only the
// bundles it is given; and when it cannot answer (a broken bundle, a thread that hangs) it
// says so at once or after its time, and answers again once the bundle is whole.

let pointer: SearchPointer;
let publicOnly: SearchSession;
let withIntern: SearchSession;
const urlsOf = (hits: { url: string }[]) => hits.map((h) => h.url);
const bundlesOf = (audiences: string[]) => audiences.flatMap((a) => pointer.baseBundles.filter((b) => splitBundle(b).audience === a)).map(bundlePath);
const state = (q: string, more: Partial<SearchState> = {}): SearchState => ({ q, filters: {}, sort: 'relevanz', ...more });

beforeAll(async () => {
  const topics = ['Schulsozialarbeit', 'Ganztagsbetreuung', 'Schülerbeförderung', 'Schulbibliothek', 'Schulhofgestaltung'];
  for (let i = 0; i < 24; i++) {
    const topic = topics[i % topics.length]!;
    publishBeitrag({
      tenant: i % 2 ? 'olfen' : 'duelmen',
      title: `${topic} in der Schule ${i + 1}`,
      body: `${'Die Schule berichtet über ihre Erfahrungen. '.repeat(1 + (i % 7))}Zur ${topic} gibt es eine Vorlage für Eltern.`,
      stand: `2025-0${1 + (i % 9)}-1${i % 10}`,
    });
  }
  publishBeitrag({ tenant: 'olfen', title: 'Vergabeverfahren für Schulmöbel', body: 'Das Vergabeverfahren für Schulmöbel lief zweistufig.' });
  publishBeitrag({ tenant: 'duelmen', title: 'Interne Dienstanweisung Mondscheinregel', body: 'Die Mondscheinregel gilt nur intern.', visibility: 'intern' });
  pointer = (await runBuild('full')).pointer!;
  writePointer(pointer);
  publicOnly = await openSearch(getConfig().dataDir, ['public']);
  withIntern = await openSearch(getConfig().dataDir, ['public', 'intern']);
});
afterAll(async () => {
  await publicOnly?.close();
  await withIntern?.close();
});
afterEach(() => {
  delete process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'];
  delete process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_HANG_MS'];
});

/** Replaces the intern bundle's WebAssembly by a pipe: reading it waits until something is written into it. */
function internWasmAsPipe(): { wasm: string; saved: Buffer } {
  const intern = pointer.baseBundles.find((b) => splitBundle(b).audience === 'intern')!;
  const wasm = path.join(generationDir(splitBundle(intern).generation), splitBundle(intern).folder, 'wasm.de.pagefind');
  const saved = fs.readFileSync(wasm);
  fs.rmSync(wasm);
  expect(spawnSync('mkfifo', [wasm]).status).toBe(0);
  return { wasm, saved };
}

describe("the server's first page of results", () => {
  it('holds what the browser finds, in its order, with its excerpts, totals and spelling', async () => {
    const first = new Map<string, object>();
    for (const q of ['Schule', 'Schulsozialarbeit Vorlage', 'Vergabeverfarhen', 'Betreuung', 'Schule -Eltern', '"Vorlage für Eltern"', 'Schul*']) {
      const answer = (await searchFirstPage(bundlesOf(['public']), state(q)))!;
      const browser = await publicOnly.query(q, {}, 100);
      expect(answer, q).not.toBeNull();
      expect(answer.kept, q).toBeUndefined();
      first.set(q, answer);
      expect(urlsOf(answer.hits), q).toEqual(urlsOf(browser.hits).slice(0, 10));
      expect(answer.total, q).toBe(browser.hits.length);
      expect(answer.suggestion, q).toBe(browser.suggestion);
      expect(answer.ranSuggestion, q).toBe(browser.ranSuggestion);
      expect(answer.hits[0]?.meta['title'], q).toBe(browser.hits[0]?.title);
    }
    const typo = (await searchFirstPage(bundlesOf(['public']), state('Vergabeverfarhen')))!;
    expect(typo.suggestion).toBe('Vergabeverfahren');
    // Asked again, the same answer comes from those kept; another offset or filter is searched.
    expect(typo).toEqual({ ...first.get('Vergabeverfarhen'), kept: true });
    expect((await searchFirstPage(bundlesOf(['public']), state('Vergabeverfarhen'), 10))!.kept).toBeUndefined();
    expect((await searchFirstPage(bundlesOf(['public']), state('Vergabeverfarhen', { filters: { kommune: 'Olfen' } })))!.kept).toBeUndefined();
  });

  it('goes on from an offset, and filters like the browser', async () => {
    const all = urlsOf((await publicOnly.search('Schule', {}, 100)));
    expect(all.length).toBeGreaterThan(20);
    expect(urlsOf((await searchFirstPage(bundlesOf(['public']), state('Schule'), 10))!.hits)).toEqual(all.slice(10, 20));
    const olfen = (await searchFirstPage(bundlesOf(['public']), state('Schule', { filters: { kommune: 'Olfen' } })))!;
    expect(olfen.total).toBe((await publicOnly.search('Schule', { kommune: 'Olfen' }, 100)).length);
    for (const hit of olfen.hits) expect(hit.meta['kommune']).toBe('Olfen');
  });

  it('sorts by Stand, newest first, when asked', async () => {
    const answer = (await searchFirstPage(bundlesOf(['public']), state('Schule', { sort: 'datum' })))!;
    const stands = answer.hits.map((h) => h.meta['stand'] ?? '');
    expect(stands).toEqual([...stands].sort().reverse());
    expect(stands[0]).toBe('2025-09-18');
  });

  it('searches only the bundles it is given: an intern Beitrag only with the intern index', async () => {
    expect((await searchFirstPage(bundlesOf(['public']), state('Mondscheinregel')))!.hits).toEqual([]);
    const staff = (await searchFirstPage(bundlesOf(['public', 'intern']), state('Mondscheinregel')))!;
    expect(staff.hits.map((h) => h.meta['title'])).toEqual(['Interne Dienstanweisung Mondscheinregel']);
    expect(urlsOf(staff.hits)).toEqual(urlsOf(await withIntern.search('Mondscheinregel', {}, 10)));
  });

  it('answers nothing when switched off, and leaves a broken bundle to the browser until it is whole again', async () => {
    process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '0';
    expect(await searchFirstPage(bundlesOf(['public']), state('Schule'))).toBeNull();
    delete process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'];

    const intern = pointer.baseBundles.find((b) => splitBundle(b).audience === 'intern')!;
    const entry = path.join(generationDir(splitBundle(intern).generation), splitBundle(intern).folder, 'pagefind-entry.json');
    const saved = fs.readFileSync(entry);
    fs.writeFileSync(entry, '');
    try {
      const started = Date.now();
      // The intern bundle alone: not opened before.
      expect(await searchFirstPage(bundlesOf(['intern']), state('Mondscheinregel'))).toBeNull();
      expect(Date.now() - started).toBeLessThan(3000); // said at once, not after the time allowed
    } finally {
      fs.writeFileSync(entry, saved);
    }
    expect((await searchFirstPage(bundlesOf(['intern']), state('Mondscheinregel')))!.hits).toHaveLength(1);
  });

  it('gives up on a search that never answers, and the next one is answered by a new thread', async () => {
    // A file whose reading never ends (a pipe nobody writes to): pagefind waits for its WebAssembly for ever.
    const { wasm, saved } = internWasmAsPipe();
    process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '1500';
    // The thread counts a search as hung after this (a minute by default).
    process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_HANG_MS'] = '4000';
    const hanging = [...bundlesOf(['intern']), ...bundlesOf(['public'])];
    try {
      // A bundle list opened for the first time: loading it reads the pipe.
      const started = Date.now();
      expect(await searchFirstPage(hanging, state('Mondscheinregel'))).toBeNull();
      expect(Date.now() - started).toBeLessThan(10_000);
      // A search asked meanwhile waits behind the hung one, and is answered by the new thread.
      process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '30000';
      expect((await searchFirstPage(bundlesOf(['public']), state('Schulsozialarbeit')))!.total).toBeGreaterThan(0);
    } finally {
      // Ends the read that still waits, if any (no reader: ENXIO), then puts the file back.
      try {
        fs.closeSync(fs.openSync(wasm, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // nobody reads it any more
      }
      fs.rmSync(wasm);
      fs.writeFileSync(wasm, saved);
    }
    process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '20000';
    expect((await searchFirstPage(bundlesOf(['public']), state('Schule')))!.total).toBeGreaterThan(20);
    // The hung thread was ended: a search of the list it hung on is answered now.
    expect((await searchFirstPage(hanging, state('Mondscheinregel')))!.hits).toHaveLength(1);
  });

  it('lets a search slower than the time allowed finish after the page went without it, and keeps its answer', async () => {
    // The WebAssembly of the intern bundle arrives late: a pipe, filled once the first search has been given up on.
    const { wasm, saved } = internWasmAsPipe();
    process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'] = '1500';
    // Not opened by the thread since the last one was ended.
    const late = bundlesOf(['intern']);
    try {
      expect(await searchFirstPage(late, state('Mondscheinregel'))).toBeNull();
      fs.writeFileSync(wasm, saved); // the thread's read has been waiting for it
    } finally {
      fs.rmSync(wasm);
      fs.writeFileSync(wasm, saved);
    }
    // The same thread finished that search: the next person asking gets its kept answer.
    await expect
      .poll(async () => (await searchFirstPage(late, state('Mondscheinregel')))?.kept, { timeout: 20_000, interval: 200 })
      .toBe(true);
    expect((await searchFirstPage(late, state('Mondscheinregel')))!.hits.map((h) => h.meta['title'])).toEqual(['Interne Dienstanweisung Mondscheinregel']);
  });
});
