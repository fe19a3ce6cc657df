import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { PAGE_SIZE, type Hit, type SearchState } from '../../scripts/search/hit';
import { unpackMeta } from '../../scripts/search/meta';
import { openIndex, sortedResults, type OpenIndex } from '../../scripts/search/open-index';
import type { PagefindModule } from '../../scripts/search/pagefind';

// The thread in which the server runs a search page's first query (first-page.ts): pagefind's
// browser client and the page's own query code (src/scripts/search) over the bundles on disk,
// so the answer is the one the browser would have found. The thread has its own `fetch`, which
// reads index files of the data folder and nothing else: pagefind asks for its files with it.

export interface FirstPageRequest {
  id: number;
  /** The data folder's search directory. */
  searchRoot: string;
  /** The bundles the viewer may read ("<generation>/<folder>"), public first, as the page merges them. */
  bundles: string[];
  state: SearchState;
  offset: number;
  /** Only open the index (and load what any search needs), for the searches to come. */
  warm?: boolean;
}

export interface FirstPageAnswer {
  total: number;
  hits: Hit[];
  suggestion: string | null;
  ranSuggestion: boolean;
  /** Answered from the answers kept for these bundles (the same search asked before). */
  kept?: boolean;
}

/** `started`: the thread begins this search now (first-page.ts ends a thread that never finishes one). */
export type FirstPageReply = { id: number; answer: FirstPageAnswer } | { id: number; error: string } | { id: number; started: true };

/** The host the thread's pagefind instances load from; no request ever leaves the thread. */
const ORIGIN = 'http://suche.invalid';
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const roots: string[] = [];
const rootIndex = (root: string) => (roots.includes(root) ? roots.indexOf(root) : roots.push(root) - 1);

/** Index files of a data folder by their URL here: /<root>/<generation>/<folder>/<file…>. */
async function readIndexFile(url: URL): Promise<Response> {
  if (url.origin !== ORIGIN) return new Response(null, { status: 404 });
  const [root, ...parts] = url.pathname.split('/').filter(Boolean);
  const dir = roots[Number(root)];
  if (!dir || parts.length < 3 || parts.length > 4 || !parts.every((p) => SEGMENT.test(p))) return new Response(null, { status: 404 });
  try {
    return new Response(await fs.readFile(path.join(dir, ...parts)));
  } catch {
    return new Response(null, { status: 404 });
  }
}

globalThis.fetch = async (input: string | URL | Request) => readIndexFile(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url));

const modules = new Map<string, Promise<PagefindModule>>();

/**
 * Pagefind's script of a bundle, imported once per distinct text: every build writes the same
 * script into each of its bundles, and a module once imported stays in memory for good.
 */
async function pagefindModule(file: string): Promise<PagefindModule> {
  const text = await fs.readFile(file);
  const key = createHash('sha256').update(text).digest('hex');
  let module = modules.get(key);
  if (!module) {
    module = import(pathToFileURL(file).href) as Promise<PagefindModule>;
    module.catch(() => modules.get(key) === module && modules.delete(key));
    modules.set(key, module);
  }
  return module;
}

/** Open indexes by their bundles; each holds what it downloaded, so a few only (the audiences of those who search). */
const open = new Map<string, Promise<OpenIndex>>();
const KEEP = 8;

/** The index of these bundles of a data folder, opened as the browser opens it (the entries checked first, the others merged with the page's options). */
function openIn(searchRoot: string, bundles: string[]): Promise<OpenIndex> {
  const r = rootIndex(searchRoot);
  const [primary] = bundles;
  if (!primary) return Promise.reject(new Error('no bundle'));
  return openIndex(
    bundles.map((b) => `${ORIGIN}/${r}/${b}/`),
    () => pagefindModule(path.join(searchRoot, primary, 'pagefind.js')),
  );
}

function indexOf(searchRoot: string, bundles: string[]): Promise<OpenIndex> {
  const key = `${searchRoot}\n${bundles.join('\n')}`;
  let found = open.get(key);
  if (found) {
    open.delete(key); // most recently used last
  } else {
    found = openIn(searchRoot, bundles);
    // One that failed to open is opened anew next time.
    found.catch(() => open.get(key) === found && open.delete(key));
  }
  open.set(key, found);
  while (open.size > KEEP) {
    const [oldest, index] = open.entries().next().value as [string, Promise<OpenIndex>];
    open.delete(oldest);
    void index.then((i) => i.pagefind.destroy()).catch(() => undefined);
  }
  return found;
}

/**
 * Answers of the searches asked last, by bundles and search: bundles never change (a new index
 * has new names), so an answer holds as long as they are served, and a word that stands in most
 * Beiträge (seconds of pagefind's time at 100,000) is searched once.
 */
const answers = new Map<string, FirstPageAnswer>();
const KEPT_ANSWERS = 200;

async function answer(req: FirstPageRequest): Promise<FirstPageAnswer> {
  if (req.warm) return search(req);
  const key = JSON.stringify([req.searchRoot, req.bundles, req.state.q, Object.entries(req.state.filters).sort(), req.state.sort, req.offset]);
  const kept = answers.get(key);
  if (kept) {
    answers.delete(key); // most recently used last
    answers.set(key, kept);
    return { ...kept, kept: true };
  }
  const found = await search(req);
  answers.set(key, found);
  while (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value as string);
  return found;
}

/** The search page's query (src/scripts/search/page.ts, `show`), from `offset` on. */
async function search(req: FirstPageRequest): Promise<FirstPageAnswer> {
  const of = await indexOf(req.searchRoot, req.bundles);
  const { state } = req;
  if (req.warm) {
    // Any word loads pagefind's WebAssembly and the metadata of every bundle; the filters too.
    await of.pagefind.search('wissensnetz');
    await of.pagefind.filters();
    return { total: 0, hits: [], suggestion: null, ranSuggestion: false };
  }
  const { res, sorted } = await sortedResults(of, state);
  const hits = await Promise.all(
    sorted.slice(req.offset, req.offset + PAGE_SIZE).map(async (r) => {
      const data = await r.data();
      return { url: data.url, excerpt: data.excerpt, meta: unpackMeta(data.meta) };
    }),
  );
  return { total: sorted.length, hits, suggestion: res.suggestion, ranSuggestion: res.ranSuggestion };
}

// One search after the other: each is short, and pagefind's instances are not made for overlapping searches.
let queue: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (req: FirstPageRequest) => {
  queue = queue.then(async () => {
    parentPort!.postMessage({ id: req.id, started: true } satisfies FirstPageReply);
    let reply: FirstPageReply;
    try {
      reply = { id: req.id, answer: await answer(req) };
    } catch (err) {
      reply = { id: req.id, error: (err as Error).message ?? String(err) };
    }
    parentPort!.postMessage(reply);
  });
});
