import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit, type CheckedPage } from './browser';
import { postForm, signIn } from './auth';

let server: TestServer;
let browser: Browser;
const pages: CheckedPage[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function personPage(tenant: string | null, role: 'mitarbeiter' | 'redakteur' | 'admin' = 'redakteur'): Promise<CheckedPage> {
  const checked = await openPage(browser, server.url);
  pages.push(checked);
  if (tenant) await signIn(checked.page, server.account(tenant, role));
  return checked;
}

/** Clicks a submit button and waits for the next page, then runs axe on it. */
async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  await expectAccessible(page);
}

const TITLE = 'Schul-Tablets in Dülmen: zweite Welle an den Grundschulen';
const SLUG = 'schul-tablets-in-duelmen-zweite-welle-an-den-grundschulen';
const NUR_DUELMEN = 'Anträge auf Bildung und Teilhabe digital: Was die Schulen damit zu tun haben';
const NUR_DUELMEN_SLUG = 'but-antraege-digital';

/** Every page of a paged list, as text. */
async function allPagesText(page: Page, path: string): Promise<string> {
  let text = '';
  let next: string | null = path;
  while (next) {
    await visit(page, next);
    text += await page.locator('main').innerText().then(readable);
    const link = page.locator('a[rel="next"]');
    next = (await link.count()) > 0 ? await link.getAttribute('href') : null;
  }
  return text;
}

describe('the Dülmen story', () => {
  let editor: CheckedPage;

  it('an editor of Dülmen writes an Erfahrungsbericht, sees German errors with her input kept, previews and submits it', async () => {
    editor = await personPage('duelmen');
    const { page } = editor;
    await visit(page, '/duelmen/');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Neuer Beitrag' }).click()]);
    await expectAccessible(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Erfahrungsbericht' }).click()]);
    await expectAccessible(page);
    await page.locator('#title').fill('T');
    await page.locator('#body').fill('## Ausgangslage\n\n600 Tablets für **acht** Grundschulen.');
    await page.locator('#contactMailbox').fill('keine-adresse');
    await submit(page, 'Entwurf speichern');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.');
    expect(alert).toContain('Bitte wählen Sie mindestens ein Themenfeld.');
    expect(alert).toContain('gültige E-Mail-Adresse');
    await expect(page.locator('#title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#body').inputValue()).resolves.toBe('## Ausgangslage\n\n600 Tablets für **acht** Grundschulen.');
    await expect(page.locator('#contactMailbox').inputValue()).resolves.toBe('keine-adresse');

    await page.locator('#title').fill(TITLE);
    await page.locator('#summary').fill('Wie Dülmen 600 Tablets an acht Grundschulen verteilt hat und was der Schulträger beim IT-Support gelernt hat.');
    await page.check('input[name="topics"][value="schule"]');
    await page.check('input[name="topics"][value="soziales"]');
    await page.locator('#tags').fill('Tablets, MDM, Grundschule');
    await page.locator('#field-ausgangslage').fill('Veraltete Geräte und keine Verwaltung der Tablets.');
    await page.locator('#field-uebertragbarkeit').fill('Gut übertragbar auf andere Schulträger.');
    await page.locator('#contactMailbox').fill('schule@duelmen.de');
    await page.locator('#stand').fill('2023-01-15');
    await page.locator('#reviewDue').fill('2024-01-15');
    await page.locator('#ref-0-drucksache').fill('SV 12/2023');
    await page.locator('#ref-0-system').selectOption('sessionnet');
    await page.locator('#ref-0-url').fill('https://ratsinfo.duelmen.example/bi/vo0050.asp?__kvonr=12');
    await page.check('input[name="visibility"][value="oeffentlich"]');
    await page.locator('#note').fill('Erste Fassung');
    await submit(page, 'Vorschau');
    await expect(page.locator('.preview strong').first().innerText()).resolves.toBe('acht');
    await expect(page.locator('#title').inputValue()).resolves.toBe(TITLE);
    await submit(page, 'Speichern und zur Prüfung einreichen');
    expect(new URL(page.url()).pathname).toBe(`/duelmen/beitraege/${SLUG}`);
    await expect(page.getByRole('status').innerText()).resolves.toContain('zur Prüfung eingereicht');
  });

  it('nobody outside the editorial team sees the Beitrag while it is under review', async () => {
    const anon = await personPage(null);
    await visit(anon.page, `/duelmen/beitraege/${SLUG}`, 404);
    await visit(anon.page, '/duelmen/');
    await expect(anon.page.locator('main').innerText().then(readable)).resolves.not.toContain(TITLE);
  });

  it('a Dülmen admin finds it on the Redaktion page and sends it back with a comment', async () => {
    const admin = await personPage('duelmen', 'admin');
    const { page } = admin;
    await visit(page, '/redaktion');
    const waiting = page.locator('section', { has: page.getByRole('heading', { name: /Wartet auf meine Prüfung/ }) });
    await Promise.all([page.waitForNavigation(), waiting.getByRole('link', { name: TITLE }).click()]);
    await expectAccessible(page);
    expect(new URL(page.url()).pathname).toBe(`/duelmen/beitraege/${SLUG}/pruefung`);
    await submit(page, 'Zurückgeben');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Bitte schreiben Sie in den Kommentar');
    await page.locator('#kommentar').fill('Bitte ergänzen Sie, was der IT-Support kostet.');
    await submit(page, 'Zurückgeben');
    await expect(page.getByRole('status').innerText()).resolves.toContain('zurückgegeben');
  });

  it('the editor sees it sent back with the comment, revises and submits again', async () => {
    const { page } = editor;
    await visit(page, '/redaktion');
    const back = page.locator('section', { has: page.getByRole('heading', { name: /An mich zurückgegeben/ }) });
    await expect(back.innerText()).resolves.toContain('Bitte ergänzen Sie, was der IT-Support kostet.');
    await Promise.all([page.waitForNavigation(), back.getByRole('link', { name: TITLE }).click()]);
    await expectAccessible(page);
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain('Bitte ergänzen Sie, was der IT-Support kostet.');
    await page.locator('#field-ergebnis').fill('Der IT-Support kostet rund 40 Euro je Gerät und Jahr.');
    await page.locator('#note').fill('Kosten ergänzt');
    await submit(page, 'Speichern und zur Prüfung einreichen');
    await expect(page.getByRole('status').innerText()).resolves.toContain('eingereicht');
  });

  it('a Kreis admin approves it', async () => {
    const kreis = await personPage('kreis-coesfeld', 'admin');
    await visit(kreis.page, `/duelmen/beitraege/${SLUG}/pruefung`);
    await expect(kreis.page.locator('main').innerText().then(readable)).resolves.toContain('40 Euro je Gerät');
    await submit(kreis.page, 'Freigeben und veröffentlichen');
    await expect(kreis.page.getByRole('status').innerText()).resolves.toContain('freigegeben');
  });

  it('anonymous readers see it in the lists, the Kommune page, the Themenfeld page, the feed and the sitemap', async () => {
    const { page } = await personPage(null);
    await visit(page, `/duelmen/beitraege/${SLUG}`);
    const main = await page.locator('main').innerText().then(readable);
    for (const text of ['Erfahrungsbericht', 'Stadt Dülmen', 'Schule', 'Soziales', '15.01.2023', 'schule@duelmen.de', 'Ausgangslage', 'Übertragbarkeit', 'SV 12/2023', 'Stand möglicherweise veraltet']) {
      expect(main).toContain(text);
    }
    await expect(page.getByRole('link', { name: /Ratsinformationssystem/ }).getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await visit(page, `/duelmen/beitraege/${SLUG}/drucken`);
    await expect(page.locator('h1').innerText().then(readable)).resolves.toBe(TITLE);
    await visit(page, '/duelmen/');
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain(TITLE);
    await visit(page, '/beitraege?art=erfahrungsbericht');
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain(TITLE);
    await visit(page, '/themenfelder/schule');
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain(TITLE);
    for (const feed of ['/feed.xml', '/duelmen/feed.xml', '/themenfelder/soziales/feed.xml']) {
      const res = await fetch(server.url + feed);
      expect(res.headers.get('content-type')).toContain('application/atom+xml');
      expect(await res.text()).toContain(`<title>${TITLE}</title>`);
    }
    expect(await (await fetch(`${server.url}/sitemap.xml`)).text()).toContain(`/duelmen/beitraege/${SLUG}</loc>`);
  });

  it('an editor of Senden cannot edit it (403) and cannot see a Dülmen "nur Kommune" Beitrag anywhere', async () => {
    const senden = await personPage('senden');
    const { page } = senden;
    await visit(page, `/duelmen/beitraege/${SLUG}/bearbeiten`, 403);
    await visit(page, `/duelmen/beitraege/${SLUG}/pruefung`, 403);
    await visit(page, `/duelmen/beitraege/${NUR_DUELMEN_SLUG}`, 404);
    await visit(page, `/duelmen/beitraege/${NUR_DUELMEN_SLUG}/drucken`, 404);
    await visit(page, `/duelmen/beitraege/${NUR_DUELMEN_SLUG}/versionen`, 403);
    for (const list of ['/', '/duelmen/', '/beitraege?kommune=duelmen', '/themenfelder/soziales', '/themenfelder/schule', '/redaktion', '/kommunen', '/themenfelder']) {
      expect(await allPagesText(page, list), list).not.toContain(NUR_DUELMEN);
    }
    for (const path of ['/feed.xml', '/duelmen/feed.xml', '/themenfelder/soziales/feed.xml', '/sitemap.xml']) {
      expect(await (await fetch(server.url + path)).text(), path).not.toContain(NUR_DUELMEN_SLUG);
    }
    // The same Beitrag is there for a staff member of Dülmen: the check above can fail.
    const own = await personPage('duelmen', 'mitarbeiter');
    await visit(own.page, `/duelmen/beitraege/${NUR_DUELMEN_SLUG}`);
    expect(await allPagesText(own.page, '/beitraege?kommune=duelmen')).toContain(NUR_DUELMEN);
  });

  it('an old slug redirects after a title change, and the three revisions can be compared side by side', async () => {
    const { page } = editor;
    await visit(page, `/duelmen/beitraege/${SLUG}/bearbeiten`);
    await page.locator('#title').fill(`${TITLE} (Bilanz)`);
    await page.locator('#body').fill('## Ausgangslage\n\n600 Tablets für **acht** Grundschulen.\n\nNachtrag: Bilanz nach einem Jahr.');
    await page.locator('#note').fill('Bilanz ergänzt');
    await submit(page, 'Speichern und zur Prüfung einreichen');
    const admin = await personPage('duelmen', 'admin');
    await visit(admin.page, `/duelmen/beitraege/${SLUG}/pruefung`);
    await expect(admin.page.locator('.comparison').innerText()).resolves.toContain('Nachtrag: Bilanz nach einem Jahr.');
    await submit(admin.page, 'Freigeben und veröffentlichen');
    const newSlug = `${SLUG}-bilanz`;
    expect(new URL(admin.page.url()).pathname).toBe(`/duelmen/beitraege/${newSlug}`);
    const res = await fetch(`${server.url}/duelmen/beitraege/${SLUG}`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/duelmen/beitraege/${newSlug}`);

    await visit(page, `/duelmen/beitraege/${newSlug}/versionen`);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Bilanz ergänzt');
    expect(rows[2]).toContain('Zurückgegeben');
    await page.locator('#von').selectOption('1');
    await page.locator('#zu').selectOption('3');
    await submit(page, 'Vergleichen');
    expect(new URL(page.url()).searchParams.get('zu')).toBe('3');
    const comparison = await page.locator('.comparison').innerText();
    expect(comparison).toContain('Nachtrag: Bilanz nach einem Jahr.');
    expect(comparison).toContain('40 Euro je Gerät');
    await expect(page.locator('.comparison ins').first().innerText()).resolves.toBeTruthy();
    await visit(page, `/duelmen/beitraege/${newSlug}/versionen/1`);
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain('Bitte ergänzen Sie, was der IT-Support kostet.');
  });

  it('refuses to save over a newer revision and shows the difference, keeping the text typed', async () => {
    const first = editor.page;
    const second = (await personPage('duelmen', 'admin')).page;
    const path = `/duelmen/beitraege/${SLUG}-bilanz/bearbeiten`;
    await visit(first, path);
    await visit(second, path);
    await first.locator('#summary').fill('Zusammenfassung von Person A, die zuerst speichert.');
    await submit(first, 'Neue Fassung speichern');
    await second.locator('#summary').fill('Zusammenfassung von Person B, die zu spät kommt.');
    const [response] = await Promise.all([second.waitForNavigation(), second.getByRole('button', { name: 'Neue Fassung speichern' }).click()]);
    expect(response?.status()).toBe(409);
    await expectAccessible(second);
    const notice = await second.locator('#konflikt').innerText();
    expect(notice).toContain('nicht gespeichert');
    const table = await second.locator('.comparison').innerText();
    expect(table).toContain('Zusammenfassung von Person A, die zuerst speichert.');
    expect(table).toContain('Zusammenfassung von Person B, die zu spät kommt.');
    await expect(second.locator('#summary').inputValue()).resolves.toBe('Zusammenfassung von Person B, die zu spät kommt.');
    // Having seen the difference, B can save deliberately on top of A's revision.
    await submit(second, 'Neue Fassung speichern');
    await expect(second.getByRole('status').innerText()).resolves.toContain('gespeichert');
  });

  it('shows a Leitfaden from content/ read-only in the editor and refuses to save it', async () => {
    const kreis = await personPage('kreis-coesfeld', 'admin');
    const path = '/kreis-coesfeld/beitraege/leitfaden-medienentwicklungsplanung-schultraeger';
    await visit(kreis.page, `${path}/bearbeiten`);
    await expect(kreis.page.locator('main').innerText().then(readable)).resolves.toContain('im Verzeichnis content/ gepflegt');
    await expect(kreis.page.locator('#title').isDisabled()).resolves.toBe(true);
    await expect(kreis.page.getByRole('button', { name: 'Neue Fassung speichern' }).count()).resolves.toBe(0);
    const cookie = (await kreis.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await postForm(server, `${path}/bearbeiten`, { title: 'Überschrieben', baseRevision: '1', aktion: 'speichern' }, { cookie });
    expect(res.status).toBe(403);
    await visit(kreis.page, path);
    await expect(kreis.page.locator('.document-head h1').innerText()).resolves.not.toBe('Überschrieben');
  });

  it('offers Leitfäden only to the Kreis', async () => {
    const { page } = editor;
    await visit(page, '/duelmen/beitraege/neu?art=leitfaden');
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain('Leitfäden veröffentlicht nur der Kreis Coesfeld.');
    await expect(page.locator('#title').count()).resolves.toBe(0);
  });

  it('reads well at 320 px: the Beitrag page and the editor do not scroll sideways', async () => {
    const narrow = await openPage(browser, server.url, { width: 320 });
    pages.push(narrow);
    await signIn(narrow.page, server.account('duelmen', 'redakteur'));
    for (const path of [`/duelmen/beitraege/${SLUG}-bilanz`, `/duelmen/beitraege/${SLUG}-bilanz/bearbeiten`, '/beitraege']) {
      await visit(narrow.page, path);
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it('caused no console errors, CSP violations or requests to other origins', () => {
    for (const checked of pages) expectNoProblems(checked);
  });
});
