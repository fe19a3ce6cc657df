import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { get, signIn, signInCookie } from './auth';
import { buildDocx } from '../fixtures/office';

const CONTENT = path.resolve(import.meta.dirname, '../../content/demo-dateien');

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  // A 1 MB limit keeps the "too large" case small.
  [server, browser] = await Promise.all([startServer({ env: { WISSENSNETZ_UPLOAD_LIMIT_MB: '1' } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The download link of a file (by its title) on a Kommune page, as the given cookie sees it. */
async function downloadLink(kommune: string, title: string, cookie?: string): Promise<string> {
  const html = await (await get(server, `/${kommune}/`, cookie)).text();
  const m = new RegExp(`href="(/${kommune}/dateien/\\d+)" download[^>]*>${title}<`).exec(html);
  if (!m) throw new Error(`no link for ${title} on /${kommune}/`);
  return m[1]!;
}

/** Blobs and temp files under the server's data folder. */
function stored(): { blobs: number; temps: number } {
  const root = path.join(server.dataDir, 'files');
  const dirs = fs.readdirSync(root).filter((d) => /^[0-9a-f]{2}$/.test(d));
  const tmp = path.join(root, 'tmp');
  return { blobs: dirs.reduce((n, d) => n + fs.readdirSync(path.join(root, d)).length, 0), temps: fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0 };
}

describe('downloading files', () => {
  it('answers an anonymous and a wrong-Kommune request for a "nur Kommune" file with 404', async () => {
    const coesfeld = await signInCookie(server, server.account('coesfeld', 'mitarbeiter'));
    const havixbeck = await signInCookie(server, server.account('havixbeck', 'mitarbeiter'));
    const href = await downloadLink('coesfeld', 'Dokumentationsbogen Schulsozialarbeit', coesfeld);
    expect((await get(server, href, coesfeld)).status).toBe(200);
    expect((await get(server, href)).status).toBe(404);
    expect((await get(server, href, havixbeck)).status).toBe(404);
    // The Kommune page does not even list it for outsiders.
    expect(await (await get(server, '/coesfeld/', havixbeck)).text()).not.toContain('Dokumentationsbogen Schulsozialarbeit');
  });

  it('sends files as attachments with filename*, the allowlisted type and nosniff, never inline', async () => {
    const href = await downloadLink('kreis-coesfeld', 'Checkliste als Markdown');
    const res = await get(server, href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="checkliste-einfuehrung-onlinedienst.md"; filename*=UTF-8''checkliste-einfuehrung-onlinedienst.md`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const expected = fs.readFileSync(path.join(CONTENT, 'kreis-coesfeld/checkliste-einfuehrung-onlinedienst-sozialbereich/checkliste-einfuehrung-onlinedienst.md'));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(expected);
  });

  it('serves byte ranges and answers a matching ETag with 304', async () => {
    const href = await downloadLink('coesfeld', 'Leistungsverzeichnis MDM für Schulen');
    const whole = fs.readFileSync(path.join(CONTENT, 'coesfeld/leistungsverzeichnis-mdm-schulen/leistungsverzeichnis-mdm-schulen-1.1.docx'));
    const full = await get(server, href);
    const etag = full.headers.get('etag')!;
    expect(Buffer.from(await full.arrayBuffer())).toEqual(whole);
    expect(full.headers.get('accept-ranges')).toBe('bytes');

    const part = await fetch(server.url + href, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(100, 200));

    const tail = await fetch(server.url + href, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 10));

    const beyond = await fetch(server.url + href, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${whole.length}`);
    await beyond.arrayBuffer();

    const again = await fetch(server.url + href, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const stale = await fetch(server.url + href, { headers: { Range: 'bytes=0-9', 'If-Range': '"anders"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });
});

async function submitUpload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, fields: { titel: string; version?: string; lizenz?: string }): Promise<number> {
  await page.getByLabel('Titel').fill(fields.titel);
  await page.getByLabel('Version', { exact: true }).fill(fields.version ?? '1.0');
  if (fields.lizenz) await page.getByLabel('Lizenz', { exact: true }).selectOption({ label: fields.lizenz });
  await page.getByLabel('Datei', { exact: true }).setInputFiles(file);
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Datei hochladen' }).click()]);
  await page.waitForLoadState();
  return response.status();
}

describe('the upload form', () => {
  it('refuses a renamed EXE, an HTML file as .txt and a file over the limit in German, keeps nothing, and passes axe with errors', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await signIn(page, server.account('coesfeld', 'redakteur'));
    const form = '/coesfeld/beitraege/medienentwicklungsplan-2024-2029/dateien';
    await visit(page, form);
    const before = stored();

    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(4000, 0x90)]);
    expect(await submitUpload(page, { name: 'leitfaden.pdf', mimeType: 'application/pdf', buffer: exe }, { titel: 'Leitfaden' })).toBe(422);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Der Inhalt der Datei passt nicht zur Endung „.pdf“');
    await expect(page.getByLabel('Titel').inputValue()).resolves.toBe('Leitfaden');
    await expectAccessible(page);

    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
    expect(await submitUpload(page, { name: 'hinweise.txt', mimeType: 'text/plain', buffer: html }, { titel: 'Hinweise' })).toBe(422);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('passt nicht zur Endung „.txt“');

    const big = Buffer.alloc(1536 * 1024, 0x41);
    expect(await submitUpload(page, { name: 'gross.csv', mimeType: 'text/csv', buffer: big }, { titel: 'Große Tabelle' })).toBe(413);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Die Datei ist größer als die erlaubten 1,0 MB');
    await expectAccessible(page);

    expect(stored()).toEqual({ ...before, temps: 0 });
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('a Coesfeld artefact reused by Havixbeck', () => {
  const TITLE = 'Checkliste Poolbuchung für Dienstfahrzeuge';
  const SLUG = 'checkliste-poolbuchung-fuer-dienstfahrzeuge';
  const docx = buildDocx(TITLE, 'Stadt Coesfeld', [{ checklist: ['Fahrzeug im Buchungssystem anlegen', 'Ladekarte zuordnen'] }]);

  /** Clicks a submit button, waits for the next page and runs axe on it. */
  async function submit(page: Page, name: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
    await expectAccessible(page);
  }

  it('a Coesfeld editor writes an Artefakt, attaches a DOCX with a licence and submits it', async () => {
    const editor = await openPage(browser, server.url);
    const { page } = editor;
    await signIn(page, server.account('coesfeld', 'redakteur'));
    await visit(page, '/coesfeld/beitraege/neu?art=artefakt');
    await page.locator('#title').fill(TITLE);
    await page.locator('#summary').fill('Abhakliste, mit der Coesfeld die Poolbuchung seiner Elektro-Dienstwagen eingeführt hat.');
    await page.check('input[name="topics"][value="verwaltung"]');
    await page.check('input[name="topics"][value="mobilitaet"]');
    await page.locator('#body').fill('Die Checkliste führt durch die Einführung in sechs Wochen.');
    await page.locator('#field-artefaktArt').selectOption('Checkliste');
    await page.locator('#field-lizenz').selectOption('CC-BY-4.0');
    await page.locator('#contactMailbox').fill('fuhrpark@coesfeld.example');
    await page.locator('#stand').fill('2025-02-01');
    await page.check('input[name="visibility"][value="oeffentlich"]');
    await submit(page, 'Speichern und zur Prüfung einreichen');
    expect(new URL(page.url()).pathname).toBe(`/coesfeld/beitraege/${SLUG}`);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Dateien verwalten' }).click()]);
    await expectAccessible(page);
    await page.locator('#feld-beschreibung').fill('Word-Vorlage zum Anpassen.');
    const status = await submitUpload(
      page,
      { name: 'Checkliste Poolbuchung.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx },
      { titel: 'Checkliste Poolbuchung', lizenz: 'CC BY 4.0' },
    );
    expect(status).toBe(303);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Die Datei „Checkliste Poolbuchung“ wurde gespeichert.');
    await expectAccessible(page);
    // The upload changed the revision under review, so it went back to draft: submit again.
    await submit(page, 'Fassung 2 zur Prüfung einreichen');
    await expect(page.getByRole('status').textContent()).resolves.toContain('zur Prüfung eingereicht');
    expectNoProblems(editor);
    await editor.context.close();
  });

  it('nobody in Havixbeck can fetch the file before it is published', async () => {
    const coesfeldEditor = await signInCookie(server, server.account('coesfeld', 'redakteur'));
    const href = await downloadLink('coesfeld', 'Checkliste Poolbuchung', coesfeldEditor).catch(() => null);
    expect(href, 'an unpublished Beitrag is not on the Kommune page').toBeNull();
    const html = await (await get(server, `/coesfeld/beitraege/${SLUG}`, coesfeldEditor)).text();
    const link = /href="(\/coesfeld\/dateien\/\d+)"/.exec(html)![1]!;
    expect((await get(server, link, coesfeldEditor)).status).toBe(200);
    const havixbeck = await signInCookie(server, server.account('havixbeck', 'mitarbeiter'));
    expect((await get(server, link, havixbeck)).status).toBe(404);
    expect((await get(server, link)).status).toBe(404);
  });

  it('a Coesfeld admin publishes it', async () => {
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('coesfeld', 'admin'));
    await visit(admin.page, `/coesfeld/beitraege/${SLUG}/pruefung`);
    await submit(admin.page, 'Freigeben und veröffentlichen');
    await expect(admin.page.getByRole('status').innerText()).resolves.toContain('freigegeben');
    expectNoProblems(admin);
    await admin.context.close();
  });

  it('a Havixbeck member downloads it byte-identical and records "übernommen" with a note; Beitrag, both Kommune pages and the overview show it', async () => {
    const member = await openPage(browser, server.url);
    const { page } = member;
    await signIn(page, server.account('havixbeck', 'mitarbeiter'));
    await visit(page, `/coesfeld/beitraege/${SLUG}`);
    const files = page.locator('section.file-list');
    await expect(files.innerText()).resolves.toMatch(/Checkliste Poolbuchung[^]*Word \(DOCX\)[^]*CC BY 4\.0[^]*1\.0/);
    const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('link', { name: /Checkliste Poolbuchung herunterladen/ }).click()]);
    expect(download.suggestedFilename()).toBe('Checkliste Poolbuchung.docx');
    expect(fs.readFileSync((await download.path())!)).toEqual(docx);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nachnutzung für Ihre Kommune eintragen oder ändern' }).click()]);
    await expectAccessible(page);
    await page.getByLabel('übernommen').check();
    await page.getByLabel('Was haben Sie angepasst?').fill('Auf unsere drei Dienstwagen gekürzt.');
    await page.getByLabel('Kontakt für Rückfragen').fill('fuhrpark@havixbeck.example');
    await submit(page, 'Nachnutzung eintragen');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Die Nachnutzung für Gemeinde Havixbeck wurde gespeichert.');

    await visit(page, `/coesfeld/beitraege/${SLUG}`);
    const reuse = page.locator('section', { has: page.getByRole('heading', { name: 'Nachnutzung', exact: true }) });
    await expect(reuse.innerText()).resolves.toMatch(/Gemeinde Havixbeck: übernommen[^]*Auf unsere drei Dienstwagen gekürzt\.[^]*fuhrpark@havixbeck\.example/);
    await visit(page, '/coesfeld/');
    await expect(page.locator('main').textContent()).resolves.toContain(`${TITLE}: Havixbeck, übernommen`);
    await visit(page, '/havixbeck/');
    await expect(page.locator('section[aria-labelledby="nachnutzung-title"]').textContent()).resolves.toContain(`${TITLE} von Coesfeld: übernommen`);
    await visit(page, '/nachnutzung');
    const row = page.getByRole('row').filter({ hasText: TITLE });
    const column = await page.getByRole('columnheader').evaluateAll((ths) => ths.findIndex((th) => th.textContent === 'Havixbeck'));
    await expect(row.getByRole('cell').nth(column - 1).textContent()).resolves.toBe('übernommen');
    expectNoProblems(member);
    await member.context.close();
  });

  it('anonymous readers see the file and which Kommune reuses it, but not the note or the contact', async () => {
    const anon = await openPage(browser, server.url);
    await visit(anon.page, `/coesfeld/beitraege/${SLUG}`);
    const text = await anon.page.locator('main').innerText().then(readable);
    expect(text).toContain('Checkliste Poolbuchung herunterladen');
    expect(text).toContain('Gemeinde Havixbeck: übernommen');
    expect(text).not.toContain('fuhrpark@havixbeck.example');
    expectNoProblems(anon);
    await anon.context.close();
  });
});

describe('replacing and removing a file of a published Beitrag', () => {
  it('a new version and a removal reach readers only with the approval of the revision that carries them', async () => {
    const slug = 'medienentwicklungsplan-2024-2029';
    const title = 'Kostenplan Medienentwicklungsplan 2024–2029';
    const v1 = fs.readFileSync(path.join(CONTENT, 'coesfeld/medienentwicklungsplan-2024-2029/kostenplan-mep-2024-2029.xlsx'));
    const v2 = buildDocx('Kostenplan als Text', 'Stadt Coesfeld', [{ p: 'Fassung 2025' }]);
    const editor = await openPage(browser, server.url);
    const { page } = editor;
    await signIn(page, server.account('coesfeld', 'redakteur'));
    const admin = await openPage(browser, server.url);
    await signIn(admin.page, server.account('coesfeld', 'admin'));
    const staff = await signInCookie(server, server.account('coesfeld', 'mitarbeiter'));
    const reader = await openPage(browser, server.url);
    const files = reader.page.locator('section.file-list');

    /** The editor submits the open draft from the files page; the admin approves it on the review page. */
    async function submitAndApprove(expectInReview: RegExp): Promise<void> {
      await visit(page, `/coesfeld/beitraege/${slug}/dateien`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /zur Prüfung einreichen/ }).click()]);
      await visit(admin.page, `/coesfeld/beitraege/${slug}/pruefung`);
      await expect(admin.page.locator('.file-changes').innerText()).resolves.toMatch(expectInReview);
      await Promise.all([admin.page.waitForNavigation(), admin.page.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click()]);
      await expectAccessible(admin.page);
    }

    await visit(page, `/coesfeld/beitraege/${slug}/dateien`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Neue Version von „Kostenplan Medienentwicklungsplan/ }).click()]);
    await expectAccessible(page);
    await page.getByLabel('Version', { exact: true }).fill('2024-01');
    await page.getByLabel('Datei', { exact: true }).setInputFiles({ name: 'kostenplan.docx', mimeType: 'application/octet-stream', buffer: v2 });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Neue Version hochladen' }).click()]);
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Die Version „2024-01“ gibt es für diese Datei schon.');
    await expectAccessible(page);
    await page.getByLabel('Version', { exact: true }).fill('2025-01');
    await page.getByLabel('Datei', { exact: true }).setInputFiles({ name: 'kostenplan.docx', mimeType: 'application/octet-stream', buffer: v2 });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Neue Version hochladen' }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('wurde gespeichert');
    await expectAccessible(page);

    // Until approval, anonymous readers and staff see only the published version, and cannot fetch the new one.
    const pendingHref = await page.locator('.version-list a', { hasText: 'Version 2025-01' }).getAttribute('href');
    expect((await get(server, pendingHref!)).status).toBe(404);
    expect((await get(server, pendingHref!, staff)).status).toBe(404);
    await visit(reader.page, `/coesfeld/beitraege/${slug}`);
    await expect(files.innerText()).resolves.not.toContain('2025-01');

    await submitAndApprove(/Neue Version[^]*Kostenplan Medienentwicklungsplan[^]*Word \(DOCX\)[^]*2025-01/);
    expect((await get(server, pendingHref!)).status).toBe(200);
    await visit(reader.page, `/coesfeld/beitraege/${slug}`);
    await expect(files.innerText()).resolves.toContain('2025-01');
    await files.getByText('Frühere Version', { exact: true }).click();
    const [old] = await Promise.all([reader.page.waitForEvent('download'), files.getByRole('link', { name: /Version 2024-01 vom .* herunterladen/ }).click()]);
    expect(fs.readFileSync((await old.path())!)).toEqual(v1);
    const oldHref = await files.getByRole('link', { name: /Version 2024-01/ }).getAttribute('href');

    // Removing the old version is requested now and happens with the next approval.
    await visit(page, `/coesfeld/beitraege/${slug}/dateien`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Version 2024-01 von „${title}“ entfernen` }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('mit der nächsten Freigabe des Beitrags entfernt');
    expect((await get(server, oldHref!)).status).toBe(200);
    await submitAndApprove(/Version wird entfernt[^]*2024-01/);
    expect((await get(server, oldHref!)).status).toBe(404);
    await visit(reader.page, `/coesfeld/beitraege/${slug}`);
    await expect(files.innerText()).resolves.not.toContain('Frühere Version');
    for (const c of [editor, admin, reader]) {
      expectNoProblems(c);
      await c.context.close();
    }
  });
});

describe('the Nachnutzung overview', () => {
  it('lists the most reused Beitrag first and passes axe at 320 px without scrolling the page sideways', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await visit(checked.page, '/nachnutzung');
    await expect(checked.page.locator('ol li').first().textContent()).resolves.toContain('Leistungsverzeichnis');
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expectNoProblems(checked);
    await checked.context.close();
  });
});
