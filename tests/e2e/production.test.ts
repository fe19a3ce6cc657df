import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServer, type TestServer } from './server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('production mode', () => {
  it('starts from the build with plain node and, in production, creates no demo accounts', async () => {
    server = await startServer({ entry: 'dist/cli/start.mjs', env: { NODE_ENV: 'production' } });
    expect(server.accounts).toEqual([]);
    expect(fs.existsSync(path.join(server.dataDir, 'demo-zugaenge.txt'))).toBe(false);
    const home = await fetch(server.url + '/');
    expect(home.status).toBe(200);
    const health = await fetch(server.url + '/health');
    expect(health.status).toBe(200);
    await expect(health.json()).resolves.toEqual({ status: 'ok', database: 'ok' });
    // The bundled search worker (dist/cli/search-worker.mjs, plain node) indexes the Leitfäden.
    const status = path.join(server.dataDir, 'search', 'status.json');
    await expect.poll(() => (fs.existsSync(status) ? (JSON.parse(fs.readFileSync(status, 'utf8')) as { ok: boolean; mode: string }[]) : []).some((b) => b.ok && b.mode === 'full'), { timeout: 30_000 }).toBe(true);
  });

  it('runs a search build with the bundled worker under plain node', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-worker-'));
    const root = path.resolve(import.meta.dirname, '../..');
    // Migrates with the bundled CLI, then builds with the bundled worker.
    const env = { ...process.env, WISSENSNETZ_DATA_DIR: dataDir, NODE_ENV: 'production', NODE_OPTIONS: '' };
    expect(spawnSync(process.execPath, ['dist/cli/index.mjs', 'migrate'], { cwd: root, env, encoding: 'utf8' }).status).toBe(0);
    const run = spawnSync(process.execPath, ['dist/cli/search-worker.mjs', 'full'], { cwd: root, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const outcome = JSON.parse(/SEARCH-BUILD-RESULT (.*)/.exec(run.stdout)![1]!) as { mode: string; documents: number; pointer: unknown };
    expect(outcome).toMatchObject({ mode: 'full' });
    expect(outcome.pointer).not.toBeNull();
    // The static pages (Über, Hilfe) are searchable even before any Beitrag exists.
    expect(outcome.documents).toBeGreaterThan(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, finishes the sign-in in flight, closes the database and exits 0', async () => {
    server = await startServer({ entry: 'dist/cli/start.mjs' });
    const account = server.account('duelmen', 'redakteur');
    const body = new URLSearchParams({ email: account.email, password: account.password, next: '/' }).toString();
    const { port } = new URL(server.url);
    let sendRest = () => {};
    const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/anmelden', method: 'POST', headers: { Origin: server!.url, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, resolve);
      req.on('error', reject);
      // Half the form now, the rest once the server refuses new connections: in flight across the signal.
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    await sleep(300);
    const exited = server.stop('SIGTERM');
    // A busy machine may give the server a moment before it handles the signal; then it refuses.
    const deadline = Date.now() + 10_000;
    while (await fetch(server.url + '/health').then(() => true, () => false)) {
      if (Date.now() > deadline) throw new Error('still accepting connections 10 s after SIGTERM');
      await sleep(100);
    }
    expect(server.process.exitCode).toBeNull();
    sendRest();
    const res = await answer;
    expect(res.statusCode).toBe(303);
    const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('wn_session=') && !c.startsWith('wn_session=;'));
    expect(cookie).toBeDefined();
    res.resume();
    expect(await exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received, shutting down');
    // Closed cleanly: the WAL was checkpointed into the database and removed, and the session is there.
    const wal = path.join(server.dataDir, 'wissensnetz.db-wal');
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const db = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
    const n = db.prepare('SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?').get(account.email) as { n: number };
    db.close();
    expect(n.n).toBe(1);
  });

  it('answers /health with 503 once the database file has gone from the data folder', async () => {
    server = await startServer({ entry: 'dist/cli/start.mjs', env: { NODE_ENV: 'production' } });
    expect((await fetch(server.url + '/health')).status).toBe(200);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(server.dataDir, `wissensnetz.db${suffix}`), { force: true });
    const res = await fetch(server.url + '/health');
    expect(res.status).toBe(503);
    await expect(res.json()).resolves.toEqual({ status: 'error', database: 'unavailable' });
  });
});
