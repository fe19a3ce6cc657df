import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/lib/db/client';
import { users } from '../../src/lib/db/schema';
import { loadViewer, type Viewer } from '../../src/lib/auth/viewer';
import { getDocumentById } from '../../src/lib/documents/revisions';
import { editAnswer, getAnswer, postAnswer } from '../../src/lib/exchange/answers';
import { editComment, getComment, postComment } from '../../src/lib/exchange/comments';
import { resolveItem } from '../../src/lib/exchange/items';
import { hideItem } from '../../src/lib/exchange/moderation';
import { newFormToken } from '../../src/lib/exchange/posting';
import { askQuestion, getQuestion, setQuestionVisibility, type QuestionRow } from '../../src/lib/exchange/questions';
import type { Visibility } from '../../src/lib/documents/vocabulary';
import { startServer, type TestServer } from './server';
import { get, postForm, signInCookie } from './auth';
import { allIndexUrls, bodyText, INDEX_FOLLOWS_MS, indexHolds, readServerPointer, useServerDatabase, waitForIndex } from './search-data';
import { archiveBeitrag, publishBeitrag } from '../fixtures/beitraege';

// The search canary for withdrawn Austausch texts, as for Beiträge (search-withdrawal.test.ts):
// a question, answer or comment in the full ("base") index that is hidden, restricted to its
// Kommune, no longer public, edited, or whose Beitrag is archived must leave every index file
// its former readers can fetch from /suche/daten within the freshness window.

/** The freshness window (the product's target), measured from the change. */
const WINDOW_MS = 10_000;

let server: TestServer;
let senden: string;
let duelmen: string;

beforeAll(async () => {
  // The production bundle, as in operation (its search worker starts with plain node).
  server = await startServer({ entry: 'dist/cli/start.mjs' });
  useServerDatabase(server);
  await waitForIndex(server);
  [senden, duelmen] = await Promise.all([signInCookie(server, server.account('senden', 'mitarbeiter')), signInCookie(server, server.account('duelmen', 'mitarbeiter'))]);
});
afterAll(async () => {
  await server?.stop();
});

/** A demo person as the lib sees them, from the server's database. */
function demoViewer(tenant: string, role: 'mitarbeiter' | 'redakteur' | 'admin'): Viewer {
  const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, server.account(tenant, role).email)).get()!;
  return loadViewer(row.id)!;
}

/** Every index file on disk; a generation the server removes meanwhile is looked at again. */
function indexUrls(): string[] {
  for (let attempt = 1; ; attempt++) {
    try {
      return allIndexUrls(server);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw err;
    }
  }
}

/** Which canaries an audience can read in index files (default: every file on disk, all generations). */
async function canariesSeen(cookie: string | undefined, canaries: string[], urls = indexUrls()): Promise<{ files: number; seen: Set<string> }> {
  const seen = new Set<string>();
  let files = 0;
  // A few requests at a time, so that one look at every file takes a moment, not the window.
  const queue = [...urls];
  const fetcher = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const res = await get(server, url, cookie);
      if (res.status !== 200) continue;
      files++;
      const text = await bodyText(res);
      for (const c of canaries) if (text.includes(c.toLowerCase())) seen.add(c);
    }
  };
  await Promise.all(Array.from({ length: 6 }, fetcher));
  return { files, seen };
}

/** The index files of the bundles a pointer (default: the current one) serves: what a browser can get with it. */
function servedUrls(pointer = readServerPointer(server)): string[] {
  if (!pointer) return [];
  const served = new Set([...pointer.baseBundles, ...pointer.recentBundles, ...(pointer.grace ?? [])]);
  return indexUrls().filter((u) => served.has(u.split('/').slice(3, 5).join('/')));
}

describe('the search canary for withdrawn Austausch texts', () => {
  it('leaves no index file the former readers can fetch with a hidden, restricted or replaced text, soon after the change', async () => {
    const stamp = Date.now().toString(36);
    const word = (tag: string) => `kanarie${tag}${stamp}`;
    const asker = demoViewer('duelmen', 'mitarbeiter');
    const helper = demoViewer('duelmen', 'redakteur');
    const admin = demoViewer('duelmen', 'admin');
    const ask = (tag: string, visibility: Visibility = 'intern'): QuestionRow => {
      const o = askQuestion(asker, { tenant: 'duelmen', title: `Kanarienfrage ${tag}`, body: `Wer kennt ${word(tag)}?`, topics: ['schule'], tags: [], visibility: visibility === 'oeffentlich' ? 'intern' : visibility }, newFormToken());
      if (!o.ok) throw new Error('question refused');
      if (visibility === 'oeffentlich') setQuestionVisibility(admin, getQuestion(o.id)!, 'oeffentlich', '192.0.2.1');
      return getQuestion(o.id)!;
    };
    const reply = (q: QuestionRow, tag: string): number => {
      const o = postAnswer(helper, q, { tenant: 'duelmen', body: `Wir kennen ${word(tag)}.`, links: [] }, newFormToken());
      if (!o.ok) throw new Error('answer refused');
      return o.id;
    };
    const remark = (docId: number, tag: string): number => {
      const o = postComment(helper, getDocumentById(docId)!, { tenant: 'duelmen', body: `Kommentar ${word(tag)}.` }, newFormToken());
      if (!o.ok) throw new Error('comment refused');
      return o.id;
    };
    const beitrag = publishBeitrag({ tenant: 'duelmen', visibility: 'oeffentlich', title: 'Beitrag mit Kanarienkommentaren', body: 'Text.' });
    const toArchive = publishBeitrag({ tenant: 'duelmen', visibility: 'oeffentlich', title: 'Bald archivierter Beitrag mit Kommentar', body: 'Text.' });

    const hiddenQuestion = ask('frageweg');
    const answerOfHidden = reply(hiddenQuestion, 'antwortderfrage');
    const open = ask('offen');
    const hiddenAnswer = reply(open, 'antwortweg');
    const editedAnswer = reply(open, 'antwortalt');
    const toKommune = ask('fragekommune');
    const answerToKommune = reply(toKommune, 'antwortkommune');
    const noLongerPublic = ask('fragenichtoeffentlich', 'oeffentlich');
    const hiddenComment = remark(beitrag.id, 'kommentarweg');
    const editedComment = remark(beitrag.id, 'kommentaralt');
    const archivedComment = remark(toArchive.id, 'kommentararchiv');
    const keys = [
      `question:${hiddenQuestion.id}`,
      `answer:${answerOfHidden}`,
      `question:${open.id}`,
      `answer:${hiddenAnswer}`,
      `answer:${editedAnswer}`,
      `question:${toKommune.id}`,
      `answer:${answerToKommune}`,
      `question:${noLongerPublic.id}`,
      `comment:${hiddenComment}`,
      `comment:${editedComment}`,
      `comment:${archivedComment}`,
    ];

    // Everything in the full index first (the harder case: its shards must be copied without them).
    await waitForIndex(server, (p) => p.recent !== null && indexHolds(server, p, keys), 60_000);
    const kreis = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    expect((await postForm(server, '/verwaltung/suche', {}, { cookie: kreis })).status).toBe(303);
    await waitForIndex(server, (p) => p.recent === null && indexHolds(server, p, keys), 90_000);
    const internWords = ['frageweg', 'antwortderfrage', 'antwortweg', 'antwortalt', 'fragekommune', 'antwortkommune', 'kommentarweg', 'kommentaralt', 'kommentararchiv'].map(word);
    expect([...(await canariesSeen(senden, internWords)).seen].sort(), 'the canaries reach staff of another Kommune at first').toEqual([...internWords].sort());
    expect((await canariesSeen(undefined, [word('fragenichtoeffentlich')])).seen.size, 'the public question reaches anonymous visitors at first').toBe(1);

    // The changes, as moderators, admins and authors make them.
    const changedAt = Date.now();
    expect(hideItem(admin, resolveItem('frage', hiddenQuestion.id)!, 'Doppelt gestellt', '192.0.2.1').ok).toBe(true);
    expect(hideItem(admin, resolveItem('antwort', hiddenAnswer)!, 'Werbung', '192.0.2.1').ok).toBe(true);
    expect(hideItem(admin, resolveItem('kommentar', hiddenComment)!, 'Beleidigend', '192.0.2.1').ok).toBe(true);
    setQuestionVisibility(admin, getQuestion(toKommune.id)!, 'kommune', '192.0.2.1');
    setQuestionVisibility(admin, getQuestion(noLongerPublic.id)!, 'intern', '192.0.2.1');
    expect(editAnswer(helper, getAnswer(editedAnswer)!, { body: `Neu: ${word('antwortneu')}.`, links: [] }).ok).toBe(true);
    expect(editComment(helper, getComment(editedComment)!, `Neu: ${word('kommentarneu')}.`).ok).toBe(true);
    archiveBeitrag(toArchive.id);

    // Within the window, what the current pointer serves loses every canary (polled), …
    const withdrawn: [string | undefined, string[]][] = [
      [senden, ['frageweg', 'antwortderfrage', 'antwortweg', 'antwortalt', 'fragekommune', 'antwortkommune', 'kommentarweg', 'kommentaralt', 'kommentararchiv'].map(word)],
      [undefined, [word('fragenichtoeffentlich')]],
    ];
    // When each pointer was first served (read often; looking through its files takes longer).
    const firstServed = new Map<string, number>();
    const notePointer = () => {
      const p = readServerPointer(server);
      if (p && !firstServed.has(JSON.stringify(p))) firstServed.set(JSON.stringify(p), Date.now());
      return p;
    };
    const watcher = setInterval(notePointer, 100);
    let left = Infinity;
    try {
      for (;;) {
        const pointer = notePointer();
        const since = firstServed.get(JSON.stringify(pointer))!;
        // Files of a served bundle never change, only the pointer does: a clean pointer was clean since it was served.
        const urls = servedUrls(pointer);
        const still = await Promise.all(withdrawn.map(async ([cookie, words]) => (await canariesSeen(cookie, words, urls)).seen.size));
        if (still.every((n) => n === 0)) {
          left = since - changedAt;
          break;
        }
        if (Date.now() - changedAt > INDEX_FOLLOWS_MS) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      clearInterval(watcher);
    }
    expect(left, 'the withdrawn texts left the served index after (ms)').toBeLessThanOrEqual(INDEX_FOLLOWS_MS);

    // … and after it, no file on disk, of any generation, that the audience can fetch has one.
    await new Promise((r) => setTimeout(r, Math.max(0, changedAt + WINDOW_MS - Date.now())));
    for (const [cookie, words] of withdrawn) {
      const after = await canariesSeen(cookie, words);
      expect(after.files).toBeGreaterThan(10);
      expect([...after.seen], `canaries ${cookie ? 'staff of another Kommune' : 'an anonymous visitor'} can still download`).toEqual([]);
    }

    // The same check finds what each audience may still read: the canaries are really indexed.
    const readable: [string, string[]][] = [
      [duelmen, [word('fragekommune'), word('antwortkommune'), word('fragenichtoeffentlich')]],
      [senden, [word('antwortneu'), word('kommentarneu'), word('fragenichtoeffentlich')]],
    ];
    for (const [cookie, words] of readable) {
      const until = Date.now() + 30_000;
      let seen = new Set<string>();
      while ((seen = (await canariesSeen(cookie, words, servedUrls())).seen).size < words.length && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
      expect([...seen].sort()).toEqual([...words].sort());
    }
  }, 300_000);
});
