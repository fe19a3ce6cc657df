import { prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import type { Viewer } from '../auth/viewer';
import { canReadDocument, listAudienceKey } from '../documents/visibility';
import type { DocumentStatus, DocumentType, Visibility } from '../documents/vocabulary';

export const SHOWN = 5;

export interface RelatedDocument {
  id: number;
  tenant: string;
  slug: string;
  title: string;
  type: DocumentType;
}

// A Beitrag keeps at most KEEP (40) candidates (compute.ts), and their ids best first in one
// row (related_stamps.ranked): one read of a primary key instead of forty index rows. The
// Beiträge themselves are read best first, BATCH at a time, until SHOWN readable ones are found:
// usually one read of eight rows. Plain better-sqlite3 statements, one table each, no ORDER BY:
// compareKeys in db/client.ts says why.
const BATCH = 8;

interface RelatedRow extends RelatedDocument {
  visibility: Visibility;
  status: DocumentStatus;
  liveRevisionId: number | null;
}

const rankedIds = (documentId: number): number[] => {
  const ranked = prepared('related-ranked', (db) => db.$client.prepare('SELECT ranked FROM related_stamps WHERE document_id = ?').pluck()).get(documentId) as string | null | undefined;
  return ranked ? ranked.split(' ').map(Number) : [];
};

/** The Beiträge with these ids (at most BATCH; the unused places are bound to 0, which no row has). */
const documentsByIds = (ids: readonly number[]) =>
  prepared('related-documents', (db) =>
    db.$client.prepare(
      `SELECT id, tenant, slug, title, type, visibility, status, live_revision_id AS liveRevisionId FROM documents WHERE id IN (${Array.from({ length: BATCH }, () => '?').join(', ')})`,
    ),
  ).all(...Array.from({ length: BATCH }, (_, i) => ids[i] ?? 0)) as RelatedRow[];

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const ranked = rankedIds(documentId);
  const shown: RelatedDocument[] = [];
  for (let from = 0; from < ranked.length && shown.length < SHOWN; from += BATCH) {
    const ids = ranked.slice(from, from + BATCH);
    const rows = new Map(documentsByIds(ids).map((r) => [r.id, r]));
    for (const id of ids) {
      const r = rows.get(id);
      if (!r || r.status !== 'veroeffentlicht' || !canReadDocument(viewer, r)) continue;
      // Frozen here, so the read cache's deep freeze stops at each entry.
      shown.push(Object.freeze({ id: r.id, tenant: r.tenant, slug: r.slug, title: r.title, type: r.type }));
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
