import path from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { get, postForm, signInCookie } from './auth';

let server: TestServer;
beforeAll(async () => {
  // With the request log, and no trusted proxy: every client here is just a client.
  server = await startServer({ env: { WISSENSNETZ_LOG_REQUESTS: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

const tokenOf = (cookie: string) => cookie.split('=')[1]!;
const db = () => new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });

describe('sessions', () => {
  it('stores only the SHA-256 of the session token, never the token', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const token = tokenOf(cookie);
    expect(token.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits in base32
    const d = db();
    const ids = d.prepare('SELECT id FROM sessions').all() as { id: string }[];
    d.close();
    expect(ids.map((r) => r.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(ids.map((r) => r.id)).not.toContain(token);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/', async () => {
    const res = await postForm(server, '/anmelden', { email: server.account('senden', 'mitarbeiter').email, password: server.account('senden', 'mitarbeiter').password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('wn_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('rejects the old cookie after sign-out', async () => {
    const cookie = await signInCookie(server, server.account('coesfeld', 'mitarbeiter'));
    expect((await get(server, '/konto', cookie)).status).toBe(200);
    expect((await postForm(server, '/abmelden', {}, { cookie })).status).toBe(303);
    const after = await get(server, '/konto', cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/anmelden?next=%2Fkonto');
  });

  it('rejects every old cookie after a password change, and keeps this browser signed in with a new one', async () => {
    const account = server.account('coesfeld', 'redakteur');
    const other = await signInCookie(server, account);
    const mine = await signInCookie(server, account);
    const res = await postForm(server, '/konto', { action: 'password', current: account.password, next: 'neues Passwort für Coesfeld', repeat: 'neues Passwort für Coesfeld' }, { cookie: mine });
    expect(res.status).toBe(200);
    const fresh = res.headers.getSetCookie().find((c) => c.startsWith('wn_session='))!.split(';')[0]!;
    expect(fresh).not.toBe(mine);
    expect((await get(server, '/konto', other)).status).toBe(303);
    expect((await get(server, '/konto', mine)).status).toBe(303);
    expect((await get(server, '/konto', fresh)).status).toBe(200);
    await signInCookie(server, { email: account.email, password: 'neues Passwort für Coesfeld' });
  });

  it('rejects a common password and one that is too short', async () => {
    const account = server.account('olfen', 'mitarbeiter');
    const cookie = await signInCookie(server, account);
    const common = await postForm(server, '/konto', { action: 'password', current: account.password, next: 'passwort123', repeat: 'passwort123' }, { cookie });
    expect(common.status).toBe(400);
    expect(await common.text()).toContain('zu verbreitet');
    const short = await postForm(server, '/konto', { action: 'password', current: account.password, next: 'kurz', repeat: 'kurz' }, { cookie });
    expect(await short.text()).toContain('mindestens 8 Zeichen');
  });
});

describe('origin checks', () => {
  it('refuses a cross-origin sign-in and one without Origin with 403', async () => {
    const account = server.account('duelmen', 'admin');
    const evil = await postForm(server, '/anmelden', { email: account.email, password: account.password }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.getSetCookie()).toEqual([]);
    const none = await postForm(server, '/anmelden', { email: account.email, password: account.password }, { origin: null });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('nicht von dieser Website');
  });

  it('refuses a cross-origin member-management action with 403 and changes nothing', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'admin'));
    const form = { action: 'invite', email: 'eingeschleust@example.org', role: 'admin' };
    expect((await postForm(server, '/duelmen/mitglieder', form, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await postForm(server, '/duelmen/mitglieder', form, { cookie, origin: null })).status).toBe(403);
    const d = db();
    const n = d.prepare("SELECT count(*) AS n FROM invitations WHERE email = 'eingeschleust@example.org'").get() as { n: number };
    d.close();
    expect(n.n).toBe(0);
  });

  it('does not follow next=//evil.example after sign-in', async () => {
    const account = server.account('senden', 'redakteur');
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const res = await postForm(server, `/anmelden?next=${encodeURIComponent(next)}`, { email: account.email, password: account.password, next });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    }
  });
});

describe('headers a client may forge', () => {
  it('are not believed from a client that is not a trusted proxy: no X-Request-Id in the log, no X-Forwarded-For in the audit log', async () => {
    const id = `gefaelscht-${Date.now()}`;
    const account = server.account('senden', 'mitarbeiter');
    const res = await fetch(server.url + '/anmelden', {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Request-Id': id, 'X-Forwarded-For': '203.0.113.9' },
      body: new URLSearchParams({ email: account.email, password: 'falsch-und-lang-genug' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    // The request log is written once per event-loop turn: wait for this request's line.
    await expect.poll(() => server.output().split('\n').some((l) => l.includes('"method":"POST"') && l.includes('"path":"/anmelden"'))).toBe(true);
    expect(server.output()).not.toContain(id);
    const d = db();
    const row = d.prepare("SELECT ip FROM audit_log WHERE action = 'anmeldung.fehlgeschlagen' ORDER BY id DESC LIMIT 1").get() as { ip: string };
    d.close();
    expect(row.ip).toBe('127.0.0.1');
  });

  it('make the server warn the operator once that a proxy in front may not be configured as trusted', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/hilfe`, { headers: { 'X-Forwarded-For': `203.0.113.${i}` } });
    await expect.poll(() => server.output().includes('"event":"untrusted-forwarded-for"')).toBe(true);
    const warnings = server.output().split('\n').filter((l) => l.includes('"event":"untrusted-forwarded-for"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('all clients share its address: the per-address sign-in limit then locks everybody at once. Set WISSENSNETZ_TRUSTED_PROXY=127.0.0.1');
  });
});

describe('sign-in throttling', () => {
  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await postForm(server, '/anmelden', { email: 'niemand@example.org', password: 'irgendetwas-langes' });
    const wrong = await postForm(server, '/anmelden', { email: server.account('olfen', 'redakteur').email, password: 'irgendetwas-langes' });
    expect(unknown.status).toBe(wrong.status);
    const message = (html: string) => /<li>([^<]*)<\/li>/.exec(html.split('role="alert"')[1] ?? '')?.[1];
    expect(message(await unknown.text())).toBe(message(await wrong.text()));
  });

  it('writes sign-in successes and failures to the audit log with UTC time and IP', async () => {
    const d = db();
    const rows = d.prepare("SELECT action, at, ip FROM audit_log WHERE action LIKE 'anmeldung.%'").all() as { action: string; at: string; ip: string }[];
    d.close();
    expect(rows.some((r) => r.action === 'anmeldung.erfolgreich')).toBe(true);
    expect(rows.some((r) => r.action === 'anmeldung.fehlgeschlagen')).toBe(true);
    expect(rows[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[0]!.ip).toBe('127.0.0.1');
  });
});
