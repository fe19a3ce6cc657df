import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from './server';
import { expectAccessible, expectNoProblems, openPage, visit, useServerAndBrowser } from './browser';
import { signIn } from './auth';

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  [server, browser] = [s, b];
});

describe('signing in', () => {
  it('shows a German error on a wrong password, accessibly, and keeps the e-mail', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await visit(page, '/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill('admin.duelmen@demo.wissensnetz.invalid');
    await page.getByLabel('Passwort', { exact: true }).fill('ganz-falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('E-Mail-Adresse oder Passwort ist nicht korrekt.');
    await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('admin.duelmen@demo.wissensnetz.invalid');
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('returns to the page that asked for sign-in, and shows who is signed in', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await page.goto('/konto');
    expect(new URL(page.url()).pathname).toBe('/anmelden');
    const account = server.account('duelmen', 'mitarbeiter');
    await page.getByLabel('E-Mail-Adresse').fill(account.email);
    await page.getByLabel('Passwort', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/konto');
    await expectAccessible(page);
    await expect(page.locator('main').textContent()).resolves.toContain(account.email);
    await expect(page.locator('main').textContent()).resolves.toContain('Stadt Dülmen: Mitarbeiter:in');
    await page.getByRole('button', { name: 'Abmelden' }).first().click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect(page.getByRole('link', { name: 'Anmelden' }).count()).resolves.toBe(1);
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('Mein Konto', () => {
  it('shows password errors accessibly and changes nothing', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    const account = server.account('senden', 'mitarbeiter');
    await signIn(page, account);
    await visit(page, '/konto');
    await page.getByLabel('Bisheriges Passwort').fill('falsch-falsch');
    await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await page.getByLabel('Neues Passwort wiederholen').fill('kurz');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.locator('#form-errors').textContent()).resolves.toMatch(/bisherige Passwort ist nicht korrekt[\s\S]*mindestens 8 Zeichen/);
    await expect(page.getByLabel('Neues Passwort', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('lets a person download all their data as JSON', async () => {
    const checked = await openPage(browser, server.url);
    await signIn(checked.page, server.account('senden', 'redakteur'));
    const res = await checked.context.request.get('/konto/daten.json');
    expect(res.headers()['content-disposition']).toMatch(/^attachment/);
    const data = await res.json();
    expect(data.konto.email).toBe(server.account('senden', 'redakteur').email);
    expect(JSON.stringify(data)).not.toMatch(/argon2/);
    expect(data.mitgliedschaften).toEqual([expect.objectContaining({ kommune: 'senden', rolle: 'redakteur' })]);
    expect(data.sitzungen.length).toBeGreaterThan(0);
    await checked.context.close();
  });

  it('lets a person end another session and delete their account; their revisions stay as "ehemaliges Konto"', async () => {
    const account = server.account('olfen', 'redakteur');
    const other = await openPage(browser, server.url);
    await signIn(other.page, account);
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, account);
    await visit(page, '/konto');
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await rows.filter({ hasNotText: 'diese Sitzung' }).getByRole('button', { name: /Beenden/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Die Sitzung wurde beendet.');
    await other.page.goto('/konto');
    expect(new URL(other.page.url()).pathname).toBe('/anmelden');

    await page.locator('#delete-password').fill('falsches-passwort');
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await page.getByRole('button', { name: 'Konto löschen' }).click();
    await expect(page.locator('#form-errors').textContent()).resolves.toContain('Das Passwort ist nicht korrekt.');
    await expectAccessible(page);
    await page.locator('#delete-password').fill(account.password);
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await page.getByRole('button', { name: 'Konto löschen' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    const db = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
    const user = db.prepare('SELECT id FROM users WHERE email = ?').get(account.email);
    const labels = db.prepare("SELECT DISTINCT author_label AS l FROM revisions r JOIN documents d ON d.id = r.document_id WHERE d.tenant = 'olfen'").all() as { l: string }[];
    db.close();
    expect(user).toBeUndefined();
    expect(labels.map((r) => r.l)).toContain('ehemaliges Konto');
    expect(labels.map((r) => r.l)).not.toContain('Demo Redakteur:in Olfen');
    await other.context.close();
    await checked.context.close();
  });
});

describe('invitations and members', () => {
  it('an admin of Dülmen invites a person, who sets a password and is signed in as Redakteur:in of Dülmen', async () => {
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('duelmen', 'admin'));
    await visit(admin.page, '/duelmen/mitglieder');
    // An invalid address first: a German error, accessible, nothing created.
    await admin.page.getByLabel('E-Mail-Adresse').fill('keine-adresse');
    await admin.page.getByRole('button', { name: 'Einladung erstellen' }).click();
    await expect(admin.page.locator('#form-errors').textContent()).resolves.toContain('gültige E-Mail-Adresse');
    await expectAccessible(admin.page);
    await admin.page.getByLabel('E-Mail-Adresse').fill('neu.kollegin@duelmen.de');
    await admin.page.getByLabel('Rolle in Dülmen').selectOption('redakteur');
    await admin.page.getByRole('button', { name: 'Einladung erstellen' }).click();
    const link = await admin.page.getByLabel('Einladungslink').inputValue();
    expect(link).toMatch(/\/einladung\/[a-z0-9]{26,}$/);
    await expectAccessible(admin.page);

    const invitee = await openPage(browser, server.url);
    const invitePath = new URL(link).pathname;
    await visit(invitee.page, invitePath);
    await invitee.page.getByLabel('Ihr Name').fill('Nele Neu');
    await invitee.page.getByLabel('Passwort festlegen').fill('ein gutes langes Passwort');
    await invitee.page.getByLabel('Passwort wiederholen').fill('ein anderes Passwort');
    await invitee.page.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect(invitee.page.locator('#form-errors').textContent()).resolves.toContain('stimmen nicht überein');
    await expectAccessible(invitee.page);
    await invitee.page.getByLabel('Passwort festlegen').fill('ein gutes langes Passwort');
    await invitee.page.getByLabel('Passwort wiederholen').fill('ein gutes langes Passwort');
    await invitee.page.getByRole('button', { name: 'Konto anlegen' }).click();
    await invitee.page.waitForURL('**/duelmen/');
    await visit(invitee.page, '/konto');
    await expect(invitee.page.locator('main').textContent()).resolves.toContain('Stadt Dülmen: Redakteur:in');

    // The link works once.
    const again = await openPage(browser, server.url);
    await visit(again.page, invitePath, 410);
    await expect(again.page.getByRole('alert').textContent()).resolves.toContain('bereits verwendet');

    // The admin disables the account: its session ends and sign-in says why.
    await visit(admin.page, '/duelmen/mitglieder');
    await admin.page.getByRole('button', { name: 'Deaktivieren Nele Neu' }).click();
    // Disabling asks first, on a page of its own.
    await expect(admin.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bitte bestätigen');
    await expectAccessible(admin.page);
    await admin.page.getByRole('button', { name: 'Ja, Konto deaktivieren' }).click();
    await expect(admin.page.getByRole('status').textContent()).resolves.toContain('deaktiviert');
    await invitee.page.goto('/konto');
    expect(new URL(invitee.page.url()).pathname).toBe('/anmelden');
    await invitee.page.getByLabel('E-Mail-Adresse').fill('neu.kollegin@duelmen.de');
    await invitee.page.getByLabel('Passwort', { exact: true }).fill('ein gutes langes Passwort');
    await invitee.page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(invitee.page.getByRole('alert').textContent()).resolves.toContain('Ihr Konto ist deaktiviert');
    await expectAccessible(invitee.page);
    for (const c of [admin, invitee, again]) {
      expectNoProblems(c);
      await c.context.close();
    }
  });

  it('an expired invitation gets a clear message and creates nothing', async () => {
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('coesfeld', 'admin'));
    await visit(admin.page, '/coesfeld/mitglieder');
    await admin.page.getByLabel('E-Mail-Adresse').fill('zu.spaet@coesfeld.de');
    await admin.page.getByRole('button', { name: 'Einladung erstellen' }).click();
    const link = await admin.page.getByLabel('Einladungslink').inputValue();
    const db = new Database(path.join(server.dataDir, 'wissensnetz.db'));
    db.prepare("UPDATE invitations SET expires_at = 0 WHERE email = 'zu.spaet@coesfeld.de'").run();
    const invitee = await openPage(browser, server.url);
    await visit(invitee.page, new URL(link).pathname, 410);
    await expect(invitee.page.getByRole('alert').textContent()).resolves.toContain('abgelaufen');
    const res = await invitee.context.request.post(new URL(link).pathname, { form: { name: 'Zu Spät', password: 'ein gutes langes Passwort', repeat: 'ein gutes langes Passwort' }, headers: { Origin: server.url } });
    expect(res.status()).toBe(410);
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE email = 'zu.spaet@coesfeld.de'").get()).toEqual({ n: 0 });
    db.close();
    await admin.context.close();
    await invitee.context.close();
  });

  it('a Kommune admin can neither manage another Kommune nor hand out Kreis rights', async () => {
    const checked = await openPage(browser, server.url);
    await signIn(checked.page, server.account('senden', 'admin'));
    await visit(checked.page, '/duelmen/mitglieder', 403);
    await visit(checked.page, '/kreis-coesfeld/mitglieder', 403);
    const res = await checked.context.request.post('/kreis-coesfeld/mitglieder', { form: { action: 'invite', email: 'x@senden.de', role: 'admin' }, headers: { Origin: server.url } });
    expect(res.status()).toBe(403);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('the audit log shows Kommune admins their Kommune only, with paging', async () => {
    const checked = await openPage(browser, server.url);
    await signIn(checked.page, server.account('duelmen', 'admin'));
    await visit(checked.page, '/protokoll');
    const text = (await checked.page.locator('tbody').textContent()) ?? '';
    expect(text).toContain('Einladung erstellt');
    expect(text).not.toContain('einladung.erstellt');
    expect(text).toContain('neu.kollegin@duelmen.de');
    expect(text).not.toContain('zu.spaet@coesfeld.de');
    const kreis = await openPage(browser, server.url);
    await signIn(kreis.page, server.account('kreis-coesfeld', 'admin'));
    await visit(kreis.page, '/protokoll');
    await expect(kreis.page.locator('tbody').textContent()).resolves.toContain('zu.spaet@coesfeld.de');
    await checked.context.close();
    await kreis.context.close();
  });
});
