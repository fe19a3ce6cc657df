import { getDb, prepared } from '../db/client';
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
// row (related_stamps.ranked). The candidates are looked at best first, BATCH at a time, until
// SHOWN readable ones are found: usually one batch. Plain better-sqlite3 statements, one table
// each, no ORDER BY: compareKeys in db/client.ts says why.
const BATCH = 8;

interface CandidateRow extends RelatedDocument {
  visibility: Visibility;
  status: DocumentStatus;
  liveRevisionId: number | null;
}

const CANDIDATE_COLUMNS = 'id, tenant, slug, title, type, visibility, status, live_revision_id AS liveRevisionId';

// The lists and the candidates' rows are kept in memory while related_version stays the same:
// triggers (migration 0009) move it whenever a Beitrag's title, address, type, Kommune, status,
// visibility or live revision changes, or a list. Unlike the read cache, which every write
// empties, these survive comments, sign-ins and the like. After a start, and after each move,
// the server reads them all in the background (warmRelated, between requests), so a page read
// for the first time reads neither its list nor its candidates; until then a page reads what it
// needs itself. Whether a candidate may be shown is still decided for every viewer by
// canReadDocument, on the row as the database has it now. At most KEPT Beiträge' lists and rows
// are kept (measured: 7.6 MB of heap for 10,000 Beiträge); in a larger hub the rest are read per page.
const KEPT = 30_000;
/** Rows read per background step: about two milliseconds each at 10,000 Beiträge. */
const WARM_STEP = 500;

interface Kept {
  /** The connection and related_version the maps belong to; version null: not kept at all. */
  db: object | null;
  version: number | null;
  /** currentDataVersion() when related_version was last read. */
  checked: string;
  lists: Map<number, readonly number[]>;
  rows: Map<number, CandidateRow | null>;
  /** Background reading: the next id of each table, Infinity when done. */
  nextList: number;
  nextRow: number;
}

const empty = (db: object | null, version: number | null, checked: string): Kept => ({ db, version, checked, lists: new Map(), rows: new Map(), nextList: 0, nextRow: 0 });

// Kept on globalThis: the server's start script and the pages are bundled apart, each with its
// own copy of this module, and the one warms what the other reads (as in refresh.ts).
interface Shared {
  kept: Kept;
  warming: Promise<void> | null;
}
const KEY = Symbol.for('wissensnetz.related.kept');
const shared = ((globalThis as Record<symbol, unknown>)[KEY] ??= { kept: empty(null, null, ''), warming: null } satisfies Shared) as Shared;

const readVersion = (): number | null =>
  (prepared('related-version', (db) => db.$client.prepare('SELECT version FROM related_version WHERE id = 1').pluck()).get() as number | undefined) ?? null;

/** The kept lists and rows, emptied when related_version moved; read before any row it labels. */
function current(): Kept {
  const checked = currentDataVersion();
  const kept = shared.kept;
  if (kept.checked === checked) return kept;
  const db = getDb().$client;
  const version = readVersion();
  if (kept.db !== db || kept.version !== version || version === null) shared.kept = empty(db, version, checked);
  else kept.checked = checked;
  return shared.kept;
}

const keepable = (k: Kept) => k.version !== null;

const parseRanked = (ranked: string | null | undefined): number[] => (ranked ? ranked.split(' ').map(Number) : []);

function rankedIds(k: Kept, documentId: number): readonly number[] {
  const known = k.lists.get(documentId);
  if (known) return known;
  // Read in the background already: no row, no list.
  if (documentId < k.nextList) return [];
  const ids = parseRanked(prepared('related-ranked', (db) => db.$client.prepare('SELECT ranked FROM related_stamps WHERE document_id = ?').pluck()).get(documentId) as string | null | undefined);
  if (keepable(k) && k.lists.size < KEPT) k.lists.set(documentId, ids);
  return ids;
}

/** The Beiträge with these ids (at most BATCH; the unused places are bound to 0, which no row has). */
const documentsByIds = (ids: readonly number[]) =>
  prepared('related-documents', (db) => db.$client.prepare(`SELECT ${CANDIDATE_COLUMNS} FROM documents WHERE id IN (${Array.from({ length: BATCH }, () => '?').join(', ')})`)).all(
    ...Array.from({ length: BATCH }, (_, i) => ids[i] ?? 0),
  ) as CandidateRow[];

function candidateRows(k: Kept, ids: readonly number[]): (CandidateRow | null)[] {
  const rows = ids.map((id) => (k.rows.has(id) ? k.rows.get(id)! : id < k.nextRow ? null : undefined));
  const missing = ids.filter((_, i) => rows[i] === undefined);
  if (missing.length > 0) {
    // Frozen: the same row goes to every page and audience that shows it.
    const read = new Map(documentsByIds(missing).map((r) => [r.id, Object.freeze({ ...r })]));
    for (let i = 0; i < ids.length; i++) {
      if (rows[i] !== undefined) continue;
      rows[i] = read.get(ids[i]!) ?? null;
      if (keepable(k) && k.rows.size < KEPT) k.rows.set(ids[i]!, rows[i]!);
    }
  }
  return rows as (CandidateRow | null)[];
}

/** One step of the background reading; false when everything is kept (or cannot be). */
function warmStep(): boolean {
  const k = current();
  if (!keepable(k)) return false;
  if (k.nextList !== Infinity && k.lists.size < KEPT) {
    const batch = prepared('related-warm-lists', (db) => db.$client.prepare('SELECT document_id AS id, ranked FROM related_stamps WHERE document_id >= ? ORDER BY document_id LIMIT ?')).all(k.nextList, WARM_STEP) as {
      id: number;
      ranked: string | null;
    }[];
    for (const r of batch) if (!k.lists.has(r.id)) k.lists.set(r.id, parseRanked(r.ranked));
    k.nextList = batch.length < WARM_STEP ? Infinity : batch[batch.length - 1]!.id + 1;
    return true;
  }
  if (k.nextRow !== Infinity && k.rows.size < KEPT) {
    const batch = prepared('related-warm-rows', (db) => db.$client.prepare(`SELECT ${CANDIDATE_COLUMNS} FROM documents WHERE id >= ? ORDER BY id LIMIT ?`)).all(k.nextRow, WARM_STEP) as CandidateRow[];
    for (const r of batch) if (!k.rows.has(r.id)) k.rows.set(r.id, Object.freeze({ ...r }));
    k.nextRow = batch.length < WARM_STEP ? Infinity : batch[batch.length - 1]!.id + 1;
    return true;
  }
  return false;
}

/**
 * Reads the lists and candidate rows into memory in the background, one step per turn of the
 * event loop (the related refresh calls it once its own work is done); resolves when done. The
 * maps it fills are emptied again whenever related_version moves.
 */
export function warmRelated(): Promise<void> {
  shared.warming ??= new Promise<void>((resolve) => {
    const next = () => {
      let more = false;
      try {
        more = warmStep();
      } catch {
        more = false; // the database does not answer: the pages read what they need themselves
      }
      if (more) {
        setImmediate(next);
      } else {
        shared.warming = null;
        resolve();
      }
    };
    next();
  });
  return shared.warming;
}

function readRelated(viewer: Viewer | null, documentId: number): RelatedDocument[] {
  const k = current();
  const ranked = rankedIds(k, documentId);
  const shown: RelatedDocument[] = [];
  for (let from = 0; from < ranked.length && shown.length < SHOWN; from += BATCH) {
    for (const r of candidateRows(k, ranked.slice(from, from + BATCH))) {
      if (!r || r.status !== 'veroeffentlicht' || !canReadDocument(viewer, r)) continue;
      shown.push(r);
      if (shown.length === SHOWN) break;
    }
  }
  return shown;
}

/**
 * Up to five related Beiträge the viewer may read, best first: the precomputed list filtered
 * with the visibility rule, so a page shared by an audience shows only what that audience may
 * read. Kept per audience until the next write, like lists.
 */
export function relatedFor(viewer: Viewer | null, documentId: number): readonly RelatedDocument[] {
  return cachedRead(`related|${documentId}|${listAudienceKey(viewer)}`, () => readRelated(viewer, documentId));
}
