import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, streamUntilAnswered, type RawAnswer } from '../fixtures/raw-http';
import { signInCookie } from './auth';
import { expectFootprint, expectGermanPage, expectNoStackTraces, expectServing, settledFootprint, peakRssDuring, rssMb } from './robustness';
import { startServer, type TestServer } from './server';

// Bodies larger than a route needs, bodies that are no form, methods no route has, broken
// chunk framing, and the status line and charset of every kind of answer.

const MB = 1024 * 1024;
let server: TestServer;
let port: number;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ env: { WISSENSNETZ_LOG_REQUESTS: '1' } });
  port = Number(new URL(server.url).port);
  for (const [name, tenant, role] of [
    ['duelmenMitarbeiter', 'duelmen', 'mitarbeiter'],
    ['duelmenRedakteur', 'duelmen', 'redakteur'],
    ['duelmenAdmin', 'duelmen', 'admin'],
    ['sendenMitarbeiter', 'senden', 'mitarbeiter'],
  ] as const) {
    cookie[name] = await signInCookie(server, server.account(tenant, role));
  }
});
afterAll(async () => {
  await server?.stop();
});

/** Every route that reads a form, with someone who gets as far as reading it. */
const FORM_ROUTES: { path: string; who?: string; editor?: boolean }[] = [
  { path: '/anmelden' },
  { path: '/konto', who: 'duelmenMitarbeiter' },
  { path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung', who: 'sendenMitarbeiter' },
  { path: '/duelmen/mitglieder', who: 'duelmenAdmin' },
  { path: '/duelmen/beitraege/but-antraege-digital/aktion', who: 'duelmenRedakteur' },
  { path: '/duelmen/beitraege/but-antraege-digital/pruefung', who: 'duelmenAdmin' },
  { path: '/duelmen/beitraege/but-antraege-digital/dateien/loeschen', who: 'duelmenRedakteur' },
  { path: '/duelmen/beitraege/neu?art=erfahrungsbericht', who: 'duelmenRedakteur', editor: true },
  { path: '/duelmen/beitraege/but-antraege-digital/bearbeiten', who: 'duelmenRedakteur', editor: true },
];

function post(path: string, options: { who?: string; type?: string; length?: number; chunked?: boolean } = {}): string {
  const lines = [`POST ${path} HTTP/1.1`, `Host: localhost:${port}`, `Origin: ${server.url}`];
  if (options.type !== undefined) lines.push(`Content-Type: ${options.type}`);
  if (options.who) lines.push(`Cookie: ${cookie[options.who]}`);
  if (options.length !== undefined) lines.push(`Content-Length: ${options.length}`);
  if (options.chunked) lines.push('Transfer-Encoding: chunked');
  return lines.join('\r\n') + '\r\n\r\n';
}

async function send(path: string, body: string | Buffer, options: { who?: string; type?: string }): Promise<RawAnswer> {
  return rawExchange(port, [post(path, { ...options, length: Buffer.byteLength(body) }), body], { after: 'keep', timeout: 10_000 });
}

describe('bodies larger than a route needs', () => {
  it('refuses a 1 GB sign-in form with 413 before reading it, four at once, declared or chunked, and memory stays put', async () => {
    const before = await settledFootprint(server);
    const baseline = rssMb(server.process.pid!);
    const { result, peakMb } = await peakRssDuring(server.process.pid!, () =>
      Promise.all([
        ...Array.from({ length: 4 }, () => streamUntilAnswered(port, post('/anmelden', { type: 'application/x-www-form-urlencoded', length: 1000 * MB }), { total: 1000 * MB })),
        ...Array.from({ length: 4 }, () => streamUntilAnswered(port, post('/anmelden', { type: 'application/x-www-form-urlencoded', chunked: true }), { total: 1000 * MB, chunked: true })),
      ]),
    );
    for (const answer of result) {
      expect(answer.status).toBe(413);
      expectGermanPage(answer.body, 413);
      expect(answer.sent).toBeLessThan(64 * MB);
    }
    // Before: 3 GB for one such request. A form's worth per request is a few hundred KB.
    expect(peakMb - baseline, `RSS ${baseline.toFixed(0)} → ${peakMb.toFixed(0)} MB`).toBeLessThan(80);
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('refuses a body over its limit with 413 on every form route, declared or chunked', async () => {
    const before = await settledFootprint(server);
    for (const route of FORM_ROUTES) {
      // The editor takes up to 2 MB from its Redakteur:innen; every other form 256 KB.
      const size = route.editor ? 3 * MB : 300 * 1024;
      const declared = await rawExchange(port, [post(route.path, { who: route.who, type: 'application/x-www-form-urlencoded', length: size }), 'titel=a'], { after: 'keep' });
      expect(declared.status, route.path).toBe(413);
      expectGermanPage(declared.body, 413);
      // 3 MB sent (over every form limit), then the client only waits: an answer that needed the whole body never comes.
      const streamed = await streamUntilAnswered(port, post(route.path, { who: route.who, type: 'application/x-www-form-urlencoded', chunked: true }), { total: 50 * MB, chunked: true, pauseAfter: 3 * MB });
      expect(streamed.status, route.path).toBe(413);
      expectGermanPage(streamed.body, 413);
      expect(streamed.sent, route.path).toBeLessThanOrEqual(3 * MB);
    }
    // The editor's larger limit is only for those who may edit there.
    const anonymous = await rawExchange(port, [post('/duelmen/beitraege/neu?art=erfahrungsbericht', { type: 'application/x-www-form-urlencoded', length: MB }), 'titel=a'], { after: 'keep' });
    expect(anonymous.status).toBe(413);
    const mitarbeiter = await rawExchange(port, [post('/duelmen/beitraege/neu?art=erfahrungsbericht', { who: 'duelmenMitarbeiter', type: 'application/x-www-form-urlencoded', length: MB }), 'titel=a'], { after: 'keep' });
    expect(mitarbeiter.status).toBe(413);
    // A body on a GET or on a route that reads none is not read either.
    const get = await rawExchange(port, [`GET / HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Length: ${1000 * MB}\r\n\r\n`], { after: 'keep' });
    expect(get.status).toBe(413);
    const signOut = await streamUntilAnswered(port, post('/abmelden', { type: 'application/x-www-form-urlencoded', chunked: true }), { total: 200 * MB, chunked: true, pauseAfter: 3 * MB });
    expect(signOut.status).toBe(303);
    expect(signOut.sent).toBeLessThanOrEqual(3 * MB);
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('still takes a long Beitrag from its Redakteur:in: 400,000 bytes of text are no reason to refuse', async () => {
    // 70,000 letters (the text may have 100,000) that take 6 bytes each once URL-encoded.
    const body = new URLSearchParams({ title: 'Ä'.repeat(10), aktion: 'vorschau', body: 'Ä'.repeat(70_000) }).toString();
    expect(body.length).toBeGreaterThan(400_000);
    const answer = await send('/duelmen/beitraege/neu?art=erfahrungsbericht', body, { who: 'duelmenRedakteur', type: 'application/x-www-form-urlencoded' });
    expect(answer.status).not.toBe(413);
    expect(answer.status).toBeLessThan(500);
  });
});

describe('bodies that are no form', () => {
  const B = 'grenze42';
  const multipart = `--${B}\r\nContent-Disposition: form-data; name="status"\r\n\r\ninteressiert\r\n--${B}\r\nContent-Disposition: form-data; name="kommune"\r\n\r\nsenden\r\n--${B}--\r\n`;
  const VARIANTS: [string, string | undefined, string][] = [
    ['JSON', 'application/json', '{"kommune":"senden","status":"interessiert","email":"a@b.de"}'],
    ['XML', 'application/xml', '<?xml version="1.0"?><form><status>interessiert</status></form>'],
    ['plain text', 'text/plain', 'kommune=senden&status=interessiert'],
    ['no content type', undefined, 'kommune=senden&status=interessiert'],
    ['multipart without boundary', 'multipart/form-data', multipart],
    ['multipart with a boundary that never occurs', 'multipart/form-data; boundary=anders', multipart],
    ['multipart cut off before its end', `multipart/form-data; boundary=${B}`, multipart.slice(0, multipart.length - 30)],
    ['multipart that is garbage', `multipart/form-data; boundary=${B}`, `--${B}\r\n\u0000\u0001kaputt\r\n`],
  ];

  it('answers each with a German 400 on every form route, changes nothing and logs no stack trace', async () => {
    const before = await settledFootprint(server);
    for (const route of FORM_ROUTES) {
      for (const [what, type, body] of VARIANTS) {
        const answer = await send(route.path, body, { who: route.who, type });
        expect(answer.status, `${what} to ${route.path}`).toBe(400);
        expectGermanPage(answer.body, 400);
      }
    }
    await expectFootprint(server, before);
    expectNoStackTraces(server);
    await expectServing(server);
  });
});

describe('methods no route has', () => {
  it('are a German 405 naming the allowed methods, on pages, actions, files and unknown paths', async () => {
    const cases: [string, string][] = [
      ['/', 'GET, HEAD'],
      ['/anmelden', 'GET, HEAD, POST'],
      ['/abmelden', 'POST'],
      ['/duelmen/', 'GET, HEAD'],
      ['/duelmen/beitraege/but-antraege-digital/aktion', 'POST'],
      ['/coesfeld/beitraege/medienentwicklungsplan-2024-2029/dateien', 'GET, HEAD, POST'],
      ['/favicon.svg', 'GET, HEAD'],
      ['/gibt/es/nicht', 'GET, HEAD'],
    ];
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'MKCOL', 'PURGE']) {
      for (const [path, allow] of cases) {
        const answer = await rawExchange(port, [`${method} ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: ${server.url}\r\nContent-Length: 4\r\n\r\nabcd`], { after: 'keep' });
        expect(answer.statusLine, `${method} ${path}`).toBe('HTTP/1.1 405 Method Not Allowed');
        expect(answer.headers['allow'], `${method} ${path}`).toBe(allow);
        expectGermanPage(answer.body, 405);
      }
    }
    const star = await rawExchange(port, [`OPTIONS * HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`], { after: 'keep' });
    expect(star.status).toBe(405);
    const connect = await rawExchange(port, [`CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`], { after: 'keep' });
    expect(connect.status).toBe(405);
    // Methods Node's parser does not know at all are a 400 from Node itself, answered all the same.
    const unknown = await rawExchange(port, [`BREW / HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`], { after: 'keep' });
    expect(unknown.status).toBe(400);
    await expectServing(server);
  });

  it('answer a form sent to a page that takes none, and a GET of a POST-only action, with 405 and Allow', async () => {
    const toPage = await send('/duelmen/', 'a=b', { type: 'application/x-www-form-urlencoded' });
    expect(toPage.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(toPage.headers['allow']).toBe('GET, HEAD');
    expectGermanPage(toPage.body, 405);
    const toSearch = await send('/suche', 'q=x', { type: 'application/x-www-form-urlencoded', who: 'duelmenMitarbeiter' });
    expect(toSearch.status).toBe(405);
    for (const path of ['/abmelden', '/duelmen/beitraege/but-antraege-digital/aktion', '/duelmen/beitraege/but-antraege-digital/dateien/loeschen']) {
      const res = await fetch(server.url + path, { headers: { Cookie: cookie['duelmenRedakteur']! }, redirect: 'manual' });
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow'), path).toBe('POST');
      expectGermanPage(await res.text(), 405);
    }
  });
});

describe('broken chunk framing', () => {
  it('is answered with a German 400 instead of a silently closed connection', async () => {
    const before = await settledFootprint(server);
    const variants: [string, string][] = [
      ['a chunk size that is no number', '5\r\nemail\r\nzz\r\nabc\r\n'],
      ['a negative chunk size', '5\r\nemail\r\n-3\r\nabc\r\n'],
      ['a chunk size beyond 64 bits', 'ffffffffffffffffffffff\r\nabc\r\n'],
      ['data longer than its chunk', '3\r\nemail=a@b.de\r\n0\r\n\r\n'],
      ['a chunk extension with a control character', '5;\u0001\r\nemail\r\n0\r\n\r\n'],
    ];
    for (const path of ['/anmelden', '/konto', '/duelmen/beitraege/neu?art=erfahrungsbericht']) {
      const who = path === '/anmelden' ? undefined : path === '/konto' ? 'duelmenMitarbeiter' : 'duelmenRedakteur';
      for (const [what, body] of variants) {
        const answer = await rawExchange(port, [post(path, { who, type: 'application/x-www-form-urlencoded', chunked: true }), body], { after: 'keep' });
        expect(answer.status, `${what} to ${path}`).toBe(400);
        expectGermanPage(answer.body, 400);
      }
    }
    await expectFootprint(server, before);
    await expectServing(server);
  });
});

describe('status lines and charsets', () => {
  it('carry the reason phrase of their status, and every HTML answer says charset=utf-8', async () => {
    // Warm the page cache, so the second start page comes from it.
    await fetch(server.url + '/');
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(await (await fetch(server.url + '/')).text())![1]!;
    const requests: [string, string][] = [
      ['start page from the cache', `GET / HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['a page signed in', `GET /duelmen/ HTTP/1.1\r\nHost: localhost:${port}\r\nCookie: ${cookie['duelmenMitarbeiter']}\r\n\r\n`],
      ['a static file', `GET ${css} HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['a missing static file', `GET /_astro/gibt-es-nicht.css HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['an unknown page', `GET /gibt/es/nicht HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['an unknown Kommune', `GET /gibtesnicht/ HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['a page that needs sign-in', `GET /konto HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['a form that needs sign-in', `POST /konto HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b`],
      ['a page the person may not see', `GET /protokoll HTTP/1.1\r\nHost: localhost:${port}\r\nCookie: ${cookie['duelmenMitarbeiter']}\r\n\r\n`],
      ['a form from another origin', `POST /anmelden HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: https://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b`],
      ['a wrong sign-in', `POST /anmelden HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 25\r\n\r\nemail=x%40y.de&password=z`],
      ['an empty sign-in', `POST /anmelden HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n`],
      ['a path that is no UTF-8', `GET /%FF HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['oversized headers', `GET / HTTP/1.1\r\nHost: localhost:${port}\r\nX-Gross: ${'a'.repeat(40 * 1024)}\r\n\r\n`],
      ['a body too large', `POST /anmelden HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Length: ${MB}\r\n\r\n`],
      ['a method no route has', `DELETE / HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['the health check', `GET /health HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
      ['a feed', `GET /feed.xml HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`],
    ];
    const seen = new Set<number>();
    for (const [what, request] of requests) {
      const answer = await rawExchange(port, [request], { after: 'keep', timeout: 5_000 });
      expect(answer.status, what).not.toBeNull();
      seen.add(answer.status!);
      expect(answer.statusLine, what).toBe(`HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status!]}`);
      if ((answer.headers['content-type'] ?? '').startsWith('text/html')) expect(answer.headers['content-type'], what).toBe('text/html; charset=utf-8');
    }
    // The list covers the answers people and clients actually meet.
    expect([...seen].sort()).toEqual([200, 303, 400, 401, 403, 404, 405, 413, 431]);
  });
});

describe('after all of that', () => {
  it('the server still answers and has logged no stack trace', async () => {
    await expectServing(server);
    expectNoStackTraces(server);
  });
});
