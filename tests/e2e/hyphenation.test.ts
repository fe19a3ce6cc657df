import { describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { TestServer } from './server';
import { expectNoProblems, openPage, useServerAndBrowser, visit } from './browser';
import { get, postForm, signInCookie } from './auth';

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  [server, browser] = [s, b];
});

// Debian's Chromium has no German hyphenation dictionary, so `hyphens: auto` does nothing there and
// a word longer than the line is cut at whatever letter reaches the edge. The hub puts soft hyphens
// into long words itself; a line may then end only at a space, a dash or a soft hyphen.
const TITLE = 'Medienentwicklungsplanungsfortschreibung für Grundschulen';
const COMPOUND = 'Bürgerbeteiligungsverfahrensbeschleunigung';

interface LineBreak {
  /** The text around the break, "|" where the line ends. */
  at: string;
  /** Whether the line ends at a space, a dash or slash, or a soft hyphen. */
  allowed: boolean;
  softHyphen: boolean;
}

/** Where the lines of an element's text end, found from the boxes of its single characters. */
async function lineBreaks(element: Locator): Promise<LineBreak[]> {
  return element.evaluate((el) => {
    const chars: { ch: string; top: number | null }[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        // The last box: the first letter after a soft-hyphen break also reports the drawn hyphen's box.
        const rect = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).at(-1);
        chars.push({ ch: node.data[i]!, top: rect ? rect.top : null });
      }
    }
    const breaks: { at: string; allowed: boolean; softHyphen: boolean }[] = [];
    let last = -1;
    for (let i = 0; i < chars.length; i++) {
      const top = chars[i]!.top;
      if (top === null) continue;
      if (last >= 0 && top > chars[last]!.top! + 2) {
        // Between the last character of one line and the first of the next: spaces and soft hyphens
        // that were not drawn, or a soft hyphen drawn as "-" at the end of the line.
        const between = chars.slice(last, i).map((c) => c.ch).join('');
        const text = chars.map((c) => c.ch).join('');
        breaks.push({
          at: `${text.slice(Math.max(0, last - 12), last + 1)}|${text.slice(i, i + 12)}`.replaceAll('\u00ad', ''),
          allowed: /[\s\u00ad]/.test(between) || /[-–—/]/.test(chars[last]!.ch),
          softHyphen: between.includes('\u00ad'),
        });
      }
      last = i;
    }
    return breaks;
  });
}

async function publishBeitrag(): Promise<string> {
  const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
  const admin = await signInCookie(server, server.account('duelmen', 'admin'));
  const created = await postForm(server, '/duelmen/beitraege/neu?art=erfahrungsbericht', {
    title: TITLE,
    summary: `Wie die ${COMPOUND} in Dülmen gelang.`,
    topics: 'schule',
    tags: 'Medienentwicklungsplanung',
    visibility: 'oeffentlich',
    stand: '2026-01-01',
    reviewDue: '2099-01-01',
    contactMailbox: 'schule@duelmen.de',
    contactPerson: '',
    'field-ausgangslage': `Die ${COMPOUND} war überfällig.`,
    'field-uebertragbarkeit': 'Gut übertragbar.',
    body: `## ${COMPOUND}\n\nDie ${COMPOUND} und die Medienentwicklungsplanungsfortschreibung greifen ineinander.\n\nSiehe \`Medienentwicklungsplanungsfortschreibung\`.`,
    aktion: 'einreichen',
  }, { cookie: editor });
  expect(created.status).toBe(303);
  const path = created.headers.get('location')!.replace(/\?.*$/, '');
  const review = await (await get(server, `${path}/pruefung`, admin)).text();
  const revision = /name="revision" value="(\d+)"/.exec(review)?.[1];
  expect(revision).toBeDefined();
  const approved = await postForm(server, `${path}/pruefung`, { revision: revision!, aktion: 'freigeben', kommentar: '' }, { cookie: admin });
  expect(approved.status).toBe(303);
  return path;
}

describe('long German words at 320 px', () => {
  it('a Beitrag title, its text and its card break only at spaces, dashes or soft hyphens, and nothing scrolls sideways', async () => {
    const path = await publishBeitrag();
    const reader = await openPage(browser, server.url, { width: 320 });
    const { page } = reader;

    await visit(page, path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const title = page.locator('.document-head h1');
    const titleBreaks = await lineBreaks(title);
    expect(titleBreaks.filter((b) => !b.allowed), 'line breaks inside a word of the title').toEqual([]);
    // The title's first word does not fit a line at 320 px: it must be split, and at a soft hyphen.
    expect(titleBreaks.some((b) => b.softHyphen)).toBe(true);
    for (const text of [page.locator('.document-head .lead'), page.locator('.document-body h2'), page.locator('.document-body p').first()]) {
      expect((await lineBreaks(text)).filter((b) => !b.allowed), 'line breaks inside a word of the text').toEqual([]);
    }
    // Code is shown as written, without soft hyphens.
    await expect(page.locator('.document-body code').textContent()).resolves.toBe('Medienentwicklungsplanungsfortschreibung');
    // The page's title, meta description and the tag link's address carry the words unchanged.
    expect(await page.title()).toContain(TITLE);
    expect(await page.content()).not.toMatch(/(content|href|title|aria-label)="[^"]*\u00ad/);
    // Screen readers and Playwright's role queries see the heading's name without soft hyphens.
    await expect(page.getByRole('heading', { level: 1, name: TITLE, exact: true }).count()).resolves.toBe(1);

    for (const list of ['/duelmen/', '/beitraege']) {
      await visit(page, list);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), list).toBe(true);
      const card = page.locator('.card :is(h2, h3, h4)', { has: page.locator(`a[href="${path}"]`) });
      const cardBreaks = await lineBreaks(card);
      expect(cardBreaks.filter((b) => !b.allowed), `line breaks inside a word of the card on ${list}`).toEqual([]);
      expect(cardBreaks.some((b) => b.softHyphen), list).toBe(true);
    }
    expectNoProblems(reader);
  });
});
