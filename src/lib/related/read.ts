import { desc, eq, and, sql } from 'drizzle-orm';
import { prepared } from '../db/client';
import { documents, relatedDocuments } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { canReadDocument } from '../documents/visibility';
import type { DocumentType } from '../documents/vocabulary';
import { KEEP } from './compute';

export const SHOWN = 5;

export interface RelatedDocument {
  id: number;
  tenant: string;
  slug: string;
  title: string;
  type: DocumentType;
}

/**
 * Up to five related Beiträge the viewer may read, best first. One prepared, indexed query
 * over the precomputed list; visibility through visibility.ts, so a page shared by an
 * audience shows only what that audience may read.
 */
export function relatedFor(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const rows = prepared('related-of-document', (db) =>
    db
      .select({ id: documents.id, tenant: documents.tenant, slug: documents.slug, title: documents.title, type: documents.type, visibility: documents.visibility, status: documents.status, liveRevisionId: documents.liveRevisionId })
      .from(relatedDocuments)
      .innerJoin(documents, eq(documents.id, relatedDocuments.relatedId))
      .where(and(eq(relatedDocuments.documentId, sql.placeholder('id')), eq(documents.status, 'veroeffentlicht')))
      .orderBy(desc(relatedDocuments.score))
      .limit(KEEP)
      .prepare(),
  ).all({ id: documentId });
  const out: RelatedDocument[] = [];
  for (const r of rows) {
    if (out.length === SHOWN) break;
    if (canReadDocument(viewer, r)) out.push({ id: r.id, tenant: r.tenant, slug: r.slug, title: r.title, type: r.type });
  }
  return out;
}
