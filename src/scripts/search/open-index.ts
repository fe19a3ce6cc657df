import type { SearchState } from './hit';
import { loadPagefind, type Pagefind, type PagefindModule, type PagefindResult } from './pagefind';
import { runQuery, type QueryOutcome } from './run';
import { bundleVocabulary, type Vocabulary } from './words';

// An index as the search page searches it: in the browser (page.ts), and in the server's
// first-page thread (src/lib/search/first-page-thread.ts), which gives `fetch` and the loading of
// pagefind's script its own meaning.

/** The bundles, pagefind with them merged, their word lists and dates. */
export interface OpenIndex {
  bundles: string[];
  pagefind: Pagefind;
  vocabulary: Vocabulary;
  /** The Stand of every page by pagefind id, from each bundle's stand.json; loaded on the first date sort. */
  stands: Promise<Map<string, string>> | null;
}

const json = async <T>(url: string): Promise<T | null> => {
  const res = await fetch(url);
  return res.ok ? ((await res.json()) as T) : null;
};

export async function openIndex(bundles: string[], load?: (script: string) => Promise<PagefindModule>): Promise<OpenIndex> {
  const pagefind = await loadPagefind(bundles, load);
  return { bundles, pagefind, vocabulary: bundleVocabulary(bundles, (url) => json<Record<string, number>>(url)), stands: null };
}

function loadStands(of: OpenIndex): Promise<Map<string, string>> {
  return (of.stands ??= Promise.all(of.bundles.map(async (b) => (await json<Record<string, string>>(`${b}stand.json`)) ?? {}))
    .then((maps) => new Map<string, string>(maps.flatMap((m) => Object.entries(m))))
    .catch(() => {
      of.stands = null; // try again with the next search
      return new Map<string, string>();
    }));
}

/** A search's results in the order the page shows them: by relevance, or every match newest Stand first (equal dates keep their order). */
export async function sortedResults(of: OpenIndex, state: SearchState): Promise<{ res: QueryOutcome; sorted: PagefindResult[] }> {
  const res = await runQuery(of.pagefind, state.q, state.filters, of.vocabulary);
  const stand = state.sort === 'datum' ? await loadStands(of) : null;
  const sorted = stand ? [...res.results].sort((a, b) => (stand.get(b.id) ?? '').localeCompare(stand.get(a.id) ?? '')) : res.results;
  return { res, sorted };
}
