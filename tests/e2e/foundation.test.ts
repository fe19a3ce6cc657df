import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectNoProblems, openPage, visit, useServerAndBrowser } from './browser';

const TENANT_SLUGS = ['kreis-coesfeld', 'ascheberg', 'billerbeck', 'coesfeld', 'duelmen', 'havixbeck', 'luedinghausen', 'nordkirchen', 'nottuln', 'olfen', 'rosendahl', 'senden'];

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  [server, browser] = [s, b];
});

describe('a fresh start', () => {
  it('links all 12 administrations from the start page, which passes axe', async () => {
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/');
    const hrefs = await checked.page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const slug of TENANT_SLUGS) expect(hrefs).toContain(`/${slug}/`);
    await expect(checked.page.locator('html').getAttribute('lang')).resolves.toBe('de');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('answers 200 for every tenant page and shows its name', async () => {
    for (const slug of TENANT_SLUGS) {
      const res = await fetch(`${server.url}/${slug}/`);
      expect(res.status, slug).toBe(200);
      const html = await res.text();
      const tenant = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../tenants', `${slug}.json`), 'utf8'));
      expect(html).toContain(`<h1>${tenant.name}</h1>`);
    }
  });

  it('shows a tenant page in its colours, with legal links, and passes axe at 320 px', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await visit(checked.page, '/duelmen/');
    const bar = await checked.page.locator('.tenant-bar').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bar).toBe('rgb(29, 79, 122)');
    for (const name of ['Impressum', 'Datenschutz', 'Erklärung zur Barrierefreiheit']) {
      await expect(checked.page.getByRole('link', { name, exact: true }).getAttribute('href')).resolves.toMatch(/^\/duelmen\//);
    }
    // Nothing may scroll sideways at 320 px, and every control of the header lies within the screen, unbroken.
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const outside = await checked.page.evaluate(() =>
      [...document.querySelectorAll('.site-header a, .site-header button, .site-header input')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth || el.getBoundingClientRect().left < 0)
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(outside).toEqual([]);
    // The search button's label stays on one line ("Suche" / "n" was seen at 320 px).
    const lines = await checked.page.locator('.site-search button').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    await visit(checked.page, '/duelmen/impressum');
    await visit(checked.page, '/duelmen/datenschutz');
    await visit(checked.page, '/duelmen/barrierefreiheit');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('answers an unknown tenant with a German 404 page that passes axe', async () => {
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/gibt-es-nicht/', 404);
    await expect(checked.page.locator('h1').textContent()).resolves.toBe('Seite nicht gefunden');
    await visit(checked.page, '/duelmen/gibt-es-nicht', 404);
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('can be used by keyboard: the skip link leads to the content', async () => {
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/');
    await checked.page.keyboard.press('Tab');
    await expect(checked.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Zum Inhalt springen');
    await checked.page.keyboard.press('Enter');
    await expect(checked.page.evaluate(() => document.activeElement?.id)).resolves.toBe('inhalt');
    await checked.context.close();
  });

  it('sends security headers on pages, static files and errors', async () => {
    const css = await (await fetch(`${server.url}/`)).text().then((html) => /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1]);
    expect(css).toBeDefined();
    for (const p of ['/', css!, '/gibt-es-nicht/']) {
      const res = await fetch(server.url + p);
      expect(res.headers.get('content-security-policy'), p).toMatch(/script-src 'self'; /);
      expect(res.headers.get('content-security-policy'), p).toMatch(/object-src 'none'.*base-uri 'none'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), p).toBeTruthy();
      expect(res.headers.get('x-powered-by'), p).toBeNull();
    }
  });

  it('serves the build\'s assets for a year, revalidates them, and answers anything else under /_astro/ with the German 404 page', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)![1]!;
    const js = /src="(\/_astro\/[^"]+\.js)"/.exec(html)![1]!;
    for (const [p, type] of [[css, 'text/css'], [js, 'text/javascript']] as const) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toContain(type);
      expect(res.headers.get('cache-control'), p).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length, p).toBeGreaterThan(100);
      // As a browser revalidates (fetch() would add Cache-Control: no-cache to a conditional request).
      const again = await new Promise<number>((resolve, reject) => http.get(server.url + p, { headers: { 'If-None-Match': res.headers.get('etag')! } }, (r) => (r.resume(), resolve(r.statusCode!))).on('error', reject));
      expect(again, p).toBe(304);
      const head = await fetch(server.url + p, { method: 'HEAD' });
      expect(head.status, p).toBe(200);
    }
    // Missing files, the folder itself, dot files and ways out of it: the app's page, never a file from elsewhere.
    for (const p of ['/_astro/gibt-es-nicht.css', '/_astro/', '/_astro/.env', '/_astro/..%2f..%2fpackage.json', '/_astro/%2e%2e/server/entry.mjs', '/_astro/%FF.css']) {
      const res = await fetch(server.url + p);
      const text = await res.text();
      expect([400, 404], p).toContain(res.status);
      expect(res.headers.get('content-type'), p).toBe('text/html; charset=utf-8');
      expect(text, p).toMatch(/Seite nicht gefunden|Ungültige Anfrage|Anfrage/);
      expect(text, p).not.toContain('"name": "wissensnetz"');
      expect(text, p).not.toContain('createApp');
    }
  });

  it('reports health as JSON', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toMatchObject({ status: 'ok' });
  });
});

describe('start-up', () => {
  it('keeps the existing data on a second start and does not load the demo again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-restart-'));
    const first = await startServer({ dataDir });
    const login = first.account('duelmen', 'redakteur');
    const before = await (await fetch(`${first.url}/duelmen/`)).text();
    await first.stop();
    fs.appendFileSync(path.join(dataDir, 'marker'), 'x');
    const second = await startServer({ dataDir });
    expect(second.output()).not.toContain('Demo-Daten geladen');
    // The demo passwords of the first start still hold: the accounts were not recreated.
    expect(fs.readFileSync(path.join(dataDir, 'demo-zugaenge.txt'), 'utf8')).toContain(`${login.email} ${login.password}`);
    const after = await (await fetch(`${second.url}/duelmen/`)).text();
    expect(/Beiträge \((\d+)\)/.exec(after)?.[1]).toBe(/Beiträge \((\d+)\)/.exec(before)?.[1]);
    await second.stop();
  });

  it('serves a tenant portal at / on the tenant\'s own host name', async () => {
    const tenantsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-hosts-'));
    fs.cpSync(path.join(import.meta.dirname, '../../tenants'), tenantsDir, { recursive: true });
    const file = path.join(tenantsDir, 'duelmen.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), hosts: ['wissen.duelmen.test'] }));
    const hosted = await startServer({ env: { WISSENSNETZ_TENANTS_DIR: tenantsDir } });
    const port = new URL(hosted.url).port;
    const fetchWithHost = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
    const portal = await fetchWithHost('wissen.duelmen.test');
    expect(portal.status).toBe(200);
    expect(portal.body).toContain('<h1>Stadt Dülmen</h1>');
    const hub = await fetchWithHost(`127.0.0.1:${port}`);
    expect(hub.body).toContain('Wissensnetz Kreis Coesfeld</h1>');
    await hosted.stop();
  });

  it('fails with file and field named when a tenant file is broken', async () => {
    const tenantsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-badtenant-'));
    fs.cpSync(path.join(import.meta.dirname, '../../tenants'), tenantsDir, { recursive: true });
    const file = path.join(tenantsDir, 'billerbeck.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.colors.accent = '#12345';
    fs.writeFileSync(file, JSON.stringify(data));
    await expect(startServer({ env: { WISSENSNETZ_TENANTS_DIR: tenantsDir } })).rejects.toThrow(
      /Start-up failed: .*billerbeck\.json: field "colors\.accent"/,
    );
  });
});
