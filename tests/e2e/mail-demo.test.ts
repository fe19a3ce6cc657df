import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { get, signIn, signInCookie } from './auth';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { approve, LONG_TEST_MS, submitBeitrag } from './mail';
import { startServer, type TestServer } from './server';
import { useServerDatabase } from './search-data';
import { hashPassword } from '../../src/lib/auth/password';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { closeDb } from '../../src/lib/db/client';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  // npm start as it comes: no SMTP server configured.
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_MAIL_POLL_MS: '200', WISSENSNETZ_SCHEDULED_JOBS: '0' } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const mailDir = () => path.join(server.dataDir, 'mail');
const files = () => (fs.existsSync(mailDir()) ? fs.readdirSync(mailDir()).filter((f) => f.endsWith('.eml')) : []);

describe('the demo without an SMTP server', () => {
  it('writes the mails of a publish into data/mail, and the Kreis admin reads them in the hub', async () => {
    expect(server.output()).toContain(`Mails werden nicht versendet, sondern als .eml-Dateien in ${mailDir()} abgelegt (WISSENSNETZ_SMTP_URL ist nicht gesetzt).`);
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const beitrag = await submitBeitrag(server, editor, 'duelmen', 'Offene Ganztagsschule: Anmeldung ohne Papier');
    await approve(server, admin, beitrag);
    // Review request, publish notice, and the demo follower of the Themenfeld Schule.
    const until = Date.now() + 60_000;
    while (files().length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(files()).toHaveLength(3);
    const raw = files().map((f) => fs.readFileSync(path.join(mailDir(), f), 'utf8'));
    expect(raw.filter((r) => r.includes('<mitarbeiter.duelmen@demo.wissensnetz.invalid>'))).toHaveLength(1);

    const checked = await openPage(browser, server.url, { width: 320 });
    const { page } = checked;
    await signIn(page, server.account('kreis-coesfeld', 'admin'));
    await visit(page, '/verwaltung/mails');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('main').innerText().then(readable)).toContain('Neu im Wissensnetz: „Offene Ganztagsschule: Anmeldung ohne Papier“ (Dülmen)');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Neu im Wissensnetz: „Offene Ganztagsschule: Anmeldung ohne Papier“ (Dülmen)' }).click()]);
    await expectAccessible(page);
    const text = await page.locator('pre.mail-text').innerText();
    expect(text).toContain('Guten Tag Demo Mitarbeiter:in Dülmen,');
    expect(text).toContain(`${server.url}${beitrag}`);
    // The link in the mail leads to the Beitrag.
    await Promise.all([page.waitForNavigation(), page.locator('pre.mail-text a', { hasText: `${server.url}${beitrag}` }).click()]);
    expect(new URL(page.url()).pathname).toBe(beitrag);
    expectNoProblems(checked);
    await checked.context.close();

    // Only Kreis admins, and nobody may leave the folder.
    const duelmenAdmin = await signInCookie(server, server.account('duelmen', 'admin'));
    expect((await get(server, '/verwaltung/mails', duelmenAdmin)).status).toBe(403);
    const kreis = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    expect((await get(server, '/verwaltung/mails/..%2Fdemo-zugaenge.txt', kreis)).status).toBe(404);
    expect((await get(server, '/verwaltung/mails/..%2F..%2Fwissensnetz.db', kreis)).status).toBe(404);
  }, LONG_TEST_MS);
});

describe('in production', () => {
  it('has no page listing mails', async () => {
    // Production asks admins for a second factor first (which would answer every page with the set-up page).
    const prod = await startServer({ env: { NODE_ENV: 'production', WISSENSNETZ_SCHEDULED_JOBS: '0', WISSENSNETZ_REQUIRE_2FA_FOR: 'none' } });
    try {
      expect(prod.output()).toContain('Mails werden nicht versendet, sondern als .eml-Dateien');
      useServerDatabase(prod);
      const admin = createUser({ email: 'kreis.admin@kreis-coesfeld.example', name: 'Kreis Admin', passwordHash: await hashPassword('Kreis-Admin-Passwort-1') });
      setMembership(admin.id, 'kreis-coesfeld', 'admin');
      closeDb();
      const cookie = await signInCookie(prod, { email: 'kreis.admin@kreis-coesfeld.example', password: 'Kreis-Admin-Passwort-1' });
      expect((await get(prod, '/verwaltung/mails', cookie)).status).toBe(404);
    } finally {
      await prod.stop();
    }
  });
});
