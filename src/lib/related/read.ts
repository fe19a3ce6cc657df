import { eq, inArray, sql } from 'drizzle-orm';
import { compareKeys, prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { documents, relatedDocuments } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { canReadDocument, listAudienceKey } from '../documents/visibility';
import type { DocumentType } from '../documents/vocabulary';

export const SHOWN = 5;

export interface RelatedDocument {
  id: number;
  tenant: string;
  slug: string;
  title: string;
  type: DocumentType;
}

// A Beitrag keeps at most KEEP candidates (compute.ts): read them all with their scores and order them here
// (one table per statement, no ORDER BY: compareKeys in db/client.ts says why).
const scores = (documentId: number) =>
  prepared('related-scores', (db) =>
    db.select({ id: relatedDocuments.relatedId, score: relatedDocuments.score }).from(relatedDocuments).where(eq(relatedDocuments.documentId, sql.placeholder('id'))).prepare(),
  ).all({ id: documentId });

const candidates = (documentId: number) =>
  prepared('related-of-document', (db) =>
    db
      .select({ id: documents.id, tenant: documents.tenant, slug: documents.slug, title: documents.title, type: documents.type, visibility: documents.visibility, status: documents.status, liveRevisionId: documents.liveRevisionId })
      .from(documents)
      // The status is checked below: in SQL, SQLite would walk the status index over every published Beitrag.
      .where(inArray(documents.id, db.select({ id: relatedDocuments.relatedId }).from(relatedDocuments).where(eq(relatedDocuments.documentId, sql.placeholder('id')))))
      .prepare(),
  ).all({ id: documentId });

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const rows = candidates(documentId);
  if (rows.length === 0) return [];
  const score = new Map(scores(documentId).map((r) => [r.id, r.score]));
  return rows
    .filter((r) => r.status === 'veroeffentlicht' && canReadDocument(viewer, r))
    .sort((a, b) => compareKeys([-(score.get(a.id) ?? 0), -a.id], [-(score.get(b.id) ?? 0), -b.id]))
    .slice(0, SHOWN)
    .map((r) => ({ id: r.id, tenant: r.tenant, slug: r.slug, title: r.title, type: r.type }));
}

/**
 * Up to five related Beiträge the viewer may read, best first: an indexed read of the
 * precomputed list, filtered with the visibility rule, so a page shared by an audience shows
 * only what that audience may read. Kept per audience until the next write, like lists.
 */
export function relatedFor(viewer: Viewer | null, documentId: number): readonly RelatedDocument[] {
  return cachedRead(`related|${documentId}|${listAudienceKey(viewer)}`, () => readRelated(viewer, documentId));
}
