import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../src/lib/config';
import { closeDb } from '../../src/lib/db/client';
import { insertDocument } from '../../src/lib/documents/store';
import { hashPassword } from '../../src/lib/auth/password';
import { hashToken } from '../../src/lib/auth/session';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { getDb } from '../../src/lib/db/client';
import { resetTenants } from '../../src/lib/tenants/registry';
import { staleDocumentIds } from '../../src/lib/related/refresh';
import { signInCookie } from './auth';
import { startServer, type TestServer } from './server';

let server: TestServer;
beforeAll(async () => {
  // With the request log: it marks the answers that came from the cache.
  server = await startServer({ env: { WISSENSNETZ_LOG_REQUESTS: '1', WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1' } });
});
afterAll(async () => {
  closeDb();
  await server?.stop();
});

const page = async (path: string, cookie?: string) => (await fetch(server.url + path, { headers: cookie ? { cookie } : {} })).text();

/** The request log's line for a request id, once written. */
const logLine = (id: string) =>
  server
    .output()
    .split('\n')
    .filter((l) => l.includes(`"id":"${id}"`))
    .map((l) => JSON.parse(l) as { path: string; cache?: string })[0];

let requestCount = 0;
/** Fetches a page and tells whether the request log marks the answer as served from the cache. */
async function fromCache(path: string, cookie?: string): Promise<{ html: string; hit: boolean; response: Response }> {
  const id = `test-${++requestCount}`;
  const response = await fetch(server.url + path, { headers: { 'x-request-id': id, ...(cookie ? { cookie } : {}) } });
  const html = await response.text();
  await expect.poll(() => logLine(id)).toBeDefined();
  return { html, hit: logLine(id)!.cache === 'hit', response };
}

/**
 * Renders a page and asks for it again until that answer comes from the cache: a background
 * job's write (a queued mail marked as sent, say) empties the cache now and then.
 */
async function cachedAfterRender(path: string, cookie?: string): Promise<{ html: string; hit: boolean; response: Response }> {
  for (let i = 0; i < 10; i++) {
    await page(path, cookie);
    const answer = await fromCache(path, cookie);
    if (answer.hit) return answer;
  }
  throw new Error(`${path} never came from the cache in ten tries`);
}

/** Works on the server's database from this process, as the CLI or a second process would. */
function directly<T>(fn: () => T): T {
  process.env['WISSENSNETZ_DATA_DIR'] = server.dataDir;
  resetConfig();
  resetTenants();
  closeDb();
  try {
    return fn();
  } finally {
    closeDb();
  }
}

/** A second member with a given role, whose name needs escaping. */
async function addMember(tenant: string, role: 'mitarbeiter' | 'redakteur', name: string): Promise<{ email: string; password: string }> {
  const email = `${role}.${Math.random().toString(36).slice(2)}@${tenant}.example`;
  const password = 'Zweites-Konto-fuer-den-Cache';
  const passwordHash = await hashPassword(password);
  directly(() => setMembership(createUser({ email, name, passwordHash }).id, tenant, role));
  return { email, password };
}

/** Publishes a Beitrag from another process's point of view: straight into the server's database. */
function publishDirectly(tenant: string, title: string, visibility: 'oeffentlich' | 'intern' | 'kommune'): void {
  directly(() => insertDocument({
    tenant,
    source: 'web',
    status: 'veroeffentlicht',
    createdBy: null,
    revisions: [{
      data: { title, summary: 'Eine Zusammenfassung für den Cache-Test.', type: 'erfahrungsbericht', topics: ['verwaltung'], tags: [], visibility, stand: '2026-11-01', reviewDue: null, contact: { mailbox: 'digital@olfen.de', person: null }, references: [], fields: {} },
      bodyMd: 'Text.', status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: '',
    }],
  }));
}

/**
 * Waits until the server has computed the related Beiträge of what was published: that
 * background write (rightly) empties the cache once more, shortly after a publish.
 */
async function relatedSettled(): Promise<void> {
  await expect.poll(() => directly(() => staleDocumentIds(1).length), { timeout: 30_000, interval: 200 }).toBe(0);
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

describe('pages for signed-in staff, shared within an audience', () => {
  it('serve one rendered page to everyone with the same memberships, each with their own name', async () => {
    const first = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const second = await signInCookie(server, await addMember('duelmen', 'mitarbeiter', "Jörg O'Brien & Söhne"));
    // A background job's write empties the cache now and then (see cachedAfterRender): render again then.
    let firstPage = '';
    let secondPage = '';
    let hit = false;
    for (let i = 0; i < 10 && !hit; i++) {
      firstPage = await page('/themenfelder', first);
      ({ html: secondPage, hit } = await fromCache('/themenfelder', second));
    }
    expect(hit).toBe(true);
    expect(secondPage).toContain('data-viewer-name> (Jörg O&#39;Brien &amp; Söhne)</span>');
    expect(secondPage).not.toContain(firstPage.match(/data-viewer-name>[^<]*/)![0]);
    expect(secondPage.replace(/data-viewer-name>[^<]*/, '')).toBe(firstPage.replace(/data-viewer-name>[^<]*/, ''));
  });

  it('never serve one audience the page of another, in whichever order they ask', async () => {
    publishDirectly('olfen', 'Nur für Olfen: Dienstplan der OGS', 'kommune');
    await relatedSettled();
    const duelmen = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    const olfen = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    const editor = await signInCookie(server, server.account('olfen', 'redakteur'));
    for (const round of [1, 2]) {
      const answers = [await fromCache('/olfen/', duelmen), await fromCache('/olfen/', olfen), await fromCache('/olfen/', editor), await fromCache('/olfen/')];
      // The first round renders every audience's page, the second serves each from the cache.
      expect(answers.map((a) => a.hit)).toEqual(round === 1 ? [false, false, false, false] : [true, true, true, true]);
      const [d, o, e, anonymous] = answers.map((a) => a.html);
      expect(d).not.toContain('Nur für Olfen: Dienstplan der OGS');
      expect(o).toContain('Nur für Olfen: Dienstplan der OGS');
      expect(o).not.toContain('Neuer Beitrag');
      expect(e).toContain('Nur für Olfen: Dienstplan der OGS');
      expect(e).toContain('Neuer Beitrag');
      expect(anonymous).not.toContain('Nur für Olfen: Dienstplan der OGS');
    }
  });

  it('show a Beitrag published by another process at the next request', async () => {
    const cookie = await signInCookie(server, server.account('olfen', 'mitarbeiter'));
    const before = await page('/beitraege', cookie);
    expect(await page('/beitraege', cookie)).toBe(before);
    publishDirectly('olfen', 'Interner Erfahrungsbericht zur Schulwegsicherung', 'intern');
    expect(await page('/beitraege', cookie)).toContain('Interner Erfahrungsbericht zur Schulwegsicherung');
  });

  it('keep pages that name the person out of the shared cache', async () => {
    const cookie = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    await page('/konto', cookie);
    const again = await fromCache('/konto', cookie);
    expect(again.html).toContain(server.account('duelmen', 'mitarbeiter').email);
    expect(again.hit).toBe(false);
  });

  it('send the session cookie again only when its expiry moves, also while others get the page from the cache', async () => {
    const cookie = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    const other = await signInCookie(server, await addMember('senden', 'mitarbeiter', 'Zweite Person aus Senden'));
    const plain = await cachedAfterRender('/kommunen', cookie);
    expect(plain.response.headers.getSetCookie()).toEqual([]);
    // Five hours later, as far as this session knows: due for a longer expiry.
    const soon = Date.now() + 3 * 3600_000;
    directly(() => getDb().$client.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(soon, hashToken(cookie.split('=')[1]!)));
    await cachedAfterRender('/kommunen', other);
    const { response: slid, hit } = await fromCache('/kommunen', cookie);
    expect(hit).toBe(false);
    const sent = slid.headers.getSetCookie().find((c) => c.startsWith('wn_session='));
    expect(sent).toBeDefined();
    expect(new Date(/Expires=([^;]+)/i.exec(sent!)![1]!).getTime()).toBeGreaterThan(soon + 3600_000);
  });
});
