import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readServerDb, type TestServer } from './server';
import { expectAccessible, expectNoProblems, openPage, visit, useServerAndBrowser } from './browser';
import { get, postForm, signIn, signInCookie } from './auth';

// Destructive member actions ask first (a second form: works without JavaScript); the Kreis
// keeps an enabled admin; a Kommune loses its last enabled admin only when that is confirmed.

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  [server, browser] = [s, b];
});

const db = <T>(fn: (d: Database.Database) => T): T => readServerDb(server, fn);
const userId = (email: string) => db((d) => (d.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string } | undefined)?.id);
const roleOf = (email: string, tenant: string) =>
  db((d) => (d.prepare('SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.tenant = ?').get(email, tenant) as { role: string } | undefined)?.role ?? null);
const isDisabled = (email: string) => db((d) => (d.prepare('SELECT disabled_at FROM users WHERE email = ?').get(email) as { disabled_at: string | null }).disabled_at !== null);

/** A Kreis admin invites `email` as admin of `tenant`; the person accepts; returns their cookie. */
async function addAdmin(kreisCookie: string, tenant: string, email: string): Promise<string> {
  const invited = await postForm(server, `/${tenant}/mitglieder`, { action: 'invite', email, role: 'admin' }, { cookie: kreisCookie });
  const token = /\/einladung\/([a-z0-9]+)"/.exec(await invited.text())![1]!;
  const accepted = await postForm(server, `/einladung/${token}`, { name: `Zweite Admin ${tenant}`, password: 'ein gutes langes Passwort', repeat: 'ein gutes langes Passwort' });
  expect(accepted.status).toBe(303);
  return signInCookie(server, { email, password: 'ein gutes langes Passwort' });
}

describe('the last enabled Kreis admin', () => {
  it('cannot delete their own account while the only other Kreis admin is disabled', async () => {
    const kreis = server.account('kreis-coesfeld', 'admin');
    const cookie = await signInCookie(server, kreis);
    await addAdmin(cookie, 'kreis-coesfeld', 'zweite.kreis@kreis-coesfeld.example');
    const disabled = await postForm(server, '/kreis-coesfeld/mitglieder', { action: 'disable', user: userId('zweite.kreis@kreis-coesfeld.example')!, bestaetigt: 'ja' }, { cookie });
    expect(disabled.status).toBe(200);
    expect(isDisabled('zweite.kreis@kreis-coesfeld.example')).toBe(true);

    const res = await postForm(server, '/konto', { action: 'delete', password: kreis.password, confirm: 'ja', 'ohne-admin': 'kreis-coesfeld' }, { cookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Der Kreis braucht mindestens eine aktive Administratorin oder einen aktiven Administrator.');
    expect(userId(kreis.email)).toBeDefined();
    const page = await (await get(server, '/konto', cookie)).text();
    expect(page).toContain('Solange Sie die einzige aktive Kreis-Admin sind, können Sie Ihr Konto nicht löschen.');
  });

  it('can neither demote nor remove themselves, confirmed or not', async () => {
    const kreis = server.account('kreis-coesfeld', 'admin');
    const cookie = await signInCookie(server, kreis);
    const me = userId(kreis.email)!;
    for (const form of <Record<string, string>[]>[
      { action: 'role', user: me, role: 'redakteur' },
      { action: 'role', user: me, role: 'mitarbeiter', bestaetigt: 'ja', 'ohne-admin': 'kreis-coesfeld' },
      { action: 'remove', user: me },
      { action: 'remove', user: me, bestaetigt: 'ja', 'ohne-admin': 'kreis-coesfeld' },
    ]) {
      const res = await postForm(server, '/kreis-coesfeld/mitglieder', form, { cookie });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain('Der Kreis braucht mindestens eine aktive');
    }
    expect(roleOf(kreis.email, 'kreis-coesfeld')).toBe('admin');
  });
});

describe('a Kommune\'s only admin', () => {
  it('demoting themselves is asked first, names the Kreis admins, can be cancelled, and works when confirmed', async () => {
    const account = server.account('duelmen', 'admin');
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, account);
    await visit(page, '/duelmen/mitglieder');
    const row = page.locator('tr', { hasText: account.email });
    await row.getByLabel(/Rolle von/).selectOption('redakteur');
    await row.getByRole('button', { name: /Rolle ändern/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bitte bestätigen');
    const warning = (await page.getByRole('alert').textContent()) ?? '';
    expect(warning).toContain('Danach hat Stadt Dülmen keine aktive Administratorin und keinen aktiven Administrator mehr.');
    expect(warning).toContain(server.account('kreis-coesfeld', 'admin').email);
    expect(warning).not.toContain('zweite.kreis@'); // disabled: cannot help
    await expect(page.locator('main').textContent()).resolves.toContain('Sie ändern damit Ihre eigenen Rechte.');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Abbrechen' }).click();
    await page.waitForURL((u) => u.pathname === '/duelmen/mitglieder');
    expect(roleOf(account.email, 'duelmen')).toBe('admin');

    await page.locator('tr', { hasText: account.email }).getByLabel(/Rolle von/).selectOption('redakteur');
    await page.locator('tr', { hasText: account.email }).getByRole('button', { name: /Rolle ändern/ }).click();
    await page.getByRole('button', { name: 'Ja, Rolle ändern' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('ist jetzt Redakteur:in');
    expect(roleOf(account.email, 'duelmen')).toBe('redakteur');
    expect((await page.goto('/duelmen/mitglieder'))?.status()).toBe(403);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('removing themselves changes nothing without the confirmation, and asks again with the warning', async () => {
    const account = server.account('senden', 'admin');
    const cookie = await signInCookie(server, account);
    const me = userId(account.email)!;
    const asked = await postForm(server, '/senden/mitglieder', { action: 'remove', user: me }, { cookie });
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain('Bitte bestätigen');
    expect(html).toContain('Danach hat Gemeinde Senden keine aktive Administratorin');
    expect(roleOf(account.email, 'senden')).toBe('admin');
    // A confirmation that does not name Senden (e.g. from before another admin left) asks again.
    const stale = await postForm(server, '/senden/mitglieder', { action: 'remove', user: me, bestaetigt: 'ja' }, { cookie });
    expect(await stale.text()).toContain('Seit Ihrer Bestätigung hat sich etwas geändert.');
    expect(roleOf(account.email, 'senden')).toBe('admin');
    const done = await postForm(server, '/senden/mitglieder', { action: 'remove', user: me, bestaetigt: 'ja', 'ohne-admin': 'senden' }, { cookie });
    expect(done.status).toBe(200);
    expect(roleOf(account.email, 'senden')).toBeNull();
  });

  it('is warned about when a Kreis admin disables them, also when the Kommune\'s other admin is disabled', async () => {
    const kreisCookie = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    await addAdmin(kreisCookie, 'rosendahl', 'zweite.admin@rosendahl.example');
    const only = server.account('rosendahl', 'admin');
    // While the second admin is enabled, disabling the first one asks, but warns of nothing.
    const first = await postForm(server, '/rosendahl/mitglieder', { action: 'disable', user: userId('zweite.admin@rosendahl.example')! }, { cookie: kreisCookie });
    const firstHtml = await first.text();
    expect(firstHtml).toContain('Möchten Sie das Konto von Zweite Admin rosendahl');
    expect(firstHtml).not.toContain('Danach hat');
    expect(isDisabled('zweite.admin@rosendahl.example')).toBe(false);
    await postForm(server, '/rosendahl/mitglieder', { action: 'disable', user: userId('zweite.admin@rosendahl.example')!, bestaetigt: 'ja' }, { cookie: kreisCookie });
    expect(isDisabled('zweite.admin@rosendahl.example')).toBe(true);
    // Now the demo admin is the only enabled one.
    const asked = await postForm(server, '/rosendahl/mitglieder', { action: 'disable', user: userId(only.email)! }, { cookie: kreisCookie });
    expect(await asked.text()).toContain('Danach hat Gemeinde Rosendahl keine aktive Administratorin');
    expect(isDisabled(only.email)).toBe(false);
    await postForm(server, '/rosendahl/mitglieder', { action: 'disable', user: userId(only.email)!, bestaetigt: 'ja', 'ohne-admin': 'rosendahl' }, { cookie: kreisCookie });
    expect(isDisabled(only.email)).toBe(true);
  });

  it('deleting their own account needs a second tick that names the consequence', async () => {
    const account = server.account('nottuln', 'admin');
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, account);
    await visit(page, '/konto');
    await expect(page.locator('#ohne-admin-hinweis').textContent()).resolves.toContain('Danach hat Gemeinde Nottuln keine aktive Administratorin');
    await page.locator('#delete-password').fill(account.password);
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await page.getByRole('button', { name: 'Konto löschen' }).click();
    await expect(page.locator('#form-errors').textContent()).resolves.toContain('Bitte bestätigen Sie die Änderung ausdrücklich.');
    await expectAccessible(page);
    expect(userId(account.email)).toBeDefined();
    await page.locator('#delete-password').fill(account.password);
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await page.getByLabel(/Ja, auch wenn diese Kommune danach keine aktive Administration hat/).check();
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Konto löschen' }).click()]);
    expect(userId(account.email)).toBeUndefined();
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('destructive actions on other members', () => {
  it('removing or demoting a colleague asks first, without a warning when an admin remains', async () => {
    const admin = server.account('coesfeld', 'admin');
    const cookie = await signInCookie(server, admin);
    const colleague = server.account('coesfeld', 'redakteur');
    const id = userId(colleague.email)!;
    const demote = await postForm(server, '/coesfeld/mitglieder', { action: 'role', user: id, role: 'mitarbeiter' }, { cookie });
    const demoteHtml = await demote.text();
    expect(demoteHtml).toContain('von Redakteur:in auf Mitarbeiter:in ändern?');
    expect(demoteHtml).not.toContain('Danach hat');
    expect(roleOf(colleague.email, 'coesfeld')).toBe('redakteur');
    // Raising a role asks nothing.
    const promote = await postForm(server, '/coesfeld/mitglieder', { action: 'role', user: userId(server.account('coesfeld', 'mitarbeiter').email)!, role: 'redakteur' }, { cookie });
    expect(await promote.text()).toContain('ist jetzt Redakteur:in');
    const remove = await postForm(server, '/coesfeld/mitglieder', { action: 'remove', user: id }, { cookie });
    expect(await remove.text()).toContain(`wirklich aus Stadt Coesfeld entfernen?`);
    expect(roleOf(colleague.email, 'coesfeld')).toBe('redakteur');
    await postForm(server, '/coesfeld/mitglieder', { action: 'remove', user: id, bestaetigt: 'ja' }, { cookie });
    expect(roleOf(colleague.email, 'coesfeld')).toBeNull();
  });
});
