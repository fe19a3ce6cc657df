import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

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

/** A page that records console errors, page errors and requests to other origins. */
export interface CheckedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

export async function openPage(browser: Browser, baseUrl: string, options: { width?: number } = {}): Promise<CheckedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: options.width ?? 1280, height: 900 }, locale: 'de-DE' });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('console', (msg) => {
    // Chromium logs a document answered with 4xx (a form with errors, a 404 page) as a failed resource;
    // only failures of anything else (a script, a stylesheet, an image) are defects.
    const documentStatus = /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) && msg.location().url === page.url();
    if (msg.type() === 'error' && !documentStatus) {
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

/** Runs axe (WCAG 2.1 A/AA) on the current page and fails the test on any violation. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(`${AXE_SOURCE};0`);
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  }, AXE_TAGS);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
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
