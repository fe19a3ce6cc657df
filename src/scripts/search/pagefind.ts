/** The parts of pagefind's browser API that the search page uses. */
export interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<{ url: string; excerpt: string; meta: Record<string, string> }>;
}

export interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}

export interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  mergeIndex: (path: string, o?: Record<string, unknown>) => Promise<void>;
  search: (term: string | null, o?: { filters?: Record<string, string> }) => Promise<PagefindSearch>;
  filters: () => Promise<Record<string, Record<string, number>>>;
}

/** Loads pagefind from the first bundle (our own origin) and merges the others. */
export async function loadPagefind(bundles: string[]): Promise<Pagefind> {
  const [primary, ...others] = bundles;
  if (!primary) throw new Error('no search bundle');
  const pagefind = (await import(/* @vite-ignore */ `${primary}pagefind.js`)) as Pagefind;
  await pagefind.options({ basePath: primary, excerptLength: 28 });
  for (const other of others) await pagefind.mergeIndex(other);
  return pagefind;
}
