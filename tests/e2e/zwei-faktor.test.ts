import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { FREE_FAILURES } from '../../src/lib/auth/throttle';
import { startServer, type DemoAccount, type TestServer, readServerDb } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, visit, type CheckedPage } from './browser';

// The second factor for sign-in with a password (TOTP after RFC 6238 with recovery codes), on a
// server that requires it for admins as production does (WISSENSNETZ_REQUIRE_2FA_FOR=admin).

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_REQUIRE_2FA_FOR: 'admin' } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The code an authenticator app shows for the key, `offsetSteps` periods from now. */
function codeFor(secret: string, offsetSteps = 0): string {
  const key = decodeBase32IgnorePadding(secret.replace(/\s/g, ''));
  // generateTOTP reads the clock; shifting it by whole periods gives the neighbouring codes.
  const realNow = Date.now;
  Date.now = () => realNow() + offsetSteps * 30_000;
  try {
    return generateTOTP(key, 30, 6);
  } finally {
    Date.now = realNow;
  }
}

const db = <T>(fn: (d: Database.Database) => T): T => readServerDb(server, fn);

/** E-mail and password on the sign-in form; resolves once the browser has left /anmelden. */
async function submitPassword(page: Page, account: Pick<DemoAccount, 'email' | 'password'>): Promise<void> {
  await visit(page, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort', { exact: true }).fill(account.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/anmelden'), page.getByRole('button', { name: 'Anmelden' }).click()]);
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code aus der App oder Wiederherstellungscode').fill(code);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Bestätigen' }).click()]);
}

async function signedIn(checked: CheckedPage): Promise<boolean> {
  const res = await checked.page.request.get('/konto', { maxRedirects: 0 });
  return res.status() === 200;
}

/** Enrols the signed-in person on /konto/zwei-faktor; returns the key and the recovery codes shown. */
async function enrol(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole('button', { name: 'Zweiten Faktor einrichten' }).click();
  await expect(page.getByRole('img', { name: 'QR-Code mit dem Schlüssel für Ihre Authenticator-App' }).count()).resolves.toBe(1);
  await expectAccessible(page);
  const secret = (await page.locator('[data-totp-secret]').textContent())!.replace(/\s/g, '');
  await page.getByLabel('Code aus der App').fill('000000' === codeFor(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Bestätigen und einrichten' }).click();
  await expect(page.locator('#form-errors').textContent()).resolves.toContain('Der Code passt nicht.');
  await expectAccessible(page);
  await page.getByLabel('Code aus der App').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Bestätigen und einrichten' }).click();
  await expect(page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).count()).resolves.toBe(1);
  await expectAccessible(page);
  const codes = await page.locator('.recovery-codes code').allTextContents();
  return { secret, codes };
}

describe('setting up a second factor', () => {
  let account: DemoAccount;
  let secret: string;
  let codes: string[];

  it('a Mitarbeiterin sets it up with a QR code drawn by the hub, and sees ten recovery codes once, stored only hashed', async () => {
    account = server.account('duelmen', 'mitarbeiter');
    const checked = await openPage(browser, server.url);
    await submitPassword(checked.page, account);
    // Optional for her: the hub did not send her to the set-up page.
    expect(new URL(checked.page.url()).pathname).toBe('/');
    await visit(checked.page, '/konto/zwei-faktor');
    ({ secret, codes } = await enrol(checked.page));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // The QR code is inline SVG: no request left the hub (checked for every page by openPage).
    const stored = db((d) => d.prepare('SELECT code_hash FROM recovery_codes rc JOIN users u ON u.id = rc.user_id WHERE u.email = ?').all(account.email) as { code_hash: string }[]);
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored.map((s) => s.code_hash).join(' ')).not.toContain(c.replace(/-/g, ''));
    // Shown once: the page does not show them again.
    await visit(checked.page, '/konto/zwei-faktor');
    await expect(checked.page.locator('main').textContent()).resolves.toContain('Sie haben noch 10 unbenutzte Wiederherstellungscodes.');
    await expect(checked.page.locator('.recovery-codes').count()).resolves.toBe(0);
    await expectAccessible(checked.page);
    expectNoProblems(checked);
    await checked.context.close();
    const actions = db((d) => (d.prepare('SELECT action FROM audit_log WHERE object = ?').all(account.email) as { action: string }[]).map((r) => r.action));
    expect(actions).toContain('zwei-faktor.eingerichtet');
  });

  it('then asks for the code after the password; a wrong code is refused in German, the right one signs her in, and only once', async () => {
    const checked = await openPage(browser, server.url);
    await submitPassword(checked.page, account);
    expect(new URL(checked.page.url()).pathname).toBe('/anmelden/code');
    await expectAccessible(checked.page);
    // The password alone opened nothing.
    expect(await signedIn(checked)).toBe(false);
    const code = codeFor(secret, 1);
    await enterCode(checked.page, code === '123456' ? '654321' : '123456');
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain('Der Code ist nicht korrekt oder wurde schon verwendet.');
    await expectAccessible(checked.page);
    await enterCode(checked.page, code);
    expect(new URL(checked.page.url()).pathname).toBe('/');
    expect(await signedIn(checked)).toBe(true);
    expectNoProblems(checked);
    await checked.context.close();

    // Somebody who saw that code (and knows the password) cannot use it again.
    const replay = await openPage(browser, server.url);
    await submitPassword(replay.page, account);
    await enterCode(replay.page, code);
    await expect(replay.page.getByRole('alert').textContent()).resolves.toContain('Der Code ist nicht korrekt oder wurde schon verwendet.');
    expect(await signedIn(replay)).toBe(false);
    await replay.context.close();
  });

  it('a recovery code signs her in once, and not a second time', async () => {
    for (const expected of [true, false]) {
      const checked = await openPage(browser, server.url);
      await submitPassword(checked.page, account);
      await enterCode(checked.page, codes[0]!.toUpperCase());
      expect(await signedIn(checked)).toBe(expected);
      if (!expected) await expect(checked.page.getByRole('alert').textContent()).resolves.toContain('Der Code ist nicht korrekt');
      await checked.context.close();
    }
    const used = db((d) => d.prepare('SELECT count(*) AS n FROM recovery_codes rc JOIN users u ON u.id = rc.user_id WHERE u.email = ? AND used_at IS NOT NULL').get(account.email));
    expect(used).toEqual({ n: 1 });
  });

  it('guessing codes is throttled like passwords, with a German message', async () => {
    const checked = await openPage(browser, server.url);
    await submitPassword(checked.page, account);
    // At most FREE_FAILURES wrong codes are answered 401; then each further attempt must wait 1 s, 2 s, 4 s …
    // after the previous one. On a loaded machine an attempt may come after a short wait has passed, so the
    // test goes on until the growing wait is longer than a round trip.
    const statuses: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 4 && !statuses.includes(429); i++) {
      await checked.page.getByLabel('Code aus der App oder Wiederherstellungscode').fill(String(100000 + i));
      const [res] = await Promise.all([checked.page.waitForResponse((r) => r.url().endsWith('/anmelden/code') && r.request().method() === 'POST'), checked.page.getByRole('button', { name: 'Bestätigen' }).click()]);
      statuses.push(res.status());
      await checked.page.waitForLoadState('load');
    }
    // (Earlier tests of this file may have used some of the account's free attempts.)
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    await expect(checked.page.getByRole('alert').textContent()).resolves.toMatch(/mehrere fehlgeschlagene Anmeldeversuche\. Bitte warten Sie \d+ Sekunden?/);
    await expectAccessible(checked.page);
    expect(await signedIn(checked)).toBe(false);
    await checked.context.close();
  });
});

describe('admins must set up a second factor', () => {
  it('an admin signed in with a password reaches nothing but the set-up page, then everything', async () => {
    const admin = server.account('senden', 'admin');
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/anmelden?next=%2Fsenden%2Fmitglieder');
    await checked.page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await checked.page.getByLabel('Passwort', { exact: true }).fill(admin.password);
    await Promise.all([checked.page.waitForURL('**/konto/zwei-faktor**'), checked.page.getByRole('button', { name: 'Anmelden' }).click()]);
    await expect(checked.page.getByRole('alert').textContent()).resolves.toContain('Für Konten mit Admin-Rechten ist ein zweiter Faktor vorgeschrieben.');
    await expectAccessible(checked.page);
    // Other pages lead back here; a form elsewhere is refused.
    await checked.page.goto('/senden/mitglieder');
    expect(new URL(checked.page.url()).pathname).toBe('/konto/zwei-faktor');
    const post = await checked.page.request.post('/senden/mitglieder', { form: { action: 'invite', email: 'x@senden.de', role: 'admin' }, headers: { Origin: server.url }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    expect(db((d) => d.prepare("SELECT count(*) AS n FROM invitations WHERE email = 'x@senden.de'").get())).toEqual({ n: 0 });

    await enrol(checked.page);
    await Promise.all([checked.page.waitForURL('**/senden/mitglieder'), checked.page.getByRole('link', { name: 'Ich habe die Codes gespeichert – weiter' }).click()]);
    await expectAccessible(checked.page);
    // Required: the page offers no way to remove it.
    await visit(checked.page, '/konto/zwei-faktor');
    await expect(checked.page.getByRole('button', { name: 'Zweiten Faktor entfernen' }).count()).resolves.toBe(0);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('a Kreis admin resets a member\'s second factor, which the audit log records', async () => {
    const kreis = server.account('kreis-coesfeld', 'admin');
    const mitarbeiterin = server.account('duelmen', 'mitarbeiter');
    const checked = await openPage(browser, server.url);
    await submitPassword(checked.page, kreis);
    const { secret } = await enrol(checked.page);
    await visit(checked.page, '/duelmen/mitglieder');
    const name = db((d) => (d.prepare('SELECT name FROM users WHERE email = ?').get(mitarbeiterin.email) as { name: string }).name);
    await checked.page.getByRole('button', { name: `Zweiten Faktor zurücksetzen für ${name}` }).click();
    await expect(checked.page.getByRole('status').textContent()).resolves.toContain('wurde zurückgesetzt');
    await expectAccessible(checked.page);
    await checked.context.close();
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    // Her password alone signs her in again (the second factor is optional for her).
    const again = await openPage(browser, server.url);
    await submitPassword(again.page, mitarbeiterin);
    expect(new URL(again.page.url()).pathname).toBe('/');
    await again.context.close();
    const actions = db((d) => (d.prepare('SELECT action FROM audit_log WHERE object = ?').all(mitarbeiterin.email) as { action: string }[]).map((r) => r.action));
    expect(actions).toContain('zwei-faktor.zurueckgesetzt');
  });
});
