import { getDb } from '../../../src/lib/db/client';
import { insertDocument } from '../../../src/lib/documents/store';
import type { DocumentData } from '../../../src/lib/documents/data';

export function sampleData(title: string, overrides: Partial<DocumentData> = {}): DocumentData {
  return {
    title,
    summary: 'Eine kurze Zusammenfassung für den Test.',
    type: 'erfahrungsbericht',
    topics: ['verwaltung'],
    tags: ['Test'],
    visibility: 'oeffentlich',
    stand: '2026-01-15',
    reviewDue: null,
    contact: { mailbox: 'digital@duelmen.de', person: null },
    references: [],
    fields: { ausgangslage: 'Papier überall.' },
    ...overrides,
  };
}

/** A published Beitrag of a tenant, written through the documents lib. */
export function publishSample(tenant: string, title: string, body = 'Text mit **Markdown**.') {
  return insertDocument({
    tenant,
    source: 'web',
    status: 'veroeffentlicht',
    createdBy: null,
    revisions: [{ data: sampleData(title), bodyMd: body, status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: 'Erste Fassung' }],
  });
}

export function sqlite() {
  return getDb().$client;
}
