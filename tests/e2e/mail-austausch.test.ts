import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHeaders, type TestSmtp } from '../fixtures/smtp-server';
import { findUserByEmail } from '../../src/lib/auth/users';
import { closeDb } from '../../src/lib/db/client';
import { findDocument } from '../../src/lib/documents/revisions';
import { follow } from '../../src/lib/notifications/subscriptions';
import { get, postForm, signInCookie } from './auth';
import { approve, demo, expectNoMoreMail, LONG_TEST_MS, startWithSmtp, submitBeitrag } from './mail';
import { useServerDatabase } from './search-data';
import type { TestServer } from './server';

// The Austausch and the mail: the asker hears of answers, watchers of comments, moderators of
// reports, followers of new questions — each only about what they may read, never about their own.
let server: TestServer;
let smtp: TestSmtp;
const userId = (email: string) => findUserByEmail(email)!.id;

beforeAll(async () => {
  ({ server, smtp } = await startWithSmtp());
  useServerDatabase(server);
  // Senden's Mitarbeiter:in follows Dülmen and the Themenfeld Schule at once: a "nur Kommune"
  // question of Dülmen must still not reach them. Dülmen's admin follows Dülmen too.
  for (const subject of ['kommune:duelmen', 'themenfeld:schule']) follow(userId(demo('senden', 'mitarbeiter')), subject, 'sofort');
  follow(userId(demo('duelmen', 'admin')), 'kommune:duelmen', 'sofort');
  closeDb();
});
afterAll(async () => {
  closeDb();
  await server?.stop();
  await smtp?.stop();
});

/** Every address a mail containing the word went to. */
const reached = (word: string) => [...new Set(smtp.mails.filter((m) => m.raw.includes(word) || m.text.includes(word) || m.subject.includes(word)).flatMap((m) => m.envelopeTo))].sort();

async function ask(cookie: string, title: string, visibility: 'intern' | 'kommune'): Promise<string> {
  const res = await postForm(server, '/fragen/neu', { kommune: 'duelmen', titel: title, text: `Worum es geht: ${title}.`, themenfelder: 'schule', schlagwoerter: '', sichtbarkeit: visibility }, { cookie });
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get('location')!.split('?')[0]!;
}

async function answer(cookie: string, questionPath: string, text: string): Promise<void> {
  const res = await postForm(server, questionPath, { aktion: 'antworten', kommune: 'duelmen', text }, { cookie });
  expect(res.status, await res.clone().text()).toBe(303);
}

describe('mails from the Austausch', () => {
  it('the asker gets a mail with the answer and a link to it; the answerer gets none; a "nur Kommune" question never reaches another Kommune', async () => {
    const canary = 'Stieglitz4417';
    const asker = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const answerer = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const path = await ask(asker, `Wer hat Erfahrung mit Schulbuslotsen ${canary}?`, 'kommune');
    // Followers of Dülmen in Dülmen learn of the question.
    const news = await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'admin')) && m.subject.includes(canary), 60_000, 'the Dülmen follower\'s mail about the question');
    expect(news.subject).toContain('Neue Frage im Austausch');

    await answer(answerer, path, `Wir haben seit 2024 Lotsen an drei Grundschulen. Antwort-${canary}`);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'mitarbeiter')) && m.subject.includes('Neue Antwort'), 60_000, 'the asker\'s mail about the answer');
    expect(mail.subject).toBe(`Neue Antwort auf Ihre Frage „Wer hat Erfahrung mit Schulbuslotsen ${canary}?“`);
    expect(mail.text).toContain('Guten Tag');
    expect(mail.text).toContain('hat auf Ihre Frage geantwortet');
    expect(mail.text).toContain(`Antwort-${canary}`);
    expect(mail.text).toContain(`${server.url}${path}#antwort-`);
    expect(mail.text).toContain('Sie diese Frage gestellt haben');
    expect(mail.text).toMatch(/abbestellen\?t=/);
    const unsubscribe = /^<([^>]+)>$/.exec(rawHeaders(mail).get('list-unsubscribe')![0]!)![1]!;

    // The link in the mail leads the asker to the answer.
    const page = await (await get(server, path, asker)).text();
    expect(page).toContain(`Antwort-${canary}`);

    await new Promise((r) => setTimeout(r, 3000));
    // Nobody is told of their own answer, and nobody in Senden hears of the question or its answer.
    expect(reached(`Antwort-${canary}`)).toEqual([demo('duelmen', 'mitarbeiter')]);
    expect(reached(canary)).toEqual([demo('duelmen', 'admin'), demo('duelmen', 'mitarbeiter')].sort());
    const senden = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    expect(await (await get(server, '/benachrichtigungen', senden)).text()).not.toContain(canary);
    expect(await (await get(server, '/benachrichtigungen', asker)).text()).toContain(canary);

    // The link names what it switches off; after one click, the next answer comes without a mail.
    expect(await (await get(server, unsubscribe.slice(server.url.length))).text()).toContain('Mails zum Austausch');
    const off = await fetch(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
    expect(off.status).toBeLessThan(400);
    const count = smtp.mailsTo(demo('duelmen', 'mitarbeiter')).length;
    await answer(answerer, path, `Noch ein Hinweis: Zweite-${canary}`);
    await expectNoMoreMail(smtp, demo('duelmen', 'mitarbeiter'), count, 4000);
  }, LONG_TEST_MS);

  it('an internal question reaches the followers of other Kommunen too, but not the asker', async () => {
    const canary = 'Gimpel8802';
    const asker = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    await ask(asker, `Wie organisieren Sie die Schulanmeldung ${canary}?`, 'intern');
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('senden', 'mitarbeiter')) && m.subject.includes(canary), 60_000, 'the Senden follower\'s mail');
    await new Promise((r) => setTimeout(r, 2000));
    expect(reached(canary)).not.toContain(demo('duelmen', 'mitarbeiter'));
  }, LONG_TEST_MS);

  it('a watcher of a Beitrag gets a mail with a new comment; the commenter, also watching, gets none', async () => {
    const canary = 'Kleiber3391';
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const path = await submitBeitrag(server, editor, 'duelmen', `Hausaufgabenbetreuung ${canary}`, { visibility: 'intern', topics: 'verwaltung', tags: 'Betreuung' });
    await approve(server, admin, path);
    useServerDatabase(server);
    const doc = (findDocument('duelmen', path.split('/').pop()!) as { doc: { id: number } }).doc;
    follow(userId(demo('senden', 'mitarbeiter')), `beitrag:${doc.id}`, 'sofort');
    closeDb();
    // Senden follows Dülmen: its mail about the publication comes first.
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('senden', 'mitarbeiter')) && m.subject.includes(canary), 60_000, 'the Senden follower\'s mail about the Beitrag');
    // The author watches what they wrote; Senden's Mitarbeiter:in watches it and comments.
    const before = smtp.mailsTo(demo('senden', 'mitarbeiter')).length;
    const commenter = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    const res = await postForm(server, `${path}/kommentare`, { kommune: 'senden', kommentar: `In Senden machen wir das mit Ehrenamtlichen. Kommentar-${canary}` }, { cookie: commenter });
    expect(res.status, await res.clone().text()).toBe(303);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'redakteur')) && m.subject.startsWith('Neuer Kommentar'), 60_000, 'the watcher\'s mail about the comment');
    expect(mail.subject).toBe(`Neuer Kommentar zu „Hausaufgabenbetreuung ${canary}“`);
    expect(mail.text).toContain(`Kommentar-${canary}`);
    expect(mail.text).toContain(`${server.url}${path}#kommentar-`);
    expect(mail.text).toMatch(/abbestellen\?t=/);
    await expectNoMoreMail(smtp, demo('senden', 'mitarbeiter'), before, 4000);
    expect(reached(`Kommentar-${canary}`)).not.toContain(demo('senden', 'mitarbeiter'));
  }, LONG_TEST_MS);

  it('a report reaches the admins who moderate in that Kommune, not the reporter or other Kommunen', async () => {
    const canary = 'Zilpzalp6620';
    const asker = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const path = await ask(asker, `Frage zur Mensa ${canary}`, 'intern');
    const id = path.split('/').pop();
    const reporter = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    const res = await postForm(server, `/austausch/frage/${id}`, { aktion: 'melden', grund: `Enthält Namen von Kindern. Meldung-${canary}` }, { cookie: reporter });
    expect(res.status, await res.clone().text()).toBe(303);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'admin')) && m.subject.startsWith('Meldung im Austausch'), 60_000, 'the moderator\'s mail');
    expect(mail.text).toContain(`Meldung-${canary}`);
    expect(mail.text).toContain(`${server.url}/meldungen`);
    await new Promise((r) => setTimeout(r, 2000));
    const told = reached(`Meldung-${canary}`);
    expect(told).toContain(demo('duelmen', 'admin'));
    expect(told.filter((a) => !a.startsWith('admin.duelmen@') && !a.includes('kreis'))).toEqual([]);
  }, LONG_TEST_MS);
});
