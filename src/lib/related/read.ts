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

// A Beitrag keeps at most KEEP (40) candidates (compute.ts). Their scores come from the covering
// index; the Beiträge themselves are read best first, BATCH at a time, until SHOWN readable ones
// are found: usually one read of eight rows instead of forty (the first view of a Beitrag page
// pays for it). One table per statement, no ORDER BY: compareKeys in db/client.ts says why.
// Plain better-sqlite3 statements: on a page read for the first time, drizzle's mapping of the
// forty score rows and the eight Beiträge cost more than SQLite's reading them.
const BATCH = 8;

type Candidate = [id: number, score: number];

const scores = (documentId: number) =>
  prepared('related-scores', (db) => db.$client.prepare('SELECT related_id, score FROM related_documents WHERE document_id = ?').raw()).all(documentId) as Candidate[];

interface RelatedRow extends RelatedDocument {
  visibility: Visibility;
  status: DocumentStatus;
  liveRevisionId: number | null;
}

/** The Beiträge with these ids (at most BATCH; the unused places are bound to 0, which no row has). */
const documentsByIds = (ids: readonly number[]) =>
  prepared('related-documents', (db) =>
    db.$client.prepare(
      `SELECT id, tenant, slug, title, type, visibility, status, live_revision_id AS liveRevisionId FROM documents WHERE id IN (${Array.from({ length: BATCH }, () => '?').join(', ')})`,
    ),
  ).all(...Array.from({ length: BATCH }, (_, i) => ids[i] ?? 0)) as RelatedRow[];

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const ranked = scores(documentId).sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  const shown: RelatedDocument[] = [];
  for (let from = 0; from < ranked.length && shown.length < SHOWN; from += BATCH) {
    const ids = ranked.slice(from, from + BATCH).map((r) => r[0]);
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
