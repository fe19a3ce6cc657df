import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { rawHeaders, type TestSmtp } from '../fixtures/smtp-server';
import { get, signIn, signInCookie } from './auth';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { approve, demo, expectNoMoreMail, LONG_TEST_MS, runBundledCli, startWithSmtp, submitBeitrag } from './mail';
import type { TestServer } from './server';

let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  [{ server, smtp }, browser] = await Promise.all([startWithSmtp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const DAY = 24 * 60 * 60 * 1000;
/** A moment `days` from now at 10:00 UTC (11:00 or 12:00 in Berlin: after the digest hour 7). */
function at(days: number): string {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  return d.toISOString();
}
const notifyRun = (when: string) => runBundledCli(['notify-run', '--at', when], { WISSENSNETZ_DATA_DIR: server.dataDir });
const TITLE = 'Familienzentren und Schulsozialarbeit: gemeinsame Sprechstunden';

describe('digests', () => {
  it('a daily follower gets nothing at once, then one digest the next day; nothing when nothing happened', async () => {
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const path = await submitBeitrag(server, editor, 'duelmen', TITLE, { topics: 'soziales' });
    await approve(server, admin, path);
    // The publish notice to the author shows the event went out; the daily follower (the demo
    // Mitarbeiter:in of Coesfeld follows Dülmen "täglich") gets no mail of their own now.
    await smtp.waitFor((m) => m.subject === `Veröffentlicht: „${TITLE}“`, 30_000, 'publish notice');
    await expectNoMoreMail(smtp, demo('coesfeld', 'mitarbeiter'), 0);

    const first = await notifyRun(at(1));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/daily digest 1 mails queued/);
    const digest = await smtp.waitFor((m) => m.envelopeTo.includes(demo('coesfeld', 'mitarbeiter')), 30_000, 'daily digest');
    expect(digest.subject).toBe('Ihre tägliche Zusammenfassung: 1 Neuigkeit');
    expect(digest.text).toContain(TITLE);
    expect(digest.text).toContain(`${server.url}${path}`);
    expect(digest.text).toContain('Sie erhalten diese Mail, weil Sie die tägliche Zusammenfassung erhalten für: Stadt Dülmen.');
    expect(digest.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    // The weekly follower of Soziales (demo Mitarbeiter:in of the Kreis): this week's digest.
    const weekly = await smtp.waitFor((m) => m.envelopeTo.includes(demo('kreis-coesfeld', 'mitarbeiter')), 30_000, 'weekly digest');
    expect(weekly.subject).toBe('Ihre wöchentliche Zusammenfassung: 1 Neuigkeit');
    expect(weekly.text).toContain(TITLE);

    // Run again the same day: done already. The next day: nothing happened, nothing is sent.
    expect((await notifyRun(at(1))).stdout).toMatch(/daily digest not due or already done/);
    expect((await notifyRun(at(2))).stdout).toMatch(/daily digest 0 mails queued/);
    await expectNoMoreMail(smtp, demo('coesfeld', 'mitarbeiter'), 1);

    // Unsubscribing from the digest in the browser switches off every daily follow of the person.
    const checked = await openPage(browser, server.url);
    const url = /^<([^>]+)>$/.exec(rawHeaders(digest).get('list-unsubscribe')![0]!)![1]!;
    await visit(checked.page, url.slice(server.url.length));
    expect(await checked.page.locator('main').innerText().then(readable)).toContain('die tägliche Zusammenfassung (Stadt Dülmen)');
    await Promise.all([checked.page.waitForNavigation(), checked.page.getByRole('button', { name: 'Abbestellen' }).click()]);
    await expectAccessible(checked.page);
    const second = await submitBeitrag(server, editor, 'duelmen', 'Noch ein Bericht aus Dülmen', { topics: 'soziales' });
    await approve(server, admin, second);
    await smtp.waitFor((m) => m.subject === 'Veröffentlicht: „Noch ein Bericht aus Dülmen“', 30_000, 'second publish notice');
    expect((await notifyRun(at(3))).stdout).toMatch(/daily digest 0 mails queued/);
    expectNoProblems(checked);
    await checked.context.close();
  }, LONG_TEST_MS);
});

describe('review reminders ("Stand prüfen")', () => {
  it('go to the Redakteur:innen and admins of a Kommune with overdue Beiträge once, then monthly; "Stand bestätigt" ends them', async () => {
    // at(1) above already ran the reminders of that day: the demo has overdue Beiträge in several Kommunen.
    const reminder = await smtp.waitFor((m) => m.envelopeTo.includes(demo('nottuln', 'redakteur')), 30_000, 'reminder to Nottuln');
    expect(reminder.subject).toMatch(/^Stand prüfen: /);
    expect(reminder.text).toContain('Leistungsverzeichnis');
    expect(reminder.text).toContain(`${server.url}/redaktion`);
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('nottuln', 'admin')) && m.subject.startsWith('Stand prüfen'), 30_000, 'reminder to the Nottuln admin');
    expect(smtp.mailsTo(demo('nottuln', 'mitarbeiter'))).toEqual([]);
    // Dülmen has nothing overdue.
    expect(smtp.mailsTo(demo('duelmen', 'redakteur')).filter((m) => m.subject.startsWith('Stand prüfen'))).toEqual([]);

    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, server.account('nottuln', 'redakteur'));
    await visit(page, '/redaktion');
    const section = page.locator('section', { has: page.locator('#stand-pruefen') });
    expect(await section.locator('h2').innerText()).toBe('Stand prüfen (1)');
    const link = section.locator('tbody a').first();
    const path = (await link.getAttribute('href'))!;
    await Promise.all([page.waitForURL('**/redaktion?bestaetigt=**'), section.getByRole('button', { name: /Stand bestätigt/ }).click()]);
    await expectAccessible(page);
    expect(await page.locator('#stand-pruefen').innerText()).toBe('Stand prüfen (0)');
    const today = new Date().toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
    await visit(page, path);
    expect(await page.locator('dl.facts').innerText()).toContain(today);
    const versions = await (await get(server, `${path}/versionen`, await signInCookie(server, server.account('nottuln', 'redakteur')))).text();
    expect(versions).toContain('Stand bestätigt (Inhalt unverändert)');
    expectNoProblems(checked);
    await checked.context.close();

    const sendenBefore = smtp.mailsTo(demo('senden', 'redakteur')).length;
    // Not again the next days; after a month again, but not for the confirmed Beitrag.
    expect((await notifyRun(at(4))).stdout).toMatch(/review reminders 0 mails queued/);
    const month = await notifyRun(at(33));
    expect(month.stdout).toMatch(/review reminders [1-9]\d* mails queued/);
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('senden', 'redakteur')) && smtp.mailsTo(demo('senden', 'redakteur')).length > sendenBefore, 30_000, 'monthly reminder to Senden');
    await expectNoMoreMail(smtp, demo('nottuln', 'redakteur'), 1);
  }, LONG_TEST_MS);
});
