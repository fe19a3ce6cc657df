import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readServerDb, type TestServer } from './server';
import { expectAccessible, expectNoProblems, openPage, visit, useServerAndBrowser } from './browser';
import { get, signIn, signInCookie } from './auth';

// Member administration without traps: invitations that can be withdrawn, people who already have
// an account joining another Kommune, the way in through the navigation, the audit log in German
// with filters and a CSV export.

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  [server, browser] = [s, b];
});

const db = <T>(fn: (d: Database.Database) => T): T => readServerDb(server, fn);

describe('invitations', () => {
  it('an admin withdraws an open invitation; its link then says so and creates nothing', async () => {
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('olfen', 'admin'));
    // The member page is reachable from the navigation.
    await admin.page.getByRole('link', { name: 'Verwaltung', exact: true }).click();
    await admin.page.waitForURL('**/verwaltung');
    await expectAccessible(admin.page);
    await admin.page.getByRole('link', { name: 'Mitglieder von Stadt Olfen' }).click();
    await admin.page.waitForURL('**/olfen/mitglieder');
    await admin.page.getByLabel('E-Mail-Adresse').fill('zurueck@olfen.de');
    await admin.page.getByRole('button', { name: 'Einladung erstellen' }).click();
    const link = await admin.page.getByLabel('Einladungslink').inputValue();
    await visit(admin.page, '/olfen/mitglieder');
    const open = admin.page.locator('section[aria-labelledby="offen"]');
    await expect(open.textContent()).resolves.toContain('zurueck@olfen.de');
    await admin.page.getByRole('button', { name: 'Zurückziehen (Einladung für zurueck@olfen.de)' }).click();
    await expect(admin.page.getByRole('status').textContent()).resolves.toContain('wurde zurückgezogen');
    await expect(open.textContent()).resolves.not.toContain('zurueck@olfen.de');
    await expectAccessible(admin.page);

    const invitee = await openPage(browser, server.url);
    await visit(invitee.page, new URL(link).pathname, 410);
    await expect(invitee.page.getByRole('alert').textContent()).resolves.toContain('zurückgezogen');
    await expectAccessible(invitee.page);
    const res = await invitee.context.request.post(new URL(link).pathname, { form: { name: 'Zu Spät', password: 'ein gutes langes Passwort', repeat: 'ein gutes langes Passwort' }, headers: { Origin: server.url } });
    expect(res.status()).toBe(410);
    expect(db((d) => d.prepare("SELECT count(*) AS n FROM users WHERE email = 'zurueck@olfen.de'").get())).toEqual({ n: 0 });
    // Withdrawing twice is a German 400, not a crash.
    const id = db((d) => (d.prepare("SELECT id FROM invitations WHERE email = 'zurueck@olfen.de'").get() as { id: string }).id);
    const twice = await admin.context.request.post('/olfen/mitglieder', { form: { action: 'revoke-invitation', invitation: id }, headers: { Origin: server.url } });
    expect(twice.status()).toBe(400);
    expect(await twice.text()).toContain('nicht mehr offen');
    for (const c of [admin, invitee]) {
      expectNoProblems(c);
      await c.context.close();
    }
  });

  it('an admin of another Kommune cannot withdraw Olfen\'s invitations', async () => {
    const cookie = await signInCookie(server, server.account('olfen', 'admin'));
    const created = await fetch(`${server.url}/olfen/mitglieder`, { method: 'POST', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'invite', email: 'bleibt@olfen.de', role: 'mitarbeiter' }) });
    expect(created.status).toBe(200);
    const id = db((d) => (d.prepare("SELECT id FROM invitations WHERE email = 'bleibt@olfen.de'").get() as { id: string }).id);
    const other = await signInCookie(server, server.account('senden', 'admin'));
    const own = await fetch(`${server.url}/senden/mitglieder`, { method: 'POST', headers: { Cookie: other, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'revoke-invitation', invitation: id }) });
    expect(own.status).toBe(400);
    expect(db((d) => d.prepare("SELECT revoked_at FROM invitations WHERE email = 'bleibt@olfen.de'").get())).toEqual({ revoked_at: null });
  });

  it('a Mitarbeiterin of Dülmen invited into Senden joins with her account after signing in; no second account appears', async () => {
    const person = server.account('duelmen', 'mitarbeiter');
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('senden', 'admin'));
    await visit(admin.page, '/senden/mitglieder');
    await admin.page.getByLabel('E-Mail-Adresse').fill(person.email.toUpperCase());
    await admin.page.getByLabel('Rolle in Senden').selectOption('redakteur');
    await admin.page.getByRole('button', { name: 'Einladung erstellen' }).click();
    await expect(admin.page.getByRole('status').textContent()).resolves.toContain('Für diese Adresse gibt es bereits ein Konto');
    const link = new URL(await admin.page.getByLabel('Einladungslink').inputValue());

    const invitee = await openPage(browser, server.url);
    await visit(invitee.page, link.pathname);
    // She is not asked for a new password: she signs in with her own.
    await expect(invitee.page.getByLabel('Passwort festlegen').count()).resolves.toBe(0);
    await invitee.page.getByRole('link', { name: 'Melden Sie sich an' }).click();
    await invitee.page.getByLabel('E-Mail-Adresse').fill(person.email);
    await invitee.page.getByLabel('Passwort', { exact: true }).fill(person.password);
    await Promise.all([invitee.page.waitForURL(`**${link.pathname}`), invitee.page.getByRole('button', { name: 'Anmelden' }).click()]);
    await expectAccessible(invitee.page);
    await Promise.all([invitee.page.waitForURL('**/senden/'), invitee.page.getByRole('button', { name: 'Einladung annehmen' }).click()]);
    await visit(invitee.page, '/konto');
    const text = (await invitee.page.locator('main').textContent()) ?? '';
    expect(text).toContain('Stadt Dülmen: Mitarbeiter:in');
    expect(text).toContain('Gemeinde Senden: Redakteur:in');
    expect(db((d) => d.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(person.email))).toEqual({ n: 1 });
    for (const c of [admin, invitee]) {
      expectNoProblems(c);
      await c.context.close();
    }
  });
});

describe('the audit log', () => {
  it('names events in German and filters by Kommune, kind of event, person and day, accessibly', async () => {
    const kreis = await openPage(browser, server.url);
    await signIn(kreis.page, server.account('kreis-coesfeld', 'admin'));
    await kreis.page.getByRole('link', { name: 'Verwaltung', exact: true }).click();
    await kreis.page.waitForURL('**/verwaltung');
    await kreis.page.getByRole('link', { name: 'Sicherheitsprotokoll' }).click();
    await kreis.page.waitForURL('**/protokoll');
    await expectAccessible(kreis.page);
    const body = kreis.page.locator('tbody');
    await expect(body.textContent()).resolves.toContain('Einladung zurückgezogen');
    await expect(body.textContent()).resolves.not.toMatch(/einladung\.erstellt|anmeldung\.erfolgreich/);

    await kreis.page.getByLabel('Kommune', { exact: true }).selectOption('olfen');
    await kreis.page.getByLabel('Art des Ereignisses').selectOption('einladungen');
    await kreis.page.getByLabel('Person (E-Mail-Adresse, auch teilweise)').fill('zurueck@');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
    await kreis.page.getByLabel('Von (Tag)').fill(today);
    await kreis.page.getByLabel('Bis (Tag, einschließlich)').fill(today);
    await Promise.all([kreis.page.waitForURL('**/protokoll?**'), kreis.page.getByRole('button', { name: 'Filter anwenden' }).click()]);
    await expectAccessible(kreis.page);
    const events = await kreis.page.locator('tbody td[data-action]').allTextContents();
    expect(events.sort()).toEqual(['Einladung erstellt', 'Einladung zurückgezogen']);
    await expect(kreis.page.getByRole('status').first().textContent()).resolves.toContain('2 Einträge passen zum Filter.');

    // A day before anything happened: nothing.
    await visit(kreis.page, '/protokoll?bis=2020-01-01');
    await expect(kreis.page.locator('tbody tr').count()).resolves.toBe(0);
    // Nonsense in the query is a German note, not an error.
    await visit(kreis.page, '/protokoll?von=31.02.2026&art=gibtsnicht');
    await expect(kreis.page.locator('.audit-filter [role="alert"]').textContent()).resolves.toContain('ist ungültig');
    await expectAccessible(kreis.page);
    expectNoProblems(kreis);
    await kreis.context.close();
  });

  it('exports the filtered entries as CSV for the data-protection officer, with German headings and no formulas', async () => {
    const cookie = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    const res = await get(server, '/protokoll.csv?kommune=olfen&art=einladungen', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sicherheitsprotokoll-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Zeit (UTC);Zeit (deutsche Zeit);Ereignis;Code;Wer;Kommune;Objekt;IP-Adresse;Details;Anzahl;Zuletzt (UTC)');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows.map((r) => r[2]).sort()).toEqual(['Einladung erstellt', 'Einladung erstellt', 'Einladung zurückgezogen']);
    expect(rows.every((r) => r[5] === 'Stadt Olfen')).toBe(true);

    // A Kommune admin exports only her Kommune, whatever she asks for.
    const olfen = await signInCookie(server, server.account('olfen', 'admin'));
    const own = await (await get(server, '/protokoll.csv?kommune=duelmen', olfen)).text();
    expect(own).not.toContain('Stadt Dülmen');
    expect(own).toContain('Stadt Olfen');
    // Mitarbeiter:innen get nothing.
    const staff = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    expect((await get(server, '/protokoll.csv', staff)).status).toBe(403);
  });
});
