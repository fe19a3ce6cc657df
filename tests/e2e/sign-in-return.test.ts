import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage } from './browser';
import { get, postForm, signInCookie } from './auth';
import { REDIRECT_BYPASSES } from '../fixtures/redirect-bypasses';

// Where a person ends up after signing in, and how they get to the sign-in form from a page
// they may not see yet.

let server: TestServer;
let secure: TestServer;
let browser: Browser;
const HTTPS_ORIGIN = 'https://wissen.kreis-coesfeld.example';
beforeAll(async () => {
  [server, secure, browser] = await Promise.all([startServer(), startServer({ env: { WISSENSNETZ_ORIGIN: HTTPS_ORIGIN } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), secure?.stop()]);
});

/** Signs in with `next` in the query and in the form, as the sign-in form sends it. */
async function signInWith(hub: TestServer, origin: string, next: string, cookie?: string): Promise<Response> {
  const account = hub.account('senden', 'redakteur');
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin };
  if (cookie) headers['Cookie'] = cookie;
  return fetch(`${hub.url}/anmelden?next=${encodeURIComponent(next)}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ email: account.email, password: account.password, next }),
    redirect: 'manual',
  });
}

function expectStaysOnHub(res: Response, origin: string, next: string): void {
  expect(res.status, JSON.stringify(next)).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(location.startsWith('/'), `${JSON.stringify(next)} → ${location}`).toBe(true);
  expect(location.startsWith('//') || location.startsWith('/\\'), `${JSON.stringify(next)} → ${location}`).toBe(false);
  expect(new URL(location, origin).origin, `${JSON.stringify(next)} → ${location}`).toBe(origin);
}

describe('after signing in', () => {
  it('goes only to paths on the hub, whatever next= says (http origin, no session before)', async () => {
    for (const next of REDIRECT_BYPASSES) expectStaysOnHub(await signInWith(server, server.url, next), server.url, next);
  });

  it('goes only to paths on the hub when a session already exists (signing in again)', async () => {
    const cookie = await signInCookie(server, server.account('senden', 'redakteur'));
    for (const next of ['/.//evil.example/x', '/..//evil.example/x', '/%2e//evil.example/x', '/a/..//evil.example/x', '/\t/evil.example', 'https://hub@evil.example']) {
      expectStaysOnHub(await signInWith(server, server.url, next, cookie), server.url, next);
    }
  });

  it('goes only to paths on the hub with an https origin', async () => {
    for (const next of REDIRECT_BYPASSES) {
      const res = await signInWith(secure, HTTPS_ORIGIN, next);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-')), 'signed in').toBe(true);
      expectStaysOnHub(res, HTTPS_ORIGIN, next);
    }
  });

  it('still returns to a local page, with its query', async () => {
    const res = await signInWith(server, server.url, '/suche?q=Schule');
    expect(res.headers.get('location')).toBe('/suche?q=Schule');
  });

  it('never puts a foreign target into the sign-in form it renders', async () => {
    for (const next of ['/.//evil.example/x', '/%2e%2e//evil.example', '//evil.example', 'https://evil.example']) {
      const html = await (await get(server, `/anmelden?next=${encodeURIComponent(next)}`)).text();
      expect(html).not.toContain('evil.example');
      expect(html).toContain('name="next" value="/"');
    }
  });
});

function internBeitrag(hub: TestServer): string {
  const d = new Database(path.join(hub.dataDir, 'wissensnetz.db'), { readonly: true });
  const row = d.prepare("SELECT tenant, slug FROM documents WHERE visibility = 'intern' AND status = 'veroeffentlicht' ORDER BY id LIMIT 1").get() as { tenant: string; slug: string };
  d.close();
  return `/${row.tenant}/beitraege/${row.slug}`;
}

describe('a signed-out visitor on a page that is not found', () => {
  it('is offered to sign in and come back, identically for an intern Beitrag and a wrong address', async () => {
    const intern = internBeitrag(server);
    const missing = intern.replace(/[^/]+$/, 'gibt-es-nicht-und-gab-es-nie');
    const [a, b] = await Promise.all([get(server, intern), get(server, missing)]);
    expect([a.status, b.status]).toEqual([404, 404]);
    const [htmlA, htmlB] = await Promise.all([a.text(), b.text()]);
    const link = (p: string) => `/anmelden?next=${encodeURIComponent(p)}`;
    // The header link and the offer in the page both lead back to the address asked for.
    expect(htmlA.split(`href="${link(intern)}"`).length - 1).toBe(2);
    expect(htmlB.split(`href="${link(missing)}"`).length - 1).toBe(2);
    expect(htmlA).not.toContain('next=%2Ffehler');
    // Nothing else tells the two apart.
    expect(htmlA.replaceAll(encodeURIComponent(intern), 'X')).toBe(htmlB.replaceAll(encodeURIComponent(missing), 'X'));
  });

  it('keeps the query of the address asked for and never links to /fehler, also on unknown routes and 403 pages', async () => {
    const unknown = await get(server, '/gibt/es/nicht?seite=2');
    expect(unknown.status).toBe(404);
    const html = await unknown.text();
    expect(html).toContain(`href="/anmelden?next=${encodeURIComponent('/gibt/es/nicht?seite=2')}"`);
    expect(html).not.toContain('%2Ffehler');
    const refused = await postForm(server, '/konto', {}, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('href="/anmelden?next=%2Fkonto"');
    expect(refusedHtml).not.toContain('next=%2Ffehler');
  });

  it('follows the offer, signs in and lands on the intern Beitrag', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    const intern = internBeitrag(server);
    expect((await page.goto(intern))?.status()).toBe(404);
    await expectAccessible(page);
    await page.getByRole('main').getByRole('link', { name: 'melden Sie sich an' }).click();
    await page.waitForURL((u) => u.pathname === '/anmelden');
    await expectAccessible(page);
    const account = server.account('olfen', 'mitarbeiter');
    await page.getByLabel('E-Mail-Adresse').fill(account.email);
    await page.getByLabel('Passwort', { exact: true }).fill(account.password);
    await Promise.all([page.waitForURL((u) => u.pathname === intern), page.getByRole('button', { name: 'Anmelden' }).click()]);
    await expectAccessible(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toContain('nicht gefunden');
    expectNoProblems(checked);
    await checked.context.close();
  });
});
