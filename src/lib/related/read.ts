import { and, desc, eq, sql } from 'drizzle-orm';
import { prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { documents, relatedDocuments } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { canReadDocument, listAudienceKey } from '../documents/visibility';
import type { DocumentType } from '../documents/vocabulary';
import { KEEP } from './compute';

export const SHOWN = 5;
/** Candidates read first; most readers may read most of them, so the rest is rarely needed. */
const FIRST = 10;

export interface RelatedDocument {
  id: number;
  tenant: string;
  slug: string;
  title: string;
  type: DocumentType;
}

const candidates = (limit: number, documentId: number) =>
  prepared('related-of-document', (db) =>
    db
      .select({ id: documents.id, tenant: documents.tenant, slug: documents.slug, title: documents.title, type: documents.type, visibility: documents.visibility, status: documents.status, liveRevisionId: documents.liveRevisionId })
      .from(relatedDocuments)
      .innerJoin(documents, eq(documents.id, relatedDocuments.relatedId))
      .where(and(eq(relatedDocuments.documentId, sql.placeholder('id')), eq(documents.status, 'veroeffentlicht')))
      .orderBy(desc(relatedDocuments.score))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ id: documentId, limit });

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const pick = (rows: ReturnType<typeof candidates>) => rows.filter((r) => canReadDocument(viewer, r)).slice(0, SHOWN).map((r) => ({ id: r.id, tenant: r.tenant, slug: r.slug, title: r.title, type: r.type }));
  const first = candidates(FIRST, documentId);
  const shown = pick(first);
  return shown.length === SHOWN || first.length < FIRST ? shown : pick(candidates(KEEP, documentId));
}

/**
 * Up to five related Beiträge the viewer may read, best first: an indexed read of the
 * precomputed list, filtered with the visibility rule, so a page shared by an audience shows
 * only what that audience may read. Kept per audience until the next write, like lists.
 */
export function relatedFor(viewer: Viewer | null, documentId: number): readonly RelatedDocument[] {
  return cachedRead(`related|${documentId}|${listAudienceKey(viewer)}`, () => readRelated(viewer, documentId));
}
