import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, visit } from './browser';
import { signIn, get, signInCookie } from './auth';
import { allIndexUrls, bodyText, INDEX_FOLLOWS_MS, indexHolds, readServerPointer, useServerDatabase, waitForIndex } from './search-data';
import { archiveBeitrag, publishBeitrag } from '../fixtures/beitraege';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  // The server's first page waits long enough for a loaded machine (the default sends the page without it after 4 s).
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_SEARCH_FIRST_PAGE_MS: '30000' } }), launchBrowser()]);
  useServerDatabase(server);
  await waitForIndex(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const status = (page: Page) => page.locator('[data-search-status]');
const hitTitles = (page: Page) => page.locator('.search-hit h2').allTextContents();

async function waitForStatus(page: Page, pattern: RegExp): Promise<string> {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-search-status]')?.textContent ?? ''), pattern.source, { timeout: 20_000 });
  } catch (err) {
    // Say what the page showed instead, so a failure in CI can be told from a slow machine.
    throw new Error(`search status did not match ${pattern} within 20 s; it reads "${(await status(page).textContent()) ?? ''}"`, { cause: err });
  }
  return (await status(page).textContent()) ?? '';
}

describe('searching as an anonymous visitor', () => {
  it('finds a public Beitrag from the header search box and narrows it with filters (axe on results, filters, no results)', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await visit(page, '/kommunen');
    await page.getByRole('search', { name: 'Wissensnetz durchsuchen' }).getByLabel('Suchbegriff').fill('Fahrzeug');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/suche\?q=Fahrzeug/);
    await waitForStatus(page, /\d+ Treffer für „Fahrzeug“/);
    expect(await hitTitles(page)).toContain('Dienstfahrzeuge im Pool: Elektrifizierung und digitale Buchung');
    await expectAccessible(page);
    // Arriving with a query, the filters claim no counts until they are loaded; turning to one loads them.
    const coesfeld = page.getByLabel('Kommune').locator('option[value="Coesfeld"]');
    expect(await coesfeld.textContent()).toBe('Coesfeld');
    expect((await page.getByLabel('Kommune').locator('option').allTextContents()).filter((t) => t.endsWith('(0)'))).toEqual([]);
    await page.getByLabel('Kommune').focus();
    await expect.poll(() => coesfeld.textContent(), { timeout: 20_000 }).toMatch(/^Coesfeld \([1-9]\d*\)$/);
    expect(await page.getByLabel('Kommune').locator('option[value="Rosendahl"]').textContent()).toMatch(/^Rosendahl \(\d+\)$/);

    await page.getByLabel('Kommune').selectOption('Coesfeld');
    await page.waitForURL(/kommune=Coesfeld/);
    await waitForStatus(page, /Treffer für „Fahrzeug“ mit den gewählten Filtern/);
    const option = await page.getByLabel('Kommune').locator('option[value="Coesfeld"]').textContent();
    expect(option).toMatch(/^Coesfeld \(\d+\)$/);
    for (const meta of await page.locator('.search-hit .meta').allTextContents()) expect(meta).toContain('Coesfeld');
    await expectAccessible(page);

    await page.locator('#suche-q').fill('Xylophonwerkstatt');
    await page.locator('[data-search-form]').getByRole('button', { name: 'Suchen' }).click();
    await waitForStatus(page, /Keine Treffer für „Xylophonwerkstatt“/);
    expect(await hitTitles(page)).toEqual([]);
    await expectAccessible(page);

    // The back button returns to the previous search, because the query lives in the URL.
    await page.goBack();
    await waitForStatus(page, /\d+ Treffer für „Fahrzeug“ mit den gewählten Filtern/);
    expect(page.url()).toContain('kommune=Coesfeld');
    await expect(page.locator('#suche-q').inputValue()).resolves.toBe('Fahrzeug');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('finds without JavaScript: the first results and the next ones come from the server, a spelling as a link', async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/suche?q=Schule');
    const first = (await status(page).textContent()) ?? '';
    expect(first).toMatch(/^\d+ Treffer für „Schule“\.$/);
    const total = Number(/^\d+/.exec(first)![0]);
    expect(total).toBeGreaterThan(10);
    const page1 = await hitTitles(page);
    expect(page1).toHaveLength(10);
    await page.getByRole('link', { name: 'Weitere Treffer anzeigen' }).click();
    await page.waitForURL(/seite=2/);
    expect(await status(page).textContent()).toBe(`${total} Treffer für „Schule“. Gezeigt werden die Treffer 11 bis ${Math.min(20, total)}.`);
    const page2 = await hitTitles(page);
    expect(page2).toHaveLength(Math.min(10, total - 10));
    // The second page goes on where the first ended (two results may share a title: compare addresses).
    const links = async () => page.locator('.search-hit h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const second = await links();
    await page.goto('/suche?q=Schule');
    const firstLinks = await links();
    expect(second.filter((h) => firstLinks.includes(h))).toEqual([]);
    // A typo: the hits of the spelling, which is offered as a link.
    await page.goto('/suche?q=Shule');
    expect(await status(page).textContent()).toBe(first);
    expect(await page.locator('[data-search-hint]').textContent()).toBe('Keine Treffer für „Shule“. Gezeigt werden die Treffer für Schule.');
    expect(await page.locator('[data-search-hint] a').getAttribute('href')).toBe('/suche?q=Schule');
    expect(await page.locator('[data-search-nojs]').count()).toBe(0);
    await context.close();
  });

  it('opened with a query, shows the server\'s first results without loading the index, and loads it to search on (axe)', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    const indexFiles: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/suche/daten/')) indexFiles.push(r.url());
    });
    await visit(page, '/suche?q=Schule');
    const shown = await waitForStatus(page, /^\d+ Treffer für „Schule“/);
    expect(await hitTitles(page)).toHaveLength(10);
    await expectAccessible(page);
    expect(indexFiles).toEqual([]);
    // The next ten come from the index the browser loads now, in the order its own search finds them.
    await page.getByRole('button', { name: 'Weitere Treffer anzeigen' }).click();
    await expect.poll(() => page.locator('.search-hit').count(), { timeout: 20_000 }).toBe(20);
    expect(indexFiles.length).toBeGreaterThan(0);
    const served = await page.locator('.search-hit h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

    const other = await openPage(browser, server.url);
    await visit(other.page, '/suche');
    await other.page.locator('#suche-q').fill('Schule');
    await other.page.keyboard.press('Enter');
    expect(await waitForStatus(other.page, /Treffer für „Schule“/)).toBe(shown);
    await other.page.getByRole('button', { name: 'Weitere Treffer anzeigen' }).click();
    await expect.poll(() => other.page.locator('.search-hit').count(), { timeout: 20_000 }).toBe(20);
    expect(await other.page.locator('.search-hit h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(served);
    expect(await other.page.locator('.search-hit .excerpt').first().innerHTML()).toBe((await page.locator('.search-hit .excerpt').first().innerHTML()).replace(/ data-astro-cid-\w+=""/g, ''));

    // Searching on in the same page: the browser's index answers.
    await page.locator('#suche-q').fill('Tablets');
    await page.keyboard.press('Enter');
    await waitForStatus(page, /\d+ Treffer für „Tablets“/);
    expect(await hitTitles(page)).toContain('Vorlage: Nutzungsordnung für schuleigene Tablets an Grundschulen');
    await expectAccessible(page);
    expectNoProblems(checked);
    expectNoProblems(other);
    await other.context.close();
    await checked.context.close();
  });

  it('works at 320 px without sideways scrolling', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await visit(checked.page, '/suche?q=Schule&themenfeld=Schule');
    await waitForStatus(checked.page, /Treffer/);
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(checked.page);
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('searching with a session', () => {
  it('finds an intern Beitrag only after signing in', async () => {
    const title = 'Jugendamt digital: Sichere Meldewege bei Kindeswohlgefährdung';
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/suche?q=Kindeswohlgef%C3%A4hrdung');
    await waitForStatus(checked.page, /Treffer/);
    expect(await hitTitles(checked.page)).not.toContain(title);
    await signIn(checked.page, server.account('senden', 'mitarbeiter'));
    await visit(checked.page, '/suche?q=Kindeswohlgef%C3%A4hrdung');
    await waitForStatus(checked.page, /\d+ Treffer/);
    expect(await hitTitles(checked.page)).toContain(title);
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('freshness', () => {
  /** Reloads the search page until the title appears (or disappears); the time it took. */
  async function searchUntil(page: Page, query: string, title: string, present: boolean, limitMs = INDEX_FOLLOWS_MS): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      await page.goto(`/suche?q=${encodeURIComponent(query)}`);
      const shown = await waitForStatus(page, /Treffer/).catch(() => '');
      if (/Treffer/.test(shown) && (await hitTitles(page)).includes(title) === present) return Date.now() - started;
      // Leave the two cores to the index build instead of reloading without pause.
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`"${title}" ${present ? 'not found' : 'still found'} after ${limitMs} ms`);
  }

  it('finds a Beitrag published through the workflow without a manual rebuild, and loses it once archived', async () => {
    const title = 'Mirabellenplantage am Rathaus Olfen';
    const editor = await openPage(browser, server.url);
    await signIn(editor.page, server.account('olfen', 'redakteur'));
    await visit(editor.page, '/olfen/beitraege/neu?art=erfahrungsbericht');
    await editor.page.locator('#title').fill(title);
    await editor.page.locator('#summary').fill('Wie Olfen die Mirabellenplantage am Rathaus mit einer digitalen Pflegeliste betreut.');
    await editor.page.check('input[name="topics"][value="innenstadt"]');
    await editor.page.locator('#body').fill('Die Mirabellenplantage wird über eine gemeinsame Liste gepflegt.');
    await editor.page.locator('#contactMailbox').fill('gruen@olfen.example');
    await editor.page.locator('#stand').fill('2026-05-01');
    await editor.page.check('input[name="visibility"][value="oeffentlich"]');
    await editor.page.locator('#note').fill('Erste Fassung');
    await Promise.all([editor.page.waitForNavigation(), editor.page.getByRole('button', { name: 'Speichern und zur Prüfung einreichen' }).click()]);
    const path = new URL(editor.page.url()).pathname;
    expect(path).toMatch(/^\/olfen\/beitraege\/mirabellenplantage/);

    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('olfen', 'admin'));
    await visit(admin.page, `${path}/pruefung`);
    await Promise.all([admin.page.waitForNavigation(), admin.page.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click()]);

    const reader = await openPage(browser, server.url, { indexSwitches: true });
    await searchUntil(reader.page, 'Mirabellenplantage', title, true);
    await expectAccessible(reader.page);

    await visit(admin.page, path);
    await Promise.all([admin.page.waitForNavigation(), admin.page.getByRole('button', { name: 'Archivieren' }).click()]);
    await searchUntil(reader.page, 'Mirabellenplantage', title, false);
    for (const checked of [editor, admin, reader]) {
      expectNoProblems(checked);
      await checked.context.close();
    }
  }, 240_000);

  it('finds a Beitrag that another process wrote into the database (operator scripts) without a manual rebuild', async () => {
    const doc = publishBeitrag({ tenant: 'nottuln', title: 'Quittenallee im Ortskern', body: 'Die Quittenallee bekommt digitale Baumpatenschaften.' });
    const reader = await openPage(browser, server.url, { indexSwitches: true });
    await searchUntil(reader.page, 'Quittenallee', 'Quittenallee im Ortskern', true);
    archiveBeitrag(doc.id);
    await searchUntil(reader.page, 'Quittenallee', 'Quittenallee im Ortskern', false);
    expectNoProblems(reader);
    await reader.context.close();
  }, 180_000);
});

describe('a search page left open', () => {
  it('searches the index as rebuilt since: finds what was published meanwhile and nothing withdrawn, without a reload', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    const query = async (q: string) => {
      await page.locator('#suche-q').fill(q);
      await page.locator('[data-search-form]').getByRole('button', { name: 'Suchen' }).click();
      return waitForStatus(page, new RegExp(`Treffer für „${q}“`));
    };
    await visit(page, '/suche?q=Holunderhecke');
    await waitForStatus(page, /Keine Treffer für „Holunderhecke“/);
    const opened = readServerPointer(server)!;
    const doc = publishBeitrag({ tenant: 'havixbeck', title: 'Holunderhecke am Schulhof', body: 'Die Holunderhecke am Schulhof pflegt eine Klasse mit einem digitalen Gießplan.' });
    await waitForIndex(server, (p) => indexHolds(server, p, [`doc:${doc.id}`]), INDEX_FOLLOWS_MS);
    expect(await query('Holunderhecke')).toMatch(/^1 Treffer/);
    expect(await hitTitles(page)).toEqual(['Holunderhecke am Schulhof']);
    // Withdrawn: the bundles that held it are no longer served, and the open page does not ask for them.
    archiveBeitrag(doc.id);
    await waitForIndex(server, (p) => !indexHolds(server, p, [`doc:${doc.id}`]), INDEX_FOLLOWS_MS);
    expect(await query('Holunderhecke')).toMatch(/^Keine Treffer/);
    expect(readServerPointer(server)!.switchedAt).not.toBe(opened.switchedAt);
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  }, 180_000);

  it('asks which index files the session may read: an anonymous visitor gets the public bundles only, staff the intern ones too', async () => {
    const pointer = readServerPointer(server)!;
    const served = [...pointer.baseBundles, ...pointer.recentBundles].map((b) => `/suche/daten/${b}/`);
    const anonymous = (await (await get(server, '/suche/daten/aktuell.json')).json()) as { bundles: string[] };
    expect(anonymous.bundles.length).toBeGreaterThan(0);
    for (const b of anonymous.bundles) expect(b).toMatch(/\/public(\.\d+)?\/$/);
    const cookie = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    const staff = (await (await get(server, '/suche/daten/aktuell.json', cookie)).json()) as { bundles: string[] };
    expect(staff.bundles.some((b) => /\/intern(\.\d+)?\/$/.test(b))).toBe(true);
    expect(staff.bundles.filter((b) => b.includes('/kommune-') && !b.includes('/kommune-senden'))).toEqual([]);
    for (const b of [...anonymous.bundles, ...staff.bundles]) expect(served).toContain(b);
  });
});

describe('sorting by date', () => {
  it('orders every match by Stand, newest first, across the public and the intern index — not only the best matches', async () => {
    const word = 'Quaxelbrumm';
    // 110 public Beiträge that name the word often (the best matches by relevance), all older …
    for (let i = 0; i < 110; i++) {
      publishBeitrag({ tenant: 'billerbeck', title: `${word}-Zählung ${i}`, body: `${word} `.repeat(20), stand: `2021-02-${String(1 + (i % 28)).padStart(2, '0')}` });
    }
    // … than two long ones that name it once (the worst matches): the newest is intern, so it comes from another index.
    const filler = 'Die Verwaltung berichtet über den Alltag im Rathaus und in den Schulen. '.repeat(80);
    publishBeitrag({ tenant: 'olfen', title: 'Vogelkunde in der Ortsmitte', body: `${filler}Nebenbei erwähnt: ${word}.`, visibility: 'intern', stand: '2026-11-01' });
    publishBeitrag({ tenant: 'olfen', title: 'Zweitneuester Bericht', body: `${filler}Auch hier erwähnt: ${word}.`, stand: '2026-10-01' });
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, server.account('senden', 'mitarbeiter'));
    const started = Date.now();
    for (;;) {
      await visit(page, `/suche?q=${word}&sortierung=datum`);
      if (/^112 Treffer/.test(await waitForStatus(page, /Treffer/))) break;
      if (Date.now() - started > 30_000) throw new Error('the 112 Beiträge were not indexed within 30 s');
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect((await hitTitles(page)).slice(0, 2)).toEqual(['Vogelkunde in der Ortsmitte', 'Zweitneuester Bericht']);
    await page.getByRole('button', { name: 'Weitere Treffer anzeigen' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.search-hit').length >= 20);
    const stands = (await page.locator('.search-hit .meta').allTextContents()).map((m) => /Stand: (\d\d)\.(\d\d)\.(\d{4})/.exec(m)!.slice(1).reverse().join('-'));
    expect(stands).toEqual([...stands].sort().reverse());
    // By relevance, the Beiträge that name the word twenty times come first.
    await page.getByLabel('Sortierung').selectOption('relevanz');
    await page.waitForURL((u) => !u.search.includes('sortierung'));
    // (Scores of different indexes are not comparable: pagefind weighs a word by its rarity in each index.)
    // The date-sorted list showed 20 hits; the re-sorted one starts again with 10.
    await page.waitForFunction(
      (w) => {
        const titles = [...document.querySelectorAll('.search-hit h2')].map((h) => h.textContent ?? '');
        return titles.length === 10 && titles.filter((t) => t.startsWith(`${w}-Zählung`)).length >= 9;
      },
      word,
      { timeout: 10_000 },
    );
    expect(await hitTitles(page)).not.toContain('Zweitneuester Bericht');
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('the canary', () => {
  it('never reaches an anonymous visitor, and a "nur Kommune" word never reaches members of other Kommunen', async () => {
    const internWord = `kanarienintern${Date.now()}`;
    const kommuneWord = `kanarienkommune${Date.now()}`;
    const intern = publishBeitrag({ tenant: 'duelmen', visibility: 'intern', title: `Interner Beitrag ${internWord}`, body: `Nur für Mitarbeitende: ${internWord}.` });
    const kommune = publishBeitrag({ tenant: 'duelmen', visibility: 'kommune', title: `Dülmener Beitrag ${kommuneWord}`, body: `Nur für Dülmen: ${kommuneWord}.` });
    // Until the index that serves holds both (an intern bundle from an earlier test is not enough).
    await waitForIndex(server, (p) => indexHolds(server, p, [`doc:${intern.id}`, `doc:${kommune.id}`]), 60_000);
    const urls = allIndexUrls(server);
    expect(urls.length).toBeGreaterThan(20);

    const fetchAll = async (cookie?: string) => {
      const seen = { files: 0, intern: 0, kommune: 0 };
      // The search page shows its first results from the server: what its list of hits says
      // (the page repeats the query itself in the field and the status line).
      const pages = ['kanarien', internWord, kommuneWord].map((q) => `/suche?q=${q}`);
      for (const url of [...urls, ...pages]) {
        const res = await get(server, url, cookie);
        if (res.status !== 200) continue;
        seen.files++;
        const body = await bodyText(res);
        const text = url.startsWith('/suche?') ? (/<ol class="search-hits"[^]*?<\/ol>/.exec(body)?.[0] ?? '') : body;
        if (text.includes(internWord)) seen.intern++;
        if (text.includes(kommuneWord)) seen.kommune++;
      }
      return seen;
    };

    const anonymous = await fetchAll();
    expect(anonymous.files).toBeGreaterThan(5);
    expect(anonymous).toMatchObject({ intern: 0, kommune: 0 });

    const senden = await fetchAll(await signInCookie(server, server.account('senden', 'mitarbeiter')));
    expect(senden.intern, 'staff of another Kommune read intern words').toBeGreaterThan(0);
    expect(senden.kommune).toBe(0);

    // The same check finds the word when it may be read: the canary is really in the index.
    const duelmen = await fetchAll(await signInCookie(server, server.account('duelmen', 'mitarbeiter')));
    expect(duelmen.kommune).toBeGreaterThan(0);
    // … and the server's first page of results finds both words for those who may read them.
    const hitsFor = async (q: string, cookie?: string) => /<ol class="search-hits"[^]*?<\/ol>/.exec(await (await get(server, `/suche?q=${q}`, cookie)).text())?.[0] ?? '';
    const duelmenCookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    expect(await hitsFor(kommuneWord, duelmenCookie)).toContain(`Dülmener Beitrag ${kommuneWord}`);
    expect(await hitsFor(internWord, duelmenCookie)).toContain(`Interner Beitrag ${internWord}`);
  });
});

describe('the build status page', () => {
  it('shows Kreis admins the last builds and refuses everybody else', async () => {
    const checked = await openPage(browser, server.url);
    await signIn(checked.page, server.account('kreis-coesfeld', 'admin'));
    await visit(checked.page, '/verwaltung/suche');
    await expect(checked.page.locator('h1').textContent()).resolves.toBe('Suchindex');
    await expect(checked.page.locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(checked.page.locator('table').textContent()).resolves.toMatch(/Gesamtaufbau.*erfolgreich/s);
    expectNoProblems(checked);
    await checked.context.close();

    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    expect((await get(server, '/verwaltung/suche', admin)).status).toBe(403);
    expect((await get(server, '/verwaltung/suche')).status).toBe(303);
  });
});
