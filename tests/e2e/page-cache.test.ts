import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../src/lib/config';
import { closeDb } from '../../src/lib/db/client';
import { insertDocument } from '../../src/lib/documents/store';
import { resetTenants } from '../../src/lib/tenants/registry';
import { signInCookie } from './auth';
import { startServer, type TestServer } from './server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  closeDb();
  await server?.stop();
});

const page = async (path: string, cookie?: string) => (await fetch(server.url + path, { headers: cookie ? { cookie } : {} })).text();

/** Publishes a Beitrag from another process's point of view: straight into the server's database. */
function publishDirectly(tenant: string, title: string, visibility: 'oeffentlich' | 'intern'): void {
  process.env['WISSENSNETZ_DATA_DIR'] = server.dataDir;
  resetConfig();
  resetTenants();
  closeDb();
  insertDocument({
    tenant,
    source: 'web',
    status: 'veroeffentlicht',
    createdBy: null,
    revisions: [{
      data: { title, summary: 'Eine Zusammenfassung für den Cache-Test.', type: 'erfahrungsbericht', topics: ['verwaltung'], tags: [], visibility, stand: '2026-11-01', reviewDue: null, contact: { mailbox: 'digital@olfen.de', person: null }, references: [], fields: {} },
      bodyMd: 'Text.', status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: '',
    }],
  });
  closeDb();
}

describe('pages for anonymous visitors, served from a cache', () => {
  it('never show a signed-in page to an anonymous visitor, nor the reverse', async () => {
    publishDirectly('olfen', 'Interner Bericht aus Olfen', 'intern');
    const cookie = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    const anonymousBefore = await page('/olfen/');
    const signedIn = await page('/olfen/', cookie);
    const anonymousAfter = await page('/olfen/');
    expect(signedIn).toContain('Interner Bericht aus Olfen');
    expect(anonymousBefore).not.toContain('Interner Bericht aus Olfen');
    expect(anonymousAfter).not.toContain('Interner Bericht aus Olfen');
    expect(anonymousAfter).toBe(anonymousBefore);
    // And a signed-in visitor is never handed the cached public page.
    expect(await page('/olfen/', cookie)).toContain('Interner Bericht aus Olfen');
  });

  it('show a Beitrag published by another process at the next request', async () => {
    const before = await page('/olfen/');
    expect(await page('/olfen/')).toBe(before);
    publishDirectly('olfen', 'Frisch veröffentlicht in Olfen', 'oeffentlich');
    expect(await page('/olfen/')).toContain('Frisch veröffentlicht in Olfen');
  });
});
