import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit, type CheckedPage } from './browser';
import { get, signIn, signInCookie } from './auth';
import { pngImage } from '../fixtures/images';

let server: TestServer;
let browser: Browser;
const pages: CheckedPage[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  for (const p of pages) expectNoProblems(p);
  await browser?.close();
  await server?.stop();
});

async function personPage(tenant: string, role: 'mitarbeiter' | 'redakteur' | 'admin'): Promise<Page> {
  const checked = await openPage(browser, server.url);
  pages.push(checked);
  await signIn(checked.page, server.account(tenant, role));
  return checked.page;
}

async function click(page: Page, role: 'button' | 'link', name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: typeof name === 'string' }).click()]);
  await expectAccessible(page);
}

/** Fills the required fields of a new Beitrag of the given type (the editor page must be open). */
async function fillRequired(page: Page, title: string, body: string): Promise<void> {
  await page.locator('#title').fill(title);
  await page.locator('#summary').fill('Eine Zusammenfassung, die lang genug ist.');
  await page.check('input[name="topics"][value="verwaltung"]');
  await page.locator('#contactMailbox').fill('redaktion@example.org');
  await page.locator('#body').fill(body);
}

describe('stuck in four-eyes review', () => {
  it('the only Kreis admin submits a Leitfaden and learns that nobody can approve it, with a link to invite a second admin', async () => {
    const page = await personPage('kreis-coesfeld', 'admin');
    await visit(page, '/kreis-coesfeld/beitraege/neu?art=leitfaden');
    await fillRequired(page, 'Leitfaden Vier-Augen-Test', 'Text des Leitfadens.');
    await page.locator('#field-zielgruppe').fill('Schulträger\nKämmereien');
    await click(page, 'button', 'Speichern und zur Prüfung einreichen');
    const hint = page.locator('.reviewer-hint');
    await expect(hint.innerText()).resolves.toContain('Zurzeit kann niemand Fassung 1 freigeben');
    await expect(hint.getByRole('link', { name: /weitere Person als Admin von Kreis Coesfeld ein/ }).getAttribute('href')).resolves.toBe('/kreis-coesfeld/mitglieder#einladen');
    // The review page, where the admin would look next, says the same.
    await visit(page, '/kreis-coesfeld/beitraege/leitfaden-vier-augen-test/pruefung');
    await expect(page.locator('.reviewer-hint').innerText()).resolves.toContain('Zurzeit kann niemand Fassung 1 freigeben');
  });

  it('a Dülmen Redakteurin sees by name who may approve her submitted revision', async () => {
    const page = await personPage('duelmen', 'redakteur');
    await visit(page, '/duelmen/beitraege/neu?art=erfahrungsbericht');
    await fillRequired(page, 'Wer gibt frei', 'Ein kurzer Text.');
    await click(page, 'button', 'Speichern und zur Prüfung einreichen');
    const text = await page.locator('.reviewer-hint').innerText();
    expect(text).toMatch(/Wer Fassung 1 freigeben kann: Demo Admin Dülmen \(Admin Dülmen\), Demo Admin Kreis Coesfeld \(Admin Kreis Coesfeld\)/);
  });
});

describe('writing comfortably', () => {
  it('keeps table alignment, refuses a remote image in the preview in German without fetching it, and requires alt text', async () => {
    const page = await personPage('duelmen', 'redakteur');
    await visit(page, '/duelmen/beitraege/neu?art=erfahrungsbericht');
    await fillRequired(page, 'Tabelle und Bilder', '| Posten | Betrag |\n|:--|--:|\n| Tablets | 4.800 € |\n\n![Fremdes Logo](https://example.org/logo.png)');
    await click(page, 'button', 'Vorschau');
    const preview = page.locator('.preview');
    await expect(preview.locator('td', { hasText: '4.800 €' }).evaluate((td) => getComputedStyle(td).textAlign)).resolves.toBe('right');
    await expect(preview.locator('td', { hasText: 'Tablets' }).evaluate((td) => getComputedStyle(td).textAlign)).resolves.toBe('left');
    await expect(preview.locator('.remote-image').innerText()).resolves.toContain('Das Bild „Fremdes Logo“ von example.org wird nicht angezeigt');
    await expect(preview.getByRole('alert').innerText()).resolves.toContain('von einer anderen Website');
    await expect(preview.locator('img').count()).resolves.toBe(0);

    await page.locator('#body').fill('Text mit Bild ohne Beschreibung: ![](/duelmen/dateien/1)');
    await click(page, 'button', 'Entwurf speichern');
    await expect(page.locator('#body-fehler').innerText()).resolves.toContain('keinen Alternativtext');
  });

  it('adds several files while creating a Beitrag, then inserts an uploaded image into the text at a sensible width', async () => {
    const page = await personPage('duelmen', 'redakteur');
    await visit(page, '/duelmen/beitraege/neu?art=erfahrungsbericht');
    await fillRequired(page, 'Bericht mit Organigramm', 'Der Aufbau der Schul-IT.');
    await click(page, 'button', 'Entwurf speichern und Dateien hinzufügen');
    expect(new URL(page.url()).pathname).toBe('/duelmen/beitraege/bericht-mit-organigramm/dateien');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Ihr Entwurf ist gespeichert');
    await page.getByLabel('Dateien', { exact: true }).setInputFiles([
      { name: 'Organigramm_Schul-IT.png', mimeType: 'image/png', buffer: pngImage(1600, 600) },
      { name: 'Notizen.txt', mimeType: 'text/plain', buffer: Buffer.from('Notizen zum Aufbau') },
    ]);
    await click(page, 'button', 'Dateien hochladen');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Die Dateien „Organigramm Schul-IT“, „Notizen“ wurden gespeichert.');
    await expect(page.locator('.card-list > li').count()).resolves.toBe(2);

    await visit(page, '/duelmen/beitraege/bericht-mit-organigramm/bearbeiten');
    const snippet = await page.getByLabel('Organigramm Schul-IT', { exact: true }).inputValue();
    expect(snippet).toMatch(/^!\[Organigramm Schul-IT\]\(\/duelmen\/dateien\/\d+\)$/);
    await page.locator('#body').fill(`Der Aufbau der Schul-IT.\n\n${snippet}`);
    await click(page, 'button', 'Vorschau');
    const img = page.locator('.preview img');
    await img.evaluate((el: HTMLImageElement) => el.decode());
    const { natural, shown, text } = await img.evaluate((el: HTMLImageElement) => ({ natural: el.naturalWidth, shown: el.getBoundingClientRect().width, text: el.closest('.prose')!.getBoundingClientRect().width }));
    expect(natural).toBe(1600);
    expect(shown).toBeLessThanOrEqual(text);
    await expect(img.getAttribute('alt')).resolves.toBe('Organigramm Schul-IT');
  });

  it('suggests existing Schlagwörter for the word being typed and warns before leaving unsaved changes', async () => {
    const page = await personPage('duelmen', 'redakteur');
    await visit(page, '/duelmen/beitraege/neu?art=erfahrungsbericht');
    const options = () => page.locator('#schlagwort-vorschlaege option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await expect(options()).resolves.toContain('DigitalPakt');
    await page.locator('#tags').pressSequentially('Tablets, Dig');
    const after = await options();
    expect(after).toContain('Tablets, DigitalPakt');
    expect(after).not.toContain('Tablets, Tablets');
    let asked = false;
    page.once('dialog', (dialog) => {
      asked = dialog.type() === 'beforeunload';
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Hilfe', exact: true }).first().click();
    await page.waitForTimeout(500);
    expect(asked).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/duelmen/beitraege/neu');
  });
});

describe('older revisions', () => {
  it('restores revision 1 as a new draft that the Beitrag page offers for review', async () => {
    const page = await personPage('duelmen', 'redakteur');
    await visit(page, '/duelmen/beitraege/neu?art=erfahrungsbericht');
    await fillRequired(page, 'Fassungen zum Zurückholen', 'Erste Fassung des Textes.');
    await click(page, 'button', 'Entwurf speichern');
    await visit(page, '/duelmen/beitraege/fassungen-zum-zurueckholen/bearbeiten');
    await page.locator('#body').fill('Zweite, schlechtere Fassung.');
    await click(page, 'button', 'Entwurf speichern');
    await visit(page, '/duelmen/beitraege/fassungen-zum-zurueckholen/versionen/1');
    await click(page, 'button', 'Fassung 1 als neuen Entwurf wiederherstellen');
    await expect(page.getByRole('status').innerText()).resolves.toContain('Fassung 1 ist als neuer Entwurf (Fassung 3) wiederhergestellt');
    await expect(page.locator('.document-body').innerText()).resolves.toBe('Erste Fassung des Textes.');
    await visit(page, '/duelmen/beitraege/fassungen-zum-zurueckholen/versionen/vergleich?von=1&zu=3');
    await expect(page.locator('main').innerText().then(readable)).resolves.toContain('Die beiden Fassungen unterscheiden sich nicht.');
  });
});

describe('no dead ends', () => {
  it('shows "Redaktion" only to those who can write or review', async () => {
    const staff = await personPage('duelmen', 'mitarbeiter');
    await visit(staff, '/');
    await expect(staff.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Redaktion' }).count()).resolves.toBe(0);
    const editor = await personPage('senden', 'redakteur');
    await visit(editor, '/');
    await expect(editor.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Redaktion' }).count()).resolves.toBe(1);
  });

  it('confirms on the start page that the account was deleted', async () => {
    const page = await personPage('rosendahl', 'mitarbeiter');
    await visit(page, '/konto');
    await page.getByLabel('Passwort zur Bestätigung').fill(server.account('rosendahl', 'mitarbeiter').password);
    await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
    await click(page, 'button', 'Konto löschen');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('status').innerText()).resolves.toContain('Ihr Konto wurde gelöscht.');
  });
});

describe('the Kreis overview', () => {
  it("shows every Kommune's figures and offers the same as CSV", async () => {
    const page = await personPage('kreis-coesfeld', 'admin');
    await visit(page, '/verwaltung/kommunen');
    const rows = page.locator('table.figures tbody tr');
    await expect(rows.count()).resolves.toBe(12);
    const duelmen = await rows.filter({ hasText: 'Stadt Dülmen' }).locator('td').allInnerTexts();
    const cookie = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    const res = await get(server, '/verwaltung/kommunen.csv', cookie);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="wissensnetz-kommunen-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Kommune;Kürzel;Mitglieder;Veröffentlicht;In Prüfung;Entwürfe;Archiviert;Prüfung überfällig;Nachnutzungen gegeben;Nachnutzungen erhalten;Letzte Aktivität');
    expect(lines).toHaveLength(13);
    const csv = lines.find((l) => l.startsWith('Stadt Dülmen;'))!.split(';');
    expect(csv.slice(2, 10)).toEqual(duelmen.slice(0, 8));
    expect(Number(csv[2])).toBeGreaterThan(0);
  });
});
