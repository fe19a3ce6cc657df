/** The parts of pagefind's browser API that the search page uses. */
export interface PagefindResult {
  id: string;
  score: number;
  /** Positions in the page of the words that matched (from the index: nothing is downloaded for them). */
  words: number[];
  data: () => Promise<{ url: string; excerpt: string; meta: Record<string, string>; weighted_locations?: { weight: number; location: number }[]; content?: string }>;
}

export interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}

export interface Pagefind {
  mergeIndex: (path: string, o?: Record<string, unknown>) => Promise<void>;
  search: (term: string | null, o?: { filters?: Record<string, string> }) => Promise<PagefindSearch>;
  filters: () => Promise<Record<string, Record<string, number>>>;
  destroy: () => Promise<void>;
}

export interface PagefindModule {
  createInstance: (o: Record<string, unknown>) => Pagefind;
}

/**
 * Pagefind waits forever (a console error, no rejection) for an index whose entry file it
 * cannot read, so the search page would hang: each bundle's entry is checked first.
 */
async function checkEntry(bundle: string): Promise<void> {
  const res = await fetch(`${bundle}pagefind-entry.json`);
  if (!res.ok) throw new Error(`search index ${bundle}: HTTP ${res.status}`);
  const entry = (await res.json()) as { languages?: Record<string, unknown> };
  if (!entry.languages || Object.keys(entry.languages).length === 0) throw new Error(`search index ${bundle}: no language`);
}

/**
 * Pagefind's ranking, tuned for a hub of many long Beiträge: words close to the query
 * (whole words, short extensions) well above long extensions, and long texts that mention
 * a word in passing below short ones about it. Title, tags and summary weigh through the
 * weights in the indexed HTML (src/lib/search/bundle.ts) and the title meta. A long
 * extension counts little (termSimilarity 5): the compound it mostly is ("Stadtwerke" for
 * "Stadt") is matched through its indexed parts already, at the weight of its role, and
 * pagefind would add the extension again with the high weight of a rare word.
 */
export const RANKING = { termSimilarity: 5.0, pageLength: 0.9, termSaturation: 1.0, metaWeights: { title: 6.0, d: 0 } };

/**
 * Options of every index the page loads, the first and each merged one. An excerpt of 30
 * words (pagefind's default) counts the "_" that stand for the parts of compounds
 * (compact.ts): a reader sees a few words fewer.
 */
export const INDEX_OPTIONS = { excerptLength: 30, ranking: RANKING };

/** Paths of index files that pagefind's worker could not download, even when it tried again. */
const failedFiles = new Set<string>();
let watching = false;

/**
 * Pagefind keeps a chunk whose download failed as loaded and answers as if it were empty. Its
 * worker (with our lines before pagefind's, WORKER_RETRY in src/lib/search/bundle.ts) tries each
 * index file three times and then posts the file's path to the page, ahead of the answer that
 * misses it; this listens to the workers the page starts for that message.
 */
function watchWorkerFailures(): void {
  if (watching || typeof Worker === 'undefined') return;
  watching = true;
  const Plain = Worker;
  globalThis.Worker = class extends Plain {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent) => {
        const failed = (e.data as { wissensnetzIndexFileFailed?: unknown } | null)?.wissensnetzIndexFileFailed;
        if (typeof failed === 'string') failedFiles.add(new URL(failed, location.href).pathname);
      });
    }
  };
}

const inBundles = (file: string, bundles: string[]) => bundles.some((b) => file.startsWith(new URL(b, location.href).pathname));

/** Whether an index file of these bundles could not be downloaded: their pagefind instance misses words. */
export function indexIncomplete(bundles: string[]): boolean {
  for (const file of failedFiles) if (inBundles(file, bundles)) return true;
  return false;
}

/**
 * Loads pagefind from the first bundle (our own origin; the server's first-page thread passes
 * its own `load`, as Node cannot import from a URL) and merges the others into an instance of its own: a page that follows a rebuilt index opens a new one, which holds
 * nothing of the bundles merged before (the module's default instance would keep them).
 */
export async function loadPagefind(bundles: string[], load: (script: string) => Promise<PagefindModule> = (script) => import(/* @vite-ignore */ script) as Promise<PagefindModule>): Promise<Pagefind> {
  const [primary, ...others] = bundles;
  if (!primary) throw new Error('no search bundle');
  watchWorkerFailures();
  // Opened anew: what failed for an earlier instance of these bundles is downloaded again.
  for (const file of [...failedFiles]) if (inBundles(file, bundles)) failedFiles.delete(file);
  await Promise.all(bundles.map(checkEntry));
  const module = await load(`${primary}pagefind.js`);
  const pagefind = module.createInstance({ basePath: primary, ...INDEX_OPTIONS });
  try {
    // Pagefind gives a merged index only the options passed here, not the first one's: without
    // them every further shard, the intern and the Kommune index ranked by pagefind's defaults.
    for (const other of others) await pagefind.mergeIndex(other, INDEX_OPTIONS);
  } catch (err) {
    await pagefind.destroy().catch(() => undefined);
    throw err;
  }
  return pagefind;
}
