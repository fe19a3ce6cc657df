import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { rawHeaders, type TestSmtp } from '../fixtures/smtp-server';
import { hashPassword } from '../../src/lib/auth/password';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { closeDb } from '../../src/lib/db/client';
import { get, postForm, signIn, signInCookie } from './auth';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { demo, expectNoMoreMail, startWithSmtp } from './mail';
import { useServerDatabase } from './search-data';
import { findDocument } from '../../src/lib/documents/revisions';
import type { TestServer } from './server';

let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  // With the request log: it marks the answers that came from the page cache.
  [{ server, smtp }, browser] = await Promise.all([startWithSmtp({ env: { WISSENSNETZ_LOG_REQUESTS: '1', WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1' } }), launchBrowser()]);
});
afterAll(async () => {
  closeDb();
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const TITLE = 'Aufbau eines eigenen IT-Support-Teams für die Dülmener Schulen';
const PATH = '/duelmen/beitraege/it-support-schulen-eigenes-team';
const watcher = demo('olfen', 'mitarbeiter');

async function recordReuse(status: string): Promise<void> {
  const senden = await signInCookie(server, server.account('senden', 'admin'));
  const res = await postForm(server, `${PATH}/nachnutzung`, { kommune: 'senden', status, notiz: '', kontakt: '' }, { cookie: senden });
  expect(res.status).toBe(303);
}

let requestCount = 0;
async function fromCache(path: string, cookie: string): Promise<{ html: string; hit: boolean }> {
  const id = `watch-${++requestCount}`;
  const html = await (await fetch(server.url + path, { headers: { 'x-request-id': id, cookie } })).text();
  await server.logSettled();
  const line = server.output().split('\n').find((l) => l.includes(`"id":"${id}"`))!;
  return { html, hit: (JSON.parse(line) as { cache?: string }).cache === 'hit' };
}

describe('watching a Beitrag', () => {
  let page: Page;

  it('a Mitarbeiter:in of Olfen watches a Beitrag from its page and gets a mail at once when Senden reuses it', async () => {
    const checked = await openPage(browser, server.url);
    page = checked.page;
    await signIn(page, server.account('olfen', 'mitarbeiter'));
    await visit(page, PATH);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie beobachten diesen Beitrag nicht.');
    await page.getByLabel('Wie oft möchten Sie über neue Fassungen, Dateien und Nachnutzungen dieses Beitrags benachrichtigt werden?').selectOption('sofort');
    await Promise.all([page.waitForURL(`**${PATH}#benachrichtigungen`), page.getByRole('button', { name: 'Speichern' }).click()]);
    await expectAccessible(page);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie beobachten diesen Beitrag (sofort).');

    await recordReuse('interessiert');
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(watcher), 30_000, 'watch notification');
    expect(mail.subject).toBe(`Nachnutzung: Senden – „${TITLE}“`);
    expect(mail.text).toContain('Nachnutzung: Gemeinde Senden – interessiert');
    expect(mail.text).toContain('Sie erhalten diese Mail, weil Sie diesen Beitrag beobachten.');
    // The author watches the Beitrag without having asked for it.
    const author = await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'redakteur')) && m.subject.startsWith('Nachnutzung'), 30_000, 'author notification');
    expect(author.text).toContain('weil Sie an diesem Beitrag mitgeschrieben haben und ihn deshalb beobachten');
    expectNoProblems(checked);
  });

  it('shows the unread count in the header only to its owner, also when the page comes from the shared cache', async () => {
    const owner = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    useServerDatabase(server);
    const email = `zweite.person.${Date.now()}@olfen.example`;
    setMembership(createUser({ email, name: 'Zweite Person Olfen', passwordHash: await hashPassword('Zweites-Konto-Olfen-123') }).id, 'olfen', 'mitarbeiter');
    closeDb();
    const other = await signInCookie(server, { email, password: 'Zweites-Konto-Olfen-123' });

    await fromCache('/themenfelder', owner);
    const mine = await fromCache('/themenfelder', owner);
    const theirs = await fromCache('/themenfelder', other);
    expect(mine.hit && theirs.hit).toBe(true);
    expect(mine.html).toContain('data-viewer-unread> (1 neu)</span>');
    expect(theirs.html).toContain('data-viewer-unread></span>');
    expect(theirs.html).not.toContain('(1 neu)');
    expect(theirs.html).toContain('Zweite Person Olfen');
    // The same for the watch state on the Beitrag page.
    await fromCache(PATH, owner);
    const theirBeitrag = await fromCache(PATH, other);
    expect(theirBeitrag.hit).toBe(true);
    expect(theirBeitrag.html).toContain('Sie beobachten diesen Beitrag nicht.');
    expect((await fromCache(PATH, owner)).html).toContain('Sie beobachten diesen Beitrag (sofort).');
  });

  it('Meine Benachrichtigungen lists the watch and the notification, marks it read, and fits 320 px', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await signIn(checked.page, server.account('olfen', 'mitarbeiter'));
    await visit(checked.page, '/benachrichtigungen');
    const main = await checked.page.locator('main').innerText().then(readable);
    expect(main).toContain(`Beitrag „${TITLE}“`);
    expect(main).toContain('Nachnutzung: Gemeinde Senden – interessiert');
    expect(main).toContain('(1 ungelesen)');
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await Promise.all([checked.page.waitForNavigation(), checked.page.getByRole('button', { name: 'Alle als gelesen markieren' }).click()]);
    await expectAccessible(checked.page);
    expect(await checked.page.locator('header').innerText()).not.toContain('neu)');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('one click in the mail program unsubscribes: GET only asks, POST (RFC 8058, without Origin) switches the watch off', async () => {
    const mail = smtp.mailsTo(watcher).find((m) => m.subject.startsWith('Nachnutzung'))!;
    const url = /^<([^>]+)>$/.exec(rawHeaders(mail).get('list-unsubscribe')![0]!)![1]!;
    expect(mail.text).toContain(`Abbestellen mit einem Klick: ${url}`);

    await visit(page, url.slice(server.url.length));
    expect(await page.locator('main').innerText().then(readable)).toContain(`Möchten Sie keine Mails mehr erhalten für Benachrichtigungen zu dem Beitrag „${TITLE}“?`);
    await visit(page, PATH);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie beobachten diesen Beitrag (sofort).');

    // What a mail program does: a POST with List-Unsubscribe=One-Click, no cookie, no Origin of ours.
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Erledigt');
    await visit(page, PATH);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie beobachten diesen Beitrag nicht.');
    // Any other POST without our Origin is still refused.
    const cookie = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    expect((await postForm(server, '/benachrichtigungen', { aktion: 'gelesen' }, { cookie, origin: null })).status).toBe(403);

    const before = smtp.mailsTo(watcher).length;
    await recordReuse('uebernommen');
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'redakteur')) && m.text.includes('übernommen'), 30_000, 'the author still hears of it');
    await expectNoMoreMail(smtp, watcher, before);
  });

  it('the confirm page unsubscribes with its button too; an unknown link says so', async () => {
    const mail = smtp.mailsTo(demo('duelmen', 'redakteur')).filter((m) => m.subject.startsWith('Nachnutzung')).at(-1)!;
    const url = /^<([^>]+)>$/.exec(rawHeaders(mail).get('list-unsubscribe')![0]!)![1]!;
    await visit(page, url.slice(server.url.length));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Abbestellen' }).click()]);
    await expectAccessible(page);
    expect(await page.locator('main').innerText().then(readable)).toContain(`Erledigt: Sie erhalten keine Mails mehr für Benachrichtigungen zu dem Beitrag „${TITLE}“.`);
    await visit(page, '/abbestellen?t=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 404);
    expect(await page.locator('main').innerText().then(readable)).toContain('Dieser Link ist ungültig oder abgelaufen.');
    expect((await get(server, '/abbestellen?t=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
  });

  it('a person follows a Themenfeld and a Kommune from their pages', async () => {
    await visit(page, '/themenfelder/mobilitaet');
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie folgen hier nicht.');
    await page.getByLabel('Wie oft möchten Sie über neue Beiträge im Themenfeld Mobilität benachrichtigt werden?').selectOption('taeglich');
    await Promise.all([page.waitForURL('**/themenfelder/mobilitaet#benachrichtigungen'), page.getByRole('button', { name: 'Speichern' }).click()]);
    await expectAccessible(page);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie folgen hier (täglich).');
    await visit(page, '/senden/');
    await page.getByLabel('Wie oft möchten Sie über neue Beiträge von Senden benachrichtigt werden?').selectOption('woechentlich');
    await Promise.all([page.waitForURL('**/senden/#benachrichtigungen'), page.getByRole('button', { name: 'Speichern' }).click()]);
    expect(await page.locator('[data-viewer-follow]').innerText()).toBe('Sie folgen hier (wöchentlich).');
    await visit(page, '/benachrichtigungen');
    const main = await page.locator('main').innerText().then(readable);
    expect(main).toContain('Themenfeld Mobilität');
    expect(main).toContain('Gemeinde Senden');
  });

  it('refuses to follow a Beitrag the person may not read, as if it did not exist', async () => {
    useServerDatabase(server);
    const hidden = findDocument('duelmen', 'but-antraege-digital') as { doc: { id: number } };
    closeDb();
    const cookie = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    const res = await postForm(server, '/benachrichtigungen', { aktion: 'folgen', gegenstand: `beitrag:${hidden.doc.id}`, haeufigkeit: 'sofort' }, { cookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Diesen Beitrag gibt es nicht.');
  });
});
