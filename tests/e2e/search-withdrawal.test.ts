import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { get, postForm, signInCookie } from './auth';
import { allIndexUrls, bodyText, INDEX_FOLLOWS_MS, indexHolds, readServerPointer, useServerDatabase, waitForIndex } from './search-data';
import { publishBeitrag } from '../fixtures/beitraege';
import type { DocumentRow } from '../../src/lib/documents/store';
import type { SearchPointer } from '../../src/lib/search/layout';

// The search canary for text that was readable once and is withdrawn: a Beitrag in the full
// ("base") index that becomes "nur Kommune" or intern, is archived, edited, or loses a file
// version (with the approval of that removal). A file waiting for review never reaches an index. Within the freshness window no file that the old audience can download from
// /suche/daten may hold its text or URL any more — checked by fetching every index file on
// disk, of every generation, as that audience.

/** The freshness window (the product's target), measured from the answer to the approval, archive or deletion. */
const WINDOW_MS = 10_000;

let server: TestServer;
let editor: string;
let admin: string;
let kreis: string;
let senden: string;
let duelmen: string;

beforeAll(async () => {
  // The production bundle, as the hub runs in operation: its search worker starts with plain
  // node (started from source, tsx would compile the worker's modules first).
  server = await startServer({ entry: 'dist/cli/start.mjs' });
  useServerDatabase(server);
  await waitForIndex(server);
  [editor, admin, kreis, senden, duelmen] = await Promise.all([
    signInCookie(server, server.account('duelmen', 'redakteur')),
    signInCookie(server, server.account('duelmen', 'admin')),
    signInCookie(server, server.account('kreis-coesfeld', 'admin')),
    signInCookie(server, server.account('senden', 'mitarbeiter')),
    signInCookie(server, server.account('duelmen', 'mitarbeiter')),
  ]);
});
afterAll(async () => {
  await server?.stop();
});

const pathOf = (doc: DocumentRow) => `/${doc.tenant}/beitraege/${doc.slug}`;

/** Which of the canaries an audience can read in any index file on disk (all generations), or on the search page. */
async function canariesSeen(cookie: string | undefined, canaries: string[], urls = allIndexUrls(server)): Promise<{ files: number; seen: Set<string> }> {
  const seen = new Set<string>();
  let files = 0;
  for (const url of [...urls, '/suche?q=kanarie']) {
    const res = await get(server, url, cookie);
    if (res.status !== 200) continue;
    files++;
    const text = await bodyText(res);
    for (const c of canaries) if (text.includes(c.toLowerCase())) seen.add(c);
  }
  return { files, seen };
}

/** The index files of the bundles the current pointer serves: what a browser can get right now. */
function servedUrls(): string[] {
  const pointer = readServerPointer(server);
  if (!pointer) return [];
  const served = new Set([...pointer.baseBundles, ...pointer.recentBundles, ...(pointer.grace ?? [])]);
  return allIndexUrls(server).filter((u) => served.has(u.split('/').slice(3, 5).join('/')));
}

/** Saves a new revision through the editor and has the Dülmen admin approve it; resolves at the approval's answer. */
async function editAndApprove(doc: DocumentRow, changes: { visibility?: string; body?: string }): Promise<number> {
  const page = `${pathOf(doc)}/bearbeiten`;
  const form = await (await get(server, page, editor)).text();
  const baseRevision = /name="baseRevision" value="(\d+)"/.exec(form)?.[1];
  expect(baseRevision, 'the editor shows the revision it starts from').toBeDefined();
  const saved = await postForm(
    server,
    page,
    {
      baseRevision: baseRevision!,
      title: doc.title,
      summary: `Ein Testbeitrag: ${doc.title}.`,
      topics: 'verwaltung',
      tags: '',
      body: changes.body ?? (await bodyOf(doc)),
      contactMailbox: 'test@example.invalid',
      contactPerson: '',
      stand: '2025-03-01',
      reviewDue: '2026-03-01',
      visibility: changes.visibility ?? doc.visibility,
      note: 'Geändert',
      aktion: 'einreichen',
    },
    { cookie: editor },
  );
  expect(saved.status, `saving ${page}`).toBe(303);
  return approve(doc);
}

/** Submits the draft that carries the editor's file changes and has the Dülmen admin approve it. */
async function submitFilesAndApprove(doc: DocumentRow): Promise<number> {
  const files = await (await get(server, `${pathOf(doc)}/dateien`, editor)).text();
  const revision = /name="revision" value="(\d+)"/.exec(files)?.[1];
  expect(revision, 'the files page offers to submit the draft carrying the files').toBeDefined();
  expect((await postForm(server, `${pathOf(doc)}/aktion`, { aktion: 'einreichen', revision: revision! }, { cookie: editor })).status).toBe(303);
  return approve(doc);
}

/** The Dülmen admin approves the revision in review; resolves at the approval's answer. */
async function approve(doc: DocumentRow): Promise<number> {
  const page = `${pathOf(doc)}/pruefung`;
  const review = await (await get(server, `${pathOf(doc)}/pruefung`, admin)).text();
  const revision = /name="revision" value="(\d+)"/.exec(review)?.[1];
  expect(revision).toBeDefined();
  const approved = await postForm(server, `${pathOf(doc)}/pruefung`, { aktion: 'freigeben', revision: revision!, kommentar: '' }, { cookie: admin });
  expect(approved.status, `approving ${page}`).toBe(303);
  return Date.now();
}

const bodies = new Map<number, string>();
const bodyOf = async (doc: DocumentRow) => bodies.get(doc.id)!;

/** A Beitrag of Dülmen whose text (not its title) holds the canary word. */
function canaryBeitrag(name: string, word: string, visibility: 'oeffentlich' | 'intern' | 'kommune'): DocumentRow {
  const body = `Dieser Beitrag nennt das Wort ${word} im Text.`;
  const doc = publishBeitrag({ tenant: 'duelmen', visibility, title: `Kanarienbeitrag ${name}`, body });
  bodies.set(doc.id, body);
  return doc;
}

async function upload(doc: DocumentRow, text: string, artefact?: string, title = 'Kanarienliste'): Promise<void> {
  const body = new FormData();
  body.set('titel', title);
  body.set('beschreibung', '');
  body.set('lizenz', 'CC-BY-4.0');
  body.set('version', artefact ? '2.0' : '1.0');
  if (artefact) body.set('artefakt', artefact);
  body.set('datei', new Blob([text], { type: 'text/plain' }), 'liste.txt');
  const res = await fetch(`${server.url}${pathOf(doc)}/dateien`, { method: 'POST', headers: { Origin: server.url, cookie: editor }, body, redirect: 'manual' });
  expect(res.status, 'upload').toBe(303);
}

describe('the search canary for withdrawn text', () => {
  it('leaves no index file the old audience can fetch with the text or URL, soon after the change, without a rebuild', async () => {
    const stamp = Date.now().toString(36);
    const word = (tag: string) => `kanarie${tag}${stamp}`;
    const toKommune = canaryBeitrag('kommune', word('kommune'), 'oeffentlich');
    const toIntern = canaryBeitrag('intern', word('intern'), 'oeffentlich');
    const internToKommune = canaryBeitrag('internkommune', word('internkommune'), 'intern');
    const archived = canaryBeitrag('archiv', word('archiv'), 'oeffentlich');
    const edited = canaryBeitrag('alttext', word('alttext'), 'oeffentlich');
    const withFile = canaryBeitrag('datei', word('datei'), 'oeffentlich');
    // Files of a published Beitrag reach readers with the approval of the revision carrying them.
    await upload(withFile, `Erste Fassung: ${word('dateieins')}\n`);
    await submitFilesAndApprove(withFile);
    const files = await (await get(server, `${pathOf(withFile)}/dateien`, editor)).text();
    const artefact = /name="artefakt" value="(\d+)"/.exec(files)?.[1];
    await upload(withFile, `Zweite Fassung: ${word('dateizwei')}\n`, artefact);
    await submitFilesAndApprove(withFile);
    // A file waiting for review: neither its title nor its text may reach any index.
    const waiting = canaryBeitrag('wartet', word('wartetbeitrag'), 'oeffentlich');
    await upload(waiting, `Noch nicht freigegeben: ${word('wartettext')}\n`, undefined, `Liste ${word('wartettitel')}`);
    const pendingWords = [word('wartettitel'), word('wartettext')];

    // The scenario of the report: everything is in the full index first.
    const docs = [toKommune, toIntern, internToKommune, archived, edited, withFile, waiting];
    await waitForIndex(server, (p) => p.recent !== null, 30_000);
    expect((await postForm(server, '/verwaltung/suche', {}, { cookie: kreis })).status).toBe(303);
    const base = await waitForIndex(server, (p) => p.recent === null && indexHolds(server, p, docs.map((d) => `doc:${d.id}`)), 90_000);
    expect(base.recentBundles).toEqual([]);
    const publicWords = [word('kommune'), word('intern'), word('archiv'), word('alttext'), word('dateizwei')];
    let before = await canariesSeen(undefined, publicWords);
    // The text of the file's newest version is read before the full build; give a busy machine time.
    for (let i = 0; i < 30 && before.seen.size < publicWords.length; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      before = await canariesSeen(undefined, publicWords);
    }
    expect([...before.seen].sort(), 'the canaries are in the public index at first').toEqual([...publicWords].sort());
    expect((await canariesSeen(senden, [word('internkommune')])).seen.size, 'the intern canary reaches other Kommunen at first').toBe(1);
    expect((await canariesSeen(duelmen, [word('wartetbeitrag')])).seen.size, 'the Beitrag with the waiting file is indexed').toBe(1);
    expect([...(await canariesSeen(duelmen, pendingWords)).seen], 'a file waiting for review reaches no index').toEqual([]);

    const newest = /name="version" value="(\d+)"/.exec(await (await get(server, `${pathOf(withFile)}/dateien`, editor)).text())?.[1];
    const deleted = await postForm(server, `${pathOf(withFile)}/dateien/loeschen`, { version: newest! }, { cookie: editor });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toContain('entfernen=1');
    // Asked for, the removal waits for review: the version stays published and findable …
    await new Promise((r) => setTimeout(r, 3000));
    expect([...(await canariesSeen(undefined, [word('dateizwei')], servedUrls())).seen], 'a requested removal leaves the text until approval').toEqual([word('dateizwei')]);
    // It leaves with the approval (below, with the other changes).

    // The changes, as people make them.
    const changedAt: Record<string, number> = {};
    changedAt['kommune'] = await editAndApprove(toKommune, { visibility: 'kommune' });
    changedAt['intern'] = await editAndApprove(toIntern, { visibility: 'intern' });
    changedAt['internkommune'] = await editAndApprove(internToKommune, { visibility: 'kommune' });
    changedAt['alttext'] = await editAndApprove(edited, { body: `Der neue Text nennt ${word('neutext')}.` });
    const archivedAnswer = await postForm(server, `${pathOf(archived)}/aktion`, { aktion: 'archivieren' }, { cookie: admin });
    expect(archivedAnswer.status).toBe(303);
    changedAt['archiv'] = Date.now();
    changedAt['dateizwei'] = await submitFilesAndApprove(withFile);

    // Within the window, what the current pointer serves loses each canary (polled), …
    const gone: Record<string, number> = {};
    const watch = async (tag: string, cookie: string | undefined) => {
      for (;;) {
        if (!(await canariesSeen(cookie, [word(tag)], servedUrls())).seen.size) return void (gone[tag] = Date.now() - changedAt[tag]!);
        if (Date.now() - changedAt[tag]! > INDEX_FOLLOWS_MS) return void (gone[tag] = Infinity);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    await Promise.all([watch('kommune', undefined), watch('intern', undefined), watch('internkommune', senden), watch('alttext', undefined), watch('archiv', undefined), watch('dateizwei', undefined)]);
    for (const [tag, ms] of Object.entries(gone)) expect(ms, `${tag} left the served index after`).toBeLessThanOrEqual(INDEX_FOLLOWS_MS);

    // … and after it, no file on disk, of any generation, that the audience can fetch has it.
    const last = Math.max(...Object.values(changedAt));
    await new Promise((r) => setTimeout(r, Math.max(0, last + WINDOW_MS - Date.now())));
    const anonymous = await canariesSeen(undefined, [...publicWords, word('internkommune'), ...pendingWords]);
    expect(anonymous.files).toBeGreaterThan(20);
    expect([...anonymous.seen], 'canaries an anonymous visitor can still download').toEqual([]);
    const otherKommune = await canariesSeen(senden, [word('kommune'), word('internkommune'), word('archiv'), word('alttext'), word('dateizwei')]);
    expect([...otherKommune.seen], 'canaries staff of another Kommune can still download').toEqual([]);
    expect([...(await canariesSeen(duelmen, pendingWords)).seen], 'the file waiting for review, for staff of its Kommune').toEqual([]);
    // The URLs of the Beiträge that left the public index are gone too (fragments hold them as JSON strings).
    const urls = [toKommune, toIntern, archived].map((d) => `"${pathOf(d)}"`);
    expect([...(await canariesSeen(undefined, urls)).seen]).toEqual([]);

    // The same check finds what each audience may still read: the canaries are really indexed
    // (the text of the older file version comes in once it has been read: waited for).
    const readable: [string | undefined, string[]][] = [
      [duelmen, [word('kommune'), word('internkommune'), word('intern'), word('neutext'), word('dateieins')]],
      [senden, [word('intern')]],
      [undefined, [word('neutext'), word('dateieins')]],
    ];
    for (const [cookie, words] of readable) {
      const until = Date.now() + 30_000;
      let seen = new Set<string>();
      while ((seen = (await canariesSeen(cookie, words, servedUrls())).seen).size < words.length && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
      expect([...seen].sort()).toEqual([...words].sort());
    }
  }, 480_000);

  it('hands out no result id of a withdrawn entry on the search page', async () => {
    const page = await (await get(server, '/suche?q=kanarie')).text();
    expect(page).not.toContain('data-hidden');
    const pointer = readServerPointer(server) as SearchPointer;
    const config = JSON.parse(/data-bundles="([^"]*)"/.exec(page)![1]!.replace(/&quot;/g, '"')) as string[];
    // Only public bundles of the current pointer, nothing of an earlier build.
    for (const b of config) expect([...pointer.baseBundles, ...pointer.recentBundles].map((x) => `/suche/daten/${x}/`)).toContain(b);
    for (const b of config) expect(b).toMatch(/\/public(\.\d+)?\/$/);
  });
});
