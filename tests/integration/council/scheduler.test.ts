import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../src/lib/config';
import { findCouncilPapers } from '../../../src/lib/council/papers';
import { runCouncilFetch } from '../../../src/lib/council/scheduler';
import { insertDocument } from '../../../src/lib/documents/store';
import type { DocumentData } from '../../../src/lib/documents/data';

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((_, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ type: 'https://schema.oparl.org/1.1/Paper', name: 'Papier', date: '2024-02-02' })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env['WISSENSNETZ_OPARL_ALLOW_HOSTS'] = new URL(base).host;
  resetConfig();
});
afterAll(async () => {
  delete process.env['WISSENSNETZ_OPARL_ALLOW_HOSTS'];
  resetConfig();
  await new Promise((r) => server.close(r));
});

function publishWith(url: string): void {
  const data: DocumentData = {
    title: `Mit Drucksache ${url.slice(-3)}`,
    summary: 'Eine kurze Zusammenfassung.',
    type: 'erfahrungsbericht',
    topics: ['verwaltung'],
    tags: [],
    visibility: 'oeffentlich',
    stand: '2025-01-01',
    reviewDue: null,
    contact: { mailbox: 'a@example.org', person: null },
    references: [{ drucksache: '1', title: null, oparl: url, system: 'oparl', url }],
    fields: {},
  };
  insertDocument({ tenant: 'olfen', source: 'web', status: 'veroeffentlicht', createdBy: null, revisions: [{ data, bodyMd: 'x', status: 'veroeffentlicht', authorId: null, authorLabel: 'T', note: '' }] });
}

describe('runCouncilFetch', () => {
  it('keeps fetching papers named after a pass that found nothing to do', async () => {
    publishWith(`${base}/paper/001`);
    await runCouncilFetch();
    expect(findCouncilPapers([`${base}/paper/001`]).get(`${base}/paper/001`)?.status).toBe('ok');
    // Nothing changed: this pass has nothing to do (and finishes at once).
    await runCouncilFetch();
    publishWith(`${base}/paper/002`);
    await runCouncilFetch();
    expect(findCouncilPapers([`${base}/paper/002`]).get(`${base}/paper/002`)?.status).toBe('ok');
  });
});
