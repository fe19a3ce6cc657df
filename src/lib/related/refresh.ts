import { IMMEDIATE, getDb, prepared } from '../db/client';
import { currentDataVersion } from '../db/data-version';
import { computeRelated, indexDocumentText } from './compute';
import { isDatabaseBusy } from '../db/busy';
import { warmRelated } from './read';

// Keeps related lists current off the request path: a server checks about once a second
// whether the database changed (from any process) and, if so, recomputes the Beiträge whose
// live revision differs from the one their list was computed from, in small batches that
// leave the event loop to requests in between. After an upgrade this fills the lists of
// every existing Beitrag in the background.

// Small batches: each blocks the event loop (and its requests) for a few milliseconds only.
const BATCH = 5;
const TEXT_BATCH = 25;

interface RefreshState {
  timer: NodeJS.Timeout | null;
  seen: string;
  running: boolean;
}

const KEY = Symbol.for('wissensnetz.related.refresh');
const state: RefreshState = ((globalThis as Record<symbol, unknown>)[KEY] ??= { timer: null, seen: '', running: false } satisfies RefreshState) as RefreshState;

/** Beiträge whose text in the index is missing or stale, or that left publication and still have a stamp. */
export function staleTextIds(limit: number): number[] {
  return prepared('related-stale-text', (db) =>
    db.$client
      .prepare(
        `SELECT d.id FROM documents d LEFT JOIN related_stamps s ON s.document_id = d.id
         WHERE (d.status = 'veroeffentlicht' AND d.live_revision_id IS NOT NULL AND (s.text_revision_id IS NULL OR s.text_revision_id != d.live_revision_id))
            OR (d.status != 'veroeffentlicht' AND s.document_id IS NOT NULL)
         ORDER BY d.id LIMIT ?`,
      )
      .pluck(),
  ).all(limit) as number[];
}

/** Published Beiträge whose text is current but whose related list is missing or stale. */
export function staleListIds(limit: number): number[] {
  return prepared('related-stale-list', (db) =>
    db.$client
      .prepare(
        `SELECT d.id FROM documents d JOIN related_stamps s ON s.document_id = d.id
         WHERE d.status = 'veroeffentlicht' AND s.text_revision_id = d.live_revision_id AND (s.list_revision_id IS NULL OR s.list_revision_id != d.live_revision_id)
         ORDER BY d.id LIMIT ?`,
      )
      .pluck(),
  ).all(limit) as number[];
}

/** Beiträge with anything to recompute (for tests and benchmarks). */
export function staleDocumentIds(limit: number): number[] {
  return [...new Set([...staleTextIds(limit), ...staleListIds(limit)])].slice(0, limit);
}

/**
 * One step of work: a batch of texts while any is stale (so every list is computed against
 * all texts), then a batch of lists. Returns how many Beiträge it handled (0: nothing to do).
 */
function step(): number {
  const texts = staleTextIds(TEXT_BATCH);
  if (texts.length > 0) {
    getDb().transaction(() => {
      for (const id of texts) indexDocumentText(id);
    }, IMMEDIATE);
    return texts.length;
  }
  const lists = staleListIds(BATCH);
  if (lists.length > 0) {
    getDb().transaction(() => {
      for (const id of lists) computeRelated(id);
    }, IMMEDIATE);
  }
  return lists.length;
}

/** Does everything that is due now (tests, scripts); returns how many steps' Beiträge it handled. */
export function refreshRelated(): number {
  let done = 0;
  for (let n = step(); n > 0; n = step()) done += n;
  return done;
}

function envMs(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isFinite(n) && n > 0 ? n : fallback;
}

function tick(): void {
  if (state.running) return;
  let version: string;
  try {
    version = currentDataVersion();
  } catch {
    return; // the database does not answer; the next tick tries again
  }
  if (version === state.seen) return;
  state.running = true;
  const next = () => {
    try {
      if (step() > 0 && state.timer) {
        setImmediate(next); // more to do: one batch per turn of the event loop
        return;
      }
      state.seen = currentDataVersion();
      // Nothing left to compute: the lists and their Beiträge into memory for the pages.
      void warmRelated();
    } catch (err) {
      // Another process (an operator script, a restore) holds the write lock longer than the
      // busy timeout: nothing is lost, the next tick picks the work up again.
      if (!isDatabaseBusy(err)) process.stderr.write(`${JSON.stringify({ level: 'error', event: 'related-refresh', message: (err as Error).message })}\n`);
    }
    state.running = false;
  };
  next();
}

/** Starts the background refresh in a server process. */
export function startRelatedRefresh(): void {
  if (state.timer) return;
  state.seen = '';
  state.timer = setInterval(tick, envMs('WISSENSNETZ_RELATED_POLL_MS', 1000));
  state.timer.unref();
  tick();
}

export function stopRelatedRefresh(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** Whether nothing is waiting to be recomputed (benchmarks wait for this). */
export function isRelatedIdle(): boolean {
  return !state.running && staleDocumentIds(1).length === 0;
}
