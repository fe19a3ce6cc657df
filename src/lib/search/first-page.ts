import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SearchState } from '../../scripts/search/hit';
import type { FirstPageAnswer, FirstPageReply, FirstPageRequest } from './first-page-thread';
import { INDEX_URL_PREFIX } from './files';
import { searchDir } from './layout';
import { sourceWorkerBundle } from './worker-bundle';

// A search page opened with a query (a link, the form sent, a browser without JavaScript) shows
// its first results from the server: the browser downloads the index, whose table of pages grows
// with the hub (about 1 MB at 100,000 Beiträge), only when the person searches on. The search
// runs in a thread of its own (first-page-thread.ts) with the same code and the same files the
// browser would use, so the page shows what the browser would have found. Whatever fails here
// (slow, busy, broken) only leaves the first search to the browser, as before.

export type { FirstPageAnswer };

/** Waiting longer for the first page: the page is sent without it and the browser searches. */
function timeoutMs(): number {
  const set = process.env['WISSENSNETZ_SEARCH_FIRST_PAGE_MS'];
  const v = Number(set);
  return set && Number.isFinite(v) && v >= 0 ? v : 4000;
}
/** Searches waiting beyond these are not asked for: the browser searches (a flood of queries cannot pile up). */
const MAX_WAITING = 8;
/** Opening a large hub's index for the first time takes a while: a warm-up may take this long. */
const WARM_MS = 120_000;
/** The thread's own heap; an index that needs more ends the thread (and the next search starts a new one). */
const THREAD_HEAP_MB = 768;

interface Thread {
  worker: Worker;
  waiting: Map<number, (answer: FirstPageAnswer | null) => void>;
  /** When the thread last answered (or started). */
  answeredAt: number;
}

// Shared by every copy of this module in the process: the start script (whose scheduler warms the
// thread after each new index) and the pages are bundled apart.
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('wissensnetz.search.firstPage')] ??= { thread: null, nextId: 0, reported: false }) as {
  thread: Thread | null;
  nextId: number;
  reported: boolean;
};

function report(message: string): void {
  if (shared.reported) return;
  shared.reported = true;
  process.stderr.write(`Search first page: ${message}; the browser searches instead\n`);
}

/** The thread's script: bundled next to the production start script, otherwise from the sources. */
function threadScript(): { file: string; execArgv: string[] } {
  const root = process.env['WISSENSNETZ_ROOT'] ?? process.cwd();
  const bundled = path.join(root, 'dist', 'cli', 'search-thread.mjs');
  if (path.resolve(path.dirname(process.argv[1] ?? '')) === path.dirname(bundled)) return { file: bundled, execArgv: [] };
  const made = sourceWorkerBundle(root, 'search-thread');
  return made ? { file: made, execArgv: [] } : { file: path.join(root, 'src', 'lib', 'search', 'first-page-thread.ts'), execArgv: ['--import', 'tsx'] };
}

function startThread(): Thread {
  const { file, execArgv } = threadScript();
  const worker = new Worker(file, { execArgv, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB }, stdout: false, stderr: false });
  const t: Thread = { worker, waiting: new Map(), answeredAt: Date.now() };
  worker.unref();
  worker.on('message', (reply: FirstPageReply) => {
    t.answeredAt = Date.now();
    const done = t.waiting.get(reply.id);
    t.waiting.delete(reply.id);
    if ('error' in reply) process.stderr.write(`Search first page: ${reply.error}\n`);
    done?.('answer' in reply ? reply.answer : null);
  });
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    if (shared.thread === t) shared.thread = null;
    for (const done of t.waiting.values()) done(null);
    t.waiting.clear();
    process.stderr.write(`Search first page: the thread ended (${why}); a new one starts with the next search\n`);
  };
  worker.on('error', (err: Error) => end(err.message));
  worker.on('exit', (code) => end(`exit code ${code}`));
  return t;
}

/**
 * The first page of results of `state` from `offset` on, searched in the bundles the viewer may
 * read (`bundles`: their URLs, as searchClientConfig gives them to the page); null when the
 * server cannot answer in time (the browser then searches itself).
 */
export async function searchFirstPage(bundles: string[], state: SearchState, offset = 0, warm = false): Promise<FirstPageAnswer | null> {
  const limit = warm ? WARM_MS : timeoutMs();
  if (warm && timeoutMs() === 0) return null;
  if (limit === 0 || bundles.length === 0) return null;
  const names = bundles.map((b) => b.slice(INDEX_URL_PREFIX.length + 1).replace(/\/$/, ''));
  try {
    shared.thread ??= startThread();
  } catch (err) {
    report(`cannot start its thread (${(err as Error).message})`);
    return null;
  }
  const t = shared.thread;
  if (t.waiting.size >= MAX_WAITING) return null;
  const id = ++shared.nextId;
  const request: FirstPageRequest = { id, searchRoot: searchDir(), bundles: names, state, offset, warm };
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Answered later, the answer is dropped; the thread goes on with the next. A thread that
      // answered nothing in all that time hangs on one search (a file pagefind waits for
      // forever): it is ended, and the next search starts a new one.
      t.waiting.set(id, () => undefined);
      resolve(null);
      if (Date.now() - t.answeredAt >= limit) {
        if (shared.thread === t) shared.thread = null;
        void t.worker.terminate();
      }
    }, limit);
    t.waiting.set(id, (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    t.worker.postMessage(request);
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
