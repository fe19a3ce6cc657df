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

// A Beitrag keeps at most KEEP (40) candidates (compute.ts). Their scores come from the covering
// index; the Beiträge themselves are read best first, BATCH at a time, until SHOWN readable ones
// are found: usually one read of eight rows instead of forty (the first view of a Beitrag page
// pays for it). One table per statement, no ORDER BY: compareKeys in db/client.ts says why.
const BATCH = 8;

const scores = (documentId: number) =>
  prepared('related-scores', (db) =>
    db.select({ id: relatedDocuments.relatedId, score: relatedDocuments.score }).from(relatedDocuments).where(eq(relatedDocuments.documentId, sql.placeholder('id'))).prepare(),
  ).all({ id: documentId });

const slots = Array.from({ length: BATCH }, (_, i) => `id${i}`);

/** The Beiträge with these ids (at most BATCH; the unused places are bound to 0, which no row has). */
const documentsByIds = (ids: readonly number[]) =>
  prepared('related-documents', (db) =>
    db
      .select({ id: documents.id, tenant: documents.tenant, slug: documents.slug, title: documents.title, type: documents.type, visibility: documents.visibility, status: documents.status, liveRevisionId: documents.liveRevisionId })
      .from(documents)
      .where(inArray(documents.id, slots.map((name) => sql.placeholder(name))))
      .prepare(),
  ).all(Object.fromEntries(slots.map((name, i) => [name, ids[i] ?? 0])));

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const ranked = scores(documentId).sort((a, b) => compareKeys([-a.score, -a.id], [-b.score, -b.id]));
  const shown: RelatedDocument[] = [];
  for (let from = 0; from < ranked.length && shown.length < SHOWN; from += BATCH) {
    const ids = ranked.slice(from, from + BATCH).map((r) => r.id);
    const rows = new Map(documentsByIds(ids).map((r) => [r.id, r]));
    for (const id of ids) {
      const r = rows.get(id);
      if (!r || r.status !== 'veroeffentlicht' || !canReadDocument(viewer, r)) continue;
      shown.push({ id: r.id, tenant: r.tenant, slug: r.slug, title: r.title, type: r.type });
      if (shown.length === SHOWN) break;
    }
  }
  return shown;
}

/**
 * Up to five related Beiträge the viewer may read, best first: an indexed read of the
 * precomputed list, filtered with the visibility rule, so a page shared by an audience shows
 * only what that audience may read. Kept per audience until the next write, like lists.
 */
export function relatedFor(viewer: Viewer | null, documentId: number): readonly RelatedDocument[] {
  return cachedRead(`related|${documentId}|${listAudienceKey(viewer)}`, () => readRelated(viewer, documentId));
}
