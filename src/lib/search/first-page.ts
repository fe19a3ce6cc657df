import { Worker } from 'node:worker_threads';
import type { SearchState } from '../../scripts/search/hit';
import type { FirstPageAnswer, FirstPageReply, FirstPageRequest } from './first-page-thread';
import { INDEX_URL_PREFIX } from './files';
import { searchDir } from './layout';
import { scriptFor } from './worker-bundle';

// A search page opened with a query (a link, the form sent, a browser without JavaScript) shows
// its first results from the server: the browser downloads the index, whose table of pages grows
// with the hub (about 1 MB at 100,000 Beiträge), only when the person searches on. The search
// runs in a thread of its own (first-page-thread.ts) with the same code and the same files the
// browser would use, so the page shows what the browser would have found. Whatever fails here
// (slow, busy, broken) only leaves the first search to the browser, as before.

export type { FirstPageAnswer };

function envMs(name: string, fallback: number): number {
  const set = process.env[name];
  const v = Number(set);
  return set && Number.isFinite(v) && v >= 0 ? v : fallback;
}
/** Waiting longer for the first page: the page is sent without it and the browser searches. */
const timeoutMs = () => envMs('WISSENSNETZ_SEARCH_FIRST_PAGE_MS', 4000);
/**
 * A search the thread has worked on this long hangs (a file pagefind waits for forever): the
 * thread is ended and the searches waiting behind it go to a new one. Far above any real search
 * (the slowest seen: 4 s at 100,000 Beiträge), which goes on after the page has been sent
 * without it, so that its answer is kept for the next person who asks.
 */
const hangMs = () => envMs('WISSENSNETZ_SEARCH_FIRST_PAGE_HANG_MS', 60_000);
/** Searches waiting beyond these are not asked for: the browser searches (a flood of queries cannot pile up). */
const MAX_WAITING = 8;
/** Opening a large hub's index for the first time takes a while: a warm-up may take this long. */
const WARM_MS = 120_000;
/** The thread's own heap; an index that needs more ends the thread (and the next search starts a new one). */
const THREAD_HEAP_MB = 768;

/** A search on its way: sent to a thread, perhaps given up on already (then its answer is only kept by the thread). */
interface Asked {
  request: FirstPageRequest;
  done: (answer: FirstPageAnswer | null) => void;
}

interface Thread {
  worker: Worker;
  waiting: Map<number, Asked>;
  /** Ends the thread when the search it began does not finish. */
  watchdog: NodeJS.Timeout | null;
  ended: boolean;
}

// Shared by every copy of this module in the process: the start script (whose scheduler warms the
// thread after each new index) and the pages are bundled apart.
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('wissensnetz.search.firstPage')] ??= { thread: null, nextId: 0 }) as {
  thread: Thread | null;
  nextId: number;
};

function startThread(): Thread {
  const script = scriptFor('search-thread', process.env['WISSENSNETZ_ROOT'] ?? process.cwd());
  const worker = new Worker(script.file, {
    execArgv: script.tsx ? ['--import', 'tsx'] : [],
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  const t: Thread = { worker, waiting: new Map(), watchdog: null, ended: false };
  worker.unref();
  worker.on('message', (reply: FirstPageReply) => {
    if (t.watchdog) clearTimeout(t.watchdog);
    t.watchdog = null;
    if ('started' in reply) {
      t.watchdog = setTimeout(() => hung(t, reply.id), hangMs());
      t.watchdog.unref();
      return;
    }
    const asked = t.waiting.get(reply.id);
    t.waiting.delete(reply.id);
    if ('error' in reply) process.stderr.write(`Search first page: ${reply.error}\n`);
    asked?.done('answer' in reply ? reply.answer : null);
  });
  const end = (why: string) => {
    if (t.ended) return;
    t.ended = true;
    if (t.watchdog) clearTimeout(t.watchdog);
    if (shared.thread === t) shared.thread = null;
    for (const asked of t.waiting.values()) asked.done(null);
    t.waiting.clear();
    process.stderr.write(`Search first page: the thread ended (${why}); a new one starts with the next search\n`);
  };
  worker.on('error', (err: Error) => end(err.message));
  worker.on('exit', (code) => end(`exit code ${code}`));
  return t;
}

/** Ends a thread stuck on one search; the searches waiting behind it are asked of a new thread. */
function hung(t: Thread, id: number): void {
  const behind = [...t.waiting].filter(([other]) => other !== id).map(([, asked]) => asked);
  t.waiting.get(id)?.done(null);
  t.waiting.clear();
  t.ended = true;
  if (shared.thread === t) shared.thread = null;
  process.stderr.write(`Search first page: a search took longer than ${hangMs()} ms; the thread was ended\n`);
  void t.worker.terminate();
  for (const asked of behind) send(asked);
}

/** Hands a search to the thread (started when there is none); false when none can be started. */
function send(asked: Asked): boolean {
  try {
    shared.thread ??= startThread();
  } catch (err) {
    process.stderr.write(`Search first page: cannot start its thread (${(err as Error).message}); the browser searches instead\n`);
    asked.done(null);
    return false;
  }
  shared.thread.waiting.set(asked.request.id, asked);
  shared.thread.worker.postMessage(asked.request);
  return true;
}

/**
 * The first page of results of `state` from `offset` on, searched in the bundles the viewer may
 * read (`bundles`: their URLs, as searchClientConfig gives them to the page); null when the
 * server cannot answer in time (the browser then searches itself).
 */
export async function searchFirstPage(bundles: string[], state: SearchState, offset = 0, warm = false): Promise<FirstPageAnswer | null> {
  if (timeoutMs() === 0 || bundles.length === 0) return null;
  if ((shared.thread?.waiting.size ?? 0) >= MAX_WAITING) return null;
  const limit = warm ? WARM_MS : timeoutMs();
  const names = bundles.map((b) => b.slice(INDEX_URL_PREFIX.length + 1).replace(/\/$/, ''));
  const request: FirstPageRequest = { id: ++shared.nextId, searchRoot: searchDir(), bundles: names, state, offset, warm };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: FirstPageAnswer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    // Given up on, the search stays with the thread: it still counts as waiting, and its answer is kept there.
    const timer = setTimeout(() => settle(null), limit);
    send({ request, done: settle });
  });
}

/**
 * Opens the index an anonymous visitor searches in the thread, so that the first person to
 * search after a start or a new index does not wait for it (about a second at 100,000
 * Beiträge); called by the scheduler of a server after each switch. Audiences of signed-in
 * people are opened when they first search.
 */
export function warmFirstPage(bundles: string[] | undefined): void {
  if (bundles && bundles.length > 0) void searchFirstPage(bundles, { q: '', filters: {}, sort: 'relevanz' }, 0, true);
}
