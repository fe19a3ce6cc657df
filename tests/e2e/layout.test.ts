import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { checkAtWidths, launchBrowser, openPage, type CheckedPage } from './browser';
import { get, postForm, signInCookie } from './auth';
import { ROUTES, type Who } from './route-table';
import { buildDocx } from '../fixtures/office';
import { pngImage } from '../fixtures/images';

// Every page template at 320, 768 and 1280 px, as each role: no sideways scrolling, no text out
// of its box, no word broken inside a button, no "1 Beiträge" (at each width), and no axe violation
// (at 320 and 1280 px for every role; at 768 px, mostly the narrow layout, once per page). The pages
// are the GET rows of the route table (one per route, so a new page is swept automatically)
// plus the states a route can be in (a Beitrag with files waiting for review, the editor, ...).

const PEOPLE: { who: Exclude<Who, 'adminAndere'>; account?: [string, 'mitarbeiter' | 'redakteur' | 'admin'] }[] = [
  { who: 'anonym' },
  { who: 'mitarbeiter', account: ['duelmen', 'mitarbeiter'] },
  { who: 'redakteur', account: ['duelmen', 'redakteur'] },
  { who: 'admin', account: ['duelmen', 'admin'] },
  { who: 'kreisAdmin', account: ['kreis-coesfeld', 'admin'] },
];

/** A published, public Dülmen Beitrag that gets files waiting for review in beforeAll. */
const SLUG = 'it-support-schulen-eigenes-team';
const BEITRAG = `/duelmen/beitraege/${SLUG}`;

const EXTRA_PAGES = [
  '/?konto=geloescht',
  '/duelmen/beitraege/neu',
  '/duelmen/beitraege/neu?art=projektbericht',
  BEITRAG,
  `${BEITRAG}/bearbeiten`,
  `${BEITRAG}/dateien`,
  `${BEITRAG}/pruefung`,
  `${BEITRAG}/versionen`,
  `${BEITRAG}/versionen/vergleich?von=1&zu=2`,
  '/coesfeld/beitraege/medienentwicklungsplan-2024-2029',
  '/kreis-coesfeld/beitraege/leitfaden-digitale-antragsverfahren-sozialbereich-ozg',
  '/kreis-coesfeld/beitraege/kreisjugendamt-digitale-fallakte/pruefung',
  '/suche?q=Tablets',
  '/suche?q=Schule&themenfeld=Schule',
];

let server: TestServer;
let browser: Browser;
/** Markup already checked by axe (across roles: a template seen alike by two roles is checked once). */
const axeSeen = new Set<string>();
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // A Redakteurin of Dülmen adds an image and a document to a published Beitrag and submits the draft.
  const cookie = await signInCookie(server, server.account('duelmen', 'redakteur'));
  const form = new FormData();
  form.append('lizenz', 'CC-BY-4.0');
  form.append('dateien', new Blob([new Uint8Array(pngImage(480, 240))]), 'Organigramm_Schul-IT_Dülmen_mit_sehr_langem_Dateinamen.png');
  form.append('dateien', new Blob([new Uint8Array(buildDocx('Supportvertrag', 'Stadt Dülmen', [{ p: 'Mustervertrag' }]))]), 'Supportvertrag.docx');
  const upload = await fetch(`${server.url}${BEITRAG}/dateien?mehrere=1`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: server.url }, redirect: 'manual' });
  expect(upload.status).toBe(303);
  const files = await (await get(server, `${BEITRAG}/dateien`, cookie)).text();
  const revision = /name="revision" value="(\d+)"/.exec(files)![1]!;
  expect((await postForm(server, `${BEITRAG}/aktion`, { aktion: 'einreichen', revision }, { cookie })).status).toBe(303);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The pages to sweep for one person: one path per GET route, plus the extra states. */
function pagesFor(who: Who): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const r of ROUTES) {
    // Redirects end on another template that is swept on its own (the sign-in page, the current slug).
    if (r.method !== 'GET' || seen.has(r.route) || [301, 303].includes(r.expect[who])) continue;
    // Files, feeds, stylesheets, data: no page to look at.
    if (/\.(json|xml|css|svg|csv|yml|eml)(\?|$)|\/dateien\/\d|^\/health|^\/suche\/daten/.test(r.path)) continue;
    seen.add(r.route);
    paths.push(r.path);
  }
  return [...paths, ...EXTRA_PAGES];
}

describe('every page template at 320, 768 and 1280 px', () => {
  for (const person of PEOPLE) {
    it(`fits the screen and passes axe for ${person.who === 'anonym' ? 'anonymous visitors' : `the role ${person.who}`}`, async () => {
      const checked: CheckedPage = await openPage(browser, server.url);
      const { page, context } = checked;
      if (person.account) {
        const [name, value] = (await signInCookie(server, server.account(...person.account))).split('=') as [string, string];
        await context.addCookies([{ name, value, url: server.url }]);
      }
      const problems: string[] = [];
      let visited = 0;
      for (const path of pagesFor(person.who)) {
        await page.setViewportSize({ width: 1280, height: 900 });
        const response = await page.goto(path);
        if (!response || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
        // Anonymous visitors of a signed-in page land on the sign-in page, which is swept by its own row.
        if (new URL(page.url()).pathname === '/anmelden' && !path.startsWith('/anmelden')) continue;
        // Search results come from the browser's index: wait for them (the first build may still run).
        if (path.startsWith('/suche?')) {
          const until = Date.now() + 90_000;
          while (!(await page.waitForFunction(() => /Treffer/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), null, { timeout: 5_000 }).then(() => true, () => false))) {
            if (Date.now() > until) throw new Error(`no search results on ${path}`);
            await page.reload();
          }
        }
        visited++;
        problems.push(...(await checkAtWidths(page, path, axeSeen)));
      }
      expect(visited, 'pages swept').toBeGreaterThan(12);
      expect(problems).toEqual([]);
      expect(checked.problems).toEqual([]);
      await context.close();
    }, 420_000);
  }
});

describe('the menu button on narrow screens', () => {
  it('opens and closes the main navigation; without script the navigation is simply open', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    const { page } = checked;
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    const button = page.getByRole('button', { name: 'Menü' });
    await expect(nav.isVisible()).resolves.toBe(false);
    await button.click();
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(nav.getByRole('link', { name: 'Themenfelder' }).isVisible()).resolves.toBe(true);
    const height = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
    await page.keyboard.press('Escape');
    await expect(nav.isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Menü');
    // Closed, the header stays compact on a phone.
    await expect(page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height)).resolves.toBeLessThan(Math.min(height, 160));
    await checked.context.close();

    const noScript = await browser.newContext({ baseURL: server.url, viewport: { width: 320, height: 900 }, javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto('/');
    await expect(plain.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Themenfelder' }).isVisible()).resolves.toBe(true);
    await expect(plain.getByRole('button', { name: 'Menü' }).isVisible()).resolves.toBe(false);
    await noScript.close();
    expect(checked.problems).toEqual([]);
  });
});
