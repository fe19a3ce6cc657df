import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, visit } from './browser';
import { indexHolds, useServerDatabase, waitForIndex } from './search-data';
import { publishBeitrag } from '../fixtures/beitraege';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  useServerDatabase(server);
  // The first build of the demo hub and the recent build after it: room for a busy two-core machine.
  await waitForIndex(server, () => true, 150_000);
  const docs = [
    publishBeitrag({ tenant: 'olfen', title: 'Schwimmkurse im Sommer', body: 'Die Kita bietet Schwimmkurse für Kinder an, gemeinsam mit dem Hallenbad.' }),
    publishBeitrag({ tenant: 'olfen', title: 'Streuobstwiese am Ortsrand', body: 'Die Streuobstwiese wird von einem Verein gepflegt; die Ernte geht an die Tafel.' }),
  ];
  await waitForIndex(server, (p) => indexHolds(server, p, docs.map((d) => `doc:${d.id}`)), 150_000);
}, 360_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const hint = (page: Page) => page.locator('[data-search-hint]');
const hitTitles = (page: Page) => page.locator('.search-hit h2').allTextContents();

async function waitForResults(page: Page): Promise<void> {
  await page.waitForFunction(() => /Treffer/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), undefined, { timeout: 20_000 });
}

describe('the search page with the language features', () => {
  it('offers a spelling from the hub and shows its hits, and the page passes axe', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await visit(page, '/suche?q=Schwimkurse');
    await waitForResults(page);
    await expect(hint(page).textContent()).resolves.toMatch(/Meinten Sie: Schwimmkurse\?|Keine Treffer für „Schwimkurse“\. Gezeigt werden die Treffer für Schwimmkurse\./);
    expect(await hitTitles(page)).toContain('Schwimmkurse im Sommer');
    await expectAccessible(page);

    // The suggestion is a link to its search.
    await hint(page).getByRole('link', { name: 'Schwimmkurse' }).click();
    await page.waitForURL(/q=Schwimmkurse/);
    await waitForResults(page);
    await expect(page.locator('#suche-q').inputValue()).resolves.toBe('Schwimmkurse');
    await expect(hint(page).textContent()).resolves.toBe('');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('understands "A | B", "-wort", "genaue Phrase" and "wort*", and the page passes axe', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await visit(page, `/suche?q=${encodeURIComponent('Schwimmkurse | Streuobstwiese')}`);
    await waitForResults(page);
    expect((await hitTitles(page)).sort()).toEqual(['Schwimmkurse im Sommer', 'Streuobstwiese am Ortsrand']);
    await expectAccessible(page);

    await visit(page, `/suche?q=${encodeURIComponent('Streuobst* OR Schwimmkurse -Hallenbad')}`);
    await waitForResults(page);
    expect(await hitTitles(page)).toEqual(['Streuobstwiese am Ortsrand']);

    await visit(page, `/suche?q=${encodeURIComponent('"Ernte geht an die Tafel"')}`);
    await waitForResults(page);
    expect(await hitTitles(page)).toEqual(['Streuobstwiese am Ortsrand']);
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('keeps what somebody types right after the page loads', async () => {
    const checked = await openPage(browser, server.url);
    const { page } = checked;
    await page.goto('/suche', { waitUntil: 'domcontentloaded' });
    // Typed while the page's script loads the index (a keystroke every 20 ms).
    await page.locator('#suche-q').pressSequentially('Tablets Grundschule', { delay: 20 });
    await page.waitForFunction(() => /Bitte geben Sie einen Suchbegriff ein/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await expect(page.locator('#suche-q').inputValue()).resolves.toBe('Tablets Grundschule');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=Tablets\+Grundschule/);
    await waitForResults(page);
    await expectAccessible(page);
    expectNoProblems(checked);
    await checked.context.close();
  });
});
