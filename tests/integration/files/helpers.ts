import fs from 'node:fs';
import { count } from 'drizzle-orm';
import { getDb } from '../../../src/lib/db/client';
import { artefacts, artefactVersions } from '../../../src/lib/db/schema';
import { insertDocument } from '../../../src/lib/documents/store';
import type { DocumentData } from '../../../src/lib/documents/data';
import type { Visibility } from '../../../src/lib/documents/vocabulary';
import { listBlobs, tempDir } from '../../../src/lib/files/blobs';
import { findOwningDocument, type OwningDocument } from '../../../src/lib/files/artefacts';

export function publishedDocument(tenant: string, slug: string, visibility: Visibility = 'oeffentlich'): OwningDocument {
  const data: DocumentData = {
    title: `Beitrag ${slug}`,
    summary: 'Eine kurze Zusammenfassung.',
    type: 'artefakt',
    topics: ['schule'],
    tags: [],
    visibility,
    stand: '2025-01-10',
    reviewDue: null,
    contact: { mailbox: 'it@example.org', person: null },
    references: [],
    fields: {},
  };
  insertDocument({ tenant, source: 'web', status: 'veroeffentlicht', createdBy: null, slug, revisions: [{ data, bodyMd: 'Text', status: 'veroeffentlicht', authorId: null, authorLabel: 'Test', note: '' }] });
  return findOwningDocument(tenant, slug)!;
}

/** A multipart request as a browser sends the upload form. */
export function uploadRequest(fields: Record<string, string>, file?: { name: string; content: Buffer | string }): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('datei', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]), file.name);
  return new Request('http://localhost/upload', { method: 'POST', body: form });
}

/** What is stored: rows, blobs on disk and leftover temp files. */
export function storageState(): { artefacts: number; versions: number; blobs: number; temps: number } {
  const db = getDb();
  const tmp = tempDir();
  return {
    artefacts: db.select({ n: count() }).from(artefacts).get()!.n,
    versions: db.select({ n: count() }).from(artefactVersions).get()!.n,
    blobs: listBlobs().length,
    temps: fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0,
  };
}
