import { IMMEDIATE, getDb, prepared } from '../db/client';
import { currentDataVersion } from '../db/data-version';
import { computeRelated } from './compute';

// Keeps related lists current off the request path: a server checks about once a second
// whether the database changed (from any process) and, if so, recomputes the Beiträge whose
// live revision differs from the one their list was computed from, in small batches that
// leave the event loop to requests in between. After an upgrade this fills the lists of
// every existing Beitrag in the background.

const BATCH = 20;

interface RefreshState {
  timer: NodeJS.Timeout | null;
  seen: string;
  running: boolean;
}

const KEY = Symbol.for('wissensnetz.related.refresh');
const state: RefreshState = ((globalThis as Record<symbol, unknown>)[KEY] ??= { timer: null, seen: '', running: false } satisfies RefreshState) as RefreshState;

/** Beiträge whose related list is missing or stale, or that left publication and still have one. */
export function staleDocumentIds(limit: number): number[] {
  return (
    prepared('related-stale', (db) =>
      db.$client
        .prepare(
          `SELECT d.id FROM documents d LEFT JOIN related_stamps s ON s.document_id = d.id
           WHERE (d.status = 'veroeffentlicht' AND d.live_revision_id IS NOT NULL AND (s.revision_id IS NULL OR s.revision_id != d.live_revision_id))
              OR (d.status != 'veroeffentlicht' AND s.document_id IS NOT NULL)
           ORDER BY d.id LIMIT ?`,
        )
        .pluck(),
    ).all(limit) as number[]
  );
}

/** Recomputes up to `max` stale Beiträge now; returns how many it did. */
export function refreshRelated(max = Number.POSITIVE_INFINITY): number {
  let done = 0;
  while (done < max) {
    const ids = staleDocumentIds(Math.min(BATCH, max - done));
    if (ids.length === 0) break;
    getDb().transaction(() => {
      for (const id of ids) computeRelated(id);
    }, IMMEDIATE);
    done += ids.length;
  }
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
  const step = () => {
    try {
      const did = refreshRelated(BATCH);
      if (did === BATCH && state.timer) {
        setImmediate(step); // more to do: one batch per turn of the event loop
        return;
      }
      state.seen = currentDataVersion();
    } catch (err) {
      process.stderr.write(`${JSON.stringify({ level: 'error', event: 'related-refresh', message: (err as Error).message })}\n`);
    }
    state.running = false;
  };
  step();
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
