import { createHash } from 'node:crypto';
import { getDb } from '../db/client';
import type { BuildMode } from './build';
import { searchClientConfig } from './client-config';
import { warmFirstPage } from './first-page';
import { readPointer, removeStaleGenerations, writePointer, type SearchPointer } from './layout';
import { listIndexEntries } from './records';
import { readBuildHistory, recordBuild, type BuildStatus } from './status';
import { killWorkers, runTextsWorker, runWorker } from './worker';
import { newestArtefactVersions } from '../files/artefacts';
import { textsOutOfDate } from './text-cache';
import { INCOMPLETE_BUNDLE } from './verify-bundle';

export type { BuildStatus } from './status';

/** More changed entries than this since the last full build: a full build is due. */
const RECENT_LIMIT = 200;

/** A build that wrote an incomplete bundle is tried again this often, after 1, 2, 4, 8, 16 s. */
const MAX_RETRIES = 5;

/** A lane runs one build at a time; requests during a run are folded into one follow-up run. */
interface Lane {
  running: Promise<BuildStatus> | null;
  queued: Promise<BuildStatus> | null;
}

interface SchedulerState {
  lanes: Record<BuildMode, Lane>;
  debounce: NodeJS.Timeout | null;
  reasons: string[];
  poll: NodeJS.Timeout | null;
  dataVersion: number | null;
  /** Hash of the entries the last successful build saw; skips builds when nothing changed. */
  builtEntries: string | null;
  /** Set by startSearchIndexing(): processes that only run lib code (tests, scripts) never index on their own. */
  enabled: boolean;
  /** The texts step (reading attached files) in progress, and whether it should run once more. */
  texts: Promise<void> | null;
  textsAgain: boolean;
  /** Set by stopSearchIndexing(): no step starts any more. */
  stopped: boolean;
  /** Builds in a row that failed on an incomplete bundle, per lane; retried while below MAX_RETRIES. */
  retries: Record<BuildMode, number>;
}

// Shared through globalThis: the start script and the built Astro server each load their
// own copy of this module into the same process, and both must see one scheduler.
const KEY = Symbol.for('wissensnetz.search.scheduler');
const state: SchedulerState = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  lanes: { full: { running: null, queued: null }, recent: { running: null, queued: null } },
  debounce: null,
  reasons: [],
  poll: null,
  dataVersion: null,
  builtEntries: null,
  enabled: false,
  texts: null,
  textsAgain: false,
  stopped: false,
  retries: { full: 0, recent: 0 },
} satisfies SchedulerState) as SchedulerState;

function envMs(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? '');
  return Number.isFinite(n) && n >= 0 && process.env[name] !== '' && process.env[name] !== undefined ? n : fallback;
}

function entriesHash(): string {
  const h = createHash('sha256');
  for (const e of listIndexEntries()) h.update(`${e.key}=${e.audience}:${e.fingerprint};`);
  return h.digest('hex');
}

function applyOutcome(mode: BuildMode, pointer: SearchPointer, from: string | null): boolean {
  const current = readPointer();
  // A recent build made on a base that another build has replaced meanwhile must not switch back.
  if (mode === 'recent' && current && current.base !== from) return false;
  writePointer(pointer);
  if (state.enabled) warmFirstPage(searchClientConfig(null)?.bundles);
  return true;
}

/** `seen`: the entries' hash when the caller has just taken it (in the same tick), else taken here. */
async function run(mode: BuildMode, reason: string, seen = entriesHash()): Promise<BuildStatus> {
  const started = Date.now();
  const status: BuildStatus = { mode, reason, startedAt: new Date(started).toISOString(), finishedAt: '', durationMs: 0, ok: true, documents: 0, changed: 0, error: null };
  try {
    const outcome = await runWorker(mode);
    status.documents = outcome.documents;
    status.changed = outcome.changed;
    if (!outcome.pointer) {
      void requestLane('full', 'kein passender Gesamtindex vorhanden');
    } else if (applyOutcome(mode, outcome.pointer, outcome.from)) {
      state.builtEntries = seen;
      if (outcome.changed > RECENT_LIMIT) void requestLane('full', `${outcome.changed} Änderungen seit dem letzten Gesamtaufbau`);
    } else {
      void requestLane('recent', 'Gesamtindex wurde während des Aufbaus ersetzt');
    }
    // Beiträge published while the base was built: only when the database changed meanwhile.
    if (mode === 'full' && entriesHash() !== seen) void requestLane('recent', 'Änderungen während des Gesamtaufbaus');
    state.retries[mode] = 0;
  } catch (err) {
    status.ok = false;
    status.error = (err as Error).message;
    if (status.error.includes(INCOMPLETE_BUNDLE)) retryIncomplete(mode, status.error);
  }
  status.finishedAt = new Date().toISOString();
  status.durationMs = Date.now() - started;
  recordBuild(status);
  removeStaleGenerations();
  return status;
}

/**
 * A bundle that failed its check (verify-bundle.ts) was not switched in: the previous index
 * keeps serving. Such a fault is transient (a file not completely written), so the build
 * is tried again a few times; the operator's log says what was wrong and what happens next.
 */
function retryIncomplete(mode: BuildMode, error: string): void {
  const attempt = ++state.retries[mode];
  const retry = attempt <= MAX_RETRIES && !state.stopped;
  const delayS = 2 ** (attempt - 1);
  // The worker's stderr arrives with its lines joined: keep the message, not the stack.
  const problem = error.slice(error.indexOf(INCOMPLETE_BUNDLE)).split(/\n|\s+at\s/)[0]!.trim().slice(0, 300);
  process.stderr.write(
    `${JSON.stringify({
      level: 'error',
      event: 'search-bundle-incomplete',
      mode,
      problem,
      action: `not switched in; the previous search index keeps serving; ${retry ? `building again in ${delayS} s (attempt ${attempt} of ${MAX_RETRIES})` : 'no more retries until the next change or reindex'}`,
    })}\n`,
  );
  if (!retry) {
    state.retries[mode] = 0;
    return;
  }
  setTimeout(() => {
    if (!state.stopped) void requestLane(mode, 'Wiederholung nach unvollständigem Suchindex');
  }, delayS * 1000).unref();
}

function requestLane(mode: BuildMode, reason: string, seen?: string): Promise<BuildStatus> {
  const lane = state.lanes[mode];
  if (!lane.running) {
    lane.running = run(mode, reason, seen).finally(() => {
      lane.running = null;
    });
    return lane.running;
  }
  lane.queued ??= lane.running.then(() => {
    lane.queued = null;
    return requestLane(mode, reason);
  });
  return lane.queued;
}

/** At most this many texts steps in a row: each killed one leaves a file marked, so a few always suffice. */
const TEXT_STEPS = 20;

function textsToRead(): boolean {
  try {
    return textsOutOfDate(newestArtefactVersions());
  } catch (err) {
    process.stderr.write(`Suchindex: Prüfung der Dateitexte fehlgeschlagen: ${(err as Error).message}\n`);
    return false;
  }
}

/**
 * Reads the text of new files in a worker step of its own, beside the index builds, so a
 * slow or hostile file never holds up the index; a build is requested when texts came in.
 * A step killed on one file (too slow) leaves that file marked, and the next step goes on.
 */
function readFileTexts(): Promise<void> {
  if (state.texts) {
    state.textsAgain = true;
    return state.texts;
  }
  state.texts = (async () => {
    for (let step = 0; step < TEXT_STEPS && !state.stopped; step++) {
      state.textsAgain = false;
      try {
        const { read } = await runTextsWorker();
        if (read > 0) requestReindex('Text aus Dateien gelesen');
      } catch (err) {
        process.stderr.write(`Suchindex: Lesen der Dateitexte abgebrochen: ${(err as Error).message}\n`);
        requestReindex('Text aus Dateien gelesen');
        state.textsAgain = true;
      }
      if (!state.textsAgain || !textsToRead()) break;
    }
  })().finally(() => {
    state.texts = null;
  });
  return state.texts;
}

/**
 * Asks for the search index to catch up with the database (after a Beitrag was
 * published, archived or changed visibility). Returns at once; the build runs debounced
 * in a separate process, and requests during a build lead to exactly one more build.
 * Does nothing in a process that has not called startSearchIndexing().
 */
export function requestReindex(reason = 'Änderung an Beiträgen'): void {
  if (!state.enabled) return;
  state.reasons.push(reason);
  if (state.debounce) clearTimeout(state.debounce);
  state.debounce = setTimeout(() => {
    state.debounce = null;
    const reasons = [...new Set(state.reasons)].join(', ');
    state.reasons = [];
    if (textsToRead()) void readFileTexts();
    // Listing the entries takes a while at a large hub (about 25 ms per 10,000 Beiträge, on the
    // server's event loop): the hash taken here is the one a build started right away records.
    let seen: string | undefined;
    try {
      seen = entriesHash();
      if (state.builtEntries !== null && state.builtEntries === seen && readPointer()) return;
    } catch (err) {
      // The build itself will report what is wrong with the database.
      process.stderr.write(`Suchindex: Prüfung auf Änderungen fehlgeschlagen: ${(err as Error).message}\n`);
    }
    if (readPointer()) return void requestLane('recent', reasons, seen);
    // Without a usable index (first start, or an index of an older format) a recent build has
    // nothing to build on; a full build in progress is followed by a recent one if anything changed meanwhile.
    if (!state.lanes.full.running) void requestLane('full', reasons);
  }, envMs('WISSENSNETZ_SEARCH_DEBOUNCE_MS', 300));
  state.debounce.unref();
}

/** Rebuilds every index from scratch (operator CLI, Kreis admins); resolves when done. */
export async function rebuildSearchIndex(reason = 'Gesamtaufbau angefordert'): Promise<BuildStatus> {
  if (textsToRead()) await readFileTexts();
  return requestLane('full', reason);
}

export interface SearchStatus {
  pointer: SearchPointer | null;
  /** Builds in progress, and 'texts' while the text of attached files is read. */
  running: (BuildMode | 'texts')[];
  /** A reindex was requested and waits for its debounce. */
  pending: boolean;
  history: BuildStatus[];
}

export function getSearchStatus(): SearchStatus {
  const running: SearchStatus['running'] = (['full', 'recent'] as const).filter((m) => state.lanes[m].running !== null);
  if (state.texts) running.push('texts');
  return { pointer: readPointer(), running, pending: state.debounce !== null, history: readBuildHistory() };
}

/**
 * Starts indexing for a server: one catch-up build now, then a cheap check every second
 * whether another process (operator CLI, a script) changed the database.
 */
export function startSearchIndexing(): void {
  state.enabled = true;
  state.stopped = false;
  removeStaleGenerations();
  warmFirstPage(searchClientConfig(null)?.bundles);
  requestReindex('Serverstart');
  if (state.poll) return;
  state.poll = setInterval(() => {
    if (!state.enabled) return;
    const version = getDb().$client.pragma('data_version', { simple: true }) as number;
    if (state.dataVersion !== null && version !== state.dataVersion) requestReindex('Datenbank durch anderen Prozess geändert');
    state.dataVersion = version;
  }, envMs('WISSENSNETZ_SEARCH_POLL_MS', 1000));
  state.poll.unref();
}

/** Stops indexing; resolves when running builds have ended. */
export function stopSearchIndexing(): Promise<void> {
  state.enabled = false;
  state.stopped = true;
  if (state.poll) clearInterval(state.poll);
  if (state.debounce) clearTimeout(state.debounce);
  state.poll = null;
  state.debounce = null;
  return killWorkers();
}
