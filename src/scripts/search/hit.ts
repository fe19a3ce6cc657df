import { excerptParts, type ExcerptPart } from './excerpt';

/** Results shown at once, and added by "Weitere Treffer anzeigen". */
export const PAGE_SIZE = 10;

/** A result as the page shows it: its address, its excerpt (pagefind's) and its unpacked facts. */
export interface Hit {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}

/** What a result's card says; the server's first page (src/pages/suche) and the script render the same. */
export interface HitView {
  url: string;
  title: string;
  /** Art · Kommune · Stand */
  facts: string;
  topics: string[];
  excerpt: ExcerptPart[];
}

function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

export function viewOf(hit: Hit): HitView {
  const m = hit.meta;
  return {
    url: hit.url,
    title: m['title'] ?? hit.url,
    facts: [m['art'], m['kommune'], m['stand'] ? `Stand: ${formatDate(m['stand'])}` : ''].filter(Boolean).join(' · '),
    topics: (m['themen'] ?? '').split(', ').filter(Boolean),
    excerpt: excerptParts(hit.excerpt),
  };
}

/** The status line after a search: how many results, for which words, with or without filters. */
export function statusText(count: number, o: { q: string; suggestion: string | null; ranSuggestion: boolean; filtered: boolean }): string {
  const what = o.ranSuggestion ? ` für „${o.suggestion}“` : o.q ? ` für „${o.q}“` : '';
  const filtered = o.filtered ? ' mit den gewählten Filtern' : '';
  return count === 0
    ? `Keine Treffer${what}${filtered}. Versuchen Sie einen anderen Suchbegriff oder entfernen Sie Filter.`
    : `${count.toLocaleString('de-DE')} Treffer${what}${filtered}.`;
}

export const FILTER_KEYS = ['kommune', 'themenfeld', 'art', 'jahr'] as const;

/** A search as the address holds it. */
export interface SearchState {
  q: string;
  filters: Record<string, string>;
  sort: 'relevanz' | 'datum';
}

/** The search of an address's parameters, as both the page's server code and its script read it. */
export function stateOf(params: URLSearchParams): SearchState {
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  // A title copied from a page carries the soft hyphens the hub puts into long words (Chromium copies them).
  return { q: (params.get('q') ?? '').replace(/\u00ad/g, '').trim().slice(0, 200), filters, sort: params.get('sortierung') === 'datum' ? 'datum' : 'relevanz' };
}

export function sameState(a: SearchState, b: SearchState): boolean {
  return a.q === b.q && a.sort === b.sort && FILTER_KEYS.every((k) => (a.filters[k] ?? '') === (b.filters[k] ?? ''));
}
