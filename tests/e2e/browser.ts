import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type TestServer } from './server';

export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Starts a hub with demo data and Chromium before the tests of a file and stops both after
 * them; `ready` hands them to the file's own variables.
 */
export function useServerAndBrowser(ready: (server: TestServer, browser: Browser) => void): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ready(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

/**
 * Text as a reader takes it in: without the soft hyphens (U+00AD) pages put into long words, which
 * are invisible unless a line breaks there and which screen readers do not speak. Chromium keeps
 * them in innerText and textContent; a test comparing a title must drop them, and one making sure a
 * title is absent must, or it could never fail.
 */
export function readable(text: string): string {
  return text.replaceAll('\u00ad', '');
}

/** A page that records console errors, page errors and requests to other origins. */
export interface CheckedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

export interface OpenPageOptions {
  width?: number;
  /**
   * The test reloads the search page while the index is rebuilt. A page that loads in the
   * moment the served bundles change may ask for a file of a bundle that is served no more
   * (withdrawn text never is): the browser logs that 404 and pagefind its failure, and the
   * page then searches the bundles served now. Only console errors of index files under
   * /suche/daten/ are accepted; the test must still see the page's results.
   */
  indexSwitches?: boolean;
}

export async function openPage(browser: Browser, baseUrl: string, options: OpenPageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: options.width ?? 1280, height: 900 }, locale: 'de-DE' });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('console', (msg) => {
    // Chromium logs a document answered with 4xx or 5xx (a form with errors, an error page) as a failed
    // resource; only failures of anything else (a script, a stylesheet, an image) are defects.
    const documentStatus = /^Failed to load resource: the server responded with a status of [45]\d\d/.test(msg.text()) && msg.location().url === page.url();
    const retiredIndexFile = options.indexSwitches === true && new URL(msg.location().url || baseUrl, baseUrl).pathname.startsWith('/suche/daten/');
    if (msg.type() === 'error' && !documentStatus && !retiredIndexFile) {
      problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('about:')) problems.push(`request to another origin: ${url}`);
  });
  return { page, context, problems };
}

/** The axe (WCAG 2.1 A/AA) violations of the current page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE};0`);
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  }, AXE_TAGS);
}

/** Runs axe (WCAG 2.1 A/AA) on the current page and fails the test on any violation. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

/** Navigates, checks the status and runs axe: every page a test visits is checked. */
export async function visit(page: Page, path: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(expectedStatus);
  await expectAccessible(page);
}

export function expectNoProblems(checked: CheckedPage): void {
  expect(checked.problems).toEqual([]);
}

/** The widths every page must work at: a small phone, a tablet, a desktop. */
export const WIDTHS = [320, 768, 1280] as const;

/**
 * What a person would see go wrong with the layout at the current width: the page scrolling
 * sideways, text running out of its box (not counting data tables, which scroll inside their own
 * wrapper), a word broken inside a button or menu link, and counts like "1 Beiträge".
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} px content in ${root.clientWidth} px)`);
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
    const scrolls = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const skip = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'IMG', 'svg', 'OPTION', 'SCRIPT', 'STYLE', 'BR', 'DATALIST', 'TEMPLATE']);
    for (const el of document.body.querySelectorAll('*')) {
      // The content of a closed <details> is not shown (Chromium still lays it out at the summary's width).
      if (skip.has(el.tagName) || el.closest('.visually-hidden, [hidden]')) continue;
      const closed = el.closest('details:not([open])');
      if (closed && !el.closest('summary')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.display === 'inline' || cs.display === 'contents' || cs.visibility === 'hidden') continue;
      if (cs.overflowX !== 'visible' || scrolls(el)) continue;
      const box = el as HTMLElement;
      if (box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1) problems.push(`text overflows its box by ${box.scrollWidth - box.clientWidth} px: ${describe(el)}`);
    }
    // A word of a button or menu entry must stay on one line ("Beend|en"); after a dash or slash a line may break.
    for (const el of document.querySelectorAll('button, .button, .site-nav a, .tenant-bar a, .status, .badge')) {
      if (!(el as HTMLElement).offsetParent) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s\-–—/]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) problems.push(`the word "${m[0]}" breaks across lines in ${describe(el)}`);
        }
      }
    }
    const plural = /(^|[^\d.,])1 (Beiträge|Dateien|Kommunen|Einträge|Fassungen|Versionen|Nachnutzungen|Änderungen|Mitglieder|Personen|Verwaltungen)\b/.exec(document.body.innerText);
    if (plural) problems.push(`wrong plural: "${plural[0].trim()}"`);
    return problems;
  });
}

/**
 * Widths at which axe checks every page as every role: the narrow layout (menu collapsed, tables
 * scrolling) and the wide one. At 768 px (mostly the narrow layout) axe checks each page once,
 * for the first role that visits it.
 */
export const AXE_WIDTHS: readonly number[] = [320, 1280];

/**
 * Checks the current page at every width of WIDTHS: layout (layoutProblems) at each, axe at
 * AXE_WIDTHS (and once per label at the other widths). A page whose markup was already checked by axe at a width (the same template seen
 * by another role, say) is not checked again: `seen` remembers fingerprints across calls.
 * Returns the problems, each prefixed with the label and width.
 */
export async function checkAtWidths(page: Page, label: string, seen: Set<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  // The person's name is the only part of a shared page that differs between people of one audience.
  const fingerprint = await page.evaluate(() => {
    const html = document.body.innerHTML.replace(/<span class="visually-hidden" data-viewer-name>[^<]*<\/span>/, '');
    let h = 0;
    for (let i = 0; i < html.length; i++) h = (Math.imul(h, 31) + html.charCodeAt(i)) | 0;
    return `${html.length}:${h}`;
  });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of await layoutProblems(page)) found.push(`${label} at ${width} px: ${p}`);
    const key = AXE_WIDTHS.includes(width) ? `${width}|${fingerprint}` : `${width}|${label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const v of await axeViolations(page)) found.push(`${label} at ${width} px: axe ${v}`);
  }
  return found;
}
