import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server';
import { postForm, signInCookie } from './auth';
import { ROUTES, WHO, type Who } from './route-table';

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
beforeAll(async () => {
  server = await startServer();
  const accounts: Record<Exclude<Who, 'anonym'>, [string, 'mitarbeiter' | 'redakteur' | 'admin']> = {
    mitarbeiter: ['duelmen', 'mitarbeiter'],
    redakteur: ['duelmen', 'redakteur'],
    admin: ['duelmen', 'admin'],
    adminAndere: ['senden', 'admin'],
    kreisAdmin: ['kreis-coesfeld', 'admin'],
  };
  for (const [who, [tenant, role]] of Object.entries(accounts)) cookies[who as Who] = await signInCookie(server, server.account(tenant, role));
});
afterAll(async () => {
  await server?.stop();
});

describe('route × role table', () => {
  it('has a row for every route under src/pages', () => {
    const covered = new Set(ROUTES.map((r) => r.route));
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
});
