import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { postForm, signInCookie } from './auth';
import { API_ROUTES, API_WHO, ROUTES, WHO, type ApiWho, type Who } from './route-table';
import { createTokenViaKonto, expireTokens, revokeTokenViaKonto } from './api-helpers';
import { runCli } from './cli';

const PAGES = path.resolve(import.meta.dirname, '../../src/pages');

/** src/pages/[kommune]/index.astro → /[kommune]/ ; konto/daten.json.ts → /konto/daten.json */
function routesOnDisk(dir = PAGES, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routesOnDisk(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    const name = entry.name.replace(/\.(astro|ts)$/, '');
    return [name === 'index' ? `${prefix}/` : `${prefix}/${name}`];
  });
}

let server: TestServer;
const cookies: Partial<Record<Who, string>> = {};
const tokens: Partial<Record<ApiWho, string>> = {};
beforeAll(async () => {
  // The table sends many API calls from one address: a budget that does not get in the way.
  server = await startServer({ env: { WISSENSNETZ_API_RATE_LIMIT: '100000' } });
  const accounts: Record<Exclude<Who, 'anonym'>, [string, 'mitarbeiter' | 'redakteur' | 'admin']> = {
    mitarbeiter: ['duelmen', 'mitarbeiter'],
    redakteur: ['duelmen', 'redakteur'],
    admin: ['duelmen', 'admin'],
    adminAndere: ['senden', 'admin'],
    kreisAdmin: ['kreis-coesfeld', 'admin'],
  };
  for (const [who, [tenant, role]] of Object.entries(accounts)) cookies[who as Who] = await signInCookie(server, server.account(tenant, role));
  const tokenOf: Record<string, Who> = { tokenMitarbeiter: 'mitarbeiter', tokenRedakteur: 'redakteur', tokenAdmin: 'admin', tokenAdminAndere: 'adminAndere', tokenKreisAdmin: 'kreisAdmin' };
  for (const [kind, who] of Object.entries(tokenOf)) tokens[kind as ApiWho] = await createTokenViaKonto(server, cookies[who]!, `Tabelle ${kind}`);
  tokens.tokenWiderrufen = await createTokenViaKonto(server, cookies.mitarbeiter!, 'Tabelle widerrufen');
  await revokeTokenViaKonto(server, cookies.mitarbeiter!, 'Tabelle widerrufen');
  tokens.tokenAbgelaufen = await createTokenViaKonto(server, cookies.mitarbeiter!, 'Tabelle abgelaufen');
  expireTokens(server, 'Tabelle abgelaufen');
  // A Coesfeld colleague makes a token, then the operator disables the account.
  const coesfeld = server.account('coesfeld', 'mitarbeiter');
  tokens.tokenDeaktiviert = await createTokenViaKonto(server, await signInCookie(server, coesfeld), 'Tabelle deaktiviert');
  const disabled = await runCli(['disable-user', '--email', coesfeld.email], { WISSENSNETZ_DATA_DIR: server.dataDir });
  expect(disabled.code, disabled.stderr).toBe(0);
});
afterAll(async () => {
  await server?.stop();
});

describe('route × role table', () => {
  it('has a row for every route under src/pages', () => {
    const covered = new Set([...ROUTES, ...API_ROUTES].map((r) => r.route));
    const missing = routesOnDisk().filter((r) => !covered.has(r));
    expect(missing, 'routes without a row in tests/e2e/route-table.ts').toEqual([]);
  });

  it('gives every person the expected status on every route', async () => {
    const failures: string[] = [];
    for (const who of WHO) {
      for (const c of ROUTES) {
        const cookie = cookies[who];
        const res =
          c.method === 'GET'
            ? await fetch(server.url + c.path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
            : await postForm(server, c.path, c.form ?? {}, cookie ? { cookie } : {});
        if (res.status !== c.expect[who]) failures.push(`${who} ${c.method} ${c.path}: got ${res.status}, expected ${c.expect[who]}`);
        if (res.status === 303 && who === 'anonym' && c.method === 'GET' && !c.path.startsWith('/abmelden')) {
          if (!res.headers.get('location')?.startsWith('/anmelden?next=')) failures.push(`${who} ${c.path}: redirect does not lead to sign-in`);
        }
        await res.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives every caller of the read API the expected status: anonymous, a signed-in browser, tokens of each role, revoked, expired and disabled tokens', async () => {
    const failures: string[] = [];
    for (const who of API_WHO) {
      for (const c of API_ROUTES) {
        const headers: Record<string, string> = {};
        if (who === 'cookie') headers['Cookie'] = cookies.mitarbeiter!;
        else if (who !== 'anonym') headers['Authorization'] = `Bearer ${tokens[who]}`;
        const res = await fetch(server.url + c.path, { method: c.method, headers, redirect: 'manual' });
        if (res.status !== c.expect[who]) failures.push(`${who} ${c.method} ${c.path}: got ${res.status}, expected ${c.expect[who]}`);
        if (res.status >= 400 && !(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) failures.push(`${who} ${c.method} ${c.path}: error without a problem document`);
        await res.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
  });
});
