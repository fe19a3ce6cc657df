import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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

/** Stores a file as uploads do (content-addressed) and attaches it to a Beitrag. */
export function attachFile(documentId: number, content: Buffer | string, dataDir: string): { sha: string; rel: string } {
  const data = Buffer.from(content);
  const sha = crypto.createHash('sha256').update(data).digest('hex');
  const rel = `files/${sha.slice(0, 2)}/${sha}`;
  fs.mkdirSync(path.join(dataDir, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(dataDir, rel), data);
  const db = sqlite();
  const artefact = db.prepare("INSERT INTO artefacts (document_id, title, licence) VALUES (?, 'Anlage', 'CC-BY-4.0')").run(documentId).lastInsertRowid;
  db.prepare("INSERT INTO artefact_versions (artefact_id, version, sha256, size, kind, file_name, uploader_label) VALUES (?, '1.0', ?, ?, 'csv', 'anlage.csv', 'Test')").run(artefact, sha, data.length);
  return { sha, rel };
}
