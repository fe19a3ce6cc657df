import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from './auth';
import { spawnWriter } from './fixtures/spawn-writer';
import { startServer, type TestServer } from './server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { WISSENSNETZ_LOG_REQUESTS: '1', WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1' } });
});
afterAll(async () => {
  await server?.stop();
});

/** Sends raw bytes and returns the raw answer (for requests fetch would refuse to send). */
function rawRequest(bytes: Buffer): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function expectGermanErrorWithoutStack(html: string): void {
  expect(html).toContain('lang="de"');
  expect(html).toMatch(/Fehlercode \d{3}/);
  expect(html).not.toMatch(/\bat [\w.<>]+ \(|node_modules|SqliteError|TypeError|URIError/);
}

async function stillServing(): Promise<void> {
  expect((await fetch(server.url + '/health')).status).toBe(200);
}

function sessionsOf(email: string): number {
  const db = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?').get(email) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('faulty requests', () => {
  it('answers a malformed multipart form with a German 400 page and signs nobody in', async () => {
    const account = server.account('duelmen', 'redakteur');
    const res = await fetch(server.url + '/anmelden', {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'multipart/form-data; boundary=----grenze' },
      body: `------grenze\r\nContent-Disposition: form-data; name="email"\r\n\r\n${account.email}\r\n------gren`,
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expectGermanErrorWithoutStack(await res.text());
    expect(sessionsOf(account.email)).toBe(0);
    await stillServing();
  });

  it('answers a 100 KB header with a German 431 page and keeps serving', async () => {
    const answer = await rawRequest(Buffer.from(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Gross: ${'a'.repeat(100 * 1024)}\r\n\r\n`));
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('Anfrage zu groß');
    expect(answer).toContain('Content-Security-Policy:');
    expectGermanErrorWithoutStack(answer);
    await server.logSettled();
    expect(server.output()).toContain('"event":"client-error","code":"HPE_HEADER_OVERFLOW","status":431');
    await stillServing();
  });

  it('answers invalid UTF-8 in the path with a German 400 page', async () => {
    for (const p of ['/%C3%28', '/duelmen/%FF%FE', '/%E0%A4%A', '/anmelden?next=%FF']) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(400);
      expectGermanErrorWithoutStack(await res.text());
    }
    // Raw bytes that are no UTF-8 at all, not even percent-encoded.
    const raw = await rawRequest(Buffer.concat([Buffer.from('GET /duelmen/'), Buffer.from([0xff, 0xc3]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')]));
    expect(raw).toMatch(/^HTTP\/1\.1 (400|404) /);
    expectGermanErrorWithoutStack(raw);
    await stillServing();
  });

  it('answers invalid UTF-8 in form fields with a German message and writes no session', async () => {
    const account = server.account('senden', 'redakteur');
    const res = await fetch(server.url + '/anmelden', {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `email=${encodeURIComponent(account.email)}%FF%C3&password=%C3%28%FE&next=%2F%FF`,
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('E-Mail-Adresse oder Passwort ist nicht korrekt.');
    expect(html).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    expect(sessionsOf(account.email)).toBe(0);
  });

  it('answers a write while another process locks the database with a German 503 page, writes nothing and logs it', async () => {
    const account = server.account('olfen', 'redakteur');
    const writer = await spawnWriter(server.dataDir, 'hold', 8_000);
    // Reading still works while someone else holds the write lock.
    expect((await fetch(server.url + '/duelmen/')).status).toBe(200);
    const res = await postForm(server, '/anmelden', { email: account.email, password: account.password, next: '/' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    const html = await res.text();
    expect(html).toContain('Der Dienst ist gerade nicht verfügbar.');
    expectGermanErrorWithoutStack(html);
    expect(server.output()).toMatch(/"event":"database-busy","method":"POST","path":"\/anmelden"/);
    await writer.done;
    expect(sessionsOf(account.email)).toBe(0);
    // Once the lock is gone, the same sign-in works.
    expect((await postForm(server, '/anmelden', { email: account.email, password: account.password, next: '/' })).status).toBe(303);
  });
});
