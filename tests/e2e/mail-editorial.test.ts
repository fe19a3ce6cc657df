import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestSmtp } from '../fixtures/smtp-server';
import { linkIn, rawHeaders } from '../fixtures/smtp-server';
import { get, postForm, signInCookie } from './auth';
import { expectNoProblems, launchBrowser, openPage, visit } from './browser';
import { approve, demo, expectNoMoreMail, LONG_TEST_MS, runBundledCli, sendBack, startWithSmtp, submitBeitrag } from './mail';
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

describe('editorial mail', () => {
  it('a submitted Beitrag is announced to the admins of its Kommune who may approve it, never to its author or other Kommunen', async () => {
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    await submitBeitrag(server, editor, 'duelmen', 'Leihgeräte für Grundschulen: Rückgabe zum Schuljahresende');
    const mail = await smtp.waitFor((m) => m.subject.includes('Leihgeräte für Grundschulen'), 30_000, 'review request');
    expect(mail.envelopeTo).toEqual([demo('duelmen', 'admin')]);
    expect(mail.subject).toBe('Bitte prüfen: „Leihgeräte für Grundschulen: Rückgabe zum Schuljahresende“ (Dülmen)');
    expect(linkIn(mail, server.url, '/duelmen/beitraege/')).toMatch(/\/pruefung$/);
    expect(mail.text).toContain('Wissensnetz Kreis Coesfeld');
    expect(mail.text).toContain('Sie erhalten diese Mail, weil Sie in Stadt Dülmen Beiträge prüfen und freigeben.');
    expect(mail.html).toContain('Leihgeräte für Grundschulen');
    expect(mail.envelopeFrom).toBe('wissensnetz@kreis-coesfeld.example');
    const headers = rawHeaders(mail);
    expect(headers.get('auto-submitted')).toEqual(['auto-generated']);
    expect(headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
    expect(headers.get('list-unsubscribe')?.[0]).toMatch(new RegExp(`^<${server.url}/abbestellen\\?t=[a-z2-7]+>$`));
    for (const other of [demo('duelmen', 'redakteur'), demo('senden', 'admin'), demo('kreis-coesfeld', 'admin'), demo('duelmen', 'mitarbeiter')]) {
      expect(smtp.mailsTo(other).filter((m) => m.subject.includes('Leihgeräte'))).toEqual([]);
    }
  });

  it('a returned revision tells its author with the reviewer\'s comment; a published one tells the author and the followers of its Themenfeld', async () => {
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const returned = await submitBeitrag(server, editor, 'duelmen', 'Elternabend digital: Einladungen über die Schulplattform');
    await sendBack(server, admin, returned, 'Bitte ergänzen Sie die Rückmeldungen der Eltern.');
    const back = await smtp.waitFor((m) => m.subject.startsWith('Zurückgegeben:'), 30_000, 'return notice');
    expect(back.envelopeTo).toEqual([demo('duelmen', 'redakteur')]);
    expect(back.subject).toBe('Zurückgegeben: „Elternabend digital: Einladungen über die Schulplattform“');
    expect(back.text).toContain('> Bitte ergänzen Sie die Rückmeldungen der Eltern.');
    expect(linkIn(back, server.url, returned)).toBe(`${server.url}${returned}/bearbeiten`);

    const published = await submitBeitrag(server, editor, 'duelmen', 'Schulsozialarbeit im Ganztag: ein Jahr Erfahrungen');
    await approve(server, admin, published, 'Danke, sehr anschaulich.');
    const notice = await smtp.waitFor((m) => m.subject.startsWith('Veröffentlicht:'), 30_000, 'publish notice');
    expect(notice.envelopeTo).toEqual([demo('duelmen', 'redakteur')]);
    expect(notice.text).toContain('> Danke, sehr anschaulich.');
    expect(linkIn(notice, server.url, published)).toBe(`${server.url}${published}`);
    // The demo Mitarbeiter:in of Dülmen follows the Themenfeld Schule "sofort".
    const news = await smtp.waitFor((m) => m.subject === 'Neu im Wissensnetz: „Schulsozialarbeit im Ganztag: ein Jahr Erfahrungen“ (Dülmen)', 30_000, 'follower notice');
    expect(news.envelopeTo).toEqual([demo('duelmen', 'mitarbeiter')]);
    expect(news.text).toContain('Sie im Wissensnetz folgen: Themenfeld Schule (sofort)');
    // The author hears of it once (the publish notice), not again as a watcher; the reviewer not at all.
    await expectNoMoreMail(smtp, demo('duelmen', 'redakteur'), smtp.mailsTo(demo('duelmen', 'redakteur')).length);
    expect(smtp.mailsTo(demo('duelmen', 'redakteur')).filter((m) => m.subject.includes('Schulsozialarbeit im Ganztag'))).toHaveLength(1);
    expect(smtp.mailsTo(demo('duelmen', 'admin')).filter((m) => m.subject.includes('Schulsozialarbeit im Ganztag') && !m.subject.startsWith('Bitte prüfen'))).toEqual([]);
  }, LONG_TEST_MS);
});

describe('invitations by mail', () => {
  it('an admin\'s invitation goes to the invited address, and its link (like the one the admin saw once) creates the account', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    const admin = server.account('duelmen', 'admin');
    await visit(page, '/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort', { exact: true }).fill(admin.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/anmelden')), page.getByRole('button', { name: 'Anmelden' }).click()]);
    await visit(page, '/duelmen/mitglieder');
    await page.getByLabel('E-Mail-Adresse').fill('neu.kollegin@duelmen.example');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Einladung erstellen' }).click()]);
    const shownLink = await page.getByLabel('Einladungslink').inputValue();
    expect(await page.locator('.notice.success').innerText()).toContain('Sie geht per Mail an diese Adresse');

    const mail = await smtp.waitFor((m) => m.envelopeTo.includes('neu.kollegin@duelmen.example'), 30_000, 'invitation mail');
    expect(mail.subject).toBe('Einladung ins Wissensnetz: Stadt Dülmen');
    expect(mail.text).toContain('Demo Admin Dülmen hat Sie als Mitarbeiter:in für Stadt Dülmen in das Wissensnetz eingeladen.');
    // A transactional mail: no unsubscribe.
    expect(rawHeaders(mail).has('list-unsubscribe')).toBe(false);
    const mailed = linkIn(mail, server.url, '/einladung/');
    expect(mailed).not.toBe(shownLink);

    await visit(page, mailed.slice(server.url.length));
    const res = await postForm(server, mailed.slice(server.url.length), { name: 'Neue Kollegin', password: 'Lange-Passphrase-fuer-Duelmen', repeat: 'Lange-Passphrase-fuer-Duelmen' });
    expect(res.status).toBe(303);
    // One invitation, one account: the admin's link is used up too.
    expect((await get(server, shownLink.slice(server.url.length))).status).toBe(410);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('the CLI invite queues the invitation mail, which the running server sends', async () => {
    const result = await runBundledCli(['invite', '--email', 'aus.der.cli@senden.example', '--tenant', 'senden', '--role', 'redakteur'], { WISSENSNETZ_DATA_DIR: server.dataDir, WISSENSNETZ_ORIGIN: server.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The invitation mail to aus.der.cli@senden.example is queued');
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes('aus.der.cli@senden.example'), 30_000, 'CLI invitation mail');
    expect(mail.subject).toBe('Einladung ins Wissensnetz: Gemeinde Senden');
    expect(mail.text).toContain('Sie wurden als Redakteur:in für Gemeinde Senden in das Wissensnetz eingeladen.');
  }, LONG_TEST_MS);
});
