import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, signInCookie } from './auth';
import { expectNoProblems, launchBrowser, openPage, readable, visit } from './browser';
import { startServer, type TestServer } from './server';
import { publiccodeViolations } from '../fixtures/publiccode-rules';

// Embedding, publiccode.yml and council papers, each against the real thing: a town's website
// on another origin framing the hub in Chromium, and a small OParl server on 127.0.0.1 that
// the hub may reach only because its exact host:port is on the test-only allow-list.
let server: TestServer;
let browser: Browser;
let townSite: http.Server;
let oparl: http.Server;
let intranet: http.Server;
let intranetHits = 0;
let townOrigin = '';
let oparlBase = '';
let intranetPort = 0;

const listen = (s: http.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  townSite = http.createServer((req, res) => {
    const hub = new URL(req.url ?? '/', 'http://x').searchParams.get('hub') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="de"><title>Stadt</title><iframe id="duelmen" src="${hub}/einbetten/duelmen" title="Dülmen"></iframe><iframe id="senden" src="${hub}/einbetten/senden" title="Senden"></iframe></html>`,
    );
  });
  townOrigin = `http://127.0.0.1:${await listen(townSite)}`;
  intranet = http.createServer((_, res) => {
    intranetHits++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  intranetPort = await listen(intranet);
  oparl = http.createServer((req, res) => {
    const json = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/oparl/paper/1728') return void json({ type: 'https://schema.oparl.org/1.1/Paper', name: 'Digitalisierungsstrategie – Sachstand', reference: 'SV-9-1728', date: '2021-01-28', body: `${oparlBase}/oparl/body/1` });
    if (req.url === '/oparl/body/1') return void json({ type: 'https://schema.oparl.org/1.1/Body', name: 'Kreis Coesfeld', shortName: 'Kreistag' });
    if (req.url === '/oparl/paper/umleitung') return void res.writeHead(302, { Location: `http://127.0.0.1:${intranetPort}/oparl/paper/1` }).end();
    res.writeHead(404).end();
  });
  oparlBase = `http://127.0.0.1:${await listen(oparl)}`;

  // Dülmen lists the town website as allowed to frame its list; Senden lists none.
  const tenants = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-tenants-'));
  fs.cpSync(path.resolve(import.meta.dirname, '../../tenants'), tenants, { recursive: true });
  const file = path.join(tenants, 'duelmen.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), embedOrigins: [townOrigin] }));
  [server, browser] = await Promise.all([
    startServer({ env: { WISSENSNETZ_TENANTS_DIR: tenants, WISSENSNETZ_OPARL_ALLOW_HOSTS: new URL(oparlBase).host, WISSENSNETZ_OPARL_POLL_MS: '200' } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of [townSite, oparl, intranet]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
});

const frameAncestors = (res: Response) => /frame-ancestors ([^;]+)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

describe('embedding a Kommune’s Beiträge on its own website', () => {
  it('limits frame-ancestors of the framed list to the websites in the tenant file; every other page keeps frame-ancestors none', async () => {
    const duelmen = await fetch(`${server.url}/einbetten/duelmen`);
    expect(frameAncestors(duelmen)).toBe(`'self' ${townOrigin}`);
    expect(duelmen.headers.get('x-frame-options')).toBeNull();
    const senden = await fetch(`${server.url}/einbetten/senden`);
    expect(frameAncestors(senden)).toBe("'self'");
    const page = await fetch(`${server.url}/duelmen/`);
    expect(frameAncestors(page)).toBe("'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('in Chromium: the town website shows Dülmen’s list, while Senden’s (not listed) stays blocked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${townOrigin}/?hub=${encodeURIComponent(server.url)}`);
    const duelmen = page.frameLocator('#duelmen');
    await expect(duelmen.locator('h1').innerText({ timeout: 20_000 })).resolves.toBe('Neueste Beiträge aus Dülmen');
    await expect(duelmen.locator('.embed-list li').count()).resolves.toBeGreaterThan(0);
    // The blocked frame never gets the hub's document: Chromium shows its error page instead.
    const senden = await (await page.locator('#senden').elementHandle())!.contentFrame();
    await page.waitForTimeout(1000);
    expect(senden!.url()).not.toContain('/einbetten/senden');
    await expect(senden!.locator('body').innerText().catch(() => '')).resolves.not.toContain('Neueste Beiträge aus Senden');
    await context.close();
  });

  it('shows only public Beiträge in the frame, even to a signed-in browser', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const html = await (await fetch(`${server.url}/einbetten/duelmen?anzahl=20`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain('Neueste Beiträge aus Dülmen');
    expect(html).not.toContain('but-antraege-digital');
  });

  it('/einbetten gives the snippet, the JSON and Atom addresses, previews the frame, and passes axe at 320 px', async () => {
    const checked = await openPage(browser, server.url, { width: 320 });
    await visit(checked.page, '/einbetten');
    await checked.page.locator('#kommune').selectOption('duelmen');
    await checked.page.locator('#anzahl').selectOption('10');
    await Promise.all([checked.page.waitForURL(/kommune=duelmen/), checked.page.getByRole('button', { name: 'Code erzeugen' }).click()]);
    await visit(checked.page, checked.page.url().replace(server.url, ''));
    const snippet = await checked.page.locator('#snippet').innerText();
    expect(snippet).toContain(`<iframe src="${server.url}/einbetten/duelmen?anzahl=10"`);
    expect(snippet).toContain('title="Neueste Beiträge aus Dülmen');
    await expect(checked.page.locator('main').innerText().then(readable)).resolves.toContain(townOrigin);
    await expect(checked.page.getByRole('link', { name: /api\/v1\/beitraege\?kommune=duelmen/ }).count()).resolves.toBe(1);
    await expect(checked.page.getByRole('link', { name: /duelmen\/feed\.xml/ }).count()).resolves.toBe(1);
    await expect(checked.page.frameLocator('iframe.embed-preview').locator('h1').innerText().then(readable)).resolves.toBe('Neueste Beiträge aus Dülmen');
    const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visit(checked.page, '/einbetten?kommune=senden');
    await expect(checked.page.locator('.notice').innerText()).resolves.toContain('embedOrigins');
    await visit(checked.page, '/einbetten/duelmen');
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('publiccode.yml', () => {
  it('the demo Artefakt (Code, adopted by two Kommunen) links a publiccode.yml that meets the standard, with both in usedBy', async () => {
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/luedinghausen/beitraege/skript-inventarabgleich-mdm');
    const href = await checked.page.getByRole('link', { name: 'publiccode.yml' }).getAttribute('href');
    expect(href).toBe('/luedinghausen/beitraege/skript-inventarabgleich-mdm/publiccode.yml');
    expectNoProblems(checked);
    await checked.context.close();
    const res = await fetch(server.url + href);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    const text = await res.text();
    expect(publiccodeViolations(text)).toEqual([]);
    expect(text).toMatch(/usedBy:\n  - Stadt Coesfeld\n  - Gemeinde Nottuln\n/);
    expect(text).toContain('email: schul-it@luedinghausen.de');
  });

  it('is not offered for other Artefakte, nor for Beiträge the visitor may not read', async () => {
    expect((await fetch(`${server.url}/duelmen/beitraege/vorlage-dsfa-lernplattform/publiccode.yml`)).status).toBe(404);
    expect((await fetch(`${server.url}/duelmen/beitraege/but-antraege-digital/publiccode.yml`)).status).toBe(404);
    const page = await (await fetch(`${server.url}/duelmen/beitraege/vorlage-dsfa-lernplattform`)).text();
    expect(page).not.toContain('publiccode.yml');
  });
});

describe('council papers', () => {
  it('fetches an OParl paper once in the background and shows “Beschluss: Drucksache SV-9-1728 (Kreistag, 28.01.2021)”; a refused redirect keeps number and link', async () => {
    const cookie = await signInCookie(server, server.account('kreis-coesfeld', 'admin'));
    const created = await postForm(
      server,
      '/kreis-coesfeld/beitraege/neu?art=erfahrungsbericht',
      {
        title: 'Strategie umsetzen: ein Zwischenstand',
        summary: 'Wie der Kreistagsbeschluss zur Digitalisierung umgesetzt wird.',
        topics: 'verwaltung',
        tags: 'Strategie',
        visibility: 'oeffentlich',
        stand: '2026-01-01',
        reviewDue: '2027-01-01',
        contactMailbox: 'digital@kreis-coesfeld.de',
        'ref-0-drucksache': 'SV-9-1728',
        'ref-0-system': 'oparl',
        'ref-0-url': `${oparlBase}/oparl/paper/1728`,
        'ref-1-drucksache': 'SV-9-2000',
        'ref-1-system': 'oparl',
        'ref-1-url': `${oparlBase}/oparl/paper/umleitung`,
        'ref-2-drucksache': 'SV-9-2001',
        'ref-2-system': 'sessionnet',
        'ref-2-url': 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=2001',
        body: 'Text des Beitrags.',
        aktion: 'speichern',
      },
      { cookie },
    );
    expect(created.status, await created.text()).toBe(303);
    const pagePath = created.headers.get('location')!.replace(/\?.*$/, '');
    let text = '';
    for (let i = 0; i < 150 && !text.includes('(Kreistag, 28.01.2021)'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      text = await (await fetch(server.url + pagePath, { headers: { Cookie: cookie } })).text();
    }
    const plain = text.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(plain).toContain('Beschluss: Drucksache SV-9-1728 im Ratsinformationssystem (Kreistag, 28.01.2021)');
    expect(plain).toContain('Beschluss: Drucksache SV-9-2000 im Ratsinformationssystem');
    expect(text).toContain(`href="${oparlBase}/oparl/paper/umleitung"`);
    expect(text).toContain('href="https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=2001"');
    expect(intranetHits).toBe(0);

    const checked = await openPage(browser, server.url);
    const context = checked.context;
    await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=')[1]!, url: server.url }]);
    await visit(checked.page, pagePath);
    await visit(checked.page, '/protokoll');
    const log = await checked.page.locator('main').innerText().then(readable);
    expect(log).toContain('oparl.abgerufen');
    expect(log).toContain('oparl.fehlgeschlagen');
    expectNoProblems(checked);
    await context.close();
  });

  it('the Kommune page lists its Beiträge by council decision', async () => {
    const checked = await openPage(browser, server.url);
    await visit(checked.page, '/kreis-coesfeld/');
    const section = checked.page.locator('section[aria-labelledby="ratsbeschluesse-title"]');
    const text = await section.innerText();
    expect(text).toContain('Drucksache SV-9-1728');
    expect(text).toContain('Leitfaden Medienentwicklungsplanung');
    expect(text).toContain('Interkommunaler Austausch');
    expectNoProblems(checked);
    await checked.context.close();
  });
});
