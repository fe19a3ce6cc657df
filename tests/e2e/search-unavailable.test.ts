import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, visit } from './browser';
import { waitForIndex } from './search-data';
import type { SearchPointer } from '../../src/lib/search/layout';

let server: TestServer;
let browser: Browser;
let pointer: SearchPointer;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  pointer = await waitForIndex(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every public bundle folder the server serves now (the demo hub has one). */
const publicBundles = () => pointer.baseBundles.filter((b) => b.split('/')[1]!.startsWith('public')).map((b) => path.join(server.dataDir, 'search', ...b.split('/')));

async function waitForAlert(page: Page, timeout: number): Promise<string> {
  const alert = page.getByRole('alert');
  try {
    await page.waitForFunction(() => (document.querySelector('[data-search-error]')?.textContent ?? '') !== '', undefined, { timeout });
  } catch (err) {
    const status = (await page.locator('[data-search-status]').textContent()) ?? '';
    throw new Error(`no alert within ${timeout} ms; the status reads "${status}"`, { cause: err });
  }
  return (await alert.textContent()) ?? '';
}

describe('a search index the browser cannot load', () => {
  it('says so in German instead of "Suche läuft …" forever when pagefind-entry.json is empty (axe on the message)', async () => {
    const saved = publicBundles().map((dir) => [path.join(dir, 'pagefind-entry.json'), fs.readFileSync(path.join(dir, 'pagefind-entry.json'))] as const);
    for (const [file] of saved) fs.writeFileSync(file, '');
    try {
      // Typed: a page opened with a query gets its first results from the server, whose thread may hold this index already.
      const checked = await openPage(browser, server.url);
      await typeSchule(checked.page);
      const text = await waitForAlert(checked.page, 20_000);
      expect(text).toMatch(/^Der Suchindex konnte nicht geladen werden/);
      expect(text).toContain('Bitte laden Sie die Seite in einigen Minuten neu');
      expect(await checked.page.locator('[data-search-status]').textContent()).not.toMatch(/Suche läuft/);
      expect(await checked.page.locator('.search-hit').count()).toBe(0);
      await expectAccessible(checked.page);
      expectNoProblems(checked);
      await checked.context.close();
    } finally {
      for (const [file, content] of saved) fs.writeFileSync(file, content);
    }
  });

  it('says so too when another index file is missing and pagefind never answers, and the intact index works again', { timeout: 180_000 }, async () => {
    const wasm = publicBundles().map((dir) => path.join(dir, 'wasm.de.pagefind'));
    const saved = wasm.map((file) => [file, fs.readFileSync(file)] as const);
    for (const file of wasm) fs.rmSync(file);
    const checked = await openPage(browser, server.url);
    try {
      await typeSchule(checked.page);
      const text = await waitForAlert(checked.page, 60_000);
      expect(text).toMatch(/^Der Suchindex konnte nicht geladen werden/);
      await expectAccessible(checked.page);
    } finally {
      for (const [file, content] of saved) fs.writeFileSync(file, content);
      await checked.context.close();
    }
    // The browser reports the missing file itself (404); with the file back the page searches as before.
    const again = await openPage(browser, server.url);
    await visit(again.page, '/suche?q=Schule');
    await again.page.waitForFunction(() => /\d+ Treffer für „Schule“/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    expect(await again.page.locator('[data-search-error]').textContent()).toBe('');
    await expectAccessible(again.page);
    expectNoProblems(again);
    await again.context.close();
  });
});

/** Searches in the browser: a page opened with a query shows the server's first results and loads no index. */
async function typeSchule(page: Page): Promise<void> {
  await visit(page, '/suche');
  await page.locator('#suche-q').fill('Schule');
  await page.keyboard.press('Enter');
}

describe('a word-index file lost on the way', () => {
  /** The status line once the search for "Schule" has answered. */
  async function searchSchule(page: Page): Promise<string> {
    await typeSchule(page);
    await page.waitForFunction(() => /Treffer/.test(document.querySelector('[data-search-status]')?.textContent ?? '') || (document.querySelector('[data-search-error]')?.textContent ?? '') !== '', undefined, {
      timeout: 30_000,
    });
    return (await page.locator('[data-search-status]').textContent()) ?? '';
  }

  it('is downloaded again: a dropped connection costs the search no Beitrag', async () => {
    const clean = await openPage(browser, server.url);
    const expected = await searchSchule(clean.page);
    expect(expected).toMatch(/^\d+ Treffer für „Schule“/);
    const cleanTitles = await clean.page.locator('.search-hit a').allTextContents();
    await clean.context.close();

    // The first download of every word-index file fails as a dropped connection does.
    const checked = await openPage(browser, server.url);
    const dropped = new Set<string>();
    await checked.page.route('**/*.pf_index', (route) => {
      const url = route.request().url();
      if (dropped.has(url)) return route.continue();
      dropped.add(url);
      return route.abort('connectionreset');
    });
    expect(await searchSchule(checked.page)).toBe(expected);
    expect(dropped.size).toBeGreaterThan(0);
    expect(await checked.page.locator('.search-hit a').allTextContents()).toEqual(cleanTitles);
    expect(await checked.page.locator('[data-search-error]').textContent()).toBe('');
    await expectAccessible(checked.page);
    await checked.context.close();
  });

  it('that never arrives makes the page say in German that search is unavailable, not show fewer results (axe on the message)', async () => {
    const checked = await openPage(browser, server.url);
    await checked.page.route('**/*.pf_index', (route) => route.abort('connectionreset'));
    await typeSchule(checked.page);
    const text = await waitForAlert(checked.page, 60_000);
    expect(text).toMatch(/^Der Suchindex konnte nicht geladen werden/);
    expect(await checked.page.locator('.search-hit').count()).toBe(0);
    await expectAccessible(checked.page);
    await checked.context.close();
  });
});
