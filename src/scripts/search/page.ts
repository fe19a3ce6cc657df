import { FILTER_KEYS, PAGE_SIZE, sameState, stateOf, statusText, viewOf, type Hit, type SearchState } from './hit';
import { unpackMeta } from './meta';
import { openIndex, sortedResults, type OpenIndex } from './open-index';
import { indexIncomplete, type PagefindResult } from './pagefind';
import { runQuery } from './run';

/** A search that has not answered after this long is reported as an index that cannot be loaded. */
const NO_ANSWER_MS = 20_000;
const UNAVAILABLE =
  'Der Suchindex konnte nicht geladen werden, die Suche ist deshalb gerade nicht verfügbar. Bitte laden Sie die Seite in einigen Minuten neu. Alle Beiträge finden Sie auch über die Seiten der Kommunen.';

const root = document.querySelector<HTMLElement>('[data-search-root]');
const form = document.querySelector<HTMLFormElement>('[data-search-form]');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderHit(hit: Hit): HTMLLIElement {
  const view = viewOf(hit);
  const li = el('li');
  const article = el('article', { class: 'card search-hit' });
  const h2 = el('h2');
  h2.append(el('a', { href: view.url }, view.title));
  article.append(h2, el('p', { class: 'meta' }, view.facts));
  if (view.topics.length > 0) {
    const ul = el('ul', { class: 'badges', 'aria-label': 'Themenfelder' });
    for (const t of view.topics) ul.append(el('li', { class: 'badge' }, t));
    article.append(ul);
  }
  const p = el('p', { class: 'excerpt' });
  for (const part of view.excerpt) p.append(part.mark ? el('mark', {}, part.text) : document.createTextNode(part.text));
  article.append(p);
  li.append(article);
  return li;
}

const readState = (): SearchState => stateOf(new URLSearchParams(location.search));

function fillForm(state: SearchState): void {
  if (!form) return;
  (form.elements.namedItem('q') as HTMLInputElement).value = state.q;
  for (const key of FILTER_KEYS) ensureOption(key, state.filters[key] ?? '');
  (form.elements.namedItem('sortierung') as HTMLSelectElement).value = state.sort;
}

function select(key: string): HTMLSelectElement {
  return form!.elements.namedItem(key) as HTMLSelectElement;
}

function ensureOption(key: string, value: string): void {
  const s = select(key);
  if (value && ![...s.options].some((o) => o.value === value)) s.append(el('option', { value }, value));
  s.value = value;
}

/**
 * Shows the number of matches next to every filter value; adds values the index knows. Pagefind
 * counts only once it has loaded its filter index: until then (no counts at all) the values
 * stand without a number rather than with a wrong "(0)".
 */
function showCounts(counts: Record<string, Record<string, number>>): void {
  const known = Object.keys(counts).length > 0;
  for (const key of FILTER_KEYS) {
    const s = select(key);
    const values = counts[key] ?? {};
    for (const value of Object.keys(values).sort((a, b) => (key === 'jahr' ? b.localeCompare(a) : a.localeCompare(b, 'de')))) {
      if (![...s.options].some((o) => o.value === value)) s.append(el('option', { value }, value));
    }
    for (const option of s.options) {
      if (!option.value) continue;
      option.dataset['label'] ??= option.textContent ?? option.value;
      option.textContent = known ? `${option.dataset['label']} (${values[option.value] ?? 0})` : option.dataset['label'];
    }
  }
}

/** The bundles the server serves this session now (src/pages/suche/daten/aktuell.json.ts); null when it cannot say. */
async function currentBundles(): Promise<string[] | null> {
  try {
    const res = await fetch('/suche/daten/aktuell.json', { cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as { bundles?: unknown };
    return Array.isArray(body.bundles) && body.bundles.every((b) => typeof b === 'string') ? (body.bundles as string[]) : null;
  } catch {
    return null;
  }
}

const sameBundles = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

async function start(): Promise<void> {
  if (!root || !form) return;
  const status = root.querySelector<HTMLElement>('[data-search-status]')!;
  const list = root.querySelector<HTMLOListElement>('[data-search-results]')!;
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]')!;
  const alert = root.querySelector<HTMLElement>('[data-search-error]')!;
  const unavailable = () => {
    status.textContent = '';
    alert.textContent = UNAVAILABLE;
  };
  let index: OpenIndex | null = null;
  let wanted = JSON.parse(root.dataset['bundles'] ?? '[]') as string[];
  /**
   * The index of the bundles the server serves now. A page opened before the index was
   * rebuilt asks before each search (not before the first: the page has just been rendered
   * with the current bundles), so it never fetches files of bundles that are served no more.
   */
  const indexNow = async (ask: boolean): Promise<OpenIndex> => {
    if (ask) {
      const now = await currentBundles();
      if (now && now.length > 0) wanted = now;
    }
    if (!index || !sameBundles(index.bundles, wanted)) {
      const previous = index;
      index = await openIndex(wanted);
      // Results still shown from the previous index fetch their next page from it: a failure there runs the search again.
      void previous?.pagefind.destroy().catch(() => undefined);
    }
    return index;
  };
  document.querySelector('[data-search-nojs]')?.remove();
  root.hidden = false;
  const hint = root.querySelector<HTMLElement>('[data-search-hint]')!;
  /** "Meinten Sie: …?" as a link to that search; when it was run instead, the page says so. */
  function showSuggestion(suggestion: string, ran: boolean, typed: string): void {
    const params = new URLSearchParams(location.search);
    params.set('q', suggestion);
    const link = el('a', { href: `${location.pathname}?${params}` }, suggestion);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      (form!.elements.namedItem('q') as HTMLInputElement).value = suggestion;
      apply();
    });
    if (ran) hint.append(`Keine Treffer für „${typed}“. Gezeigt werden die Treffer für `, link, '.');
    else hint.append('Meinten Sie: ', link, '?');
  }
  let shown: PagefindResult[] = [];
  let next = 0;
  let run = 0;
  let searched = false;
  /**
   * A search shown before pagefind loaded its filter index has no counts. They are loaded when
   * somebody turns to a filter, not with the first query: its download stays small.
   */
  let countsFor: { state: SearchState; of: OpenIndex | null; current: () => boolean } | null = null;
  async function loadCounts(): Promise<void> {
    const wanted = countsFor;
    if (!wanted) return;
    countsFor = null;
    const { state, current } = wanted;
    // Results from the server: the index is loaded now.
    const of = wanted.of ?? (await indexNow(true));
    await of.pagefind.filters();
    const res = await runQuery(of.pagefind, state.q, state.filters, of.vocabulary);
    if (current()) showCounts(res.filters);
  }

  async function hitOf(r: PagefindResult): Promise<Hit> {
    const data = await r.data();
    return { ...data, meta: unpackMeta(data.meta) };
  }

  /**
   * The first results came from the server (src/pages/suche): the index is loaded when more are
   * wanted, and the same search, run here, goes on after the ones shown.
   */
  let resumeAt: number | null = null;
  async function resume(): Promise<void> {
    const from = resumeAt!;
    const state = readState();
    // The page may have stood open while the index was rebuilt: the bundles served now.
    const of = await indexNow(true);
    const { sorted } = await sortedResults(of, state);
    if (indexIncomplete(of.bundles)) throw new Error('search index incomplete');
    if (resumeAt !== from || run !== 0) return;
    shown = sorted;
    next = from;
    resumeAt = null;
    await showMore();
  }

  async function showMore(): Promise<void> {
    const slice = shown.slice(next, next + PAGE_SIZE);
    const hits = await Promise.all(slice.map(hitOf));
    for (const hit of hits) list.append(renderHit(hit));
    next += slice.length;
    more.hidden = next >= shown.length;
  }

  /** One search with the index of `indexNow`; shows its results unless a newer search began. */
  async function show(state: SearchState, current: () => boolean, ask: boolean): Promise<void> {
    const active = Object.keys(state.filters).length > 0;
    const of = await indexNow(ask);
    const { pagefind } = of;
    if (!current()) return;
    if (!state.q && !active) {
      const counts = await pagefind.filters();
      if (!current()) return;
      alert.textContent = '';
      list.replaceChildren();
      more.hidden = true;
      showCounts(counts);
      status.textContent = 'Bitte geben Sie einen Suchbegriff ein oder wählen Sie einen Filter.';
      return;
    }
    const { res, sorted } = await sortedResults(of, state);
    if (!current()) return;
    const results = res.results;
    const first = await Promise.all(sorted.slice(0, PAGE_SIZE).map(hitOf));
    // A part of the index did not download: these results may miss Beiträge (search() opens it anew).
    if (indexIncomplete(of.bundles)) throw new Error('search index incomplete');
    if (!current()) return;
    alert.textContent = '';
    showCounts(res.filters);
    countsFor = Object.keys(res.filters).length === 0 ? { state, of, current } : null;
    if (res.suggestion) showSuggestion(res.suggestion, res.ranSuggestion, state.q);
    shown = sorted;
    resumeAt = null;
    list.removeAttribute('start');
    list.replaceChildren();
    for (const hit of first) list.append(renderHit(hit));
    next = first.length;
    more.hidden = next >= shown.length;
    status.textContent = statusText(results.length, { q: state.q, suggestion: res.suggestion, ranSuggestion: res.ranSuggestion, filtered: active });
  }

  /**
   * Runs the search of the address. The form is filled from the address only when the
   * address changed under it (back/forward): on page load the server rendered it, and what
   * somebody types while the index loads must not be overwritten. When the index cannot be
   * searched, the page asks which bundles are served now: after a rebuild it searches the
   * new ones, after a file that would not download it opens the same ones anew (a few times
   * at most); otherwise the search is unavailable.
   */
  async function search(fromHistory = false): Promise<void> {
    const state = readState();
    if (fromHistory) fillForm(state);
    hint.replaceChildren();
    const mine = ++run;
    const current = () => mine === run;
    status.textContent = state.q || Object.keys(state.filters).length > 0 ? 'Suche läuft …' : '';
    let ask = searched;
    searched = true;
    for (let attempt = 0; attempt < 3; attempt++) {
      // A search that never answers fails after a while; should it answer later, it is still shown.
      const work = show(state, current, ask);
      const failed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), NO_ANSWER_MS);
        work.then(
          () => resolve(false),
          () => resolve(true),
        ).finally(() => clearTimeout(timer));
      });
      if (!failed || !current()) return;
      // An index with a file that could not be downloaded is opened anew (pagefind would keep missing it).
      const incomplete = indexIncomplete(wanted);
      if (incomplete && index && sameBundles(index.bundles, wanted)) {
        void index.pagefind.destroy().catch(() => undefined);
        index = null;
      }
      const now = await currentBundles();
      if (!current()) return;
      if (!now || now.length === 0 || (sameBundles(now, wanted) && !incomplete)) break;
      wanted = now;
      ask = false;
    }
    if (current()) unavailable();
  }

  function apply(): void {
    const data = new FormData(form!);
    const params = new URLSearchParams();
    const q = String(data.get('q') ?? '').trim();
    if (q) params.set('q', q);
    for (const key of FILTER_KEYS) {
      const v = String(data.get(key) ?? '');
      if (v) params.set(key, v);
    }
    if (data.get('sortierung') === 'datum') params.set('sortierung', 'datum');
    const url = `${location.pathname}${params.size ? `?${params}` : ''}`;
    if (url !== location.pathname + location.search) history.pushState(null, '', url);
    void search();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  for (const type of ['focusin', 'pointerdown'] as const) {
    form.addEventListener(type, (e) => {
      if (e.target instanceof HTMLSelectElement) void loadCounts().catch(() => undefined);
    });
  }
  form.addEventListener('change', (e) => {
    if (e.target instanceof HTMLSelectElement) apply();
  });
  // The next results come from the index the list was found in; when it is gone, the search runs again.
  more.addEventListener('click', () => void (resumeAt !== null ? resume() : showMore()).catch(() => search()));
  window.addEventListener('popstate', () => void search(true));
  // The server has shown the first results of this address already: nothing to search yet.
  const served = root.dataset['searchServed'] ? (JSON.parse(root.dataset['searchServed']) as SearchState & { next: number; total: number }) : null;
  if (served && sameState(served, readState())) {
    resumeAt = served.next;
    more.hidden = served.next >= served.total;
    // The next search asks which bundles are served then, as after a search of its own.
    searched = true;
    countsFor = { state: readState(), of: null, current: () => run === 0 };
  } else {
    void search();
  }
}

void start();
