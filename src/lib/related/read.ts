import { prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { currentDataVersion } from '../db/data-version';
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
// candidates are looked at best first, BATCH at a time, until SHOWN readable ones are found:
// usually one batch. Plain better-sqlite3 statements, one table each, no ORDER BY: compareKeys
// in db/client.ts says why.
const BATCH = 8;

interface CandidateRow extends RelatedDocument {
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
  ).all(...Array.from({ length: BATCH }, (_, i) => ids[i] ?? 0)) as CandidateRow[];

// The candidates' rows, kept until the database changes (like db/read-cache.ts, whose version
// token decides): one Beitrag is a candidate of many others, so a visitor going from page to
// page (a crawler, a busy day) finds most of a page's candidates already read for another
// page. Null: no such Beitrag. Two generations bound the memory, as in read-cache.ts.
const CANDIDATE_GENERATION = 5000;
let candidates = { version: '', young: new Map<number, CandidateRow | null>(), old: new Map<number, CandidateRow | null>() };

function candidateRows(ids: readonly number[]): (CandidateRow | null)[] {
  const version = currentDataVersion();
  if (candidates.version !== version) candidates = { version, young: new Map(), old: new Map() };
  const { young, old } = candidates;
  const keep = (id: number, row: CandidateRow | null) => {
    if (young.size >= CANDIDATE_GENERATION) {
      candidates.old = young;
      candidates.young = new Map();
    }
    candidates.young.set(id, row);
  };
  const rows: (CandidateRow | null | undefined)[] = ids.map((id) => {
    const row = young.get(id);
    if (row !== undefined) return row;
    const older = old.get(id);
    if (older !== undefined) keep(id, older);
    return older;
  });
  const missing = ids.filter((_, i) => rows[i] === undefined);
  if (missing.length > 0) {
    // Frozen: the same row goes to every page and audience that shows it.
    const read = new Map(documentsByIds(missing).map((r) => [r.id, Object.freeze({ ...r })]));
    for (let i = 0; i < ids.length; i++) {
      if (rows[i] !== undefined) continue;
      const row = read.get(ids[i]!) ?? null;
      keep(ids[i]!, row);
      rows[i] = row;
    }
  }
  return rows as (CandidateRow | null)[];
}

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const ranked = rankedIds(documentId);
  const shown: RelatedDocument[] = [];
  for (let from = 0; from < ranked.length && shown.length < SHOWN; from += BATCH) {
    for (const r of candidateRows(ranked.slice(from, from + BATCH))) {
      if (!r || r.status !== 'veroeffentlicht' || !canReadDocument(viewer, r)) continue;
      shown.push(r);
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
