import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/lib/audit/log';
import { fetchAndStorePaper, findCouncilPapers, findPendingPapers } from '../../../src/lib/council/papers';
import { FetchRefused, fetchJson, type SafeFetchOptions } from '../../../src/lib/council/safe-fetch';
import { showReferences } from '../../../src/lib/council/present';
import { insertDocument } from '../../../src/lib/documents/store';
import type { DocumentData } from '../../../src/lib/documents/data';

// A small OParl server on 127.0.0.1, reachable only because its exact host:port is on the
// test allow-list; a second server ("the intranet") must never see a request.
let oparl: http.Server;
let intranet: http.Server;
let intranetHits = 0;
let base = '';
let intranetPort = 0;

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  intranet = http.createServer((_, res) => {
    intranetHits++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"type":"https://schema.oparl.org/1.1/Paper","name":"intern"}');
  });
  intranetPort = await listen(intranet);
  oparl = http.createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    switch (req.url) {
      case '/oparl/paper/1728':
        return json(200, { id: `${base}/oparl/paper/1728`, type: 'https://schema.oparl.org/1.1/Paper', name: 'Digitale Schule – Sachstand', reference: 'SV-9-1728', date: '2021-01-28', body: `${base}/oparl/body/1`, web: 'https://ratsinfo.example.de/bi/vo0050.asp?__kvonr=1728' });
      case '/oparl/body/1':
        return json(200, { id: `${base}/oparl/body/1`, type: 'https://schema.oparl.org/1.1/Body', name: 'Kreis Coesfeld', shortName: 'Kreistag' });
      case '/oparl/redirect-to-loopback':
        return res.writeHead(302, { Location: `http://127.0.0.1:${intranetPort}/oparl/paper/9` }).end();
      case '/oparl/redirect-to-private':
        return res.writeHead(302, { Location: `http://127.3.4.5:${intranetPort}/oparl/paper/9` }).end();
      case '/oparl/redirect-to-localhost':
        return res.writeHead(301, { Location: `http://localhost:${intranetPort}/oparl/paper/9` }).end();
      case '/oparl/huge':
        return json(200, { type: 'https://schema.oparl.org/1.1/Paper', name: 'x'.repeat(600_000) });
      case '/oparl/html':
        return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>');
      case '/oparl/slow':
        return; // never answers
      case '/oparl/loop':
        return res.writeHead(302, { Location: '/oparl/loop' }).end();
      default:
        return json(404, { error: 'not found' });
    }
  });
  const port = await listen(oparl);
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  oparl.closeAllConnections();
  await new Promise((r) => oparl.close(r));
  await new Promise((r) => intranet.close(r));
});

const options = (over: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({ timeoutMs: 5000, maxBytes: 512 * 1024, maxRedirects: 3, allowHosts: [new URL(base).host], ...over });
const refusal = async (url: string, over: Partial<SafeFetchOptions> = {}) => {
  try {
    await fetchJson(url, options(over));
  } catch (err) {
    return err as Error;
  }
  throw new Error(`${url} was fetched`);
};

describe('fetchJson (the OParl client)', () => {
  it('fetches JSON from the allow-listed local OParl server', async () => {
    expect(await fetchJson(`${base}/oparl/paper/1728`, options())).toMatchObject({ reference: 'SV-9-1728' });
  });

  it('refuses a redirect from the allowed server to another port on 127.0.0.1, before connecting', async () => {
    expect(await refusal(`${base}/oparl/redirect-to-loopback`)).toBeInstanceOf(FetchRefused);
    expect((await refusal(`${base}/oparl/redirect-to-loopback`)).message).toContain('127.0.0.1');
    expect(intranetHits).toBe(0);
  });

  it('refuses a redirect to a private address and to a name that resolves to loopback', async () => {
    expect((await refusal(`${base}/oparl/redirect-to-private`)).message).toContain('127.3.4.5');
    expect((await refusal(`${base}/oparl/redirect-to-localhost`)).message).toMatch(/localhost/);
    expect(intranetHits).toBe(0);
  });

  it('refuses loopback URLs given directly, and the allowed server itself without the test allow-list', async () => {
    // Only loopback targets here: if the guard ever broke, nothing would leave this machine.
    // Private ranges (10/8, 192.168/16, 169.254/16, …) are refused by the same check: tests/unit/council.
    for (const url of [`http://127.0.0.1:${intranetPort}/`, `http://127.0.0.2:${intranetPort}/`, `http://[::1]:${intranetPort}/x`, `http://0.0.0.0:${intranetPort}/`, `http://localhost:${intranetPort}/`, 'http://ratsinfo.example/oparl/paper/1']) {
      expect(await refusal(url, { allowHosts: [] })).toBeInstanceOf(FetchRefused);
    }
    expect(await refusal(`${base}/oparl/paper/1728`, { allowHosts: [] })).toBeInstanceOf(FetchRefused);
    expect(intranetHits).toBe(0);
  });

  it('refuses other schemes, oversized and non-JSON answers, endless redirects and a server that does not answer', async () => {
    expect((await refusal('file:///etc/passwd')).message).toContain('only http and https');
    expect((await refusal(`${base}/oparl/huge`)).message).toContain('limit');
    expect((await refusal(`${base}/oparl/html`)).message).toContain('not JSON');
    expect((await refusal(`${base}/oparl/loop`)).message).toContain('redirects');
    expect((await refusal(`${base}/oparl/slow`, { timeoutMs: 500 })).message).toContain('timed out');
  });
});

describe('fetching a Beitrag’s OParl paper', () => {
  it('fetches name, date and body once, stores them, audits it, and the Beitrag shows “Beschluss: … (Kreistag, 28.01.2021)”', async () => {
    const paperUrl = `${base}/oparl/paper/1728`;
    const failingUrl = `${base}/oparl/redirect-to-private`;
    const data: DocumentData = {
      title: 'Schulträger und Digitalisierungsstrategie',
      summary: 'Wie der Kreistagsbeschluss umgesetzt wird.',
      type: 'erfahrungsbericht',
      topics: ['schule'],
      tags: [],
      visibility: 'oeffentlich',
      stand: '2025-05-01',
      reviewDue: null,
      contact: { mailbox: 'a@example.org', person: null },
      references: [
        { drucksache: 'SV-9-1728', title: null, oparl: paperUrl, system: 'oparl', url: paperUrl },
        { drucksache: 'SV-9-9999', title: 'Umleitung', oparl: failingUrl, system: 'oparl', url: failingUrl },
      ],
      fields: {},
    };
    insertDocument({ tenant: 'kreis-coesfeld', source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data, bodyMd: 'Text', status: 'veroeffentlicht', authorId: null, authorLabel: 'T', note: '' }] });
    const { pending } = findPendingPapers(0);
    expect(pending.map((p) => p.url)).toEqual([paperUrl, failingUrl]);
    for (const p of pending) await fetchAndStorePaper(p, options());
    expect(findPendingPapers(0).pending).toEqual([]);

    const stored = findCouncilPapers([paperUrl, failingUrl]);
    expect(stored.get(paperUrl)).toMatchObject({ status: 'ok', name: 'Digitale Schule – Sachstand', date: '2021-01-28', body: 'Kreistag' });
    expect(stored.get(failingUrl)).toMatchObject({ status: 'failed', error: expect.stringContaining('127.3.4.5') });

    const [ok, failed] = showReferences(data.references);
    expect(ok).toMatchObject({ drucksache: 'SV-9-1728', title: 'Digitale Schule – Sachstand', href: 'https://ratsinfo.example.de/bi/vo0050.asp?__kvonr=1728', paper: { body: 'Kreistag', date: '2021-01-28' } });
    // A failed fetch keeps the number and the link.
    expect(failed).toMatchObject({ drucksache: 'SV-9-9999', href: failingUrl, paper: null });

    const audit = listAudit(['kreis-coesfeld'], 1).items.map((e) => `${e.action} ${e.object}`);
    expect(audit).toEqual(expect.arrayContaining([`oparl.abgerufen ${paperUrl}`, `oparl.fehlgeschlagen ${failingUrl}`]));
  });
});
