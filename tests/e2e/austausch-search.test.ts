import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDb } from '../../src/lib/db/client';
import { users } from '../../src/lib/db/schema';
import { loadViewer, type Viewer } from '../../src/lib/auth/viewer';
import { getDocumentById } from '../../src/lib/documents/revisions';
import { postAnswer } from '../../src/lib/exchange/answers';
import { postComment } from '../../src/lib/exchange/comments';
import { resolveItem } from '../../src/lib/exchange/items';
import { hideItem } from '../../src/lib/exchange/moderation';
import { newFormToken } from '../../src/lib/exchange/posting';
import { askQuestion, getQuestion } from '../../src/lib/exchange/questions';
import { startServer, type TestServer } from './server';
import { expectNoProblems, launchBrowser, openPage } from './browser';
import { get, signIn, signInCookie } from './auth';
import { allIndexUrls, bodyText, INDEX_FOLLOWS_MS, readServerPointer, useServerDatabase, waitForIndex } from './search-data';
import { publishBeitrag } from '../fixtures/beitraege';

// The search canary for the Austausch: a word in an intern and in a "nur Kommune" question,
// answer and comment must never reach an anonymous visitor, the "nur Kommune" words never
// members of other Kommunen; hidden texts leave the results with the next small build.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  useServerDatabase(server);
  await waitForIndex(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A demo person as the lib sees them, from the server's database. */
function demoViewer(tenant: string, role: 'mitarbeiter' | 'redakteur' | 'admin'): Viewer {
  const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, server.account(tenant, role).email)).get()!;
  return loadViewer(row.id)!;
}

const stamp = Date.now();
const WORDS = {
  frageIntern: `kanarienfrageintern${stamp}`,
  frageKommune: `kanarienfragekommune${stamp}`,
  antwortIntern: `kanarienantwortintern${stamp}`,
  antwortKommune: `kanarienantwortkommune${stamp}`,
  kommentarIntern: `kanarienkommentarintern${stamp}`,
  kommentarKommune: `kanarienkommentarkommune${stamp}`,
};
const INTERN = [WORDS.frageIntern, WORDS.antwortIntern, WORDS.kommentarIntern];
const KOMMUNE = [WORDS.frageKommune, WORDS.antwortKommune, WORDS.kommentarKommune];
let hideLater: { answer: number; comment: number } = { answer: 0, comment: 0 };

describe('the Austausch canary', () => {
  it('never reaches an anonymous visitor, and "nur Kommune" words never reach members of other Kommunen', async () => {
    const asker = demoViewer('duelmen', 'mitarbeiter');
    const helper = demoViewer('duelmen', 'redakteur');
    const ask = (word: string, visibility: 'intern' | 'kommune') => {
      const o = askQuestion(asker, { tenant: 'duelmen', title: `Frage ${word}`, body: `Wer kennt ${word}?`, topics: ['schule'], tags: [], visibility }, newFormToken());
      if (!o.ok) throw new Error('refused');
      return getQuestion(o.id)!;
    };
    const reply = (q: ReturnType<typeof ask>, word: string) => {
      const o = postAnswer(helper, q, { tenant: 'duelmen', body: `Wir kennen ${word}.`, links: [] }, newFormToken());
      if (!o.ok) throw new Error('refused');
      return o.id;
    };
    const remark = (visibility: 'oeffentlich' | 'kommune', word: string) => {
      const doc = publishBeitrag({ tenant: 'duelmen', visibility, title: `Beitrag mit Kommentar (${visibility})`, body: 'Text.' });
      const o = postComment(helper, getDocumentById(doc.id)!, { tenant: 'duelmen', body: `Kommentar ${word}.` }, newFormToken());
      if (!o.ok) throw new Error('refused');
      return o.id;
    };
    const internAnswer = reply(ask(WORDS.frageIntern, 'intern'), WORDS.antwortIntern);
    reply(ask(WORDS.frageKommune, 'kommune'), WORDS.antwortKommune);
    // A comment on a public Beitrag is intern: comments are never public.
    const internComment = remark('oeffentlich', WORDS.kommentarIntern);
    remark('kommune', WORDS.kommentarKommune);
    hideLater = { answer: internAnswer, comment: internComment };
    const fetchAll = async (cookie?: string) => {
      const seen = new Map<string, number>(Object.values(WORDS).map((w) => [w, 0]));
      for (const url of [...allIndexUrls(server), '/suche?q=kanarien', '/fragen']) {
        const res = await get(server, url, cookie);
        if (res.status !== 200) continue;
        const text = await bodyText(res);
        for (const w of Object.values(WORDS)) if (text.includes(w)) seen.set(w, seen.get(w)! + 1);
      }
      return seen;
    };
    // The index follows the posts with a small build: wait until a Dülmen member can fetch every word.
    const duelmenCookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const until = Date.now() + INDEX_FOLLOWS_MS;
    while ([...(await fetchAll(duelmenCookie)).values()].some((n) => n === 0)) {
      if (Date.now() > until) throw new Error(`the index did not take up the posts within ${INDEX_FOLLOWS_MS} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const anonymous = await fetchAll();
    for (const w of Object.values(WORDS)) expect(anonymous.get(w), `${w} reached an anonymous visitor`).toBe(0);
    const senden = await fetchAll(await signInCookie(server, server.account('senden', 'mitarbeiter')));
    for (const w of INTERN) expect(senden.get(w), `${w} must reach staff of another Kommune`).toBeGreaterThan(0);
    for (const w of KOMMUNE) expect(senden.get(w), `${w} reached another Kommune`).toBe(0);
    // The same check finds the words when they may be read: the canaries are really in the index.
    const duelmen = await fetchAll(duelmenCookie);
    for (const w of KOMMUNE) expect(duelmen.get(w), w).toBeGreaterThan(0);
  }, 240_000);

  it('loses a hidden answer and comment from the results with the next small index build, without a rebuild', async () => {
    const checked = await openPage(browser, server.url, { indexSwitches: true });
    await signIn(checked.page, server.account('senden', 'mitarbeiter'));
    // Whether the result list shows the answer or comment (pagefind may add loose matches of other pages).
    const found = async (page: Page, word: string) => {
      await page.goto(`/suche?q=${word}`);
      await page.waitForFunction(() => /Treffer/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), undefined, { timeout: 20_000 });
      const titles = await page.locator('.search-hit h2').allInnerTexts();
      return titles.some((t) => t.startsWith('Antwort auf') || t.startsWith('Kommentar zu'));
    };
    expect(await found(checked.page, WORDS.antwortIntern)).toBe(true);
    expect(await found(checked.page, WORDS.kommentarIntern)).toBe(true);
    const before = readServerPointer(server)!;
    const admin = demoViewer('duelmen', 'admin');
    hideItem(admin, resolveItem('antwort', hideLater.answer)!, 'Test', '192.0.2.1');
    hideItem(admin, resolveItem('kommentar', hideLater.comment)!, 'Test', '192.0.2.1');
    // The hub notices the write of another process and builds a small "recent" index. Its 10 s
    // target is measured on a quiet machine (README, Search); a loaded CI machine gets 60 s here.
    const until = Date.now() + 60_000;
    while ((await found(checked.page, WORDS.antwortIntern)) || (await found(checked.page, WORDS.kommentarIntern))) {
      if (Date.now() > until) throw new Error('hidden texts still found after 60 s');
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(readServerPointer(server)!.base).toBe(before.base);
    expectNoProblems(checked);
    await checked.context.close();
  });
});
