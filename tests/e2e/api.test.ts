import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenViaKonto, openApiChecker, type OpenApiChecker } from './api-helpers';
import { signIn, signInCookie } from './auth';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { startServer, type TestServer } from './server';

// The read API against its own OpenAPI document: every answer in this file goes through
// `api.check`, which fails on a status, media type or body the document does not describe.
let server: TestServer;
let browser: Browser;
let api: OpenApiChecker;
let ipCounter = 0;

beforeAll(async () => {
  // The test plays a trusted proxy, so each test can call from its own (invented) address.
  server = await startServer({ env: { WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1', WISSENSNETZ_API_RATE_LIMIT: '40', WISSENSNETZ_API_TOKEN_RATE_LIMIT: '60' } });
  browser = await launchBrowser();
  api = await openApiChecker(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const freshIp = () => `203.0.113.${++ipCounter}`;

/** GET through the API, checked against the OpenAPI document. */
async function get(template: string, path: string, options: { token?: string; headers?: Record<string, string>; ip?: string } = {}): Promise<{ res: Response; body: any; text: string }> {
  const headers: Record<string, string> = { 'X-Forwarded-For': options.ip ?? freshIp(), ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  const res = await fetch(server.url + path, { headers, redirect: 'manual' });
  const text = await res.text();
  await api.check(res, template, text);
  return { res, text, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null };
}

/** Calls until the address's budget is used up; how many passed, and the 429. */
async function exhaust(template: string, ip: string): Promise<{ allowed: number; refused: Awaited<ReturnType<typeof get>> }> {
  for (let allowed = 0; allowed < 200; allowed++) {
    const r = await get(template, template, { ip });
    if (r.res.status === 429) return { allowed, refused: r };
    expect(r.res.status).toBe(200);
  }
  throw new Error('no 429 after 200 requests');
}

async function allPages(path: string, token?: string): Promise<any[]> {
  const items: any[] = [];
  const ip = freshIp();
  let next: string | null = path;
  for (let i = 0; next && i < 100; i++) {
    const { res, body } = await get('/api/v1/beitraege', next.replace(server.url, ''), { token, ip });
    expect(res.status).toBe(200);
    items.push(...body.items);
    next = body.next?.url ?? null;
  }
  return items;
}

describe('the read API, anonymous', () => {
  it('answers every endpoint with what its OpenAPI description promises, and follows the cursor to the end without repeats', async () => {
    const items = await allPages('/api/v1/beitraege?limit=7');
    expect(items.length).toBeGreaterThan(14);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    // Every Beitrag of the list, one by one.
    for (const item of items) {
      const { res, body } = await get('/api/v1/beitraege/{kommune}/{slug}', new URL(item.apiUrl).pathname);
      expect(res.status).toBe(200);
      expect(body.title).toBe(item.title);
      for (const file of body.files) for (const v of file.versions) {
        const download = await get('/api/v1/dateien/{id}', new URL(v.downloadUrl).pathname);
        expect(download.res.status).toBe(200);
      }
    }
    for (const [template, path] of [['/api/v1/kommunen', '/api/v1/kommunen'], ['/api/v1/themenfelder', '/api/v1/themenfelder'], ['/api/v1/tags', '/api/v1/tags'], ['/api/v1/nachnutzung', '/api/v1/nachnutzung'], ['/api/v1/openapi.json', '/api/v1/openapi.json']] as const) {
      expect((await get(template, path)).res.status).toBe(200);
    }
    for (const filter of ['kommune=duelmen', 'themenfeld=schule', 'art=artefakt', 'jahr=2025', 'tag=Tablets', 'kommune=coesfeld&art=artefakt&themenfeld=schule', 'limit=100000']) {
      expect((await get('/api/v1/beitraege', `/api/v1/beitraege?${filter}`)).res.status).toBe(200);
    }
  });

  it('sees exactly the Beiträge anonymous visitors see (the public sitemap)', async () => {
    const items = await allPages('/api/v1/beitraege?limit=100');
    const sitemap = await (await fetch(`${server.url}/sitemap.xml`)).text();
    const publicPages = [...sitemap.matchAll(/<loc>[^<]*?(\/[a-z-]+\/beitraege\/[^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    expect(items.map((i) => new URL(i.url).pathname).sort()).toEqual(publicPages);
    expect(items.every((i) => i.visibility.key === 'oeffentlich')).toBe(true);
  });

  it('answers a Kommune-only Beitrag, its file and an unknown one with the same 404, even with a signed-in session cookie', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const hidden = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/duelmen/but-antraege-digital', { headers: { Cookie: cookie } });
    const unknown = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/duelmen/gibt-es-nicht');
    expect(hidden.res.status).toBe(404);
    expect(hidden.body.detail).toBe(unknown.body.detail);
    expect((await get('/api/v1/dateien/{id}', '/api/v1/dateien/12', { headers: { Cookie: cookie } })).res.status).toBe(404);
  });

  it('refuses unknown filters and malformed cursors with a 400 problem document naming the parameter, never a 500', async () => {
    for (const [path, parameter] of [
      ['/api/v1/beitraege?thema=schule', 'thema'],
      ['/api/v1/beitraege?kommune=muenster', 'kommune'],
      ['/api/v1/beitraege?cursor=%27%20OR%201%3D1', 'cursor'],
      ['/api/v1/beitraege?cursor=WzEsIjIwMjUiLDFd', 'cursor'],
      ['/api/v1/beitraege?limit=-1', 'limit'],
    ] as const) {
      const { res, body } = await get('/api/v1/beitraege', path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
    }
    expect((await get('/api/v1/kommunen', '/api/v1/kommunen?seite=2')).res.status).toBe(400);
  });

  it('answers 304 to If-None-Match with the current ETag and sends Last-Modified with a Beitrag', async () => {
    const first = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/luedinghausen/skript-inventarabgleich-mdm');
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(first.res.headers.get('last-modified')!)).not.toBeNaN();
    const again = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/luedinghausen/skript-inventarabgleich-mdm', { headers: { 'If-None-Match': etag } });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe('');
    const list = await get('/api/v1/beitraege', '/api/v1/beitraege', { headers: { 'If-None-Match': `W/${etag}` } });
    expect(list.res.status).toBe(200);
  });

  it('limits requests per address with 429, Retry-After and a problem document, without touching other addresses', async () => {
    const ip = freshIp();
    const { allowed, refused: last } = await exhaust('/api/v1/themenfelder', ip);
    // The whole burst of 40 passes (a little more refills while the requests run).
    expect(allowed).toBeGreaterThanOrEqual(40);
    expect(Number(last!.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.body.status).toBe(429);
    expect((await get('/api/v1/themenfelder', '/api/v1/themenfelder', { ip: freshIp() })).res.status).toBe(200);
  });
});

describe('CORS', () => {
  it('lets other websites read with GET, refuses preflights for other methods, and is read-only', async () => {
    const ok = await fetch(`${server.url}/api/v1/kommunen`, { headers: { Origin: 'https://www.duelmen.de', 'X-Forwarded-For': freshIp() } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = (method: string, headers = 'authorization') =>
      fetch(`${server.url}/api/v1/beitraege`, { method: 'OPTIONS', headers: { Origin: 'https://www.duelmen.de', 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers } });
    const get = await preflight('GET');
    expect(get.status).toBe(204);
    expect(get.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    for (const refused of [await preflight('DELETE'), await preflight('POST'), await preflight('GET', 'x-custom')]) {
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    const post = await fetch(`${server.url}/api/v1/beitraege`, { method: 'POST', headers: { 'X-Forwarded-For': freshIp() }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('in a real browser: a page on another origin reads the API with GET, but cannot send PUT and never reads with the visitor’s session', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const site = http.createServer((req, res) => {
      if (req.url === '/leser.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(`
          const hub = new URLSearchParams(location.search).get('hub');
          const out = {};
          fetch(hub + '/api/v1/kommunen').then((r) => r.json()).then((j) => (out.get = j.items.length), (e) => (out.get = 'error'))
            .then(() => fetch(hub + '/api/v1/beitraege/duelmen/but-antraege-digital').then((r) => (out.hidden = r.status), () => (out.hidden = 'error')))
            .then(() => fetch(hub + '/api/v1/beitraege/duelmen/but-antraege-digital', { credentials: 'include' }).then((r) => (out.withCookie = r.status), () => (out.withCookie = 'blocked')))
            .then(() => fetch(hub + '/api/v1/beitraege', { method: 'PUT' }).then((r) => (out.put = r.status), () => (out.put = 'blocked')))
            .then(() => { document.title = JSON.stringify(out); });`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html lang="de"><title>Fremde Seite</title><script src="/leser.js"></script></html>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    try {
      const context = await browser.newContext();
      // The visitor is signed in to the hub in this browser.
      const [name, value] = cookie.split('=');
      await context.addCookies([{ name: name!, value: value!, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/?hub=${encodeURIComponent(server.url)}`);
      await page.waitForFunction(() => document.title.startsWith('{'), null, { timeout: 30_000 });
      const out = JSON.parse(await page.title());
      // With the cookie sent, the browser itself refuses to hand over the answer (no credentials for "*"),
      // and the API would not have read the cookie anyway (404 without it).
      expect(out).toEqual({ get: 12, hidden: 404, withCookie: 'blocked', put: 'blocked' });
      await context.close();
    } finally {
      await new Promise((r) => site.close(r));
    }
  });
});

describe('personal API tokens', () => {
  it('are created on Mein Konto (axe, 320 px), shown once, read with the person’s visibility, and stop working when revoked', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    const { page } = checked;
    await signIn(page, server.account('duelmen', 'mitarbeiter'));
    await visit(page, '/konto');
    await page.getByLabel('Name des Tokens').fill('Website der Stadt');
    await page.getByLabel('Gültig für').selectOption('90');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Token anlegen' }).click()]);
    await page.waitForSelector('[data-new-token]');
    const token = await page.locator('[data-new-token]').inputValue();
    expect(token).toMatch(/^wn_/);
    // The page that shows the new token, and the token table, pass axe too.
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visit(page, '/konto');
    // Shown once: the page no longer carries it.
    expect(await page.content()).not.toContain(token);
    await expect(page.locator('table', { hasText: 'Website der Stadt' }).innerText()).resolves.toContain('gültig');

    const mine = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/duelmen/but-antraege-digital', { token });
    expect(mine.res.status).toBe(200);
    expect(mine.res.headers.get('cache-control')).toBe('private, no-cache');
    const list = await allPages('/api/v1/beitraege?kommune=duelmen&limit=100', token);
    expect(list.map((i) => i.slug)).toContain('but-antraege-digital');
    // Notes of a Nachnutzung are for staff: with the token they are there, anonymously not.
    const withToken = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/coesfeld/leistungsverzeichnis-mdm-schulen', { token });
    const anonymous = await get('/api/v1/beitraege/{kommune}/{slug}', '/api/v1/beitraege/coesfeld/leistungsverzeichnis-mdm-schulen');
    expect(withToken.body.reuses.some((r: { note: string | null }) => r.note)).toBe(true);
    expect(anonymous.body.reuses.every((r: { note: string | null }) => r.note === null)).toBe(true);

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Widerrufen.*Website der Stadt/ }).click()]);
    await expect(page.getByRole('status').innerText()).resolves.toContain('widerrufen');
    const refused = await get('/api/v1/kommunen', '/api/v1/kommunen', { token });
    expect(refused.res.status).toBe(401);
    expect(refused.res.headers.get('www-authenticate')).toContain('invalid_token');
    expectNoProblems(checked);
    await checked.context.close();
  });

  it('have their own request budget, apart from the address', async () => {
    const cookie = await signInCookie(server, server.account('senden', 'redakteur'));
    const token = await createTokenViaKonto(server, cookie, 'Budget');
    const ip = freshIp();
    await exhaust('/api/v1/tags', ip);
    // The token's budget (60) is its own, even from the exhausted address.
    const withToken = await get('/api/v1/tags', '/api/v1/tags', { ip, token });
    expect(withToken.res.status).toBe(200);
    expect(withToken.res.headers.get('x-ratelimit-limit')).toBe('60');
  });
});

describe('the /api page', () => {
  it('describes the API in German and passes axe at 320 px without sideways scrolling', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await visit(checked.page, '/api');
    await expect(checked.page.locator('h1').innerText().then(readable)).resolves.toBe('Schnittstelle (API)');
    await expect(checked.page.locator('#problem-invalid-parameter').count()).resolves.toBe(1);
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expectNoProblems(checked);
    await checked.context.close();
  });
});

afterAll(() => {
  // Every documented operation was exercised with at least its 200.
  for (const template of Object.keys(api?.document?.['paths'] ?? {})) expect([...api.seen.keys()].some((k) => k === `GET ${template} 200`), template).toBe(true);
});
